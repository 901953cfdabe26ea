"""Rostelecom virtual PBX Integration API, outbound: ``call_events`` (seed 004).

Ringside plays the PBX side towards the external system: it posts ``call_events``
(``new`` / ``connected`` / ``disconnected``) to the configured callback URL. The
body is compact UTF-8 JSON in the seed's field order; ``X-Client-ID`` and
``X-Client-Sign = sha256hex(id + body + key)`` are added at send time over those
exact bytes (:func:`auth`: :class:`core.signing.rostelecom.RostelecomAuth`), so the
outbox never stores the key.

Push rules (:class:`RostelecomPushes`): ``new`` at start, ``connected`` at the first
answer, ``disconnected`` at the end, every direction. Transfers: seed 004 defines
no state for them, only that "all later events (redirects, transfers by the
platform) carry the same session_id". So a transfer from A to B is sent as the
pair that says it with the seed's own states, same ``session_id``:
``disconnected`` for A (``request_number``/``request_pin`` = A, ``disconnect_reason``
"Вызов переведён") then ``new`` for B; B's answer gives a ``connected`` for B (at
once if B already talked: attended transfer), and the final ``disconnected``
names whoever answered last.

Idempotency: the API has no event id; (``session_id``, ``state``, ``timestamp``) are
in every body and a retry sends the same bytes (the timestamp is fixed when the
push is planned), plus an ``Idempotency-Key`` header outside the signed body.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from core.calls.events import (
    CallAnswered,
    CallEvent,
    CallFinished,
    CallSnapshot,
    CallStarted,
    CallTransferred,
    Direction,
    Outcome,
)
from core.crm.push import CallMemo, PlannedPush, PushRequest, planned
from core.phone import is_extension, wire_e164
from core.signing.rostelecom import RostelecomAuth

__all__ = [
    "CALL_TYPE",
    "DISCONNECT_REASON",
    "RostelecomPushes",
    "auth",
    "call_event",
    "encode",
    "event_body",
]

TARGET = "rostelecom"
JSON = ("Content-Type", "application/json")

CALL_TYPE = {
    Direction.INBOUND: "incoming",
    Direction.OUTBOUND: "outbound",
    Direction.INTERNAL: "internal",
}

DISCONNECT_REASON = {
    Outcome.ANSWERED: "Вызов завершён",
    Outcome.MISSED: "Нет ответа",
    Outcome.BUSY: "Абонент занят",
    Outcome.FAILED: "Ошибка установления соединения",
    Outcome.ABANDONED: "Отбой вызывающего абонента",
    Outcome.ANSWERED_ELSEWHERE: "Ответ на другом устройстве",
    Outcome.TRANSFERRED_AWAY: "Вызов переведён",
}


def _user(extension: str, domain: str) -> str:
    return f"{extension}@{domain}" if domain else extension


def _pin(extension: str | None) -> int | None:
    """A PBX extension is the seed's numeric PIN."""
    return int(extension) if extension and is_extension(extension) else None


def _parties(call: CallSnapshot, extension: str | None, domain: str, region: str) -> dict[str, Any]:
    remote = wire_e164(call.remote_number, region)
    if call.direction is Direction.INBOUND:
        ext = extension or call.answered_by
        request = _user(ext, domain) if ext else wire_e164(call.did, region) or remote
        return {"from_number": remote, "request_number": request, "request_pin": _pin(ext)}
    outbound = call.direction is Direction.OUTBOUND
    caller = (extension if outbound and extension else call.from_extension) or ""
    parties: dict[str, Any] = {"from_number": _user(caller, domain), "from_pin": _pin(caller)}
    if call.direction is Direction.INTERNAL:
        ext = extension or call.answered_by or call.remote_number or ""
        parties.update(request_number=_user(ext, domain), request_pin=_pin(ext))
    else:
        parties["request_number"] = remote
    return parties


def event_body(
    call: CallSnapshot,
    state: str,
    *,
    timestamp: float,
    extension: str | None = None,
    domain: str = "",
    region: str = "RU",
    reason: Outcome | None = None,
) -> dict[str, Any]:
    """The ``call_events`` JSON object (None-valued optional fields left out).

    ``extension``: the domain user of this event (incoming/internal: the callee; outbound:
    the caller, default ``from_extension``). ``reason``: the outcome behind a
    ``disconnected`` sent before the call is over (a transfer), else the call's outcome.
    """
    body: dict[str, Any] = {
        "state": state,
        "type": CALL_TYPE[call.direction],
        "session_id": call.call_id,
        "timestamp": str(int(timestamp)),
    }
    body.update(_parties(call, extension, domain, region))
    if state == "disconnected":
        outcome = reason or call.outcome or Outcome.FAILED
        body["disconnect_reason"] = DISCONNECT_REASON.get(outcome, "")
    if state != "new":
        body["is_record"] = call.recording is not None
    return {key: value for key, value in body.items() if value is not None}


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def call_event(url: str, body: dict[str, Any]) -> PushRequest:
    """Unsigned ``call_events`` request (the outbox stores this; :func:`auth` signs it)."""
    return PushRequest("POST", url, (JSON,), encode(body))


def auth(client_id: str, sign_key: str) -> RostelecomAuth:
    """The ``httpx.Auth`` adding ``X-Client-ID`` / ``X-Client-Sign`` over the exact body sent."""
    return RostelecomAuth(client_id, sign_key)


class _Memo:
    __slots__ = ("answered", "transferred_to", "transfers")

    def __init__(self) -> None:
        self.answered = False
        self.transfers = 0  # transfers seen so far (tags the pushes of each one)
        self.transferred_to: str | None = None  # waiting for this extension's answer


class RostelecomPushes:
    """Which ``call_events`` a call event causes (see the module docstring)."""

    target = TARGET

    def __init__(
        self,
        callback_url: str,
        *,
        domain: str = "",
        region: str = "RU",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.callback_url = callback_url
        self.domain = domain
        self.region = region
        self._clock = clock
        self._memo: CallMemo[_Memo] = CallMemo(_Memo)

    def plan(self, event: CallEvent) -> list[PlannedPush]:
        call = event.call
        if isinstance(event, CallFinished):
            self._memo.forget(call.call_id)
            extension = call.answered_by if call.direction is not Direction.OUTBOUND else None
            return self._push(call, "disconnected", extension)
        memo = self._memo.get(call.call_id)
        if isinstance(event, CallStarted):
            return self._push(call, "new")
        if isinstance(event, CallAnswered) and not memo.answered:
            by = event.by or call.answered_by
            if by is None:
                return []
            memo.answered = True
            outbound = call.direction is Direction.OUTBOUND
            return self._push(call, "connected", None if outbound else by)
        if isinstance(event, CallAnswered) and memo.transferred_to:
            if (event.by or event.extension) == memo.transferred_to:
                return self._transfer_answered(call, memo)
            return []
        if isinstance(event, CallTransferred) and event.extension and event.to:
            return self._transferred(call, memo, event.extension, event.to)
        return []

    def _push(
        self,
        call: CallSnapshot,
        state: str,
        extension: str | None = None,
        *,
        reason: Outcome | None = None,
        tag: str = "",
    ) -> list[PlannedPush]:
        body = event_body(
            call,
            state,
            timestamp=self._clock(),
            extension=extension,
            domain=self.domain,
            region=self.region,
            reason=reason,
        )
        request = call_event(self.callback_url, body)
        return [planned(TARGET, state, call.call_id, request, tag=tag)]

    def _transferred(
        self, call: CallSnapshot, memo: _Memo, source: str, target: str
    ) -> list[PlannedPush]:
        """Seed 004 has no transfer state: ``disconnected`` for ``source``, ``new`` for ``target``."""
        memo.transfers += 1
        tag = f"t{memo.transfers}"
        pushes = self._push(
            call, "disconnected", source, reason=Outcome.TRANSFERRED_AWAY, tag=f"{tag}:{source}"
        )
        pushes += self._push(call, "new", target, tag=f"{tag}:{target}")
        memo.transferred_to = target
        if target in call.talked:  # attended: the target already talked with the customer
            pushes += self._transfer_answered(call, memo)
        return pushes

    def _transfer_answered(self, call: CallSnapshot, memo: _Memo) -> list[PlannedPush]:
        target, memo.transferred_to = memo.transferred_to, None
        if target is None:
            return []
        return self._push(call, "connected", target, tag=f"t{memo.transfers}:{target}")
