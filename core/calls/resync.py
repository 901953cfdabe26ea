"""Rules for the resync after a reconnect: the ``CoreShowChannels`` list.

Each ``CoreShowChannel`` item of a channel we do not know (re)creates it -- and its
call, with ``CallStarted`` / ``CallRinging`` / ``CallAnswered`` as its state says.
An item of a channel we know brings its state up to date: a phone answered while
the link was down is answered now (once: answering is idempotent), never missed.
Times come from Asterisk: a channel's ``Duration`` dates its creation, so a call
learned late starts when its oldest channel was created, and an answer learned
late counts from when the tracker last heard of the call (the link went down).
``CoreShowChannelsComplete`` hangs up channels we knew before the list started
but the PBX no longer lists (their Hangup was lost with the connection).
"""

from __future__ import annotations

from core.calls.book import CallBook, Message
from core.calls.events import CallEvent
from core.calls.protocol import ChannelState

_MAX_LISTS = 8


def duration_seconds(value: str | None) -> float:
    """``HH:MM:SS`` (CoreShowChannel Duration) -> seconds; 0 when malformed."""
    try:
        hours, minutes, seconds = (value or "").split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    except ValueError:
        return 0.0


def on_list_start(book: CallBook, msg: Message) -> None:
    action_id = msg.get("ActionID")
    if action_id:
        _remember_list(book, action_id)


def _remember_list(book: CallBook, action_id: str) -> tuple[int, set[str]]:
    entry = book._lists.get(action_id)
    if entry is None:
        entry = book._lists[action_id] = (book._seq, set())
        while len(book._lists) > _MAX_LISTS:
            del book._lists[next(iter(book._lists))]
    return entry


def on_coreshowchannel(book: CallBook, msg: Message) -> list[CallEvent]:
    uid = msg.get("Uniqueid")
    name = msg.get("Channel")
    if not uid or not name:
        return []
    _remember_list(book, msg.get("ActionID", ""))[1].add(uid)
    now = book._now(msg)
    born = now - duration_seconds(msg.get("Duration"))
    ch = book._channels.get(uid)
    out: list[CallEvent] = []
    if ch is None:
        call_id = msg.get("Linkedid") or uid
        call = book._calls.get(call_id)
        if call is None:
            revived = call_id in book._lingering
            call = book._new_call(call_id, msg)
            if not revived:  # brand new: it began when its oldest channel was created
                call.resynced = True
                call.started_at = born
            ch = book._add_channel(call, uid, name, msg, fresh=False)
            out += book._announce(call)
        else:
            ch = book._add_channel(call, uid, name, msg, fresh=False)
        if call.resynced:
            call.started_at = min(call.started_at, born)
        answered_at = born  # up since (at most) its creation
    else:
        call = ch.call
        answered_at = call.heard_at  # it was not up when we last heard of the call
    book._record(call, msg, event=False)
    state = msg.get("ChannelState")
    if ch.ext and state in (ChannelState.RINGING, ChannelState.UP) and book._rings(ch):
        out += book._ring(call, ch.ext)
    if state == ChannelState.UP:
        out += book._channel_up(ch, msg, at=max(answered_at, call.started_at))
    return out


def on_coreshowchannelscomplete(book: CallBook, msg: Message) -> list[CallEvent]:
    entry = book._lists.pop(msg.get("ActionID", ""), None)
    if entry is None:
        return []
    start, listed = entry
    stale = [ch for ch in book._channels.values() if ch.seq < start and ch.uniqueid not in listed]
    out: list[CallEvent] = []
    now = book._now(msg)
    for ch in stale:
        out += book._hangup_channel(ch, "", now)
    return out
