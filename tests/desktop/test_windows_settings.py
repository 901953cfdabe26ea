"""Settings dialog: profile round trip, secrets only in on_save's dict, keyring warning, test button."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import warnings

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit

from core.ami.doctor import CheckResult, CheckStatus
from core.crm.registry import available_adapters
from core.settings.model import Profile
from desktop.ui.settings import AMI_SECRET_KEY, SettingsDialog, crm_secret_key
from desktop.ui.settings_crm import CrmTab

PROFILE = Profile(
    ami_host="pbx.example.com", ami_port=5039, ami_user="ringside", extension="101",
    endpoint="PJSIP/101-desk", crm="retailcrm", crm_config={"url": "https://shop.retailcrm.ru"},
    language="en", autostart=True,
)  # fmt: skip


class Saved:
    def __init__(self) -> None:
        self.calls: list[tuple[Profile, dict[str, str]]] = []

    def __call__(self, profile: Profile, secrets: dict[str, str]) -> None:
        self.calls.append((profile, secrets))


def make(qtbot, secure: bool = True, on_test=None, profile: Profile = PROFILE):
    saved = Saved()
    status = (True, "SecretService Keyring") if secure else (False, "fail Keyring")
    dialog = SettingsDialog(
        profile, available_adapters(), status, saved, on_test or (lambda p, s: None)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, saved


def test_unchanged_dialog_round_trips_the_profile(qtbot):
    dialog, saved = make(qtbot)
    assert dialog.host_edit.text() == "pbx.example.com" and dialog.port_spin.value() == 5039
    assert dialog.crm_tab.selected() == "retailcrm"
    dialog.save_button.click()
    assert saved.calls == [(PROFILE, {})]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_edits_land_in_profile_and_secrets_only_in_the_secrets_dict(qtbot):
    dialog, saved = make(qtbot)
    dialog.host_edit.setText("10.0.0.5")
    dialog.secret_edit.setText("s3cret-ami")
    api_key = dialog.crm_tab.forms["retailcrm"].editors["api_key"][1]
    assert isinstance(api_key, QLineEdit) and api_key.echoMode() == QLineEdit.EchoMode.Password
    api_key.setText("KEY-123")
    dialog.internal_check.setChecked(True)
    dialog.autoclose_spin.setValue(15)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ru"))
    dialog.region_combo.setCurrentIndex(dialog.region_combo.findData("KZ"))
    dialog.dnd_group.buttons()[1].setChecked(True)
    dialog.save_button.click()
    ((profile, secrets),) = saved.calls
    assert secrets == {
        AMI_SECRET_KEY: "s3cret-ami",
        crm_secret_key("retailcrm", "api_key"): "KEY-123",
    }
    assert profile == dataclasses.replace(
        PROFILE, ami_host="10.0.0.5", language="ru", region="KZ", dnd_mode="devstate",
        popup=dataclasses.replace(PROFILE.popup, show_for_internal=True, auto_close_seconds=15),
    )  # fmt: skip
    dumped = json.dumps(profile.to_dict()) + repr(profile)
    assert "s3cret-ami" not in dumped and "KEY-123" not in dumped


def test_switching_crm_saves_that_adapters_settings(qtbot):
    dialog, saved = make(qtbot)
    dialog.crm_tab.select("generic_http")
    form = dialog.crm_tab.forms["generic_http"]
    form.editors["lookup_url"][1].setText("https://crm.local/lookup?phone={e164}")
    form.editors["auth_value"][1].setText("Bearer abc")
    dialog.save_button.click()
    ((profile, secrets),) = saved.calls
    assert profile.crm == "generic_http"
    assert dict(profile.crm_config) == {"lookup_url": "https://crm.local/lookup?phone={e164}"}
    assert secrets == {crm_secret_key("generic_http", "auth_value"): "Bearer abc"}


def test_secret_fields_are_never_prefilled(qtbot):
    adapters = available_adapters()
    tab = CrmTab(adapters, "retailcrm", {"url": "https://x.retailcrm.ru", "api_key": "leaked"})
    qtbot.addWidget(tab)
    assert tab.forms["retailcrm"].editors["url"][1].text() == "https://x.retailcrm.ru"
    assert tab.forms["retailcrm"].editors["api_key"][1].text() == ""
    dialog, _ = make(qtbot)
    assert (
        dialog.secret_edit.text() == ""
        and dialog.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    )


@pytest.mark.parametrize("secure", [True, False])
def test_keyring_warning_banner_only_when_insecure(qtbot, secure):
    dialog, _ = make(qtbot, secure=secure)
    assert dialog.keyring_banner.isVisible() is (not secure)
    if not secure:
        assert "kept only in memory until Ringside quits" in dialog.keyring_banner.text()


def test_invalid_input_is_reported_and_nothing_saved(qtbot):
    dialog, saved = make(qtbot)
    dialog.tabs.setCurrentIndex(4)
    dialog.host_edit.setText("pbx example com")  # spaces: not a host name
    dialog.save_button.click()
    assert saved.calls == []
    assert dialog.error_banner.isVisible() and "ami_host" in dialog.error_banner.text()
    assert dialog.tabs.currentIndex() == 0 and dialog.isVisible()


def test_test_connection_with_a_plain_callable_then_results(qtbot):
    asked: list[tuple[Profile, str]] = []
    dialog, _ = make(qtbot, on_test=lambda profile, secret: asked.append((profile, secret)))
    dialog.secret_edit.setText("typed")
    dialog.test_button.click()
    assert asked == [(PROFILE, "typed")]
    assert not dialog.test_button.isEnabled()
    dialog.show_check_results(
        [
            CheckResult("Login", CheckStatus.PASS, "Authentication accepted"),
            CheckResult("Originate", CheckStatus.FAIL, "Permission denied", "add write=originate"),
        ]
    )
    assert dialog.check_list.statuses() == ["pass", "fail"]
    assert "add write=originate" in dialog.check_list.item(1).text()
    assert dialog.test_button.isEnabled()


def test_test_connection_awaits_a_coroutine_on_the_qasync_loop(qtbot, aloop):
    async def doctor(profile: Profile, secret: str) -> list[CheckResult]:
        await asyncio.sleep(0.01)
        return [
            CheckResult(f"Connect {profile.ami_host}", CheckStatus.PASS, "ok"),
            CheckResult("Events", CheckStatus.WARN, "slow"),
        ]

    dialog, _ = make(qtbot, on_test=doctor)

    async def click() -> None:
        dialog.test_button.click()

    aloop.run(click())
    aloop.until(lambda: dialog.check_list.statuses() == ["pass", "warn"], what="check results")
    assert "Connect pbx.example.com" in dialog.check_list.item(0).text()


def test_test_connection_failure_is_a_fail_row(qtbot, aloop):
    async def doctor(profile: Profile, secret: str) -> list[CheckResult]:
        raise ConnectionRefusedError("connection refused by 10.0.0.5:5038")

    dialog, _ = make(qtbot, on_test=doctor)

    async def click() -> None:
        dialog.test_button.click()

    aloop.run(click())
    aloop.until(lambda: dialog.check_list.statuses() == ["fail"], what="failure row")
    assert "connection refused" in dialog.check_list.item(0).text()


def test_coroutine_without_a_loop_is_reported_not_leaked(qtbot):
    async def doctor(profile: Profile, secret: str) -> list[CheckResult]:
        return []

    dialog, _ = make(qtbot, on_test=doctor)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine was never awaited" would fail here
        dialog.test_button.click()
    assert dialog.check_list.statuses() == ["fail"]
