"""Glue between saved settings (core.settings), the keyring and the tray app.

:class:`SettingsController` reads the active profile, builds the
:class:`core.service.RingsideService` for it (``core.bootstrap.build_service``:
AMI and CRM secrets from the keyring, history in the data folder) and saves what the settings dialog
returns: the profile to ``settings.json``, the secrets to the keyring, never
the other way round. Its blocking methods are meant for ``asyncio.to_thread``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from core.bootstrap import build_service, crm_secrets
from core.bootstrap import service_config as service_config  # where tests and callers found it
from core.service import RingsideService
from core.settings import (
    AppSettings,
    Profile,
    SecretStore,
    SettingsStore,
    ami_key,
    crm_key,
)
from desktop.ui.popup_style import tr

if TYPE_CHECKING:
    from desktop.app import RingsideApp

AMI_SECRET = "ami"  # desktop.ui.settings.AMI_SECRET_KEY
RECORDINGS_SECRET = "recordings"  # desktop.ui.settings.RECORDINGS_TOKEN_KEY


def recordings_key(profile: str) -> str:
    """Keyring key of the recordings gateway's bearer token."""
    return f"recordings:{profile}"


class SettingsController:
    """Profiles in the config folder, secrets in the keyring (``SecretStore``)."""

    def __init__(self, store: SettingsStore | None = None, secrets: SecretStore | None = None) -> None:
        self.store = store or SettingsStore()
        self.secrets = secrets or SecretStore()

    def load(self) -> AppSettings:
        return self.store.load() if self.store.exists() else AppSettings()

    def profile(self) -> Profile:
        return self.load().active

    @staticmethod
    def keyring_key(profile: Profile, key: str) -> str:
        """Keyring key of a secret typed in the dialog (``ami`` or ``crm.<adapter>.<field>``)."""
        if key == AMI_SECRET:
            return ami_key(profile.name)
        if key == RECORDINGS_SECRET:
            return recordings_key(profile.name)
        return f"{crm_key(profile.name)}:{key.removeprefix('crm.')}"

    def save(self, profile: Profile, secrets: dict[str, str]) -> None:
        """Blocking: secrets to the keyring first, then the profile (without them) to the file."""
        for key, value in secrets.items():
            if value:
                self.secrets.set(self.keyring_key(profile, key), value)
        self.store.save(self.load().with_profile(profile, activate=True))

    def recordings_client(self, profile: Profile) -> Any:
        """Blocking (keyring): a RecordingsClient for the profile's gateway, or None."""
        if not profile.recordings_url:
            return None
        from core.recordings.client import RecordingsClient

        token = self.secrets.get(recordings_key(profile.name)) or ""
        return RecordingsClient(profile.recordings_url, token, who=profile.extension)

    def crm_secrets(self, profile: Profile) -> dict[str, str]:
        return crm_secrets(profile, self.secrets)

    def build_service(self, profile: Profile) -> tuple[RingsideService, tuple[Any, ...]]:
        """Blocking (keyring, sqlite): the service for ``profile`` and what to close after it."""
        return build_service(profile, self.secrets)


def offer_demo() -> bool:
    answer = QMessageBox.question(
        None,
        "Ringside",
        tr("No PBX is configured yet. Start the demo (a simulated PBX with sample customers)?"),
    )
    return answer == QMessageBox.StandardButton.Yes


async def test_connection(profile: Profile, secret: str, controller: SettingsController) -> list[Any]:
    """The doctor's checks for the dialog's "Test connection" (typed secret, else the saved one)."""
    from core.ami.doctor import run_doctor

    if not secret:
        secret = await asyncio.to_thread(controller.secrets.get, ami_key(profile.name)) or ""
    report = await run_doctor(
        profile.ami_host,
        profile.ami_port,
        profile.ami_user,
        secret,
        extension=profile.extension or None,
        context=profile.originate_context,
        tls=profile.ami_tls,
    )
    return list(report.checks)


def open_settings(ui: RingsideApp, controller: SettingsController | None = None) -> Any:
    """Show the settings dialog; Save writes in a thread and says when it is done."""
    from core.crm.registry import available_adapters
    from desktop.ui.settings import SettingsDialog

    controller = controller or ui.settings or SettingsController()
    profile = controller.profile()

    def on_save(new_profile: Any, secrets: dict[str, str]) -> None:
        ui.bridge.run("settings", asyncio.to_thread(controller.save, new_profile, dict(secrets)))
        ui.popups.settings = new_profile.popup  # popup behaviour and the hotkey apply at once
        ui.selection.start(new_profile.dial_hotkey)

    async def on_test(new_profile: Any, secret: str) -> list[Any]:
        return await test_connection(new_profile, secret, controller)

    secure = (controller.secrets.secure, controller.secrets.backend_name)
    dialog = SettingsDialog(profile, available_adapters(), secure, on_save, on_test)
    ui.windows["settings"] = dialog
    dialog.show()
    return dialog


def recordings_dir(profile: Profile) -> Path | None:
    value = profile.extras.get("recordings_dir") if profile.extras else None
    return Path(str(value)) if value else None
