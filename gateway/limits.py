"""Request body size limit for the whole gateway (plain ASGI middleware).

Every inbound API of the gateway takes a small JSON object or form (a few
hundred bytes); the routes read the body whole (signatures are over the exact
bytes), so without a cap one request could make the PBX host buffer gigabytes.
A declared ``Content-Length`` over the cap is refused with 413 before any of
the body is read; a chunked body is counted as it arrives and refused the same
way once it crosses the cap. Starlette has no such setting, hence this module.

Connection limits for uvicorn live here too (:func:`uvicorn_options`): a
request read timeout, keep-alive timeout and connection cap, and a log filter
that reports running out of open files once per interval instead of once per
failed ``accept``.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(Exception):
    """Raised inside the app's ``receive`` when the body crosses the cap."""


class BodyLimitMiddleware:
    """Answer ``413`` to HTTP requests whose body is larger than ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _too_large(send, self.max_bytes)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 20 else None
    return None


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"Request body too large (limit {limit} bytes)."}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- connections -------------------------------------------------------------------------
# uvicorn has no header timeout: a client that sends half a request line holds its socket
# (one open file) forever; 1,100 of them made /health unreachable under the default 1,024
# open files. The protocol below closes a connection whose request is not read whole within
# ``header_timeout`` and refuses connections over ``max_connections`` at once.
HEADER_TIMEOUT = 10.0
KEEP_ALIVE_TIMEOUT = 5.0
MAX_CONNECTIONS = 800  # below the default 1,024 open files (SQLite, AMI and logs need some)


def guarded_protocol(
    header_timeout: float = HEADER_TIMEOUT, max_connections: int = MAX_CONNECTIONS
) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with a request read timeout and a connection cap."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):  # type: ignore[misc]
        _read_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                _busy_log.note(f"more than {max_connections} open connections: one refused")
                transport.abort()
                return
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            state = self.conn.their_state
            if state is h11.IDLE or state is h11.SEND_BODY:
                if self._read_timer is None:
                    self._arm()
            else:  # the request is read whole (or the connection is done): no deadline
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._read_timer = self.loop.call_later(header_timeout, self._read_timed_out)

        def _disarm(self) -> None:
            if self._read_timer is not None:
                self._read_timer.cancel()
                self._read_timer = None

        def _read_timed_out(self) -> None:
            self._read_timer = None
            if not self.transport.is_closing():
                self.transport.abort()

    return GuardedH11Protocol


def uvicorn_options(server: Any) -> dict[str, Any]:
    """The keyword arguments for ``uvicorn.run``/``uvicorn.Config`` from ``[server]``."""
    return {
        "http": guarded_protocol(server.header_timeout, server.max_connections),
        "timeout_keep_alive": server.keep_alive_timeout,
        "limit_concurrency": server.max_connections + 1,  # the cap above answers first
        "backlog": min(2048, server.max_connections),
        "h11_max_incomplete_event_size": 16 * 1024,  # request line + headers
    }


# -- logs under resource exhaustion ----------------------------------------------------------
_EXHAUSTED = (errno.EMFILE, errno.ENFILE)
_EXHAUSTION_WORDS = ("too many open files", "out of system resource")


class _Summary:
    """Counts occurrences; says the first at once and then one line per interval."""

    def __init__(self, interval: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.clock = clock
        self.count = 0
        self.last_at: float | None = None

    def due(self) -> int | None:
        """Count one; the number to report now (None: stay quiet)."""
        self.count += 1
        now = self.clock()
        if self.last_at is not None and now - self.last_at < self.interval:
            return None
        count, self.count, self.last_at = self.count, 0, now
        return count

    def note(self, words: str) -> None:
        count = self.due()
        if count is not None:
            log.warning("%s (%d time(s) since the last report)", words, count)


_busy_log = _Summary()


def _is_exhaustion(record: logging.LogRecord) -> bool:
    exc = record.exc_info[1] if record.exc_info else None
    if isinstance(exc, OSError) and exc.errno in _EXHAUSTED:
        return True
    text = str(record.msg).lower()
    return any(words in text for words in _EXHAUSTION_WORDS)


class ExhaustionLogFilter(logging.Filter):
    """Lets one "Too many open files" record through per interval, without its traceback,
    saying how many were held back (165,033 tracebacks were 73 MB of log in 5 s)."""

    def __init__(self, interval: float = 60.0, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self._summary = _Summary(interval, clock)

    def filter(self, record: logging.LogRecord) -> bool:
        if not _is_exhaustion(record):
            return True
        count = self._summary.due()
        if count is None:
            return False
        record.msg = (f"out of open files (Too many open files): {count} such error(s) since "
                      "the last report; raise LimitNOFILE or put nginx in front (docs/admin-guide.md)")  # fmt: skip
        record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


def install_exhaustion_filter(interval: float = 60.0) -> ExhaustionLogFilter:
    """Attach the filter to every root handler (records of all loggers pass through them)."""
    root = logging.getLogger()
    existing = [f for h in root.handlers for f in h.filters if isinstance(f, ExhaustionLogFilter)]
    if existing:
        return existing[0]
    flt = ExhaustionLogFilter(interval)
    for handler in root.handlers:
        handler.addFilter(flt)
    return flt
