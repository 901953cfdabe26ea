"""Gateway throughput on one core: AMI call events -> CRM pushes, and inbound requests/s.

1. *Pipeline*: the PBX simulator (real TCP AMI) replays N rendered calls as fast
   as the socket takes them; the gateway's AMI connection, call tracker, push
   planner, SQLite outbox (synchronous=FULL) and outbox worker deliver every
   push to local CRM receivers (retailCRM, Clinica, Rostelecom). Reported:
   call events/s in, pushes/s delivered end to end.
2. *Inbound*: httpx against the gateway under uvicorn on 127.0.0.1, 32
   requests in flight, per endpoint (each request also writes the exchange log).

Everything runs in one process, one event loop, pinned to one CPU.
Run: ``.venv/bin/python benchmarks/gateway.py [--calls 300] [--seconds 3]``;
``--quick``: 15 calls and 0.3 s per endpoint (CI: proves the benchmark still runs).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.signing.binotel import signed_body
from core.sim import scenarios
from core.sim.server import PBXSimulator, SimUser
from gateway.app import create_app
from gateway.config import config_from_dict

SECRETS = {
    "RINGSIDE_AMI_SECRET": "bench",
    "RINGSIDE_RETAILCRM_API_KEY": "k",
    "RINGSIDE_BINOTEL_SECRET": "s",
    "RINGSIDE_ROSTELECOM_SIGN_KEY": "rk",
    "RINGSIDE_RECORDINGS_LINK_KEY": "0123456789abcdef0123",
}
CLIENT_ID = "bench-client-id-0123456789"  # retailCRM clientId: >= 16 characters
SCENARIOS = ("inbound-answered", "inbound-missed", "queue-answered")


class Receivers:
    """One tiny ASGI app standing in for every CRM: counts requests, answers success."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:
            more = (await receive()).get("more_body", False)
        self.count += 1
        body = b'{"success":true,"result":0,"status":"success"}'
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


@contextlib.asynccontextmanager
async def served(app: Any) -> AsyncIterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="error", lifespan="on", access_log=False
        )
    )
    task = asyncio.create_task(server.serve())
    for _ in range(3000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def config(data_dir: Path, ami_port: int, crm: str) -> Any:
    return config_from_dict(
        {
            "server": {"data_dir": str(data_dir), "public_url": "http://gw"},
            "ami": {"host": "127.0.0.1", "port": ami_port, "user": "bench"},
            "retailcrm": {"url": crm, "client_id": CLIENT_ID},
            "clinica": {"push_url": f"{crm}/push", "company_id": "1"},
            "binotel": {"key": "key"},
            "rostelecom": {
                "client_id": "rid",
                "callback_url": f"{crm}/call_events",
                "rate_limits": {"call_back": 10**9, "get_record": 10**9},
            },
        },
        SECRETS,
    )


async def wait_until(predicate: Callable[[], bool], limit: float = 300.0) -> None:
    deadline = time.perf_counter() + limit
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark stalled")
        await asyncio.sleep(0.005)


async def pipeline(sim: PBXSimulator, app: Any, receivers: Receivers, calls: int) -> None:
    gw = app.state.gateway
    rendered = []
    for i in range(calls):
        _, messages = scenarios.load(SCENARIOS[i % 3]).render(sim.ids, {"caller": f"0501{i:06d}"})
        rendered.extend(msg for _, msg in messages)
    start = time.perf_counter()
    for n, msg in enumerate(rendered):
        sim.broadcast(msg)
        if n % 200 == 0:
            await asyncio.sleep(0)  # let the socket drain, as a live PBX would
    finished = lambda: gw.outbox.stats().sent == gw.pushes_enqueued and gw.pushes_enqueued > 0  # noqa: E731
    await wait_until(lambda: gw.events_seen > 0 and gw._inbox.empty())
    await wait_until(finished)
    await asyncio.sleep(0.3)
    await wait_until(finished)
    elapsed = time.perf_counter() - start
    print(
        f"pipeline: {calls} calls, {len(rendered)} AMI messages, {gw.events_seen} call events, "
        f"{gw.pushes_enqueued} pushes delivered ({receivers.count} received) in {elapsed:.2f} s"
    )
    print(f"  AMI messages/s: {len(rendered) / elapsed:,.0f}")
    print(f"  call events/s (AMI -> tracker -> outbox -> CRM): {gw.events_seen / elapsed:,.0f}")
    print(
        f"  CRM pushes/s delivered through the outbox:        {gw.pushes_enqueued / elapsed:,.0f}"
    )


async def rate(
    name: str,
    seconds: float,
    make: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]],
    client: httpx.AsyncClient,
    expect: int,
) -> None:
    done = 0
    stop = time.perf_counter() + seconds

    errors = 0

    async def worker() -> None:
        nonlocal done, errors
        while time.perf_counter() < stop:
            try:
                response = await make(client)
            except httpx.TransportError:  # a dropped keep-alive connection under load
                errors += 1
                continue
            assert response.status_code == expect, (name, response.status_code, response.text)
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(32)))
    note = f"  ({errors} transport errors)" if errors else ""
    print(f"  {name:<44} {done / (time.perf_counter() - start):8,.0f} req/s{note}")


async def inbound(url: str, app: Any, seconds: float) -> None:
    gw = app.state.gateway
    call_id = next(iter(gw.tracker.recent_call_ids()), "none")
    details = signed_body({"generalCallID": [call_id]}, "key", "s")
    bad = b'{"request_number":"+74951234567","from_pin":"101"}'
    event = {
        "clientId": CLIENT_ID,
        "type": "in",
        "uniqueid": "u1",
        "phone": "0501234567",
        "code": "101",
    }
    print("inbound endpoints (httpx -> uvicorn, 32 in flight):")
    async with httpx.AsyncClient(base_url=url, limits=httpx.Limits(max_connections=32)) as client:
        await rate("GET /health", seconds, lambda c: c.get("/health"), client, 200)
        await rate(
            "POST /stats/call-details.json (md5 signed)",
            seconds,
            lambda c: c.post("/stats/call-details.json", content=details),
            client,
            200,
        )
        await rate(
            "POST /call_back (bad signature -> 403)",
            seconds,
            lambda c: c.post(
                "/call_back", content=bad, headers={"X-Client-ID": "rid", "X-Client-Sign": "0"}
            ),
            client,
            403,
        )
        await rate(
            "GET /api/event (-> outbox)",
            seconds,
            lambda c: c.get(
                "/api/event", params={**event, "uniqueid": str(time.perf_counter_ns())}
            ),
            client,
            200,
        )


async def baseline(seconds: float) -> None:
    """A bare FastAPI route on the same harness: the machine's ceiling for comparison."""
    from fastapi import FastAPI

    bare = FastAPI()

    @bare.get("/ping")
    async def ping() -> dict[str, int]:
        return {"ok": 1}

    async with served(bare) as url, httpx.AsyncClient(base_url=url) as client:
        await rate(
            "baseline: bare FastAPI GET /ping", seconds, lambda c: c.get("/ping"), client, 200
        )


async def main(calls: int, seconds: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sim = PBXSimulator(port=0, users={"bench": SimUser("bench")})
        await sim.start()
        receivers = Receivers()
        async with served(receivers) as crm_url:
            app = create_app(config(Path(tmp), sim.port, crm_url))
            async with served(app) as url:
                await wait_until(lambda: app.state.gateway.ami_state == "ready", 10)
                await pipeline(sim, app, receivers, calls)
                await inbound(url, app, seconds)
        await baseline(seconds)
        await sim.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds (CI)")
    args = parser.parse_args()
    if args.quick:
        args.calls, args.seconds = 15, 0.3
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(json.dumps({"python": sys.version.split()[0], "cpu": "1 core (affinity)"}))
    logging.basicConfig(level=logging.ERROR)
    asyncio.run(main(args.calls, args.seconds))
