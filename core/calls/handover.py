"""Rules for a customer handed from one operator to another.

Blind and attended transfers (Asterisk says so), call pickup (``Pickup``: a
colleague's phone answers a ringing one), parking (``ParkedCall`` /
``UnParkedCall``). Pickup and retrieval share one transition,
:meth:`core.calls.book.CallBook._take_over`: the colleague's phone, born as a call
of its own (its own Linkedid, which Asterisk later changes without an event), becomes
the answering party of the customer's call. A transfer by AMI ``Redirect`` has no
event of its own: it is the rule in :meth:`core.calls.book.CallBook._sent_elsewhere`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from core.calls.book import CallBook, Message
from core.calls.events import CallEvent, Parking
from core.calls.naming import clean
from core.calls.state import ACTIVE, SIDE_B, Call, Channel


def on_blindtransfer(book: CallBook, msg: Message) -> list[CallEvent]:
    if msg.get("Result") != "Success":
        return []
    transferer = book._channels.get(msg.get("TransfererUniqueid") or "")
    transferee = book._channels.get(msg.get("TransfereeUniqueid") or "")
    owner = transferee or transferer
    if owner is None:
        return []
    call = owner.call
    book._record(call, msg)
    ext = transferer.ext if transferer is not None else None
    if not ext:
        return []
    return book._hand_on(call, ext, clean(msg.get("Extension")), msg)


def on_attendedtransfer(book: CallBook, msg: Message) -> list[CallEvent]:
    """The customer (transferee) now talks to the target: the target joins the customer's call."""
    if msg.get("Result") != "Success":
        return []
    transferee = book._channels.get(msg.get("TransfereeUniqueid") or "")
    transferer = book._channels.get(msg.get("OrigTransfererUniqueid") or "") or book._channels.get(
        msg.get("SecondTransfererUniqueid") or ""
    )
    owner = transferee or transferer
    if owner is None:
        return []
    call = owner.call
    book._record(call, msg)
    target = book._channels.get(msg.get("TransferTargetUniqueid") or "")
    out: list[CallEvent] = []
    if target is not None and target.call is not call:
        book._record(target.call, msg)
        out += _move(book, target, call)
    ext = transferer.ext if transferer is not None else None
    to = target.ext if target is not None and target.ext else None
    if ext:
        out += book._hand_on(call, ext, to, msg)
    if target is not None and to:
        target.side = SIDE_B
        out += book._ring(call, to)
        out += book._answer(call, target, book._now(msg))
    return out


def _move(book: CallBook, ch: Channel, call: Call) -> list[CallEvent]:
    """Move a consultation leg from its (announced) call into ``call``; end what it leaves."""
    old = ch.call
    ext = ch.ext
    book._move_channel(ch, call)
    out: list[CallEvent] = []
    if ext and old.ext_live.get(ext, 0) <= 0 and old.ext_state.get(ext) == ACTIVE:
        out += book._end_ext(old, ext)
    if old.live <= 0:
        out += book._channels_gone(old, book._now({}))
    return out


def on_pickup(book: CallBook, msg: Message) -> list[CallEvent]:
    """``Channel`` (the picker, e.g. 102 dialling ``**101``) answers ``TargetChannel``'s ringing."""
    picker = book._channels.get(msg.get("Uniqueid") or "")
    target = book._channels.get(msg.get("TargetUniqueid") or "")
    if picker is None or target is None:
        return []
    call = target.call
    book._record(call, msg)
    return book._take_over(picker, call, book._now(msg))


def _parkee(book: CallBook, msg: Message) -> Channel | None:
    return book._channels.get(msg.get("ParkeeUniqueid") or "")


def on_parkedcall(book: CallBook, msg: Message) -> list[CallEvent]:
    """The customer waits in a parking space; whoever parked it handed it on."""
    parkee = _parkee(book, msg)
    space = clean(msg.get("ParkingSpace"))
    if parkee is None or space is None:
        return []
    call = parkee.call
    book._record(call, msg)
    by = book._extension_of(msg.get("ParkerDialString") or "")
    call.parking = Parking(clean(msg.get("Parkinglot")), space, by, since=book._now(msg))
    if by and by in call.talked and by not in call.transferred_away:
        return book._hand_on(call, by, space, msg)  # the phone's park key: no BlindTransfer
    return []


def on_unparkedcall(book: CallBook, msg: Message) -> list[CallEvent]:
    parkee = _parkee(book, msg)
    retriever = book._channels.get(msg.get("RetrieverUniqueid") or "")
    if parkee is None:
        return []
    call = parkee.call
    book._record(call, msg)
    if call.parking is not None:
        who = retriever.ext if retriever is not None else None
        call.parking = replace(call.parking, retrieved_by=who, state="retrieved")
    if retriever is None:
        return []
    return book._take_over(retriever, call, book._now(msg))


def _parking_over(state: str) -> Callable[[CallBook, Message], list[CallEvent]]:
    def handler(book: CallBook, msg: Message) -> list[CallEvent]:
        parkee = _parkee(book, msg)
        if parkee is None:
            return []
        call = parkee.call
        book._record(call, msg)
        if call.parking is not None:
            call.parking = replace(call.parking, state=state)
        return []

    handler.__name__ = f"on_parking_{state.replace('-', '_')}"
    return handler


on_parkedcallgiveup = _parking_over("gave-up")  # the caller hung up while parked
on_parkedcalltimeout = _parking_over("timed-out")  # Asterisk rings the parker again
