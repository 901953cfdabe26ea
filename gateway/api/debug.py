"""Seed 004's debugging tools as an API and a small HTML page.

* ``GET /debug/log`` — the request/response log, filtered by method, direction
  (``in`` = requests from the external system, ``out`` = requests to it) and system.
* ``DELETE /debug/log`` — clear it.
* ``POST /debug/test-notification`` — send a test ``call_events`` notification
  (``new`` / ``connected`` / ``disconnected``) to the external system now,
  signed like the real ones, and show its answer.
* ``GET /debug`` — the page that does all of the above.
"""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import asdict
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from core.calls.events import CallSnapshot, Direction, Outcome
from core.crm import rostelecom
from core.history.worker import DeliveryError
from gateway.api.common import client_ip, gateway_of, ip_allowed, json_response, parse_object
from gateway.links import public_url


async def _admin_only(request: Request) -> None:
    """The log shows call data: only ``[server] debug_allowed_ips`` (loopback by default).

    The ``Host`` must also be an IP address, ``localhost`` or the gateway's own
    public name: a web page open in the admin's browser could otherwise rebind
    its own DNS name to 127.0.0.1 and read the log from "loopback".
    """
    gw = gateway_of(request)
    allowed = gw.config.file.server.debug_allowed_ips
    ip = client_ip(request)
    if not ip_allowed(ip, allowed) or not allowed:
        raise HTTPException(403, f"the debug tools are not open to {ip or 'this address'}")
    if not _own_host(request.headers.get("host", ""), public_url(gw.config)):
        raise HTTPException(403, "the debug tools answer only to the gateway's own host name")


def _own_host(host: str, public: str) -> bool:
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:
        return False
    if not name:
        return False
    if name == "localhost" or name == urlsplit(public).hostname:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


router = APIRouter(prefix="/debug", tags=["debug"], dependencies=[Depends(_admin_only)])
STATES = ("new", "connected", "disconnected")


@router.get("/log")
async def read_log(
    request: Request,
    method: Annotated[str | None, Query(max_length=64)] = None,
    direction: Annotated[str | None, Query(pattern="^(in|out)$")] = None,
    system: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Newest first."""
    store = gateway_of(request).store
    items = await asyncio.to_thread(
        store.exchanges, method=method, direction=direction, system=system, limit=limit
    )
    return {"items": [asdict(item) for item in items]}


@router.delete("/log")
async def clear_log(request: Request) -> dict[str, int]:
    return {"deleted": await asyncio.to_thread(gateway_of(request).store.clear_exchanges)}


def test_call(now: float, state: str) -> CallSnapshot:
    """The seed's example call (numbers from seed 004's samples)."""
    return CallSnapshot(
        call_id=f"test-{int(now)}",
        direction=Direction.INBOUND,
        remote_number="+74951234567",
        remote_name=None,
        did="+74991234567",
        answered_by="317" if state != "new" else None,
        outcome=Outcome.ABANDONED if state == "disconnected" else None,
        started_at=now,
    )


TEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"state": {"type": "string", "enum": list(STATES)}},
                    "required": ["state"],
                }
            }
        },
    }
}


@router.post(
    "/test-notification",
    openapi_extra=TEST_BODY,
    responses={
        400: {"description": "bad state"},
        404: {"description": "no call_events URL"},
        415: {"description": "not a JSON request"},
    },
)
async def test_notification(request: Request) -> Response:
    """Send one test ``call_events`` to the external system and report its answer."""
    gw = gateway_of(request)
    rt = gw.config.file.rostelecom
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        # a web page elsewhere can make the admin's browser POST a form or text/plain here
        # without a CORS preflight; JSON cannot be sent cross-site that way
        return json_response({"sent": False, "error": "Content-Type must be application/json"}, 415)
    data = parse_object(await request.body()) or {}
    state = data.get("state")
    if state not in STATES:
        return json_response(
            {"sent": False, "error": "state must be new, connected or disconnected"}, 400
        )
    if rt is None or not rt.callback_url:
        return json_response(
            {"sent": False, "error": "rostelecom.callback_url is not configured"}, 404
        )
    now = gw.clock()
    call = test_call(now, str(state))
    body = rostelecom.event_body(
        call, str(state), timestamp=now, domain=rt.domain, region=gw.config.file.server.region
    )
    push = rostelecom.call_event(rt.callback_url, body)
    try:
        response = await gw.sender.send("rostelecom", push, note="test")
    except DeliveryError as exc:
        return json_response({"sent": False, "error": str(exc), "request": body})
    return json_response(
        {
            "sent": True,
            "status": response.status_code,
            "request": body,
            "response": response.text[:4000],
        }
    )


@router.get("", response_class=HTMLResponse, include_in_schema=True)
async def page() -> HTMLResponse:
    """The debugging page (log viewer with filters, test notifications)."""
    html = resources.files("gateway").joinpath("debug.html").read_text(encoding="utf-8")
    return HTMLResponse(html)
