"""A fresh PBX simulator on an ephemeral loopback port for every test that asks for ``sim``.

Users: ``demo``/``demo`` (the AMI tests), ``companion``/``companion-secret`` (the
simulator's wire tests) and ``limited``, whose read/write classes mirror
transcript 10.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.sim.server import PBXSimulator, SimUser

USERS = {
    "demo": SimUser("demo"),
    "companion": SimUser("companion-secret"),
    "limited": SimUser("limited-secret", read=frozenset({"call"}), write=frozenset({"originate"})),
}


@pytest.fixture
async def sim() -> AsyncIterator[PBXSimulator]:
    server = PBXSimulator(port=0, users=dict(USERS), speed=50.0)
    await server.start()
    yield server
    await server.stop()
