"""Binotel / Clinica Web request signatures (seed 002, Binotel's classic API).

``signature = md5(secret + json_encode(params sorted by key))`` where
``json_encode`` is PHP's *default* encoder: no spaces, ``/`` escaped as ``\\/``,
every non-ASCII character as a lowercase ``\\uXXXX`` escape (UTF-16 surrogate
pairs above the BMP). ``key`` and ``signature`` are never part of the signed
params; only the top level is sorted (PHP ``ksort``). Responses carry a
``signature`` made the same way over their other fields.

Because the scheme is defined over a *re-encoding* of the parameters, the
verifier parses the received JSON and re-encodes it exactly as PHP would.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Mapping
from typing import Any

import httpx

from core.signing.auth import rebuild_request, same_digest

__all__ = [
    "UNSIGNED_FIELDS",
    "BinotelAuth",
    "php_json_encode",
    "sign_params",
    "signed_body",
    "verify_body",
    "verify_params",
]

UNSIGNED_FIELDS = frozenset({"key", "signature"})


def php_json_encode(value: Any) -> str:
    """Encode ``value`` byte-for-byte like PHP's ``json_encode($value)`` with default flags.

    Python's ``ensure_ascii`` output already matches PHP's escapes (lowercase
    hex, surrogate pairs, ``\\n``/``\\t``...); PHP additionally escapes ``/``.
    An empty dict encodes as ``[]`` because PHP cannot tell it from an empty array.
    """
    text = json.dumps(_php_shape(value), ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("/", "\\/")


def _php_shape(value: Any) -> Any:
    if isinstance(value, Mapping):
        if not value:
            return []
        return {str(k): _php_shape(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_php_shape(v) for v in value]
    return value


def _signed_part(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: params[k] for k in sorted(params, key=str) if k not in UNSIGNED_FIELDS}


def sign_params(params: Mapping[str, Any], secret: str) -> str:
    """Lowercase hex md5 of ``secret + php_json_encode(sorted params without key/signature)``."""
    payload = secret + php_json_encode(_signed_part(params))
    return hashlib.md5(payload.encode("utf-8"), usedforsecurity=False).hexdigest()


def verify_params(params: Mapping[str, Any], secret: str) -> bool:
    """True when ``params["signature"]`` signs the other fields under ``secret`` (constant time)."""
    given = params.get("signature")
    if not isinstance(given, str) or not secret:
        return False
    return same_digest(sign_params(params, secret), given)


def signed_body(params: Mapping[str, Any], key: str, secret: str) -> bytes:
    """The request body Binotel's PHP client sends: sorted params, then ``signature``, then ``key``."""
    body = _signed_part(params)
    body["signature"] = sign_params(body, secret)
    body["key"] = key
    return php_json_encode(body).encode("ascii")


def verify_body(body: bytes, secret: str) -> bool:
    """Verify a received JSON body (request or response). Malformed JSON is simply invalid."""
    try:
        params = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(params, dict) and verify_params(params, secret)


class BinotelAuth(httpx.Auth):
    """Sign a JSON-object request body: the body sent is :func:`signed_body` of it.

    ``httpx.post(url, json={"generalCallID": ["744924436"]}, auth=BinotelAuth(key, secret))``
    """

    requires_request_body = True

    def __init__(self, key: str, secret: str) -> None:
        self._key = key
        self._secret = secret

    def __repr__(self) -> str:  # never show the secret
        return f"BinotelAuth(key={self._key!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raw = request.content or b"{}"
        params = json.loads(raw)
        if not isinstance(params, dict):
            raise ValueError("Binotel requests must be JSON objects")
        body = signed_body(params, self._key, self._secret)
        yield rebuild_request(request, body, "application/json")
