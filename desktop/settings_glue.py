"""Glue between saved settings (core.settings), the secret store and the tray app.

:class:`SettingsController` reads the active profile, builds the
:class:`core.service.RingsideService` for it (``core.bootstrap.build_service``:
AMI secret from ``RINGSIDE_AMI_SECRET`` or the secret store, CRM secrets from
the store, history in the data folder) and saves what the settings dialog returns: the
profile to ``settings.json``, the secrets to the store (the system keyring, or
the encrypted secrets file without one), never the other way round. Its
blocking methods are meant for ``asyncio.to_thread``.

``open_settings`` shows the dialog; ``on_saved(profile)`` is how the app
applies a saved profile at once (reconnecting when the connection changed).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.bootstrap import build_service, crm_secrets
from core.bootstrap import service_config as service_config  # where tests and callers found it
from core.service import RingsideService
from core.settings import (
    AppSettings,
    Profile,
    SecretStore,
    SettingsStore,
    ami_key,
    config_dir,
    crm_key,
)
from core.settings.secret_file import FILE_NAME as SECRETS_FILE
from core.settings.secret_file import EncryptedSecretFile

if TYPE_CHECKING:
    from desktop.bridge import ServiceBridge
    from desktop.shell import Shell

AMI_SECRET = "ami"  # desktop.ui.settings.AMI_SECRET_KEY
RECORDINGS_SECRET = "recordings"  # desktop.ui.settings.RECORDINGS_TOKEN_KEY
PASSPHRASE = "passphrase"  # desktop.ui.settings.PASSPHRASE_KEY: unlocks the secrets file
HUB_SECRET = "hub"  # the hub user's password / token
DEMO_PROFILE = "demo"
DEMO_FOLDER = "demo"  # the demo's settings: <config dir>/demo/settings.json


def demo_controller() -> SettingsController:
    """Settings of ``ringside demo``: a persistent profile of its own, never the real one."""
    return SettingsController(SettingsStore(config_dir() / DEMO_FOLDER), demo=True)


def recordings_key(profile: str) -> str:
    """Keyring key of the recordings gateway's bearer token."""
    return f"recordings:{profile}"


CONNECTION_FIELDS = (
    "mode", "ami_host", "ami_port", "ami_tls", "ami_user", "extension", "endpoint",
    "originate_context", "caller_id_prefix", "dnd_mode", "queues", "queue_interface", "region",
    "hub_url", "hub_user", "crm", "crm_config", "name",
)  # fmt: skip


def connection_changed(old: Profile, new: Profile, secrets: dict[str, str]) -> bool:
    """True when Save must reconnect: a connection field or a secret changed."""
    return bool(secrets) or any(getattr(old, f) != getattr(new, f) for f in CONNECTION_FIELDS)


def default_secrets() -> SecretStore:
    """The system keyring, or the encrypted ``secrets.enc`` in the config folder without one."""
    return SecretStore(file=EncryptedSecretFile(config_dir() / SECRETS_FILE))


class SettingsController:
    """Profiles in the config folder, secrets in the keyring or the encrypted file."""

    def __init__(
        self,
        store: SettingsStore | None = None,
        secrets: SecretStore | None = None,
        *,
        demo: bool = False,
    ) -> None:
        self.store = store or SettingsStore()
        self.secrets = secrets or default_secrets()
        self.demo = demo  # the demo's own profile (config folder "demo"), never the real one

    def ami_secret(self, profile: Profile) -> str | None:
        """Blocking: the AMI secret (``RINGSIDE_AMI_SECRET`` first), None: "no secret stored"."""
        return self.secrets.ami_secret(profile.name)

    def has_login(self, profile: Profile) -> bool:
        """Blocking: a secret to connect with, the AMI secret or (hub mode) the server's token."""
        if profile.mode == "hub":
            return bool(self.secrets.get(self.keyring_key(profile, HUB_SECRET)))
        return bool(self.ami_secret(profile))

    def secret_source(self, profile: Profile) -> str | None:
        return self.secrets.ami_secret_source(profile.name)

    def load(self) -> AppSettings:
        if self.store.exists():
            return self.store.load()
        if self.demo:  # its own profile name: its secrets never mix with the real profile's
            return AppSettings(profiles=(Profile(name=DEMO_PROFILE),), active_profile=DEMO_PROFILE)
        return AppSettings()

    def profile(self) -> Profile:
        return self.load().active

    @staticmethod
    def keyring_key(profile: Profile, key: str) -> str:
        """Keyring key of a secret typed in the dialog (``ami`` or ``crm.<adapter>.<field>``)."""
        if key == AMI_SECRET:
            return ami_key(profile.name)
        if key == RECORDINGS_SECRET:
            return recordings_key(profile.name)
        if key == HUB_SECRET:
            return f"hub:{profile.name}"
        return f"{crm_key(profile.name)}:{key.removeprefix('crm.')}"

    def save(self, profile: Profile, secrets: dict[str, str]) -> None:
        """Blocking: secrets to the store first, then the profile (without them) to the file."""
        secrets = dict(secrets)
        passphrase = secrets.pop(PASSPHRASE, "")
        if passphrase:
            self.secrets.unlock(passphrase)  # SecretFileError (in words) keeps the dialog open
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


async def test_connection(
    profile: Profile, secret: str, controller: SettingsController
) -> list[Any]:
    """The doctor's checks for the dialog's "Test connection" (typed secret, else the saved one)."""
    from core.ami.doctor import run_doctor

    if not secret:
        secret = await asyncio.to_thread(controller.ami_secret, profile) or ""
    if not secret:
        from core.ami.doctor import CheckResult, CheckStatus

        return [CheckResult("login", CheckStatus.SKIP, "no secret stored: type the AMI secret")]
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


SUPERVISOR_CHECKS = ("click-to-call", "resync after reconnect")  # Originate + CoreShowChannels


def supervisor_rights(checks: list[Any]) -> bool:
    """The doctor says this AMI user may originate (spy) and list every channel (Live)."""
    passed = {getattr(c, "name", "") for c in checks if str(getattr(c, "status", "")) == "PASS"}
    return all(any(n.startswith(prefix) for n in passed) for prefix in SUPERVISOR_CHECKS)


def open_settings(
    shell: Shell,
    bridge: ServiceBridge,
    controller: SettingsController,
    on_saved: Callable[[Profile, bool], None],
) -> Any:
    """Show the settings dialog; Save writes in a thread, then ``on_saved(profile, reconnect)``."""
    from core.crm.registry import available_adapters
    from desktop.ui.settings import SettingsDialog, SettingsStatus

    profile = controller.profile()
    rights: dict[str, bool] = {}

    def on_save(new_profile: Profile, secrets: dict[str, str]) -> None:
        if "supervisor_rights" in rights:
            new_profile = dataclasses.replace(
                new_profile, supervisor_rights=rights["supervisor_rights"]
            )
        reconnect = connection_changed(profile, new_profile, secrets)
        if new_profile.language != profile.language:  # open windows retranslate (LanguageChange)
            from desktop.i18n import apply_language

            apply_language(new_profile.language)

        def saved(_result: Any) -> None:
            on_saved(new_profile, reconnect)

        bridge.run(
            "settings", asyncio.to_thread(controller.save, new_profile, dict(secrets)), saved
        )

    async def on_test(new_profile: Any, secret: str) -> list[Any]:
        checks = await test_connection(new_profile, secret, controller)
        rights["supervisor_rights"] = supervisor_rights(checks)
        return checks

    status = SettingsStatus(
        secure=controller.secrets.secure,
        where=controller.secrets.where,
        kind=controller.secrets.kind,
        ami_source=controller.secret_source(profile),
        demo_folder=str(controller.store.directory) if controller.demo else "",
        backend=controller.secrets.backend_label,
    )
    dialog = SettingsDialog(profile, available_adapters(), status, on_save, on_test)
    shell.show_window("settings", lambda: dialog)
    return dialog


def recordings_dir(profile: Profile) -> Path | None:
    value = profile.extras.get("recordings_dir") if profile.extras else None
    return Path(str(value)) if value else None


class HubUnavailable(Exception):
    """This build has no Ringside server (hub) client yet."""


async def connect_hub(profile: Profile, password: str) -> tuple[Profile, str]:
    """Sign in to the Ringside server; returns the profile with the hub's role and what to keep.

    Uses ``core.hub.client.login(url, user, password)`` (-> ``HubToken``), then the hub's
    ``/hub/me`` for the extension, role, language and recordings (``core.hub.bootstrap.provision``); the
    password is never stored, the token goes to the secret store under
    ``hub:<profile>``. Raises ``HubUnavailable`` where this build has no hub client.
    """
    try:
        from core.hub import client  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise HubUnavailable("no hub client in this build") from None
    login = getattr(client, "login", None)
    if login is None:
        raise HubUnavailable("no hub client in this build")
    from core.hub.bootstrap import format_token, hub_me, provision

    result = await login(profile.hub_url, profile.hub_user, password)  # a HubToken
    # the hub's profile of this user: extension, role (supervisor tools), language, recordings
    me = await hub_me(profile.hub_url, result.token)
    return provision(profile, me), format_token(result)
