"""An in-memory keyring backend for tests.

``MemoryKeyring`` is a KeyringBackend subclass, so defining it registers it with
keyring; its priority raises, which keeps it out of keyring's automatic choice
(it is only ever used through ``keyring.set_keyring``). It lives under tests/
only: app code never defines a backend.
"""

from __future__ import annotations

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
