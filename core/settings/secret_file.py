"""The encrypted secrets file: where secrets go when the computer has no system keyring.

``secrets.enc`` (in ``config_dir()``, readable by the user only) holds one JSON
object of ``key -> secret``, encrypted with Fernet (AES-128-CBC + HMAC-SHA256,
from ``cryptography``) under a key derived from the operator's passphrase with
scrypt (n=2**15, r=8, p=1, a random 16-byte salt per file). Without the
passphrase the file is useless; a wrong passphrase is refused in words and the
file is left untouched.

Why not ``keyrings.cryptfile``: its last release is from 2022, and installing it
registers a keyring backend through an entry point, which changes the backend
``keyring`` picks for every program in the environment (and for the tests).
This module is about a hundred lines over a maintained library.

The file is written atomically (temporary file, fsync, ``os.replace``), so a
crash leaves the old or the new file, never half of one. Values never appear in
``repr``, logs or exceptions.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported on first use: most PCs have a keyring and never load it (~8 MB)
    from cryptography.fernet import Fernet

FILE_NAME = "secrets.enc"
FORMAT = "ringside-secrets-1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
PASSPHRASE_ENV = "RINGSIDE_SECRETS_PASSPHRASE"
MIN_PASSPHRASE = 8


class SecretFileError(Exception):
    """The file cannot be opened (locked, wrong passphrase, damaged); ``str()`` says why."""


def _fernet(passphrase: str, salt: bytes, n: int, r: int, p: int) -> Fernet:
    """The Fernet key derived from ``passphrase`` with scrypt."""
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=n, r=r, p=p)
    return Fernet(base64.urlsafe_b64encode(kdf.derive(passphrase.encode("utf-8"))))


class EncryptedSecretFile:
    """``get``/``set``/``delete`` over ``secrets.enc``; ``unlock(passphrase)`` first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fernet: Fernet | None = None
        self._salt = b""
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = "unlocked" if self.unlocked else "locked"
        return f"EncryptedSecretFile({str(self.path)!r}, {state})"

    @property
    def unlocked(self) -> bool:
        return self._fernet is not None

    def exists(self) -> bool:
        return self.path.exists()

    def unlock(self, passphrase: str) -> None:
        """Open the file with ``passphrase`` (or create it on the first ``set``)."""
        if not self.exists():
            if len(passphrase) < MIN_PASSPHRASE:
                raise SecretFileError(
                    f"Choose a passphrase of at least {MIN_PASSPHRASE} characters"
                )
            salt = os.urandom(16)
            with self._lock:
                self._salt = salt
                self._fernet = _fernet(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
                self._values = {}
            return
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            if doc.get("format") != FORMAT:
                raise ValueError("unknown format")
            salt = base64.b64decode(doc["salt"])
            fernet = _fernet(passphrase, salt, int(doc["n"]), int(doc["r"]), int(doc["p"]))
            token = str(doc["data"]).encode("ascii")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SecretFileError(f"{self.path} is damaged ({type(exc).__name__})") from None
        from cryptography.fernet import InvalidToken

        try:
            values = json.loads(fernet.decrypt(token))
        except InvalidToken:
            raise SecretFileError("Wrong passphrase for the saved secrets") from None
        with self._lock:
            self._salt, self._fernet = salt, fernet
            self._values = {str(k): str(v) for k, v in values.items()}

    def lock(self) -> None:
        with self._lock:
            self._fernet, self._values = None, {}

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        with self._lock:
            if self._fernet is None:
                raise SecretFileError("The secrets file is locked: enter its passphrase first")
            self._values[key] = value
            self._write()

    def delete(self, key: str) -> None:
        with self._lock:
            if self._fernet is None or key not in self._values:
                return
            del self._values[key]
            self._write()

    def _write(self) -> None:
        assert self._fernet is not None
        token = self._fernet.encrypt(json.dumps(self._values).encode("utf-8")).decode("ascii")
        doc = {
            "format": FORMAT,
            "kdf": "scrypt",
            "salt": base64.b64encode(self._salt).decode("ascii"),
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "data": token,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".secrets-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(doc, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
