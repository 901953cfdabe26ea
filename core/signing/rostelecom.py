"""Rostelecom virtual PBX "Integration API" signatures (seed 004).

``X-Client-Sign = sha256hex(X-Client-ID + body + key)`` in both directions,
computed over the *exact* body bytes sent or received. Never re-serialize:
the seed's own example has irregular spacing and verifies only over those
bytes. The body is UTF-8 JSON (``Content-Type: application/json``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Mapping

import httpx

from core.signing.auth import same_digest, same_text

__all__ = ["CLIENT_ID_HEADER", "SIGN_HEADER", "RostelecomAuth", "sign", "verify", "verify_request"]

CLIENT_ID_HEADER = "X-Client-ID"
SIGN_HEADER = "X-Client-Sign"


def sign(client_id: str, body: bytes, key: str) -> str:
    """Lowercase hex sha256 of ``client_id + body + key`` (``body`` as raw bytes)."""
    digest = hashlib.sha256()
    digest.update(client_id.encode("utf-8"))
    digest.update(body)
    digest.update(key.encode("utf-8"))
    return digest.hexdigest()


def verify(client_id: str, body: bytes, key: str, signature: str | None) -> bool:
    """True when ``signature`` signs exactly ``body`` (constant time, hex case ignored)."""
    if not key:
        return False
    return same_digest(sign(client_id, body, key), signature)


def verify_request(headers: Mapping[str, str], body: bytes, client_id: str, key: str) -> bool:
    """Check a received request or response: the ``X-Client-ID`` header must be ours and
    ``X-Client-Sign`` must sign the received body. ``headers`` must be case-insensitive
    (``httpx.Headers``, Starlette ``Headers``) or use the canonical spelling."""
    if not same_text(client_id, headers.get(CLIENT_ID_HEADER)):
        return False
    return verify(client_id, body, key, headers.get(SIGN_HEADER))


class RostelecomAuth(httpx.Auth):
    """Add ``X-Client-ID`` and ``X-Client-Sign`` over the exact request body."""

    requires_request_body = True

    def __init__(self, client_id: str, key: str) -> None:
        self._client_id = client_id
        self._key = key

    def __repr__(self) -> str:
        return f"RostelecomAuth(client_id={self._client_id!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[CLIENT_ID_HEADER] = self._client_id
        request.headers[SIGN_HEADER] = sign(self._client_id, request.content, self._key)
        yield request
