"""Settings fixtures: a temporary config folder and an in-memory test keyring.

``MemoryKeyring`` is a KeyringBackend subclass, so defining it registers it with
keyring; its priority raises, which keeps it out of keyring's automatic choice
(it is only ever used through ``keyring.set_keyring`` here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A test keyring: a dict, inspectable by tests."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test keyring: only used when set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


@pytest.fixture
def test_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("RINGSIDE_CONFIG_DIR", str(folder))
    return folder
