"""Finish the calls that ended while the gateway was down, after the first AMI resync.

A gateway that is stopped or killed mid-call leaves the call open in
``gateway.sqlite3``: its tracker memory is gone, and the Hangup went by while
nobody listened, so no CRM ever heard the end (retailCRM ``hangup`` + upload,
Clinica ``hangupTheCall``, Rostelecom ``disconnected``). On start,
:class:`Reconciler` loads the calls still open in the store; when the first
``CoreShowChannelsComplete`` after start has been handled (the tracker then
knows every call the PBX still has), each stored call the PBX no longer has is
finished here with the best outcome the evidence allows, and the events go
through the planner and the outbox like any other.

The evidence rules, first match wins (the same spirit as ``core.calls.state``):

* whole call: someone talked / it was answered -> ``answered``; a click-to-call
  never answered -> ``failed``; otherwise ``missed``;
* each extension that rang (or placed the call) and has no outcome yet: it
  talked -> ``answered``; someone else answered -> ``answered-elsewhere``;
  otherwise ``missed``;
* the end time is not known: the latest activity the gateway saw before it
  went down is a lower bound (the call was still up then, or the Hangup would
  have been seen), so ``ended_at`` is that, never before the call's own last
  change.

Calls the PBX still lists are left to the tracker, which re-learned them from
the resync and finishes them normally; their earlier pushes are not sent twice
(the outbox stores each idempotency key once).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable

from core.calls.events import CallEnded, CallEvent, CallFinished, CallSnapshot, Outcome

log = logging.getLogger(__name__)

RESYNC_DONE = "CoreShowChannelsComplete"


def _answered(call: CallSnapshot) -> bool:
    return bool(call.talked) or call.answered_at is not None or call.answered_by is not None


def call_outcome(call: CallSnapshot) -> Outcome:
    if _answered(call):
        return Outcome.ANSWERED
    if call.originated:
        return Outcome.FAILED
    return Outcome.MISSED


def extension_outcome(call: CallSnapshot, extension: str) -> Outcome:
    if extension in call.talked or extension == call.answered_by:
        return Outcome.ANSWERED
    if _answered(call) and extension != call.from_extension:
        return Outcome.ANSWERED_ELSEWHERE
    if _answered(call):  # the calling extension of an answered outbound call
        return Outcome.ANSWERED
    return Outcome.MISSED


def finish(call: CallSnapshot, ended_at: float) -> list[CallEvent]:
    """The events that close ``call``: ``CallEnded`` per open extension, then ``CallFinished``."""
    known = {extension for extension, _ in call.per_extension}
    open_extensions = [
        e for e in dict.fromkeys((*call.rang, *call.talked, call.from_extension or "")) if e
    ]
    ended = [(e, extension_outcome(call, e)) for e in open_extensions if e not in known]
    final = dataclasses.replace(
        call,
        outcome=call_outcome(call),
        ended_at=max(ended_at, call.answered_at or call.started_at, call.started_at),
        per_extension=(*call.per_extension, *ended),
    )
    events: list[CallEvent] = [CallEnded(final, e, outcome=o) for e, o in ended]
    events.append(CallFinished(final, None))
    return events


class Reconciler:
    """Holds the calls open at start until the first resync says which are gone."""

    def __init__(self, open_calls: Iterable[tuple[CallSnapshot, float]], last_seen: float) -> None:
        """``open_calls``: (snapshot, updated_at) of calls the store has not seen end;
        ``last_seen``: the latest activity the store recorded before this start."""
        self._open = {call.call_id: (call, updated) for call, updated in open_calls}
        self._last_seen = last_seen
        if self._open:
            log.info("%d call(s) open since the last run: checked after the AMI resync",
                     len(self._open))  # fmt: skip

    @property
    def pending(self) -> int:
        return len(self._open)

    def after(
        self, msg: dict[str, str], live: Callable[[], Iterable[CallSnapshot]]
    ) -> list[CallEvent]:
        """Call after the tracker handled ``msg``; ``live()``: the tracker's calls in progress."""
        if not self._open or msg.get("Event") != RESYNC_DONE:
            return []
        alive = {call.call_id for call in live()}
        events: list[CallEvent] = []
        for call_id, (call, updated) in self._open.items():
            if call_id not in alive:
                events += finish(call, max(updated, self._last_seen))
        finished = len(self._open) - len(alive & self._open.keys())
        if finished:
            log.info("finished %d call(s) that ended while the gateway was down", finished)
        self._open.clear()  # once per start: later resyncs are the tracker's own business
        return events
