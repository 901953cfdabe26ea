"""Real lab captures (captures/README.md) of what no public transcript shows: a transfer by
AMI Redirect, call waiting, a call forward to an external number -- replayed whole, byte by
byte and in random chunks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from core.calls.events import CallEvent, CallFinished, CallStarted, Outcome
from core.calls.replay import replay_bytes, replay_chunks
from tests.fakes.calls import describe, fixed_clock

CAPTURES = Path(__file__).resolve().parent / "captures"
NAMES = sorted(p.stem for p in CAPTURES.glob("X*.ami"))


def replay(name: str) -> list[CallEvent]:
    return replay_bytes((CAPTURES / f"{name}.ami").read_bytes(), fixed_clock)


def by_call(events: list[CallEvent]) -> dict[str, list[tuple[str, str | None, str | None]]]:
    out: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for e in events:
        out.setdefault(e.call.call_id, []).append(describe(e))
    return out


def test_captures_are_there() -> None:
    assert len(NAMES) == 3


@pytest.mark.parametrize("name", NAMES)
def test_chunking_changes_nothing(name: str) -> None:
    data = (CAPTURES / f"{name}.ami").read_bytes()
    whole = replay_bytes(data, fixed_clock)
    assert replay_chunks((data[i : i + 1] for i in range(len(data))), fixed_clock) == whole
    rnd = random.Random(name)
    chunks, i = [], 0
    while i < len(data):
        n = rnd.randint(1, 1500)
        chunks.append(data[i : i + n])
        i += n
    assert replay_chunks(chunks, fixed_clock) == whole


def test_redirect_of_the_customer_is_a_transfer() -> None:
    events = replay("X1-redirect-customer-from-101-to-102")
    assert by_call(events) == {
        "1796416072.0": [
            ("started", None, "1796416072.0"),
            ("ringing", "101", None),
            ("answered", "101", "101"),
            ("transferred", "101", "102"),
            ("ended", "101", "transferred-away"),
            ("ringing", "102", None),
            ("answered", "102", "102"),
            ("ended", "102", "answered"),
            ("finished", None, "answered"),
        ]
    }
    (done,) = [e.call for e in events if isinstance(e, CallFinished)]
    assert done.talked == ("101", "102") and done.answered_by == "102"


def test_call_waiting_is_two_overlapping_calls_on_one_extension() -> None:
    events = replay("X2-call-waiting-two-calls-on-101")
    calls = by_call(events)
    one_call = [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("ended", "101", "answered"),
        ("finished", None, "answered"),
    ]
    assert list(calls) == ["1796416185.0", "1796416188.2"]
    for call_id, seq in calls.items():
        assert seq == [("started", None, call_id), *one_call]
    kinds = [(e.call.call_id, describe(e)[0]) for e in events]
    # the second call rang and was answered while the first was still up
    assert kinds.index(("1796416188.2", "answered")) < kinds.index(("1796416185.0", "ended"))


def test_forward_to_an_external_number_is_the_same_inbound_call() -> None:
    events = replay("X3-forward-no-answer-to-external")
    assert [describe(e) for e in events if isinstance(e, CallStarted)] == [
        ("started", None, "1796416202.6")
    ]
    (done,) = [e.call for e in events if isinstance(e, CallFinished)]
    assert str(done.direction) == "inbound" and done.remote_number == "0501234567"
    assert done.did == "0443334099"
    assert done.forwarded_to == "0509998877"
    assert done.outcome is Outcome.ANSWERED and done.answered_by is None
    assert dict(done.per_extension) == {"101": Outcome.MISSED}
