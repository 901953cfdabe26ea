"""Settings (profiles in ``settings.json``) and secrets (the OS keyring), never mixed.

- ``model``: ``Profile``, ``PopupSettings``, ``AppSettings``, ``SettingsError``, ``describe``.
- ``store``: ``SettingsStore`` (load/save ``settings.json``, atomic, validated).
- ``secrets``: ``SecretStore`` over ``keyring`` with an in-memory fallback.
- ``paths``: ``config_dir()`` / ``data_dir()`` (platformdirs, env overrides).
- ``access``: ``load()``, ``save()``, ``save_profile()``, ``get_secret()``, ``get_ami_secret()``.
"""

from core.settings.access import get_ami_secret, get_secret, load, save, save_profile
from core.settings.model import AppSettings, PopupSettings, Profile, SettingsError, describe
from core.settings.paths import config_dir, data_dir
from core.settings.secrets import SecretStore, ami_key, crm_key
from core.settings.store import SettingsStore

__all__ = [
    "AppSettings",
    "PopupSettings",
    "Profile",
    "SecretStore",
    "SettingsError",
    "SettingsStore",
    "ami_key",
    "config_dir",
    "crm_key",
    "data_dir",
    "describe",
    "get_ami_secret",
    "get_secret",
    "load",
    "save",
    "save_profile",
]
