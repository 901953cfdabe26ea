"""Rules for the messages a call may still be owed after its channels are gone.

``OriginateResponse`` (a click-to-call's result) and the first ``Cdr`` (the
recording file name, the billing record) often arrive after the last Hangup;
the call lingers for them (book invariant 4).
"""

from __future__ import annotations

from core.calls.book import CallBook, Message
from core.calls.events import CallEnded, CallEvent, CallStarted, Outcome
from core.calls.naming import clean, file_name
from core.calls.state import ENDED, Call

EARLY_KEEP = 64  # OriginateResponses kept for a channel not seen yet
EARLY_SECONDS = 2.0  # how long one waits for its Newchannel (the overtaking is milliseconds)


def on_originateresponse(book: CallBook, msg: Message) -> list[CallEvent]:
    call = book._known_call(clean(msg.get("Uniqueid")))
    if call is None:
        call = _match_originate(book, msg.get("Channel", ""))
    if call is None:
        out = _failed_originate(book, msg) if msg.get("Response") == "Failure" else []
        if not out:
            _keep_early(book, msg)
        return out
    book._record(call, msg)
    if not call.originated:
        book._mark_originated(call, None, None)
    call.origin_response = True
    book._awaiting.pop(call.call_id, None)
    if msg.get("Response") != "Success":
        call.origin_failed = True
    if call.remote_number is None:
        call.remote_number = clean(msg.get("Exten"))
    return book._finish_if_ready(call)


def _early_keys(uid: str | None, name: str) -> list[str]:
    """``uid:1795.4`` and ``name:Local/answer@lab`` (a channel's name without its sequence)."""
    keys = [f"uid:{uid}"] if uid else []
    base = name.rpartition("-")[0] if "-" in name else name
    return [*keys, f"name:{base}"] if base else keys


def _keep_early(book: CallBook, msg: Message) -> None:
    """An OriginateResponse for no channel seen yet: its Newchannel may still be on the way."""
    now = book._clock()
    for key in _early_keys(clean(msg.get("Uniqueid")), msg.get("Channel", "")):
        book._early[key] = (now, msg)
        book._early.move_to_end(key)
    while len(book._early) > EARLY_KEEP:
        book._early.popitem(last=False)


def on_early_originateresponse(book: CallBook, uid: str, name: str) -> list[CallEvent]:
    """A call's first channel: apply the OriginateResponse that overtook it, if one did."""
    if not book._early:
        return []
    now = book._clock()
    for key in _early_keys(uid, name):
        found = book._early.pop(key, None)
        if found is not None and now - found[0] <= EARLY_SECONDS:
            for other in _early_keys(clean(found[1].get("Uniqueid")), found[1].get("Channel", "")):
                book._early.pop(other, None)
            return on_originateresponse(book, found[1])
    return []


def _match_originate(book: CallBook, name: str) -> Call | None:
    if not name:
        return None
    for call in book._awaiting.values():
        head = call.head
        if head is not None and (head.name == name or head.name.startswith(name + "-")):
            return call
    return None


def _failed_originate(book: CallBook, msg: Message) -> list[CallEvent]:
    """Our Originate failed before any channel existed: a failed outbound call for history."""
    ext = book._extension_of(msg.get("Channel", ""))
    exten = clean(msg.get("Exten"))
    # The oldest expected originate of that phone (or, for a Local channel, to that number).
    channel_id = next(
        (cid for cid, (e, n) in book._expected.items() if e == ext or (not ext and n == exten)),
        None,
    )
    if channel_id is None:
        return []
    ext, number = book._expected.pop(channel_id)
    call = Call(channel_id, book._now(msg))
    book._record(call, msg)
    book._mark_originated(call, ext, number)
    call.announced = True
    call.origin_response = call.origin_failed = True
    call.ended_at = call.started_at
    started = CallStarted(call.snapshot(), None)
    call.per_ext[ext] = Outcome.FAILED
    call.ext_state[ext] = ENDED
    ended = CallEnded(call.snapshot(), ext, outcome=Outcome.FAILED)
    return [started, ended, book._finalize(call)]


def on_cdr(book: CallBook, msg: Message) -> list[CallEvent]:
    book._cdr_seen = True
    call = book._known_call(msg.get("UniqueID") or msg.get("Uniqueid"))
    if call is None:
        return []
    book._record(call, msg)
    if call.recording is None:
        call.recording = file_name(msg.get("RecordingFile"))
    call.cdr_done = True
    return book._finish_if_ready(call)
