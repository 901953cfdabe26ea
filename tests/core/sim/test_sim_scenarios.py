"""Scenarios replay the transcripts' event flows with fresh ids; auto-start, repeat, load."""

from __future__ import annotations

import asyncio
import json

from core.sim.generate import DROP_EVENTS, SOURCES, source_dir
from core.sim.scenarios import SCENARIO_NAMES, IdAllocator, load
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.ami_client import RawClient, login
from tests.paths import TRANSCRIPTS


def transcript_events(name: str) -> list[str]:
    stem = SOURCES[name][0]
    names = []
    folder = source_dir(TRANSCRIPTS, name)
    for line in (folder / f"{stem}.timeline.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        msg = entry.get("msg") or {}
        if entry["dir"] == "in" and "Event" in msg and msg["Event"] not in DROP_EVENTS:
            names.append(msg["Event"])
    return names


def test_templates_follow_their_transcripts_event_for_event() -> None:
    for name in SCENARIO_NAMES:
        scenario = load(name)
        assert [m["Event"] for _, m in scenario.events] == transcript_events(name), name


def test_render_gives_fresh_ids_and_parameters() -> None:
    ids = IdAllocator(epoch=1800000000)
    scenario = load("inbound-answered")
    first = list(
        scenario.render(ids, {"caller": "0671112233", "caller_name": "Иван Петров", "ext": "205"})[
            1
        ]
    )
    second = list(scenario.render(ids)[1])
    new = next(m for _, m in first if m["Event"] == "Newchannel")
    assert new["CallerIDNum"] == "0671112233" and new["CallerIDName"] == "Иван Петров"
    assert new["Uniqueid"] == new["Linkedid"] == "1800000000.1"
    dial = next(m for _, m in first if m["Event"] == "DialBegin")
    assert dial["DestChannel"].startswith("PJSIP/205-") and dial["DialString"] == "205"
    uids_1 = {m["Uniqueid"] for _, m in first if "Uniqueid" in m}
    uids_2 = {m["Uniqueid"] for _, m in second if "Uniqueid" in m}
    assert uids_1.isdisjoint(uids_2)
    cdr = next(m for _, m in first if m["Event"] == "Cdr")
    assert cdr["RecordingFile"] == "1800000000.1.wav"
    assert not any("⟦" in v for _, m in first for v in m.values())


async def test_configured_scenario_starts_at_first_login_and_repeats() -> None:
    sim = PBXSimulator(
        port=0,
        users={"demo": SimUser("demo")},
        scenarios=["inbound-missed"],
        repeat=0.01,
        speed=200,
    )
    await sim.start()
    try:
        await asyncio.sleep(0.05)
        assert sim.runs == []  # nobody logged in yet
        client = await login(sim.port, "demo", "demo")
        linkedids: set[str] = set()
        while len(linkedids) < 2:
            msg = await client.next()
            if msg.get("Event") == "Newchannel":
                linkedids.add(msg["Linkedid"])
        await client.close()
    finally:
        await sim.stop()


async def test_load_mode_produces_unrelated_calls() -> None:
    from core.calls.events import CallStarted
    from core.calls.tracker import CallTracker

    sim = PBXSimulator(port=0, users={"demo": SimUser("demo")}, calls_per_second=50, speed=100)
    await sim.start()
    tracker = CallTracker()
    started: list[CallStarted] = []
    heads: list[dict[str, str]] = []
    try:
        client = await login(sim.port, "demo", "demo")
        while len(heads) < 5:
            msg = await client.next()
            started += [e for e in tracker.handle(msg) if isinstance(e, CallStarted)]
            if msg.get("Event") == "Newchannel" and msg["Uniqueid"] == msg["Linkedid"]:
                heads.append(msg)
        await client.close()
    finally:
        await sim.stop()
    # five calls, each its own Linkedid and caller: unrelated, not one call replayed
    assert len({h["Linkedid"] for h in heads}) == 5
    assert len({h["CallerIDNum"] for h in heads}) == 5
    assert all(len(h["CallerIDNum"]) >= 7 and h["CallerIDNum"].isdigit() for h in heads)
    # and the tracker sees them as five separate calls from those callers
    got = {e.call.call_id: e.call.remote_number for e in started}
    for h in heads:
        if h["Channel"].startswith("PJSIP/trunk"):  # an inbound caller
            assert got[h["Linkedid"]] == h["CallerIDNum"]
    assert {h["Linkedid"] for h in heads} <= set(got)


async def test_kill_connections_drops_clients(sim: PBXSimulator) -> None:
    client: RawClient = await login(sim.port)
    sim.kill_connections()
    try:
        await client.read_to_eof()
    except ConnectionError:
        pass
    assert not sim.sessions
