"""A recording whose file name contains ``%`` can be served (issue 11 #10).

The link carries the name percent-encoded once (``%`` -> ``%25``); the framework decodes
it once; the name then holds a literal ``%``, which is a legal file name character. Only
escapes that would decode to a separator, a dot or NUL (double-encoded traversal) stay
refused.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from core.recordings.paths import PathRejected, confine
from core.signing.links import sign_link
from core.signing.storage import encode_storage_path
from tests.fakes.recordings import LINK_KEY, STORAGE_KEY, make_wav

NAMES = ["2026/11/22/50%off.wav", "100%.wav", "a%20b.wav", "Иван%ПЕТРОВ.wav"]


@pytest.mark.parametrize("name", NAMES)
def test_percent_names_are_served_by_signed_and_storage_links(gateway, lab: Path,
                                                              name: str) -> None:  # fmt: skip
    server, _ = gateway
    path = make_wav(lab / "monitor" / name, 0.1)
    exp = 4_000_000_000
    link = (
        f"{server.url}/recordings/file/{quote(name)}?exp={exp}&sig={sign_link(name, exp, LINK_KEY)}"
    )
    response = httpx.get(link)
    assert response.status_code == 200 and response.content == path.read_bytes()
    storage = httpx.get(f"{server.url}/recordings/storage/{encode_storage_path(name, STORAGE_KEY)}")
    assert storage.status_code == 200 and storage.content == path.read_bytes()


@pytest.mark.parametrize("name", ["%2e%2e/x.wav", "..%2Fx.wav", "a%5C..%5Cx.wav", "a%00.wav"])
def test_escapes_that_hide_traversal_stay_refused(tmp_path: Path, name: str) -> None:
    target = tmp_path / name  # even when a file of that literal name exists
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"x")
    with pytest.raises(PathRejected):
        confine(tmp_path, name)
