"""A second ``ringside tel:...`` launch forwards its link to the running instance and exits."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.single_instance import ACTIVATE, SingleInstance, default_server_name
from tests.fakes.desktop import AsyncRunner

REPO = Path(__file__).resolve().parents[2]


async def launch(*argv: str) -> tuple[int, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from desktop.main import main; sys.exit(main(sys.argv[1:]))", *argv,
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode(errors="replace")


def test_second_launch_forwards_a_tel_link_to_the_first(
    aloop: AsyncRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_CONFIG_DIR", str(tmp_path))  # the name both processes derive
    first = SingleInstance()
    assert first.name == default_server_name()
    assert first.listen()
    received: list[str] = []
    first.message_received.connect(received.append)
    try:
        code, output = aloop.run(launch("tel:+7-495-123-45-67"), timeout=30)
        assert code == 0, output
        aloop.until(lambda: received, what="the forwarded link")
        assert received == ["tel:+7-495-123-45-67"]
        code, output = aloop.run(launch(), timeout=30)  # no argument: bring the app forward
        assert code == 0, output
        aloop.until(lambda: len(received) == 2, what="activate")
        assert received[1] == ACTIVATE
    finally:
        first.close()


def test_forward_without_a_running_instance_fails_fast(qapp: Any, tmp_path: Path) -> None:
    lonely = SingleInstance(f"ringside-test-{os.getpid()}-none")
    assert lonely.forward("tel:101", timeout_ms=200) is False


def test_a_stale_socket_does_not_block_the_next_start(aloop: AsyncRunner) -> None:
    name = f"ringside-test-{os.getpid()}-stale"
    crashed = SingleInstance(name)
    assert crashed.listen()
    again = SingleInstance(name)  # listen() removes the old socket file first
    assert again.listen()
    got: list[str] = []
    again.message_received.connect(got.append)
    sender = SingleInstance(name)
    assert sender.forward("callto:0501234567")
    aloop.until(lambda: got, what="message after restart")
    assert got == ["callto:0501234567"]
    crashed.close()
    again.close()
