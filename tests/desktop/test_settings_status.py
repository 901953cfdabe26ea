"""The settings window says where secrets are, grants supervisor tools instead of a tick box,
and edits the dial rules; the demo says its settings are its own."""

from __future__ import annotations

import dataclasses
from typing import Any

from core.crm.registry import available_adapters
from core.settings import Profile
from desktop.ui.settings import PASSPHRASE_KEY, SettingsDialog, SettingsStatus

PROFILE = Profile(ami_host="pbx.lan", ami_user="ringside", extension="101")


def _dialog(
    qtbot: Any, status: SettingsStatus, profile: Profile = PROFILE
) -> tuple[SettingsDialog, list[Any]]:
    saved: list[Any] = []
    dialog = SettingsDialog(profile, available_adapters(), status, lambda p, s: saved.append((p, s)),
                            lambda *_a: None)  # fmt: skip
    qtbot.addWidget(dialog)
    return dialog, saved


def test_no_secret_stored_is_said_in_words(qtbot: Any) -> None:
    dialog, _ = _dialog(
        qtbot, SettingsStatus(True, "system keyring (SecretService)", "keyring", None)
    )
    assert dialog.secret_where.text() == "No secret stored: type the AMI secret"
    assert "FreePBX web login" not in dialog.secret_where.text()


def test_secret_from_the_environment_and_the_store_in_use(qtbot: Any) -> None:
    env = "environment variable RINGSIDE_AMI_SECRET"
    dialog, _ = _dialog(
        qtbot, SettingsStatus(True, "system keyring (SecretService)", "keyring", env)
    )
    assert dialog.secret_where.text() == "Secret: from the environment variable RINGSIDE_AMI_SECRET"
    assert "system keyring (SecretService)" in dialog.store_where.text()


def test_encrypted_file_asks_for_its_passphrase(qtbot: Any) -> None:
    where = "encrypted file /home/op/.config/ringside/secrets.enc (locked)"
    dialog, saved = _dialog(qtbot, SettingsStatus(False, where, "file", None))
    dialog.show()
    assert dialog.keyring_banner.isVisible() and "encrypted file" in dialog.keyring_banner.text()
    assert dialog.passphrase_edit.isVisible()
    dialog.secret_edit.setText("s3cret")
    dialog.passphrase_edit.setText("long passphrase")
    dialog.save()
    _profile, secrets = saved[0]
    assert secrets == {"ami": "s3cret", PASSPHRASE_KEY: "long passphrase"}


def test_supervisor_tools_cannot_be_ticked_and_say_who_decides(qtbot: Any) -> None:
    dialog, saved = _dialog(qtbot, SettingsStatus())
    assert not hasattr(dialog, "supervisor_check")
    texts = [w.text() for w in dialog.findChildren(type(dialog.secret_where))]
    assert any("your admin turns them on" in t for t in texts)
    granted = dataclasses.replace(PROFILE, is_supervisor=True)
    dialog2, _ = _dialog(qtbot, SettingsStatus(), granted)
    texts = [w.text() for w in dialog2.findChildren(type(dialog.secret_where))]
    assert any("off until Test connection confirms" in t for t in texts)
    assert not granted.supervisor_tools
    assert dataclasses.replace(granted, supervisor_rights=True).supervisor_tools
    hub = Profile(mode="hub", hub_url="https://hub", hub_user="op", hub_role="supervisor")
    assert (
        hub.supervisor_tools and not dataclasses.replace(hub, hub_role="operator").supervisor_tools
    )
    dialog.save()
    assert saved[0][0].is_supervisor is False  # the window never writes the admin's setting


def test_dial_rules_are_edited_in_the_profile(qtbot: Any) -> None:
    dialog, saved = _dialog(qtbot, SettingsStatus())
    assert dialog.extra.national_edit.placeholderText() == "8"
    assert dialog.extra.international_edit.placeholderText() == "810"
    dialog.extra.outbound_edit.setText("9")
    dialog.save()
    profile = saved[0][0]
    assert profile.dial_outbound_prefix == "9"
    from desktop.numbers import rules_for

    assert rules_for(profile).plan("tel:+7 912 345-67-89").dial == "989123456789"


def test_the_demo_says_its_settings_are_its_own(qtbot: Any) -> None:
    dialog, _ = _dialog(qtbot, SettingsStatus(demo_folder="/home/op/.config/ringside/demo"))
    assert "demo's own profile" in dialog.demo_banner.text()
    assert "/home/op/.config/ringside/demo" in dialog.demo_banner.text()


def test_the_doctor_decides_the_supervisor_rights() -> None:
    from core.ami.doctor import CheckResult, CheckStatus
    from desktop.settings_glue import supervisor_rights

    def checks(spy: CheckStatus, channels: CheckStatus) -> list[CheckResult]:
        return [
            CheckResult("login", CheckStatus.PASS, "ok"),
            CheckResult("click-to-call (Originate)", spy, ""),
            CheckResult("resync after reconnect (CoreShowChannels)", channels, ""),
        ]

    assert supervisor_rights(checks(CheckStatus.PASS, CheckStatus.PASS))
    assert not supervisor_rights(checks(CheckStatus.PASS, CheckStatus.WARN))  # cannot list calls
    assert not supervisor_rights(checks(CheckStatus.FAIL, CheckStatus.PASS))  # cannot spy
    assert not supervisor_rights([])
