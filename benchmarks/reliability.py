"""The gateway on a bad day: kill -9s, a CRM outage, PBX restarts, network cuts, hostile input.

1. *Delivery*: N calls through the PBX simulator (real TCP AMI) into the gateway,
   which runs as its own process (``ringside gateway``, uvicorn) and is killed
   with SIGKILL K times (restarted each time, after a pause in which calls end
   unseen), while the CRMs (retailCRM, Clinica, Rostelecom fakes on 127.0.0.1)
   answer 503 for a while, first with ``Retry-After: 1``, then without. Once the
   outbox is empty: the end-of-call pushes of every call (retailCRM upload,
   Clinica ``hangupTheCall``, Rostelecom ``disconnected``) delivered exactly
   once / more than once / never, dead items, and every push sent twice on the
   wire (target N/0/0, dead 0).
2. *Reconnect* after kill -9 of the simulator (``benchmarks/reconnect.py``):
   port reopening -> logged in, median and p99 (target p99 <= 2 s).
3. *Network cuts*: calls with a known outcome while the AMI connection is cut
   M times (the PBX keeps its calls); calls whose final outcome is wrong.
4. *Hostile input*: RSS growth of the framer (+ tracker) fed 60,000-header
   messages, 1 MiB messages and floods of malformed lines (target flat, < 100 MB);
   redaction of a 1 MiB body, and /health latency while the gateway takes one.

Run: ``.venv/bin/python benchmarks/reliability.py [--calls 40 --kills 8]``;
``--quick`` is the small CI run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import random
import signal
import socket
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import reconnect
from core.ami.codec import AMIFramer
from core.ami.connection import AMIConnection
from core.calls.events import CallFinished, Outcome
from core.calls.tracker import CallTracker
from core.sim.server import PBXSimulator, SimUser
from gateway.redact import redact_body
from tests.fakes.crm_servers import ClinicaFake, RetailCrmFake
from tests.fakes.gateway import RostelecomSideFake

REPO = Path(__file__).resolve().parents[1]
SECRETS = {
    "RINGSIDE_AMI_SECRET": "bench-secret",
    "RINGSIDE_RETAILCRM_API_KEY": "retail-key",
    "RINGSIDE_BINOTEL_SECRET": "binotel",
    "RINGSIDE_ROSTELECOM_SIGN_KEY": "00000716ABDA6D4DFF10F82BCBBFC532",
}
SCENARIOS = {"inbound-answered": Outcome.ANSWERED, "inbound-missed": Outcome.MISSED,
             "queue-answered": Outcome.ANSWERED, "inbound-busy": Outcome.BUSY}  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def until(predicate: Callable[[], bool], within: float) -> bool:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


# -- 1. delivery ---------------------------------------------------------------------------
class GatewayProcess:
    """``ringside gateway --config FILE`` as a child process, killable with SIGKILL."""

    def __init__(self, config: Path, port: int) -> None:
        self.config, self.port = config, port
        self.proc: asyncio.subprocess.Process | None = None
        self.log = config.with_name("gateway.log").open("ab")

    async def start(self) -> None:
        env = {**os.environ, **SECRETS, "PYTHONPATH": str(REPO)}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cli.main", "gateway", "--config", str(self.config),
            "--log-level", "warning", cwd=REPO, env=env, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        async with httpx.AsyncClient(timeout=2) as client:
            for _ in range(600):
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(self.url("/health"))).status_code == 200:
                        return
                await asyncio.sleep(0.05)
        raise RuntimeError("the gateway did not start (see gateway.log)")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                await self.kill()


def write_config(data: Path, sim_port: int, port: int, crm: Any, cw: Any, rt: Any) -> Path:
    path = data / "gateway.toml"
    path.write_text(f"""\
[server]
host = "127.0.0.1"
port = {port}
data_dir = "{data}"
debug_page = false
[ami]
port = {sim_port}
user = "gateway"
[outbox]
retry_after_floor = 0.5
[retailcrm]
url = "{crm.url}"
client_id = "5494143d6ad0b09976b-bench"
context = "internal"
[clinica]
push_url = "{cw.push_url}"
company_id = "3041"
[rostelecom]
client_id = "000003C405E6525C64C184258C44EC99"
callback_url = "{rt.events_url}"
""", encoding="utf-8")  # fmt: skip
    return path


def outbox_counts(data: Path) -> tuple[int, int, int]:
    """(pending, dead, resent after a kill mid-send) read from the gateway's outbox file."""
    with contextlib.closing(sqlite3.connect(data / "outbox.sqlite3", timeout=10)) as db:
        row = db.execute(
            "SELECT sum(state = 'pending'), sum(state = 'dead'), "
            "sum(state = 'sent' AND attempts - failures > 1) FROM outbox"
        ).fetchone()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def wire_uploads(crm: Any) -> Counter[str]:
    seen: Counter[str] = Counter()
    for req in list(crm.requests):
        if req.path.endswith("/telephony/calls/upload"):
            with contextlib.suppress(Exception):
                for call in json.loads(req.form.get("calls", "[]")):
                    seen[str(call.get("externalId"))] += 1
    return seen


async def delivery(calls: int, kills: int, outage: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    data = Path(tempfile.mkdtemp(prefix="ringside-reliability-"))
    sim = PBXSimulator(port=0, users={"gateway": SimUser(SECRETS["RINGSIDE_AMI_SECRET"])},
                       speed=8)  # fmt: skip
    await sim.start()
    with RetailCrmFake("retail-key") as crm, ClinicaFake() as cw, RostelecomSideFake() as rt:
        port = free_port()
        gw = GatewayProcess(write_config(data, sim.port, port, crm, cw, rt), port)
        await gw.start()
        await until(lambda: any(s.authenticated for s in sim.sessions), 20)
        for fake in (crm, cw, rt):  # the outage: 503 with Retry-After, then without
            fake.fail_next(503, times=outage, retry_after=1)
            fake.fail_next(503, times=outage)
        kill_at = sorted(rng.sample(range(2, calls), min(kills, calls - 2)))
        runs = []
        for n in range(calls):
            name = rng.choice(list(SCENARIOS))
            runs.append(sim.play(name, caller=f"0501{n:06d}", ext="101"))
            if n in kill_at:  # mid-call: some calls end while the gateway is down
                await asyncio.sleep(rng.uniform(0.1, 0.6))
                await gw.kill()
                await asyncio.sleep(rng.uniform(0.3, 1.5))
                await gw.start()
            await asyncio.sleep(rng.uniform(0.1, 0.4))
        await asyncio.gather(*(run.wait() for run in runs), return_exceptions=True)
        await asyncio.sleep(1.0)
        drained = await until(lambda: outbox_counts(data)[0] == 0, 180)
        await gw.stop()
        pending, dead, resent = outbox_counts(data)
        ids = [run.call_id for run in runs]
        uploads = wire_uploads(crm)
        disconnected = Counter(e["session_id"] for e in rt.events if e["state"] == "disconnected")
        hangups = Counter(p.get("GeneralCallID") for p in cw.pushes
                          if p.get("RequestType") == "hangupTheCall")  # fmt: skip
        per_call = [(uploads[i], disconnected[i], hangups[i]) for i in ids]
        rt_keys = Counter((e["session_id"], e["state"], e.get("request_pin")) for e in rt.events)
        cw_keys = Counter((p.get("GeneralCallID"), p.get("RequestType"), p.get("InternalNumber"))
                          for p in cw.pushes)  # fmt: skip
        crm_keys = Counter((e.get("callExternalId"), e.get("type"), tuple(e.get("codes", ())))
                           for e in crm.events)  # fmt: skip
        await sim.stop()
    return {
        "calls": calls,
        "kills": len(kill_at),
        "outage": 2 * outage * 3,
        "exactly_once": sum(1 for c in per_call if c == (1, 1, 1)),
        "duplicated": sum(1 for c in per_call if max(c) > 1),
        "missing": sum(1 for c in per_call if min(c) == 0),
        "dead": dead,
        "pending": pending,
        "resent": resent,
        "drained": drained,
        "dup_upload_wire": sum(n - 1 for n in uploads.values() if n > 1),
        "dup_rostelecom": sum(n - 1 for n in rt_keys.values() if n > 1),
        "dup_clinica": sum(n - 1 for n in cw_keys.values() if n > 1),
        "dup_retailcrm_events": sum(n - 1 for n in crm_keys.values() if n > 1),
    }


# -- 3. network cuts -----------------------------------------------------------------------
async def network_cuts(calls: int, cuts: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    sim = PBXSimulator(port=0, users={"demo": SimUser("demo")}, speed=4)
    await sim.start()
    tracker = CallTracker(time.time)
    finished: dict[str, Outcome | None] = {}

    def take(events: list[Any]) -> None:
        for event in events:
            if isinstance(event, CallFinished):
                finished[event.call.call_id] = event.call.outcome

    conn = AMIConnection("127.0.0.1", sim.port, "demo", "demo", on_message=lambda m: take(
        tracker.handle(m)))  # fmt: skip
    await conn.start()
    runs = []
    done_cuts = 0
    for n in range(calls):
        name = rng.choice(list(SCENARIOS))
        runs.append((sim.play(name, caller=f"0502{n:06d}", ext="101"), SCENARIOS[name]))
        await asyncio.sleep(rng.uniform(0.2, 0.8))
        if done_cuts < cuts and rng.random() < cuts / calls * 1.5:
            sim.kill_connections()  # the network drops; the PBX keeps its calls
            done_cuts += 1
    await asyncio.gather(*(run.wait() for run, _ in runs), return_exceptions=True)
    for _ in range(40):
        take(tracker.tick())
        await asyncio.sleep(0.1)
    await conn.close()
    await sim.stop()
    wrong = [(run.call_id, expected, finished.get(run.call_id)) for run, expected in runs
             if finished.get(run.call_id) is not expected]  # fmt: skip
    return {"calls": calls, "cuts": done_cuts, "misreported": len(wrong), "examples": wrong[:3]}


# -- 4. hostile input ----------------------------------------------------------------------
def hostile_rss(scale: int) -> list[tuple[str, float]]:
    def fat(headers: int, distinct: bool) -> bytes:
        line = b"K%d: v" if distinct else b"Variable: x%d"
        return b"\r\n".join([b"Event: VarSet", b"Linkedid: 1.1", b"Uniqueid: 1.1"]
                            + [line % n for n in range(headers)]) + b"\r\n\r\n"  # fmt: skip

    cases: list[tuple[str, list[bytes]]] = [
        ("60,000 headers per message", [fat(60_000, True)] * (10 * scale)),
        ("40,000 distinct headers, kept", [fat(40_000, True)] * (20 * scale)),
        ("1 MiB messages", [b"Event: X\r\nValue: " + b"a" * (1 << 20) + b"\r\n\r\n"] * (20 * scale)),
        ("malformed lines", [b"Event: X\r\n" + b"garbage without colon\r\n" * 30_000 + b"\r\n"]
         * (20 * scale)),
    ]  # fmt: skip
    out = []
    for name, chunks in cases:
        gc.collect()
        before = rss_mb()
        framer = AMIFramer(expect_banner=False)
        tracker = CallTracker(time.time)
        kept = []
        for chunk in chunks:
            for msg in framer.feed(chunk):
                kept.append(msg)  # the consumer holds what it was given
                tracker.handle(msg)
        gc.collect()
        out.append((name, rss_mb() - before))
        del kept, framer, tracker, chunks
    return out


async def redaction_and_health() -> dict[str, float]:
    body = "a" * (1 << 20)
    started = time.perf_counter()
    redact_body(body)
    redact_ms = (time.perf_counter() - started) * 1000
    data = Path(tempfile.mkdtemp(prefix="ringside-redact-"))
    with RetailCrmFake("k") as crm, ClinicaFake() as cw, RostelecomSideFake() as rt:
        port = free_port()
        gw = GatewayProcess(write_config(data, free_port(), port, crm, cw, rt), port)
        await gw.start()
        latencies: list[float] = []
        async with httpx.AsyncClient(timeout=120) as client:
            big = asyncio.gather(*(client.post(gw.url(path), content=body.encode(),
                                 headers={"content-type": "application/json"})
                                 for path in ("/call_back", "/get_record") * 4))  # fmt: skip
            while not big.done():
                t = time.perf_counter()
                await client.get(gw.url("/health"))
                latencies.append((time.perf_counter() - t) * 1000)
                await asyncio.sleep(0.01)
            status = max(r.status_code for r in await big)
        await gw.stop()
    return {"redact_ms": redact_ms, "health_max_ms": max(latencies or [0.0]),
            "health_samples": len(latencies), "status": status}  # fmt: skip


async def main_async(args: argparse.Namespace) -> int:
    quick = args.quick
    calls, kills = (12, 2) if quick else (args.calls, args.kills)
    d = await delivery(calls, kills, outage=3 if quick else 15, seed=args.seed)
    print(f"1. delivery: {d['calls']} calls, {d['kills']} gateway kill -9s, {d['outage']} answers "
          f"of 503 (half with Retry-After: 1){'' if d['drained'] else ' (outbox NOT drained)'}")  # fmt: skip
    print(f"   end-of-call pushes per call: exactly once {d['exactly_once']} / duplicated "
          f"{d['duplicated']} / missing {d['missing']}; dead {d['dead']}, pending {d['pending']}"
          f"  (target {d['calls']}/0/0, dead 0)")  # fmt: skip
    print(f"   the outbox's own count of pushes resent after a kill mid-send: {d['resent']}")
    print(f"   sent twice on the wire: uploads {d['dup_upload_wire']} (retailCRM dedupes by "
          f"externalId), Rostelecom {d['dup_rostelecom']}, Clinica {d['dup_clinica']}, "
          f"retailCRM events {d['dup_retailcrm_events']}")  # fmt: skip
    r = await reconnect.run(3 if quick else 10, args.seed)
    print(f"2. reconnect after kill -9 of the simulator ({r['rounds']} rounds): median "
          f"{float(r['median']) * 1000:.0f} ms, p99 {float(r['p99']) * 1000:.0f} ms "
          "(target p99 <= 2000 ms)")  # fmt: skip
    n = await network_cuts(10 if quick else 30, 4 if quick else 20, args.seed)
    print(f"3. network cuts: {n['calls']} calls, {n['cuts']} cuts: {n['misreported']} misreported"
          f" (target 0){' e.g. ' + str(n['examples']) if n['examples'] else ''}")  # fmt: skip
    print("4. hostile input, RSS growth of framer + tracker (target flat, < 100 MB):")
    for name, grown in hostile_rss(1 if quick else 3):
        print(f"   {name:<32} {grown:+7.1f} MB")
    h = await redaction_and_health()
    print(f"   redaction of a 1 MiB body: {h['redact_ms']:.1f} ms; /health while the gateway "
          f"takes 8 POSTs of 1 MiB: max {h['health_max_ms']:.0f} ms over {h['health_samples']} "
          f"polls (worst POST answer {h['status']})")  # fmt: skip
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="a small run (CI)")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
