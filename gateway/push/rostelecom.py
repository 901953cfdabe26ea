"""Rostelecom Integration API ``call_events`` (seed 004): new / connected / disconnected.

Pure builders. The body is compact UTF-8 JSON in the seed's field order;
``X-Client-ID`` and ``X-Client-Sign = sha256hex(id + body + key)`` are computed
over those exact bytes by :func:`sign`.
"""

from __future__ import annotations

import json
from typing import Any

from core.calls.events import CallSnapshot, Direction, Outcome
from core.phone import is_extension
from core.phone import wire_e164 as e164
from core.signing.rostelecom import sign as rostelecom_sign
from gateway.push import PushRequest

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
    return int(extension) if extension and is_extension(extension) else None


def _parties(call: CallSnapshot, extension: str | None, domain: str, region: str) -> dict[str, Any]:
    remote = e164(call.remote_number, region)
    if call.direction is Direction.INBOUND:
        ext = extension or call.answered_by
        request = _user(ext, domain) if ext else e164(call.did, region) or remote
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
    """Unsigned ``call_events`` request (the outbox stores this)."""
    return PushRequest("POST", url, (JSON,), encode(body))


def sign(request: PushRequest, client_id: str, key: str) -> PushRequest:
    """Add ``X-Client-ID`` / ``X-Client-Sign`` over the request's exact body."""
    signature = rostelecom_sign(client_id, request.body, key)
    return request.with_headers(("X-Client-ID", client_id), ("X-Client-Sign", signature))
