"""The encrypted secrets file: the honest fallback when the computer has no system keyring."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from keyring.backends import fail

from core.settings import SecretStore, ami_key
from core.settings.secret_file import EncryptedSecretFile, SecretFileError
from core.settings.secrets import AMI_SECRET_ENV, LOCKED_WARNING


def test_round_trip_is_encrypted_and_private(tmp_path: Path) -> None:
    path = tmp_path / "secrets.enc"
    first = EncryptedSecretFile(path)
    first.unlock("correct horse battery")
    first.set("ami:office", "S3cret-AMI-value")
    raw = path.read_bytes()
    assert b"S3cret" not in raw and b"ami:office" not in raw
    assert json.loads(raw)["kdf"] == "scrypt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "S3cret" not in repr(first)

    again = EncryptedSecretFile(path)
    assert not again.unlocked and again.get("ami:office") is None
    again.unlock("correct horse battery")
    assert again.get("ami:office") == "S3cret-AMI-value"
    again.delete("ami:office")
    third = EncryptedSecretFile(path)
    third.unlock("correct horse battery")
    assert third.get("ami:office") is None


def test_wrong_passphrase_is_refused_in_words_and_the_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "secrets.enc"
    store = EncryptedSecretFile(path)
    store.unlock("correct horse battery")
    store.set("k", "v")
    before = path.read_bytes()
    with pytest.raises(SecretFileError, match="Wrong passphrase"):
        EncryptedSecretFile(path).unlock("wrong passphrase!")
    assert path.read_bytes() == before


def test_short_passphrase_and_damaged_file_say_why(tmp_path: Path) -> None:
    with pytest.raises(SecretFileError, match="at least 8"):
        EncryptedSecretFile(tmp_path / "new.enc").unlock("short")
    damaged = tmp_path / "damaged.enc"
    damaged.write_text("{not json", encoding="utf-8")
    with pytest.raises(SecretFileError, match="damaged"):
        EncryptedSecretFile(damaged).unlock("whatever-long")
    with pytest.raises(SecretFileError, match="locked"):
        EncryptedSecretFile(tmp_path / "x.enc").set("k", "v")


def test_store_without_keyring_uses_the_file_once_unlocked(test_keyring, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "secrets.enc"
    store = SecretStore(backend=fail.Keyring(), file=EncryptedSecretFile(path))
    assert store.kind == "file" and store.needs_passphrase
    assert store.warning == LOCKED_WARNING and not store.secure
    store.set(ami_key("office"), "typed-before-unlock")  # kept in memory until unlocked
    store.unlock("a long passphrase")
    assert store.secure and not store.needs_passphrase
    assert "encrypted file" in store.where and "unlocked" in store.where
    store.set(ami_key("other"), "second")
    # a new run (a restart) finds both secrets again with the passphrase
    later = SecretStore(backend=fail.Keyring(), file=EncryptedSecretFile(path))
    assert later.get(ami_key("office")) is None
    later.unlock("a long passphrase")
    assert later.get(ami_key("office")) == "typed-before-unlock"
    assert later.ami_secret("other") == "second"


def test_passphrase_from_the_environment_unlocks_at_start(
    test_keyring,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "secrets.enc"
    first = SecretStore(backend=fail.Keyring(), file=EncryptedSecretFile(path))
    first.unlock("env passphrase 1")
    first.set(ami_key("office"), "from-file")
    monkeypatch.setenv("RINGSIDE_SECRETS_PASSPHRASE", "env passphrase 1")
    store = SecretStore(backend=fail.Keyring(), file=EncryptedSecretFile(path))
    assert store.secure and store.ami_secret("office") == "from-file"


def test_ami_secret_from_the_environment_wins_and_says_so(
    test_keyring,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    store = SecretStore()
    assert store.ami_secret("office") is None and store.ami_secret_source("office") is None
    store.set(ami_key("office"), "in-keyring")
    assert "system keyring" in (store.ami_secret_source("office") or "")
    monkeypatch.setenv(AMI_SECRET_ENV, "from-env")
    assert store.ami_secret("office") == "from-env"
    assert store.ami_secret_source("office") == f"environment variable {AMI_SECRET_ENV}"
