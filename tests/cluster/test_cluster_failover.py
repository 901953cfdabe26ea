"""A hub cluster on a real nats-server: three nodes under uvicorn (child processes), the
simulator behind them (real TCP AMI), headless desktops and a fake CRM in front.

Kill -9 the AMI leader mid-call: another node takes the AMI connection, desktops on the
dead node move to a live one by themselves, the call is still shown and closes right,
no popup twice, every CRM push once, no click-to-call twice. A partitioned leader (its
NATS connection cut) stops publishing and gives up the PBX; NATS restarted under load
loses no call."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from core.calls.events import CallEnded, CallFinished, Outcome
from core.calls.feed import FeedError, LinkState
from core.sim.server import PBXSimulator
from tests.cluster.support import (
    CRM_KEY,
    NATS_SERVER,
    SKIP_REASON,
    Cut,
    NatsServer,
    cluster_desk,
    start_nodes,
    status,
    stop_all,
    wait_leader,
)
from tests.fakes.crm_servers import RetailCrmFake
from tests.hub.support import Desk, wait_for

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.slow,
    pytest.mark.skipif(NATS_SERVER is None, reason=SKIP_REASON),
]


def uploads_of(crm: RetailCrmFake, call_id: str) -> int:
    """Calls in the calls/upload requests that reached the CRM for ``call_id`` (the fake keeps
    one upload per call in ``uploads``; this counts every one sent)."""
    count = 0
    for r in list(crm.requests):
        if r.path.endswith("/telephony/calls/upload"):
            calls = json.loads(parse_qs(r.body.decode())["calls"][0])
            count += sum(c.get("externalId") == call_id for c in calls)
    return count


def no_duplicates(crm: RetailCrmFake) -> None:
    events = [json.dumps(e, sort_keys=True) for e in crm.events]
    assert len(events) == len(set(events)), crm.events
    uploads = [json.dumps(u, sort_keys=True) for u in crm.uploads]
    assert len(uploads) == len(set(uploads)), crm.uploads


async def test_kill_the_ami_leader_mid_call(
    tmp_path: Path, sim: PBXSimulator, nats: NatsServer
) -> None:
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        nodes = await start_nodes(tmp_path, sim, [[nats.url]] * 3, crm.url)
        desks: list[Desk] = []
        try:
            leader = await wait_leader(nodes)
            others = [n for n in nodes if n is not leader]
            d101 = cluster_desk(nodes, leader, "101")  # on the node that is about to die
            d102 = cluster_desk(nodes, others[0], "102")
            desks += [d101, d102]
            for d in desks:
                await d.feed.start()
            await wait_for(lambda: all(d.feed.status.state is LinkState.READY for d in desks), 30)

            run = sim.play(
                "inbound-answered", caller="0501234567", ext="101", pause_after="DialEnd"
            )
            await wait_for(lambda: run.paused.is_set() and bool(d101.rings()), 15)
            call_id = d101.rings()[0].call.call_id
            await wait_for(lambda: len(crm.events) >= 1, 15)  # the ringing push went out
            # ... and was recorded as sent: a node killed between the CRM's answer and that
            # record (milliseconds) would have it sent again by another node (at least once)
            await asyncio.sleep(0.5)

            await leader.kill()
            new = await wait_leader(others, 20)
            await wait_for(lambda: len(sim.sessions) == 1, 20)  # one AMI session again
            await wait_for(
                lambda: d101.feed.connects == 2 and d101.feed.status.state is LinkState.READY, 30
            )
            assert d101.feed.url != leader.url  # moved to a live node by itself
            assert [c.call_id for c in d101.feed.active_calls()] == [call_id]  # still shown

            run.resume()
            await run.wait()
            await wait_for(lambda: bool(d101.of(CallFinished, call_id)), 20)
            assert len(d101.rings(call_id)) == 1  # no second popup
            assert [e.outcome for e in d101.of(CallEnded, call_id)] == [Outcome.ANSWERED]
            assert d102.calls() == []  # 102 never saw 101's call

            await wait_for(lambda: len(crm.uploads) == 1, 30)  # the call record, once
            assert crm.uploads[0]["externalId"] == call_id
            await asyncio.sleep(1.0)
            no_duplicates(crm)
            assert len(crm.uploads) == 1

            # the after-call note, sent twice (a retry): through the cluster's queue, once
            records = uploads_of(crm, call_id)  # the call record the gateway planned
            await d101.feed.save_note("101", call_id, "Wants a refund", "resolved")
            await d101.feed.save_note("101", call_id, "Wants a refund", "resolved")
            await wait_for(lambda: uploads_of(crm, call_id) == records + 1, 20)
            await asyncio.sleep(1.0)
            assert uploads_of(crm, call_id) == records + 1  # and the note, once

            # click-to-call from a desktop on another node, retried with the same id: once
            before = len(sim.actions_named("Originate"))
            first = await d101.feed.click_to_call("101", "0509876543", request_id="req-1")
            again = await d101.feed.click_to_call("101", "0509876543", request_id="req-1")
            assert first == again
            assert len(sim.actions_named("Originate")) == before + 1
            assert (await status(new))["leading"]
        finally:
            await stop_all(nodes, desks)


async def test_a_partitioned_leader_stops_publishing_and_gives_up_the_pbx(
    tmp_path: Path, sim: PBXSimulator, nats: NatsServer
) -> None:
    cut = Cut(nats.port)
    await cut.start()
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        # n0 reaches NATS through the relay only: it starts first, so it leads
        nodes = await start_nodes(tmp_path, sim, [[cut.url], [nats.url]], crm.url)
        desks: list[Desk] = []
        try:
            old = await wait_leader(nodes)
            assert old is nodes[0]
            d101 = cluster_desk(nodes, nodes[1], "101")
            desks.append(d101)
            await d101.feed.start()
            await wait_for(lambda: d101.feed.status.state is LinkState.READY, 30)

            published = (await status(old))["published"]
            cut.cut()  # n0 keeps its AMI session but loses NATS
            await wait_for(lambda: len(sim.sessions) == 2, 20)  # n1 took over; n0 not yet out
            await wait_for(lambda: len(sim.sessions) == 1, 20)  # the fenced n0 let go of AMI
            run = sim.play("inbound-answered", caller="0501111111", ext="101")
            await run.wait()
            await wait_for(lambda: len(d101.of(CallFinished)) == 1, 20)
            call_id = d101.of(CallFinished)[0].call.call_id
            cut.heal()
            await asyncio.sleep(2.0)  # n0 is back on NATS: it must not publish anything old
            assert len(d101.rings(call_id)) == 1
            n0 = await status(old)
            assert not n0["leading"]
            assert (await status(nodes[1]))["leading"]
            assert n0["ami"] != "ready"
            assert n0["published"] == published  # the fenced n0 published nothing more
        finally:
            await stop_all(nodes, desks)
            await cut.stop()


async def test_nats_restarted_under_load_loses_no_call(
    tmp_path: Path, sim: PBXSimulator, nats: NatsServer
) -> None:
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        nodes = await start_nodes(tmp_path, sim, [[nats.url]] * 2, crm.url)
        desks: list[Desk] = []
        try:
            leader = await wait_leader(nodes)
            other = next(n for n in nodes if n is not leader)
            d101 = cluster_desk(nodes, other, "101")
            desks.append(d101)
            await d101.feed.start()
            await wait_for(lambda: d101.feed.status.state is LinkState.READY, 30)
            runs = []
            for i in range(6):
                runs.append(sim.play("inbound-answered", caller=f"050000000{i}", ext="101"))
                if i == 2:
                    await nats.kill()
                    await nats.start()  # same port, same store
                await asyncio.sleep(0.4)
            for run in runs:
                await run.wait()
            await wait_for(lambda: len(d101.of(CallFinished)) == 6, 40)
            finished = [e.call.call_id for e in d101.of(CallFinished)]
            assert len(set(finished)) == 6
            for call_id in finished:
                assert len(d101.rings(call_id)) == 1
            await wait_for(lambda: len(crm.uploads) == 6, 40)
            no_duplicates(crm)
        finally:
            await stop_all(nodes, desks)


async def test_a_command_in_flight_when_the_leader_dies_fails_in_words_and_never_runs_twice(
    tmp_path: Path, sim: PBXSimulator, nats: NatsServer
) -> None:
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        nodes = await start_nodes(tmp_path, sim, [[nats.url]] * 2, crm.url)
        desks: list[Desk] = []
        try:
            leader = await wait_leader(nodes)
            other = next(n for n in nodes if n is not leader)
            d101 = cluster_desk(nodes, other, "101")  # on the node that survives
            desks.append(d101)
            await d101.feed.start()
            await wait_for(lambda: d101.feed.status.state is LinkState.READY, 30)

            sim.freeze()  # the PBX hangs: the leader's Originate waits for its answer
            dial = asyncio.ensure_future(
                d101.feed.click_to_call("101", "0509876543", request_id="req-9")
            )
            await asyncio.sleep(0.5)
            await leader.kill()  # ... and the leader dies with the command in flight
            with pytest.raises(FeedError, match="did not answer within"):
                await dial
            sim.unfreeze()
            await wait_leader([other], 20)
            for _ in range(200):  # the new leader's AMI link is up
                if (await status(other))["ami"] == "ready":
                    break
                await asyncio.sleep(0.1)
            originates = len(sim.actions_named("Originate"))
            with pytest.raises(FeedError):  # the same request again: refused, not dialled
                await d101.feed.click_to_call("101", "0509876543", request_id="req-9")
            await asyncio.sleep(0.5)
            assert len(sim.actions_named("Originate")) == originates
            # a new request goes through the new leader
            await d101.feed.click_to_call("101", "0509876543", request_id="req-10")
            await wait_for(lambda: len(sim.actions_named("Originate")) == originates + 1, 10)
        finally:
            await stop_all(nodes, desks)


async def test_a_paused_old_leader_is_fenced_when_it_wakes_up(
    tmp_path: Path, sim: PBXSimulator, nats: NatsServer
) -> None:
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        nodes = await start_nodes(tmp_path, sim, [[nats.url]] * 2, crm.url)
        desks: list[Desk] = []
        try:
            old = await wait_leader(nodes)
            other = next(n for n in nodes if n is not old)
            d101 = cluster_desk(nodes, other, "101")
            desks.append(d101)
            await d101.feed.start()
            await wait_for(lambda: d101.feed.status.state is LinkState.READY, 30)
            published = (await status(old))["published"]

            assert old.proc is not None
            old.proc.send_signal(signal.SIGSTOP)  # a GC pause, a frozen VM: the lease runs out
            try:
                await wait_leader([other], 20)
                await wait_for(lambda: len(sim.sessions) == 2, 20)  # the paused one still holds its
                run = sim.play("inbound-answered", caller="0502222222", ext="101")
                await run.wait()  # its AMI socket has the whole call waiting in the kernel
                await wait_for(lambda: len(d101.of(CallFinished)) == 1, 20)
            finally:
                old.proc.send_signal(signal.SIGCONT)
            call_id = d101.of(CallFinished)[0].call.call_id
            await wait_for(lambda: len(sim.sessions) == 1, 20)  # it woke up, saw it lost: let go
            await asyncio.sleep(1.0)
            woke = await status(old)
            assert not woke["leading"]
            assert woke["published"] == published  # not one event of the stale call got in
            assert len(d101.rings(call_id)) == 1
            assert len(d101.of(CallFinished)) == 1
        finally:
            await stop_all(nodes, desks)
