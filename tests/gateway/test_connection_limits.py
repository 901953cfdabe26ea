"""Idle and half-sent connections cannot take the gateway down (issue 11 #5).

The gateway runs under real uvicorn on 127.0.0.1 with the options ``ringside gateway``
uses (``gateway.limits.uvicorn_options``); clients are raw sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from gateway.app import create_app
from gateway.limits import ExhaustionLogFilter, uvicorn_options
from tests.fakes.gateway import FakeAmi, gateway_config


@contextlib.asynccontextmanager
async def gateway(tmp_path: Path, **server: Any) -> AsyncIterator[int]:
    config = gateway_config(tmp_path, server=server)
    app = create_app(config, ami=FakeAmi())
    options = uvicorn_options(config.file.server)
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                       lifespan="on", **options))  # fmt: skip
    task = asyncio.create_task(uv.serve())
    while not uv.started:
        assert not task.done()
        await asyncio.sleep(0.01)
    try:
        yield uv.servers[0].sockets[0].getsockname()[1]
    finally:
        uv.should_exit = True
        await asyncio.wait_for(task, 15)


async def closed_by_server(reader: asyncio.StreamReader) -> bool:
    """True once the server closed the connection (EOF or reset) without answering."""
    try:
        data = await asyncio.wait_for(reader.read(1024), 10)
    except ConnectionResetError:
        return True
    return data == b""


async def test_a_half_sent_request_is_closed_after_the_header_timeout(tmp_path: Path) -> None:
    async with gateway(tmp_path, header_timeout=0.3) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # never finished
        await writer.drain()
        assert await closed_by_server(reader)
        writer.close()
        # a keep-alive client that starts a second request and stalls is cut off too
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert b"200 OK" in await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        writer.write(b"GET /health HTTP/1.1\r\nHo")
        await asyncio.wait_for(reader.read(65536), 10)  # the first answer's body
        assert await closed_by_server(reader)
        writer.close()


async def test_connections_over_the_cap_are_refused_and_health_recovers(tmp_path: Path) -> None:
    async with gateway(tmp_path, header_timeout=0.5, max_connections=10) as port:
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(10)]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)  # the 11th
        assert await closed_by_server(reader)
        writer.close()
        for idle_reader, _w in idle:  # the idle ones are closed by the read timeout
            assert await closed_by_server(idle_reader)
        for _r, idle_writer in idle:
            idle_writer.close()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            assert (await client.get("/health")).status_code == 200


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_too_many_open_files_is_logged_once_per_interval() -> None:
    clock = Clock()
    flt = ExhaustionLogFilter(interval=60, clock=clock)

    def record(msg: str, exc: BaseException | None = None) -> logging.LogRecord:
        info = (type(exc), exc, None) if exc else None
        return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, msg, None, info)

    emfile = OSError(errno.EMFILE, "Too many open files")
    passed = [flt.filter(r) for r in
              [record("socket.accept() out of system resource", emfile) for _ in range(10_000)]]  # fmt: skip
    assert passed.count(True) == 1
    clock.t = 61
    last = record("Exception in ASGI application", emfile)
    assert flt.filter(last) and last.exc_info is None  # no 10 KB traceback each time
    assert "10000 such error(s)" in last.getMessage()
    assert flt.filter(record("an ordinary error")) is True
