"""The tray app in hub mode: the real desktop on a ``mode = "hub"`` profile, end to end.

The simulator (real TCP AMI) behind the hub under uvicorn on 127.0.0.1 (ephemeral port),
a RetailCRM fake behind the hub's note outbox, and the real app (pytest-qt, offscreen)
signed in through its first-run window: nothing in between is mocked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.calls.feed import LinkState
from core.hub.bootstrap import hub_token_key, parse_token
from core.settings import SettingsStore
from core.sim.server import PBXSimulator, SimUser
from desktop.main import start_tray
from desktop.settings_glue import SettingsController
from desktop.ui.firstrun import FirstRunWindow
from tests.fakes.crm_servers import RetailCrmFake
from tests.fakes.desktop import AsyncRunner
from tests.fakes.gateway import AMI_SECRET, AMI_USER, serve
from tests.hub.support import ENDPOINTS, PASSWORD, add_users, desk, hub_config

CRM_KEY = "hub-crm-key"


@dataclass
class Hub:
    url: str
    sim: PBXSimulator
    crm: RetailCrmFake


@pytest.fixture
def hub(aloop: AsyncRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    monkeypatch.setenv("RINGSIDE_HUB_CRM_KEY", CRM_KEY)
    sim = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20, endpoints=ENDPOINTS)
    aloop.run(sim.start())
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        crm_section = {
            "adapter": "retailcrm",
            "settings": {"url": crm.url},
            "secret_env": "RINGSIDE_HUB_CRM_KEY",
        }
        config = hub_config(tmp_path / "hub", sim.port, crm=crm_section, language="uk",
                            recordings_url="https://pbx.example:8443")  # fmt: skip
        add_users(config)
        server: AbstractAsyncContextManager[tuple[str, Any]] = serve(config)
        url, _app = aloop.run(server.__aenter__(), timeout=30)
        try:
            yield Hub(url, sim, crm)
        finally:
            aloop.run(server.__aexit__(None, None, None), timeout=30)
            aloop.run(sim.stop())


def sign_in(aloop: AsyncRunner, controller: SettingsController, url: str, user: str) -> None:
    """The first-run window's "Ringside server" page, as the operator fills it."""
    window = FirstRunWindow(controller)
    future = aloop.call(window.choice)
    window.choice_buttons[0].click()
    window.hub_url_edit.setText(url)
    window.hub_user_edit.setText(user)
    window.hub_password_edit.setText(PASSWORD)
    aloop.call(window.hub_button.click)
    assert aloop.run(future, timeout=20) == "saved", window.hub_banner.text()


def test_a_hub_desktop_pops_dials_and_saves_notes_through_the_hub(
    aloop: AsyncRunner, hub: Hub, tmp_path: Path, _memory_keyring: Any
) -> None:
    controller = SettingsController(SettingsStore(tmp_path / "config"))
    sign_in(aloop, controller, hub.url, "101")
    profile = controller.profile()
    # the hub's /hub/me filled the profile: extension, role, language default, recordings
    assert (profile.mode, profile.hub_user, profile.extension, profile.hub_role) == (
        "hub",
        "101",
        "101",
        "operator",
    )
    assert (profile.language, profile.recordings_url) == ("uk", "https://pbx.example:8443")
    assert not profile.supervisor_tools
    saved = parse_token(_memory_keyring.store[("ringside", hub_token_key(profile.name))])
    assert saved is not None and saved.token  # the token in the keyring, no password anywhere
    assert PASSWORD not in (tmp_path / "config" / "settings.json").read_text("utf-8")

    other = desk(hub.url, "102")  # another operator's (headless) desktop on the same hub
    aloop.run(other.feed.start())
    ui = aloop.run(start_tray(controller, profile, asyncio.Event()), timeout=20)
    shown: list[Any] = []
    ui.popups.on_shown = shown.append
    try:
        assert not ui.recordings.supervisor  # an operator: no supervisor tools
        aloop.until(lambda: ui.tray.view.state == "ready", timeout=20, what="the hub connection")
        aloop.until(
            lambda: other.feed.status.state is LinkState.READY, timeout=20, what="102 connected"
        )

        run = aloop.call(hub.sim.play, "inbound-answered", caller="0501234567", ext="101")
        popup = aloop.until(
            lambda: next(iter(ui.popups.popups.values()), None), timeout=20, what="the popup"
        )
        assert popup.number_label.text().replace(" ", "").endswith("501234567")
        aloop.run(run.wait(), timeout=30)
        aloop.until(lambda: popup.state == "aftercall", timeout=20, what="the call ended")
        assert len(shown) == 1
        assert other.calls() == []  # the hub sent 102 nothing of 101's call
        call_id = popup.call.call_id

        popup.note_edit.setPlainText("Wants a refund")
        aloop.call(popup.save_button.click)
        aloop.until(lambda: hub.crm.uploads, timeout=20, what="the note at the CRM through the hub")
        assert [u["externalId"] for u in hub.crm.uploads] == [call_id]

        ui.show_dialer()
        dialer: Any = ui.windows["dialer"]
        dialer.number_edit.setText("0509876543")
        aloop.call(dialer.call_button.click)
        originate = aloop.until(
            lambda: hub.sim.actions_named("Originate"), timeout=20, what="Originate"
        )[0]
        assert originate["Channel"].endswith("/101")
        assert originate["Exten"].endswith("509876543")
        assert originate["Async"] in ("true", "false")
    finally:
        aloop.run(ui.aclose(), timeout=20)
        aloop.run(other.feed.stop())


def test_a_supervisor_gets_the_supervisor_tools_from_the_hub(
    aloop: AsyncRunner, hub: Hub, tmp_path: Path, _memory_keyring: Any
) -> None:
    controller = SettingsController(SettingsStore(tmp_path / "config"))
    sign_in(aloop, controller, hub.url, "anna")
    profile = controller.profile()
    assert (profile.extension, profile.hub_role, profile.supervisor_tools) == (
        "104",
        "supervisor",
        True,
    )
    ui = aloop.run(start_tray(controller, profile, asyncio.Event()), timeout=20)
    try:
        assert ui.recordings.supervisor
        aloop.until(lambda: ui.tray.view.state == "ready", timeout=20, what="the hub connection")
    finally:
        aloop.run(ui.aclose(), timeout=20)


def test_a_revoked_token_brings_back_the_sign_in_window_not_a_loop(
    aloop: AsyncRunner, hub: Hub, tmp_path: Path, _memory_keyring: Any
) -> None:
    controller = SettingsController(SettingsStore(tmp_path / "config"))
    sign_in(aloop, controller, hub.url, "101")
    profile = controller.profile()
    token = parse_token(_memory_keyring.store[("ringside", hub_token_key(profile.name))])
    assert token is not None

    async def sign_out() -> int:  # the token revoked on the hub (as a password reset does)
        async with httpx.AsyncClient() as http:
            reply = await http.post(
                hub.url + "/hub/logout", headers={"Authorization": f"Bearer {token.token}"}
            )
            return reply.status_code

    assert aloop.run(sign_out()) == 200
    logins_before = len(hub.sim.actions_named("Login"))
    ui = aloop.run(start_tray(controller, profile, asyncio.Event()), timeout=20)
    try:
        window: Any = aloop.until(lambda: ui.sign_in, timeout=20, what="the sign-in window")
        assert window.isVisible() and window.windowTitle() == "Sign in to the Ringside server"
        assert "enter your password" in window.hub_banner.text()
        assert "revoked" in window.hub_banner.text()
        assert (window.hub_url_edit.text(), window.hub_user_edit.text()) == (hub.url, "101")
        assert ui.tray.view.state == "failed"
        aloop.run(asyncio.sleep(1.0))  # no retry loop: the feed stopped, one window
        assert ui.sign_in is window and ui.tray.view.state == "failed"
        assert (("ringside", hub_token_key(profile.name))) not in _memory_keyring.store

        window.hub_password_edit.setText(PASSWORD)
        aloop.call(window.hub_button.click)
        aloop.until(lambda: ui.tray.view.state == "ready", timeout=20, what="connected again")
        assert ui.sign_in is None
        fresh = parse_token(_memory_keyring.store[("ringside", hub_token_key(profile.name))])
        assert fresh is not None and fresh.token != token.token
        assert len(hub.sim.actions_named("Login")) == logins_before  # the desktop never spoke AMI
    finally:
        aloop.run(ui.aclose(), timeout=20)
