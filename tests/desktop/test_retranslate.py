"""A language change retranslates open windows at once (QEvent.LanguageChange), no restart;
the catalogue also speaks about the keyring in words, not a class name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import apply_language, keyring_label
from desktop.recordings_glue import RecordingsWindow
from desktop.ui.call_details import CallDetailsDialog
from desktop.ui.history import HistoryWindow
from desktop.ui.live import LivePanel
from desktop.ui.player import PlayerWidget
from desktop.ui.recordings import RecordingsBrowser


def switch(language: str) -> None:
    apply_language(language)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def test_open_windows_follow_a_language_change(qtbot: Any) -> None:
    history = HistoryWindow(lambda n: None, lambda e: None, lambda e: None)
    player = PlayerWidget()
    browser = RecordingsBrowser(None)
    live = LivePanel(list, lambda ext, mode: None)
    details = CallDetailsDialog()
    tabs = RecordingsWindow(QLabel())
    tabs.addTab(QWidget(), "")
    tabs.addTab(QWidget(), "")
    tabs.retranslate()
    assert (tabs.tabText(0), tabs.tabText(1)) == ("Recordings", "Live")
    for widget in (history, player, browser, live, details, tabs):
        qtbot.addWidget(widget)
        widget.show()
    assert history.call_button.text() == "Call back"
    try:
        switch("ru")
        assert history.windowTitle() == "История звонков — Ringside"
        assert history.call_button.text() == "Перезвонить"
        assert history.filter_buttons["missed"].text() == "Пропущенные"
        assert history.model.headerData(2, Qt.Orientation.Horizontal) == "Номер"
        assert player.save_button.text() != "Save as…"
        assert player.windowTitle() == "Запись — Ringside"
        assert browser.search_button.text() == "Найти"
        assert browser.model.headerData(4, Qt.Orientation.Horizontal) == "Имя"
        assert browser.direction.itemText(0) != "any"
        assert live.buttons["listen"].text() != "Listen"
        assert details.save_button.text() == "Сохранить заметку"
        assert (tabs.tabText(0), tabs.tabText(1)) == ("Записи разговоров", "Текущие звонки")
        assert tabs.hint is not None and tabs.hint.text().startswith("Показаны записи")
    finally:
        switch("en")
    assert history.call_button.text() == "Call back"
    assert browser.search_button.text() == "Search"
    assert live.buttons["listen"].text() == "Listen"


def test_keyring_is_named_in_words(qtbot: Any) -> None:
    assert keyring_label("keyring.backends.SecretService.Keyring").startswith("the system keyring")
    assert keyring_label("keyring.backends.Windows.WinVaultKeyring") == "Windows Credential Manager"
    assert keyring_label("keyring.backends.macOS.Keyring") == "the macOS Keychain"
    assert (
        keyring_label("memory") == keyring_label("(memory)") == "memory only (until Ringside quits)"
    )
    try:
        switch("ru")
        assert keyring_label("memory") == "только память (до выхода из Ringside)"
    finally:
        switch("en")
