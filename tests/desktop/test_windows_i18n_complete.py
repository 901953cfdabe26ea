"""The Russian and Ukrainian catalogues are complete and shipped compiled; the popup and tray
speak Russian and Ukrainian through them.

* every message of ``ringside_ru.ts`` and ``ringside_uk.ts`` is translated (no
  ``unfinished``), keeps the ``{placeholders}`` of its source, and plural entries
  carry the three Slavic forms; ``ringside_en.ts`` carries the two English plural forms;
* lupdate over the sources finds nothing the catalogue lacks (a string added
  in code without ``make translations`` fails here, not in front of an operator),
  and literals passed to home-made wrappers (``def _tr(text): return
  QCoreApplication.translate("Ctx", text)``), which lupdate cannot see, are in it too;
* the shipped ``.qm`` files are byte-for-byte what lrelease makes of the ``.ts``;
* a popup and the tray menu built under ``ru`` show Russian text; there is no
  built-in table any more, so that text can only come from the compiled ``.qm``.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

from core.calls.events import CallAnswered, CallEnded, CallRinging, CallSnapshot, Direction, Outcome
from core.crm.types import Contact, LookupResult, Match
from desktop.i18n import install_translator, translations_dir
from desktop.tray import TrayActions, TrayView, fill_menu
from desktop.ui.popup_stack import PopupActions, PopupManager

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = Path(translations_dir())
BIN = Path(sys.prefix, "bin")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
needs_tools = pytest.mark.skipif(
    not (BIN / "pyside6-lupdate").exists() or not (BIN / "pyside6-lrelease").exists(),
    reason="pyside6-lupdate/lrelease not installed",
)


def _messages(path: Path) -> Iterator[tuple[str, ET.Element]]:
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def _problems(path: Path, plural_forms: int, plurals_only: bool = False) -> list[str]:
    found = []
    for context, message in _messages(path):
        source = message.findtext("source") or ""
        numerus = message.get("numerus") == "yes"
        if plurals_only and not numerus:
            continue
        where = f"{context or '<module>'}: {source!r}"
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "missing"
        forms = _forms(message)
        if kind in ("unfinished", "vanished", "obsolete", "missing"):
            found.append(f"{where} is {kind}")
        elif numerus and len([f for f in forms if f.strip()]) != plural_forms:
            found.append(f"{where} needs {plural_forms} plural forms, has {forms}")
        elif not all(form.strip() for form in forms):
            found.append(f"{where} has an empty translation")
        elif any(set(PLACEHOLDER.findall(f)) != set(PLACEHOLDER.findall(source)) for f in forms):
            found.append(f"{where} changes the placeholders: {forms}")
        elif numerus and not all("%n" in form for form in forms):
            found.append(f"{where} lost %n: {forms}")
    return found


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_message_is_translated_with_its_placeholders(language):
    assert _problems(TRANSLATIONS / f"ringside_{language}.ts", plural_forms=3) == []
    contexts = {name for name, _ in _messages(TRANSLATIONS / f"ringside_{language}.ts")}
    # the popup, the tray, the player and the browser are in the catalogue
    assert {"CallPopup", "Tray", "PlayerWidget", "RecordingsBrowser", "HistoryWindow"} <= contexts


def test_ukrainian_is_a_language_of_its_own():
    """Not a copy of the Russian catalogue: the same sources, other words."""
    ru = {
        (c, m.findtext("source")): _forms(m) for c, m in _messages(TRANSLATIONS / "ringside_ru.ts")
    }
    uk = {
        (c, m.findtext("source")): _forms(m) for c, m in _messages(TRANSLATIONS / "ringside_uk.ts")
    }
    assert set(uk) == set(ru)
    same = [
        key
        for key in uk
        if uk[key] == ru[key] and any(ch.isalpha() and ch > "z" for ch in uk[key][0])
    ]
    assert len(same) < len(uk) // 10, same


def test_english_catalogue_has_both_plural_forms():
    assert _problems(TRANSLATIONS / "ringside_en.ts", plural_forms=2, plurals_only=True) == []


def test_a_bad_catalogue_is_reported(tmp_path):
    """The checker itself: an unfinished entry, a lost placeholder and a missing form all show."""
    bad = tmp_path / "bad.ts"
    bad.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="ru_RU">'
        "<context><name>X</name>"
        '<message><source>A</source><translation type="unfinished"></translation></message>'
        "<message><source>Hi {name}</source><translation>Привет</translation></message>"
        '<message numerus="yes"><source>%n call(s)</source><translation>'
        "<numerusform>%n звонок</numerusform><numerusform>%n звонка</numerusform>"
        "</translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    problems = _problems(bad, plural_forms=3)
    assert len(problems) == 3, problems


@needs_tools
@pytest.mark.parametrize("language", ["ru", "uk"])
def test_catalogue_holds_every_string_of_the_sources(tmp_path, language):
    """lupdate over the code (as `make translations` runs it) adds nothing untranslated."""
    copy = tmp_path / f"ringside_{language}.ts"
    shutil.copy(TRANSLATIONS / f"ringside_{language}.ts", copy)
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "desktop").glob("*.py"))
    sources += sorted(str(p.relative_to(REPO)) for p in (REPO / "desktop" / "ui").glob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-silent", "-locations", "none", "-ts", str(copy)],
        cwd=REPO, check=True, timeout=90, capture_output=True,
    )  # fmt: skip
    new = [
        f"{context or '<module>'}: {message.findtext('source')!r}"
        for context, message in _messages(copy)
        if message.find("translation").get("type") == "unfinished"
    ]
    assert new == [], "run `make translations` and translate these"


def _wrapper_contexts(tree: ast.Module) -> dict[str, str]:
    """Module-level ``def f(text)`` whose body is ``QCoreApplication.translate("Ctx", text)``."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "translate"
                and len(call.args) >= 2
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[1], ast.Name)
                and call.args[1].id == node.args.args[0].arg
            ):
                found[node.name] = str(call.args[0].value)
    return found


def _wrapped_literals(path: Path) -> Iterator[tuple[str, str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrappers = _wrapper_contexts(tree)
    for call in ast.walk(tree):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in wrappers
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and isinstance(call.args[0].value, str)
        ):
            yield wrappers[call.func.id], call.args[0].value, call.lineno


def test_literals_behind_translation_wrappers_are_translated():
    translated = {
        (context, message.findtext("source"))
        for context, message in _messages(TRANSLATIONS / "ringside_ru.ts")
        if message.find("translation").get("type") is None
    }
    sources = [*(REPO / "desktop").glob("*.py"), *(REPO / "desktop" / "ui").glob("*.py")]
    missing = [
        f"{path.name}:{line} {context}: {text!r}"
        for path in sources
        for context, text, line in _wrapped_literals(path)
        if text and (context, text) not in translated
    ]
    assert missing == [], (
        "mark these with QT_TRANSLATE_NOOP (desktop.i18n.RUNTIME_STRINGS) or call translate directly"
    )


def test_the_wrapper_scan_finds_wrappers():
    tree = ast.parse(
        "from PySide6.QtCore import QCoreApplication\n"
        "def _t(text):\n    return QCoreApplication.translate('Win', text)\n"
        "_t('Hello')\n_t(name)\n"
    )
    assert _wrapper_contexts(tree) == {"_t": "Win"}


@needs_tools
def test_shipped_qm_is_what_lrelease_makes_of_the_ts(tmp_path):
    """A .ts edited without re-running lrelease would ship stale (or no) translations."""
    for language in ("ru", "en", "uk"):
        fresh = tmp_path / f"{language}.qm"
        subprocess.run(
            [str(BIN / "pyside6-lrelease"), "-silent",
             str(TRANSLATIONS / f"ringside_{language}.ts"), "-qm", str(fresh)],
            check=True, timeout=60,
        )  # fmt: skip
        shipped = TRANSLATIONS / f"ringside_{language}.qm"
        assert shipped.read_bytes() == fresh.read_bytes(), (
            f"{shipped.name}: run `make translations`"
        )


CALL = CallSnapshot(
    call_id="c1", direction=Direction.INBOUND, remote_number="+79162041793", remote_name=None,
    did="+74956401200", queue="support",
)  # fmt: skip
CONTACT = Contact(
    id="1", name="Андрей Волков", source="addressbook", phones=("+79162041793",),
    manager_name="Игорь Смирнов", manager_extension="102",
)  # fmt: skip


@pytest.fixture
def russian(qapp):
    assert install_translator(qapp, "ru") == "ru"
    yield qapp
    install_translator(qapp, "en")


def _noop(*_args: object) -> None:
    return None


def _popup_texts(manager: PopupManager) -> dict[str, str]:
    popup = manager.popups[CALL.call_id]
    return {
        "state": popup.state_label.text(),
        "open": popup.open_button.text(),
        "call_back": popup.call_back_button.text(),
        "copy": popup.copy_button.text(),
        "dismiss": popup.dismiss_button.text(),
        "details": popup.details_label.text(),
    }


def _shown_popup(qtbot) -> PopupManager:
    manager = PopupManager("101", PopupActions(open_url=_noop, call_back=_noop, save_note=_noop))
    manager.on_call_event(CallRinging(CALL, "101"))
    manager.on_card(CALL.call_id, LookupResult(CALL.remote_number or "", CALL.remote_number,
                                               (Match(CONTACT, 1.0),)))  # fmt: skip
    popup = manager.popups[CALL.call_id]
    qtbot.addWidget(popup)
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    return manager


def test_popup_shown_in_russian_speaks_russian(qtbot, russian):
    manager = _shown_popup(qtbot)
    texts = _popup_texts(manager)
    assert texts["state"] == "ВХОДЯЩИЙ ЗВОНОК · ОЧЕРЕДЬ SUPPORT"
    assert (texts["open"], texts["call_back"], texts["copy"], texts["dismiss"]) == (
        "Открыть в CRM", "Перезвонить", "Копировать", "Закрыть",
    )  # fmt: skip
    assert "Менеджер: Игорь Смирнов (доб. 102)" in texts["details"]
    popup = manager.popups[CALL.call_id]
    manager.on_call_event(CallAnswered(CALL, "101", by="101"))
    manager.on_call_event(CallEnded(CALL, "101", outcome=Outcome.ANSWERED))
    assert popup.state_label.text() == "ЗВОНОК ЗАВЕРШЁН — ДОБАВЬТЕ ЗАМЕТКУ · ОЧЕРЕДЬ SUPPORT"
    assert popup.save_button.text() == "Сохранить"
    choices = [popup.disposition_box.itemText(i) for i in range(popup.disposition_box.count())]
    assert popup.disposition_box.placeholderText() == "Итог звонка…"  # a placeholder, no blank item
    assert choices[:2] == ["Вопрос решён", "Нужно перезвонить"]
    manager.close_all()


def test_popup_in_english_keeps_the_source_text(qtbot, qapp):
    assert install_translator(qapp, "en") == "en"
    manager = _shown_popup(qtbot)
    texts = _popup_texts(manager)
    assert (texts["open"], texts["call_back"], texts["dismiss"]) == (
        "Open in CRM",
        "Call back",
        "Dismiss",
    )
    assert "Manager: Игорь Смирнов (ext. 102)" in texts["details"]
    manager.close_all()


def test_tray_menu_in_russian(qtbot, russian):
    view = TrayView(state="ready", extension="101", paused=True, pause_reason="Lunch", missed=2)
    menu = QMenu()
    fill_menu(menu, view, TrayActions(*([_noop] * 7)))
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts[:3] == ["Готов", "Набрать номер…", "История (пропущено: 2)"]
    assert {"Не беспокоить", "Пауза в очереди", "Настройки", "Выход"} <= set(texts)
    assert "Пауза: Обед" in view.tooltip()


def test_recordings_browser_in_russian(qtbot, russian):
    """Headers, directions and outcomes are picked at run time; RUNTIME_STRINGS keeps them translated."""
    from PySide6.QtCore import Qt

    from core.recordings.types import DIRECTIONS, OUTCOMES, RecordingRow
    from desktop.ui.recordings import RecordingsBrowser

    browser = RecordingsBrowser(None)
    qtbot.addWidget(browser)
    model = browser.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[:2] == ["Дата", "Направление"]
    assert not set(headers) & set(model.HEADERS), headers
    rows = [
        RecordingRow(id=i, call_id=str(i), uniqueid=str(i), started_at=1_763_800_000, src="101",
                     dst="+74951234567", operator="101", number="+74951234567", direction=direction,
                     disposition="ANSWERED", outcome=outcome, duration=10, billsec=5, recording=None)
        for i, (direction, outcome) in enumerate(zip(DIRECTIONS * 2, OUTCOMES, strict=False))
    ]  # fmt: skip
    model.set_rows(rows)
    cells = {model.index(r, c).data() for r in range(len(rows)) for c in (1, 4)}
    assert not cells & {*DIRECTIONS, *OUTCOMES}, cells
    combos = [browser.direction.itemText(i) for i in range(browser.direction.count())]
    assert combos == ["любой", "входящий", "исходящий", "внутренний"]


@pytest.fixture
def ukrainian(qapp):
    assert install_translator(qapp, "uk") == "uk"
    yield qapp
    install_translator(qapp, "en")


def test_popup_shown_in_ukrainian_speaks_ukrainian(qtbot, ukrainian):
    manager = _shown_popup(qtbot)
    texts = _popup_texts(manager)
    assert texts["state"] == "ВХІДНИЙ ДЗВІНОК · ЧЕРГА SUPPORT"
    assert (texts["open"], texts["call_back"], texts["copy"], texts["dismiss"]) == (
        "Відкрити в CRM", "Передзвонити", "Копіювати", "Закрити",
    )  # fmt: skip
    assert "Менеджер: Игорь Смирнов (дод. 102)" in texts["details"]
    manager.close_all()


def test_tray_menu_in_ukrainian(qtbot, ukrainian):
    view = TrayView(state="ready", extension="101", paused=True, pause_reason="Lunch", missed=2)
    menu = QMenu()
    fill_menu(menu, view, TrayActions(*([_noop] * 7)))
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts[:3] == ["Готовий", "Набрати номер…", "Історія (пропущено: 2)"]
    assert "Пауза: Обід" in view.tooltip()
