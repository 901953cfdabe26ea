"""Outbound CRM pushes as data: byte-exact requests, idempotency keys, per-call memory.

Each CRM's outbound protocol lives in its own module (``core/crm/retailcrm.py``,
``clinica.py``, ``rostelecom.py``): the request builders (pure functions returning
a :class:`PushRequest`), the push rules (a ``*Pushes`` class turning call events
into :class:`PlannedPush` es) and the credentials added at send time. The gateway
only decides *when* (which events, from AMI or the dialplan) and *through which*
outbox; the desktop adapters send the same requests directly.

Requests are built without credentials so the durable outbox never stores a
secret. Every planned push carries ``Idempotency-Key`` (``<crm>:<call id>:<kind>``
plus a tag where one call has several of a kind): a retry sends the same bytes
and the same key, so a receiver (or a proxy in front of it) can drop a repeat
even where the CRM's own API has no field for it.
"""

from __future__ import annotations

import base64
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from core.calls.events import CallEvent

__all__ = [
    "IDEMPOTENCY_HEADER",
    "CallMemo",
    "PlannedPush",
    "PushRequest",
    "PushRules",
    "planned",
    "push_key",
]

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_CALLS = 10_000  # per-call memory kept at most (a call the tracker never finished)


@dataclass(frozen=True, slots=True)
class PushRequest:
    """One HTTP request, byte-exact, without credentials."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def with_headers(self, *extra: tuple[str, str]) -> PushRequest:
        return PushRequest(self.method, self.url, (*self.headers, *extra), self.body)

    def to_payload(self) -> dict[str, Any]:
        """JSON-safe form for the outbox (body base64, so bytes survive exactly)."""
        return {
            "method": self.method,
            "url": self.url,
            "headers": [list(pair) for pair in self.headers],
            "body": base64.b64encode(self.body).decode("ascii"),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> PushRequest:
        return cls(
            method=str(payload["method"]),
            url=str(payload["url"]),
            headers=tuple((str(k), str(v)) for k, v in payload["headers"]),
            body=base64.b64decode(payload["body"]),
        )


@dataclass(frozen=True, slots=True)
class PlannedPush:
    """A request for one CRM, with its outbox identity."""

    target: str  # retailcrm | clinica | rostelecom
    kind: str
    key: str  # idempotency key: the same event never goes twice
    group: str  # call id: pushes of one call are delivered in order
    request: PushRequest


class PushRules(Protocol):
    """One CRM's push rules: which requests a call event causes (in delivery order)."""

    target: str

    def plan(self, event: CallEvent) -> list[PlannedPush]: ...


def push_key(target: str, call_id: str, kind: str, tag: str = "") -> str:
    """``<target>:<call id>:<kind>[:<tag>]``: the outbox key and the ``Idempotency-Key``."""
    return f"{target}:{call_id}:{kind}" + (f":{tag}" if tag else "")


def planned(
    target: str,
    kind: str,
    call_id: str,
    request: PushRequest,
    *,
    tag: str = "",
    key: str | None = None,
) -> PlannedPush:
    """A :class:`PlannedPush` whose request carries its key as ``Idempotency-Key``."""
    key = key or push_key(target, call_id, kind, tag)
    request = request.with_headers((IDEMPOTENCY_HEADER, key))
    return PlannedPush(target, kind, key, call_id, request)


M = TypeVar("M")


class CallMemo(Generic[M]):
    """Bounded per-call memory of a push-rules object (oldest call dropped first)."""

    def __init__(self, factory: Callable[[], M], limit: int = MAX_CALLS) -> None:
        self._factory = factory
        self._limit = limit
        self._calls: OrderedDict[str, M] = OrderedDict()

    def get(self, call_id: str) -> M:
        memo = self._calls.get(call_id)
        if memo is None:
            memo = self._calls[call_id] = self._factory()
            while len(self._calls) > self._limit:
                self._calls.popitem(last=False)
        return memo

    def forget(self, call_id: str) -> None:
        self._calls.pop(call_id, None)

    def __len__(self) -> int:
        return len(self._calls)
