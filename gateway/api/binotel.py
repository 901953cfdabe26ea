"""Seed 002 PBX-side methods (Binotel classic API shape) that Clinica Web calls.

``POST /stats/call-details.json``, ``/stats/call-record.json`` and
``/stats/calls/ext-to-phone.json``: raw JSON bodies carrying ``key`` and
``signature = md5(secret + json_encode(ksort(params)))``. Answers are signed
the same way. Errors: ``{"status": "error", "code": N, "message": "..."}``.
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

from fastapi import APIRouter, Request, Response

from core.calls.events import CallSnapshot, Direction, Outcome
from core.phone import dial_problem
from core.signing.binotel import sign_params, verify_params
from gateway.api.common import (
    gateway_of,
    json_response,
    log_inbound,
    object_schema,
    originate,
    parse_object,
)
from gateway.originate import OriginateError

router = APIRouter(prefix="/stats", tags=["binotel"])

BAD_JSON = (400, 110, "request body must be a JSON object")
BAD_KEY = (403, 120, "unknown key")
BAD_SIGNATURE = (403, 121, "wrong signature")
MISSING = 130
NOT_FOUND = (404, 140, "call not found")
NO_RECORD = (404, 150, "recording not found")
CALL_FAILED = 160

DISPOSITION = {
    Outcome.ANSWERED: "ANSWER",
    Outcome.ANSWERED_ELSEWHERE: "ANSWER",
    Outcome.TRANSFERRED_AWAY: "TRANSFER",
    Outcome.MISSED: "NOANSWER",
    Outcome.ABANDONED: "CANCEL",
    Outcome.BUSY: "BUSY",
    Outcome.FAILED: "CHANUNAVAIL",
}

ERRORS_DOC: dict[int | str, dict[str, Any]] = {
    400: {"description": "code 110/130: not a JSON object, missing parameter"},
    403: {"description": "code 120/121: unknown key, wrong signature"},
}


def _secret(request: Request) -> str:
    gw = gateway_of(request)
    cfg = gw.config.file.binotel
    assert cfg is not None
    return gw.config.secret(cfg.secret_env)


def signed(request: Request, body: dict[str, Any], status: int = 200) -> Response:
    body = {**body, "signature": sign_params(body, _secret(request))}
    return json_response(body, status)


def _error(request: Request, status: int, code: int, message: str) -> Response:
    return signed(request, {"status": "error", "code": code, "message": message}, status)


async def _checked(request: Request, body: bytes) -> Response | dict[str, Any]:
    cfg = gateway_of(request).config.file.binotel
    assert cfg is not None
    params = parse_object(body)
    if params is None:
        return _error(request, *BAD_JSON)
    key = params.get("key")
    if not isinstance(key, str) or not hmac.compare_digest(
        key.encode("utf-8", "replace"), cfg.key.encode()
    ):
        return _error(request, *BAD_KEY)
    if not verify_params(params, _secret(request)):
        return _error(request, *BAD_SIGNATURE)
    return params


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [
        str(item)
        for item in items
        if isinstance(item, str | int) and not isinstance(item, bool) and str(item)
    ]


def call_details(call: CallSnapshot, company_id: str) -> dict[str, Any]:
    """One ``callDetails`` entry in the seed's shape."""
    outbound = call.direction is Direction.OUTBOUND
    internal = call.answered_by or call.from_extension or (call.rang[0] if call.rang else "")
    targets = [call.remote_number or ""] if outbound else list(call.rang)
    details: dict[str, Any] = {
        "companyID": company_id,
        "generalCallID": call.call_id,
        "callID": call.call_id,
        "startTime": str(int(call.started_at)),
        "callType": "1" if outbound else "0",
        "internalNumber": internal,
        "internalAdditionalData": call.queue or "",
        "externalNumber": call.remote_number or "",
        "srcNumber": (call.from_extension or "") if outbound else (call.remote_number or ""),
        "customerData": {"id": "", "name": call.remote_name or ""},
        "employeeName": "",
        "employeeEmail": "",
        "dstNumbers": [{"dstNumber": number} for number in targets],
        "waitsec": round(call.wait_seconds),
        "billsec": str(round(call.talk_seconds)),
        "disposition": DISPOSITION.get(call.outcome, "ONLINE") if call.outcome else "ONLINE",
        "isNewCall": "0",
        "did": call.did or "",
        "didNumber": call.did or "",
        "didName": "",
    }
    return details


async def _respond(request: Request, method: str, body: bytes, handler: Any) -> Response:
    checked = await _checked(request, body)
    response = checked if isinstance(checked, Response) else await handler(request, checked)
    await log_inbound(request, "binotel", method, body, response)
    return response


DETAILS_BODY = object_schema(
    {
        "generalCallID": {"type": "array", "items": {"type": "string"}},
        "key": {"type": "string"},
        "signature": {"type": "string"},
    },
    ["generalCallID", "key", "signature"],
)


@router.post("/call-details.json", openapi_extra=DETAILS_BODY, responses=ERRORS_DOC)
async def call_details_endpoint(request: Request) -> Response:
    """Details of calls by ``generalCallID`` (a string or an array); unknown ids are left out."""
    return await _respond(request, "call-details", await request.body(), _details)


async def _details(request: Request, params: dict[str, Any]) -> Response:
    gw = gateway_of(request)
    ids = _ids(params.get("generalCallID"))[:100]
    if not ids:
        return _error(request, 400, MISSING, "generalCallID is required")
    company = gw.config.file.clinica.company_id if gw.config.file.clinica else ""
    found: dict[str, Any] = {}
    for call_id in ids:
        call = await gw.store.acall(call_id)
        if call is not None:
            found[call_id] = call_details(call, company)
    return signed(request, {"status": "success", "callDetails": found})


RECORD_BODY = object_schema(
    {"callID": {"type": "string"}, "key": {"type": "string"}, "signature": {"type": "string"}},
    ["callID", "key", "signature"],
)


@router.post(
    "/call-record.json",
    openapi_extra=RECORD_BODY,
    responses={**ERRORS_DOC, 404: {"description": "code 140/150"}},
)
async def call_record_endpoint(request: Request) -> Response:
    """A link (valid 15 minutes) to the recording of ``callID``."""
    return await _respond(request, "call-record", await request.body(), _record)


async def _record(request: Request, params: dict[str, Any]) -> Response:
    gw = gateway_of(request)
    ids = _ids(params.get("callID"))
    if not ids:
        return _error(request, 400, MISSING, "callID is required")
    call = await gw.store.acall(ids[0])
    if call is None:
        return _error(request, *NOT_FOUND)
    url = await asyncio.to_thread(gw.links.short_url, call)
    if not url:
        return _error(request, *NO_RECORD)
    return signed(request, {"status": "success", "url": url})


EXT_BODY = object_schema(
    {
        "ext_number": {"type": "string"},
        "phone_number": {"type": "string"},
        "key": {"type": "string"},
        "signature": {"type": "string"},
    },
    ["ext_number", "phone_number", "key", "signature"],
)


@router.post("/calls/ext-to-phone.json", openapi_extra=EXT_BODY, responses=ERRORS_DOC)
async def ext_to_phone_endpoint(request: Request) -> Response:
    """Ring ``ext_number``, then dial ``phone_number``; answers the new ``generalCallID``."""
    return await _respond(request, "ext-to-phone", await request.body(), _ext_to_phone)


async def _ext_to_phone(request: Request, params: dict[str, Any]) -> Response:
    cfg = gateway_of(request).config.file.binotel
    assert cfg is not None
    ext = (_ids(params.get("ext_number")) or [""])[0]
    phone = (_ids(params.get("phone_number")) or [""])[0]
    if not ext or not phone:
        return _error(request, 400, MISSING, "ext_number and phone_number are required")
    if (problem := dial_problem(ext, phone)) is not None:
        return _error(request, 400, MISSING, f"malformed ext_number or phone_number: {problem}")
    try:
        call_id = await originate(request, cfg, ext, phone)
    except OriginateError as exc:
        return _error(request, 200, CALL_FAILED, f"call failed: {exc.words}")
    return signed(request, {"status": "success", "generalCallID": call_id})
