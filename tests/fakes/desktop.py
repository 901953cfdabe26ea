"""Desktop test harness: a qasync loop driven from sync qtbot tests, a slow CRM on 127.0.0.1,
XTEST key presses, and the simulator speed-up the app tests share.

Tests are plain functions: they drive asyncio through ``AsyncRunner.run(coro)``, which
runs the Qt event loop (qasync) until the coroutine ends, so widgets paint and signals
flow exactly as in the app. Nothing spins the Qt loop from inside a coroutine.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

__all__ = ["FAST", "AsyncRunner", "SlowCrm", "press"]

FAST = 6.0  # simulator speed-up for the parts of a call we do not look at


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
            body = json.dumps(
                [c for key, c in self.contacts.items() if phone.endswith(key)]
            ).encode()
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


def press(display_name: str, *keys: str) -> None:
    """Type a key combination through XTEST, as a keyboard would."""
    from Xlib import XK, X
    from Xlib.display import Display
    from Xlib.ext import xtest

    display = Display(display_name)
    codes = [display.keysym_to_keycode(XK.string_to_keysym(k)) for k in keys]
    for code in codes:
        xtest.fake_input(display, X.KeyPress, code)
    for code in reversed(codes):
        xtest.fake_input(display, X.KeyRelease, code)
    display.sync()
    display.close()
