"""Suite-wide test set-up: offscreen Qt, an in-memory keyring, temporary app dirs.

No test may read or write the developer's real settings, data or keyring: every
test gets its own config and data folders and a fresh in-memory keyring (tests
of the fallback set their own backend on top).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.fakes.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_app_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("ringside-home")
    monkeypatch.setenv("RINGSIDE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("RINGSIDE_DATA_DIR", str(home / "data"))
    return home


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
