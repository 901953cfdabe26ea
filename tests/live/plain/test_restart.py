"""Asterisk restarted in the middle of a call: Ringside logs in again and ends the call right.

101 (auto-answer) talks with the customer; Asterisk is stopped (every channel hung
up) and started again. Both ``ringside monitor`` and the desktop's service must
reconnect by themselves, end the interrupted call as answered for 101 (it talked),
and see the next call normally.
"""

from __future__ import annotations

import time

from tests.live.lab import Lab, driven
from tests.live.listen import Listeners, MonitorProcess


def test_restart_mid_call_relogin_and_resync(lab: Lab, listeners: Listeners) -> None:
    raw = MonitorProcess("101", extra=("--raw",))  # the AMI trail, to say why if it fails
    raw.wait_connected()
    try:
        check_restart(lab, listeners, raw)
    finally:
        raw.stop()


def trail(raw: MonitorProcess) -> str:
    keys = ("Event", "Response", "Channel", "Cause", "DialStatus", "ChannelState", "Linkedid")
    return "\n".join(
        " ".join(f"{k}={r['raw'][k]}" for k in keys if k in r["raw"]) if "raw" in r else str(r)
        for r in raw.since(0)
        if "raw" not in r
        or r["raw"].get("Event") not in ("Newexten", "VarSet", "RTCPSent", "RTCPReceived")
    )


def check_restart(lab: Lab, listeners: Listeners, raw: MonitorProcess) -> None:
    # an ordinary call first (the customer hangs up: HangupRequest), as on any working day
    warm = listeners.mark()
    assert lab.sipp("uac_answered.xml", "0443334000", pause_ms=1000).wait(60) == 0
    listeners.wait_finished(warm, 1)
    marks = listeners.mark()
    states = {e: m.states.mark() for e, m in listeners.monitors.items()}
    svc_states = listeners.services["101"].connection.mark()
    customer = lab.sipp("uac_answered.xml", "0443334000", pause_ms=30000)
    try:
        assert listeners.monitors["101"].wait(lambda rs: any(r["event"] == "answered" for r in rs),
                                              marks.monitors["101"], 15)  # fmt: skip
        time.sleep(1)
        lab.stop()
        lab.start()
        driven("asterisk-restart")
    finally:
        customer.kill()
        customer.wait()
    for ext, monitor in listeners.monitors.items():
        monitor.wait_connected(states[ext], timeout=30)
    listeners.services["101"].wait_ready(svc_states + 1, timeout=30)
    (fin,) = listeners.wait_finished(marks, 1, timeout=30)
    assert (fin["direction"], fin["remote_number"], fin["outcome"]) == (
        "inbound",
        "0501234567",
        "answered",
    )
    lab.wait_registered(30)
    # the session after the restart works: the next call is seen from start to end
    after = listeners.mark()
    proc = lab.sipp("uac_answered.xml", "0443334000", pause_ms=2000)
    assert proc.wait(60) == 0
    (nxt,) = listeners.wait_finished(after, 1)
    assert nxt["outcome"] == "answered" and nxt["call_id"] != fin["call_id"]
    # 101's own outcome of the interrupted call (a shutdown is no Redirect transfer)
    ended = [r["outcome"] for r in listeners.monitors["101"].since(marks.monitors["101"])
             if r["call_id"] == fin["call_id"] and r["event"] == "ended"]  # fmt: skip
    history = [str(h.outcome) for h in listeners.services["101"].history_for(fin["call_id"])]
    assert (ended, history) == (["answered"], ["answered"]), trail(raw)
