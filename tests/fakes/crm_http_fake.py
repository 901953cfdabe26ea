"""A tiny real HTTP CRM on 127.0.0.1 and an outbox sender that posts to it (plain asyncio).

``FakeCrm`` accepts ``POST /push`` with a JSON body and an ``Idempotency-Key``
header, dedupes on that key like a well-behaved receiver, and can be told to
answer 503 with ``Retry-After`` or to hold a request without answering.
``post_item`` is the sender coroutine used by the tests' ``OutboxWorker``.

Run as a script (``python crm_http_fake.py DB PORT``) it is the child process
of the crash test: it delivers every pending item of the outbox file DB to
the CRM on PORT, then exits 0.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from core.history.outbox import DeliveryError, Outbox, OutboxItem, OutboxWorker


async def post_item(port: int, item: OutboxItem) -> None:
    """Deliver one item; raise on anything but 2xx (``retry_after`` from ``Retry-After``)."""
    body = json.dumps({"group": item.group, "kind": item.kind, "payload": item.payload}).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            b"POST /push HTTP/1.1\r\nHost: crm\r\nContent-Type: application/json\r\n"
            + f"Idempotency-Key: {item.idempotency_key}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
    finally:
        writer.close()
    if status >= 300:
        retry = headers.get("retry-after")
        raise DeliveryError(
            f"HTTP {status}",
            retry_after=float(retry) if retry else None,
            permanent=400 <= status < 500 and status != 429,
        )


@dataclass
class FakeCrm:
    """The receiving side. ``processed`` holds each key once, in processing order."""

    port: int = 0
    unavailable: int = 0  # answer 503 to this many next requests
    retry_after: float = 7.0
    hold_first: bool = False  # never answer the first request (the sender hangs)
    received: list[str] = field(default_factory=list)  # every request's key, duplicates included
    processed: list[tuple[str, str, Any]] = field(default_factory=list)  # (key, group, payload)
    held: asyncio.Event = field(default_factory=asyncio.Event)
    _server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readline()
            headers: dict[str, str] = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            body = json.loads(await reader.readexactly(int(headers["content-length"])))
            key = headers["idempotency-key"]
            self.received.append(key)
            if self.hold_first and len(self.received) == 1:
                self.held.set()
                await reader.read()  # no answer: wait until the client goes away
                return
            if self.unavailable > 0:
                self.unavailable -= 1
                writer.write(
                    f"HTTP/1.1 503 Busy\r\nRetry-After: {self.retry_after:g}\r\n"
                    "Content-Length: 0\r\n\r\n".encode()
                )
            else:
                if key not in {k for k, _, _ in self.processed}:  # receiver-side dedupe
                    self.processed.append((key, body["group"], body["payload"]))
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def _deliver_all(db: str, port: int) -> int:
    outbox = Outbox(db)
    worker = OutboxWorker(outbox, {"crm": lambda item: post_item(port, item)}, backoff=(0.05, 0.2))
    worker.start()
    while outbox.pending():  # noqa: ASYNC110  (the state lives in SQLite, not in an Event)
        await asyncio.sleep(0.02)
    await worker.stop()
    outbox.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_deliver_all(sys.argv[1], int(sys.argv[2]))))
