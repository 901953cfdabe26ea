"""Shared parts of the hub tests: the simulator, the hub under uvicorn, accounts, clients."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from core.calls.events import CallEvent, CallRinging
from core.calls.feed import FeedEvent, LinkState
from core.hub.client import HubFeed, HubToken
from gateway.config import GatewayConfig
from gateway.hub.accounts import Accounts
from tests.fakes.gateway import gateway_config, serve

PASSWORD = "correct horse 1"
FAST_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

# user -> (role, team, extensions)
USERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "101": ("operator", "sales", ("101",)),
    "102": ("operator", "sales", ("102",)),
    "103": ("operator", "support", ("103",)),
    "anna": ("supervisor", "sales", ("104",)),
    "root": ("admin", "", ("100",)),
}


ENDPOINTS = {"100": "answer", "101": "answer", "102": "answer", "103": "busy", "104": "answer"}


def hub_config(data_dir: Path, ami_port: int, **hub: Any) -> GatewayConfig:
    settings = {"enabled": True, "sync_grace": 0.2, "recheck": 0.3, **hub}
    return gateway_config(data_dir, ami_port=ami_port, hub=settings)


def add_users(
    config: GatewayConfig, users: dict[str, tuple[str, str, tuple[str, ...]]] = USERS
) -> None:
    accounts = Accounts(config.data_dir / "hub.sqlite3", hasher=FAST_HASH)
    try:
        for name, (role, team, exts) in users.items():
            accounts.add(
                name,
                display=f"User {name}",
                role=role,
                team=team,
                extensions=exts,
                password=PASSWORD,
            )
    finally:
        accounts.close()


@asynccontextmanager
async def running_hub(config: GatewayConfig) -> AsyncIterator[tuple[str, Any]]:
    async with serve(config) as (url, app):
        yield url, app


@dataclass
class Desk:
    """A headless desktop: a HubFeed and everything it delivered."""

    feed: HubFeed
    events: list[FeedEvent] = field(default_factory=list)
    tokens: list[HubToken | None] = field(default_factory=list)

    def calls(self) -> list[CallEvent]:
        return [e for e in self.events if isinstance(e, CallEvent)]

    def rings(self, call_id: str | None = None) -> list[CallRinging]:
        return [
            e
            for e in self.events
            if isinstance(e, CallRinging) and (call_id is None or e.call.call_id == call_id)
        ]

    def of(self, kind: type, call_id: str | None = None) -> list[Any]:
        return [
            e
            for e in self.events
            if isinstance(e, kind) and (call_id is None or e.call.call_id == call_id)
        ]


def desk(url: str, user: str, password: str | None = PASSWORD, **kwargs: Any) -> Desk:
    box: Desk
    feed = HubFeed(
        url,
        user,
        password=password,
        on_token=lambda t: box.tokens.append(t),
        backoff=(0.05, 0.3),
        **kwargs,
    )
    box = Desk(feed)
    feed.subscribe(box.events.append)
    return box


@asynccontextmanager
async def desks(url: str, *users: str) -> AsyncIterator[list[Desk]]:
    boxes = [desk(url, user) for user in users]
    for box in boxes:
        await box.feed.start()
    try:
        await wait_for(lambda: all(b.feed.status.state is LinkState.READY for b in boxes), 60)
        yield boxes
    finally:
        for box in boxes:
            await box.feed.stop()


async def wait_for(predicate: Any, within: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)
