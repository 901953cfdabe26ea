"""Tracker handlers for list actions (resync after a reconnect) and transfers.

A base of :class:`core.calls.tracker.CallTracker`: handlers only, over the
bookkeeping of :class:`core.calls.base.TrackerCore`.

Resync: after a reconnect the AMI client sends ``CoreShowChannels``. Each
``CoreShowChannel`` item of a channel we do not know (re)creates it -- and its
call, with ``CallStarted`` / ``CallRinging`` / ``CallAnswered`` as its state
says -- while items of known channels change nothing, so no event repeats.
``CoreShowChannelsComplete`` hangs up channels we knew before the list started
but the PBX no longer lists (their Hangup was lost with the connection).
"""

from __future__ import annotations

from core.calls.base import Message, TrackerCore
from core.calls.events import CallEvent, CallStarted, CallTransferred
from core.calls.naming import clean
from core.calls.state import ACTIVE, SIDE_B, Call, Channel

_MAX_LISTS = 8


def _duration_seconds(value: str | None) -> float:
    """``HH:MM:SS`` (CoreShowChannel Duration) -> seconds; 0 when malformed."""
    try:
        hours, minutes, seconds = (value or "").split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    except ValueError:
        return 0.0


class ResyncAndTransfers(TrackerCore):
    """CoreShowChannel resync and Blind/AttendedTransfer handling."""

    def _on_list_start(self, msg: Message) -> None:
        action_id = msg.get("ActionID")
        if action_id:
            self._remember_list(action_id)

    def _remember_list(self, action_id: str) -> tuple[int, set[str]]:
        entry = self._lists.get(action_id)
        if entry is None:
            entry = self._lists[action_id] = (self._seq, set())
            while len(self._lists) > _MAX_LISTS:
                del self._lists[next(iter(self._lists))]
        return entry

    def _on_coreshowchannel(self, msg: Message) -> list[CallEvent]:
        uid = msg.get("Uniqueid")
        name = msg.get("Channel")
        if not uid or not name:
            return []
        self._remember_list(msg.get("ActionID", ""))[1].add(uid)
        if uid in self._channels:
            return []
        call_id = msg.get("Linkedid") or uid
        call = self._calls.get(call_id)
        out: list[CallEvent] = []
        if call is None:
            call = self._new_call(call_id, msg)
            if not call.uniqueids:  # brand new (not a lingering call revived): it began earlier
                call.started_at -= _duration_seconds(msg.get("Duration"))
            ch = self._add_channel(call, uid, name, msg, fresh=False)
            out.append(CallStarted(call.snapshot(), None))
        else:
            ch = self._add_channel(call, uid, name, msg, fresh=False)
        call.trail.append(msg)
        state = msg.get("ChannelState")
        if ch.ext and state in ("5", "6") and self._rings(ch):
            out += self._ring(call, ch.ext)
        if state == "6":
            out += self._channel_up(ch, msg)
        return out

    def _on_coreshowchannelscomplete(self, msg: Message) -> list[CallEvent]:
        entry = self._lists.pop(msg.get("ActionID", ""), None)
        if entry is None:
            return []
        start, listed = entry
        stale = [
            ch for ch in self._channels.values() if ch.seq < start and ch.uniqueid not in listed
        ]
        out: list[CallEvent] = []
        now = self._now(msg)
        for ch in stale:
            out += self._hangup_channel(ch, "", now)
        return out

    # ------------------------------------------------------------------ transfers

    def _on_blindtransfer(self, msg: Message) -> list[CallEvent]:
        if msg.get("Result") != "Success":
            return []
        transferer = self._channels.get(msg.get("TransfererUniqueid") or "")
        transferee = self._channels.get(msg.get("TransfereeUniqueid") or "")
        owner = transferee or transferer
        if owner is None:
            return []
        call = owner.call
        call.trail.append(msg)
        ext = transferer.ext if transferer is not None else None
        if not ext:
            return []
        call.transferred_away.add(ext)
        return [CallTransferred(call.snapshot(), ext, to=clean(msg.get("Extension")))]

    def _on_attendedtransfer(self, msg: Message) -> list[CallEvent]:
        """The customer (transferee) now talks to the target: the target joins the customer's call."""
        if msg.get("Result") != "Success":
            return []
        transferee = self._channels.get(msg.get("TransfereeUniqueid") or "")
        transferer = self._channels.get(
            msg.get("OrigTransfererUniqueid") or ""
        ) or self._channels.get(msg.get("SecondTransfererUniqueid") or "")
        owner = transferee or transferer
        if owner is None:
            return []
        call = owner.call
        call.trail.append(msg)
        target = self._channels.get(msg.get("TransferTargetUniqueid") or "")
        out: list[CallEvent] = []
        if target is not None and target.call is not call:
            target.call.trail.append(msg)
            out += self._move(target, call)
        ext = transferer.ext if transferer is not None else None
        to = target.ext if target is not None and target.ext else None
        if ext:
            call.transferred_away.add(ext)
            out.append(CallTransferred(call.snapshot(), ext, to=to))
        if target is not None and to:
            target.side = SIDE_B
            out += self._ring(call, to)
            out += self._answer(call, target, self._now(msg))
        return out

    def _move(self, ch: Channel, call: Call) -> list[CallEvent]:
        """Move a channel (a consultation leg) from its call into ``call``."""
        old = ch.call
        out: list[CallEvent] = []
        ext = ch.ext
        if ext and ext in old.ext_live:
            old.ext_live[ext] -= 1
            if old.ext_live[ext] <= 0 and old.ext_state.get(ext) == ACTIVE:
                out += self._end_ext(old, ext)
        old.live -= 1
        if ch.uniqueid in old.uniqueids:
            old.uniqueids.remove(ch.uniqueid)
        ch.call = call
        ch.is_head = False
        call.live += 1
        call.uniqueids.append(ch.uniqueid)
        if ext:
            call.ext_live[ext] = call.ext_live.get(ext, 0) + 1
        if old.live <= 0:
            out += self._channels_gone(old, self._now({}))
        return out
