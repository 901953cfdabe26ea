"""Settings for the recordings gateway, queue membership and the dial hotkey.

The gateway token goes to the keyring as ``recordings:<profile>`` and never into
the config file; the saved profile drives the service (queue member, queues) and
the RecordingsClient; the hotkey row says why it cannot work offscreen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.settings import AppSettings, Profile, SecretStore, SettingsError, SettingsStore
from core.settings.store import settings_from_dict, settings_to_dict
from desktop.settings_glue import SettingsController, service_config
from tests.fakes.memory_keyring import MemoryKeyring


def test_recordings_token_goes_to_the_keyring_and_queues_to_the_profile(
    make_stack: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_DATA_DIR", str(tmp_path / "data"))
    s = make_stack()
    keyring = MemoryKeyring()
    controller = SettingsController(
        SettingsStore(tmp_path / "config"), SecretStore(backend=keyring)
    )
    s.ui.settings = controller
    dialog = s.aloop.call(s.ui.show_settings)
    done: list[str] = []
    s.ui.bridge.command_done.connect(done.append)
    assert "Recordings" in [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    dialog.extension_edit.setText("101")
    dialog.extra.recordings_url_edit.setText("http://127.0.0.1:8443/")
    dialog.extra.recordings_token_edit.setText("tok-Секрет")
    dialog.extra.queue_interface_edit.setText("Local/101@from-queue/n")
    dialog.extra.queues_edit.setText("sales, support")
    dialog.extra.hotkey_check.setChecked(False)
    s.aloop.call(dialog.save)
    s.aloop.until(lambda: "settings" in done, what="the save")
    assert keyring.store[("ringside", "recordings:default")] == "tok-Секрет"
    assert "tok-" not in controller.store.path.read_text("utf-8")
    saved = controller.store.load().active
    assert saved.recordings_url == "http://127.0.0.1:8443"
    assert (saved.queue_interface, saved.queues, saved.dial_hotkey) == (
        "Local/101@from-queue/n", "sales,support", "")  # fmt: skip
    config = service_config(saved)
    assert config.queue_interface == "Local/101@from-queue/n"
    assert config.queues == ("sales", "support")
    client = controller.recordings_client(saved)
    assert client.base_url == "http://127.0.0.1:8443"
    assert client._headers()["Authorization"] == "Bearer tok-Секрет"


def test_no_recordings_url_means_no_client(tmp_path: Path) -> None:
    controller = SettingsController(SettingsStore(tmp_path), SecretStore(backend=MemoryKeyring()))
    assert controller.recordings_client(Profile()) is None


def test_profile_validates_the_new_fields() -> None:
    with pytest.raises(SettingsError, match="recordings_url"):
        Profile(recordings_url="ftp://pbx")
    with pytest.raises(SettingsError, match="queue_interface"):
        Profile(queue_interface="not a member")
    with pytest.raises(SettingsError, match="queues"):
        Profile(queues="sales,,")
    profile = Profile(recordings_url="https://pbx:8443", queues="a,b", dial_hotkey="")
    settings = AppSettings(profiles=(profile,), active_profile=profile.name)
    assert settings_from_dict(settings_to_dict(settings)).active == profile  # JSON round-trip


def test_hotkey_row_says_why_it_cannot_work_offscreen(make_stack: Any, tmp_path: Path) -> None:
    s = make_stack()
    controller = SettingsController(SettingsStore(tmp_path), SecretStore(backend=MemoryKeyring()))
    s.ui.settings = controller
    dialog = s.aloop.call(s.ui.show_settings)
    assert dialog.extra.hotkey_check.isChecked()  # default Ctrl+Alt+D
    assert dialog.extra.hotkey_edit.text() == "Ctrl+Alt+D"
    assert "X11" in dialog.extra.hotkey_check.toolTip()
