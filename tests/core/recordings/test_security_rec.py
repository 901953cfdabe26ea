"""Attack inputs for the recordings core: paths a request can name, search numbers a client can send.

* ``confine``: names too long for the file system, FIFOs/devices inside the
  root (opening one would hang the worker), trailing slashes and doubled
  separators are refusals (``PathRejected``), never an ``OSError`` or a hang.
* ``SearchQuery.from_params``: numbers SQLite cannot bind (> 64 bits) or a page
  whose OFFSET overflows are ``ValueError`` (the gateway's 400), not a 500.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.recordings.paths import PathRejected, confine
from core.recordings.types import MAX_PAGE, SearchQuery


@pytest.fixture
def root(tmp_path: Path) -> Path:
    base = tmp_path / "monitor"
    (base / "2026").mkdir(parents=True)
    (base / "2026" / "a.wav").write_bytes(b"RIFF")
    os.mkfifo(base / "pipe.wav")
    os.symlink("/dev/zero", base / "zero.wav")
    return base


@pytest.mark.parametrize(
    "name",
    [
        "a" * 5000 + ".wav",
        "/".join(["d" * 200] * 40) + "/a.wav",
        "pipe.wav",
        "zero.wav",
        "2026/a.wav/",
        "2026//a.wav",
        "2026/a.wav\0.mp3",
        "2026\\a.wav",
        "%2e%2e%2f2026/a.wav",
        "..%2f2026/a.wav",
        "2026/%00a.wav",
    ],
)
def test_hostile_names_are_refused(root: Path, name: str) -> None:
    with pytest.raises(PathRejected):
        confine(root, name)


def test_the_good_name_still_resolves(root: Path) -> None:
    assert confine(root, "2026/a.wav") == (root / "2026" / "a.wav").resolve()


@pytest.mark.parametrize(
    "params",
    [
        {"page": str(10**19)},
        {"page": str(MAX_PAGE + 1)},
        {"date_from": str(2**63)},
        {"date_to": "-" + "9" * 20},
        {"min_duration": "9" * 5000},
        {"per_page": "0"},
        {"per_page": "501"},
    ],
)
def test_unbindable_search_numbers_are_value_errors(params: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        SearchQuery.from_params(params)


def test_sane_search_numbers_pass() -> None:
    query = SearchQuery.from_params({"page": str(MAX_PAGE), "per_page": "500", "date_from": "0"})
    assert query.page == MAX_PAGE and query.date_from == 0
