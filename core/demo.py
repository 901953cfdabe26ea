"""The demo environment: the whole product on embedded defaults, Qt-free.

Starts the PBX simulator on 127.0.0.1 (a free port), a throw-away address book
with the demo customers, a call history and sample recordings in one directory,
builds the :class:`~core.service.RingsideService` for extension 101 on
PJSIP/101 over a direct :class:`~core.calls.ami_feed.AmiFeed`, and plays a call
scenario every few seconds (answered, queue, missed, click-to-call, transfer,
busy). ``ringside demo`` (:mod:`desktop.demo`) puts the tray app on top.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import random
import shutil
import struct
import wave
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from core.bootstrap import direct_feed
from core.calls.events import CallEnded, CallSnapshot
from core.service import RingsideService
from core.service_events import CallUpdate, ServiceConfig, ServiceEvent

log = logging.getLogger(__name__)

# (scenario, caller number as the PBX presents it, caller name) - known and unknown customers
PLAYLIST: tuple[tuple[str, str, str], ...] = (
    ("inbound-answered", "0501234567", "Customer"),
    ("queue-answered", "89162041793", "VOLKOV A"),
    ("inbound-missed", "5550100", ""),
    ("click-to-call", "89261112233", ""),
    ("inbound-answered", "88124567890", "SEVERNYI VETER"),
    ("blind-transfer", "89037775501", ""),
    ("inbound-busy", "89255554321", ""),
)


def write_tone_wav(path: Path, seconds: float = 3.0, freq: float = 440.0, seed: int = 0) -> None:
    """A short 8 kHz 16-bit mono WAV: a soft two-tone melody over a little noise."""
    rate = 8000
    rng = random.Random(seed)
    frames = bytearray()
    for i in range(int(seconds * rate)):
        t = i / rate
        tone = freq if int(t * 2) % 2 == 0 else freq * 1.25
        envelope = min(1.0, t * 8, (seconds - t) * 8)
        sample = 0.35 * envelope * math.sin(2 * math.pi * tone * t) + 0.03 * rng.uniform(-1, 1)
        frames += struct.pack("<h", int(sample * 32767))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


class DemoEnvironment:
    """Simulator + address book + history + recordings in one temporary directory (Qt-free)."""

    def __init__(
        self, root: Path, extension: str = "101", interval: float = 4.0, speed: float = 1.0
    ):
        self.root = root
        self.extension = extension
        self.interval = interval
        self.speed = speed
        self.recordings_dir = root / "recordings"
        self.sim: Any = None
        self.service: RingsideService | None = None
        self._closers: list[Any] = []
        self._player: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.on_finished: list[Callable[[CallSnapshot], None]] = []  # blocking; run in a thread
        self.on_close: list[Callable[[], Awaitable[Any]]] = []

    async def start(self) -> RingsideService:
        from core.crm.addressbook import AddressBookAdapter
        from core.crm.cache import LookupCache
        from core.history.calls import CallHistory
        from core.phone import normalize
        from core.sim.server import PBXSimulator

        self.sim = PBXSimulator(port=0, speed=self.speed)
        await self.sim.start()
        book = await asyncio.to_thread(AddressBookAdapter.open, self.root / "addressbook.sqlite3")
        await book.load_demo_contacts()
        history = await asyncio.to_thread(
            CallHistory, self.root / "history.sqlite3", normalize=normalize
        )
        await asyncio.to_thread(self._sample_recordings)
        self._closers = [book.aclose, lambda: asyncio.to_thread(history.close)]
        config = ServiceConfig(
            host="127.0.0.1", port=self.sim.port, username="demo", extension=self.extension,
            endpoint=f"PJSIP/{self.extension}", context="from-internal", caller_id_prefix="CRM",
        )  # fmt: skip
        feed = direct_feed(config, "demo")
        self.service = RingsideService(config, feed, crm=LookupCache(book.lookup), history=history)
        self.service.subscribe(self._on_event)
        return self.service

    def _sample_recordings(self) -> None:
        for i, freq in enumerate((392.0, 440.0, 523.25)):
            write_tone_wav(self.recordings_dir / f"demo-{i + 1}.wav", 3.0 + i, freq, seed=i)

    def _on_event(self, event: ServiceEvent) -> None:
        """Demo calls get a recording file (and whatever ``on_finished`` adds: a CDR line)."""
        if isinstance(event, CallUpdate) and isinstance(event.event, CallEnded):
            call = event.event.call
            name = call.recording if call.answered_at is not None else None
            task = asyncio.get_running_loop().create_task(
                asyncio.to_thread(self._finished, call, name)
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _finished(self, call: CallSnapshot, name: str | None) -> None:
        if name:
            self._recording(name)
        for callback in self.on_finished:
            callback(call)

    def _recording(self, name: str) -> None:
        target = self.recordings_dir / Path(name).name
        if not target.exists():
            samples = sorted(self.recordings_dir.glob("demo-*.wav"))
            shutil.copyfile(samples[hash(name) % len(samples)], target)

    def start_calls(self) -> None:
        self._player = asyncio.get_running_loop().create_task(
            self._play_forever(), name="demo-calls"
        )

    async def _play_forever(self) -> None:
        await asyncio.sleep(1.0)
        for scenario, caller, name in itertools.cycle(PLAYLIST):
            params = {"caller": caller, "ext": self.extension}
            if name:
                params["caller_name"] = name
            if scenario == "click-to-call" and self.service is not None:
                with contextlib.suppress(Exception):
                    await self.service.dial(caller)  # a real Originate, as the operator would
                await asyncio.sleep(8.0 / self.speed + self.interval)
                continue
            await self.sim.play(scenario, **params).wait()
            await asyncio.sleep(self.interval)

    async def aclose(self) -> None:
        if self._player is not None:
            self._player.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._player
        if self.service is not None:
            await self.service.stop()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for close in [*self.on_close, *self._closers]:
            await close()
        if self.sim is not None:
            await self.sim.stop()
