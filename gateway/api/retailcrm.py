"""retailCRM-facing inbound API: click-to-call (``makeCallUrl``) and seed 003's module API.

* ``GET|POST /retailcrm/make-call`` — retailCRM's ``makeCallUrl`` (clientId, code,
  phone, userId, externalPhone) -> AMI Originate.
* ``GET /api/manager`` — for the dialplan's ``CURL()``: the caller's name and
  responsible manager's extension (``type=json`` or ``type=text``:
  ``<CallerID name>,<extension>``), from retailCRM ``telephony/manager``.
* ``GET /api/event`` — call events from the dialplan (``in``/``out``/``hangup``/
  ``upload``) forwarded to retailCRM through the outbox.

All authenticate by ``clientId``; errors are ``{"success": false, "errorMsg": ...}``.
"""

from __future__ import annotations

import hmac
import logging
from typing import Annotated, Any
from urllib.parse import parse_qsl

import httpx
from fastapi import APIRouter, Query, Request, Response

from core.crm.retailcrm import dialplan_pushes
from core.phone import dial_problem
from gateway.api.common import gateway_of, json_response, log_inbound, originate
from gateway.originate import OriginateError

log = logging.getLogger(__name__)
router = APIRouter(tags=["retailcrm"])

ERRORS_DOC: dict[int | str, dict[str, Any]] = {
    400: {"description": "a required parameter is missing or malformed"},
    403: {"description": "wrong clientId"},
}
LOOKUP_TIMEOUT = 3.0  # the dialplan's CURL() gives up after ~5 s


def _error(status: int, message: str) -> Response:
    return json_response({"success": False, "errorMsg": message}, status)


def _client_ok(request: Request, client_id: str | None) -> bool:
    crm = gateway_of(request).config.file.retailcrm
    assert crm is not None
    given = (client_id or "").encode("utf-8", "replace")
    return hmac.compare_digest(given, crm.client_id.encode())


# -- makeCallUrl -------------------------------------------------------------
MAKE_CALL_DOC: dict[int | str, dict[str, Any]] = {**ERRORS_DOC}
MAKE_CALL_FIELDS = ("clientId", "code", "phone", "userId", "externalPhone")
MAKE_CALL_FORM = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {k: {"type": "string"} for k in MAKE_CALL_FIELDS},
                }
            }
        }
    }
}


@router.get("/retailcrm/make-call", responses=MAKE_CALL_DOC)
async def make_call(
    request: Request,
    clientId: Annotated[str | None, Query()] = None,
    code: Annotated[str | None, Query(description="operator's extension")] = None,
    phone: Annotated[str | None, Query(description="number to call")] = None,
    userId: Annotated[str | None, Query()] = None,
    externalPhone: Annotated[str | None, Query()] = None,
) -> Response:
    """retailCRM click-to-call (``makeCallUrl``): ring extension ``code``, then dial ``phone``."""
    response = await _make_call(request, {"clientId": clientId, "code": code, "phone": phone})
    await log_inbound(request, "retailcrm", "make-call", b"", response)
    return response


@router.post("/retailcrm/make-call", openapi_extra=MAKE_CALL_FORM, responses=MAKE_CALL_DOC)
async def make_call_form(request: Request) -> Response:
    """The same as a form POST (fields in the body or the query string)."""
    body = await request.body()
    form = dict(parse_qsl(body.decode("utf-8", "replace")))
    query = request.query_params
    params = {k: form.get(k) or query.get(k) for k in ("clientId", "code", "phone")}
    response = await _make_call(request, params)
    await log_inbound(request, "retailcrm", "make-call", body, response)
    return response


async def _make_call(request: Request, params: dict[str, str | None]) -> Response:
    if not _client_ok(request, params["clientId"]):
        return _error(403, "Invalid clientId")
    code, phone = (params["code"] or "").strip(), (params["phone"] or "").strip()
    if not code or not phone:
        return _error(400, "Parameters 'code' and 'phone' are required")
    if (problem := dial_problem(code, phone)) is not None:
        return _error(400, f"Malformed 'code' or 'phone': {problem}")
    crm = gateway_of(request).config.file.retailcrm
    assert crm is not None
    try:
        call_id = await originate(request, crm, code, phone, crm.caller_id_name)
    except OriginateError as exc:
        # a refusal by the PBX is an answer, not a gateway fault: 200 + success false
        return _error(200, f"Call failed: {exc.words}")
    return json_response({"success": True, "callId": call_id})


# -- /api/manager ------------------------------------------------------------
async def fetch_manager(
    client: httpx.AsyncClient, base_url: str, api_key: str, phone: str, ignore_status: bool
) -> tuple[str, str]:
    """(customer name, manager extension) from retailCRM ``telephony/manager``; ('', '') on any failure."""
    try:
        response = await client.get(
            f"{base_url.rstrip('/')}/api/v5/telephony/manager",
            params={"phone": phone, "details": "1", "ignoreStatus": "1" if ignore_status else "0"},
            headers={"X-API-KEY": api_key},
            timeout=LOOKUP_TIMEOUT,
        )
        data = response.json() if response.status_code == 200 else {}
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("retailCRM manager lookup failed: %s", type(exc).__name__)
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    customer: dict[str, Any] = data["customer"] if isinstance(data.get("customer"), dict) else {}
    manager: dict[str, Any] = data["manager"] if isinstance(data.get("manager"), dict) else {}
    parts = (customer.get("firstName"), customer.get("lastName"))
    name = " ".join(str(p).strip() for p in parts if p and str(p).strip())
    return name, str(manager.get("code") or "")


@router.get("/api/manager", responses=ERRORS_DOC)
async def api_manager(
    request: Request,
    clientId: Annotated[str | None, Query()] = None,
    phone: Annotated[str | None, Query()] = None,
    type: Annotated[str | None, Query(description="json or text")] = None,
    ignoreStatus: Annotated[str | None, Query()] = None,
    ignoreBlankCaller: Annotated[str | None, Query()] = None,
) -> Response:
    """Caller name and responsible manager for ``phone`` (seed 003 §2.2.1)."""
    response = await _manager(request, clientId, phone, type, ignoreStatus, ignoreBlankCaller)
    await log_inbound(request, "retailcrm", "manager", b"", response)
    return response


async def _manager(
    request: Request,
    client_id: str | None,
    phone: str | None,
    kind: str | None,
    ignore_status: str | None,
    ignore_blank: str | None,
) -> Response:
    if not _client_ok(request, client_id):
        return _error(403, "Invalid clientId")
    phone = (phone or "").strip()
    if not phone or kind not in ("json", "text"):
        return _error(400, "Parameters 'phone' and 'type' (json|text) are required")
    gw = gateway_of(request)
    crm = gw.config.file.retailcrm
    assert crm is not None
    api_key = gw.config.secret(crm.api_key_env)
    name, code = await fetch_manager(gw.http, crm.url, api_key, phone, ignore_status is not None)
    if not name and ignore_blank is None:
        name = phone
    if name and crm.caller_id_prefix:
        name = f"{crm.caller_id_prefix}: {name}"
    if kind == "text":
        # ARRAY(V_CALLERNAME,V_CODE) splits on commas: keep the name free of them
        text = f"{name.replace(',', ' ')},{code}"
        return Response(text.encode("utf-8"), 200, media_type="text/plain; charset=utf-8")
    return json_response({"success": True, "result": {"callerId": name, "phone": code}})


# -- /api/event --------------------------------------------------------------
# the translation into retailCRM requests is core.crm.retailcrm.dialplan_pushes


@router.get("/api/event", responses=ERRORS_DOC)
async def api_event(
    request: Request,
    clientId: Annotated[str | None, Query()] = None,
    type: Annotated[str | None, Query(description="in, out, hangup or upload")] = None,
    uniqueid: Annotated[str | None, Query()] = None,
    phone: Annotated[str | None, Query()] = None,
    code: Annotated[str | None, Query(description="extension(s), comma-separated for 'in'")] = None,
    status: Annotated[str | None, Query(description="hangup: ANSWER(ED), CANCEL, BUSY")] = None,
    direct: Annotated[str | None, Query(description="hangup: in or out")] = None,
    date: Annotated[str | None, Query(description="hangup: YYYY-MM-DD HH:MM:SS")] = None,
    hold: Annotated[str | None, Query()] = None,
    duration: Annotated[str | None, Query()] = None,
    path: Annotated[str | None, Query(description="hangup: URL of the recording")] = None,
    extPhone: Annotated[str | None, Query()] = None,
) -> Response:
    """Call event from the dialplan (seed 003 §2.2.2), forwarded to retailCRM."""
    response = await _event(request)
    await log_inbound(request, "retailcrm", "event", b"", response)
    return response


async def _event(request: Request) -> Response:
    q = dict(request.query_params)
    if not _client_ok(request, q.get("clientId")):
        return _error(403, "Invalid clientId")
    missing = [name for name in ("type", "uniqueid", "phone") if not q.get(name, "").strip()]
    if q.get("type") not in ("in", "out", "hangup", "upload"):
        missing.append("type")
    if missing:
        return _error(400, f"Parameter '{missing[0]}' is required (type: in, out, hangup, upload)")
    if q["type"] == "upload":
        # recordings stay on the PBX and are served by the gateway's recordings router
        return json_response({"success": True})
    gw = gateway_of(request)
    crm = gw.config.file.retailcrm
    assert crm is not None
    pushes = dialplan_pushes(crm.url, crm.site, q, shared_keys=crm.events_from == "both")
    if isinstance(pushes, str):
        return _error(400, pushes)
    if crm.events_from == "ami":  # AMI already reports this call: accepted, not forwarded
        return json_response({"success": True})
    await gw.enqueue(pushes)
    return json_response({"success": True})
