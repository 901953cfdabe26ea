"""Rules for dialling: Dial* events and the queue's Agent*/QueueCaller* events.

Rule 3 (ringing) and rule 4 (answer) of :mod:`core.calls.tracker` mostly start here.
"""

from __future__ import annotations

from core.calls.book import CallBook, Message
from core.calls.events import CallEvent, Direction
from core.calls.naming import clean, looks_like_external_number
from core.calls.protocol import DialStatus
from core.calls.state import SIDE_A, SIDE_B, Call, Channel


def on_dialbegin(book: CallBook, msg: Message) -> list[CallEvent]:
    dest = book._channel(msg, "Dest")
    if dest is None:
        return []
    call = dest.call
    book._record(call, msg)
    out: list[CallEvent] = []
    caller = book._channel(msg, "")
    if caller is None:
        # An Originate dialling its first leg (only Dest* fields): side A.
        side = SIDE_A if not msg.get("Uniqueid") else SIDE_B
    else:
        side = SIDE_A if caller.side == SIDE_A and not caller.is_head else SIDE_B
        if caller.is_local and dest.ext:
            _resolve_local(book, caller, dest.ext)
        if caller.is_head and side == SIDE_B and not call.dialed:
            call.dialed = True
            _refine(call, dest, msg)
        if caller.is_head:
            out += book._announce(call)  # a call placed from a phone shows once it dials
        if side == SIDE_B and not dest.ext and not dest.is_local and not dest.is_head:
            _forward(call, msg)
    dest.side = side
    if dest.partner is not None and not dest.partner.is_head:
        dest.partner.side = side
    if dest.ext and book._rings(dest):
        out += book._ring(call, dest.ext)
    return out


def dial_string_number(msg: Message) -> str | None:
    """The external number in a DialBegin's ``DialString`` (``0501234567@trunk``, ``trunk/0501234567``)."""
    for part in (msg.get("DialString") or "").replace("@", "/").split("/"):
        if looks_like_external_number(part):
            return part
    return None


def dialled_number(msg: Message) -> str | None:
    """The external number a DialBegin dials: the ``DialString``'s, else the dialling
    channel's ``Exten``, else ``DestCallerIDNum``."""
    number = dial_string_number(msg)
    if number is not None:
        return number
    for key in ("Exten", "DestCallerIDNum"):
        value = clean(msg.get(key))
        if looks_like_external_number(value):
            return value
    return None


def _forward(call: Call, msg: Message) -> None:
    """An inbound call's operator side dialled the outside world: a call forward."""
    if call.direction is Direction.INBOUND and call.forwarded_to is None:
        call.forwarded_to = dial_string_number(msg)  # not Exten: that is the caller's DID


def _resolve_local(book: CallBook, caller: Channel, ext: str) -> None:
    """A Local pair dialling exactly one operator stands for that operator."""
    pair = [caller] if caller.partner is None else [caller, caller.partner]
    resolved = "" if any(ch.ext and ch.ext != ext for ch in pair) else ext
    for ch in pair:
        ch.ext = resolved
    call = caller.call
    head = call.head
    if resolved and head is not None and head in pair and call.originated and call.from_ext is None:
        call.from_ext = resolved
        book._join(call, resolved)


def _refine(call: Call, dest: Channel, msg: Message) -> None:
    """The head's first dial tells internal from outbound (and the number dialled)."""
    if call.originated:
        if call.remote_number is None:
            call.remote_number = clean(msg.get("Exten")) or clean(msg.get("DestCallerIDNum"))
    elif call.from_ext is not None and not dest.is_local:
        if dest.ext:
            call.direction = Direction.INTERNAL
        else:  # the phone dialled out: the number without the route prefix (FreePBX 9|0X.)
            call.direction = Direction.OUTBOUND
            call.remote_number = (
                dialled_number(msg) or clean(msg.get("Exten")) or call.remote_number
            )
            call.remote_name = None


def on_dialstate(book: CallBook, msg: Message) -> list[CallEvent]:
    dest = book._channels.get(msg.get("DestUniqueid") or "")
    if dest is None:
        return []
    book._record(dest.call, msg)
    if msg.get("DialStatus") == DialStatus.RINGING and dest.ext and book._rings(dest):
        return book._ring(dest.call, dest.ext)
    return []


def on_dialend(book: CallBook, msg: Message) -> list[CallEvent]:
    dest = book._channels.get(msg.get("DestUniqueid") or "")
    if dest is None:
        return []
    call = dest.call
    book._record(call, msg)
    status = msg.get("DialStatus", "")
    if status == DialStatus.ANSWER:
        caller = book._channels.get(msg.get("Uniqueid") or "")
        if caller is not None and caller.call is not call and dest.is_head and dest.ext:
            # a pickup without its Pickup event: the Dial's answer names the picker's phone,
            # a call of its own so far
            return book._take_over(dest, caller.call, book._now(msg))
        return book._channel_up(dest, msg)
    if status == DialStatus.BUSY and dest.ext:
        call.rejected.add(dest.ext)  # also an operator refusing its own click-to-call leg
    if dest.side != SIDE_A:
        if status == DialStatus.BUSY:
            call.dial_busy += 1
        elif status in DialStatus.UNANSWERED:
            call.dial_other += 1
    return []


def on_queuecallerjoin(book: CallBook, msg: Message) -> list[CallEvent]:
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is not None:
        book._record(ch.call, msg)
        ch.call.queue = ch.call.queue or clean(msg.get("Queue"))
    return []


def on_queuecallerabandon(book: CallBook, msg: Message) -> list[CallEvent]:
    ch = book._channels.get(msg.get("Uniqueid") or "")
    if ch is not None:
        book._record(ch.call, msg)
        ch.call.abandoned = True
        ch.call.queue = ch.call.queue or clean(msg.get("Queue"))
    return []


def on_agentcalled(book: CallBook, msg: Message) -> list[CallEvent]:
    dest = book._channel(msg, "Dest")
    if dest is None:
        return []
    book._record(dest.call, msg)
    if dest.ext and book._rings(dest):
        return book._ring(dest.call, dest.ext)
    return []


def on_agentconnect(book: CallBook, msg: Message) -> list[CallEvent]:
    dest = book._channel(msg, "Dest")
    if dest is None:
        return []
    book._record(dest.call, msg)
    return book._channel_up(dest, msg)
