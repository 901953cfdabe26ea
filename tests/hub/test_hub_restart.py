"""Kill -9 the hub mid-call and start it again: desktops reconnect by themselves, the call is
still shown, no second popup, and the after-call note reaches the CRM exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from core.calls.events import CallAnswered, CallEnded, CallFinished, Outcome
from core.calls.feed import LinkState
from core.sim.server import PBXSimulator, SimUser
from gateway.config import GatewayConfig, parse_config
from tests.fakes.crm_servers import RetailCrmFake
from tests.hub.support import ENDPOINTS, add_users, desks, wait_for

ROOT = Path(__file__).resolve().parents[2]
AMI_USER, AMI_SECRET, CRM_KEY = "hub", "hub-secret", "crm-key"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class HubProcess:
    """``ringside gateway --config FILE`` in a child process (kill -9 needs a real one)."""

    def __init__(self, config: Path, port: int) -> None:
        self.config, self.port = config, port
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        env = {**os.environ, "RINGSIDE_AMI_SECRET": AMI_SECRET, "RINGSIDE_HUB_CRM_KEY": CRM_KEY}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cli.main", "gateway", "--config", str(self.config), "--log-level", "warning",
            cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        async with httpx.AsyncClient(timeout=1) as http:
            for _ in range(300):
                try:
                    if (await http.get(self.url + "/health")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if self.proc.returncode is not None:
                    raise AssertionError(f"the hub exited with {self.proc.returncode}")
                await asyncio.sleep(0.05)
        raise AssertionError("the hub did not start")

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


@pytest.fixture
async def sim() -> AsyncIterator[PBXSimulator]:
    simulator = PBXSimulator(
        port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20, endpoints=ENDPOINTS
    )
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


def write_config(tmp_path: Path, ami_port: int, hub_port: int, crm_url: str) -> Path:
    path = tmp_path / "gateway.toml"
    path.write_text(
        f"""
[server]
host = "127.0.0.1"
port = {hub_port}
data_dir = "{tmp_path / "data"}"
debug_page = false

[ami]
host = "127.0.0.1"
port = {ami_port}
user = "{AMI_USER}"

[hub]
enabled = true
sync_grace = 0.3
recheck = 0.5

[hub.crm]
adapter = "retailcrm"
settings = {{ url = "{crm_url}" }}
secret_env = "RINGSIDE_HUB_CRM_KEY"
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.slow
async def test_kill_the_hub_mid_call_nothing_lost_nothing_twice(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        path = write_config(tmp_path, sim.port, free_port(), crm.url)
        add_users(GatewayConfig(file=parse_config(path.read_text()), path=path))
        hub = HubProcess(path, int(parse_config(path.read_text()).server.port))
        await hub.start()
        try:
            async with desks(hub.url, "101", "102") as (d101, d102):
                run = sim.play(
                    "inbound-answered", caller="0501234567", ext="101", pause_after="DialEnd"
                )
                await wait_for(lambda: run.paused.is_set() and bool(d101.rings()))
                call_id = d101.rings()[0].call.call_id

                await hub.kill()
                await wait_for(lambda: d101.feed.status.state is not LinkState.READY)
                await hub.start()
                await wait_for(
                    lambda: d101.feed.connects == 2 and d101.feed.status.state is LinkState.READY,
                    20,
                )
                assert [c.call_id for c in d101.feed.active_calls()] == [call_id]  # still shown
                assert len(sim.sessions) == 1  # the new hub holds the one AMI session again

                run.resume()
                await run.wait()
                await wait_for(lambda: d101.of(CallFinished, call_id))
                assert len(d101.rings(call_id)) == 1  # no second popup
                assert [e.outcome for e in d101.of(CallEnded, call_id)] == [Outcome.ANSWERED]
                assert d102.calls() == []

                await d101.feed.save_note("101", call_id, "Wants a refund", "resolved")
                await d101.feed.save_note("101", call_id, "Wants a refund", "resolved")  # a retry
                await wait_for(lambda: len(crm.uploads) == 1)

                await hub.kill()  # the outbox is durable and already delivered: nothing goes twice
                await hub.start()
                await wait_for(
                    lambda: d101.feed.connects == 3 and d101.feed.status.state is LinkState.READY,
                    20,
                )
                await asyncio.sleep(1.0)
                assert len(crm.uploads) == 1
                assert crm.uploads[0]["externalId"] == call_id and crm.uploads[0]["code"] == "101"
        finally:
            await hub.stop()


@pytest.mark.slow
async def test_a_call_that_ended_while_the_hub_was_down_is_closed(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        path = write_config(tmp_path, sim.port, free_port(), crm.url)
        add_users(GatewayConfig(file=parse_config(path.read_text()), path=path))
        hub = HubProcess(path, int(parse_config(path.read_text()).server.port))
        await hub.start()
        try:
            async with desks(hub.url, "101") as (d101,):
                run = sim.play(
                    "inbound-answered", caller="0501234567", ext="101", pause_after="DialEnd"
                )
                await wait_for(lambda: run.paused.is_set() and bool(d101.rings()))
                call_id = d101.rings()[0].call.call_id
                await wait_for(
                    lambda: bool(d101.of(CallAnswered, call_id))
                )  # what the desktop last knew
                await hub.kill()
                run.resume()
                await run.wait()  # the call ends while nobody watches the PBX for the desktop
                await hub.start()
                await wait_for(
                    lambda: d101.feed.connects == 2 and bool(d101.of(CallFinished, call_id)), 20
                )
                assert [e.outcome for e in d101.of(CallEnded, call_id)] == [Outcome.ANSWERED]
                assert d101.feed.active_calls() == [] and len(d101.rings(call_id)) == 1
        finally:
            await hub.stop()
