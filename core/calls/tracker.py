"""CallTracker: pure correlation of AMI messages into operator-level calls.

One AMI message in, typed :mod:`core.calls.events` out; no I/O, no asyncio, no
timers (the injected clock is read, never waited on). A *call* is one Linkedid:
every channel Asterisk makes for a customer conversation (Local pairs, queue
member legs, ring groups, transfer legs) shares it -- and a pickup or parking
retrieval leg, born with its own Linkedid, joins it.

Event rules (which AMI event feeds which rule: :data:`core.calls.table.HANDLERS`;
the state and its invariants: :mod:`core.calls.book`; outcomes: the tables of
:mod:`core.calls.state`):

* Rule 1 -- a Newchannel with an unseen Linkedid starts a call: ``CallStarted``
  (a call a phone places itself: once it dials, see book invariant 3).
* Rule 2 -- the first channel (head) decides the direction: created ``Down``
  (Originate) or announced by :meth:`expect_originate` = outbound; an external
  caller = inbound; an operator's phone calling = internal (or outbound when it
  dials the trunk; the number is the one dialled, without the route prefix).
* Rule 3 -- an operator channel dialled (DialBegin, DialState RINGING, Newstate
  Ringing, AgentCalled) = ``CallRinging`` once per extension.
* Rule 4 -- a side-B channel coming Up (Newstate Up, DialEnd ANSWER, AgentConnect),
  or a colleague's phone taking the customer over (Pickup, UnParkedCall) = the
  remote party is connected: ``CallAnswered`` to every active extension. The
  customer's own channel coming Up (a queue's or voicemail's Answer()) is not.
* Rule 5 -- an extension's last channel hangs up = ``CallEnded`` with its outcome
  (``transferred-away`` after a Blind/AttendedTransfer, a park, or an AMI Redirect of
  the customer: it left its bridge at another dialplan place than it entered it).
* Rule 6 -- the call's last channel hangs up = ``CallFinished``, after the
  OriginateResponse / first Cdr still owed to it, or after ``finish_grace`` s.
* Rule 7 -- list-action items (they carry ActionID) never create calls, except
  ``CoreShowChannel``: it (re)learns calls in progress after a reconnect and
  brings known channels up to date, and ``CoreShowChannelsComplete`` hangs up
  channels the PBX no longer lists.
* A supervisor's ChanSpy leg (Ringside's ``spy-`` channel ids, or a phone dialling
  a ChanSpy feature code) is no call: it yields no events.
"""

from __future__ import annotations

import logging
from functools import cached_property

from core.calls.book import CallBook, Message
from core.calls.events import CallEvent, CallSnapshot
from core.calls.protocol import ACTION_EVENTS, SPY_CHANNEL_PREFIX
from core.calls.resync import on_list_start
from core.calls.table import HANDLERS, Handler

log = logging.getLogger(__name__)

_MAX_EXPECTED = 256


class CallTracker(CallBook):
    """Feed every AMI message to :meth:`handle`; act on the events it returns.

    Constructor arguments (clock, extension_of, trail sizes and byte budgets,
    finish_grace, idle_timeout, max_calls) are :class:`core.calls.book.CallBook`'s.
    """

    @cached_property
    def _dispatch(self) -> dict[str, Handler]:
        """Event name -> rule (:data:`core.calls.table.HANDLERS`)."""
        return HANDLERS

    # ------------------------------------------------------------------ public API

    def handle(self, msg: Message) -> list[CallEvent]:
        """One AMI message (event or response) in, call events out. Never raises."""
        event = msg.get("Event")
        handler = HANDLERS.get(event) if event is not None else None
        if handler is None:
            if event is None and msg.get("EventList") == "start":
                on_list_start(self, msg)
            return self._expire() if self._lingering or self._sweep_at is not None else []
        if "ActionID" in msg and event not in ACTION_EVENTS:
            return []  # Rule 7: an item of some list action describes known state
        try:
            out = handler(self, msg)
        except Exception:  # malformed input must never break the ingest loop
            log.warning("AMI %s not understood; skipped", event, exc_info=True)
            out = []
        if len(self._calls) > self._max_calls:
            out += self._enforce_max_calls()
        if self._lingering or self._sweep_at is not None:
            out += self._expire()
        return out

    def expect_originate(self, channel_id: str, extension: str, number: str) -> None:
        """We sent ``Originate`` with ``ChannelId: channel_id`` to ring ``extension`` and dial ``number``."""
        if channel_id.startswith(SPY_CHANNEL_PREFIX):
            return  # a supervisor's listening leg is not a call
        call = self._calls.get(channel_id)
        if call is not None:  # the events overtook the registration
            self._mark_originated(call, extension, number)
            return
        self._expected[channel_id] = (extension, number)
        while len(self._expected) > _MAX_EXPECTED:
            self._expected.popitem(last=False)

    def trail(self, call_id: str) -> list[dict[str, str]]:
        """The raw AMI messages of a recent or active call (bounded), oldest first."""
        call = self._calls.get(call_id)
        if call is None and call_id in self._lingering:
            call = self._lingering[call_id][1]
        if call is not None:
            return list(call.trail)
        finished = self._recorder.finished.get(call_id)
        return list(finished) if finished is not None else []

    def active_calls(self) -> list[CallSnapshot]:
        """Calls in progress (a parked call too: ``parked_in`` says where), oldest first."""
        return [c.snapshot() for c in self._calls.values() if c.announced and not c.quiet]

    def channels(self, call_id: str) -> list[tuple[str, str | None, bool]]:
        """Live channels of an active call, oldest first: (name, operator extension, is Local).

        What PBX commands act on (hang up an operator's leg, redirect the customer's).
        """
        call = self._calls.get(call_id)
        if call is None:
            return []
        live = (self._channels.get(uid) for uid in call.uniqueids)
        return [(ch.name, ch.ext, ch.is_local) for ch in live if ch is not None and ch.call is call]

    def recent_call_ids(self) -> list[str]:
        """Calls whose trail is available: finished (oldest first), then ending, then active."""
        return [*self._recorder.finished, *self._lingering, *self._calls]

    def tick(self) -> list[CallEvent]:
        """Finish calls whose grace period is over; evict calls idle for ``idle_timeout``."""
        return self._expire()

    def next_deadline(self) -> float | None:
        """When :meth:`tick` next has work (clock seconds), or None while nothing waits on time.

        A call whose channels are gone but still owes an OriginateResponse or its
        first Cdr is finished by :meth:`tick` at this time at the latest; while
        calls are active, the next idle-eviction sweep is a deadline too (at most a
        minute away). A driver sleeps until then (or the next message), never polls.
        """
        if not self._calls:
            self._sweep_at = None
        deadline = self._sweep_at
        if self._lingering:
            since, _ = next(iter(self._lingering.values()))
            linger = since + self._grace
            deadline = linger if deadline is None else min(deadline, linger)
        return deadline

    def flush(self) -> list[CallEvent]:
        """Finish every call that only waits for trailing OriginateResponse/Cdr (end of a replay)."""
        out: list[CallEvent] = []
        while self._lingering:
            _, (_, call) = self._lingering.popitem(last=False)
            out.append(self._finalize(call))
        return out
