"""Desktop footprint: start-to-tray time, idle RSS with 100k history rows, idle timer wake-ups.

The parent builds a history database with 100 000 calls, starts the PBX
simulator and launches the tray app in a child process, twice: offscreen and on
a real X display (a private Xvfb, with the openbox window manager when it is
installed), and prints both side by side. The child connects, opens the
history window once, then sits idle; it reports:

- start-to-tray: from the parent spawning the process to the tray (fallback
  window) being shown (target <= 500 ms);
- RSS after ``--idle`` seconds (default 300, the issue's 5 minutes; target <= 90 MB);
- timer wake-ups per second while idle, per receiver (Qt timers carry qasync's
  asyncio callbacks too); target: nothing firing faster than once a second.

    .venv/bin/python benchmarks/desktop_footprint.py [--idle 300] [--rows 100000]
        [--display both|offscreen|xvfb] [--quick]

``--quick`` (CI): 2 000 rows, 3 s idle; the figures then only show it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build_history(path: Path, rows: int) -> None:
    from core.calls.events import Direction
    from core.history.calls import CallHistory, HistoryEntry

    rng = random.Random(7)
    now = time.time()
    history = CallHistory(path)

    def entries() -> Any:
        for i in range(rows):
            start = now - i * 60
            missed = rng.random() < 0.15
            talk = 0.0 if missed else float(rng.randint(10, 600))
            number = f"+7916{rng.randint(0, 9_999_999):07d}"
            yield HistoryEntry(
                call_id=f"bench-{i}", extension="101", direction=Direction.INBOUND,
                remote_number=number, remote_e164=number, remote_name=f"Customer {i % 5000}",
                contact_id=None, did=None, queue=None, started_at=start,
                answered_at=None if missed else start + 5, ended_at=start + 5 + talk,
                outcome="missed" if missed else "answered", talk_seconds=talk, wait_seconds=5.0,
                recording=None, note=None, disposition=None, seen=True, missed=missed,
            )  # fmt: skip

    history.import_entries(entries())
    history.close()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(port: int, db: str, idle: float) -> int:
    """The tray app; prints one JSON line with its measurements."""
    import qasync
    from PySide6.QtCore import QEvent, QObject

    from core.bootstrap import direct_feed
    from core.history.calls import CallHistory
    from core.phone import normalize
    from core.service import ConnectionState, RingsideService, ServiceConfig
    from desktop.app import RingsideApp
    from desktop.loop import ensure_app

    app = ensure_app()
    result: dict[str, Any] = {}

    class TimerCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.counts: collections.Counter[str] = collections.Counter()
            self.on = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if self.on and event.type() == QEvent.Type.Timer:
                self.counts[type(watched).__name__] += 1
            return False

    counter = TimerCounter()
    app.installEventFilter(counter)

    async def main() -> None:
        history = await asyncio.to_thread(CallHistory, db, normalize=normalize)
        config = ServiceConfig(host="127.0.0.1", port=port, username="demo", extension="101",
                               endpoint="PJSIP/101")  # fmt: skip
        service = RingsideService(config, direct_feed(config, "demo"), history=history)
        ui = RingsideApp(service, asyncio.Event())
        ui.tray.show()
        result["tray_shown_at"] = time.perf_counter()
        result["rss_at_tray"] = rss_mb()
        ready = asyncio.Event()
        service.subscribe(
            lambda _e: ready.set() if service.connection.state is ConnectionState.READY else None
        )
        await service.start()
        await ready.wait()
        ui.show_history()
        await asyncio.sleep(2.0)  # the history query lands
        window = ui.windows.get("history")
        if window is not None:
            window.close()  # the operator closes it; the app frees it
        result["rss_after_history"] = rss_mb()
        callbacks: collections.Counter[str] = collections.Counter()
        run_handle = asyncio.Handle._run

        def counted(handle: asyncio.Handle) -> None:
            callback = getattr(handle, "_callback", None)
            name = getattr(callback, "__qualname__", None) or type(callback).__name__
            callbacks[str(getattr(callback, "__self__", None).__class__.__name__) + "." + name] += 1
            run_handle(handle)

        asyncio.Handle._run = counted  # type: ignore[method-assign]
        counter.on = True
        started = time.monotonic()
        await asyncio.sleep(idle)
        counter.on = False
        asyncio.Handle._run = run_handle  # type: ignore[method-assign]
        elapsed = time.monotonic() - started
        result["callbacks"] = {k: v / elapsed for k, v in callbacks.most_common(12)}
        result["wakeups"] = {k: v / elapsed for k, v in counter.counts.most_common()}
        result["rss_mb"] = rss_mb()
        result["unseen_missed"] = service.unseen_missed
        await ui.aclose()
        await asyncio.to_thread(history.close)

    qasync.run(main())
    print(json.dumps(result), flush=True)
    return 0


TARGET_START_S = 0.5
TARGET_RSS_MB = 90.0


@contextmanager
def xvfb() -> Iterator[str | None]:
    """A private Xvfb (+ openbox when installed); yields its DISPLAY, or None without Xvfb."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-noreset", "-screen", "0", "1280x1000x24"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    wm = None
    if shutil.which("openbox"):
        wm = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=display),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(0.5)
    try:
        yield display
    finally:
        for proc in (wm, server):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)


async def measure(port: int, db: Path, idle: float, env: dict[str, str]) -> dict[str, Any] | None:
    """One child run; its measurements plus ``start_to_tray`` (seconds)."""
    spawned = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--child", str(port), str(db), str(idle),
        stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    out, _ = await proc.communicate()
    lines = [line for line in out.decode().splitlines() if line.startswith("{")]
    if not lines:
        return None
    result: dict[str, Any] = json.loads(lines[-1])
    result["start_to_tray"] = result["tray_shown_at"] - spawned
    return result


async def parent(idle: float, rows: int, displays: list[str]) -> None:
    from core.sim.server import PBXSimulator

    results: dict[str, dict[str, Any] | None] = {}
    with tempfile.TemporaryDirectory(prefix="ringside-footprint-") as tmp:
        db = Path(tmp) / "history.sqlite3"
        t = time.perf_counter()
        await asyncio.to_thread(build_history, db, rows)
        print(f"history: {rows} rows written in {time.perf_counter() - t:.1f} s")
        sim = PBXSimulator(port=0)
        await sim.start()
        base = dict(os.environ, RINGSIDE_CONFIG_DIR=str(Path(tmp) / "config"),
                    RINGSIDE_DATA_DIR=str(Path(tmp) / "data"))  # fmt: skip
        for display in displays:
            if display == "offscreen":
                results["offscreen"] = await measure(
                    sim.port, db, idle, dict(base, QT_QPA_PLATFORM="offscreen")
                )
                continue
            with xvfb() as x:
                if x is None:
                    print("Xvfb is not installed: no real-X11 run")
                    continue
                env = dict(base, QT_QPA_PLATFORM="xcb", DISPLAY=x)
                results["xvfb" + ("+openbox" if shutil.which("openbox") else "")] = await measure(
                    sim.port, db, idle, env
                )
        await sim.stop()
    report(results, idle, rows)


def fast_timers(result: dict[str, Any]) -> list[str]:
    """Timers firing faster than once a second. qasync's ``_SimpleTimer`` carries every asyncio
    callback, so it is judged by those callbacks one by one, not by its own total."""
    qt = [k for k, v in result["wakeups"].items() if v > 1.0 and k != "_SimpleTimer"]
    return qt + [k for k, v in result["callbacks"].items() if v > 1.0]


def report(results: dict[str, dict[str, Any] | None], idle: float, rows: int) -> None:
    """Print the runs side by side, then each run's wake-ups."""
    names = list(results)
    print(f"\n{'':38}" + "".join(f"{n:>18}" for n in names))

    def row(label: str, fmt: Any) -> None:
        cells = [fmt(results[n]) if results[n] is not None else "crashed" for n in names]
        print(f"{label:38}" + "".join(f"{c:>18}" for c in cells))

    def verdict(ok: bool) -> str:
        return "" if ok else " OVER"

    row(
        "start-to-tray (target <= 500 ms)",
        lambda r: (
            f"{r['start_to_tray'] * 1000:.0f} ms{verdict(r['start_to_tray'] <= TARGET_START_S)}"
        ),
    )
    row(
        f"idle RSS after {idle:g} s, {rows} rows (<= 90 MB)",
        lambda r: f"{r['rss_mb']:.1f} MB{verdict(r['rss_mb'] <= TARGET_RSS_MB)}",
    )
    row("RSS at tray", lambda r: f"{r['rss_at_tray']:.1f} MB")
    row("RSS after the history window", lambda r: f"{r['rss_after_history']:.1f} MB")
    row("idle timer wake-ups (all)", lambda r: f"{sum(r['wakeups'].values()):.2f}/s")
    row("timers faster than 1/s", lambda r: str(len(fast_timers(r))))
    for name, result in results.items():
        if result is None:
            continue
        print(f"\n{name}:")
        for receiver, rate in result["wakeups"].items():
            print(f"    Qt timer events on {receiver}: {rate:.2f}/s")
        for callback, rate in result["callbacks"].items():
            print(f"    asyncio callback {callback}: {rate:.2f}/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=300.0, help="idle seconds before measuring")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--display",
        choices=("both", "offscreen", "xvfb"),
        default="both",
        help="where the tray app runs (default: both, side by side)",
    )
    parser.add_argument("--quick", action="store_true", help="CI: 2 000 rows, 3 s idle")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        port, db, idle = args.child
        return child(int(port), db, float(idle))
    if args.quick:
        args.rows, args.idle = min(args.rows, 2000), min(args.idle, 3.0)
    displays = ["offscreen", "xvfb"] if args.display == "both" else [args.display]
    asyncio.run(parent(args.idle, args.rows, displays))
    return 0


if __name__ == "__main__":
    sys.exit(main())
