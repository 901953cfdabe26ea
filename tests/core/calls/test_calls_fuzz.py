"""Hypothesis: garbage dicts, shuffled and truncated transcripts never make the tracker raise."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.calls.events import CallEvent, CallFinished, CallStarted
from core.calls.filters import TRACKED_EVENTS
from core.calls.tracker import CallTracker
from tests.fakes.calls import (
    FREEPBX_SCENARIOS,
    SCENARIOS,
    describe,
    fixed_clock,
    transcript_messages,
)

_ALL = [m for name in SCENARIOS for m in transcript_messages(name)]
_KEYS = sorted({k for m in _ALL for k in m})
_VALUES = sorted({v for m in _ALL for v in m.values()})[:400]
_EVENTS = sorted({m["Event"] for m in _ALL if "Event" in m} | set(TRACKED_EVENTS))

_text = st.one_of(st.sampled_from(_VALUES), st.text(max_size=12), st.just(""))
_garbage = st.dictionaries(
    st.one_of(st.sampled_from(_KEYS), st.text(max_size=8)), _text, max_size=12
)
_event_like = st.builds(lambda ev, rest: {**rest, "Event": ev}, st.sampled_from(_EVENTS), _garbage)
_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_swallowed_errors() -> Iterator[None]:
    """handle() logs and skips what it cannot understand; for the fuzzer that is a failure."""
    collect = _Collect()
    logger = logging.getLogger("core.calls.tracker")
    logger.addHandler(collect)
    try:
        yield
    finally:
        logger.removeHandler(collect)
    assert not collect.records, [r.getMessage() for r in collect.records]


def _check(events: list[CallEvent]) -> None:
    assert isinstance(events, list)
    for e in events:
        assert isinstance(e, CallEvent)
        if isinstance(e, CallFinished):
            assert e.call.outcome is not None


@_SETTINGS
@given(st.lists(st.one_of(_garbage, _event_like), max_size=60))
def test_garbage_messages_never_raise(msgs: list[dict[str, str]]) -> None:
    tracker = CallTracker(fixed_clock)
    with no_swallowed_errors():
        for msg in msgs:
            _check(tracker.handle(msg))
        _check(tracker.flush())
    tracker.active_calls()
    tracker.recent_call_ids()


@_SETTINGS
@given(st.permutations(_ALL[:400]))
def test_shuffled_transcript_messages_never_raise(msgs: list[dict[str, str]]) -> None:
    tracker = CallTracker(fixed_clock)
    with no_swallowed_errors():
        for msg in msgs:
            _check(tracker.handle(msg))
        _check(tracker.flush())


def _balanced(tracker: CallTracker, msgs: list[dict[str, str]], keep: list[bool]) -> None:
    events: list[CallEvent] = []
    with no_swallowed_errors():
        for msg, kept in zip(msgs, keep, strict=True):
            if kept:
                events += tracker.handle(msg)
        events += tracker.flush()
    _check(events)
    # Per call id: Started, then per-extension events, then Finished -- never two Finished in a
    # row (with events missing, a Linkedid whose known channels all hung up may start again).
    open_calls: set[str] = set()
    for e in events:
        call_id = e.call.call_id
        if isinstance(e, CallStarted):
            assert call_id not in open_calls
            open_calls.add(call_id)
        else:
            assert call_id in open_calls, (describe(e), call_id)
        if isinstance(e, CallFinished):
            open_calls.remove(call_id)
    # calls whose Hangups were dropped stay active -- and are exactly the tracker's active calls
    assert open_calls == {snap.call_id for snap in tracker.active_calls()}


@_SETTINGS
@given(st.sampled_from(SCENARIOS), st.data())
def test_random_subsets_never_raise_and_keep_calls_balanced(name: str, data: st.DataObject) -> None:
    msgs = transcript_messages(name)
    keep = data.draw(st.lists(st.booleans(), min_size=len(msgs), max_size=len(msgs)))
    _balanced(CallTracker(fixed_clock), msgs, keep)


_FREEPBX = {name: transcript_messages(name) for name in FREEPBX_SCENARIOS}
# only the events the tracker reads: dropping dialplan noise would change nothing
_FREEPBX_READ = {
    name: [m for m in msgs if m.get("Event") in TRACKED_EVENTS or "Event" not in m]
    for name, msgs in _FREEPBX.items()
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FREEPBX_SCENARIOS), st.data())
def test_freepbx_random_subsets_keep_calls_balanced(name: str, data: st.DataObject) -> None:
    """Pickup and parking move channels between calls: with any events lost, still balanced."""
    msgs = _FREEPBX_READ[name]
    keep = data.draw(st.lists(st.booleans(), min_size=len(msgs), max_size=len(msgs)))
    _balanced(CallTracker(fixed_clock), msgs, keep)
