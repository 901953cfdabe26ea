"""Click-to-call through ``ringside dial`` on the real lab: the phone rings, then the customer.

101 is baresip in auto-answer; the customer is sipp's built-in UAS on the trunk
(127.0.0.1:5080), which answers at once. The bridge must exist in Asterisk's own
``core show channels``; a busy operator phone must be a non-zero exit with the reason.
"""

from __future__ import annotations

import subprocess
import threading
import time

import pytest

from tests.live.lab import Lab, driven
from tests.live.listen import Listeners, ringside

NUMBER = "0501234567"


def bridged_pair(lab: Lab, timeout: float = 15) -> list[list[str]]:
    """The Up channels of 101 and the trunk that share one bridge (from ``core show channels concise``)."""
    deadline = time.monotonic() + timeout
    rows: list[list[str]] = []
    while time.monotonic() < deadline:
        rows = [
            line.split("!")
            for line in lab.cli("core show channels concise").splitlines()
            if "!" in line
        ]
        ours = [r for r in rows if r[0].startswith(("PJSIP/101-", "PJSIP/trunk-")) and r[4] == "Up"]
        bridges = {r[12] for r in ours if len(r) > 12 and r[12]}
        if len(ours) == 2 and len(bridges) == 1:
            return ours
        time.sleep(0.3)
    raise AssertionError(f"no bridge of PJSIP/101 and the trunk: {rows}")


def test_dial_rings_the_phone_then_the_customer_and_bridges_them(
    lab: Lab, listeners: Listeners
) -> None:
    marks = listeners.mark()
    carrier = lab.sipp("uas", builtin=True)
    try:
        time.sleep(0.5)
        proc = ringside("dial", "--extension", "101", "--context", "internal", NUMBER)
        driven("ringside-dial")
        assert proc.returncode == 0, proc.stderr
        assert "answered" in proc.stdout and NUMBER in proc.stdout
        pair = bridged_pair(lab)
        assert {r[0].split("-")[0] for r in pair} == {"PJSIP/101", "PJSIP/trunk"}
        time.sleep(2)
        assert lab.phone("101", "hangup") is not None
        (fin,) = listeners.wait_finished(marks, 1)
    finally:
        carrier.kill()
        carrier.wait()
    assert (fin["direction"], fin["remote_number"], fin["outcome"]) == (
        "outbound",
        NUMBER,
        "answered",
    )
    events = [(r["event"], r["outcome"]) for r in listeners.monitors["101"].since(marks.monitors["101"])
              if r["call_id"] == fin["call_id"]]  # fmt: skip
    assert events == [("ringing", None), ("answered", None), ("ended", "answered")]
    assert listeners.services["101"].history_for(fin["call_id"])[0].direction == "outbound"
    lab.wait_no_channels()


@pytest.mark.xfail(
    strict=True,
    reason=(
        "cli/commands/dial.py reads only OriginateResponse Reason: real Asterisk 22 answers a phone "
        "that rejects the ringing leg (486) with DialEnd BUSY, Hangup Cause 17 and OriginateResponse "
        "Reason 0 (not 5), so dial says 'no such endpoint ... registered?' instead of 'busy'"
    ),
)
def test_dial_to_a_busy_phone_exits_non_zero_with_the_reason(
    lab: Lab, listeners: Listeners
) -> None:
    """102 rejects the ringing click-to-call leg (486 Busy Here): exit 1, "busy" in words."""
    marks = listeners.mark()
    result: dict[str, subprocess.CompletedProcess[str]] = {}
    thread = threading.Thread(target=lambda: result.setdefault(
        "p", ringside("dial", "--extension", "102", "--context", "internal", NUMBER)))  # fmt: skip
    thread.start()
    assert listeners.monitors["102"].wait(lambda rs: any(r["event"] == "ringing" for r in rs),
                                          marks.monitors["102"], 15)  # fmt: skip
    time.sleep(0.5)
    lab.phone("102", "hangup")
    thread.join(60)
    driven("ringside-dial-busy")
    proc = result["p"]
    assert proc.returncode == 1, proc
    assert "ringside dial: your phone PJSIP/102 was not connected" in proc.stderr
    assert "busy" in proc.stderr.lower(), proc.stderr
    (fin,) = listeners.wait_finished(marks, 1)
    assert fin["outcome"] in ("failed", "busy"), fin
    lab.wait_no_channels()


def test_dial_to_a_busy_customer_is_busy_for_the_operator(lab: Lab, listeners: Listeners) -> None:
    """101 answers; the carrier says 486 Busy: the command succeeded, the call is busy."""
    marks = listeners.mark()
    carrier = lab.sipp("uas_busy.xml")
    try:
        time.sleep(0.5)
        proc = ringside("dial", "--extension", "101", "--context", "internal", NUMBER)
        driven("ringside-dial-customer-busy")
        assert proc.returncode == 0, proc.stderr
        (fin,) = listeners.wait_finished(marks, 1)
    finally:
        carrier.kill()
        carrier.wait()
    ended = [r["outcome"] for r in listeners.monitors["101"].since(marks.monitors["101"])
             if r["call_id"] == fin["call_id"] and r["event"] == "ended"]  # fmt: skip
    assert (fin["direction"], fin["remote_number"], fin["outcome"]) == ("outbound", NUMBER, "busy")
    assert ended == ["busy"]
    lab.wait_no_channels()
