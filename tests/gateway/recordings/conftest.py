"""Fixtures of the gateway recordings tests: a monitor dir with the transcript's CDR and a live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.recordings import LiveServer, app_for, make_wav, settings_for
from tests.paths import TRANSCRIPTS


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    """tmp dir with monitor/ holding the transcript recordings plus a long generated WAV."""
    monitor = tmp_path / "monitor"
    monitor.mkdir()
    for wav in (TRANSCRIPTS / "recordings").glob("*.wav"):
        shutil.copy(wav, monitor / wav.name)
    shutil.copy(TRANSCRIPTS / "cdr-csv-Master.csv", tmp_path / "Master.csv")
    make_wav(monitor / "2026" / "11" / "22" / "synthetic-3s.wav", 3.0)
    return tmp_path


@pytest.fixture
def gateway(lab: Path) -> Iterator[tuple[LiveServer, object]]:
    settings = settings_for(lab, cdr_csv=lab / "Master.csv")
    server = LiveServer(app_for(settings)).start()
    try:
        yield server, settings
    finally:
        server.stop()
