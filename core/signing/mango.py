"""Mango Office VPBX API signatures.

Requests are form posts with three fields: ``vpbx_api_key``, ``sign`` and
``json``, where ``sign = sha256hex(vpbx_api_key + json + vpbx_api_salt)`` over
the exact JSON text sent. Mango's notifications to us are signed the same way.

Recording links: ``GET {base}/vpbx/queries/recording/link/{recording_id}/{action}/{api_key}/
{expires}/{sha256hex(api_key + expires + recording_id + salt)}`` (``action`` is
``play`` or ``download``; ``expires`` in epoch seconds). Known answer from the
public mango-vpbx client tests: key ``nokey``, salt ``nosalt``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from core.signing.auth import same_digest, same_text

__all__ = [
    "DEFAULT_BASE_URL",
    "recording_link",
    "recording_link_hash",
    "sign",
    "signed_form",
    "verify",
    "verify_form",
]

DEFAULT_BASE_URL = "https://app.mango-office.ru"


def _sha256hex(*parts: str) -> str:
    return hashlib.sha256("".join(parts).encode("utf-8")).hexdigest()


def sign(api_key: str, json_text: str, salt: str) -> str:
    """``sha256hex(api_key + json_text + salt)`` over the exact JSON text."""
    return _sha256hex(api_key, json_text, salt)


def verify(api_key: str, json_text: str, salt: str, signature: str | None) -> bool:
    if not salt:
        return False
    return same_digest(sign(api_key, json_text, salt), signature)


def verify_form(form: Mapping[str, str], api_key: str, salt: str) -> bool:
    """Verify a received form (``vpbx_api_key``, ``sign``, ``json``) from Mango."""
    json_text = form.get("json")
    if json_text is None or not same_text(api_key, form.get("vpbx_api_key")):
        return False
    return verify(api_key, json_text, salt, form.get("sign"))


def signed_form(api_key: str, salt: str, payload: Mapping[str, Any] | str) -> dict[str, str]:
    """Form fields for a Mango command; ``payload`` as a dict (compact JSON) or exact text."""
    json_text = (
        payload
        if isinstance(payload, str)
        else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    )
    return {"vpbx_api_key": api_key, "sign": sign(api_key, json_text, salt), "json": json_text}


def recording_link_hash(api_key: str, expires: int, recording_id: str, salt: str) -> str:
    """``sha256hex(api_key + expires + recording_id + salt)``."""
    return _sha256hex(api_key, str(int(expires)), recording_id, salt)


def recording_link(
    api_key: str,
    salt: str,
    recording_id: str,
    expires: int,
    action: str = "play",
    base_url: str = DEFAULT_BASE_URL,
) -> str:
    """The signed, expiring recording URL Mango accepts without a session."""
    if action not in ("play", "download"):
        raise ValueError("action must be 'play' or 'download'")
    digest = recording_link_hash(api_key, expires, recording_id, salt)
    return (
        f"{base_url.rstrip('/')}/vpbx/queries/recording/link/"
        f"{recording_id}/{action}/{api_key}/{int(expires)}/{digest}"
    )
