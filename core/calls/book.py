"""The tracker's bookkeeping: channels, calls, and the transitions every rule shares.

:class:`CallBook` holds all state; the rules that read AMI messages are plain
functions in :mod:`core.calls.channels`, :mod:`core.calls.dialling`,
:mod:`core.calls.handover`, :mod:`core.calls.resync` and
:mod:`core.calls.trailing`, one per event, listed in :data:`core.calls.table.HANDLERS`.
They change state only through the transitions below.

Invariants (every handler keeps them; the fuzz and transcript tests check the
visible ones):

1. A live channel belongs to exactly one call: ``_channels[uid].call`` is in
   ``_calls``, and ``call.live`` counts the channels of ``call`` in ``_channels``.
   ``_by_name`` maps each live channel's name to it (Local partner lookup).
2. ``call.ext_live[ext]`` counts the call's live channels standing for ``ext``;
   ``call.ext_state[ext]`` is ACTIVE from the extension's first ringing/answer/join
   until its ``CallEnded``, then ENDED; it becomes ACTIVE again only by ringing anew.
   So each participation ends with exactly one ``CallEnded``.
3. ``CallStarted`` is a call's first event and ``CallFinished`` its last, exactly
   once. A call a phone places itself is *deferred*: announced when it first
   dials or first produces any other event (``_pending``; the transitions that
   make events announce first), so a pickup or
   parking-retrieval leg, which is absorbed into the customer's call before that,
   never shows as a call of its own. *Quiet* calls (a supervisor's ChanSpy leg)
   produce no events at all.
4. A call leaves ``_calls`` when its last channel hangs up (or is absorbed, or
   evicted); it then lingers (``_lingering``, its Uniqueids in ``_linger_uids``)
   until the OriginateResponse / first Cdr it is owed arrives or ``finish_grace``
   passes, and is finalized exactly once: ``CallFinished``, trail to the recorder.
5. Outcomes are decided only by the rule tables of :mod:`core.calls.state`, from
   the call's facts (talked, rejected, elsewhere, transferred_away, ...); handlers
   record facts, never outcomes.
6. Memory is bounded: the recorder in bytes (:mod:`core.calls.recorder`), active
   calls by ``max_calls`` and by ``idle_timeout`` (a call no message mentioned for
   that long is evicted as over), list bookkeeping by ``_MAX_LISTS``, expected
   originates by ``_MAX_EXPECTED``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallStarted,
    CallTransferred,
    Direction,
    Outcome,
)
from core.calls.naming import (
    clean,
    default_extension_of,
    local_partner,
    looks_like_external_number,
)
from core.calls.protocol import CAUSE_MARKS, SPY_CHANNEL_PREFIX, ChannelState
from core.calls.recorder import FlightRecorder, Trail
from core.calls.state import (
    ACTIVE,
    ENDED,
    SIDE_A,
    SIDE_B,
    Call,
    Channel,
    call_outcome,
    extension_outcome,
)

Message = dict[str, str]


class CallBook:
    """State and shared transitions; see :class:`core.calls.tracker.CallTracker`."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        *,
        extension_of: Callable[[str], str | None] | None = None,
        trail_calls: int = 200,
        trail_messages: int = 400,
        trail_call_bytes: int = 256 * 1024,
        trail_total_bytes: int = 24 * 1024 * 1024,
        finish_grace: float = 3.0,
        idle_timeout: float = 6 * 3600.0,
        max_calls: int = 5000,
    ) -> None:
        self._clock = clock
        self._extension_of = extension_of or default_extension_of
        self._recorder = FlightRecorder(
            calls=trail_calls,
            messages=trail_messages,
            call_bytes=trail_call_bytes,
            total_bytes=trail_total_bytes,
        )
        self._grace = finish_grace
        self._idle = max(1.0, idle_timeout)
        self._max_calls = max(1, max_calls)
        self._calls: dict[str, Call] = {}
        self._channels: dict[str, Channel] = {}
        self._by_name: dict[str, Channel] = {}
        self._lingering: OrderedDict[str, tuple[float, Call]] = OrderedDict()
        self._linger_uids: dict[str, Call] = {}
        self._awaiting: dict[str, Call] = {}  # originated calls still owed an OriginateResponse
        self._expected: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self._pending: dict[str, Call] = {}  # deferred calls not yet announced (invariant 3)
        self._cdr_seen = False  # this AMI user receives Cdr events: wait for each call's first
        self._seq = 0
        self._sweep_at: float | None = None  # next idle-eviction sweep (while calls exist)
        # list actions (resync): ActionID -> (channel seq when the list started, Uniqueids listed)
        self._lists: dict[str, tuple[int, set[str]]] = {}

    @property
    def _trails(self) -> OrderedDict[str, Trail]:
        """Finished calls' trails, oldest first (the flight recorder's ring)."""
        return self._recorder.finished

    def _now(self, msg: Message) -> float:
        stamp = msg.get("Timestamp")
        if stamp:
            try:
                return float(stamp)
            except ValueError:
                pass
        return self._clock()

    def _record(self, call: Call, msg: Message, *, event: bool = True) -> None:
        """The message concerns ``call``: flight recorder, and the call is not idle."""
        self._recorder.record(call.trail, msg)
        call.last_seen = now = self._clock()
        if event:  # a live event, not an item of a list action (resync)
            call.heard_at = now

    # ------------------------------------------------------------------ calls and channels

    def _new_call(self, call_id: str, msg: Message) -> Call:
        revived = self._lingering.pop(call_id, None)
        if revived is not None:  # a channel joined a call that looked over
            call = revived[1]
            call.ended_at = None
            for uid in call.uniqueids:
                self._linger_uids.pop(uid, None)
        else:
            call = Call(call_id, self._now(msg))
            call.last_seen = call.heard_at = self._clock()
        self._calls[call_id] = call
        if self._sweep_at is None:
            self._sweep_at = self._clock() + self._sweep_every()
        return call

    def _add_channel(
        self, call: Call, uid: str, name: str, msg: Message, *, fresh: bool
    ) -> Channel:
        ch = Channel(call, uid, name, self._extension_of(name), self._seq)
        self._seq += 1
        self._channels[uid] = ch
        self._by_name[name] = ch
        call.live += 1
        call.uniqueids.append(uid)
        if ch.ext:
            call.ext_live[ch.ext] = call.ext_live.get(ch.ext, 0) + 1
        other = self._by_name.get(local_partner(name) or "")
        if other is not None and other.call is call:
            ch.partner, other.partner = other, ch
            ch.side = other.side
            ch.ext = ch.ext or other.ext
        if uid == call.call_id and call.head is None:
            ch.is_head, ch.side, call.head = True, SIDE_A, ch
            self._classify(call, ch, msg, fresh=fresh)
        return ch

    def _classify(self, call: Call, head: Channel, msg: Message, *, fresh: bool) -> None:
        """Rule 2: direction, remote party and DID from the call's first channel."""
        if head.uniqueid.startswith(SPY_CHANNEL_PREFIX):
            self._expected.pop(head.uniqueid, None)
            call.quiet = True  # Ringside's own ChanSpy originate: a supervisor listening
            return
        expected = self._expected.pop(head.uniqueid, None)
        if expected is not None:
            self._mark_originated(call, *expected)
        elif fresh and msg.get("ChannelState") == ChannelState.DOWN:
            self._mark_originated(call, head.ext, None)
        elif head.ext is None:
            call.direction = Direction.INBOUND
            call.remote_number = clean(msg.get("CallerIDNum"))
            call.remote_name = clean(msg.get("CallerIDName"))
            call.did = clean(msg.get("Exten"))
        else:
            # An operator's phone placing a call: announced once it dials (invariant 3).
            self._pending[call.call_id] = call
            self._join(call, head.ext)
            call.from_ext = head.ext
            exten = clean(msg.get("Exten"))
            if looks_like_external_number(exten):
                call.direction = Direction.OUTBOUND
                call.remote_number = exten
            else:  # an extension, a feature code (*97), a queue: until its first Dial says otherwise
                call.direction = Direction.INTERNAL
                call.remote_number = head.ext
                call.remote_name = clean(msg.get("CallerIDName"))

    def _announce(self, call: Call) -> list[CallEvent]:
        """``CallStarted`` for ``call`` unless it was announced already or is quiet."""
        if call.announced or call.quiet:
            return []
        call.announced = True
        self._pending.pop(call.call_id, None)
        return [CallStarted(call.snapshot(), None)]

    def _mark_originated(self, call: Call, ext: str | None, number: str | None) -> None:
        call.originated = True
        call.direction = Direction.OUTBOUND
        call.remote_name = None
        call.did = None
        if number:
            call.remote_number = number
        if ext and call.from_ext is None:
            call.from_ext = ext
            self._join(call, ext)
        if not call.origin_response:
            self._awaiting[call.call_id] = call

    @staticmethod
    def _join(call: Call, ext: str) -> None:
        if ext not in call.ext_state:
            call.ext_state[ext] = ACTIVE

    def _channel(self, msg: Message, prefix: str) -> Channel | None:
        """The channel an event's ``<prefix>Uniqueid`` names; learned on the fly for a known call."""
        uid = msg.get(prefix + "Uniqueid")
        if not uid:
            return None
        ch = self._channels.get(uid)
        if ch is not None:
            return ch
        call = self._calls.get(msg.get(prefix + "Linkedid") or "")
        name = msg.get(prefix + "Channel")
        if call is None or not name:
            return None
        fields = {key[len(prefix) :]: value for key, value in msg.items() if key.startswith(prefix)}
        return self._add_channel(call, uid, name, fields, fresh=False)

    def _rings(self, ch: Channel) -> bool:
        # The calling operator of a call it placed from its phone never "rings".
        return bool(ch.ext) and not (ch.is_head and not ch.call.originated)

    # ------------------------------------------------------------------ rules 3-6

    def _ring(self, call: Call, ext: str) -> list[CallEvent]:
        """Rule 3 (dedupe: once per extension, again only after it ended and rings anew)."""
        if call.quiet:
            return []
        state = call.ext_state.get(ext)
        if ext in call.rang:
            if state == ACTIVE:
                return []
        else:
            call.rang.append(ext)
        call.ext_state[ext] = ACTIVE
        return [*self._announce(call), CallRinging(call.snapshot(), ext)]

    def _channel_up(self, ch: Channel, msg: Message, at: float | None = None) -> list[CallEvent]:
        if ch.up:
            return []
        ch.up = True
        call = ch.call
        now = self._now(msg) if at is None else at
        if ch.side == SIDE_A:
            if call.origin_up_at is None:
                call.origin_up_at = now
            return []
        if ch.is_local:
            return []  # a Local half answering is dialplan, not a person
        return self._answer(call, ch, now)

    def _answer(
        self, call: Call, ch: Channel, now: float, *, rings: bool = True
    ) -> list[CallEvent]:
        """Rule 4: the remote party is connected with an extension (or with nobody we know)."""
        out: list[CallEvent] = []
        if call.quiet:
            return out
        who = ch.ext or call.from_ext
        call.answered = True
        if call.answered_at is None:
            call.answered_at = now
        if not who or who == call.answered_by:
            return out
        out += self._announce(call)
        if who != call.from_ext and rings:
            out += self._ring(call, who)
        call.answered_by = who
        if who not in call.talked:
            call.talked.append(who)
            call.talked_at[who] = now
        self._join(call, who)
        snap = call.snapshot()
        out += [
            CallAnswered(snap, ext, by=who) for ext, st in call.ext_state.items() if st == ACTIVE
        ]
        return out

    def _end_ext(self, call: Call, ext: str, now: float | None = None) -> list[CallEvent]:
        """Rule 5. The snapshot is the call as this extension saw it: its own talk time."""
        out = self._announce(call)  # invariant 3: a deferred call shows before its first end
        outcome = extension_outcome(call, ext)
        call.per_ext[ext] = outcome
        call.ext_state[ext] = ENDED
        snap = call.snapshot()
        if snap.ended_at is None and now is not None:
            snap = replace(snap, ended_at=now)
        if ext in call.talked_at:
            snap = replace(snap, answered_at=call.talked_at[ext])
        if ext in call.handed_at:  # its talk ended when it handed the customer on
            snap = replace(snap, ended_at=call.handed_at[ext])
        out.append(CallEnded(snap, ext, outcome=outcome))
        return out

    def _hand_on(self, call: Call, ext: str, to: str | None, msg: Message) -> list[CallEvent]:
        """``ext`` handed the customer on (transfer, park, Redirect): rule 1 of the outcomes."""
        call.transferred_away.add(ext)
        call.handed_at.setdefault(ext, self._now(msg))
        return [*self._announce(call), CallTransferred(call.snapshot(), ext, to=to)]

    def _hangup_channel(self, ch: Channel, cause: str, now: float) -> list[CallEvent]:
        self._channels.pop(ch.uniqueid, None)
        if self._by_name.get(ch.name) is ch:
            del self._by_name[ch.name]
        partner = ch.partner
        if partner is not None and partner.uniqueid not in self._channels:
            partner.partner = ch.partner = None  # both halves gone: no cycle left behind
        call = ch.call
        out: list[CallEvent] = []
        ext = ch.ext
        if ext and not ch.is_local and ext in call.ext_live:
            mark = CAUSE_MARKS.get(cause)
            if mark == "elsewhere":
                call.elsewhere.add(ext)
            elif mark == "rejected" and not ch.up and (ch.side != SIDE_A or call.originated):
                call.rejected.add(ext)
            left = call.ext_live[ext] - 1
            call.ext_live[ext] = left
            if left <= 0 and call.ext_state.get(ext) == ACTIVE:
                out += self._end_ext(call, ext, now)
        call.live -= 1
        if call.live <= 0:
            out += self._channels_gone(call, now)
        return out

    def _sent_elsewhere(self, ch: Channel, msg: Message) -> list[CallEvent]:
        """Transfer by AMI Redirect: the customer leaves its bridge at another dialplan place
        (Context/Exten) than it entered it, and nobody asked to hang up: Asterisk moved it
        there, so whoever talked with it handed it on. (A hangup leaves at the same place.)"""
        where = ch.bridged_at
        ch.bridged_at = None
        call = ch.call
        ext = call.answered_by
        if (
            where is None
            or not ch.is_head
            or ch.ext is not None
            or ch.hangup_asked
            or (msg.get("Context", ""), msg.get("Exten", "")) == where
            or not ext
            or ext in call.transferred_away
            or call.ext_state.get(ext) != ACTIVE
        ):
            return []
        exten = clean(msg.get("Exten"))
        return self._hand_on(call, ext, exten if exten != "s" else None, msg)

    def _channels_gone(self, call: Call, now: float) -> list[CallEvent]:
        """Rule 6: end every extension still in the call; finish now or linger briefly."""
        call.ended_at = now
        if call.quiet:  # no call for anyone: gone without a word
            self._forget(call)
            return []
        out: list[CallEvent] = []
        for ext, state in list(call.ext_state.items()):
            if state == ACTIVE:
                out += self._end_ext(call, ext)
        self._calls.pop(call.call_id, None)
        if self._ready(call):
            out.append(self._finalize(call))
        else:
            self._lingering[call.call_id] = (self._clock(), call)
            for uid in call.uniqueids:
                self._linger_uids[uid] = call
        return out

    def _take_over(self, ch: Channel, call: Call, now: float) -> list[CallEvent]:
        """Pickup / parking retrieval: ``ch`` (a phone's own call so far) becomes the party
        the customer of ``call`` talks to. Its own call is absorbed silently (invariant 3)."""
        old = ch.call
        if old is call:
            return self._channel_up(ch, {}, now) if not ch.up else self._answer(call, ch, now)
        for uid in list(old.uniqueids):
            moving = self._channels.get(uid)
            if moving is not None:
                self._move_channel(moving, call)
        self._forget(old)
        ch.side = SIDE_B
        ch.up = True
        parking = call.parking
        if parking is not None and parking.state == "parked":  # whoever takes it retrieved it
            call.parking = replace(parking, retrieved_by=ch.ext, state="retrieved")
        return self._answer(call, ch, now, rings=False)

    def _move_channel(self, ch: Channel, call: Call) -> None:
        """Re-home a live channel from its call into ``call`` (bookkeeping only)."""
        old = ch.call
        ext = ch.ext
        if ext and ext in old.ext_live:
            old.ext_live[ext] -= 1
        old.live -= 1
        if ch.uniqueid in old.uniqueids:
            old.uniqueids.remove(ch.uniqueid)
        if old.head is ch:
            old.head = None
        ch.call = call
        ch.is_head = False
        call.live += 1
        call.uniqueids.append(ch.uniqueid)
        if ext:
            call.ext_live[ext] = call.ext_live.get(ext, 0) + 1

    def _forget(self, call: Call) -> None:
        """Drop a call that never becomes a call of its own: no further events."""
        self._calls.pop(call.call_id, None)
        self._pending.pop(call.call_id, None)
        self._awaiting.pop(call.call_id, None)
        self._lingering.pop(call.call_id, None)
        for uid in call.uniqueids:
            ch = self._channels.pop(uid, None)
            if ch is not None and self._by_name.get(ch.name) is ch:
                del self._by_name[ch.name]
            if self._linger_uids.get(uid) is call:
                del self._linger_uids[uid]
        call.quiet = True
        self._recorder.discard(call.trail)

    def _ready(self, call: Call) -> bool:
        return (
            (not call.originated or call.origin_response)
            and (not self._cdr_seen or call.cdr_done)
            and (not call.resynced or call.cdr_done)
        )

    def _finish_if_ready(self, call: Call) -> list[CallEvent]:
        if call.call_id in self._lingering and self._ready(call):
            del self._lingering[call.call_id]
            return [self._finalize(call)]
        return []

    def _finalize(self, call: Call) -> CallEvent:
        for uid in call.uniqueids:
            if self._linger_uids.get(uid) is call:
                del self._linger_uids[uid]
        self._awaiting.pop(call.call_id, None)
        self._pending.pop(call.call_id, None)  # announced by its CallEnded already (invariant 3)
        if call.quiet:
            self._recorder.discard(call.trail)
        else:
            self._recorder.keep(call.call_id, call.trail)
        outcome = call_outcome(call)
        if outcome is Outcome.ANSWERED and call.answered_at is None:
            call.answered_at = call.origin_up_at  # placed into a dialplan application
        call.head = None  # channel <-> call: freed by reference counting, not the cycle collector
        return CallFinished(call.snapshot(outcome), None)

    def _expire(self) -> list[CallEvent]:
        now = self._clock()
        out: list[CallEvent] = []
        while self._lingering:
            call_id, (since, call) = next(iter(self._lingering.items()))
            if now - since < self._grace:
                break
            del self._lingering[call_id]
            out.append(self._finalize(call))
        if self._sweep_at is not None and now >= self._sweep_at:
            out += self._sweep(now)
        elif not self._calls:
            self._sweep_at = None
        return out

    # ------------------------------------------------------------------ eviction

    def _sweep_every(self) -> float:
        return min(60.0, self._idle / 4)

    def _sweep(self, now: float) -> list[CallEvent]:
        """Evict calls no message mentioned for ``idle_timeout`` (their hangup was lost)."""
        idle = [c for c in self._calls.values() if now - c.last_seen >= self._idle]
        out: list[CallEvent] = []
        for call in idle:
            out += self._evict(call, now)
        self._sweep_at = now + self._sweep_every() if self._calls else None
        return out

    def _evict(self, call: Call, now: float) -> list[CallEvent]:
        """End a call whose channels the PBX forgot to report as gone (a resync revives it)."""
        for uid in list(call.uniqueids):
            ch = self._channels.pop(uid, None)
            if ch is not None and self._by_name.get(ch.name) is ch:
                del self._by_name[ch.name]
        call.live = 0
        self._awaiting.pop(call.call_id, None)
        call.origin_response = True
        call.cdr_done = True  # nothing more will come for it
        return self._channels_gone(call, now)

    def _enforce_max_calls(self) -> list[CallEvent]:
        out: list[CallEvent] = []
        while len(self._calls) > self._max_calls:
            oldest = next(iter(self._calls.values()))
            out += self._evict(oldest, self._clock())
        return out

    def _known_call(self, uid: str | None) -> Call | None:
        if not uid:
            return None
        ch = self._channels.get(uid)
        if ch is not None:
            return ch.call
        call = self._linger_uids.get(uid) or self._calls.get(uid)
        if call is None and uid in self._lingering:  # the head's Uniqueid names the call
            call = self._lingering[uid][1]
        return call
