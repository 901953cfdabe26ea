"""Reconnect promptly, never log in without a secret, retry when the settings change (issue 13 #2, #4, #5).

Against the real simulator over TCP. Delays are recorded through the
connection's injectable ``sleep`` (which then waits only a few ms): the tests
check what the connection *chose* to wait, never the wall clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from core.ami.connection import NO_SECRET, AMIConnection, ConnectionState, NoSecretStored
from core.sim.server import PBXSimulator


class Sleeps:
    """Records each requested delay, then yields briefly (the test runs in ms, not seconds)."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0.005)


async def until(predicate: Callable[[], bool], limit: float = 10.0) -> None:
    async with asyncio.timeout(limit):
        while not predicate():  # noqa: ASYNC110 - state lives in plain attributes
            await asyncio.sleep(0.005)


def connect(sim: PBXSimulator, secret: str = "demo", **kw: object) -> AMIConnection:
    return AMIConnection("127.0.0.1", sim.port, "demo", secret, **kw)  # type: ignore[arg-type]


async def test_an_empty_secret_never_reaches_the_pbx(sim: PBXSimulator) -> None:
    states: list[tuple[ConnectionState, str | None]] = []
    conn = connect(sim, secret="", on_state=lambda s, d: states.append((s, d)))
    with pytest.raises(NoSecretStored) as info:
        await conn.start(fail_fast=False)
    assert "no secret stored" in str(info.value) and "web login" not in str(info.value)
    assert conn.state is ConnectionState.AUTH_FAILED and conn.detail == NO_SECRET
    assert states[-1] == (ConnectionState.AUTH_FAILED, NO_SECRET)
    await asyncio.sleep(0.1)
    assert sim.actions_named("Login") == [] and sim.actions_named("Challenge") == []
    assert not sim.sessions  # not even a TCP connection
    # the operator stores a secret: the connection logs in at once, without a restart
    await conn.reconnect(secret="demo")
    await until(lambda: conn.state is ConnectionState.CONNECTED, 5)
    assert len(sim.actions_named("Login")) == 1
    await conn.close()


async def test_after_a_refused_login_a_new_secret_retries_at_once(sim: PBXSimulator) -> None:
    conn = connect(sim, secret="wrong-secret")
    with pytest.raises(Exception, match="refused"):
        await conn.start(fail_fast=False)
    assert conn.state is ConnectionState.AUTH_FAILED
    await conn.reconnect(secret="demo")
    await until(lambda: conn.state is ConnectionState.CONNECTED, 5)
    assert conn.state is ConnectionState.CONNECTED and len(sim.actions_named("Login")) == 2
    await conn.close()


async def test_a_refused_login_is_retried_only_after_the_long_backoff(sim: PBXSimulator) -> None:
    sleeps = Sleeps()
    conn = connect(sim, secret="wrong-secret", sleep=sleeps, auth_backoff=(60.0, 600.0))
    with pytest.raises(Exception, match="refused"):
        await conn.start(fail_fast=False)
    await until(
        lambda: len(sim.actions_named("Login")) >= 3
    )  # it does retry (the PBX may be fixed)
    assert all(60.0 <= d <= 600.0 for d in sleeps.delays[:2]), sleeps.delays
    await conn.close()


async def test_when_the_port_reopens_the_connection_logs_in_within_a_probe(
    sim: PBXSimulator,
) -> None:
    """While the PBX is down the port is probed at a short fixed interval: no growing backoff,
    so however long the outage, the first probe after the port reopens logs in."""
    sleeps = Sleeps()
    conn = connect(sim, sleep=sleeps, probe_interval=0.5)
    await conn.start()
    await sim.stop(keep_calls=True)
    await until(lambda: len(sleeps.delays) >= 40)  # 40 refused probes: old backoff was at 30 s
    assert conn.state is ConnectionState.DISCONNECTED
    assert max(sleeps.delays) <= 0.5, sleeps.delays
    assert conn.unreachable_since is not None
    assert "unreachable since" in (conn.detail or "") and "retrying" in (conn.detail or "")
    probes = len(sleeps.delays)
    await sim.start()
    await until(lambda: conn.state is ConnectionState.CONNECTED, 5)
    assert len(sleeps.delays) - probes <= 2  # logged in on the first probes after reopening
    assert conn.unreachable_since is None and conn.connects == 2
    await conn.close()


async def test_probing_does_not_flap_the_state(sim: PBXSimulator) -> None:
    states: list[ConnectionState] = []
    sleeps = Sleeps()
    conn = connect(sim, sleep=sleeps, on_state=lambda s, d: states.append(s))
    await conn.start()
    await sim.stop(keep_calls=True)
    await until(lambda: len(sleeps.delays) >= 20)
    after_loss = states[states.index(ConnectionState.DISCONNECTED) :]
    assert after_loss.count(ConnectionState.CONNECTING) <= 1  # not once per probe
    await conn.close()
