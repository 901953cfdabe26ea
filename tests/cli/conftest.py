"""CLI tests: a simulator on an ephemeral port and the secret in the environment."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.sim.server import PBXSimulator, SimUser

USERS = {
    "demo": SimUser("demo"),
    "limited": SimUser("limited-secret", read=frozenset({"call"}), write=frozenset({"originate"})),
    "agentonly": SimUser(
        "agent-secret", read=frozenset({"call", "agent"}), write=frozenset({"agent"})
    ),
}


@pytest.fixture
async def sim(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[PBXSimulator]:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "demo")
    server = PBXSimulator(port=0, users=dict(USERS), speed=50.0)
    await server.start()
    yield server
    await server.stop()
