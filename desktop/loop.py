"""The Qt + asyncio plumbing of the desktop app: one QApplication, a qasync loop, clean quit.

``run_app(setup)`` runs ``setup(quit_event)`` on a qasync loop (``qasync.run``),
then waits for ``quit_event``; Quit and Ctrl+C only set that event, and the
returned object's ``aclose()`` runs before the loop ends - nobody calls
``app.quit()`` while ``main`` is waiting. Ctrl+C reaches Python through a
wakeup fd watched by the loop: no polling timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from PySide6.QtWidgets import QApplication

__all__ = ["ensure_app", "install_language", "quit_on_sigint", "run_app"]

Setup = Callable[[asyncio.Event], Awaitable[Any]]


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Ringside")
    app.setOrganizationName("Ringside")
    app.setQuitOnLastWindowClosed(False)
    return app


@contextlib.contextmanager
def quit_on_sigint(quit_event: asyncio.Event) -> Iterator[None]:
    """Ctrl+C sets ``quit_event``: a wakeup fd wakes the Qt loop, no polling timer."""
    loop = asyncio.get_event_loop()
    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    old_fd = signal.set_wakeup_fd(wsock.fileno())
    old_handler = signal.signal(signal.SIGINT, lambda *_: loop.call_soon(quit_event.set))
    loop.add_reader(rsock.fileno(), lambda: rsock.recv(64))
    try:
        yield
    finally:
        loop.remove_reader(rsock.fileno())
        signal.signal(signal.SIGINT, old_handler)
        signal.set_wakeup_fd(old_fd)
        rsock.close()
        wsock.close()


def run_app(setup: Setup) -> int:
    """Run ``setup(quit_event)`` on a qasync loop; wait for quit; close what it returned."""
    import qasync

    ensure_app()
    status = 0

    async def main() -> None:
        nonlocal status
        quit_event = asyncio.Event()
        with quit_on_sigint(quit_event):
            running = await setup(quit_event)
            if running is None:
                status = 1
                return
            try:
                await quit_event.wait()
            finally:
                await running.aclose()

    qasync.run(main())
    return status


def install_language(app: QApplication, language: str = "auto") -> str:
    from desktop.i18n import install_translator

    return install_translator(app, language)
