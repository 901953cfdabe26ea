"""The service's vocabulary: its config, the events it emits, and the parts it needs.

:class:`ServiceConfig` and the observer events (:data:`ServiceEvent`) are the
immutable snapshots front-ends receive; the protocols say what the service
needs from the other core parts.

The service is written against these protocols so that tests and benchmarks can
swap any part (a tracker, a CRM, a history) and so that it keeps importing
while the concrete modules evolve. The default factories import the concrete
modules lazily.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from core.calls.events import CallEvent, CallSnapshot
from core.crm.types import CallRecord, LookupResult

if TYPE_CHECKING:
    from core.crm.base import CrmAdapter
    from core.history.outbox import Outbox, OutboxItem


class ConnectionState(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    READY = "ready"
    FAILED = "failed"  # wrong credentials and the like: retrying will not help


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """What the service needs to know about the PBX and the operator (no secret)."""

    host: str
    port: int
    username: str
    extension: str  # the operator's extension, e.g. "101"
    endpoint: str  # the operator's device, e.g. "PJSIP/101"
    context: str = "from-internal"  # originate context for click-to-call
    caller_id_prefix: str = ""
    dnd_mode: str = "astdb"  # astdb: FreePBX DND/<ext> key; devstate: Custom:DND<ext>
    queues: tuple[str, ...] = ()  # queue pause applies to these (empty: all queues)
    queue_interface: str = ""  # the queue member to pause (empty: endpoint); FreePBX: Local/101@from-queue/n
    region: str = "RU"
    lookup_timeout: float = 3.0
    tls: bool = False


# ------------------------------------------------------------- observer events
@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    state: ConnectionState
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class CallUpdate:
    event: CallEvent


@dataclass(frozen=True, slots=True)
class CardReady:
    call_id: str
    result: LookupResult


@dataclass(frozen=True, slots=True)
class HistoryChanged:
    unseen_missed: int


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    dnd: bool
    paused: bool
    reason: str | None = None


ServiceEvent = ConnectionChanged | CallUpdate | CardReady | HistoryChanged | PresenceChanged
Observer = Callable[[ServiceEvent], None]


MessageCallback = Callable[[dict[str, str]], None]
StateCallback = Callable[..., None]


class AmiLink(Protocol):
    """The part of ``core.ami.connection.AMIConnection`` the service uses."""

    async def start(self, *, fail_fast: bool = ...) -> Any: ...

    async def close(self) -> Any: ...

    async def send_action(
        self,
        name: str,
        fields: Mapping[str, Any] | None = ...,
        *,
        timeout: float | None = ...,  # noqa: ASYNC109 - mirrors AMIConnection.send_action
        as_list: bool | None = ...,
    ) -> Any: ...


ConnectionFactory = Callable[[ServiceConfig, str, MessageCallback, StateCallback], AmiLink]


class CallTrackerPort(Protocol):
    def handle(self, message: dict[str, str]) -> Iterable[CallEvent]: ...

    def expect_originate(self, channel_id: str, extension: str, number: str) -> Any: ...

    def tick(self) -> Iterable[CallEvent]: ...


class CrmPort(Protocol):
    """A CRM adapter (or a cache in front of one): ``lookup`` never raises."""

    def lookup(self, number: str) -> Any: ...  # LookupResult or an awaitable of it


class NoteOutbox:
    """After-call notes to the CRM through the durable outbox, when the adapter takes them.

    Each note is stored first (``Outbox.enqueue``, idempotency key = call, extension
    and note text) and delivered by an ``OutboxWorker`` with retries, so a CRM that
    is down loses nothing.
    """

    KIND = "call-note"

    def __init__(self, outbox: Outbox, adapter: CrmAdapter) -> None:
        from core.history.worker import OutboxWorker

        self.outbox = outbox
        self.adapter = adapter
        self.worker = OutboxWorker(outbox, {adapter.name: self._send})

    def start(self) -> None:
        self.worker.start()

    async def stop(self) -> None:
        await self.worker.stop()

    async def push(self, record: CallRecord) -> None:
        text = f"{record.note or ''}|{record.disposition or ''}".encode()
        key = f"{record.call_id}:{record.extension}:note:{hashlib.sha256(text).hexdigest()[:16]}"
        payload = dataclasses.asdict(record)
        await asyncio.to_thread(
            self.outbox.enqueue, self.adapter.name, self.KIND, key, payload, group=record.call_id
        )
        self.worker.kick()

    async def _send(self, item: OutboxItem) -> None:
        await self.adapter.push_call_record(CallRecord(**dict(item.payload)))


def note_record(call: CallSnapshot, extension: str, note: str, disposition: str) -> CallRecord:
    """The CRM's view of a finished call with the operator's note."""
    return CallRecord(
        call_id=call.call_id,
        direction=str(call.direction),
        remote_number=call.remote_number or "",
        extension=extension,
        started_at=call.started_at,
        wait_seconds=call.wait_seconds,
        talk_seconds=call.talk_seconds,
        outcome=str(call.outcome_for(extension) or call.outcome or ""),
        did=call.did,
        note=note or None,
        disposition=disposition or None,
    )


def default_connection_factory(
    config: ServiceConfig, secret: str, on_message: MessageCallback, on_state: StateCallback
) -> AmiLink:
    from core.ami.connection import AMIConnection

    conn: AmiLink = AMIConnection(
        config.host,
        config.port,
        config.username,
        secret,
        on_message=on_message,
        on_state=on_state,
        tls=config.tls,
    )
    return conn


def default_tracker(clock: Callable[[], float]) -> CallTrackerPort:
    from core.calls.tracker import CallTracker

    tracker: CallTrackerPort = CallTracker(clock)
    return tracker


_STATE_WORDS = (
    ("fail", "failed"),
    ("auth", "failed"),
    ("denied", "failed"),
    ("connecting", "connecting"),
    ("login", "connecting"),
    ("reconnect", "connecting"),
    ("backoff", "connecting"),
    ("disconnect", "disconnected"),
    ("closed", "disconnected"),
    ("ready", "ready"),
    ("connected", "ready"),
    ("logged", "ready"),
    ("up", "ready"),
)


def map_connection_state(raw: object) -> str:
    """Map whatever state object the AMI connection reports to a ConnectionState value."""
    text = str(getattr(raw, "value", getattr(raw, "name", raw))).lower()
    for word, state in _STATE_WORDS:
        if word in text:
            return state
    return "disconnected"


_DIAL_JUNK = re.compile(r"[\s\-().\u00a0/]")
_DIALABLE = re.compile(r"\+?[0-9*#]{2,20}")


def clean_dial_number(number: str, region: str = "RU") -> str | None:
    """The string to dial for a typed, pasted or linked number; None when it is not one.

    Spaces, dashes, dots and brackets go; a leading ``+`` stays (the PBX's
    outbound routes decide how to dial it); letters make it invalid.
    """
    text = number.strip()
    for scheme in ("tel:", "callto:", "sip:"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :].lstrip("/")
            text = text.split("@", 1)[0].split(";", 1)[0]
    text = _DIAL_JUNK.sub("", text)
    if not _DIALABLE.fullmatch(text):
        return None
    return text
