"""Benchmark: CallTracker throughput and memory growth over a long stream of synthetic calls.

Run: ``.venv/bin/python benchmarks/calls_memory.py [--calls N]``. Each synthetic call is the
shape of transcript 03 (inbound, rings one extension, answered, hung up, Cdr) plus the noise a
real PBX sends (Newexten, VarSet, DeviceStateChange, RTCP): 20 messages per call. Prints
messages/s through ``CallTracker.handle`` and the traced memory growth between the first
10 % and the end of the run (target: flat, < 10 MB over 1M messages).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Iterator

from core.calls.tracker import CallTracker

_STATES = {"0": "Down", "4": "Ring", "5": "Ringing", "6": "Up"}


def _chan(
    name: str, uid: str, linkedid: str, state: str, num: str, prefix: str = ""
) -> dict[str, str]:
    fields = {
        "Channel": name,
        "ChannelState": state,
        "ChannelStateDesc": _STATES[state],
        "CallerIDNum": num,
        "CallerIDName": "Customer",
        "ConnectedLineNum": "<unknown>",
        "ConnectedLineName": "<unknown>",
        "Language": "en",
        "AccountCode": "",
        "Context": "from-trunk",
        "Exten": "0443334000",
        "Priority": "1",
        "Uniqueid": uid,
        "Linkedid": linkedid,
    }
    return {prefix + k: v for k, v in fields.items()}


def _templates() -> list[dict[str, str]]:
    t = _chan("T", "C", "C", "4", "N")
    p = _chan("P", "O", "C", "0", "101")
    up = _chan("P", "O", "C", "6", "101")

    def ev(name: str, *parts: dict[str, str], **kw: str) -> dict[str, str]:
        return {
            "Event": name,
            "Privilege": "call,all",
            **{k: v for d in parts for k, v in d.items()},
            **kw,
        }

    return [
        ev("Newchannel", t),
        ev("Newexten", t, Application="Gosub", AppData="sub-record,s,1"),
        ev("VarSet", t, Variable="MIXMONITOR_FILENAME", Value="/var/spool/asterisk/monitor/C.wav"),
        ev("Newexten", t, Application="Dial", AppData="PJSIP/101,20"),
        ev("VarSet", t, Variable="DIALSTATUS", Value=""),
        ev("Newchannel", p),
        ev("DialBegin", t, _chan("P", "O", "C", "0", "101", "Dest"), DialString="101"),
        ev("Newstate", _chan("P", "O", "C", "5", "101")),
        ev("DeviceStateChange", Device="PJSIP/101", State="RINGING"),
        ev("DialState", t, _chan("P", "O", "C", "5", "101", "Dest"), DialStatus="RINGING"),
        ev("Newstate", up),
        ev("DialEnd", t, _chan("P", "O", "C", "6", "101", "Dest"), DialStatus="ANSWER"),
        ev("BridgeEnter", up, BridgeUniqueid="B"),
        ev("VarSet", up, Variable="BRIDGEPEER", Value="T"),
        ev("RTCPSent", up, To="127.0.0.1:5071"),
        ev("BridgeLeave", up, BridgeUniqueid="B"),
        ev("Hangup", t, Cause="16"),
        ev("Hangup", up, Cause="16"),
        ev("DeviceStateChange", Device="PJSIP/101", State="NOT_INUSE"),
        {"Event": "Cdr", "Privilege": "cdr,all", "UniqueID": "C", "RecordingFile": "C.wav"},
    ]


def synthetic_stream(calls: int) -> Iterator[dict[str, str]]:
    holders = {"T", "P", "C", "O", "N", "C.wav", "/var/spool/asterisk/monitor/C.wav"}
    templates = [(t, [(k, v) for k, v in t.items() if v in holders]) for t in _templates()]
    for i in range(calls):
        values = {
            "T": f"PJSIP/trunk-{i:08x}",
            "P": f"PJSIP/101-{i:08x}",
            "C": f"{i}.0",
            "O": f"{i}.1",
            "N": f"050{i % 10_000_000:07d}",
            "C.wav": f"{i}.0.wav",
            "/var/spool/asterisk/monitor/C.wav": f"/var/spool/asterisk/monitor/{i}.0.wav",
        }
        for template, subs in templates:
            msg = template.copy()
            for key, holder in subs:
                msg[key] = values[holder]
            yield msg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50_000, help="synthetic calls (20 msgs each)")
    args = parser.parse_args()
    messages = list(synthetic_stream(args.calls))
    tracker = CallTracker(lambda: 0.0)
    handle = tracker.handle
    events = 0
    start = time.perf_counter()
    for msg in messages:
        events += len(handle(msg))
    elapsed = time.perf_counter() - start
    print(
        f"tracker: {len(messages):,} messages, {events:,} call events in {elapsed:.2f} s "
        f"= {len(messages) / elapsed:,.0f} messages/s"
    )
    del messages

    tracker = CallTracker(lambda: 0.0)
    handle = tracker.handle
    tenth = max(1, args.calls // 10)
    tracemalloc.start()
    for i, msg in enumerate(synthetic_stream(args.calls)):
        handle(msg)
        if i == tenth * 20:
            base, _ = tracemalloc.get_traced_memory()
    end, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"memory: {(end - base) / 1e6:+.2f} MB from call {tenth:,} to call {args.calls:,} "
        f"({args.calls * 20:,} messages; traced now {end / 1e6:.1f} MB, peak {peak / 1e6:.1f} MB; "
        f"active calls {len(tracker.active_calls())}, trails kept {len(tracker.recent_call_ids())})"
    )


if __name__ == "__main__":
    main()
