"""Fixtures for the desktop tests: a qasync loop driven from sync qtbot tests, a slow CRM
(both from ``tests/fakes/desktop.py``), the app stack against the simulator.

Tests are plain functions: they drive asyncio through ``aloop.run(coro)``,
which runs the Qt event loop (qasync) until the coroutine ends, so widgets
paint and signals flow exactly as in the app. Nothing spins the Qt loop from
inside a coroutine.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from core.bootstrap import direct_feed
from core.crm.cache import LookupCache
from core.history.calls import CallHistory
from core.phone import normalize
from core.service import ConnectionState, RingsideService, ServiceConfig
from core.sim.server import PBXSimulator
from desktop.app import RingsideApp
from desktop.ui.popup_stack import CallPopup
from tests.fakes.desktop import AsyncRunner, SlowCrm

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def aloop(qapp: Any) -> Iterator[AsyncRunner]:
    runner = AsyncRunner(qapp)
    try:
        yield runner
    finally:
        runner.close()


KNOWN = {
    "501234567": {
        "id": "42",
        "name": "Олена Коваленко",
        "company": "ТОВ «Квітковий двір»",
        "phones": ["+380501234567"],
        "manager": "Ольга Петренко",
        "manager_extension": "101",
        "notes": ["Order 10482: 40 pots, paid"],
    }
}


@pytest.fixture
def slow_crm(aloop: AsyncRunner) -> Iterator[SlowCrm]:
    crm = SlowCrm(dict(KNOWN))
    aloop.run(crm.start())
    try:
        yield crm
    finally:
        aloop.run(crm.stop())


# ------------------------------------------------- the app against the simulator


@dataclass
class Stack:
    aloop: AsyncRunner
    sim: PBXSimulator
    service: RingsideService
    ui: RingsideApp
    history: CallHistory
    opened: list[str] = field(default_factory=list)
    shown: list[CallPopup] = field(default_factory=list)

    def popup(self) -> CallPopup:
        return self.aloop.until(
            lambda: next(iter(self.ui.popups.popups.values()), None), what="a popup"
        )

    closed: bool = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.aloop.run(self.ui.aclose())
        self.aloop.run(self.sim.stop())
        self.history.close()


@pytest.fixture
def make_stack(aloop: AsyncRunner, tmp_path: Path, slow_crm: SlowCrm) -> Any:
    stacks: list[Stack] = []

    def make(
        extension: str = "101",
        lookup_timeout: float = 5.0,
        db: Path | None = None,
        notes: Any = None,
    ) -> Stack:
        sim = PBXSimulator(port=0)
        aloop.run(sim.start())
        history = CallHistory(db or tmp_path / "history.sqlite3", normalize=normalize)
        config = ServiceConfig(
            host="127.0.0.1", port=sim.port, username="demo", extension=extension,
            endpoint=f"PJSIP/{extension}", context="from-internal", lookup_timeout=lookup_timeout,
        )  # fmt: skip
        crm = LookupCache(slow_crm.adapter().lookup)
        service = RingsideService(
            config, direct_feed(config, "demo"), crm=crm, history=history, notes=notes
        )
        opened: list[str] = []
        ui = RingsideApp(service, asyncio.Event(), use_tray=False, open_url=opened.append)
        stack = Stack(aloop, sim, service, ui, history, opened)
        ui.popups.on_shown = stack.shown.append
        ui.tray.show()
        aloop.run(service.start())
        aloop.until(lambda: service.connection.state is ConnectionState.READY, what="AMI login")
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        stack.close()


@pytest.fixture
def xserver() -> Iterator[str]:
    """A private Xvfb; yields its display name (``:N``)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-noreset", "-screen", "0", "640x480x24"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()  # Xvfb writes the display number once it is ready
    try:
        if not number:
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def x_display() -> Iterator[str]:
    """Xvfb 1280x1000 with the openbox window manager when installed; yields ``:N``.

    Real-X11 tests run their Qt part in a child process (this process is offscreen).
    """
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-noreset", "-screen", "0", "1280x1000x24"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    wm = None
    if shutil.which("openbox"):
        wm = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=display),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(0.5)  # a moment to take over the root window
    try:
        yield display
    finally:
        for proc in (wm, xvfb):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)
