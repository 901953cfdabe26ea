"""Storage links of the virtual-PBX recording service (seed 001).

The path of a recording is encrypted with AES-256 in ECB mode under a 32-byte
key shared by the API and the storage server; the plaintext is padded with
``\\0`` to a multiple of 16 bytes, and the ciphertext travels as URL-safe
base64 (``-`` for ``+``, ``_`` for ``/``). Decoding reverses it and strips the
trailing zero bytes. ECB is what the seed prescribes (compatibility only).
"""

from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 16


class StorageLinkError(ValueError):
    """The token is not a valid storage link for this key."""


def _cipher(key: bytes) -> Cipher[modes.ECB]:
    if len(key) != 32:
        raise ValueError("storage key must be 32 bytes (AES-256)")
    return Cipher(algorithms.AES(key), modes.ECB())  # ECB: mandated by seed 001


def encode_storage_path(path: str, key: bytes) -> str:
    """Encrypt ``path`` into the URL-safe token used in storage links."""
    raw = path.encode("utf-8")
    if not raw or b"\0" in raw:
        raise ValueError("path must be non-empty and contain no NUL bytes")
    padded = raw + b"\0" * (-len(raw) % BLOCK)
    encryptor = _cipher(key).encryptor()
    token = encryptor.update(padded) + encryptor.finalize()
    return base64.urlsafe_b64encode(token).decode("ascii")


def decode_storage_path(token: str, key: bytes) -> str:
    """Decrypt a storage-link token back into the file path (trailing ``\\0`` removed)."""
    text = token.strip()
    text += "=" * (-len(text) % 4)
    try:
        data = base64.b64decode(text, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise StorageLinkError("storage link is not base64url") from exc
    if not data or len(data) % BLOCK:
        raise StorageLinkError("storage link has a bad length")
    decryptor = _cipher(key).decryptor()
    plain = (decryptor.update(data) + decryptor.finalize()).rstrip(b"\0")
    try:
        path = plain.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StorageLinkError("storage link does not decrypt to a path") from exc
    if not path or "\0" in path:
        raise StorageLinkError("storage link does not decrypt to a path")
    return path
