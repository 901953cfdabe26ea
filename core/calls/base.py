"""Bookkeeping core of the call tracker: channels, calls, the life-cycle rules.

:class:`TrackerCore` holds the tracker's state and the transitions every
handler shares (ring, answer, hang up, finish). The message handlers live in
:mod:`core.calls.lists` and :mod:`core.calls.tracker`; the rule numbers refer to
the table at the top of :mod:`core.calls.tracker`.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import replace

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallStarted,
    Direction,
    Outcome,
)
from core.calls.naming import (
    clean,
    default_extension_of,
    file_name,
    local_partner,
    looks_like_external_number,
)
from core.calls.state import ACTIVE, ENDED, SIDE_A, Call, Channel, call_outcome, extension_outcome

Message = dict[str, str]


class TrackerCore:
    """State and shared transitions; see :class:`core.calls.tracker.CallTracker`."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        *,
        extension_of: Callable[[str], str | None] | None = None,
        trail_calls: int = 200,
        trail_messages: int = 400,
        finish_grace: float = 3.0,
    ) -> None:
        self._clock = clock
        self._extension_of = extension_of or default_extension_of
        self._trail_calls = max(0, trail_calls)
        self._trail_messages = max(1, trail_messages)
        self._grace = finish_grace
        self._calls: dict[str, Call] = {}
        self._channels: dict[str, Channel] = {}
        self._by_name: dict[str, Channel] = {}
        self._lingering: OrderedDict[str, tuple[float, Call]] = OrderedDict()
        self._linger_uids: dict[str, Call] = {}
        self._awaiting: dict[str, Call] = {}  # originated calls still owed an OriginateResponse
        self._expected: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self._trails: OrderedDict[str, deque[Message]] = OrderedDict()
        self._cdr_seen = False  # this AMI user receives Cdr events: wait for each call's first
        self._seq = 0
        # list actions (resync): ActionID -> (channel seq when the list started, Uniqueids listed)
        self._lists: dict[str, tuple[int, set[str]]] = {}

    def _now(self, msg: Message) -> float:
        stamp = msg.get("Timestamp")
        if stamp:
            try:
                return float(stamp)
            except ValueError:
                pass
        return self._clock()

    def _new_call(self, call_id: str, msg: Message) -> Call:
        revived = self._lingering.pop(call_id, None)
        if revived is not None:  # a channel joined a call that looked over
            call = revived[1]
            call.ended_at = None
            for uid in call.uniqueids:
                self._linger_uids.pop(uid, None)
        else:
            call = Call(call_id, self._now(msg), self._trail_messages)
        self._calls[call_id] = call
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
        expected = self._expected.pop(head.uniqueid, None)
        if expected is not None:
            self._mark_originated(call, *expected)
        elif fresh and msg.get("ChannelState") == "0":
            self._mark_originated(call, head.ext, None)
        elif head.ext is None:
            call.direction = Direction.INBOUND
            call.remote_number = clean(msg.get("CallerIDNum"))
            call.remote_name = clean(msg.get("CallerIDName"))
            call.did = clean(msg.get("Exten"))
        else:
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

    def _ring(self, call: Call, ext: str) -> list[CallEvent]:
        """Rule 3 (dedupe: once per extension, again only after it ended and rings anew)."""
        state = call.ext_state.get(ext)
        if ext in call.rang:
            if state == ACTIVE:
                return []
        else:
            call.rang.append(ext)
        call.ext_state[ext] = ACTIVE
        return [CallRinging(call.snapshot(), ext)]

    def _channel_up(self, ch: Channel, msg: Message) -> list[CallEvent]:
        if ch.up:
            return []
        ch.up = True
        call = ch.call
        if ch.side == SIDE_A:
            if call.origin_up_at is None:
                call.origin_up_at = self._now(msg)
            return []
        if ch.is_local:
            return []  # a Local half answering is dialplan, not a person
        return self._answer(call, ch, self._now(msg))

    def _answer(self, call: Call, ch: Channel, now: float) -> list[CallEvent]:
        """Rule 4: the remote party is connected with an extension (or with nobody we know)."""
        out: list[CallEvent] = []
        who = ch.ext or call.from_ext
        call.answered = True
        if call.answered_at is None:
            call.answered_at = now
        if not who or who == call.answered_by:
            return out
        if who != call.from_ext:
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
        outcome = extension_outcome(call, ext)
        call.per_ext[ext] = outcome
        call.ext_state[ext] = ENDED
        snap = call.snapshot()
        if snap.ended_at is None and now is not None:
            snap = replace(snap, ended_at=now)
        if ext in call.talked_at:
            snap = replace(snap, answered_at=call.talked_at[ext])
        return [CallEnded(snap, ext, outcome=outcome)]

    def _hangup_channel(self, ch: Channel, cause: str, now: float) -> list[CallEvent]:
        self._channels.pop(ch.uniqueid, None)
        if self._by_name.get(ch.name) is ch:
            del self._by_name[ch.name]
        call = ch.call
        out: list[CallEvent] = []
        ext = ch.ext
        if ext and not ch.is_local and ext in call.ext_live:
            if cause == "26":
                call.elsewhere.add(ext)
            elif cause in ("17", "21") and not ch.up and (ch.side != SIDE_A or call.originated):
                call.rejected.add(ext)
            left = call.ext_live[ext] - 1
            call.ext_live[ext] = left
            if left <= 0 and call.ext_state.get(ext) == ACTIVE:
                out += self._end_ext(call, ext, now)
        call.live -= 1
        if call.live <= 0:
            out += self._channels_gone(call, now)
        return out

    def _channels_gone(self, call: Call, now: float) -> list[CallEvent]:
        """Rule 6: end every extension still in the call; finish now or linger briefly."""
        call.ended_at = now
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

    def _ready(self, call: Call) -> bool:
        return (not call.originated or call.origin_response) and (
            not self._cdr_seen or call.cdr_done
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
        if self._trail_calls:
            self._trails[call.call_id] = call.trail
            self._trails.move_to_end(call.call_id)
            while len(self._trails) > self._trail_calls:
                self._trails.popitem(last=False)
        outcome = call_outcome(call)
        if outcome is Outcome.ANSWERED and call.answered_at is None:
            call.answered_at = call.origin_up_at  # placed into a dialplan application
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
        return out

    def _known_call(self, uid: str | None) -> Call | None:
        if not uid:
            return None
        ch = self._channels.get(uid)
        return ch.call if ch is not None else self._linger_uids.get(uid)

    # ------------------------------------------------------------------ originate, Cdr, queues

    def _on_originateresponse(self, msg: Message) -> list[CallEvent]:
        call = self._known_call(clean(msg.get("Uniqueid")))
        if call is None:
            call = self._match_originate(msg.get("Channel", ""))
        if call is None:
            return self._failed_originate(msg) if msg.get("Response") == "Failure" else []
        call.trail.append(msg)
        if not call.originated:
            self._mark_originated(call, None, None)
        call.origin_response = True
        self._awaiting.pop(call.call_id, None)
        if msg.get("Response") != "Success":
            call.origin_failed = True
        if call.remote_number is None:
            call.remote_number = clean(msg.get("Exten"))
        return self._finish_if_ready(call)

    def _match_originate(self, name: str) -> Call | None:
        if not name:
            return None
        for call in self._awaiting.values():
            head = call.head
            if head is not None and (head.name == name or head.name.startswith(name + "-")):
                return call
        return None

    def _failed_originate(self, msg: Message) -> list[CallEvent]:
        """Our Originate failed before any channel existed: a failed outbound call for history."""
        ext = self._extension_of(msg.get("Channel", ""))
        exten = clean(msg.get("Exten"))
        # The oldest expected originate of that phone (or, for a Local channel, to that number).
        channel_id = next(
            (cid for cid, (e, n) in self._expected.items() if e == ext or (not ext and n == exten)),
            None,
        )
        if channel_id is None:
            return []
        ext, number = self._expected.pop(channel_id)
        call = Call(channel_id, self._now(msg), self._trail_messages)
        call.trail.append(msg)
        self._mark_originated(call, ext, number)
        call.origin_response = call.origin_failed = True
        call.ended_at = call.started_at
        started = CallStarted(call.snapshot(), None)
        call.per_ext[ext] = Outcome.FAILED
        call.ext_state[ext] = ENDED
        ended = CallEnded(call.snapshot(), ext, outcome=Outcome.FAILED)
        return [started, ended, self._finalize(call)]

    def _on_cdr(self, msg: Message) -> list[CallEvent]:
        self._cdr_seen = True
        call = self._known_call(msg.get("UniqueID") or msg.get("Uniqueid"))
        if call is None:
            return []
        call.trail.append(msg)
        if call.recording is None:
            call.recording = file_name(msg.get("RecordingFile"))
        call.cdr_done = True
        return self._finish_if_ready(call)
