"""Each public scenario driven for real (sipp + baresip) while Ringside listens.

The lab's own driver (``lab/scenarios/run_scenarios.py``, the one that captured
``../shared/ami-transcripts``) places the calls; ``ringside monitor --json`` (PBX-wide
and per extension) and the desktop's service for 101 and 102 listen the whole time;
each call must come out as ``expected/<scenario>.json`` says: the PBX-wide end, each
operator's outcome, who rang / talked, the recording and the history entry.
"""

from __future__ import annotations

import pytest

from core.calls.replay import replay_bytes
from tests.live.expect import check_call, match_calls
from tests.live.lab import Lab, driven
from tests.live.listen import Listeners, operator_sequence, ringside
from tests.live.plain.scenarios import SCENARIOS, SEQUENCES, drive

# Seen in some live runs of the full group, not in others (same driver, same tracker): the
# session-long monitor gave the Local-channel originate no remote number. Not strict (it did
# not reproduce on demand); the failure message shows what a fresh tracker makes of the
# driver's byte capture of that run, to tell ordering from state left by earlier calls.
_FLAKY = {
    key: pytest.mark.xfail(strict=False, reason=(
        "tracker: a Local/...@lab originate's remote_number was None in some live runs of "
        "the full group ('wait' expected; the public capture replays to 'wait')"))
    for key in ("02", "08")
}  # fmt: skip


def replayed_capture(lab: Lab, key: str) -> list[tuple[str, str | None, str]]:
    """What a fresh tracker makes of the driver's byte capture of this run (for the diagnosis)."""
    data = (lab.transcripts / f"{SCENARIOS[key]}.ami").read_bytes()
    return [(e.call.call_id, e.call.remote_number, str(e.call.outcome))
            for e in replay_bytes(data) if type(e).__name__ == "CallFinished"]  # fmt: skip


@pytest.mark.parametrize(
    "key", [pytest.param(k, marks=[_FLAKY[k]] if k in _FLAKY else []) for k in sorted(SCENARIOS)]
)
def test_live_call_matches_expected(lab: Lab, listeners: Listeners, key: str) -> None:
    run = drive(lab, listeners, key)
    problems = []
    for exp, fin in match_calls(run["expected"]["calls"], run["finished"]):
        problems += check_call(listeners, run["marks"], exp, fin)
    replay = f"replay of this run's capture: {replayed_capture(lab, key)}"
    assert not problems, "\n".join([*problems, *map(str, run["finished"]), replay])


@pytest.mark.parametrize("key", sorted(SEQUENCES))
def test_operator_event_sequence(lab: Lab, listeners: Listeners, key: str) -> None:
    run = drive(lab, listeners, key)
    (fin,) = run["finished"]
    for ext, want in SEQUENCES[key].items():
        records = listeners.monitors[ext].since(run["marks"].monitors[ext])
        assert operator_sequence(records, fin["call_id"]) == want, ext


@pytest.mark.parametrize("key", ["03", "06", "07"])
def test_capture_of_the_live_run_replays_to_the_same_events(
    lab: Lab, listeners: Listeners, key: str
) -> None:
    """The driver's own byte capture of this run, replayed, gives what the live monitor printed."""
    run = drive(lab, listeners, key)
    (fin,) = run["finished"]
    data = (lab.transcripts / f"{SCENARIOS[key]}.ami").read_bytes()
    replayed = [(type(e).__name__, e.extension, str(getattr(e, "outcome", None) or ""))
                for e in replay_bytes(data) if e.extension and e.call.call_id == fin["call_id"]]  # fmt: skip
    names = {"ringing": "CallRinging", "answered": "CallAnswered", "transferred": "CallTransferred",
             "ended": "CallEnded"}  # fmt: skip
    live = []
    for ext, mon in listeners.monitors.items():
        for r in mon.since(run["marks"].monitors[ext]):
            if r["call_id"] == fin["call_id"]:
                live.append((names[r["event"]], ext, r["outcome"] if r["event"] == "ended" else ""))
    assert sorted(replayed) == sorted(live)


def test_wrong_secret_is_refused_in_words(lab: Lab) -> None:
    """Scenario 09 through Ringside: a bad secret is a clear exit 2, not a retry loop."""
    proc = ringside("monitor", "--json", secret="wrong-secret", timeout=30)
    driven("09")
    assert proc.returncode == 2, proc
    assert "ringside monitor:" in proc.stderr and "wrong-secret" not in proc.stderr
    assert "auth" in proc.stderr.lower() or "secret" in proc.stderr.lower(), proc.stderr
