"""Interface language: 'auto' follows the locale and the shipped .qm translates the windows.

Completeness of the catalogues and freshness of the .qm: test_windows_i18n_complete.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt

from desktop.i18n import install_translator, resolve_language
from desktop.ui.dialer import DialerWindow
from desktop.ui.history import HistoryWindow


@pytest.fixture
def russian(qapp):
    assert install_translator(qapp, "ru") == "ru"
    yield qapp
    install_translator(qapp, "en")


def test_auto_follows_the_system_locale():
    assert resolve_language("auto", QLocale("ru_RU")) == "ru"
    assert resolve_language("auto", QLocale("ru_UA")) == "ru"
    assert resolve_language("auto", QLocale("de_DE")) == "en"
    assert resolve_language("auto", QLocale("uk_UA")) == "uk"  # chosen from the system locale
    assert resolve_language("ru", QLocale("en_US")) == "ru"
    assert resolve_language("EN", QLocale("ru_RU")) == "en"


def test_russian_translates_windows_through_the_qm(qtbot, russian):
    dialer = DialerWindow(lambda n: None, lambda t: t)
    qtbot.addWidget(dialer)
    assert dialer.windowTitle() == "Набор номера — Ringside"
    assert dialer.call_button.text() == "Позвонить"
    history = HistoryWindow(print, print, print)
    qtbot.addWidget(history)
    assert history.call_button.text() == "Перезвонить"
    assert history.model.headerData(2, Qt.Orientation.Horizontal) == "Номер"
    assert QCoreApplication.translate("HistoryWindow", "%n call(s)", "", 5) == "5 звонков"
    assert QCoreApplication.translate("HistoryWindow", "%n call(s)", "", 22) == "22 звонка"
    assert QCoreApplication.translate("CrmFields", "API key") == "API-ключ"


def test_switching_back_to_english(qtbot, qapp):
    install_translator(qapp, "ru")
    assert install_translator(qapp, "en") == "en"
    assert QCoreApplication.translate("HistoryWindow", "Call back") == "Call back"
    assert QCoreApplication.translate("HistoryWindow", "%n call(s)", "", 1) == "1 call"
    assert QCoreApplication.translate("HistoryWindow", "%n call(s)", "", 3) == "3 calls"
