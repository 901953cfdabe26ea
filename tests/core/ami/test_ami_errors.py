"""Typed errors read well, backoff stays in bounds, timeouts and drops are typed."""

from __future__ import annotations

import asyncio
import random

import pytest

from core.ami.connection import AMIConnection, backoff_delay
from core.ami.errors import (
    ActionTimeout,
    ConnectionLost,
    OriginateFailed,
    PermissionDenied,
    required_classes,
)
from core.sim.server import PBXSimulator


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (0, "could not be placed"),
        (1, "hung up"),
        (3, "nobody answered"),
        (5, "busy"),
        (8, "congested"),
        (42, "reason 42"),
    ],
)
def test_originate_reason_codes_in_words(code: int, words: str) -> None:
    error = OriginateFailed.from_reason(code)
    assert error.reason_code == code and words in str(error)


def test_originate_error_responses_in_words() -> None:
    assert "does not exist" in str(OriginateFailed.from_response("Extension does not exist."))
    assert "could not be placed" in str(OriginateFailed.from_response("Originate failed"))


@pytest.mark.parametrize(
    ("action", "missing"),
    [("Originate", "originate"), ("QueuePause", "agent"), ("QueueAdd", "agent"), ("Command", "command"),
     ("CoreShowChannels", "system or reporting"), ("Filter", "system"), ("DBPut", "system")],
)  # fmt: skip
def test_permission_denied_names_the_class(action: str, missing: str) -> None:
    error = PermissionDenied(action)
    assert error.missing_class == missing and action in str(error)
    assert required_classes("Ping") == () and required_classes("QueueStatus") == ()


def test_backoff_is_exponential_with_full_jitter_and_bounded() -> None:
    rng = random.Random(7)
    delays = [[backoff_delay(n, 0.5, 30.0, rng) for _ in range(200)] for n in range(12)]
    assert all(0.5 <= d <= 30.0 for row in delays for d in row)
    assert max(delays[0]) == 0.5 and max(delays[3]) <= 4.0 and max(delays[11]) > 20.0
    assert len({round(d, 3) for d in delays[8]}) > 100  # jittered, not a fixed schedule


async def test_action_timeout_and_connection_lost(sim: PBXSimulator) -> None:
    conn = AMIConnection(
        "127.0.0.1", sim.port, "demo", "demo", backoff=(5.0, 5.0), watchdog_timeout=60
    )
    await conn.start()
    sim.freeze()
    with pytest.raises(ActionTimeout):
        await conn.send_action("Ping", timeout=0.2)
    pending = asyncio.ensure_future(conn.send_action("Ping", timeout=5))
    await asyncio.sleep(0.05)
    sim.unfreeze()
    sim.kill_connections()
    with pytest.raises(ConnectionLost):
        await pending
    with pytest.raises(ConnectionLost):
        await conn.send_action("Ping")  # not connected while backing off
    await conn.close()
