"""Seed 001 storage links: AES-256-ECB, zero padding, URL-safe base64.

The known answers come from a small pure-Python AES written here (checked
against the FIPS-197 AES-256 vector), independent of ``cryptography``.
"""

from __future__ import annotations

import base64
import functools
import operator

import pytest

from core.signing.storage import StorageLinkError, decode_storage_path, encode_storage_path


def _sbox() -> list[int]:
    box, p, q = [0] * 256, 1, 1
    while True:
        p = p ^ ((p << 1) & 0xFF) ^ (0x1B if p & 0x80 else 0)
        q ^= (q << 1) & 0xFF
        q ^= (q << 2) & 0xFF
        q ^= (q << 4) & 0xFF
        q ^= 0x09 if q & 0x80 else 0
        rot = q ^ ((q << 1 | q >> 7) & 0xFF) ^ ((q << 2 | q >> 6) & 0xFF)
        box[p] = rot ^ ((q << 3 | q >> 5) & 0xFF) ^ ((q << 4 | q >> 4) & 0xFF) ^ 0x63
        if p == 1:
            break
    box[0] = 0x63
    return box


SBOX = _sbox()


def _xtime(a: int) -> int:
    return ((a << 1) ^ 0x1B) & 0xFF if a & 0x80 else a << 1


def _expand(key: bytes) -> list[list[int]]:
    words = [list(key[i : i + 4]) for i in range(0, 32, 4)]
    rcon = 1
    for i in range(8, 60):
        temp = list(words[i - 1])
        if i % 8 == 0:
            temp = [SBOX[b] for b in temp[1:] + temp[:1]]
            temp[0] ^= rcon
            rcon = _xtime(rcon)
        elif i % 8 == 4:
            temp = [SBOX[b] for b in temp]
        words.append([a ^ b for a, b in zip(words[i - 8], temp, strict=True)])
    return [functools.reduce(operator.iadd, words[r * 4 : r * 4 + 4], []) for r in range(15)]


def aes256_encrypt_block(key: bytes, block: bytes) -> bytes:
    rounds = _expand(key)
    s = [b ^ k for b, k in zip(block, rounds[0], strict=True)]
    for r in range(1, 15):
        s = [SBOX[b] for b in s]
        s = [s[(i + 4 * (i % 4)) % 16] for i in range(16)]  # ShiftRows (column-major state)
        if r != 14:
            mixed = []
            for c in range(4):
                a = s[4 * c : 4 * c + 4]
                t = a[0] ^ a[1] ^ a[2] ^ a[3]
                mixed += [a[i] ^ t ^ _xtime(a[i] ^ a[(i + 1) % 4]) for i in range(4)]
            s = mixed
        s = [b ^ k for b, k in zip(s, rounds[r], strict=True)]
    return bytes(s)


def reference_token(path: str, key: bytes) -> str:
    raw = path.encode()
    raw += b"\0" * (-len(raw) % 16)
    cipher = b"".join(aes256_encrypt_block(key, raw[i : i + 16]) for i in range(0, len(raw), 16))
    return base64.b64encode(cipher).decode().replace("+", "-").replace("/", "_")


KEY = bytes(range(32))


def test_reference_aes_matches_fips_197() -> None:
    plain = bytes.fromhex("00112233445566778899aabbccddeeff")
    assert aes256_encrypt_block(KEY, plain).hex() == "8ea2b7ca516745bfeafc49904b496089"


@pytest.mark.parametrize(
    "path",
    ["/300/2017-02-17-11-05-04_in_300_uhl4.mp3", "exactly-16-bytes", "a", "записи/звонок 1.wav"],
)
def test_known_answers_and_round_trip(path: str) -> None:
    token = encode_storage_path(path, KEY)
    assert token == reference_token(path, KEY)
    assert decode_storage_path(token, KEY) == path
    assert decode_storage_path(token.rstrip("="), KEY) == path  # padding optional on input


def test_seed_shaped_link_decodes_with_its_alphabet() -> None:
    token = reference_token("/300/2017-02-17-11-05-04_in_300_uhl4.mp3", KEY)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
    assert len(base64.b64decode(token, altchars=b"-_")) % 16 == 0


@pytest.mark.parametrize("token", ["", "***", "AAAA", "A" * 23, "ab+/" * 8])
def test_malformed_tokens_raise_storage_link_error(token: str) -> None:
    with pytest.raises(StorageLinkError):
        decode_storage_path(token, KEY)


def test_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError):
        encode_storage_path("a", b"short")
