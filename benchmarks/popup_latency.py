"""Popup latency: from the simulator writing the ringing event's last byte to ``popup.show()``.

The PBX simulator runs in a child process (a real PBX is another machine);
the tray app's stack (AMIConnection -> CallTracker (AmiFeed) ->
RingsideService -> ServiceBridge -> PopupManager) runs on a qasync loop, as in
the app. Calls overlap (a new one every 250 ms, each ~0.8 s long), so several
popups are open at once. The CRM is a JSON service on 127.0.0.1 answering in 0 ms, then in 2 s.
Prints p50/p99/max per CRM mode; target p99 <= 30 ms in both.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/popup_latency.py [--calls 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.ami.protocol import AMIProtocol
from core.bootstrap import direct_feed
from core.calls.events import CallRinging
from core.crm.cache import LookupCache
from core.crm.generic_http import GenericHttpAdapter
from core.service import RingsideService, ServiceConfig
from core.sim.server import PBXSimulator


def _key(msg: dict[str, str]) -> tuple[str, ...]:
    fields = (
        "Event",
        "Uniqueid",
        "DestUniqueid",
        "DialStatus",
        "ChannelState",
        "Interface",
        "Linkedid",
    )
    return tuple(msg.get(f, "") for f in fields)


class SimProcess:
    """The simulator in a child process (a PBX is another machine: no shared GIL).

    The child prints its port, plays ``count`` overlapping calls once the app has
    logged in, then prints one JSON line mapping each event to the
    ``time.perf_counter()`` right after its bytes went to the socket
    (CLOCK_MONOTONIC: comparable across processes on one machine).
    """

    def __init__(self, count: int, every: float, speed: float) -> None:
        self.args = [str(count), str(every), str(speed)]
        self.proc: asyncio.subprocess.Process | None = None
        self.port = 0
        self.written: dict[tuple[str, ...], float] = {}

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--child", *self.args,
            stdout=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.PIPE, limit=1 << 26,
        )  # fmt: skip
        assert self.proc.stdout is not None
        self.port = int((await self.proc.stdout.readline()).decode())

    async def finish(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        line = await self.proc.stdout.readline()
        self.written = {tuple(k): t for k, t in json.loads(line)}
        await self.proc.wait()


async def child(count: int, every: float, speed: float) -> None:
    sim = PBXSimulator(port=0)
    written: list[tuple[tuple[str, ...], float]] = []
    broadcast = sim.broadcast

    def timed(msg: dict[str, str]) -> None:
        broadcast(msg)
        written.append((_key(msg), time.perf_counter()))

    sim.broadcast = timed  # type: ignore[method-assign]
    await sim.start()
    print(sim.port, flush=True)
    while not sim.sessions:  # noqa: ASYNC110 - the simulator has no "logged in" event to await
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)  # the app finishes its login/resync
    runs = []
    for i in range(count):
        runs.append(sim.play("inbound-missed", speed=speed, caller=f"8916{i:07d}"))
        await asyncio.sleep(every)
    for run in runs:
        await run.wait()
    print(json.dumps(written), flush=True)
    await sim.stop()


async def crm_server(delay: float) -> tuple[asyncio.Server, str]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await asyncio.sleep(delay)
            body = json.dumps(
                [{"id": "1", "name": "Андрей Волков", "company": "СтройМаркет"}]
            ).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)  # fmt: skip
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/lookup?phone={{digits}}"


async def measure(calls: int, crm_delay: float) -> dict[str, list[float]]:
    from desktop.app import RingsideApp
    from desktop.ui.popup_stack import CallPopup

    CallPopup.CLOSE_MISSED_MS = 150
    sim = SimProcess(calls, every=0.25, speed=8.0)
    await sim.start()
    server, url = await crm_server(crm_delay)
    config = ServiceConfig(host="127.0.0.1", port=sim.port, username="demo", extension="101",
                           endpoint="PJSIP/101", lookup_timeout=5.0)  # fmt: skip
    crm = LookupCache(GenericHttpAdapter(url, timeout=10.0).lookup)
    feed = direct_feed(config, "demo")
    service = RingsideService(config, feed, crm=crm)
    ui = RingsideApp(service, asyncio.Event(), use_tray=False, open_url=lambda _u: None)
    trigger: dict[str, tuple[str, ...]] = {}
    received: dict[str, tuple[float, float]] = {}  # call -> (chunk read, ringing event out)
    handle = feed.tracker.handle
    chunk_at = [0.0]
    data_received = AMIProtocol.data_received

    def timed_read(proto: AMIProtocol, data: bytes) -> None:
        chunk_at[0] = time.perf_counter()
        data_received(proto, data)

    AMIProtocol.data_received = timed_read  # type: ignore[method-assign]

    def traced(msg: dict[str, str]) -> Any:
        events = handle(msg)
        for event in events:
            if isinstance(event, CallRinging) and event.extension == "101":
                trigger[event.call.call_id] = _key(msg)
                received[event.call.call_id] = (chunk_at[0], time.perf_counter())
        return events

    feed.tracker.handle = traced  # type: ignore[method-assign]
    shown_at: dict[str, float] = {}

    def shown(popup: Any) -> None:
        shown_at[popup.call.call_id] = time.perf_counter()

    ui.popups.on_shown = shown
    await service.start()
    await sim.finish()  # the child has played every call
    await asyncio.sleep(crm_delay + 0.5)  # let the slow lookups land while popups are open
    await ui.aclose()
    server.close()
    AMIProtocol.data_received = data_received  # type: ignore[method-assign]
    parts: dict[str, list[float]] = {"total": [], "socket": [], "ingest": [], "ui": []}
    for call_id, at in shown_at.items():
        written = sim.written.get(trigger.get(call_id, ()))
        if written is None or call_id not in received:
            continue
        read, event = received[call_id]
        parts["total"].append((at - written) * 1000)
        parts["socket"].append((read - written) * 1000)  # PBX write -> our read (loop wake-up)
        parts["ingest"].append((event - read) * 1000)  # framing + tracker up to the ringing event
        parts["ui"].append((at - event) * 1000)  # service -> bridge -> popup shown
    return parts


def _pcts(values: list[float]) -> tuple[float, float, float]:
    values = sorted(values)
    return (
        statistics.median(values),
        values[min(len(values) - 1, int(len(values) * 0.99))],
        values[-1],
    )


def report(label: str, parts: dict[str, list[float]]) -> None:
    if not parts["total"]:
        print(f"{label}: no popups measured")
        return
    p50, p99, top = _pcts(parts["total"])
    verdict = "OK" if p99 <= 30 else "OVER TARGET"
    print(f"{label}: n={len(parts['total'])} p50={p50:.2f} ms p99={p99:.2f} ms max={top:.2f} ms "
          f"(target p99 <= 30 ms: {verdict})")  # fmt: skip
    for name in ("socket", "ingest", "ui"):
        q50, q99, qmax = _pcts(parts[name])
        print(f"    {name:<6} p50={q50:.2f} ms p99={q99:.2f} ms max={qmax:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds (CI)")
    args = parser.parse_args()
    if args.quick:
        args.calls = 5
    if args.child:
        count, every, speed = args.child
        asyncio.run(child(int(count), float(every), float(speed)))
        return 0
    import qasync

    from desktop.loop import ensure_app

    ensure_app()

    async def run_all() -> None:
        for delay in (0.0, 2.0):
            values = await measure(args.calls, delay)
            report(f"CRM answering in {delay * 1000:.0f} ms", values)

    qasync.run(run_all())
    return 0


if __name__ == "__main__":
    sys.exit(main())
