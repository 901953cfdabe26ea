"""One-call conveniences over the default settings folder and keyring (CLI, gateway, glue code).

``load()``/``save()`` use ``SettingsStore()`` (``RINGSIDE_CONFIG_DIR`` or the user's
config folder). ``get_ami_secret`` finds the profile for a host and AMI user and
reads its secret from the keyring; ``get_secret`` reads any keyring entry of a
service (the gateway keeps its keys under ``ringside-gateway``). All of them
block: call them from a thread (``asyncio.to_thread``) on an event loop.
"""

from __future__ import annotations

from core.settings.model import AppSettings, Profile
from core.settings.secrets import SERVICE, SecretStore, ami_key, get_secret
from core.settings.store import SettingsStore

__all__ = ["get_ami_secret", "get_secret", "load", "save", "save_profile"]


def load() -> AppSettings:
    """The saved settings (defaults when none were saved yet)."""
    return SettingsStore().load()


def save(settings: AppSettings) -> None:
    SettingsStore().save(settings)


def save_profile(profile: Profile, *, activate: bool = False) -> AppSettings:
    """Replace (or add) ``profile`` in the saved settings; return what was saved."""
    store = SettingsStore()
    settings = store.load().with_profile(profile, activate=activate)
    store.save(settings)
    return settings


def get_ami_secret(*, host: str, username: str, settings: AppSettings | None = None) -> str | None:
    """The AMI secret of the profile connecting to ``host`` as ``username`` (active profile first)."""
    settings = settings if settings is not None else load()
    candidates = [settings.active, *settings.profiles]
    for profile in candidates:
        if profile.ami_host == host and profile.ami_user == username:
            return SecretStore(SERVICE).get(ami_key(profile.name))
    return None
