"""Shared helpers for the signature schemes: constant-time checks, request rebuilding and
:class:`HeaderAuth` (a fixed credential header such as retailCRM's ``X-API-KEY``).

``httpx.Auth`` classes that must change the body they sign (Binotel adds
``key``/``signature``, Mango wraps JSON into a form) yield a *new* request
built here, so the bytes signed are exactly the bytes sent.
"""

from __future__ import annotations

import hmac
from collections.abc import Generator

import httpx

__all__ = ["HeaderAuth", "rebuild_request", "same_digest", "same_text"]


class HeaderAuth(httpx.Auth):
    """Add one credential header (``X-API-KEY: <key>``) to every request; ``repr`` hides it."""

    def __init__(self, name: str, value: str) -> None:
        if not value:
            raise ValueError(f"{name}: no credential to send")
        self._name = name
        self._value = value

    def __repr__(self) -> str:
        return f"HeaderAuth({self._name!r}, ***)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._name] = self._value
        yield request


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


def rebuild_request(request: httpx.Request, content: bytes, content_type: str) -> httpx.Request:
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
