"""The hub's wire protocol: JSON text frames between a Ringside hub and its desktops.

Pure (no I/O): :func:`encode` turns a message into one compact JSON text frame
(keys sorted, UTF-8 kept as is, so a message has exactly one encoding) and
:func:`decode` turns a frame back, raising :class:`WireError` in words for
anything malformed. Every frame is an object with a ``t`` (type) key.

Desktop -> hub:

* ``hello``: ``{"t":"hello","v":1,"token":…,"stream":…,"seq":N}``, the first frame
  on every connection. ``stream``/``seq`` are the resume point (the stream id of
  the last welcome and the last event seq applied; ``null``/``0`` the first time).
* ``cmd``: ``{"t":"cmd","id":…,"op":…,"args":{…}}``, a command; the hub answers with
  a ``reply`` carrying the same ``id``.

Hub -> desktop:

* ``welcome``: who the token is (user, role, extensions), the stream id and its last
  seq, the link to the PBX, and ``resumed``. Resumed: the missed events follow as
  ``event`` frames (from ``seq`` + 1 on). Not resumed (first connection, a hub that
  restarted, a gap larger than the hub's buffer): ``calls`` is every call in the
  user's scope now, and the desktop reconciles it with what it shows.
* ``event``: ``{"t":"event","seq":N,"e":{…}}``; ``seq`` grows by one per event of the
  hub's stream (a desktop sees gaps: events outside its scope). ``e.kind`` is
  ``call`` (``type`` one of :data:`EVENT_TYPES`), ``link``, ``presence`` or ``card``
  (a CRM card the hub looked up).
* ``reply``: ``{"t":"reply","id":…,"ok":true,"result":…}`` or ``"ok":false`` with
  ``error`` (a sentence for the operator) and ``code`` (:data:`ERROR_CODES`).
* ``bye``: the hub closes the connection on purpose (``code``, ``reason``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    CallTransferred,
    Direction,
    Outcome,
    Parking,
)
from core.calls.feed import FeedEvent, LinkState, LinkStatus, PresenceUpdate
from core.crm.types import Contact, Link, LookupResult, Match

VERSION = 1
MAX_FRAME = 1 << 20  # bytes: no message of ours comes close

EVENT_TYPES: dict[str, type[CallEvent]] = {
    "started": CallStarted,
    "ringing": CallRinging,
    "answered": CallAnswered,
    "transferred": CallTransferred,
    "ended": CallEnded,
    "finished": CallFinished,
}
_TYPE_NAMES = {cls: name for name, cls in EVENT_TYPES.items()}

OPS = (
    "click_to_call",
    "hangup",
    "transfer",
    "set_queue_pause",
    "set_dnd",
    "spy",
    "save_note",
    "recordings",
    "profile",
    "lookup",
)
ERROR_CODES = ("bad_request", "forbidden", "unauthorized", "failed", "unavailable", "internal")


E = TypeVar("E", Direction, Outcome, LinkState)


class WireError(ValueError):
    """A frame that is not a valid hub message; ``str()`` says what is wrong."""


# ------------------------------------------------------------------ messages
@dataclass(frozen=True, slots=True)
class Card:
    """The hub's CRM lookup for a call (hub-side lookups): the popup's card."""

    call_id: str
    result: LookupResult


HubEvent = FeedEvent | Card


@dataclass(frozen=True, slots=True)
class Hello:
    token: str
    stream: str | None = None
    seq: int = 0
    version: int = VERSION


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    op: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Welcome:
    stream: str
    seq: int
    user: str
    role: str
    extensions: tuple[str, ...]
    link: LinkStatus
    resumed: bool
    calls: tuple[CallSnapshot, ...] = ()
    expires_at: float = 0.0  # the token's expiry (epoch seconds): refresh before it


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    event: HubEvent


@dataclass(frozen=True, slots=True)
class Reply:
    id: str
    ok: bool
    result: Any = None
    error: str | None = None
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Bye:
    code: str
    reason: str


Message = Hello | Command | Welcome | Event | Reply | Bye


def dumps(value: Any) -> str:
    """The one JSON text of ``value``: compact, keys sorted, non-ASCII kept, no NaN."""
    return json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    )


# ---------------------------------------------------------------- snapshots
PARKING_STATES = ("parked", "retrieved", "gave-up", "timed-out")


def snapshot_to_dict(call: CallSnapshot) -> dict[str, Any]:
    out: dict[str, Any] = {
        "call_id": call.call_id,
        "direction": call.direction.value,
        "remote_number": call.remote_number,
        "remote_name": call.remote_name,
        "did": call.did,
        "queue": call.queue,
        "rang": list(call.rang),
        "answered_by": call.answered_by,
        "talked": list(call.talked),
        "outcome": call.outcome.value if call.outcome is not None else None,
        "per_extension": [[ext, outcome.value] for ext, outcome in call.per_extension],
        "recording": call.recording,
        "from_extension": call.from_extension,
        "started_at": call.started_at,
        "answered_at": call.answered_at,
        "ended_at": call.ended_at,
        "originated": call.originated,
    }
    # FreePBX flows: sent only when set, so an ordinary call's frame stays as it was
    if call.parking is not None:
        park = call.parking
        out["parking"] = {
            "lot": park.lot,
            "space": park.space,
            "by": park.by,
            "retrieved_by": park.retrieved_by,
            "state": park.state,
            "since": park.since,
        }
    if call.voicemail is not None:
        out["voicemail"] = call.voicemail
    if call.voicemail_left:
        out["voicemail_left"] = True
    if call.forwarded_to is not None:
        out["forwarded_to"] = call.forwarded_to
    return out


def _parking(raw: Any) -> Parking | None:
    if raw is None:
        return None
    data = _object(raw, "parking")
    state = _str(data, "state")
    if state not in PARKING_STATES:
        raise WireError(f"parking.state: unknown state {state!r}")
    return Parking(
        lot=_opt_str(data, "lot"),
        space=_str(data, "space"),
        by=_opt_str(data, "by"),
        retrieved_by=_opt_str(data, "retrieved_by"),
        state=state,
        since=_opt_number(data, "since"),
    )


def snapshot_from_dict(raw: Any) -> CallSnapshot:
    data = _object(raw, "call")
    try:
        return CallSnapshot(
            call_id=_str(data, "call_id"),
            direction=_enum(Direction, data.get("direction"), "call.direction"),
            remote_number=_opt_str(data, "remote_number"),
            remote_name=_opt_str(data, "remote_name"),
            did=_opt_str(data, "did"),
            queue=_opt_str(data, "queue"),
            rang=_str_tuple(data, "rang"),
            answered_by=_opt_str(data, "answered_by"),
            talked=_str_tuple(data, "talked"),
            outcome=_opt_enum(Outcome, data.get("outcome"), "call.outcome"),
            per_extension=_per_extension(data.get("per_extension", [])),
            recording=_opt_str(data, "recording"),
            from_extension=_opt_str(data, "from_extension"),
            started_at=_number(data, "started_at"),
            answered_at=_opt_number(data, "answered_at"),
            ended_at=_opt_number(data, "ended_at"),
            originated=_bool(data, "originated", False),
            parking=_parking(data.get("parking")),
            voicemail=_opt_str(data, "voicemail"),
            voicemail_left=_bool(data, "voicemail_left", False),
            forwarded_to=_opt_str(data, "forwarded_to"),
        )
    except WireError as exc:
        raise WireError(f"call: {exc}") from None


# ------------------------------------------------------------------- events
def event_to_dict(event: HubEvent) -> dict[str, Any]:
    if isinstance(event, CallEvent):
        out: dict[str, Any] = {
            "kind": "call",
            "type": _TYPE_NAMES[type(event)],
            "extension": event.extension,
            "call": snapshot_to_dict(event.call),
        }
        if isinstance(event, CallAnswered):
            out["by"] = event.by
        elif isinstance(event, CallTransferred):
            out["to"] = event.to
        elif isinstance(event, CallEnded):
            out["outcome"] = event.outcome.value
        return out
    if isinstance(event, LinkStatus):
        return {
            "kind": "link",
            "state": event.state.value,
            "detail": event.detail,
            "since": event.since,
        }
    if isinstance(event, PresenceUpdate):
        return {
            "kind": "presence",
            "extension": event.extension,
            "dnd": event.dnd,
            "paused": event.paused,
            "reason": event.reason,
        }
    if isinstance(event, Card):
        return {"kind": "card", "call_id": event.call_id, "result": lookup_to_dict(event.result)}
    raise TypeError(f"not a hub event: {type(event).__name__}")


def event_from_dict(raw: Any) -> HubEvent:
    data = _object(raw, "event")
    kind = data.get("kind")
    if kind == "call":
        name = data.get("type")
        cls = EVENT_TYPES.get(name) if isinstance(name, str) else None
        if cls is None:
            raise WireError(f"unknown call event type {name!r}")
        call = snapshot_from_dict(data.get("call"))
        ext = _opt_str(data, "extension")
        if cls is CallAnswered:
            return CallAnswered(call, ext, by=_opt_str(data, "by"))
        if cls is CallTransferred:
            return CallTransferred(call, ext, to=_opt_str(data, "to"))
        if cls is CallEnded:
            return CallEnded(call, ext, outcome=_enum(Outcome, data.get("outcome"), "outcome"))
        return cls(call, ext)
    if kind == "link":
        return LinkStatus(
            _enum(LinkState, data.get("state"), "state"),
            _opt_str(data, "detail"),
            _number(data, "since"),
        )
    if kind == "presence":
        return PresenceUpdate(
            _str(data, "extension"),
            _bool(data, "dnd"),
            _bool(data, "paused"),
            _opt_str(data, "reason"),
        )
    if kind == "card":
        return Card(_str(data, "call_id"), lookup_from_dict(data.get("result")))
    raise WireError(f"unknown event kind {kind!r}")


# ------------------------------------------------------------ CRM lookups
def lookup_to_dict(result: LookupResult) -> dict[str, Any]:
    return {
        "number": result.number,
        "e164": result.e164,
        "matches": [
            {"confidence": m.confidence, "contact": _contact_to_dict(m.contact)}
            for m in result.matches
        ],
        "create_url": result.create_url,
        "error": result.error,
    }


def _contact_to_dict(c: Contact) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "source": c.source,
        "company": c.company,
        "phones": list(c.phones),
        "email": c.email,
        "manager_name": c.manager_name,
        "manager_extension": c.manager_extension,
        "links": [{"label": link.label, "url": link.url} for link in c.links],
        "notes": list(c.notes),
    }


def lookup_from_dict(raw: Any) -> LookupResult:
    data = _object(raw, "lookup result")
    matches = data.get("matches", [])
    if not isinstance(matches, list):
        raise WireError("matches: expected a list")
    out = []
    for item in matches:
        m = _object(item, "match")
        c = _object(m.get("contact"), "contact")
        links = c.get("links", [])
        if not isinstance(links, list):
            raise WireError("contact.links: expected a list")
        contact = Contact(
            id=_str(c, "id"),
            name=_str(c, "name"),
            source=_str(c, "source"),
            company=_opt_str(c, "company"),
            phones=_str_tuple(c, "phones"),
            email=_opt_str(c, "email"),
            manager_name=_opt_str(c, "manager_name"),
            manager_extension=_opt_str(c, "manager_extension"),
            links=tuple(
                Link(_str(_object(x, "link"), "label"), _str(_object(x, "link"), "url"))
                for x in links
            ),
            notes=_str_tuple(c, "notes"),
        )
        out.append(Match(contact, _number(m, "confidence")))
    return LookupResult(
        number=_str(data, "number"),
        e164=_opt_str(data, "e164"),
        matches=tuple(out),
        create_url=_opt_str(data, "create_url"),
        error=_opt_str(data, "error"),
    )


# ----------------------------------------------------------------- frames
def to_dict(msg: Message) -> dict[str, Any]:
    if isinstance(msg, Hello):
        return {
            "t": "hello",
            "v": msg.version,
            "token": msg.token,
            "stream": msg.stream,
            "seq": msg.seq,
        }
    if isinstance(msg, Command):
        return {"t": "cmd", "id": msg.id, "op": msg.op, "args": dict(msg.args)}
    if isinstance(msg, Welcome):
        return {
            "t": "welcome",
            "v": VERSION,
            "stream": msg.stream,
            "seq": msg.seq,
            "user": msg.user,
            "role": msg.role,
            "extensions": list(msg.extensions),
            "link": event_to_dict(msg.link),
            "resumed": msg.resumed,
            "calls": [snapshot_to_dict(c) for c in msg.calls],
            "expires_at": msg.expires_at,
        }
    if isinstance(msg, Event):
        return {"t": "event", "seq": msg.seq, "e": event_to_dict(msg.event)}
    if isinstance(msg, Reply):
        if msg.ok:
            return {"t": "reply", "id": msg.id, "ok": True, "result": msg.result}
        return {"t": "reply", "id": msg.id, "ok": False, "error": msg.error, "code": msg.code}
    if isinstance(msg, Bye):
        return {"t": "bye", "code": msg.code, "reason": msg.reason}
    raise TypeError(f"not a hub message: {type(msg).__name__}")


def encode(msg: Message) -> str:
    """One text frame for ``msg``."""
    return dumps(to_dict(msg))


def decode(frame: str | bytes) -> Message:
    """The message in one text frame; :class:`WireError` says what is wrong with a bad one."""
    if len(frame) > MAX_FRAME:
        raise WireError(f"message too large ({len(frame)} bytes; at most {MAX_FRAME})")
    try:
        raw = json.loads(frame)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WireError(f"not JSON: {exc}") from None
    return from_dict(raw)


def from_dict(raw: Any) -> Message:
    data = _object(raw, "message")
    kind = data.get("t")
    if kind == "hello":
        version = data.get("v")
        if version != VERSION:
            raise WireError(
                f"protocol version {version!r} is not supported (this side speaks {VERSION})"
            )
        seq = data.get("seq", 0)
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise WireError("seq: expected a non-negative integer")
        return Hello(_str(data, "token"), _opt_str(data, "stream"), seq)
    if kind == "cmd":
        op = _str(data, "op")
        if op not in OPS:
            raise WireError(f"unknown command {op!r}")
        return Command(_str(data, "id"), op, _object(data.get("args", {}), "args"))
    if kind == "welcome":
        link = event_from_dict(data.get("link"))
        if not isinstance(link, LinkStatus):
            raise WireError("link: expected a link status")
        calls = data.get("calls", [])
        if not isinstance(calls, list):
            raise WireError("calls: expected a list")
        return Welcome(
            stream=_str(data, "stream"),
            seq=_int(data, "seq"),
            user=_str(data, "user"),
            role=_str(data, "role"),
            extensions=_str_tuple(data, "extensions"),
            link=link,
            resumed=_bool(data, "resumed"),
            calls=tuple(snapshot_from_dict(c) for c in calls),
            expires_at=_number(data, "expires_at"),
        )
    if kind == "event":
        return Event(_int(data, "seq"), event_from_dict(data.get("e")))
    if kind == "reply":
        ok = _bool(data, "ok")
        if ok:
            return Reply(_str(data, "id"), True, data.get("result"))
        return Reply(_str(data, "id"), False, None, _str(data, "error"), _opt_str(data, "code"))
    if kind == "bye":
        return Bye(_str(data, "code"), _str(data, "reason"))
    raise WireError(f"unknown message type {kind!r}")


# ------------------------------------------------------------- validation
def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WireError(f"{what}: expected an object")
    return value


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise WireError(f"{key}: expected a string")
    return value


def _opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise WireError(f"{key}: expected a string or null")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise WireError(f"{key}: expected an integer")
    return value


def _number(data: Mapping[str, Any], key: str) -> float:
    value = data.get(key, 0.0)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise WireError(f"{key}: expected a number")
    return float(value)


def _opt_number(data: Mapping[str, Any], key: str) -> float | None:
    if data.get(key) is None:
        return None
    return _number(data, key)


def _bool(data: Mapping[str, Any], key: str, default: bool | None = None) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise WireError(f"{key}: expected true or false")
    return value


def _str_tuple(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise WireError(f"{key}: expected a list of strings")
    return tuple(value)


def _per_extension(value: Any) -> tuple[tuple[str, Outcome], ...]:
    if not isinstance(value, list):
        raise WireError("per_extension: expected a list")
    out = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise WireError("per_extension: expected [extension, outcome] pairs")
        out.append((item[0], _enum(Outcome, item[1], "per_extension outcome")))
    return tuple(out)


def _enum(cls: type[E], value: Any, what: str) -> E:
    try:
        return cls(value)
    except ValueError:
        raise WireError(f"{what}: unknown value {value!r}") from None


def _opt_enum(cls: type[E], value: Any, what: str) -> E | None:
    return None if value is None else _enum(cls, value, what)
