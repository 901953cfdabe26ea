"""AMI clients for tests: a tiny raw one (asyncio streams) for checking the simulator's exact
bytes, and ``connect`` (a real ``AMIConnection`` to the simulator with short back-off)."""

from __future__ import annotations

import asyncio

from core.ami.codec import AMIFramer, Message, encode_action
from core.ami.connection import AMIConnection
from core.sim.server import PBXSimulator


class RawClient:
    """Sends actions as bytes and reads whole messages back."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.framer = AMIFramer()
        self.pending: list[Message] = []
        self.raw = bytearray()

    @classmethod
    async def connect(cls, port: int) -> RawClient:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(self, action: str, **fields: str) -> None:
        self.writer.write(encode_action(action, fields))
        await self.writer.drain()

    async def next(self, timeout: float = 5.0) -> Message:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while not self.pending:
                data = await self.reader.read(65536)
                if not data:
                    raise EOFError
                self.raw += data
                self.pending += self.framer.feed(data)
        return self.pending.pop(0)

    async def until(self, predicate, timeout: float = 5.0) -> list[Message]:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
        seen: list[Message] = []
        while True:
            msg = await self.next(timeout)
            seen.append(msg)
            if predicate(msg):
                return seen

    async def read_to_eof(self) -> bytes:
        async with asyncio.timeout(5):
            while data := await self.reader.read(65536):
                self.raw += data
        return bytes(self.raw)

    async def close(self) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except ConnectionError:
            pass


async def login(port: int, user: str = "companion", secret: str = "companion-secret") -> RawClient:
    client = await RawClient.connect(port)
    await client.send("Login", ActionID="1", Username=user, Secret=secret)
    assert (await client.next())["Message"] == "Authentication accepted"
    return client


def connect(
    sim: PBXSimulator, user: str = "demo", secret: str = "demo", **kw: object
) -> AMIConnection:
    kw.setdefault("backoff", (0.01, 0.05))
    return AMIConnection("127.0.0.1", sim.port, user, secret, **kw)  # type: ignore[arg-type]
