"""``ringside monitor|dial|doctor --server URL`` against a real hub (the CLI in a child process)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from core.sim.server import PBXSimulator, SimUser
from tests.fakes.gateway import AMI_SECRET, AMI_USER
from tests.hub.support import ENDPOINTS, PASSWORD, add_users, hub_config, running_hub

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture
async def hub(tmp_path: Path, sim: PBXSimulator) -> AsyncIterator[tuple[str, Any]]:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as served:
        yield served


async def ringside(*args: str, password: str = PASSWORD) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if k != "RINGSIDE_AMI_SECRET"}  # no AMI secret here
    env["RINGSIDE_HUB_PASSWORD"] = password
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli.main", *args, cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(proc: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return int(proc.returncode or 0), out.decode(), err.decode()


async def test_monitor_shows_only_the_accounts_calls(
    hub: tuple[str, Any], sim: PBXSimulator
) -> None:
    url, app = hub
    proc = await ringside("monitor", "--server", url, "--user", "102", "--json", "--duration", "4")
    for _ in range(300):  # the monitor is connected
        if any(d.scope.user == "102" for d in app.state.hub.desktops):
            break
        await asyncio.sleep(0.02)
    await sim.play("inbound-answered", caller="0501234567", ext="101").wait()
    await sim.play("inbound-missed", caller="0507777777", ext="102").wait()
    code, out, err = await finish(proc)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    calls = [r for r in records if r.get("call_id") or r.get("call")]
    assert calls, out
    assert "0507777777" in out and "0501234567" not in out  # 101's call never reaches 102


async def test_dial_through_the_hub_and_refusals(hub: tuple[str, Any], sim: PBXSimulator) -> None:
    url, _app = hub
    code, out, err = await finish(
        await ringside("dial", "--server", url, "--user", "101", "--extension", "101", "0509876543")
    )
    assert code == 0, err
    assert "answered" in out
    assert sim.actions_named("Originate")[-1]["Channel"] == "PJSIP/101"
    code, _out, err = await finish(
        await ringside("dial", "--server", url, "--user", "101", "--extension", "102", "0509876543")
    )
    assert code == 1 and "101 may place calls only as its own extension (101), not as 102" in err
    code, _out, err = await finish(
        await ringside(
            "dial",
            "--server",
            url,
            "--user",
            "101",
            "--extension",
            "101",
            "050",
            password="wrong-password",
        )
    )
    assert code == 2 and "Wrong user name or password" in err
    assert len(sim.actions_named("Originate")) == 1


async def test_doctor_checks_the_hub(hub: tuple[str, Any]) -> None:
    url, _app = hub
    code, out, err = await finish(
        await ringside("doctor", "--server", url, "--user", "anna", "--event-wait", "0.5")
    )
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith("PASS  reachable:")
    assert lines[1].startswith("WARN  TLS certificate: plain http")
    assert lines[2] == "PASS  server's PBX link: AMI ready"
    assert lines[3] == "PASS  login: anna: password accepted"
    assert lines[4].startswith("PASS  role: supervisor, extensions 104; may ") and "spy" in lines[4]
    assert lines[5].startswith(("PASS  events:", "WARN  events:"))
    code, out, _err = await finish(
        await ringside("doctor", "--server", url, "--user", "anna", password="bad-password1")
    )
    assert code == 1 and "FAIL  login: Wrong user name or password" in out
    code, out, _err = await finish(
        await ringside("doctor", "--server", "http://127.0.0.1:9", "--user", "anna")
    )
    assert code == 1 and out.startswith("FAIL  reachable: cannot connect to http://127.0.0.1:9")
