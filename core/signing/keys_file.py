"""The ``keys.dat`` file of get_record_local (seed 000).

One SHA-256 hex digest of an integration key per line, nothing else; several
keys because one PBX may serve several CRMs. A request's ``clientId`` is
accepted when its SHA-256 is listed. Comparison is constant time and visits
every line, so timing does not tell which line (if any) matched.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path


def _parse(text: str) -> tuple[bytes, ...]:
    digests: list[bytes] = []
    for line in text.splitlines():
        item = line.strip().lower()
        if len(item) == 64 and all(c in "0123456789abcdef" for c in item):
            digests.append(item.encode("ascii"))
    return tuple(digests)


@dataclass(frozen=True, slots=True)
class KeysFile:
    """Parsed list of accepted key hashes."""

    digests: tuple[bytes, ...]

    @classmethod
    def from_text(cls, text: str) -> KeysFile:
        return cls(_parse(text))

    @classmethod
    def load(cls, path: Path) -> KeysFile:
        """Read ``path``; a missing file accepts nothing."""
        try:
            return cls.from_text(path.read_text(encoding="utf-8", errors="replace"))
        except FileNotFoundError:
            return cls(())

    def accepts(self, key: str) -> bool:
        if not key:
            return False
        probe = hashlib.sha256(key.encode("utf-8")).hexdigest().encode("ascii")
        found = False
        for digest in self.digests:
            found |= hmac.compare_digest(probe, digest)
        return found


def hash_key(key: str) -> str:
    """The line to put in keys.dat for ``key``."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
