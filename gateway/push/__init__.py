"""Outbound pushes: pure wire-format builders per protocol and the httpx sender.

A builder turns a call snapshot into a :class:`PushRequest` (method, URL,
headers, exact body bytes). Requests are stored in the durable outbox without
credentials; the sender adds them (``X-API-KEY``, ``X-Client-Sign``) when it
posts, so no secret is ever written to disk.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PushRequest:
    """One HTTP request, byte-exact."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def with_headers(self, *extra: tuple[str, str]) -> PushRequest:
        return PushRequest(self.method, self.url, (*self.headers, *extra), self.body)

    def to_payload(self) -> dict[str, Any]:
        """JSON-safe form for the outbox (body base64, so bytes survive exactly)."""
        return {
            "method": self.method,
            "url": self.url,
            "headers": [list(pair) for pair in self.headers],
            "body": base64.b64encode(self.body).decode("ascii"),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> PushRequest:
        return cls(
            method=str(payload["method"]),
            url=str(payload["url"]),
            headers=tuple((str(k), str(v)) for k, v in payload["headers"]),
            body=base64.b64decode(payload["body"]),
        )
