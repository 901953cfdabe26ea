"""The public scenarios of the plain lab group and their one-per-session drive."""

from __future__ import annotations

from tests.live.expect import expected
from tests.live.lab import Lab, driven
from tests.live.listen import Listeners

__all__ = ["SCENARIOS", "SEQUENCES", "drive"]

SCENARIOS = {
    "02": "02-originate-local-answered",
    "03": "03-inbound-call-answered-by-101",
    "04": "04-inbound-call-missed",
    "05": "05-inbound-busy-or-rejected",
    "06": "06-queue-call-answered",
    "07": "07-blind-transfer",
    "08": "08-originate-failed-bad-exten",
    "10": "10-limited-user-permission-denied",
    "11": "11-status-queries-during-call",
    "12": "12-click-to-call-outbound",
}
# what each operator's monitor prints, in order (event, outcome)
SEQUENCES = {
    "03": {"101": [("ringing", None), ("answered", None), ("ended", "answered")]},
    "04": {"101": [("ringing", None), ("ended", "missed")]},
    "05": {"101": [("ringing", None), ("ended", "busy")]},
    "06": {
        "101": [("ringing", None), ("answered", None), ("ended", "answered")],
        "102": [("ringing", None), ("answered", None), ("ended", "answered-elsewhere")],
    },
    "07": {
        "101": [
            ("ringing", None),
            ("answered", None),
            ("transferred", None),
            ("ended", "transferred-away"),
        ],
        "102": [("ringing", None), ("answered", None), ("ended", "answered")],
    },
    "12": {"101": [("ringing", None), ("answered", None), ("ended", "answered")]},
}


def drive(lab: Lab, listeners: Listeners, key: str) -> dict:
    """Run scenario ``key`` once per session (the conformance test reuses the run)."""
    cache = drive.__dict__.setdefault("runs", {})
    if key not in cache:
        marks = listeners.mark()
        lab.run_scenario(key)
        driven(key)
        exp = expected(SCENARIOS[key])
        visible = sum(c.get("replay_visible", True) for c in exp["calls"])
        finished = listeners.wait_finished(marks, visible)
        cache[key] = {"marks": marks, "finished": finished, "expected": exp}
    return cache[key]
