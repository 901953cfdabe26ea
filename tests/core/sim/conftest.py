"""A fresh simulator on an ephemeral loopback port for every test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.sim.server import PBXSimulator, SimUser

USERS = {
    "companion": SimUser("companion-secret"),
    "limited": SimUser("limited-secret", read=frozenset({"call"}), write=frozenset({"originate"})),
}


@pytest.fixture
async def sim() -> AsyncIterator[PBXSimulator]:
    server = PBXSimulator(port=0, users=dict(USERS), speed=50.0)
    await server.start()
    yield server
    await server.stop()
