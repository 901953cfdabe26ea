"""Hub fan-out: one hub process, N headless desktops, the simulator's load mode at 50 calls/s.

Three processes, as in production: the PBX simulator (a child process; it notes
``time.perf_counter()`` right after it wrote each DialBegin, CLOCK_MONOTONIC being
shared by processes on one machine), the hub (``ringside gateway`` with ``[hub]``,
a child process holding the one AMI session) and this process with N HubFeed
desktops (each its own extension; 10 supervisors each see a tenth of them).

Prints, for the hub: p50/p99 from the AMI bytes leaving the simulator to the
ringing event arriving at the desktop of that extension (target p99 <= 50 ms), the
hub's RSS and RSS per connected desktop (target <= 50 KB), the hub's CPU per 1,000
events, and the AMI sessions the PBX holds (1). Then the direct-AMI baseline in
the same run: M desktops each with its own AMI session (an AmiFeed) to the
simulator, the same load, the same latency measure, the PBX's CPU side by side.

    .venv/bin/python benchmarks/hub_fanout.py [--desktops 1000] [--seconds 20] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.calls.events import CallRinging  # noqa: E402
from core.calls.feed import FeedEvent, LinkState  # noqa: E402

AMI_USER, AMI_SECRET = "hub", "bench-secret"
FIRST_EXT = 2000
CALLS_PER_SECOND = 50.0


# ------------------------------------------------------------------- the PBX
async def sim_child(extensions: int) -> None:
    """The simulator: waits for ``load SECONDS`` on stdin, plays, then prints what it wrote."""
    from core.sim.server import PBXSimulator, SimUser

    endpoints = {str(FIRST_EXT + i): "answer" for i in range(extensions)}
    sim = PBXSimulator(
        port=0, users={AMI_USER: SimUser(AMI_SECRET)}, endpoints=endpoints, speed=1.0
    )
    written: list[tuple[str, str, float]] = []
    broadcast = sim.broadcast

    def timed(msg: dict[str, str]) -> None:
        broadcast(msg)
        if msg.get("Event") == "DialBegin":
            ext = msg.get("DestChannel", "").partition("/")[2].split("-")[0]
            written.append(
                (msg.get("DestLinkedid") or msg.get("Linkedid", ""), ext, time.perf_counter())
            )

    sim.broadcast = timed  # type: ignore[method-assign]
    await sim.start()
    print(sim.port, flush=True)
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    most = 0
    while line := (await reader.readline()).decode().split():
        if line[0] == "load":
            written.clear()
            most = len(sim.sessions)
            cpu0 = time.process_time()
            sim.calls_per_second = CALLS_PER_SECOND
            task = sim.spawn(sim._run_load())
            await asyncio.sleep(float(line[1]))
            task.cancel()
            sim.calls_per_second = 0.0  # later logins must not start a load of their own
            await asyncio.sleep(3.0)  # the last calls ring and end
            cpu = time.process_time() - cpu0
            most = max(most, len(sim.sessions))
            print(json.dumps({"written": written, "sessions": most, "cpu": cpu}), flush=True)
    await sim.stop()


class Child:
    def __init__(self, *args: str, env: dict[str, str] | None = None, pipe: bool = True) -> None:
        self.args, self.env, self.pipe = args, env, pipe
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        pipe = asyncio.subprocess.PIPE if self.pipe else asyncio.subprocess.DEVNULL
        self.proc = await asyncio.create_subprocess_exec(
            *self.args, stdin=pipe, stdout=pipe, stderr=asyncio.subprocess.DEVNULL,
            env={**os.environ, **(self.env or {})}, cwd=ROOT, limit=1 << 28,
        )  # fmt: skip

    async def line(self) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        return (await self.proc.stdout.readline()).decode()

    def send(self, text: str) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(text.encode())

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.terminate()
        try:
            await asyncio.wait_for(self.proc.wait(), 10)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def all_ready(feeds: list[Any], within: float) -> None:
    deadline = time.monotonic() + within
    while sum(f.status.state is LinkState.READY for f in feeds) < len(feeds):
        if time.monotonic() > deadline:
            return
        await asyncio.sleep(0.1)


def pcts(values: list[float]) -> tuple[float, float, float]:
    values = sorted(values)
    return (
        statistics.median(values),
        values[min(len(values) - 1, int(len(values) * 0.99))],
        values[-1],
    )


class Recorder:
    """Arrival time of each extension's ringing event, keyed like the simulator's notes."""

    def __init__(self) -> None:
        self.arrived: dict[tuple[str, str], float] = {}

    def for_ext(self, ext: str) -> Any:
        def on(event: FeedEvent) -> None:
            if isinstance(event, CallRinging) and event.extension == ext:
                self.arrived.setdefault((event.call.call_id, ext), time.perf_counter())

        return on

    def latencies(self, written: list[list[Any]], exts: set[str]) -> tuple[list[float], int]:
        out = []
        written = [w for w in written if w[1] in exts]
        for call_id, ext, at in written:
            got = self.arrived.get((call_id, ext))
            if got is not None:
                out.append((got - at) * 1000)
        return out, len(written)


# ------------------------------------------------------------------- the hub
def make_accounts(data: Path, desktops: int) -> dict[str, str]:
    """Operators 2000.. (teams t0..t9) and 10 supervisors; tokens issued directly (no argon2 x N)."""
    from argon2 import PasswordHasher

    from gateway.hub.accounts import Accounts

    accounts = Accounts(
        data / "hub.sqlite3", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    tokens: dict[str, str] = {}
    try:
        for i in range(desktops):
            ext = str(FIRST_EXT + i)
            accounts.add(
                ext, role="operator", team=f"t{i % 10}", extensions=[ext], password="bench-password"
            )
            tokens[ext] = accounts.issue_token(ext, ttl=3600)[0]
        for t in range(10):
            name = f"sup{t}"
            accounts.add(
                name,
                role="supervisor",
                team=f"t{t}",
                extensions=[str(9000 + t)],
                password="bench-password",
            )
            tokens[name] = accounts.issue_token(name, ttl=3600)[0]
    finally:
        accounts.close()
    return tokens


def write_config(tmp: Path, ami_port: int, hub_port: int) -> Path:
    path = tmp / "gateway.toml"
    path.write_text(
        f'[server]\nhost = "127.0.0.1"\nport = {hub_port}\ndata_dir = "{tmp / "data"}"\ndebug_page = false\n\n'
        f'[ami]\nhost = "127.0.0.1"\nport = {ami_port}\nuser = "{AMI_USER}"\n\n'
        "[hub]\nenabled = true\nsync_grace = 0.2\n",
        encoding="utf-8",
    )
    return path


async def wait_health(url: str, proc: Child) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=1) as http:
        for _ in range(600):
            try:
                if (await http.get(url + "/health")).json().get("ami") == "ready":
                    return
            except (httpx.HTTPError, ValueError):
                pass
            assert proc.proc is not None
            if proc.proc.returncode is not None:
                raise SystemExit(f"the hub exited with {proc.proc.returncode}")
            await asyncio.sleep(0.05)
    raise SystemExit("the hub did not come up")


async def hub_events(url: str) -> float:
    import httpx

    async with httpx.AsyncClient(timeout=5) as http:
        for line in (await http.get(url + "/metrics")).text.splitlines():
            if line.startswith("ringside_hub_events_total"):
                return float(line.split()[1])
    return 0.0


async def run_hub(sim: Child, sim_port: int, desktops: int, seconds: float) -> dict[str, Any]:
    from core.hub.client import HubFeed, HubToken

    tmp = Path(tempfile.mkdtemp(prefix="hub-fanout-"))
    (tmp / "data").mkdir()
    tokens = make_accounts(tmp / "data", desktops)
    port = free_port()
    hub = Child(
        sys.executable, "-m", "cli.main", "gateway", "--config", str(write_config(tmp, sim_port, port)),
        "--log-level", "error", env={"RINGSIDE_AMI_SECRET": AMI_SECRET}, pipe=False,
    )  # fmt: skip
    await hub.start()
    url = f"http://127.0.0.1:{port}"
    await wait_health(url, hub)
    assert hub.proc is not None
    pid = hub.proc.pid
    await asyncio.sleep(0.5)
    rss_before = rss_kb(pid)
    recorder = Recorder()
    feeds = []
    for name, token in tokens.items():
        feed = HubFeed(url, name, token=HubToken(token, time.time() + 3600), backoff=(0.2, 2.0))
        feed.subscribe(recorder.for_ext(name))
        feeds.append(feed)
    t0 = time.perf_counter()
    for start in range(
        0, len(feeds), 100
    ):  # a call center's desktops start over minutes; 100 at a time
        await asyncio.gather(*(f.start() for f in feeds[start : start + 100]))
        await asyncio.sleep(0.05)
    await all_ready(feeds, 180)
    ready = sum(f.status.state is LinkState.READY for f in feeds)
    connect_s = time.perf_counter() - t0
    await asyncio.sleep(1.0)
    rss_connected = rss_kb(pid)
    events0, cpu0 = await hub_events(url), cpu_seconds(pid)
    sim.send(f"load {seconds}\n")
    report = json.loads(await sim.line())
    events1, cpu1 = await hub_events(url), cpu_seconds(pid)
    rss_after = rss_kb(pid)
    latencies, expected = recorder.latencies(report["written"], set(tokens))
    for feed in feeds:
        await feed.stop()
    await hub.stop()
    return {
        "latencies": latencies, "expected": expected, "ready": ready, "connect_s": connect_s,
        "rss_before": rss_before, "rss_connected": rss_connected, "rss_after": rss_after,
        "events": events1 - events0, "cpu": cpu1 - cpu0, "sessions": report["sessions"],
        "sim_cpu": report["cpu"], "desktops": len(feeds),
    }  # fmt: skip


# -------------------------------------------------------------- the baseline
async def run_direct(sim: Child, sim_port: int, desktops: int, seconds: float) -> dict[str, Any]:
    from core.calls.ami_feed import AmiFeed, AmiSettings

    recorder = Recorder()
    feeds = []
    for i in range(desktops):
        ext = str(FIRST_EXT + i)
        feed = AmiFeed(AmiSettings("127.0.0.1", sim_port, AMI_USER), AMI_SECRET)
        feed.subscribe(recorder.for_ext(ext))
        feeds.append(feed)
    cpu0 = time.process_time()
    for start in range(0, len(feeds), 50):
        await asyncio.gather(*(f.start() for f in feeds[start : start + 50]))
        await asyncio.sleep(0.05)
    await all_ready(feeds, 120)
    ready = sum(f.status.state is LinkState.READY for f in feeds)
    await asyncio.sleep(1.0)
    cpu1 = time.process_time()
    sim.send(f"load {seconds}\n")
    report = json.loads(await sim.line())
    cpu2 = time.process_time()
    latencies, expected = recorder.latencies(
        report["written"], {str(FIRST_EXT + i) for i in range(desktops)}
    )
    for feed in feeds:
        await feed.stop()
    return {
        "latencies": latencies, "expected": expected, "ready": ready, "sessions": report["sessions"],
        "sim_cpu": report["cpu"], "desktops": desktops, "client_cpu": cpu2 - cpu1, "login_cpu": cpu1 - cpu0,
    }  # fmt: skip


def print_latency(label: str, result: dict[str, Any], target: float) -> None:
    got = result["latencies"]
    if not got:
        print(
            f"{label}: no ringing event measured ({result['ready']}/{result['desktops']} desktops ready)"
        )
        return
    p50, p99, top = pcts(got)
    verdict = "OK" if p99 <= target else "OVER TARGET"
    print(
        f"{label}: {len(got)}/{result['expected']} rings measured, p50={p50:.1f} ms p99={p99:.1f} ms "
        f"max={top:.1f} ms (target p99 <= {target:.0f} ms: {verdict})"
    )


async def main_async(args: argparse.Namespace) -> int:
    extensions = max(args.desktops, args.baseline)
    sim = Child(sys.executable, __file__, "--child", str(extensions))
    await sim.start()
    sim_port = int(await sim.line())
    try:
        print(
            f"hub: {args.desktops} desktops + 10 supervisors, {CALLS_PER_SECOND:.0f} calls/s for {args.seconds:g} s"
        )
        hub = await run_hub(sim, sim_port, args.desktops, args.seconds)
        n = hub["ready"]
        print(f"  connected {n}/{hub['desktops']} desktops in {hub['connect_s']:.1f} s")
        print_latency("  AMI bytes -> desktop event (hub)", hub, 50)
        per_desktop = (hub["rss_connected"] - hub["rss_before"]) / max(1, n)
        verdict = "OK" if per_desktop <= 50 else "OVER TARGET"
        print(
            f"  hub RSS {hub['rss_before'] / 1024:.1f} MB idle, {hub['rss_connected'] / 1024:.1f} MB with {n} "
            f"desktops, {hub['rss_after'] / 1024:.1f} MB after the load; {per_desktop:.1f} KB per desktop "
            f"(target <= 50 KB: {verdict})"
        )
        per_k = hub["cpu"] / max(1.0, hub["events"]) * 1000 * 1000
        print(
            f"  hub CPU {hub['cpu']:.2f} s for {hub['events']:.0f} feed events: {per_k:.1f} ms per 1,000 events"
        )
        print(
            f"  AMI sessions at the PBX: {hub['sessions']}; PBX (simulator) CPU {hub['sim_cpu']:.2f} s"
        )
        print(f"direct AMI baseline: {args.baseline} desktops, each its own AMI session, same load")
        direct = await run_direct(sim, sim_port, args.baseline, args.seconds)
        print_latency("  AMI bytes -> desktop event (direct)", direct, 50)
        print(
            f"  AMI sessions at the PBX: {direct['sessions']}; PBX (simulator) CPU {direct['sim_cpu']:.2f} s "
            f"({direct['sim_cpu'] / max(0.001, hub['sim_cpu']):.1f}x the hub run); the desktops' "
            f"process spent {direct['client_cpu']:.2f} s CPU tracking every call {args.baseline} times"
        )
    finally:
        await sim.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desktops", type=int, default=1000)
    parser.add_argument(
        "--baseline", type=int, default=200, help="desktops in the direct-AMI baseline"
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds of load")
    parser.add_argument(
        "--quick", action="store_true", help="CI: 50 desktops, 50 in the baseline, 5 s"
    )
    parser.add_argument("--child", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(sim_child(int(args.child[0])))
        return 0
    if args.quick:
        args.desktops, args.baseline, args.seconds = 50, 50, 5.0
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
