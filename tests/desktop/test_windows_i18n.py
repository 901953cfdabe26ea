"""Interface language: 'auto' follows the locale, the shipped .qm translates, the catalogue is complete."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt

from desktop.i18n import install_translator, resolve_language, translations_dir
from desktop.ui.dialer import DialerWindow
from desktop.ui.history import HistoryWindow

TRANSLATIONS = Path(translations_dir())
# contexts of the windows owned by this part; other parts keep their own strings complete
MY_CONTEXTS = {
    "DialerWindow", "HistoryModel", "HistoryWindow", "SettingsDialog", "CrmTab",
    "_AdapterForm", "CheckList", "CrmFields", "DialHotkey",
}  # fmt: skip


@pytest.fixture
def russian(qapp):
    assert install_translator(qapp, "ru") == "ru"
    yield qapp
    install_translator(qapp, "en")


def test_auto_follows_the_system_locale():
    assert resolve_language("auto", QLocale("ru_RU")) == "ru"
    assert resolve_language("auto", QLocale("ru_UA")) == "ru"
    assert resolve_language("auto", QLocale("de_DE")) == "en"
    assert resolve_language("auto", QLocale("uk_UA")) == "en"
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


def _messages(path: Path):
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def test_every_string_of_these_windows_has_a_russian_translation():
    untranslated = [
        (name, message.findtext("source"))
        for name, message in _messages(TRANSLATIONS / "ringside_ru.ts")
        if name in MY_CONTEXTS and message.find("translation").get("type") == "unfinished"
    ]
    assert untranslated == []
    names = {name for name, _ in _messages(TRANSLATIONS / "ringside_ru.ts")}
    assert {"DialerWindow", "HistoryWindow", "SettingsDialog"} <= names


@pytest.mark.skipif(not Path(sys.prefix, "bin", "pyside6-lrelease").exists(), reason="no lrelease")
def test_shipped_qm_is_compiled_from_the_ts(tmp_path):
    """A .ts edited without re-running lrelease would ship stale translations."""
    for language in ("ru", "en"):
        out = tmp_path / f"{language}.qm"
        subprocess.run(
            [str(Path(sys.prefix, "bin", "pyside6-lrelease")), "-silent",
             str(TRANSLATIONS / f"ringside_{language}.ts"), "-qm", str(out)],
            check=True, timeout=60,
        )  # fmt: skip
        assert out.read_bytes() == (TRANSLATIONS / f"ringside_{language}.qm").read_bytes(), language
