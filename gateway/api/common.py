"""Helpers every inbound router shares: the runtime, JSON bytes, the exchange log."""

from __future__ import annotations

import ipaddress
import json
from typing import TYPE_CHECKING, Any, Protocol

from fastapi import Request, Response

from core.phone import dial_problem
from gateway.originate import OriginateError
from gateway.redact import redact_body_async, redact_query
from gateway.strict_json import JSONRejected, loads_object

if TYPE_CHECKING:
    from gateway.runtime import Gateway


def gateway_of(request: Request) -> Gateway:
    return request.app.state.gateway  # type: ignore[no-any-return]


class Dialplan(Protocol):
    """A CRM section's originate settings (``channel_format`` with ``##``, ``context``)."""

    channel_format: str
    context: str


async def originate(
    request: Request, dialplan: Dialplan, extension: str, number: str, caller_id_name: str = ""
) -> str:
    """Ring ``extension`` as the section says, then dial ``number``; the new call's id.

    Raises ``gateway.originate.OriginateError`` (in words) when the PBX refuses, or
    when the extension or number is not dialable (callers check
    ``core.phone.dial_problem`` first to answer their protocol's "bad request"; this
    is the last line). The feed cleans the number (``core.phone.clean_dial_number``).
    """
    problem = dial_problem(extension, number)
    if problem is not None:
        raise OriginateError(problem)
    return await gateway_of(request).originator.originate(
        extension,
        number,
        channel_format=dialplan.channel_format,
        context=dialplan.context,
        caller_id_name=caller_id_name,
    )


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def ip_allowed(ip: str, allowed: list[str]) -> bool:
    """True when ``ip`` is in one of the ``allowed`` networks (an empty list allows all)."""
    if not allowed:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(item, strict=False) for item in allowed)


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json_bytes(value), status, headers=headers, media_type="application/json")


def redact_client_id(text: str) -> str:
    """``clientId`` (and any other credential parameter) authenticates requests: keep it
    out of the log. Kept under its old name; see ``gateway.redact.redact_query``."""
    return redact_query(text)


async def log_inbound(
    request: Request, system: str, method: str, body: bytes, response: Response, note: str = ""
) -> None:
    """Write one inbound request and our answer to the request/response log."""
    text = body.decode("utf-8", "replace") if body else str(request.url.query)
    await gateway_of(request).store.alog_exchange(
        direction="in",
        system=system,
        method=method,
        status=response.status_code,
        request_headers=list(request.headers.items()),
        request_body=await redact_body_async(text),
        response_body=bytes(response.body),
        remote=client_ip(request),
        note=note,
    )


def object_schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """``openapi_extra`` for a raw JSON body (parsed by hand: signatures need the exact bytes)."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": properties, "required": required}
                }
            },
        }
    }


def parse_object(body: bytes) -> dict[str, Any] | None:
    """A JSON object from ``body``, or None for anything else (bad UTF-8, arrays, garbage,
    ``NaN``/``Infinity``/``1e999``, deep nesting: see ``gateway.strict_json``)."""
    try:
        return loads_object(body)
    except JSONRejected:
        return None
