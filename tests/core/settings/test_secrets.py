"""SecretStore: secrets in the keyring and never in the settings file; honest in-memory fallback."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, NoKeyringError

import core.settings as settings_pkg
from core.settings import AppSettings, Profile, SecretStore, SettingsStore, ami_key, crm_key
from core.settings.secrets import NO_KEYRING_WARNING, get_secret


def test_settings_save_puts_secret_in_keyring_not_in_file(test_keyring, config_dir: Path) -> None:  # type: ignore[no-untyped-def]
    profile = Profile(
        name="office",
        ami_host="10.0.0.5",
        ami_user="ringside",
        extension="101",
        crm="retailcrm",
        crm_config={"url": "https://shop.example"},
    )
    secrets = SecretStore()
    assert secrets.secure and secrets.warning is None
    secrets.set(ami_key(profile.name), "ami-S3cret-Value")
    secrets.set(crm_key(profile.name), "crm-K3y-Value")
    SettingsStore().save(AppSettings().with_profile(profile, activate=True))
    assert test_keyring.store == {
        ("ringside", "ami:office"): "ami-S3cret-Value",
        ("ringside", "crm:office"): "crm-K3y-Value",
    }
    raw = (config_dir / "settings.json").read_bytes()
    assert b"S3cret" not in raw and b"K3y" not in raw
    assert secrets.get("ami:office") == "ami-S3cret-Value"
    assert settings_pkg.get_ami_secret(host="10.0.0.5", username="ringside") == "ami-S3cret-Value"
    assert settings_pkg.get_ami_secret(host="10.0.0.5", username="other") is None
    secrets.delete("ami:office")
    secrets.delete("ami:office")  # deleting twice is fine
    assert (
        secrets.get("ami:office") is None and ("ringside", "ami:office") not in test_keyring.store
    )


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring()],
    ids=["fail", "null"],
)
def test_no_usable_keyring_falls_back_to_memory(backend, test_keyring) -> None:  # type: ignore[no-untyped-def]
    keyring.set_keyring(backend)  # the fixture restores the previous backend afterwards
    try:
        store = SecretStore()
        assert not store.secure
        assert store.warning == NO_KEYRING_WARNING
        assert store.backend_name == "memory"
        assert store.get("ami:x") is None
        store.set("ami:x", "pw-in-memory")
        assert store.get("ami:x") == "pw-in-memory"
        assert SecretStore().get("ami:x") is None  # only this run's store has it
        store.delete("ami:x")
        assert store.get("ami:x") is None
    finally:
        keyring.set_keyring(test_keyring)
    assert SecretStore().get("ami:x") is None and test_keyring.store == {}


def test_chainer_without_backends_is_not_secure(
    monkeypatch: pytest.MonkeyPatch, test_keyring
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [], raising=False)
    assert not SecretStore(backend=chainer.ChainerBackend()).secure
    monkeypatch.setattr(
        chainer.ChainerBackend, "backends", [fail.Keyring(), test_keyring], raising=False
    )
    assert SecretStore(backend=chainer.ChainerBackend()).secure


def test_a_refusing_keyring_switches_to_memory_with_a_warning(test_keyring, caplog) -> None:  # type: ignore[no-untyped-def]
    def locked(service: str, username: str, password: str) -> None:
        raise KeyringLocked("user dismissed the unlock prompt")

    test_keyring.set_password = locked
    store = SecretStore()
    assert store.secure
    with caplog.at_level(logging.DEBUG):
        store.set("crm:p", "tok-Value-123")
    assert not store.secure and "KeyringLocked" in (store.warning or "")
    assert store.get("crm:p") == "tok-Value-123"
    assert "tok-Value-123" not in caplog.text and "tok-Value-123" not in repr(store)


def test_secrets_never_in_repr_or_logs(test_keyring, caplog) -> None:  # type: ignore[no-untyped-def]
    store = SecretStore()
    with caplog.at_level(logging.DEBUG):
        store.set("ami:p", "Very-Secret-1")
        store.get("ami:p")
        store.delete("ami:p")
    assert "Very-Secret-1" not in caplog.text + repr(store) + str(store)
    assert "secure=True" in repr(store) and "MemoryKeyring" in repr(store)


async def test_async_wrappers(test_keyring) -> None:  # type: ignore[no-untyped-def]
    store = SecretStore()
    await store.aset("ami:a", "v1")
    assert await store.aget("ami:a") == "v1"
    assert get_secret("ringside", "ami:a") == "v1"
    await store.adelete("ami:a")
    assert await store.aget("ami:a") is None


def test_a_backend_raising_no_keyring_error_is_reported(test_keyring) -> None:  # type: ignore[no-untyped-def]
    def missing(service: str, username: str) -> str | None:
        raise NoKeyringError("no backend")

    test_keyring.get_password = missing
    store = SecretStore()
    assert store.secure
    assert store.get("ami:x") is None
    assert not store.secure and store.warning == NO_KEYRING_WARNING
    store.set("ami:x", "kept-in-memory")
    assert store.get("ami:x") == "kept-in-memory" and test_keyring.store == {}
