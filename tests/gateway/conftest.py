"""Fixtures: a gateway app reached through httpx's ASGI transport (no sockets, no AMI)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakes.gateway import FakeClock, make_client


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def asgi(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    client, app = await make_client(tmp_path, clock)
    try:
        yield client, app
    finally:
        await client.aclose()
        await app.state.gateway.stop()
