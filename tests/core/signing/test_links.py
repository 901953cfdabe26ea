"""Ringside HMAC links: sign/verify, expiry, tampering, malformed expiry values."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from core.signing.links import LinkSigner, sign_link, verify_link

KEY = b"0123456789abcdef0123456789abcdef"


def test_signature_is_hmac_sha256_of_path_newline_expiry_base64url_unpadded() -> None:
    expected = hmac.new(KEY, b"2026/11/22/a.wav\n1800000000", hashlib.sha256).digest()
    sig = sign_link("2026/11/22/a.wav", 1_800_000_000, KEY)
    assert sig == base64.urlsafe_b64encode(expected).decode().rstrip("=")
    assert "=" not in sig and "+" not in sig and "/" not in sig


def test_verify_accepts_before_expiry_only() -> None:
    sig = sign_link("a.wav", 1000, KEY)
    assert verify_link("a.wav", "1000", sig, KEY, now=999.9)
    assert not verify_link("a.wav", "1000", sig, KEY, now=1000)
    assert not verify_link("a.wav", 1000, sig, KEY, now=5000)


@pytest.mark.parametrize(
    ("path", "expires", "mutate"),
    [
        ("b.wav", "1000", False),
        ("a.wav", "1001", False),
        ("a.wav", "1000", True),
        ("a.wav", "01000", False),
        ("a.wav", " 1000", False),
        ("a.wav", "1000.0", False),
        ("a.wav", "-1000", False),
        ("a.wav", "", False),
    ],
)
def test_tampering_is_rejected(path: str, expires: str, mutate: bool) -> None:
    sig = sign_link("a.wav", 1000, KEY)
    if mutate:
        sig = sig[:-1] + ("A" if sig[-1] != "A" else "B")
    assert not verify_link(path, expires, sig, KEY, now=10)


def test_wrong_or_empty_key_and_odd_signatures() -> None:
    sig = sign_link("a.wav", 1000, KEY)
    assert not verify_link("a.wav", "1000", sig, b"x" * 32, now=10)
    assert not verify_link("a.wav", "1000", sig, b"", now=10)
    assert not verify_link("a.wav", "1000", "ж" * 43, KEY, now=10)
    with pytest.raises(ValueError):
        sign_link("a.wav", 1000, b"")


def test_link_signer_builds_urls_with_injected_clock() -> None:
    signer = LinkSigner("http://gw:8080/recordings/file/", KEY, ttl=60, clock=lambda: 1000.5)
    url = signer.url_for("2026/11/22/in x.wav")
    assert url.startswith("http://gw:8080/recordings/file/2026/11/22/in%20x.wav?exp=1060&sig=")
    assert verify_link("2026/11/22/in x.wav", "1060", url.rsplit("sig=", 1)[1], KEY, now=1059)
