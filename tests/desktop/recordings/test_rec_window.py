"""The player as a window: one window reused, a title that says what plays, a seek bar that
jumps where clicked, links never shown; WAVs served by the real recordings gateway."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from core.calls.events import Direction
from core.history.calls import HistoryEntry
from core.signing.links import sign_link
from desktop.ui.player import PlayerWidget, without_urls
from tests.fakes.recordings import (
    LINK_KEY,
    LiveServer,
    app_for,
    make_wav,
    settings_for,
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The recordings gateway (uvicorn on 127.0.0.1) over a folder of two WAVs."""
    monitor = tmp_path / "monitor"
    make_wav(monitor / "tone-4s.wav", 4.0)
    make_wav(monitor / "1795360756.4.wav", 2.0)
    server = LiveServer(app_for(settings_for(tmp_path))).start()
    try:
        yield server.url, monitor
    finally:
        server.stop()


def _link(base: str, name: str) -> str:
    exp = 4_000_000_000
    return f"{base}/recordings/file/{name}?exp={exp}&sig={sign_link(name, exp, LINK_KEY)}"


def entry(call_id: str, name: str | None, number: str, recording: str) -> HistoryEntry:
    return HistoryEntry(
        call_id=call_id, extension="101", direction=Direction.INBOUND, remote_number=number,
        remote_e164=number, remote_name=name, contact_id=None, did=None, queue=None,
        started_at=1_795_360_000.0, answered_at=None, ended_at=None, outcome="answered",
        talk_seconds=4.0, wait_seconds=1.0, recording=recording, note=None, disposition=None,
        seen=True,
    )  # fmt: skip


def test_one_player_window_is_reused_and_says_what_plays(
    qtbot: Any, make_stack: Any, tmp_path: Path, served: Any
) -> None:
    _base, monitor = served
    s = make_stack()
    s.ui.recordings.recordings_dir = monitor
    s.aloop.call(
        s.ui.recordings.play, entry("c1", "Олена Коваленко", "+79161234567", "tone-4s.wav")
    )
    first = s.aloop.until(lambda: s.ui.recordings.player, what="the player window")
    assert first.isWindow() and first.isVisible()
    assert first.windowTitle().startswith("Олена Коваленко · 8 (916) 123-45-67 · ")
    assert first.windowTitle().endswith("— recording — Ringside")
    assert first.property("ringsideWindow") is True  # Ringside's look
    s.aloop.call(s.ui.recordings.play, entry("c2", None, "+79035556677", "1795360756.4.wav"))
    assert s.ui.recordings.player is first  # the same window, now playing the other call
    assert first.windowTitle().startswith("8 (903) 555-66-77 · ")
    assert first.source().endswith("1795360756.4.wav")
    first.pause_playback()
    first.close()
    s.aloop.run(asyncio.sleep(0.05))
    from desktop.recordings_glue import _alive

    assert not _alive(first)  # closed and freed; the next recording builds a new window


def test_a_click_on_the_seek_bar_jumps_there(qtbot: Any, served: Any) -> None:
    base, _ = served
    player = PlayerWidget()
    qtbot.addWidget(player)
    player.resize(600, 120)
    player.show()
    with qtbot.waitSignal(player.durationKnown, timeout=10000):
        player.load(_link(base, "tone-4s.wav"), "Tone")
    player.pause_playback()
    slider = player.slider
    x = int(slider.width() * 0.75)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() // 2))
    wanted = player.duration_ms() * 0.75
    qtbot.waitUntil(lambda: abs(player.position_ms() - wanted) < 400, timeout=5000)
    assert player.position_ms() > player.duration_ms() / 2  # not a page step from 0


def test_error_texts_never_show_links() -> None:
    text = without_urls(
        "Link expired: https://pbx.local:8080/recordings/file/a.wav?exp=1&sig=abc (403)"
    )
    assert "http" not in text and "sig=" not in text
    assert text == "Link expired: the link (403)"
