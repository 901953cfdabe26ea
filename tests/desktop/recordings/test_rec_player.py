"""PlayerWidget offscreen: WAV and MP3 served over HTTP by a live gateway; duration, seek, speed, save."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt

from core.signing.links import sign_link
from desktop.ui.player import PlayerWidget, format_ms
from tests.fakes.recordings import (
    LINK_KEY,
    LiveServer,
    app_for,
    make_wav,
    settings_for,
)
from tests.paths import TRANSCRIPTS


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    monitor = tmp_path / "monitor"
    make_wav(monitor / "tone-4s.wav", 4.0)
    shutil.copy(TRANSCRIPTS / "recordings" / "1795360767.7.wav", monitor / "empty.wav")
    shutil.copy(TRANSCRIPTS / "cdr-csv-Master.csv", tmp_path / "Master.csv")
    shutil.copy(TRANSCRIPTS / "recordings" / "1795360756.4.wav", monitor / "1795360756.4.wav")
    server = LiveServer(app_for(settings_for(tmp_path, cdr_csv=tmp_path / "Master.csv"))).start()
    try:
        yield server.url, monitor
    finally:
        server.stop()


def _link(base: str, name: str) -> str:
    exp = 4_000_000_000
    return f"{base}/recordings/file/{name}?exp={exp}&sig={sign_link(name, exp, LINK_KEY)}"


def test_wav_over_http_reports_duration_and_seeks(qtbot, served) -> None:
    base, _ = served
    player = PlayerWidget()
    qtbot.addWidget(player)
    with qtbot.waitSignal(player.durationKnown, timeout=10000) as blocker:
        player.load(_link(base, "tone-4s.wav"), "Tone")
    assert abs(blocker.args[0] - 4000) <= 50
    assert player.duration_ms() == blocker.args[0]
    assert player.slider.maximum() == player.duration_ms()
    player.seek(2500)
    qtbot.waitUntil(lambda: player.position_ms() >= 2500, timeout=5000)
    assert player.time_label.text().startswith("00:02") and player.time_label.text().endswith(
        "/ 00:04"
    )
    player.skip(-5000)
    qtbot.waitUntil(lambda: player.position_ms() < 2000, timeout=5000)
    player.pause_playback()


def test_mp3_from_get_record_local_reports_duration(qtbot, served) -> None:
    base, _ = served
    player = PlayerWidget()
    qtbot.addWidget(player)
    url = f"{base}/get_record_local.php?clientId=crm-key-1&uniqueid=1795360756.4"
    with qtbot.waitSignal(player.durationKnown, timeout=10000) as blocker:
        player.load(url, "MP3")
    assert 4800 <= blocker.args[0] <= 5300  # 5.0 s call, MP3 framing adds a little
    player.pause_playback()


def test_errors_are_shown_in_words(qtbot, served) -> None:
    base, _ = served
    player = PlayerWidget()
    qtbot.addWidget(player)
    with qtbot.waitSignal(player.errorText, timeout=10000) as blocker:
        player.load(f"{base}/recordings/file/tone-4s.wav?exp=1&sig=bad", "Expired")
    assert "recording" in blocker.args[0].lower()
    assert not player.error_label.isHidden()
    assert player.error_label.text() == blocker.args[0]
    assert "http" not in blocker.args[0] and "sig=" not in blocker.args[0]  # no internal URL
    assert player.error_label.wordWrap()  # shown in full


def test_speed_volume_and_keyboard(qtbot, served, tmp_path: Path) -> None:
    _, monitor = served
    player = PlayerWidget()
    qtbot.addWidget(player)
    player.show()
    with qtbot.waitSignal(player.durationKnown, timeout=10000):
        player.load(str(monitor / "tone-4s.wav"), "Local")
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Up)
    assert player.playback_rate() == 1.25
    for _ in range(5):
        player.step_speed(-1)
    assert player.playback_rate() == 0.5 and player.speed.currentText() == "0.5×"
    player.volume.setValue(30)
    assert abs(player.audio.volume() - 0.3) < 0.01
    player.save_to(tmp_path / "copy.wav")
    assert (tmp_path / "copy.wav").read_bytes() == (monitor / "tone-4s.wav").read_bytes()
    player.pause_playback()


def test_save_as_downloads_an_http_source(qtbot, served, aloop, tmp_path: Path) -> None:
    base, monitor = served
    player = PlayerWidget()
    qtbot.addWidget(player)
    url = _link(base, "tone-4s.wav")
    player.load(url, "Remote")
    task = aloop.call(player.save_to, tmp_path / "saved.wav")
    aloop.run(task)
    assert (
        (tmp_path / "saved.wav").read_bytes()
        == httpx.get(url).content
        == (monitor / "tone-4s.wav").read_bytes()
    )
    player.pause_playback()


def test_format_ms() -> None:
    assert (
        format_ms(0) == "00:00"
        and format_ms(65_999) == "01:05"
        and format_ms(3_600_000) == "1:00:00"
    )


def test_unavailable_player_explains_itself(qtbot) -> None:
    from desktop.ui.player import UnavailablePlayer

    player = UnavailablePlayer()
    qtbot.addWidget(player)
    with qtbot.waitSignal(player.errorText, timeout=1000) as blocker:
        player.load("x.wav", "X")
    assert "unavailable" in blocker.args[0] and player.duration_ms() == 0
