"""Secrets (AMI secret, CRM keys) in the OS keyring, with honest fallbacks.

``SecretStore`` keeps each secret under service ``ringside`` and a key such as
``ami:<profile>`` or ``crm:<profile>`` (``ami_key``/``crm_key``). When the
machine has no usable keyring (``keyring`` picked its ``fail`` or ``null``
backend, or a chainer with nothing to chain, or the backend refuses to work)
the store uses, in this order:

1. the encrypted secrets file (``core.settings.secret_file``) when one is given,
   once it is unlocked with its passphrase (``unlock``; the passphrase may also
   come from ``RINGSIDE_SECRETS_PASSPHRASE``);
2. otherwise a plain dict for this run only.

``kind`` (``keyring`` / ``file`` / ``memory``) and ``where`` (words) say which
one is in use, ``secure`` is False for memory, and ``warning`` is a sentence
for the UI. No keyring backend class is defined here on purpose: defining one
registers it with ``keyring`` for the whole process.

Secret values never appear in ``repr``, log lines or raised exceptions.
Keyring calls can block (D-Bus, a prompt to unlock): the ``a*`` methods run
them in ``asyncio.to_thread`` for callers on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from core.settings.secret_file import PASSPHRASE_ENV, EncryptedSecretFile, SecretFileError

log = logging.getLogger(__name__)

SERVICE = "ringside"
NO_KEYRING_WARNING = "No system keyring found: the secret is kept only until Ringside quits"
LOCKED_WARNING = (
    "No system keyring found: secrets are kept in an encrypted file; enter its passphrase "
    "to use them"
)
REFUSED_WARNING = (
    "The system keyring did not accept the secret ({reason}): it is kept only until Ringside quits"
)


AMI_SECRET_ENV = "RINGSIDE_AMI_SECRET"


def ami_key(profile: str) -> str:
    return f"ami:{profile}"


def crm_key(profile: str) -> str:
    return f"crm:{profile}"


def unusable_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` cannot keep secrets, or None when it can."""
    if isinstance(backend, fail.Keyring):
        return "no keyring backend is available"
    if isinstance(backend, null.Keyring):
        return "the keyring is disabled (null backend)"
    if isinstance(backend, chainer.ChainerBackend):
        usable = [b for b in backend.backends if unusable_reason(b) is None]
        if not usable:
            return "no keyring backend is available"
    return None


class SecretStore:
    """Get, set and delete secrets; falls back to memory (``secure=False``) without a keyring."""

    def __init__(
        self,
        service: str = SERVICE,
        backend: KeyringBackend | None = None,
        file: EncryptedSecretFile | None = None,
    ) -> None:
        """``backend`` defaults to ``keyring.get_keyring()`` (may block: see ``open``).

        ``file`` is the encrypted fallback used when that keyring is unusable.
        """
        self.service = service
        self.file = file
        try:
            self._backend: KeyringBackend | None = (
                backend if backend is not None else keyring.get_keyring()
            )
        except Exception as exc:  # a broken keyring configuration must not stop the app
            log.warning("keyring unavailable: %s", type(exc).__name__)
            self._backend = None
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        self._reason = (
            "no keyring backend is available"
            if self._backend is None
            else unusable_reason(self._backend)
        )
        self._warning = NO_KEYRING_WARNING if self._reason is not None else None
        if self._reason is not None and file is not None:
            passphrase = os.environ.get(PASSPHRASE_ENV, "")
            if passphrase and file.exists():
                try:
                    file.unlock(passphrase)
                except SecretFileError as exc:
                    log.warning("secrets file not opened: %s", exc)
            self._warning = None if file.unlocked else LOCKED_WARNING

    @property
    def kind(self) -> str:
        """``keyring``, ``file`` (the encrypted secrets file) or ``memory`` (this run only)."""
        if self._reason is None:
            return "keyring"
        return "file" if self.file is not None else "memory"

    @property
    def needs_passphrase(self) -> bool:
        """True when secrets belong in the encrypted file and it is still locked."""
        return self.kind == "file" and self.file is not None and not self.file.unlocked

    @property
    def where(self) -> str:
        """Where secrets are stored, in words (for the settings window)."""
        if self.kind == "keyring":
            return f"system keyring ({type(self._backend).__name__})"
        if self.kind == "file" and self.file is not None:
            state = "unlocked" if self.file.unlocked else "locked"
            return f"encrypted file {self.file.path} ({state})"
        return "memory only, until Ringside quits"

    @property
    def backend_label(self) -> str:
        """The keyring backend's short name, or the encrypted file's path ("" for memory)."""
        if self.kind == "file" and self.file is not None:
            return str(self.file.path)
        if self.kind == "keyring":
            return str(getattr(self._backend, "name", "") or type(self._backend).__name__)
        return ""

    def unlock(self, passphrase: str) -> None:
        """Open (or create) the encrypted secrets file; raises ``SecretFileError`` in words."""
        if self.file is None:
            raise SecretFileError("There is no secrets file: secrets go to the system keyring")
        self.file.unlock(passphrase)
        with self._lock:
            for key, value in self._memory.items():  # typed before the unlock: keep them
                self.file.set(key, value)
            self._memory.clear()
        self._warning = None if self._reason is None or self.file.unlocked else LOCKED_WARNING

    @property
    def secure(self) -> bool:
        """True while secrets go to the OS keyring or the unlocked file; False in memory."""
        return self._warning is None

    @property
    def warning(self) -> str | None:
        """A sentence for the UI when secrets are not stored securely, else None."""
        return self._warning

    @property
    def backend_name(self) -> str:
        if self.kind == "file":
            return "encrypted file"
        if self._backend is None or not self.secure:
            return "memory"
        kind = type(self._backend)
        return f"{kind.__module__}.{kind.__qualname__}"

    def __repr__(self) -> str:
        return f"SecretStore(service={self.service!r}, backend={self.backend_name!r}, secure={self.secure})"

    def _fall_back(self, reason: str, warning: str | None = None) -> None:
        self._reason = reason
        self._warning = warning or REFUSED_WARNING.format(reason=reason)
        if self.file is not None:
            self._warning = None if self.file.unlocked else LOCKED_WARNING
        log.warning("keyring fallback: secrets kept in memory only (%s)", reason)

    def get(self, key: str) -> str | None:
        """The secret stored under ``key``, or None."""
        with self._lock:
            if key in self._memory:
                return self._memory[key]
        if self._reason is not None and self.file is not None:
            return self.file.get(key)
        if self._backend is None or unusable_reason(self._backend) is not None:
            return None
        try:
            return self._backend.get_password(self.service, key)
        except NoKeyringError:
            self._fall_back("no keyring backend is available", NO_KEYRING_WARNING)
            return None
        except (KeyringError, RuntimeError) as exc:
            log.warning("keyring could not read %r: %s", key, type(exc).__name__)
            return None

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` (in memory only when there is no usable keyring)."""
        if self._backend is not None and self._reason is None:
            try:
                self._backend.set_password(self.service, key, value)
                return
            except (KeyringError, RuntimeError) as exc:
                self._fall_back(f"{type(exc).__name__}")
        if self.file is not None and self.file.unlocked:
            self.file.set(key, value)
            return
        with self._lock:
            self._memory[key] = value

    def delete(self, key: str) -> None:
        """Forget the secret under ``key`` (no error if there was none)."""
        with self._lock:
            self._memory.pop(key, None)
        if self.file is not None and self.file.unlocked:
            self.file.delete(key)
        if self._backend is None or unusable_reason(self._backend) is not None:
            return
        try:
            self._backend.delete_password(self.service, key)
        except PasswordDeleteError:
            pass
        except (KeyringError, RuntimeError) as exc:
            log.warning("keyring could not delete %r: %s", key, type(exc).__name__)

    def ami_secret(self, profile: str) -> str | None:
        """The AMI secret of ``profile``: ``$RINGSIDE_AMI_SECRET`` first, then the store."""
        return os.environ.get(AMI_SECRET_ENV) or self.get(ami_key(profile)) or None

    def ami_secret_source(self, profile: str) -> str | None:
        """Where ``ami_secret`` comes from, in words, or None: "no secret stored"."""
        if os.environ.get(AMI_SECRET_ENV):
            return f"environment variable {AMI_SECRET_ENV}"
        return self.where if self.get(ami_key(profile)) else None

    # For event-loop callers (the hub feed keeps its session token here).
    async def aget(self, key: str) -> str | None:
        return await asyncio.to_thread(self.get, key)

    async def aset(self, key: str, value: str) -> None:
        await asyncio.to_thread(self.set, key, value)

    async def adelete(self, key: str) -> None:
        await asyncio.to_thread(self.delete, key)


def get_secret(service: str, name: str) -> str | None:
    """The keyring entry ``name`` of ``service`` (None when absent or there is no keyring)."""
    return SecretStore(service).get(name)
