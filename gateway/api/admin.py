"""The admin's HTTP view of the outbox: dead pushes listed, retried or dropped.

* ``GET    /admin/outbox``             pending / failing / dead counts and the dead items
* ``POST   /admin/outbox/{id}/retry``  put a dead item back in the queue (now)
* ``POST   /admin/outbox/retry-dead``  every dead item back in the queue
* ``DELETE /admin/outbox/{id}``        forget a dead item

Every route needs ``Authorization: Bearer <token>``, the token being the secret
named by ``[server] admin_token_env``; without that secret the admin API is
off (every route answers 404, as if it did not exist). The same operations are
``ringside gateway outbox list|retry|drop`` on the command line.
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request

from core.history.outbox import OutboxItem
from gateway.api.common import gateway_of


def item_to_json(item: OutboxItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "target": item.target,
        "kind": item.kind,
        "key": item.idempotency_key,
        "state": item.state,
        "attempts": item.attempts,
        "created_at": item.created_at,
        "last_attempt_at": item.last_attempt_at,
        "last_error": item.last_error,
    }


async def _admin_token(request: Request) -> None:
    gw = gateway_of(request)
    expected = gw.config.secret(gw.config.file.server.admin_token_env)
    if not expected:
        raise HTTPException(404, "Not Found")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    given = token.strip() if scheme.lower() == "bearer" else ""
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(401, "A valid admin bearer token is required.",
                            {"WWW-Authenticate": "Bearer"})  # fmt: skip


ItemId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # a SQLite rowid
router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(_admin_token)])


@router.get("/outbox")
async def list_outbox(request: Request) -> dict[str, Any]:
    outbox = gateway_of(request).outbox
    stats = await asyncio.to_thread(outbox.stats)
    dead = await asyncio.to_thread(outbox.dead)
    return {
        "pending": stats.pending,
        "failing": stats.failing,
        "dead": stats.dead,
        "resent": stats.resent,
        "items": [item_to_json(item) for item in dead],
    }


@router.post("/outbox/retry-dead")
async def retry_dead(request: Request) -> dict[str, Any]:
    gw = gateway_of(request)
    dead = await asyncio.to_thread(gw.outbox.dead)
    retried = [item.id for item in dead if await asyncio.to_thread(gw.outbox.retry, item.id)]
    gw.worker.kick()
    return {"retried": retried}


@router.post("/outbox/{item_id}/retry")
async def retry_item(request: Request, item_id: ItemId) -> dict[str, Any]:
    gw = gateway_of(request)
    if not await asyncio.to_thread(gw.outbox.retry, item_id):
        raise HTTPException(404, f"No dead outbox item {item_id}.")
    gw.worker.kick()
    return {"retried": [item_id]}


@router.delete("/outbox/{item_id}")
async def drop_item(request: Request, item_id: ItemId) -> dict[str, Any]:
    if not await asyncio.to_thread(gateway_of(request).outbox.drop, item_id):
        raise HTTPException(404, f"No dead outbox item {item_id}.")
    return {"dropped": [item_id]}
