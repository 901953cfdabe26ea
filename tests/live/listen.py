"""Ringside's own code listening to the lab: ``ringside monitor --json`` and the desktop's service.

Both run for the whole session and record everything they see with a sequence
number; a test takes a ``mark()`` before it drives a call and reads what came after.

``start_service`` is the one place that builds the service the way the desktop does in
direct mode (``core.bootstrap``: a ``RingsideService`` over an ``AmiFeed`` with a SQLite
call history); when that construction changes, only it changes.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.bootstrap import direct_feed
from core.calls.events import CallEnded, CallEvent, CallFinished
from core.history.calls import CallHistory, HistoryEntry
from core.service import CallUpdate, ConnectionChanged, RingsideService, ServiceConfig

RINGSIDE = str(Path(sys.executable).with_name("ringside"))
HOST, PORT = "127.0.0.1", 5038


def ringside(*args: str, user: str = "companion", secret: str = "companion-secret",
             timeout: float = 60, **kw: Any) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run a ``ringside`` command as an operator would (secret from the environment)."""
    env = dict(os.environ, RINGSIDE_AMI_SECRET=secret)
    cmd = [RINGSIDE, *args]
    if args and args[0] in ("monitor", "dial", "doctor"):
        cmd += ["--host", HOST, "--port", str(PORT), "--user", user]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, **kw)


class Recorder:
    """A thread-safe, append-only list with marks."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.cond = threading.Condition()

    def add(self, item: Any) -> None:
        with self.cond:
            self.items.append(item)
            self.cond.notify_all()

    def mark(self) -> int:
        with self.cond:
            return len(self.items)

    def since(self, mark: int) -> list[Any]:
        with self.cond:
            return list(self.items[mark:])

    def wait(self, pred: Callable[[list[Any]], bool], mark: int = 0, timeout: float = 15) -> bool:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not pred(self.items[mark:]):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(min(left, 0.2))
            return True


class MonitorProcess(Recorder):
    """``ringside monitor --json [--extension EXT]`` as a subprocess, every JSON line recorded."""

    def __init__(
        self,
        extension: str | None = None,
        user: str = "companion",
        port: int = PORT,
        extra: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.extension = extension
        args = ["monitor", "--json", "--host", HOST, "--port", str(port), "--user", user]
        if extension:
            args += ["--extension", extension]
        args += list(extra)
        env = dict(os.environ, RINGSIDE_AMI_SECRET="companion-secret")
        self.proc = subprocess.Popen([RINGSIDE, *args], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)  # fmt: skip
        self.states = Recorder()
        threading.Thread(target=self._read_out, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read_out(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.add(json.loads(line))

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.states.add(line.strip())

    def wait_connected(self, mark: int = 0, timeout: float = 15) -> None:
        if not self.states.wait(
            lambda s: any(x.startswith(("[connected]", "[ready]")) for x in s), mark, timeout
        ):
            raise AssertionError(
                f"monitor {self.extension} never connected: {self.states.since(0)}"
            )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_service(config: ServiceConfig, secret: str, history: CallHistory) -> RingsideService:
    """The service as the desktop builds it in direct mode (``core.bootstrap``): an AMI feed
    straight to the PBX under a ``RingsideService`` with a SQLite history. The one place to
    change when the construction changes."""
    return RingsideService(config, direct_feed(config, secret), history=history)


class ServiceListener(Recorder):
    """The desktop's service for one extension, on its own event loop in a thread."""

    def __init__(self, extension: str, folder: Path) -> None:
        super().__init__()
        self.extension = extension
        self.connection = Recorder()
        folder.mkdir(parents=True, exist_ok=True)
        self.history = CallHistory(folder / f"history-{extension}.sqlite3")
        config = ServiceConfig(host=HOST, port=PORT, username="companion", extension=extension,
                               endpoint=f"PJSIP/{extension}", context="internal")  # fmt: skip
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.service: RingsideService = self.call(self._start(config))

    async def _start(self, config: ServiceConfig) -> RingsideService:
        service = start_service(config, "companion-secret", self.history)
        service.subscribe(self._observe)
        await service.start()
        return service

    def _observe(self, event: Any) -> None:
        if isinstance(event, CallUpdate):
            self.add(event.event)
        elif isinstance(event, ConnectionChanged):
            self.connection.add(str(event.state))

    def call(self, coro: Any, timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def wait_ready(self, mark: int = 0, timeout: float = 20) -> None:
        if not self.connection.wait(lambda s: "ready" in s, mark, timeout):
            raise AssertionError(
                f"service {self.extension} never ready: {self.connection.since(0)}"
            )

    def history_for(self, call_id: str) -> list[HistoryEntry]:
        entries = self.call(self._search())
        return [e for e in entries if e.call_id == call_id]

    async def _search(self) -> list[HistoryEntry]:
        return await self.service.search_history()

    def stop(self) -> None:
        self.call(self.service.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.history.close()


class Listeners:
    """Everything Ringside runs against the lab during the session."""

    EXTENSIONS = ("101", "102")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pbx = MonitorProcess()
        self.raw = MonitorProcess(extra=("--raw",))  # the whole AMI stream, kept for a diagnosis
        self.monitors = {ext: MonitorProcess(ext) for ext in self.EXTENSIONS}
        self.services = {ext: ServiceListener(ext, folder) for ext in self.EXTENSIONS}
        for listener in self._all_monitors():
            listener.wait_connected()
        for svc in self.services.values():
            svc.wait_ready()

    def _all_monitors(self) -> Iterator[MonitorProcess]:
        yield self.pbx
        yield self.raw
        yield from self.monitors.values()

    def mark(self) -> Marks:
        return Marks(
            self.pbx.mark(),
            {e: m.mark() for e, m in self.monitors.items()},
            {e: s.mark() for e, s in self.services.items()},
        )

    def wait_finished(self, marks: Marks, count: int, timeout: float = 20) -> list[dict[str, Any]]:
        """PBX-wide ``finished`` records after ``marks`` (waits for ``count`` of them)."""

        def done(items: list[Any]) -> bool:
            return sum(r["event"] == "finished" for r in items) >= count

        self.pbx.wait(done, marks.pbx, timeout)
        # the per-extension views end before the PBX-wide finish; let them drain
        time.sleep(0.3)
        return [r for r in self.pbx.since(marks.pbx) if r["event"] == "finished"]

    def settle(self, marks: Marks, timeout: float = 15) -> None:
        """Wait until every call started after ``marks`` has finished (no leftovers for the next test)."""

        def quiet(items: list[Any]) -> bool:
            started = {r["call_id"] for r in items if r["event"] == "started"}
            return started <= {r["call_id"] for r in items if r["event"] == "finished"}

        self.pbx.wait(quiet, marks.pbx, timeout)

    def stop(self) -> None:
        for monitor in self._all_monitors():
            monitor.stop()
        with (self.folder / "pbx-raw.jsonl").open("w") as fh:  # RINGSIDE_LIVE_KEEP=1 keeps it
            for record in self.raw.since(0):
                fh.write(json.dumps(record) + "\n")
        for svc in self.services.values():
            svc.stop()


@dataclass(frozen=True)
class Marks:
    pbx: int
    monitors: dict[str, int]
    services: dict[str, int]


def operator_sequence(records: list[dict[str, Any]], call_id: str) -> list[tuple[str, str | None]]:
    """(event, outcome) of one extension's monitor records for ``call_id``."""
    return [(r["event"], r["outcome"]) for r in records if r["call_id"] == call_id]


def service_sequence(events: list[CallEvent], call_id: str) -> list[tuple[str, str | None]]:
    names = {"CallRinging": "ringing", "CallAnswered": "answered", "CallTransferred": "transferred",
             "CallEnded": "ended"}  # fmt: skip
    out = []
    for e in events:
        if e.call.call_id != call_id:
            continue
        outcome = str(e.outcome) if isinstance(e, CallEnded) else None
        out.append((names.get(type(e).__name__, type(e).__name__), outcome))
    return out


def final_snapshot(events: list[CallEvent], call_id: str) -> Any:
    ended = [
        e for e in events if e.call.call_id == call_id and isinstance(e, (CallEnded, CallFinished))
    ]
    return ended[-1].call if ended else None
