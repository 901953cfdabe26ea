"""Attack inputs for the signature helpers: absurd expiries, odd encodings, key comparisons.

* ``verify_link`` refuses an ``exp`` of thousands of digits (Python refuses to
  parse it: that must be ``False``, not an exception that becomes a 500),
  non-ASCII digits and non-canonical forms, and a path other than the signed one.
* ``same_text`` / ``same_digest`` never raise on input a client controls
  (non-ASCII, lone surrogates from a bad decode) and never match empty keys.
* Mango's ``verify_form`` compares ``vpbx_api_key`` with ``same_text``.
"""

from __future__ import annotations

import pytest

from core.signing import mango
from core.signing.auth import same_digest, same_text
from core.signing.links import sign_link, verify_link

KEY = b"k" * 32


@pytest.mark.parametrize(
    "exp", ["9" * 5000, "9" * 21, "١٢٣", "+100", "0100", " 100", "1e3", "100.0", "", "-1"]
)
def test_absurd_or_non_canonical_expiries_are_refused(exp: str) -> None:
    sig = sign_link("a.wav", 100, KEY)
    assert verify_link("a.wav", exp, sig, KEY, now=0) is False


def test_link_is_bound_to_its_path_and_expiry() -> None:
    sig = sign_link("2026/a.wav", 100, KEY)
    assert verify_link("2026/a.wav", "100", sig, KEY, now=99)
    assert not verify_link("2026/a.wav", "100", sig, KEY, now=100)  # expired
    assert not verify_link("2026/b.wav", "100", sig, KEY, now=0)  # other file
    assert not verify_link("2026/a.wav", "101", sig, KEY, now=0)  # extended expiry
    assert not verify_link("2026/a.wav", "100", sig + "A", KEY, now=0)
    assert not verify_link("2026/a.wav", "100", "ж" * 43, KEY, now=0)


@pytest.mark.parametrize("given", ["ж", "\udcff", "", None, "x" * 10_000])
def test_comparisons_never_raise(given: str | None) -> None:
    assert same_text("secret", given) is False
    assert same_digest("abcdef", given) is False


def test_empty_expected_never_matches() -> None:
    assert same_text("", "") is False and same_digest("", "") is False


def test_mango_form_needs_the_exact_api_key() -> None:
    form = mango.signed_form("api-key", "salt", {"a": 1})
    assert mango.verify_form(form, "api-key", "salt")
    assert not mango.verify_form({**form, "vpbx_api_key": "api-kez"}, "api-key", "salt")
    assert not mango.verify_form({**form, "vpbx_api_key": "ж"}, "api-key", "salt")
    bad = {k: v for k, v in form.items() if k != "vpbx_api_key"}
    assert not mango.verify_form(bad, "api-key", "salt")
