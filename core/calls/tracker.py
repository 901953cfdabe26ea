"""CallTracker: pure correlation of AMI messages into operator-level calls.

One AMI message in, typed :mod:`core.calls.events` out; no I/O, no asyncio, no
timers (the injected clock is read, never waited on). A *call* is one Linkedid:
every channel Asterisk makes for a customer conversation (Local pairs, queue
member legs, ring groups, transfer legs) shares it.

Event rules (h11 style: the transition table is the handlers below, the outcome
table is :mod:`core.calls.state`):

* Rule 1 -- a Newchannel with an unseen Linkedid starts a call: ``CallStarted``.
* Rule 2 -- the first channel (head) decides the direction: created ``Down``
  (Originate) or announced by :meth:`expect_originate` = outbound; an external
  caller = inbound; an operator's phone calling = internal (or outbound when it
  dials the trunk).
* Rule 3 -- an operator channel dialled (DialBegin, DialState RINGING, Newstate
  Ringing, AgentCalled) = ``CallRinging`` once per extension.
* Rule 4 -- a side-B channel coming Up (Newstate Up, DialEnd ANSWER, AgentConnect)
  = the remote party is connected: ``CallAnswered`` to every active extension.
* Rule 5 -- an extension's last channel hangs up = ``CallEnded`` with its outcome.
* Rule 6 -- the call's last channel hangs up = ``CallFinished``, after the
  OriginateResponse / first Cdr still owed to it, or after ``finish_grace`` s.
* Rule 7 -- list-action items (they carry ActionID) never create calls, except
  ``CoreShowChannel``: it (re)learns calls in progress after a reconnect, and
  ``CoreShowChannelsComplete`` hangs up channels the PBX no longer lists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property

from core.calls.base import Message
from core.calls.events import CallEvent, CallSnapshot, CallStarted, Direction
from core.calls.lists import ResyncAndTransfers
from core.calls.naming import clean, file_name
from core.calls.state import SIDE_A, SIDE_B, Call, Channel

log = logging.getLogger(__name__)

Handler = Callable[[Message], list[CallEvent]]

# Events that legitimately carry an ActionID; any other event with one is a list item.
_ACTION_EVENTS = frozenset(
    {"OriginateResponse", "CoreShowChannel", "CoreShowChannelsComplete", "QueueEntry"}
)
_MAX_EXPECTED = 256
_UNANSWERED = frozenset(
    {"NOANSWER", "CANCEL", "CHANUNAVAIL", "CONGESTION", "DONTCALL", "TORTURE", "INVALIDARGS"}
)


class CallTracker(ResyncAndTransfers):
    """Feed every AMI message to :meth:`handle`; act on the events it returns.

    Constructor arguments (clock, extension_of, trail sizes, finish_grace) are
    :class:`core.calls.base.TrackerCore`'s.
    """

    @cached_property
    def _dispatch(self) -> dict[str, Handler]:
        """Event name -> handler, built on first use."""
        return {
            "Newchannel": self._on_newchannel,
            "Newstate": self._on_newstate,
            "NewCallerid": self._on_newcallerid,
            "DialBegin": self._on_dialbegin,
            "DialState": self._on_dialstate,
            "DialEnd": self._on_dialend,
            "Hangup": self._on_hangup,
            "VarSet": self._on_varset,
            "OriginateResponse": self._on_originateresponse,
            "Cdr": self._on_cdr,
            "QueueCallerJoin": self._on_queuecallerjoin,
            "QueueEntry": self._on_queuecallerjoin,
            "QueueCallerAbandon": self._on_queuecallerabandon,
            "AgentCalled": self._on_agentcalled,
            "AgentConnect": self._on_agentconnect,
            "BlindTransfer": self._on_blindtransfer,
            "AttendedTransfer": self._on_attendedtransfer,
            "CoreShowChannel": self._on_coreshowchannel,
            "CoreShowChannelsComplete": self._on_coreshowchannelscomplete,
        }

    # ------------------------------------------------------------------ public API

    def handle(self, msg: Message) -> list[CallEvent]:
        """One AMI message (event or response) in, call events out. Never raises."""
        event = msg.get("Event")
        handler = self._dispatch.get(event) if event is not None else None
        if handler is None:
            if event is None and msg.get("EventList") == "start":
                self._on_list_start(msg)
            return self._expire() if self._lingering else []
        if "ActionID" in msg and event not in _ACTION_EVENTS:
            return []  # Rule 7: an item of some list action describes known state
        try:
            out = handler(msg)
        except Exception:  # malformed input must never break the ingest loop
            log.warning("AMI %s not understood; skipped", event, exc_info=True)
            out = []
        if self._lingering:
            out += self._expire()
        return out

    def expect_originate(self, channel_id: str, extension: str, number: str) -> None:
        """We sent ``Originate`` with ``ChannelId: channel_id`` to ring ``extension`` and dial ``number``."""
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
        return list(self._trails.get(call_id, ()))

    def active_calls(self) -> list[CallSnapshot]:
        return [call.snapshot() for call in self._calls.values()]

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
        return [*self._trails, *self._lingering, *self._calls]

    def tick(self) -> list[CallEvent]:
        """Finish calls whose grace period (waiting for OriginateResponse/Cdr) is over."""
        return self._expire()

    def next_deadline(self) -> float | None:
        """When :meth:`tick` next has work (clock seconds), or None while nothing waits on time.

        A call whose channels are gone but still owes an OriginateResponse or its
        first Cdr is finished by :meth:`tick` at this time at the latest; a driver
        sleeps until then (or the next message), never polls.
        """
        if not self._lingering:
            return None
        since, _ = next(iter(self._lingering.values()))
        return since + self._grace

    def flush(self) -> list[CallEvent]:
        """Finish every call that only waits for trailing OriginateResponse/Cdr (end of a replay)."""
        out: list[CallEvent] = []
        while self._lingering:
            _, (_, call) = self._lingering.popitem(last=False)
            out.append(self._finalize(call))
        return out

    # ------------------------------------------------------------------ channel life cycle

    def _on_newchannel(self, msg: Message) -> list[CallEvent]:
        uid = msg.get("Uniqueid")
        name = msg.get("Channel")
        if not uid or not name or uid in self._channels:
            return []
        call_id = msg.get("Linkedid") or uid
        call = self._calls.get(call_id)
        started = call is None
        if call is None:
            call = self._new_call(call_id, msg)
        self._add_channel(call, uid, name, msg, fresh=True)
        call.trail.append(msg)
        return [CallStarted(call.snapshot(), None)] if started else []

    def _on_newstate(self, msg: Message) -> list[CallEvent]:
        ch = self._channels.get(msg.get("Uniqueid") or "")
        if ch is None:
            return []
        ch.call.trail.append(msg)
        state = msg.get("ChannelState")
        if state == "5" and ch.ext and self._rings(ch):
            return self._ring(ch.call, ch.ext)
        if state == "6":
            return self._channel_up(ch, msg)
        return []

    def _on_newcallerid(self, msg: Message) -> list[CallEvent]:
        ch = self._channels.get(msg.get("Uniqueid") or "")
        if ch is None:
            return []
        call = ch.call
        call.trail.append(msg)
        if ch.is_head and call.direction is Direction.INBOUND:
            call.remote_number = clean(msg.get("CallerIDNum")) or call.remote_number
            call.remote_name = clean(msg.get("CallerIDName")) or call.remote_name
        return []

    def _on_hangup(self, msg: Message) -> list[CallEvent]:
        ch = self._channels.get(msg.get("Uniqueid") or "")
        if ch is None:
            return []
        ch.call.trail.append(msg)
        return self._hangup_channel(ch, msg.get("Cause", ""), self._now(msg))

    def _on_varset(self, msg: Message) -> list[CallEvent]:
        if msg.get("Variable") != "MIXMONITOR_FILENAME":
            return []
        ch = self._channels.get(msg.get("Uniqueid") or "")
        if ch is not None:
            ch.call.trail.append(msg)
            if ch.call.recording is None:
                ch.call.recording = file_name(msg.get("Value"))
        return []

    # ------------------------------------------------------------------ dialling

    def _on_dialbegin(self, msg: Message) -> list[CallEvent]:
        dest = self._channel(msg, "Dest")
        if dest is None:
            return []
        call = dest.call
        call.trail.append(msg)
        caller = self._channel(msg, "")
        if caller is None:
            # An Originate dialling its first leg (only Dest* fields): side A.
            side = SIDE_A if not msg.get("Uniqueid") else SIDE_B
        else:
            side = SIDE_A if caller.side == SIDE_A and not caller.is_head else SIDE_B
            if caller.is_local and dest.ext:
                self._resolve_local(caller, dest.ext)
            if caller.is_head and side == SIDE_B and not call.dialed:
                call.dialed = True
                self._refine(call, dest, msg)
        dest.side = side
        if dest.partner is not None and not dest.partner.is_head:
            dest.partner.side = side
        if dest.ext and self._rings(dest):
            return self._ring(call, dest.ext)
        return []

    def _resolve_local(self, caller: Channel, ext: str) -> None:
        """A Local pair dialling exactly one operator stands for that operator."""
        pair = [caller] if caller.partner is None else [caller, caller.partner]
        resolved = "" if any(ch.ext and ch.ext != ext for ch in pair) else ext
        for ch in pair:
            ch.ext = resolved
        call = caller.call
        head = call.head
        if (
            resolved
            and head is not None
            and head in pair
            and call.originated
            and call.from_ext is None
        ):
            call.from_ext = resolved
            self._join(call, resolved)

    def _refine(self, call: Call, dest: Channel, msg: Message) -> None:
        """The head's first dial tells internal from outbound (and the number dialled)."""
        if call.originated:
            if call.remote_number is None:
                call.remote_number = clean(msg.get("Exten")) or clean(msg.get("DestCallerIDNum"))
        elif call.from_ext is not None and not dest.is_local:
            if dest.ext:
                call.direction = Direction.INTERNAL
            else:
                call.direction = Direction.OUTBOUND
                call.remote_number = clean(msg.get("Exten")) or call.remote_number
                call.remote_name = None

    def _on_dialstate(self, msg: Message) -> list[CallEvent]:
        dest = self._channels.get(msg.get("DestUniqueid") or "")
        if dest is None:
            return []
        dest.call.trail.append(msg)
        if msg.get("DialStatus") == "RINGING" and dest.ext and self._rings(dest):
            return self._ring(dest.call, dest.ext)
        return []

    def _on_dialend(self, msg: Message) -> list[CallEvent]:
        dest = self._channels.get(msg.get("DestUniqueid") or "")
        if dest is None:
            return []
        call = dest.call
        call.trail.append(msg)
        status = msg.get("DialStatus", "")
        if status == "ANSWER":
            return self._channel_up(dest, msg)
        if status == "BUSY" and dest.ext:
            call.rejected.add(dest.ext)  # also an operator refusing its own click-to-call leg
        if dest.side != SIDE_A:
            if status == "BUSY":
                call.dial_busy += 1
            elif status in _UNANSWERED:
                call.dial_other += 1
        return []

    def _on_queuecallerjoin(self, msg: Message) -> list[CallEvent]:
        ch = self._channels.get(msg.get("Uniqueid") or "")
        if ch is not None:
            ch.call.trail.append(msg)
            ch.call.queue = ch.call.queue or clean(msg.get("Queue"))
        return []

    def _on_queuecallerabandon(self, msg: Message) -> list[CallEvent]:
        ch = self._channels.get(msg.get("Uniqueid") or "")
        if ch is not None:
            ch.call.trail.append(msg)
            ch.call.abandoned = True
            ch.call.queue = ch.call.queue or clean(msg.get("Queue"))
        return []

    def _on_agentcalled(self, msg: Message) -> list[CallEvent]:
        dest = self._channel(msg, "Dest")
        if dest is None:
            return []
        dest.call.trail.append(msg)
        if dest.ext and self._rings(dest):
            return self._ring(dest.call, dest.ext)
        return []

    def _on_agentconnect(self, msg: Message) -> list[CallEvent]:
        dest = self._channel(msg, "Dest")
        if dest is None:
            return []
        dest.call.trail.append(msg)
        return self._channel_up(dest, msg)
