"""Provisioning, hub-side CRM cards, token refresh, the keyring bootstrap and /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from core.calls.events import CallFinished
from core.calls.feed import LinkState
from core.hub import wire
from core.hub.bootstrap import hub_feed_from_profile, hub_token_key
from core.settings.secrets import SecretStore
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.crm_rest import JsonLookupFake
from tests.fakes.gateway import AMI_SECRET, AMI_USER
from tests.hub.support import (
    ENDPOINTS,
    PASSWORD,
    add_users,
    desks,
    hub_config,
    running_hub,
    wait_for,
)

RECORD = {"id": "7", "name": "Иван Петров", "company": "СтройМаркет", "phones": ["+380501234567"]}


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


def crm_section(fake: JsonLookupFake) -> dict[str, object]:
    return {
        "adapter": "generic_http",
        "settings": {"lookup_url": f"{fake.url}/lookup?phone={{digits}}", "results": "data"},
    }


async def test_the_hub_looks_numbers_up_once_and_sends_the_card(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    with JsonLookupFake([RECORD]) as fake:
        config = hub_config(
            tmp_path, sim.port, crm=crm_section(fake), popup={"close_after": 8}, language="ru"
        )
        add_users(config)
        async with running_hub(config) as (url, _app), desks(url, "101", "anna") as (d101, anna):
            cards: list[wire.Card] = []
            d101.feed.subscribe_cards(cards.append)
            run = sim.play("inbound-answered", caller="0501234567", ext="101")
            await run.wait()
            await wait_for(lambda: bool(d101.of(CallFinished)) and bool(cards))
            call_id = d101.rings()[0].call.call_id
            assert cards[0].call_id == call_id and cards[0].result.best is not None
            assert cards[0].result.best.name == "Иван Петров"
            await wait_for(
                lambda: anna.feed.card_for(call_id) is not None
            )  # the team's supervisor too
            looked_up = await d101.feed.lookup(
                "0501234567"
            )  # the popup asking again: the one cache
            assert looked_up.best is not None and looked_up.best.company == "СтройМаркет"
            assert len(fake.requests) == 1
            profile = await d101.feed.profile()
    assert profile["crm"] == crm_section(fake)  # non-secret settings only
    assert profile["popup"] == {"close_after": 8} and profile["language"] == "ru"
    assert (
        profile["role"] == "operator"
        and profile["extensions"] == ["101"]
        and profile["lookup"] == "hub"
    )
    assert "spy" not in profile["permissions"]


async def test_tokens_are_refreshed_before_they_expire_and_kept_in_the_keyring(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    config = hub_config(tmp_path, sim.port, token_ttl=61)
    add_users(config)
    store = SecretStore()
    profile = SimpleNamespace(name="work", hub_user="101", hub_url="")
    async with running_hub(config) as (url, app):
        profile.hub_url = url
        feed = await hub_feed_from_profile(profile, store, password=PASSWORD)
        feed.REFRESH_AT = 0.99  # refresh after ~1 s instead of after 45 s
        await feed.start()
        try:
            await wait_for(lambda: feed.status.state is LinkState.READY)
            first = store.get(hub_token_key("work"))
            assert first and first.split()[0] == feed.token.token  # type: ignore[union-attr]
            await wait_for(lambda: store.get(hub_token_key("work")) != first, 5)
            second = store.get(hub_token_key("work"))
            await asyncio.sleep(
                1.0
            )  # several revocation sweeps: the live connection follows the new token
            assert (
                second is not None and feed.status.state is LinkState.READY and feed.connects == 1
            )
            with pytest.raises(Exception, match="revoked"):
                app.state.hub.accounts.check_token(first.split()[0])
        finally:
            await feed.stop()
        again = await hub_feed_from_profile(
            profile, store
        )  # next start: no password, the saved token
        await again.start()
        try:
            await wait_for(lambda: again.status.state is LinkState.READY)
        finally:
            await again.stop()


async def test_metrics(tmp_path: Path, sim: PBXSimulator) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, _app), desks(url, "101", "102") as (d101, _d102):
        run = sim.play("inbound-answered", caller="0501234567", ext="101")
        await run.wait()
        await wait_for(lambda: d101.of(CallFinished))
        async with httpx.AsyncClient(base_url=url) as http:
            await http.post("/hub/login", json={"user": "101", "password": "nope-nope"})
            text = (await http.get("/metrics")).text
    assert "ringside_hub_desktops 2.0" in text
    assert 'ringside_ami_up{state="ready"} 1.0' in text
    assert 'ringside_outbox_depth{outbox="gateway"}' in text
    events = next(
        line for line in text.splitlines() if line.startswith("ringside_hub_events_total")
    )
    assert float(events.split()[1]) >= 5
    assert (
        'ringside_http_request_duration_seconds_count{method="POST",route="/hub/login"} 3.0' in text
    )  # two desktops + one refused
    await asyncio.sleep(0)


async def test_a_ringside_service_on_a_hub_feed(tmp_path: Path, sim: PBXSimulator) -> None:
    """The service the desktop runs cannot tell the hub from AMI: popups, cards, notes, dial."""
    from core.hub.bootstrap import hub_service
    from core.hub.client import HubFeed
    from core.service_events import CallUpdate, CardReady, ServiceConfig
    from tests.fakes.crm_servers import RetailCrmFake

    with RetailCrmFake(api_key="crm-key") as crm:
        crm.add_customer(id=7, first_name="Иван", phones=["+79161234567"], manager_code="101")
        section = {
            "adapter": "retailcrm",
            "settings": {"url": crm.url},
            "secret_env": "HUB_CRM_KEY",
        }
        config = hub_config(tmp_path, sim.port, crm=section)
        config.secrets.values["HUB_CRM_KEY"] = "crm-key"
        add_users(config)
        async with running_hub(config) as (url, _app):
            feed = HubFeed(url, "101", password=PASSWORD, backoff=(0.05, 0.3))
            service = hub_service(ServiceConfig("", 0, "", "101", "PJSIP/101"), feed)
            seen: list[object] = []
            service.subscribe(seen.append)
            await service.start()
            try:
                await wait_for(lambda: feed.status.state is LinkState.READY)
                run = sim.play("inbound-answered", caller="89161234567", ext="101")
                await run.wait()

                def updates() -> list[object]:
                    return [e.event for e in seen if isinstance(e, CallUpdate)]

                await wait_for(lambda: any(isinstance(e, CardReady) for e in seen))
                card = next(e for e in seen if isinstance(e, CardReady))
                assert card.result.best is not None and "Иван" in card.result.best.name
                call_id = updates()[0].call.call_id  # type: ignore[attr-defined]
                assert [type(e).__name__ for e in updates()][:1] == ["CallRinging"]
                await wait_for(lambda: any(type(e).__name__ == "CallEnded" for e in updates()))
                await service.save_note(call_id, "Called back", "resolved")
                await wait_for(lambda: len(crm.uploads) == 1)
                assert crm.uploads[0]["externalId"] == call_id
                channel = await service.dial("0509876543")
                assert sim.actions_named("Originate")[-1]["ChannelId"] == channel
            finally:
                await service.stop()


async def test_login_returns_the_role_and_a_token_that_never_shows_in_repr(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    from core.hub.client import login

    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, _app):
        token = await login(url, "anna", PASSWORD)
        assert token.role == "supervisor" and token.expires_at > 0
        assert token.token not in repr(token)
        with pytest.raises(Exception, match="no secret stored"):
            await login(url, "anna", "")


async def test_the_desktops_hub_profile_builds_a_working_service(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    """What the desktop does for a ``mode = "hub"`` profile: token from the keyring, no AMI secret."""
    from core.hub.bootstrap import build_hub_service, format_token, hub_token_key
    from core.hub.client import login
    from core.service_events import CallUpdate
    from core.settings import Profile

    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, _app):
        profile = Profile(name="work", mode="hub", hub_url=url, hub_user="101", extension="101")
        store = SecretStore()
        store.set(
            hub_token_key("work"), format_token(await login(url, "101", PASSWORD))
        )  # the first-run window
        service, closers = await asyncio.to_thread(
            build_hub_service, profile, store, tmp_path / "desk"
        )
        seen: list[object] = []
        service.subscribe(seen.append)
        await service.start()
        try:
            await wait_for(lambda: service.feed.status.state is LinkState.READY)
            await sim.play("inbound-missed", caller="0501234567", ext="101").wait()
            await wait_for(
                lambda: any(type(getattr(e, "event", None)).__name__ == "CallEnded" for e in seen)
            )
            assert any(isinstance(e, CallUpdate) and e.event.extension == "101" for e in seen)
            await wait_for(lambda: service.unseen_missed == 1)  # the history stays on this PC
        finally:
            await service.stop()
            for close in closers:
                close()
