"""The hub's HTTP and WebSocket API (``/hub/...``), a thin layer over :class:`HubServer`.

* ``POST /hub/login`` ``{"user","password"}`` -> ``{"token","expires_at","user","role"}``
* ``POST /hub/refresh`` (Bearer) -> a fresh token; ``POST /hub/logout`` revokes it
* ``GET /hub/me`` (Bearer) -> the account's profile (CRM, popup, recordings, permissions)
* ``GET /hub/calls`` (Bearer) -> the calls in the account's scope now
* ``POST /hub/commands/{op}`` (Bearer, JSON args) -> the same commands as over the socket
* ``WS /hub/ws`` -> hello, welcome, events, commands (:mod:`core.hub.wire`)

Refusals: 401 for a missing/unknown/expired/revoked token, 403 for out-of-scope
commands, 400 for bad arguments, 502 when the PBX refused, 503 when a part is not
configured; each with ``detail`` in words.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from core.hub import wire
from core.hub.scope import Scope
from gateway.hub.accounts import AuthError, Session, token_hash
from gateway.hub.server import CommandError, HubServer

log = logging.getLogger("gateway.hub")
audit = logging.getLogger("gateway.hub.audit")

STATUS = {
    "bad_request": 400,
    "forbidden": 403,
    "unauthorized": 401,
    "failed": 502,
    "unavailable": 503,
}


class LoginBody(BaseModel):
    user: str = Field(..., min_length=1, max_length=64)
    password: str = Field(..., min_length=1, max_length=1024)


class _Socket:
    """Starlette's WebSocket as the hub's :class:`~gateway.hub.server.Connection`."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws

    async def send_text(self, text: str) -> None:
        await self.ws.send_text(text)

    async def close(self, code: int = 1000) -> None:
        await self.ws.close(code)


def _hub(request: Request) -> HubServer:
    hub: HubServer = request.app.state.hub
    return hub


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "Sign in first (Authorization: Bearer <token>)")
    return token.strip()


async def _session(request: Request) -> tuple[str, Session, Scope]:
    token = _bearer(request)
    try:
        session, scope = await _hub(request).authenticate(token)
    except AuthError as exc:
        audit.warning("hub refused %s %s: %s", request.method, request.url.path, exc)
        raise HTTPException(401, str(exc)) from None
    return token, session, scope


def build_router() -> APIRouter:
    router = APIRouter(prefix="/hub", tags=["hub"])

    @router.post("/login")
    async def login(body: LoginBody, request: Request) -> dict[str, Any]:
        hub = _hub(request)
        accounts = hub.accounts
        try:
            account = await asyncio.to_thread(accounts.authenticate, body.user, body.password)
        except AuthError as exc:
            client = request.client.host if request.client else "?"
            audit.warning("hub login refused for %r from %s: %s", body.user, client, exc)
            raise HTTPException(401, str(exc)) from None
        token, expires = await asyncio.to_thread(accounts.issue_token, account.name)
        log.info("hub: %s signed in", account.name)
        return {
            "token": token,
            "expires_at": expires,
            "user": account.name,
            "role": account.role.value,
        }

    @router.post("/refresh")
    async def refresh(request: Request) -> dict[str, Any]:
        token, session, _scope = await _session(request)
        hub = _hub(request)
        new, expires = await asyncio.to_thread(hub.accounts.refresh, token)
        hub.rebind(session.token_hash, Session(session.account, token_hash(new), expires))
        return {
            "token": new,
            "expires_at": expires,
            "user": session.account.name,
            "role": session.account.role.value,
        }

    @router.post("/logout")
    async def logout(request: Request) -> dict[str, Any]:
        token, _s, _scope = await _session(request)
        await asyncio.to_thread(_hub(request).accounts.revoke, token)
        return {"ok": True}

    @router.get("/me")
    async def me(request: Request) -> dict[str, Any]:
        _token, _s, scope = await _session(request)
        return _hub(request).profile(scope)

    @router.get("/calls")
    async def calls(request: Request) -> list[dict[str, Any]]:
        _token, _s, scope = await _session(request)
        return [wire.snapshot_to_dict(call) for call in _hub(request).calls_in(scope)]

    @router.post("/commands/{op}")
    async def command(op: str, request: Request) -> JSONResponse:
        _token, _s, scope = await _session(request)
        try:
            args = await request.json() if await request.body() else {}
        except ValueError:
            raise HTTPException(
                400, "The body must be a JSON object of the command's arguments"
            ) from None
        if not isinstance(args, dict):
            raise HTTPException(400, "The body must be a JSON object of the command's arguments")
        if op not in wire.OPS:
            raise HTTPException(404, f"Unknown command “{op}”")
        try:
            result = await _hub(request).command(scope, op, args)
        except CommandError as exc:
            return JSONResponse(
                {"detail": str(exc), "code": exc.code}, status_code=STATUS.get(exc.code, 500)
            )
        return JSONResponse({"result": result})

    @router.websocket("/ws")
    async def socket(ws: WebSocket) -> None:
        hub: HubServer = ws.app.state.hub
        await ws.accept()
        conn = _Socket(ws)
        try:
            first = await asyncio.wait_for(ws.receive_text(), 15.0)
        except (TimeoutError, WebSocketDisconnect, RuntimeError, KeyError):
            await hub._refuse(conn, "bad_request", "Send a hello first")
            return
        desktop = await hub.open(conn, first)
        if desktop is None:
            return
        try:
            while True:
                hub.frame(desktop, await ws.receive_text())
        except (WebSocketDisconnect, RuntimeError, KeyError):
            pass
        finally:
            await hub.closed(desktop)
            log.info("hub: %s disconnected", desktop.scope.user)

    return router
