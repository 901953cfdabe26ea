"""The address book window: "Add contact" from the app, edit, delete, CSV (cp1251;) and vCard import.

Real SQLite address book, real widgets offscreen, the app against the simulator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

from core.crm.addressbook import AddressBook


def _open_book(s: Any, tmp_path: Path) -> Path:
    path = tmp_path / "addressbook.sqlite3"
    s.ui.addressbook_path = path
    return path


def _names(path: Path) -> list[str]:
    book = AddressBook(path)
    try:
        return sorted(c.name for c in book.all())
    finally:
        book.close()


def test_add_contact_from_an_unknown_number_opens_the_form_prefilled(
    make_stack: Any, tmp_path: Path
) -> None:
    s = make_stack()
    path = _open_book(s, tmp_path)
    s.aloop.call(s.ui.add_contact, "+7 916 555-12-34")
    window = s.ui.windows["contacts"]
    assert window.isVisible()
    form = window.findChild(QDialog)
    assert form is not None and form.phones_edit.toPlainText() == "+7 916 555-12-34"
    s.aloop.call(form._check)  # no name yet: refused in words, the form stays
    assert form.isVisible() and "needs a name" in form.error.text()
    form.name_edit.setText("Пётр Сидоров")
    s.aloop.call(form._check)
    s.aloop.until(lambda: window.table.rowCount() == 1, what="the new contact in the list")
    assert window.table.item(0, 0).text() == "Пётр Сидоров"
    assert _names(path) == ["Пётр Сидоров"]
    book = AddressBook(path)
    assert [m.contact.name for m in book.find_by_number("89165551234")] == ["Пётр Сидоров"]
    book.close()


def test_edit_and_delete(make_stack: Any, tmp_path: Path) -> None:
    s = make_stack()
    path = _open_book(s, tmp_path)
    book = AddressBook(path)
    book.import_csv("name,phone\nAnna,+79160000001\nBoris,+79160000002\n")
    book.close()
    s.aloop.call(s.ui.show_contacts)
    window = s.ui.windows["contacts"]
    s.aloop.until(lambda: window.table.rowCount() == 2, what="two contacts")
    window.table.selectRow(0)
    form = s.aloop.call(window.edit_selected)
    assert form.name_edit.text() == "Anna"
    form.name_edit.setText("Anna Ivanova")
    s.aloop.call(form._check)
    s.aloop.until(lambda: _names(path) == ["Anna Ivanova", "Boris"], what="the edit saved")
    s.aloop.until(lambda: window.table.rowCount() == 2 and window.table.item(0, 0).text() == "Anna Ivanova",
                  what="the list refreshed")  # fmt: skip
    asked: list[str] = []
    window.ask = lambda question: asked.append(question) or True
    window.table.selectRow(1)
    s.aloop.call(window.delete_selected)
    s.aloop.until(lambda: _names(path) == ["Anna Ivanova"], what="the delete")
    assert asked == ["Delete Boris?"]


def test_import_cp1251_semicolon_csv_and_vcard(make_stack: Any, tmp_path: Path) -> None:
    s = make_stack()
    path = _open_book(s, tmp_path)
    csv_file = tmp_path / "export.csv"
    csv_file.write_bytes(
        "ФИО;Телефон;Компания\nИван Петров;8 (916) 123-45-67;ООО Ромашка\n;\n".encode("cp1251")
    )
    vcf = tmp_path / "card.vcf"
    vcf.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Olena Kovalenko\r\nTEL:+380501234567\r\nEND:VCARD\r\n",
        "utf-8",
    )
    s.aloop.call(s.ui.show_contacts)
    window = s.ui.windows["contacts"]
    window.pick_file = lambda: str(csv_file)
    s.aloop.call(window.import_file)
    s.aloop.until(lambda: window.table.rowCount() == 1, what="the CSV import")
    assert window.table.item(0, 0).text() == "Иван Петров"
    assert window.table.item(0, 1).text() == "ООО Ромашка"
    assert "Imported 1 contacts from export.csv" in window.banner.text()
    window.pick_file = lambda: str(vcf)
    s.aloop.call(window.import_file)
    s.aloop.until(lambda: window.table.rowCount() == 2, what="the vCard import")
    assert _names(path) == ["Olena Kovalenko", "Иван Петров"]


def test_without_the_address_book_as_crm_it_says_so(make_stack: Any) -> None:
    s = make_stack()
    notes: list[str] = []
    s.ui.tray.notify = lambda _title, text: notes.append(text)
    s.ui.addressbook_path = None
    s.aloop.call(s.ui.add_contact, "+79160000001")
    assert "contacts" not in s.ui.windows
    assert notes and "not the local address book" in notes[0]
