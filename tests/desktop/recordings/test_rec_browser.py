"""Recordings browser against a live gateway: filters, table model, play in place, copy link, fallback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QGuiApplication

from core.recordings.client import RecordingsClient
from core.recordings.types import RecordingRow, SearchQuery
from desktop.ui.recordings import RecordingsBrowser
from tests.fakes.recordings import TOKEN, LiveServer, app_for, settings_for
from tests.paths import TRANSCRIPTS


@pytest.fixture
def gateway_url(tmp_path: Path) -> Iterator[str]:
    monitor = tmp_path / "monitor"
    monitor.mkdir()
    for wav in (TRANSCRIPTS / "recordings").glob("*.wav"):
        shutil.copy(wav, monitor / wav.name)
    shutil.copy(TRANSCRIPTS / "cdr-csv-Master.csv", tmp_path / "Master.csv")
    server = LiveServer(app_for(settings_for(tmp_path, cdr_csv=tmp_path / "Master.csv"))).start()
    try:
        yield server.url
    finally:
        server.stop()


def _browser(qtbot, api, **kwargs) -> RecordingsBrowser:
    browser = RecordingsBrowser(api, **kwargs)
    qtbot.addWidget(browser)
    browser.date_from.setDateTime(QDateTime.fromSecsSinceEpoch(1795360000))
    browser.date_to.setDateTime(QDateTime.fromSecsSinceEpoch(1795370000))
    return browser


def test_search_filters_fill_the_table(qtbot, aloop, gateway_url: str) -> None:
    browser = _browser(qtbot, RecordingsClient(gateway_url, TOKEN, who="anna"))
    aloop.run(browser.search())
    assert browser.model.rowCount() == 28 and browser.total == 28
    browser.operator.setText("102")
    browser.outcome.setCurrentIndex(browser.outcome.findData("answered"))
    aloop.run(browser.search())
    rows = [browser.model.row_at(i) for i in range(browser.model.rowCount())]
    assert {r.call_id for r in rows} == {"1795360818.23", "1795360838.28"}
    assert browser.model.data(browser.model.index(0, 2)) == "102"
    assert browser.model.headerData(4, Qt.Orientation.Horizontal) == "Name"  # caller names
    assert browser.model.data(browser.model.index(0, 6)) == "00:13"
    assert browser.model.data(browser.model.index(0, 7)) == "▶"
    browser.operator.clear()
    browser.outcome.setCurrentIndex(0)
    browser.min_duration.setValue(7)
    browser.number.setText("050 123-45-67")
    aloop.run(browser.search())
    assert {browser.model.row_at(i).billsec for i in range(browser.model.rowCount())} == {8, 13}


def test_play_in_place_and_copy_link(qtbot, aloop, gateway_url: str) -> None:
    browser = _browser(qtbot, RecordingsClient(gateway_url, TOKEN))
    browser.operator.setText("101")
    browser.outcome.setCurrentIndex(browser.outcome.findData("answered"))
    browser.min_duration.setValue(5)
    aloop.run(browser.search())
    target = next(
        i
        for i in range(browser.model.rowCount())
        if browser.model.row_at(i).call_id == "1795360756.4"
    )
    browser.table.selectRow(target)
    with qtbot.waitSignal(browser.player.durationKnown, timeout=10000) as blocker:
        aloop.run(browser.play_selected())
    assert abs(blocker.args[0] - 5000) <= 60
    browser.player.pause_playback()
    aloop.run(browser.copy_link())
    link = QGuiApplication.clipboard().text()
    assert link == browser.last_link and "/recordings/file/1795360756.4.wav?exp=" in link
    assert httpx.get(link).status_code == 200


def test_rows_without_recording_say_so(qtbot, aloop, gateway_url: str) -> None:
    browser = _browser(qtbot, RecordingsClient(gateway_url, TOKEN))
    browser.direction.setCurrentIndex(browser.direction.findData("internal"))
    aloop.run(browser.search())
    no_rec = next(
        i for i in range(browser.model.rowCount()) if not browser.model.row_at(i).recording
    )
    browser.table.selectRow(no_rec)
    assert not browser.play_button.isEnabled() and not browser.copy_button.isEnabled()
    assert browser.play_button.toolTip() == "No recording for this call"
    assert browser.play_selected() is None
    assert browser.status.text() == "No recording for this call"


def test_falls_back_to_local_history_when_gateway_is_down(qtbot, aloop) -> None:
    local = RecordingRow(id=1, call_id="L1", uniqueid="L1", started_at=1795360100, src="0501234567", dst="101",
                         operator="101", number="0501234567", direction="inbound", disposition="ANSWERED",
                         outcome="answered", duration=9, billsec=7, recording="/tmp/x.wav")  # fmt: skip
    asked: list[SearchQuery] = []

    def local_rows(query: SearchQuery) -> list[RecordingRow]:
        asked.append(query)
        return [local]

    browser = _browser(qtbot, RecordingsClient("http://127.0.0.1:9", TOKEN), local_rows=local_rows,
                       local_url=lambda row: row.recording)  # fmt: skip
    browser.operator.setText("101")
    aloop.run(browser.search())
    assert browser.model.rowCount() == 1 and asked[0].operator == "101"
    assert "local history" in browser.status.text()
    assert browser.model.headerData(3, Qt.Orientation.Horizontal) == "Number"
