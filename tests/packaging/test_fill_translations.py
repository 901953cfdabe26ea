"""The Ukrainian translation memory fills what lupdate leaves unfinished, placeholders intact."""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MEMORY = REPO / "resources" / "translations" / "pending_uk.json"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _tool():  # packaging/ is not a package: load the script as lupdate's neighbour would run it
    spec = importlib.util.spec_from_file_location(
        "fill_translations", REPO / "packaging" / "fill_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_memory_keeps_every_placeholder() -> None:
    memory = json.loads(MEMORY.read_text(encoding="utf-8"))
    for context, table in memory.items():
        for source, text in table.items():
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), (
                context,
                source,
            )
            assert (text.strip() and text != source) or not any(ch.isalpha() for ch in source)


def test_unfinished_entries_are_filled_and_others_left_alone(tmp_path: Path) -> None:
    ts = tmp_path / "uk.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="uk_UA">'
        "<context><name>Tray</name>"
        '<message><source>Contacts</source><translation type="unfinished"></translation></message>'
        '<message><source>Not in memory</source><translation type="unfinished"></translation></message>'
        "<message><source>Quit</source><translation>Вихід</translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    filled = _tool().fill(ts, json.loads(MEMORY.read_text(encoding="utf-8")))
    assert filled == 1
    messages = {
        m.findtext("source"): m.find("translation") for m in ET.parse(ts).getroot().iter("message")
    }
    assert messages["Contacts"].text == "Контакти" and messages["Contacts"].get("type") is None
    assert messages["Not in memory"].get("type") == "unfinished"
    assert messages["Quit"].text == "Вихід"
