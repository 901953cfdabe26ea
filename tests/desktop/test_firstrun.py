"""First run: connect to the PBX (the doctor's checks live as you type), a server, or the demo.

Against the simulator over real TCP; settings in a temporary config folder,
secrets in the test keyring or the encrypted secrets file.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from core.settings import SecretStore, SettingsStore
from core.settings.secret_file import EncryptedSecretFile
from core.sim.server import PBXSimulator
from desktop.settings_glue import SettingsController
from desktop.ui.firstrun import FirstRunWindow
from tests.fakes.desktop import AsyncRunner


@pytest.fixture
def sim(aloop: AsyncRunner) -> Iterator[PBXSimulator]:
    server = PBXSimulator(port=0)
    aloop.run(server.start())
    yield server
    aloop.run(server.stop())


def _type_direct(window: FirstRunWindow, sim: PBXSimulator, secret: str) -> None:
    window.choice_buttons[1].click()
    window.host_edit.setText("127.0.0.1")
    window.port_spin.setValue(sim.port)
    window.user_edit.setText("demo")
    window.extension_edit.setText("101")
    window.secret_edit.setText(secret)


def test_direct_connection_checks_live_and_saves_the_profile(aloop: AsyncRunner, sim: PBXSimulator,
                                                             tmp_path: Path, _memory_keyring: Any) -> None:  # fmt: skip
    controller = SettingsController(SettingsStore(tmp_path / "config"))
    window = FirstRunWindow(controller)
    future = aloop.call(window.choice)
    assert window.isVisible() and [b.accessibleName() for b in window.choice_buttons] == [
        "Connect to a Ringside server", "Connect to the PBX directly", "Try the demo"]  # fmt: skip
    _type_direct(window, sim, "wrong")
    aloop.until(
        lambda: "fail" in window.check_list.statuses(), timeout=10, what="a failed login, live"
    )
    assert window.check_list.statuses()[:2] == ["pass", "fail"]  # reachable, login refused
    window.secret_edit.setText("demo")  # typing again re-runs the checks
    aloop.until(
        lambda: window.check_list.statuses()[:2] == ["pass", "pass"], timeout=10, what="login ok"
    )
    assert not future.done()
    aloop.call(window.save_button.click)
    assert aloop.run(future) == "saved"
    saved = json.loads((tmp_path / "config" / "settings.json").read_text("utf-8"))
    profile = saved["profiles"][0]
    assert (profile["mode"], profile["ami_host"], profile["ami_port"], profile["extension"]) == (
        "direct", "127.0.0.1", sim.port, "101")  # fmt: skip
    assert "demo" not in json.dumps(saved).replace(
        '"ami_user": "demo"', ""
    )  # the secret is not in it
    assert _memory_keyring.store[("ringside", "ami:default")] == "demo"
    assert controller.profile().configured


def test_no_keyring_saves_the_secret_in_the_encrypted_file(aloop: AsyncRunner, sim: PBXSimulator,
                                                           tmp_path: Path) -> None:  # fmt: skip
    secret_file = EncryptedSecretFile(tmp_path / "config" / "secrets.enc")
    controller = SettingsController(SettingsStore(tmp_path / "config"),
                                    SecretStore(backend=fail.Keyring(), file=secret_file))  # fmt: skip
    window = FirstRunWindow(controller)
    future = aloop.call(window.choice)
    assert "encrypted file" in window.where_label.text()
    _type_direct(window, sim, "demo")
    window.passphrase_edit.setText("my long passphrase")
    aloop.call(window.save_button.click)
    assert aloop.run(future) == "saved"
    raw = (tmp_path / "config" / "secrets.enc").read_bytes()
    assert b"demo" not in raw
    again = SecretStore(
        backend=fail.Keyring(), file=EncryptedSecretFile(tmp_path / "config" / "secrets.enc")
    )
    again.unlock("my long passphrase")
    assert (
        again.ami_secret("default") == "demo"
    )  # survives a restart, unlike the old memory fallback


def test_demo_choice_touches_no_real_settings(aloop: AsyncRunner, tmp_path: Path) -> None:
    controller = SettingsController(SettingsStore(tmp_path / "config"))
    window = FirstRunWindow(controller)
    future = aloop.call(window.choice)
    window.choice_buttons[2].click()
    assert aloop.run(future) == "demo"
    assert not (tmp_path / "config" / "settings.json").exists()


def test_closing_the_window_quits_quietly(aloop: AsyncRunner, tmp_path: Path) -> None:
    window = FirstRunWindow(SettingsController(SettingsStore(tmp_path / "config")))
    future = aloop.call(window.choice)
    window.close()
    assert aloop.run(future) is None


def test_an_unreachable_ringside_server_says_why_and_saves_nothing(
    aloop: AsyncRunner, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on: refused at once, no network needed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window = FirstRunWindow(SettingsController(SettingsStore(tmp_path / "config")))
    aloop.call(window.choice)
    window.choice_buttons[0].click()
    window.hub_button.click()
    assert "Fill in the server URL" in window.hub_banner.text()
    window.hub_url_edit.setText(f"http://127.0.0.1:{port}")
    window.hub_user_edit.setText("op101")
    window.hub_password_edit.setText("pw")
    aloop.call(window.hub_button.click)
    aloop.until(lambda: "Could not sign in" in window.hub_banner.text(), what="the hub answer")
    assert "Cannot reach the Ringside server" in window.hub_banner.text()
    assert "connection refused" in window.hub_banner.text()
    assert not (tmp_path / "config" / "settings.json").exists()


def test_no_secret_means_no_login_and_says_so(aloop: AsyncRunner, sim: PBXSimulator, tmp_path: Path,
                                              _memory_keyring: Any) -> None:  # fmt: skip
    from desktop.main import start_tray

    controller = SettingsController(SettingsStore(tmp_path / "config"))
    profile = controller.profile().__class__(ami_host="127.0.0.1", ami_port=sim.port, ami_user="demo",
                                             extension="101")  # fmt: skip
    controller.save(profile, {})
    ui = aloop.run(start_tray(controller, controller.profile(), asyncio.Event()))
    try:
        aloop.run(asyncio.sleep(0.3))
        assert ui.tray.view.state == "failed"
        assert "No AMI secret stored" in ui.tray.view.detail
        assert sim.actions_named("Login") == []  # fail2ban never sees an empty login
    finally:
        aloop.run(ui.aclose())


def test_demo_settings_persist_in_the_demo_profile_not_the_real_one(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import dataclasses

    from desktop.settings_glue import demo_controller

    monkeypatch.setenv("RINGSIDE_CONFIG_DIR", str(tmp_path / "config"))
    demo = demo_controller()
    profile = demo.profile()
    assert profile.name == "demo"  # its secrets never mix with the real profile's (ami:default)
    demo.save(dataclasses.replace(profile, dial_outbound_prefix="9"), {})
    assert (tmp_path / "config" / "demo" / "settings.json").exists()
    assert not (tmp_path / "config" / "settings.json").exists()
    assert demo_controller().profile().dial_outbound_prefix == "9"  # kept for the next demo


def test_the_desktop_reads_ringside_ami_secret(aloop: AsyncRunner, sim: PBXSimulator, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from core.settings import Profile
    from desktop.main import start_tray

    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "demo")  # nothing in the keyring: the variable only
    controller = SettingsController(SettingsStore(tmp_path / "config"))
    controller.save(
        Profile(ami_host="127.0.0.1", ami_port=sim.port, ami_user="demo", extension="101"), {}
    )
    assert (
        controller.secret_source(controller.profile()) == "environment variable RINGSIDE_AMI_SECRET"
    )
    ui = aloop.run(start_tray(controller, controller.profile(), asyncio.Event()))
    try:
        aloop.until(
            lambda: ui.tray.view.state == "ready", timeout=10, what="logged in with the variable"
        )
        assert (
            len(sim.actions_named("Login")) == 1
        )  # accepted: the simulator refuses a wrong secret
    finally:
        aloop.run(ui.aclose())
