"""Zadarma / Novofon API request signatures.

``Authorization: {user_key}:{sign}`` with
``sign = base64(hex(hmac_sha1(secret, method + qs + md5hex(qs))))``: the base64
of the *hex string*, not of the raw digest (the official clients do this).
``method`` is the API path including the version (``/v1/info/balance/``) and
``qs`` the parameters sorted by name and URL-encoded like PHP's
``http_build_query`` (``+`` for spaces).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from core.signing.auth import same_text

__all__ = ["auth_header", "query_string", "sign", "verify"]

Params = Mapping[str, str] | Iterable[tuple[str, str]]


def query_string(params: Params) -> str:
    """Parameters sorted by name, URL-encoded (``+`` for spaces)."""
    items = list(params.items()) if isinstance(params, Mapping) else list(params)
    return urlencode(sorted(items, key=lambda kv: kv[0]))


def sign(method: str, params: Params, secret: str) -> str:
    """The ``sign`` part of the Authorization header for ``method`` (an API path)."""
    qs = query_string(params)
    md5hex = hashlib.md5(qs.encode("utf-8"), usedforsecurity=False).hexdigest()
    mac = hmac.new(secret.encode("utf-8"), (method + qs + md5hex).encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.hexdigest().encode("ascii")).decode("ascii")


def auth_header(user_key: str, secret: str, method: str, params: Params) -> str:
    return f"{user_key}:{sign(method, params, secret)}"


def verify(method: str, params: Params, secret: str, signature: str | None) -> bool:
    """Constant-time check of a ``sign`` value (base64 is case-sensitive)."""
    if not secret:
        return False
    return same_text(sign(method, params, secret), signature)
