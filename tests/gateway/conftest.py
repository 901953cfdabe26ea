"""Fixtures: a gateway app reached through httpx's ASGI transport (no sockets, no AMI)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.ami.connection import Response
from gateway.app import create_app
from tests.gateway.helpers import gateway_config


class FakeClock:
    def __init__(self, now: float = 1_795_360_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class FakeAmi:
    """Stands in for AMIConnection in HTTP-only tests: records actions, answers Success."""

    def __init__(self, message: str = "", success: bool = True) -> None:
        self.actions: list[tuple[str, dict[str, Any]]] = []
        self.success, self.message = success, message

    async def send_action(self, name: str, fields: Any = None, **_: Any) -> Response:
        self.actions.append((name, dict(fields or {})))
        final = {"Event": "OriginateResponse", "Response": "Success", "Reason": "4"}
        final["Uniqueid"] = str((fields or {}).get("ChannelId", ""))
        return Response(name, self.success, self.message, {}, (final,) if self.success else ())


async def make_client(
    tmp_path: Path, clock: FakeClock, *, ip: str = "127.0.0.1", ami: Any = None, **config: Any
) -> tuple[httpx.AsyncClient, Any]:
    config.setdefault("retailcrm_url", "http://127.0.0.1:9")
    config.setdefault("clinica_url", "http://127.0.0.1:9/api/Binotel/Push")
    cfg = gateway_config(tmp_path, server={"public_url": "http://gw.test"}, **config)
    app = create_app(cfg, clock=clock, ami=ami)
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gw.test"), app


@pytest.fixture
async def asgi(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    client, app = await make_client(tmp_path, clock)
    try:
        yield client, app
    finally:
        await client.aclose()
        await app.state.gateway.stop()
