"""Shared helpers for the signature schemes: constant-time checks and request rebuilding.

``httpx.Auth`` classes that must change the body they sign (Binotel adds
``key``/``signature``, Mango wraps JSON into a form) yield a *new* request
built here, so the bytes signed are exactly the bytes sent.
"""

from __future__ import annotations

import hmac

import httpx

__all__ = ["rebuild_request", "same_digest", "same_text"]


def same_digest(expected: str, given: str | bytes | None) -> bool:
    """Compare two hex/base64 digests in constant time; hex case is ignored.

    ``None``, empty or non-ASCII input never matches (and never raises).
    """
    if given is None:
        return False
    if isinstance(given, bytes):
        try:
            given = given.decode("ascii")
        except UnicodeDecodeError:
            return False
    given = given.strip()
    if not given or not given.isascii() or not expected:
        return False
    return hmac.compare_digest(expected.lower().encode(), given.lower().encode())


def same_text(expected: str, given: str | None) -> bool:
    """Constant-time equality of two exact (case-sensitive) ASCII tokens."""
    if given is None or not expected:
        return False
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def rebuild_request(
    request: httpx.Request, content: bytes, content_type: str
) -> httpx.Request:
    """A copy of ``request`` with a new body (and matching Content-Type/Length)."""
    headers = httpx.Headers(request.headers)
    headers["Content-Type"] = content_type
    headers["Content-Length"] = str(len(content))
    headers.pop("Transfer-Encoding", None)
    return httpx.Request(
        request.method,
        request.url,
        headers=headers,
        content=content,
        extensions=request.extensions,
    )
