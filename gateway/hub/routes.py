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
import time
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


class LoginThrottle:
    """At most ``limit`` failed sign-ins per key (a user name, a client address) per ``window`` s."""

    def __init__(self, limit: int = 5, window: float = 60.0, clock: Any = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, list[float]] = {}

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def blocked(self, *keys: str) -> bool:
        return any(len(self._recent(key)) >= self.limit for key in keys)

    def failed(self, *keys: str) -> None:
        for key in keys:
            self._recent(key)
            self._failures.setdefault(key, []).append(self.clock())
        if len(self._failures) > 10_000:  # a spray of names: forget the oldest
            for key in list(self._failures)[:5_000]:
                del self._failures[key]


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
    by_user, by_client = (
        LoginThrottle(5),
        LoginThrottle(30),
    )  # a call center may share one NAT address

    @router.post("/login")
    async def login(body: LoginBody, request: Request) -> dict[str, Any]:
        hub = _hub(request)
        accounts = hub.accounts
        client = request.client.host if request.client else "?"
        if by_user.blocked(body.user) or by_client.blocked(client):
            audit.warning("hub login throttled for %r from %s", body.user, client)
            raise HTTPException(429, "Too many failed sign-ins: wait a minute and try again")
        try:
            account = await asyncio.to_thread(accounts.authenticate, body.user, body.password)
        except AuthError as exc:
            by_user.failed(body.user)
            by_client.failed(client)
            audit.warning("hub login refused for %r from %s: %s", body.user, client, exc,
                          extra={"hub_event": "login-refused", "user": body.user, "client": client})  # fmt: skip
            raise HTTPException(401, str(exc)) from None
        token, expires = await asyncio.to_thread(accounts.issue_token, account.name)
        log.info(
            "hub: %s signed in", account.name, extra={"hub_event": "login", "user": account.name}
        )
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
