"""``PBXSimulator``: a real asyncio TCP server that speaks AMI like Asterisk 22.

It is what tests, ``ringside demo`` and the benchmarks connect to. Scenarios
(derived from the captured transcripts) start when the first client logs in;
``repeat`` loops them, ``calls_per_second`` adds unrelated short calls. Tests
get hooks to break things: :meth:`kill_connections`, :meth:`freeze`,
``stop(keep_calls=True)`` + ``start()`` on the same port.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import ssl
import time
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any

from core.ami.codec import Message, encode_message
from core.sim import scenarios as scenario_lib
from core.sim.flows import Hook, ScenarioRun
from core.sim.pbx import PBXState, event_classes
from core.sim.session import AMISession

log = logging.getLogger(__name__)

ALL = frozenset({"all"})
DEFAULT_ENDPOINTS = {"101": "answer", "102": "answer", "103": "busy", "104": "noanswer"}
_MAX_RECORDED = 10_000


@dataclass(frozen=True, slots=True)
class SimUser:
    """A manager.conf user: secret and read/write classes (``all`` allows everything)."""

    secret: str
    read: frozenset[str] = ALL
    write: frozenset[str] = ALL

    def __repr__(self) -> str:
        return f"SimUser(read={sorted(self.read)}, write={sorted(self.write)})"


@dataclass(slots=True)
class _Auto:
    names: tuple[str, ...]
    repeat: float | None
    task: asyncio.Task[None] | None = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)


class PBXSimulator:
    """The simulated PBX. ``await start()``; ``.port`` is the bound port (0 allowed)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 5038,
        users: dict[str, SimUser] | None = None,
        scenarios: Iterable[str] = (),
        repeat: float | None = None,
        calls_per_second: float = 0.0,
        *,
        speed: float = 1.0,
        endpoints: dict[str, str] | None = None,
        queues: dict[str, list[str]] | None = None,
        scenario_params: dict[str, str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.users = users if users is not None else {"demo": SimUser("demo")}
        self.speed = speed
        self.ssl_context = ssl_context  # AMI over TLS (Asterisk's tlsbindport, 5039)
        self.calls_per_second = calls_per_second
        self.scenario_params = scenario_params or {}
        self.pbx = PBXState(
            dict(endpoints or DEFAULT_ENDPOINTS), queues or {"support": ["101", "102"]}
        )
        self.ids = scenario_lib.IdAllocator()
        self.sessions: set[AMISession] = set()
        self.received_actions: list[Message] = []
        self.runs: list[ScenarioRun] = []
        self.frozen = False
        self.processed_calls = 0
        self._auto = _Auto(tuple(scenarios), repeat)
        self._started_at = time.time()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        for name in self._auto.names:
            scenario_lib.load(name)  # fail early on a typo

    # -- lifecycle ----------------------------------------------------------
    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: AMISession(self), self.host, self.port, ssl=self.ssl_context
        )
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("PBX simulator listening on %s:%d", self.host, self.port)

    async def stop(self, *, keep_calls: bool = False) -> None:
        """Close the listener and every session; ``keep_calls`` lets calls play on."""
        if self._server is not None:
            self._server.close()
            self.kill_connections()
            await self._server.wait_closed()
            self._server = None
        if keep_calls:
            return
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._auto.task = None
        self.pbx.clear_channels()

    async def __aenter__(self) -> PBXSimulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def uptime(self) -> int:
        return int(time.time() - self._started_at)

    # -- test hooks ---------------------------------------------------------
    def kill_connections(self) -> None:
        """Drop every client socket at once (RST), as a network failure would."""
        for session in list(self.sessions):
            session.close(abort=True)

    def freeze(self) -> None:
        """Hang: stop reading and answering, keep the sockets open."""
        self.frozen = True

    def unfreeze(self) -> None:
        self.frozen = False

    def record_action(self, msg: Message) -> None:
        self.received_actions.append(msg)
        if len(self.received_actions) > _MAX_RECORDED:
            del self.received_actions[: _MAX_RECORDED // 2]

    def actions_named(self, name: str) -> list[Message]:
        return [m for m in self.received_actions if m.get("Action", "").lower() == name.lower()]

    # -- events -------------------------------------------------------------
    def broadcast(self, msg: Message) -> None:
        """Send one event to every logged-in session allowed to read it."""
        self.pbx.observe(msg)
        if msg.get("Event") == "Hangup" and msg.get("Uniqueid") == msg.get("Linkedid"):
            self.processed_calls += 1
        if not self.sessions or self.frozen:
            return
        data = encode_message(msg)
        text: str | None = None
        classes = event_classes(msg)
        for session in list(self.sessions):
            if not session.may_read(classes):
                continue
            if session.filters and text is None:
                text = data.decode("utf-8")
            if session.filters and not session.wants(msg, text or ""):
                continue
            session.write(data)

    # -- scenarios ----------------------------------------------------------
    def play(
        self,
        name: str,
        *,
        speed: float | None = None,
        pause_after: str | None = None,
        hook: Hook | None = None,
        **params: str,
    ) -> ScenarioRun:
        """Start scenario ``name`` now with fresh ids; params: caller, caller_name, did, ext, ext2."""
        scenario = scenario_lib.load(name)
        values, messages = scenario.render(self.ids, {**self.scenario_params, **params})
        run = ScenarioRun(
            self,
            name,
            values,
            messages,
            speed=speed or self.speed,
            pause_after=pause_after,
            hook=hook,
        )
        self._track(run.task)
        self.runs = [r for r in self.runs if not r.task.done()] + [run]
        return run

    def hang_up_call(self, channels: list[Message]) -> None:
        """End a call now: stop its scenario, then ``Hangup`` (cause 16) for each live channel."""
        linkedid = channels[0].get("Linkedid", "")
        for run in self.runs:
            if run.call_id == linkedid:
                run.cancel()
        for fields in reversed(channels):
            self.broadcast(
                {
                    "Event": "Hangup",
                    "Privilege": "call,all",
                    **fields,
                    "Cause": "16",
                    "Cause-txt": "Normal Clearing",
                }
            )

    def spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(coro)
        self._track(task)
        return task

    def _track(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def on_login(self, session: AMISession) -> None:
        """The first login starts the configured scenarios and the load generator."""
        if self._auto.task is not None or not (self._auto.names or self.calls_per_second > 0):
            return
        self._auto.task = self.spawn(self._run_auto())

    async def _run_auto(self) -> None:
        if self.calls_per_second > 0:
            self.spawn(self._run_load())
        while self._auto.names:
            for name in self._auto.names:
                await asyncio.wait([self.play(name).task])  # a hung-up run ends early
                await asyncio.sleep(1.0 / self.speed)
            if self._auto.repeat is None:
                return
            await asyncio.sleep(self._auto.repeat)

    async def _run_load(self) -> None:
        """``calls_per_second`` unrelated short calls (answered and missed, ~2 s each)."""
        exts = [e for e, b in self.pbx.endpoints.items() if b == "answer"] or ["101"]
        names = ("inbound-answered", "inbound-missed")
        for i in itertools.count():
            name = names[i % 2]
            speed = max(self.speed, scenario_lib.load(name).duration / 2.0)
            self.play(name, speed=speed, caller=f"050{i % 10_000_000:07d}", ext=exts[i % len(exts)])
            await asyncio.sleep(1.0 / self.calls_per_second)
