"""Fixtures for the desktop tests: a qasync loop driven from sync qtbot tests, a slow CRM.

Tests are plain functions: they drive asyncio through ``aloop.run(coro)``,
which runs the Qt event loop (qasync) until the coroutine ends, so widgets
paint and signals flow exactly as in the app. Nothing spins the Qt loop from
inside a coroutine.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from core.bootstrap import direct_feed
from core.crm.cache import LookupCache
from core.history.calls import CallHistory
from core.phone import normalize
from core.service import ConnectionState, RingsideService, ServiceConfig
from core.sim.server import PBXSimulator
from desktop.app import RingsideApp
from desktop.ui.popup_stack import CallPopup

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _loop_class() -> type:
    import qasync

    class TestLoop(qasync.QEventLoop):  # type: ignore[misc]
        """qasync's loop without the extra ``processEvents`` after ``run_until_complete``.

        qasync runs one more Qt pass after the loop stops, with no running loop
        set: callbacks that fire there (a task step) cannot create tasks. The
        app runs ``run_until_complete`` once; tests run it many times.
        """

        def run_until_complete(self, future: Any) -> Any:
            future = asyncio.ensure_future(future, loop=self)
            future.add_done_callback(lambda _f: self.stop())
            self.run_forever()
            return future.result()

    return TestLoop


class AsyncRunner:
    """A qasync event loop plus helpers to run coroutines and wait for conditions."""

    def __init__(self, app: Any) -> None:
        app.setQuitOnLastWindowClosed(False)  # as desktop.app does: closing a window never quits
        self.loop = _loop_class()(app, already_running=False)
        asyncio.set_event_loop(self.loop)

    def run(self, awaitable: Awaitable[Any], timeout: float = 10.0) -> Any:
        return self.loop.run_until_complete(asyncio.wait_for(awaitable, timeout))

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a plain function from inside the running loop (it may create tasks)."""

        async def inside() -> Any:
            return fn(*args, **kwargs)

        return self.run(inside())

    def until(self, predicate: Callable[[], Any], timeout: float = 5.0, what: str = "") -> Any:
        """Run the loop until ``predicate()`` is truthy; fail after ``timeout`` seconds."""

        async def wait() -> Any:
            while not (value := predicate()):  # noqa: ASYNC110 - any condition, not one event
                await asyncio.sleep(0.002)
            return value

        try:
            return self.run(wait(), timeout)
        except TimeoutError:
            pytest.fail(f"timed out waiting for {what or predicate}")

    def close(self) -> None:
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()
        asyncio.set_event_loop(None)
        # Keep closed loops alive: a collected qasync loop deletes its timer QObject, and a
        # garbage collection that happens while Qt dispatches timers then crashes Qt.
        _CLOSED_LOOPS.append(self.loop)


_CLOSED_LOOPS: list[Any] = []


@pytest.fixture
def aloop(qapp: Any) -> Iterator[AsyncRunner]:
    runner = AsyncRunner(qapp)
    try:
        yield runner
    finally:
        runner.close()


@dataclass
class SlowCrm:
    """A JSON lookup service on 127.0.0.1 (real TCP/HTTP) that answers after ``delay`` seconds."""

    contacts: dict[str, dict[str, Any]]
    delay: float = 0.0
    port: int = 0
    requests: list[str] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)  # monotonic times of answers
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/lookup?phone={{digits}}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            target = head.split(b" ", 2)[1].decode()
            self.requests.append(target)
            phone = parse_qs(urlsplit(target).query).get("phone", [""])[0]
            await asyncio.sleep(self.delay)
            body = json.dumps([c for key, c in self.contacts.items() if phone.endswith(key)]).encode()
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            self.answered.append(time.monotonic())
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    def adapter(self) -> Any:
        from core.crm.generic_http import GenericHttpAdapter

        return GenericHttpAdapter(
            self.url,
            open_url="https://crm.example/customers/{id}",
            create_url="https://crm.example/customers/new?phone={e164}",
            timeout=30.0,
        )


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
        return self.aloop.until(lambda: next(iter(self.ui.popups.popups.values()), None), what="a popup")

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
        extension: str = "101", lookup_timeout: float = 5.0, db: Path | None = None, notes: Any = None
    ) -> Stack:
        sim = PBXSimulator(port=0)
        aloop.run(sim.start())
        history = CallHistory(db or tmp_path / "history.sqlite3", normalize=normalize)
        config = ServiceConfig(
            host="127.0.0.1", port=sim.port, username="demo", extension=extension,
            endpoint=f"PJSIP/{extension}", context="from-internal", lookup_timeout=lookup_timeout,
        )  # fmt: skip
        crm = LookupCache(slow_crm.adapter().lookup)
        service = RingsideService(config, direct_feed(config, "demo"), crm=crm, history=history, notes=notes)
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
