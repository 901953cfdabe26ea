"""``ringside doctor`` with the lab's ``limited`` user (read=call, write=originate).

While it waits for call events a customer call runs, so the "call events" check sees
real ones; the classes it reports are the ones Asterisk really delivered to this user,
and the manager.conf stanza it prints is for this user, from this address.
"""

from __future__ import annotations

import re
import threading

from tests.live.lab import Lab, driven
from tests.live.listen import Listeners, ringside


def test_doctor_with_the_limited_user(lab: Lab, listeners: Listeners) -> None:
    marks = listeners.mark()
    result: dict[str, object] = {}

    def run() -> None:
        result["p"] = ringside(
            "doctor", "--event-wait", "10", user="limited", secret="limited-secret"
        )

    thread = threading.Thread(target=run)
    thread.start()
    customer = lab.sipp("uac_answered.xml", "0443334000", pause_ms=1000)
    assert customer.wait(60) == 0
    thread.join(60)
    driven("ringside-doctor-limited")
    listeners.wait_finished(marks, 1)
    proc = result["p"]
    out = proc.stdout  # type: ignore[attr-defined]
    lines = {
        m.group(2): (m.group(1), m.group(3))
        for m in re.finditer(r"^(PASS|WARN|FAIL|SKIP)\s+([^:]+): (.*)$", out, re.M)
    }
    assert proc.returncode == 0, out  # type: ignore[attr-defined]  # usable, with warnings
    assert lines["login"] == ("PASS", "logged in as 'limited'")
    assert lines["click-to-call (Originate)"][0] == "PASS"
    assert lines["queue status (QueueStatus)"] == ("PASS", "1 queue(s): support")
    assert lines["Asterisk version (CoreSettings)"] == (
        "WARN",
        "permission denied (needs system or reporting)",
    )
    assert lines["queue pause (QueuePause)"] == ("WARN", "permission denied (needs agent)")
    assert lines["do-not-disturb in AstDB (DBPut DND/<ext>)"] == (
        "WARN",
        "permission denied (needs system)",
    )
    assert lines["resync after reconnect (CoreShowChannels)"][0] == "WARN"
    assert lines["call events arrive (read=call)"][0] == "PASS", out
    classes = lines["call events arrive (read=call)"][1].split("classes seen: ")[1]
    assert classes.split(", ") == ["call"], out  # read=call: no dialplan, cdr, system events
    assert "[limited]" in out and "permit = 127.0.0.1/255.255.255.255" in out
    assert "read = call,agent" in out and "write = originate,agent" in out
    assert "eventfilter = Event: (" in out
    assert "limited-secret" not in out + proc.stderr  # type: ignore[attr-defined]
