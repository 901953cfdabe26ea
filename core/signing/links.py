"""Ringside's own expiring download links: HMAC-SHA256 over ``path + "\\n" + expiry``.

The gateway signs a recording path with a key it shares with the desktop core;
the link carries ``exp`` (epoch seconds) and ``sig`` (base64url, no padding).
Pure functions: the clock is passed in, comparison is constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

MAX_EXPIRY_DIGITS = 20  # epoch seconds fit in 11 digits until the year 5138


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _message(path: str, expires_at: int) -> bytes:
    return f"{path}\n{int(expires_at)}".encode()


def sign_link(path: str, expires_at: int, key: bytes) -> str:
    """Return the URL-safe signature of ``path`` valid until ``expires_at`` (epoch seconds)."""
    if not key:
        raise ValueError("link key is empty")
    digest = hmac.new(key, _message(path, expires_at), hashlib.sha256).digest()
    return _b64url(digest)


def verify_link(path: str, expires: str | int, sig: str, key: bytes, now: float) -> bool:
    """True when ``sig`` signs ``path``/``expires`` under ``key`` and ``now`` is before expiry.

    ``expires`` may be the raw query string value; anything that is not a plain
    non-negative integer in canonical form is rejected (no float, sign,
    leading zero or whitespace tricks) and so is an absurdly long one (Python refuses
    to parse integers of more than 4300 digits: that must be a refusal, not a crash).
    """
    text = str(expires)
    if len(text) > MAX_EXPIRY_DIGITS or not text.isascii() or not text.isdigit():
        return False
    if str(int(text)) != text or not key:
        return False
    expected = sign_link(path, int(text), key)
    good = hmac.compare_digest(expected.encode("ascii"), sig.encode("utf-8", "replace"))
    return good and now < int(text)


@dataclass(frozen=True, slots=True)
class LinkSigner:
    """Builds signed URLs under a base URL, e.g. ``http://gw:8080/recordings/file``."""

    base_url: str
    key: bytes
    ttl: int = 3600
    clock: Callable[[], float] = time.time

    def url_for(self, path: str, ttl: int | None = None) -> str:
        expires_at = int(self.clock()) + (self.ttl if ttl is None else ttl)
        sig = sign_link(path, expires_at, self.key)
        return f"{self.base_url.rstrip('/')}/{quote(path)}?exp={expires_at}&sig={sig}"
