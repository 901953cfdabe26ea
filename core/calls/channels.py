"""Rules for a channel's own life: created, state changes, caller id, hangup, variables.

Each handler takes the :class:`core.calls.book.CallBook` and one AMI message and
returns the call events it causes; :data:`core.calls.table.HANDLERS` lists them.
"""

from __future__ import annotations

from core.calls.book import CallBook, Message
from core.calls.events import CallEvent, Direction
from core.calls.naming import clean, file_name
from core.calls.protocol import Application, ChannelState, Variable


def on_newchannel(book: CallBook, msg: Message) -> list[CallEvent]:
    """Rule 1: an unseen Linkedid starts a call (announced now, or deferred: book invariant 3)."""
    uid = msg.get("Uniqueid")
    name = msg.get("Channel")
    if not uid or not name or uid in book._channels:
        return []
    call_id = msg.get("Linkedid") or uid
    call = book._calls.get(call_id)
    started = call is None
    if call is None:
        call = book._new_call(call_id, msg)
    book._add_channel(call, uid, name, msg, fresh=True)
    book._record(call, msg)
    if started and call.call_id not in book._pending:
        return book._announce(call)
    return []


def on_newstate(book: CallBook, msg: Message) -> list[CallEvent]:
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is None:
        return []
    book._record(ch.call, msg)
    state = msg.get("ChannelState")
    if state == ChannelState.RINGING and ch.ext and book._rings(ch):
        return book._ring(ch.call, ch.ext)
    if state == ChannelState.UP:
        return book._channel_up(ch, msg)
    return []


def on_newcallerid(book: CallBook, msg: Message) -> list[CallEvent]:
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is None:
        return []
    call = ch.call
    book._record(call, msg)
    if ch.is_head and call.direction is Direction.INBOUND:
        call.remote_number = clean(msg.get("CallerIDNum")) or call.remote_number
        call.remote_name = clean(msg.get("CallerIDName")) or call.remote_name
    return []


def on_hanguprequest(book: CallBook, msg: Message) -> list[CallEvent]:
    """The channel's own side hung up (a phone's BYE); a channel Asterisk moves sends none."""
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is not None:
        book._record(ch.call, msg)
        ch.hangup_asked = True
    return []


def on_bridgeenter(book: CallBook, msg: Message) -> list[CallEvent]:
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is None:
        return []
    book._record(ch.call, msg)
    ch.bridged_at = (msg.get("Context", ""), msg.get("Exten", ""))
    joined = book._calls.get(msg.get("Linkedid") or "")
    if joined is not None and joined is not ch.call and ch.is_head and ch.ext:
        # Asterisk moved a phone's own call into a customer's (parking retrieval, pickup)
        # without the event that says so: its Linkedid changed
        return book._take_over(ch, joined, book._now(msg))
    return []


def on_bridgeleave(book: CallBook, msg: Message) -> list[CallEvent]:
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is None:
        return []
    book._record(ch.call, msg)
    return book._sent_elsewhere(ch, msg)


def on_hangup(book: CallBook, msg: Message) -> list[CallEvent]:
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is None:
        return []
    book._record(ch.call, msg)
    return book._hangup_channel(ch, msg.get("Cause", ""), book._now(msg))


def on_varset(book: CallBook, msg: Message) -> list[CallEvent]:
    variable = msg.get("Variable")
    if variable != Variable.MIXMONITOR_FILENAME and variable != Variable.VM_MESSAGEFILE:
        return []
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is None:
        return []
    call = ch.call
    book._record(call, msg)
    if variable == Variable.VM_MESSAGEFILE:
        if clean(msg.get("Value")):
            call.voicemail_left = True
            if call.voicemail is None:  # .../voicemail/<context>/<mailbox>/INBOX/msg0000
                parts = (msg.get("Value") or "").split("/")
                if len(parts) >= 4 and parts[-2] == "INBOX":
                    call.voicemail = f"{parts[-3]}@{parts[-4]}"
    elif call.recording is None:
        call.recording = file_name(msg.get("Value"))
    return []


def on_newexten(book: CallBook, msg: Message) -> list[CallEvent]:
    """Dialplan applications that say what a call is: VoiceMail, ChanSpy."""
    app = msg.get("Application")
    if app != Application.VOICEMAIL and app != Application.CHANSPY:
        return []
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is None:
        return []
    call = ch.call
    book._record(call, msg)
    if app == Application.VOICEMAIL:
        mailbox = (msg.get("AppData") or "").split(",")[0].lstrip("&") or None
        phone_leg = ch.ext is not None and not ch.is_local and not ch.is_head
        if call.voicemail is None and not phone_leg:  # the caller's side, not a dialled phone
            call.voicemail = mailbox
    elif not call.announced and ch.is_head:
        # A phone dialled a ChanSpy feature code (555, *222...): a supervisor listening in.
        book._forget(call)
    return []
