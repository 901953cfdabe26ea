"""The simulator's FreePBX-shaped scenarios (generated from ../shared/ami-transcripts-freepbx)
played over real TCP to a CallTracker give the same operator-level result as the capture
they came from (expected/*.json), with fresh ids on every run."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from core.ami.connection import AMIConnection
from core.calls.events import CallEnded, CallEvent, CallFinished
from core.calls.tracker import CallTracker
from core.sim.generate import SOURCES, source_dir
from core.sim.scenarios import SCENARIO_NAMES, IdAllocator, load
from core.sim.server import PBXSimulator
from tests.paths import TRANSCRIPTS

FPBX = [name for name in SCENARIO_NAMES if name.startswith("fpbx-")]


def oracle(name: str) -> dict[str, object]:
    stem = SOURCES[name][0]
    data = json.loads((source_dir(TRANSCRIPTS, name) / "expected" / f"{stem}.json").read_text())
    (call,) = data["calls"]
    return call  # type: ignore[no-any-return]


def test_every_freepbx_capture_has_a_scenario() -> None:
    assert len(FPBX) == 6
    for name in FPBX:
        _values, messages = load(name).render(IdAllocator(1_900_000_000))
        rendered = list(messages)
        assert rendered and not any("⟦" in v for _, m in rendered for v in m.values())


@pytest.mark.parametrize("name", FPBX)
async def test_scenario_over_tcp_concludes_like_its_capture(sim: PBXSimulator, name: str) -> None:
    tracker = CallTracker(time.time)
    events: list[CallEvent] = []
    conn = AMIConnection(
        "127.0.0.1",
        sim.port,
        "demo",
        "demo",
        on_message=lambda msg: events.extend(tracker.handle(msg)),
        backoff=(0.01, 0.05),
        resync=False,
    )
    await conn.start()
    try:
        run = sim.play(name)
        await run.wait()
        async with asyncio.timeout(10):
            while not any(isinstance(e, CallFinished) for e in events):
                events.extend(tracker.tick())
                await asyncio.sleep(0.01)
    finally:
        await conn.close()
    want = oracle(name)
    (done,) = [e.call for e in events if isinstance(e, CallFinished)]
    assert done.call_id == run.call_id != want["linkedid"]  # fresh ids
    assert str(done.direction) == want["direction"]
    assert str(done.outcome) == want["outcome"]
    assert list(done.rang) == want["rang"] and list(done.talked) == want["talked"]
    assert done.answered_by == want["answered_by"]
    assert done.remote_number == want["remote_number"] and done.did == want["did"]
    ended = {e.extension: str(e.outcome) for e in events if isinstance(e, CallEnded)}
    assert ended == want["per_extension"]
    if "parked" in want:
        assert done.parking is not None
        parked = want["parked"]
        assert isinstance(parked, dict)
        assert (done.parking.space, done.parking.by, done.parking.retrieved_by) == (
            parked["slot"],
            parked["by"],
            parked["retrieved_by"],
        )
    if "voicemail" in want:
        assert done.voicemail_left is True
