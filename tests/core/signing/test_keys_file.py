"""keys.dat of get_record_local (seed 000): SHA-256 hex per line."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.signing.keys_file import KeysFile, hash_key


def test_listed_hash_accepts_its_key_only(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "",
            "  " + hashlib.sha256(b"alpha").hexdigest().upper() + "  ",
            "\t",
            hash_key("beta"),
            "not-a-hash",
        ]
    )
    path = tmp_path / "keys.dat"
    path.write_text(text + "\r\n")
    keys = KeysFile.load(path)
    assert len(keys.digests) == 2
    assert keys.accepts("alpha") and keys.accepts("beta")
    assert not keys.accepts("gamma") and not keys.accepts("")
    assert not keys.accepts(hashlib.sha256(b"alpha").hexdigest())  # the hash itself is not a key


def test_missing_or_empty_file_accepts_nothing(tmp_path: Path) -> None:
    assert not KeysFile.load(tmp_path / "absent.dat").accepts("alpha")
    (tmp_path / "empty.dat").write_text("\n\n")
    assert KeysFile.load(tmp_path / "empty.dat").digests == ()


def test_hash_key_matches_sha256_hex() -> None:
    assert hash_key("ключ") == hashlib.sha256("ключ".encode()).hexdigest()
