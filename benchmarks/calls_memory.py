"""Benchmark: CallTracker throughput and memory growth over a long stream of synthetic calls.

Run: ``.venv/bin/python benchmarks/calls_memory.py [--calls N] [--quick]``. Each synthetic call
is the shape of transcript 03 (inbound, rings one extension, answered, hung up, Cdr) plus the
noise a real PBX sends (Newexten, VarSet, DeviceStateChange, RTCP): 20 messages per call. Prints
messages/s through ``CallTracker.handle`` and the traced memory growth between the first
10 % and the end of the run (target: flat, < 10 MB over 1M messages).

Then hostile input (issue 11 #6), each in a fresh process, printing its RSS at the start, a
tenth of the way, and the end (target: flat and < 100 MB): calls that never hang up, fat
calls (every message 1 MiB), and messages of 60,000 headers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
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


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _never_hung_up(i: int) -> Iterator[dict[str, str]]:
    t = _chan(f"PJSIP/trunk-{i:08x}", f"{i}.0", f"{i}.0", "4", f"050{i % 10_000_000:07d}")
    p = _chan(f"PJSIP/101-{i:08x}", f"{i}.1", f"{i}.0", "0", "101")
    yield {"Event": "Newchannel", "Privilege": "call,all", **t}
    yield {"Event": "Newchannel", "Privilege": "call,all", **p}
    dest = _chan(p["Channel"], f"{i}.1", f"{i}.0", "0", "101", "Dest")
    yield {"Event": "DialBegin", "Privilege": "call,all", **t, **dest, "DialString": "101"}


def _fat(i: int) -> Iterator[dict[str, str]]:
    """A call of 60 messages that are each 1 MiB (a fresh string every time, as a parse makes)."""
    for n, msg in enumerate(synthetic_stream_one(i)):
        yield {**msg, "Padding": str(n % 10) * (1024 * 1024)} if n % 3 == 0 else msg


def _wide(i: int) -> Iterator[dict[str, str]]:
    """A call whose Newchannel carries 60,000 headers."""
    for n, msg in enumerate(synthetic_stream_one(i)):
        yield {**msg, **{f"H{k}-{i}": "1" for k in range(60_000)}} if n == 0 else msg


def synthetic_stream_one(i: int) -> Iterator[dict[str, str]]:
    holders = {"T", "P", "C", "O", "N", "C.wav", "/var/spool/asterisk/monitor/C.wav"}
    values = {
        "T": f"PJSIP/trunk-{i:08x}",
        "P": f"PJSIP/101-{i:08x}",
        "C": f"{i}.0",
        "O": f"{i}.1",
        "N": f"050{i % 10_000_000:07d}",
        "C.wav": f"{i}.0.wav",
        "/var/spool/asterisk/monitor/C.wav": f"/var/spool/asterisk/monitor/{i}.0.wav",
    }
    for template in _templates():
        yield {k: values[v] if v in holders else v for k, v in template.items()}


HOSTILE = {
    "never-hung-up": (_never_hung_up, 300_000),
    "fat-calls": (_fat, 400),
    "many-headers": (_wide, 300),
}


def hostile(kind: str, calls: int) -> None:
    """Child process: feed ``calls`` hostile calls, print RSS along the way."""
    make, _ = HOSTILE[kind]
    tracker = CallTracker(lambda: 0.0)
    handle = tracker.handle
    start = rss_mb()
    tenth = max(1, calls // 10)
    at_tenth = start
    t0 = time.perf_counter()
    for i in range(calls):
        for msg in make(i):
            handle(msg)
        if i == tenth:
            at_tenth = rss_mb()
    end = rss_mb()
    print(
        f"  {kind:14s} {calls:>8,} calls in {time.perf_counter() - t0:5.1f} s: RSS {start:.0f} MB"
        f" -> {at_tenth:.0f} MB at 10 % -> {end:.0f} MB at the end (growth after 10 %:"
        f" {end - at_tenth:+.1f} MB; target flat, < 100 MB); active calls"
        f" {len(tracker.active_calls())}, recorder {tracker._recorder.total / 1e6:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50_000, help="synthetic calls (20 msgs each)")
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds), for CI")
    parser.add_argument("--hostile", choices=sorted(HOSTILE), help=argparse.SUPPRESS)
    parser.add_argument("--hostile-calls", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hostile:
        hostile(args.hostile, args.hostile_calls)
        return
    if args.quick:
        args.calls = 5_000
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
    print("hostile input (each in a fresh process):")
    for kind, (_, calls) in HOSTILE.items():
        n = max(10, calls // 20) if args.quick else calls
        cmd = [sys.executable, __file__, "--hostile", kind, "--hostile-calls", str(n)]
        subprocess.run(cmd, check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


if __name__ == "__main__":
    main()
