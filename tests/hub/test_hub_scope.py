"""Every cross-scope attempt is refused, in words, over the real WebSocket and the HTTP API."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.calls.events import CallFinished
from core.calls.feed import FeedError, LinkState
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.gateway import AMI_SECRET, AMI_USER
from tests.hub.support import (
    ENDPOINTS,
    PASSWORD,
    add_users,
    desk,
    desks,
    hub_config,
    running_hub,
    wait_for,
)


@pytest.fixture
async def sim() -> AsyncIterator[PBXSimulator]:
    simulator = PBXSimulator(
        port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20, endpoints=ENDPOINTS
    )
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


@pytest.fixture
async def hub(tmp_path: Path, sim: PBXSimulator) -> AsyncIterator[tuple[str, Any]]:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as served:
        yield served


async def _refused(coro: Any) -> str:
    with pytest.raises(FeedError) as caught:
        await coro
    return str(caught.value)


async def test_operators_are_refused_outside_their_scope_over_the_websocket(
    hub: tuple[str, Any], sim: PBXSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    url, _app = hub
    caplog.set_level(logging.WARNING, logger="gateway.hub.audit")
    async with desks(url, "101", "102") as (d101, d102):
        run = sim.play("inbound-answered", caller="0501112233", ext="102", pause_after="DialBegin")
        await wait_for(lambda: run.paused.is_set() and bool(d102.rings()))
        call_id = d102.rings()[0].call.call_id
        words = [
            await _refused(d101.feed.click_to_call("102", "0509876543")),
            await _refused(d101.feed.set_dnd("102", True)),
            await _refused(d101.feed.set_queue_pause("102", True, "lunch")),
            await _refused(d101.feed.hangup("102", call_id)),
            await _refused(d101.feed.hangup("101", call_id)),
            await _refused(d101.feed.transfer("101", call_id, "103")),
            await _refused(d101.feed.spy("101", "102")),
            await _refused(d101.feed.save_note("101", call_id, "not mine")),
            await _refused(d101.feed.recordings(operator="102")),
        ]
        assert words[0] == "101 may place calls only as its own extension (101), not as 102"
        assert "change do-not-disturb only as its own extension" in words[1]
        assert "pause in queues only as its own extension" in words[2]
        assert "hang up only as its own extension" in words[3]
        assert f"call {call_id} is not on 101" in words[4]
        assert f"call {call_id} is not on 101" in words[5]
        assert words[6] == "101 is an operator: only supervisors may listen to calls"
        assert f"call {call_id} is not on 101" in words[7]
        assert "not 102's" in words[8]
        run.resume()
        await run.wait()
        await wait_for(lambda: d102.of(CallFinished))
    assert not [a for a in sim.actions_named("Originate")]
    assert not sim.actions_named("DBPut") and not sim.actions_named("QueuePause")
    assert not sim.actions_named("Hangup") and not sim.actions_named("Redirect")
    refusals = [
        r for r in caplog.records if r.name == "gateway.hub.audit" and "refused" in r.getMessage()
    ]
    assert len(refusals) == 9
    assert {getattr(r, "user", None) for r in refusals} == {
        "101"
    }  # structured fields for log shippers
    assert {getattr(r, "op", None) for r in refusals} == {
        "click_to_call", "set_dnd", "set_queue_pause", "hangup", "transfer", "spy", "save_note", "recordings",
    }  # fmt: skip
    assert d101.calls() == []  # 101 never saw 102's call


async def test_supervisor_listens_only_to_its_team(hub: tuple[str, Any], sim: PBXSimulator) -> None:
    url, _app = hub
    async with desks(url, "anna") as (anna,):
        assert await _refused(anna.feed.spy("104", "103")) == (
            "anna may listen only to its team's extensions, not to 103"
        )
        assert await _refused(anna.feed.spy("104", "104")) == "You cannot listen to your own calls"
        assert "only as its own extension (104), not as 101" in await _refused(
            anna.feed.spy("101", "102")
        )
        assert "may place calls only as its own extension" in await _refused(
            anna.feed.click_to_call("101", "0501234567")
        )
    assert not sim.actions_named("Originate")


async def test_http_api_refuses_out_of_scope_commands(
    hub: tuple[str, Any], sim: PBXSimulator
) -> None:
    url, _app = hub
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        assert (
            await http.post("/hub/commands/set_dnd", json={"extension": "101", "on": True})
        ).status_code == 401
        bad = await http.post(
            "/hub/commands/set_dnd",
            json={"extension": "101", "on": True},
            headers={"Authorization": "Bearer nope"},
        )
        assert bad.status_code == 401 and "does not know this sign-in" in bad.json()["detail"]
        wrong = await http.post("/hub/login", json={"user": "101", "password": "wrong password"})
        assert wrong.status_code == 401 and wrong.json()["detail"] == "Wrong user name or password"
        nobody = await http.post("/hub/login", json={"user": "ghost", "password": PASSWORD})
        assert nobody.json()["detail"] == "Wrong user name or password"
        login = await http.post("/hub/login", json={"user": "101", "password": PASSWORD})
        assert login.status_code == 200 and login.json()["role"] == "operator"
        auth = {"Authorization": f"Bearer {login.json()['token']}"}
        cases = [
            ("click_to_call", {"extension": "102", "number": "0501234567"}, 403, "not as 102"),
            ("set_dnd", {"extension": "103", "on": True}, 403, "not as 103"),
            ("spy", {"extension": "101", "target": "102"}, 403, "only supervisors may listen"),
            ("hangup", {"extension": "101", "call_id": "1795000000.1"}, 403, "There is no call"),
            ("set_dnd", {"extension": "101", "on": "yes"}, 400, "must be true or false"),
            ("click_to_call", {"extension": "101"}, 400, "“number” is missing"),
        ]
        for op, args, status, words in cases:
            response = await http.post(f"/hub/commands/{op}", json=args, headers=auth)
            assert response.status_code == status, (op, response.text)
            assert words in response.json()["detail"]
        assert (await http.post("/hub/commands/reboot", json={}, headers=auth)).status_code == 404
        me = (await http.get("/hub/me", headers=auth)).json()
        assert (
            me["role"] == "operator"
            and me["extensions"] == ["101"]
            and "spy" not in me["permissions"]
        )
        assert (await http.get("/hub/calls", headers=auth)).json() == []
    assert not sim.actions_named("Originate") and not sim.actions_named("DBPut")


async def test_a_disabled_account_is_disconnected_and_cannot_sign_in(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, app):
        box = desk(url, "102")
        await box.feed.start()
        try:
            await wait_for(lambda: box.feed.status.state is LinkState.READY)
            await asyncio.to_thread(app.state.hub.accounts.disable, "102")
            await wait_for(lambda: box.feed.status.state is LinkState.FAILED)
            assert box.feed.status.detail == "The account 102 is disabled; ask your administrator"
            assert box.tokens[-1] is None  # the caller is told to forget the saved token
        finally:
            await box.feed.stop()


async def test_no_secret_means_no_sign_in_attempt(hub: tuple[str, Any]) -> None:
    url, app = hub
    box = desk(url, "101", password=None)
    await box.feed.start()
    assert (
        box.feed.status.state is LinkState.FAILED and box.feed.status.detail == "no secret stored"
    )
    await box.feed.stop()
    assert app.state.hub.desktops == set()


def _row(i: int, operator: str) -> object:
    from gateway.recordings.cdr import IndexRow

    return IndexRow(
        source_key=f"k{i}", call_id=f"17953693{i:02d}.1", uniqueid=f"17953693{i:02d}.1",
        started_at=1_795_369_300 + i, src="0501234567", dst=operator, caller_name="",
        operator=operator, number="0501234567", direction="inbound", disposition="ANSWERED",
        outcome="answered", duration=60, billsec=50, recording=f"2026/12/04/rec-{operator}-{i}.wav",
    )  # fmt: skip


async def test_recordings_search_stays_in_scope_and_plays_by_signed_link(
    hub: tuple[str, Any], tmp_path: Path
) -> None:
    url, app = hub
    wav = tmp_path / "monitor" / "2026" / "12" / "04" / "rec-101-1.wav"
    wav.parent.mkdir(parents=True, exist_ok=True)
    wav.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")
    app.state.recordings.index.add_rows([_row(1, "101"), _row(2, "102"), _row(3, "103")])
    async with desks(url, "101", "anna") as (d101, anna):
        own = await d101.feed.recordings()
        team = await anna.feed.recordings()
        assert [r["operator"] for r in own] == ["101"]
        assert sorted(r["operator"] for r in team) == ["101", "102"]  # team sales, not 103
        assert (
            "/recordings/file/2026/12/04/rec-101-1.wav?exp=" in own[0]["url"]
            and "&sig=" in own[0]["url"]
        )
        assert "not 103's" in await _refused(anna.feed.recordings(operator="103"))
    async with httpx.AsyncClient() as http:
        played = await http.get(url + own[0]["url"][own[0]["url"].index("/recordings/") :])
    assert played.status_code == 200 and played.content == wav.read_bytes()
    async with httpx.AsyncClient() as http:  # a link without its signature plays nothing
        unsigned = await http.get(url + "/recordings/file/2026/12/04/rec-101-1.wav")
    assert unsigned.status_code in (401, 403)


async def test_guessing_passwords_is_throttled(hub: tuple[str, Any]) -> None:
    url, _app = hub
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        codes = [
            (
                await http.post("/hub/login", json={"user": "103", "password": f"guess-{i:04d}"})
            ).status_code
            for i in range(7)
        ]
        assert codes == [401] * 5 + [429] * 2
        right = await http.post("/hub/login", json={"user": "103", "password": PASSWORD})
        assert right.status_code == 429  # even the right password waits out the minute
        assert right.json()["detail"] == "Too many failed sign-ins: wait a minute and try again"
