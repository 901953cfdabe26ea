"""Run ``ringside`` in-process against the simulator (``cli.main.main`` in a worker thread)."""

from __future__ import annotations

import asyncio

from cli.main import main
from core.sim.server import PBXSimulator

__all__ = ["conn_args", "ringside"]


async def ringside(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


def conn_args(sim: PBXSimulator, user: str = "demo") -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(sim.port), "--user", user]
