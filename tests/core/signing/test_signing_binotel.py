"""Binotel / Clinica Web signatures: PHP json_encode byte for byte, known answers, tampering."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest

from core.signing import binotel


def independent_php_json(value: object) -> str:
    """A second, character-by-character PHP json_encode for scalars/dicts/lists (test oracle)."""
    if isinstance(value, dict):
        if not value:
            return "[]"
        return (
            "{"
            + ",".join(
                f"{independent_php_json(str(k))}:{independent_php_json(v)}"
                for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(independent_php_json(v) for v in value) + "]"
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    out = ['"']
    short = {
        '"': '\\"',
        "\\": "\\\\",
        "/": "\\/",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
    }
    for ch in str(value):
        code = ord(ch)
        if ch in short:
            out.append(short[ch])
        elif code < 0x20 or (0x7F < code < 0x10000):
            out.append(f"\\u{code:04x}")
        elif code >= 0x10000:
            high, low = divmod(code - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"a": "http://x/y"}, r'{"a":"http:\/\/x\/y"}'),
        ({"name": "Врач"}, r'{"name":"\u0412\u0440\u0430\u0447"}'),
        ({"e": "café"}, r'{"e":"caf\u00e9"}'),
        ({"emoji": "☎😀"}, r'{"emoji":"\u260e\ud83d\ude00"}'),
        ({"ids": [744924436], "t": True, "n": None}, '{"ids":[744924436],"t":true,"n":null}'),
        ({"q": 'say "hi"\n\t\\'}, r'{"q":"say \"hi\"\n\t\\"}'),
        ({}, "[]"),
    ],
)
def test_php_json_encode_matches_php_defaults(value: object, expected: str) -> None:
    assert binotel.php_json_encode(value) == expected
    assert independent_php_json(value) == expected


def test_known_answer_from_crm_reference() -> None:
    params = {"stopTime": 1370120399, "startTime": 1370034000}  # unsorted on purpose
    assert binotel.sign_params(params, "secret") == "ead7e6b0aa61660595b097dd46c62a30"


def test_signature_is_md5_of_secret_and_sorted_json_independently() -> None:
    params = {"phone_number": "0639798793", "ext_number": "902", "key": "701151-a3a9ca8"}
    oracle = hashlib.md5(b'S3cr3t{"ext_number":"902","phone_number":"0639798793"}').hexdigest()
    assert binotel.sign_params(params, "S3cr3t") == oracle


def test_key_and_signature_are_not_signed() -> None:
    base = {"callID": "744924436"}
    signed = binotel.sign_params(base, "x")
    assert binotel.sign_params({**base, "key": "k", "signature": "zzz"}, "x") == signed


def test_seed_002_response_shape_round_trips() -> None:
    response = {"status": "success", "url": "https://cdn.example.com/74/744924436.mp3?a=1&b=2"}
    response["signature"] = binotel.sign_params(response, "secret")
    body = json.dumps(response, ensure_ascii=False).encode()  # any JSON spelling verifies
    assert binotel.verify_body(body, "secret")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: p.update(callID="744924437"),
        lambda p: p.update(signature="0" * 32),
        lambda p: p.pop("signature"),
        lambda p: p.update(extra="1"),
    ],
)
def test_tampered_params_are_rejected(tamper) -> None:  # type: ignore[no-untyped-def]
    params = {"callID": "744924436", "key": "701151-a3a9ca8"}
    params["signature"] = binotel.sign_params(params, "secret")
    assert binotel.verify_params(params, "secret")
    tamper(params)
    assert not binotel.verify_params(params, "secret")


def test_wrong_secret_and_garbage_are_rejected() -> None:
    params = {"callID": "1"}
    params["signature"] = binotel.sign_params(params, "secret")
    assert not binotel.verify_params(params, "other")
    assert not binotel.verify_params(params, "")
    assert not binotel.verify_body(b"{not json", "secret")
    assert not binotel.verify_body(b"[1,2]", "secret")


def test_signature_comparison_ignores_hex_case() -> None:
    params = {"callID": "1"}
    params["signature"] = binotel.sign_params(params, "s").upper()
    assert binotel.verify_params(params, "s")


def test_auth_sends_sorted_params_signature_and_key() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "success"})

    client = httpx.Client(
        transport=httpx.MockTransport(handler), auth=binotel.BinotelAuth("701151-a3a9ca8", "secret")
    )
    client.post(
        "https://pbx.example/api/4.0/stats/call-details.json",
        json={"generalCallID": ["744924436"], "a/b": "Ж"},
    )
    body = seen[0].content
    expected_sig = hashlib.md5(
        b'secret{"a\\/b":"\\u0416","generalCallID":["744924436"]}'
    ).hexdigest()
    assert body == (
        b'{"a\\/b":"\\u0416","generalCallID":["744924436"],"signature":"'
        + expected_sig.encode()
        + b'","key":"701151-a3a9ca8"}'
    )
    assert seen[0].headers["content-length"] == str(len(body))
    assert seen[0].headers["content-type"] == "application/json"
    assert binotel.verify_body(body, "secret")
    assert "secret" not in repr(client.auth)
