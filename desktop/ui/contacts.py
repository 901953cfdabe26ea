"""The address book window: the default CRM, filled from the app (add, edit, delete, import).

:class:`ContactsWindow` lists the local address book (``core.crm.addressbook``)
with a search box; **Add** / **Edit** open :class:`ContactForm`, **Delete**
asks first, **Import…** reads CSV (UTF-8 or Windows-1251, comma or semicolon)
or vCard files and says how many contacts came in and which lines were
skipped. ``open_contacts`` is what the shell calls, also for "Add contact" on
an unknown caller's popup or in the history (the form opens prefilled with the
number). Every SQLite call runs in a thread through the bridge; after a change
the CRM cache forgets the number, so the next call shows the new name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.crm.addressbook import AddressBookAdapter, ContactDraft
from core.crm.types import Contact
from desktop.ui import style

if TYPE_CHECKING:
    from desktop.bridge import ServiceBridge
    from desktop.shell import Shell


class ContactForm(QDialog):
    """Name, company, phones (one per line or comma-separated), e-mail, note."""

    def __init__(
        self, contact: Contact | None = None, number: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit contact") if contact else self.tr("New contact"))
        style.apply(self)
        layout = QVBoxLayout(self)
        form = style.form_layout()
        layout.addLayout(form)
        self.name_edit = QLineEdit(contact.name if contact else "")
        self.company_edit = QLineEdit((contact.company or "") if contact else "")
        phones = list(contact.phones) if contact else ([number] if number else [])
        self.phones_edit = QPlainTextEdit("\n".join(phones))
        self.phones_edit.setFixedHeight(64)
        self.email_edit = QLineEdit((contact.email or "") if contact else "")
        self.note_edit = QLineEdit((contact.notes[0] if contact.notes else "") if contact else "")
        style.add_row(form, self.tr("Name:"), self.name_edit)
        style.add_row(form, self.tr("Company:"), self.company_edit)
        style.add_row(form, self.tr("Phones:"), self.phones_edit)
        style.add_row(form, self.tr("E-mail:"), self.email_edit)
        style.add_row(form, self.tr("Note:"), self.note_edit)
        self.error = style.Banner("error")
        self.error.hide()
        layout.addWidget(self.error)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self._check)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(420, 320)
        self.name_edit.setFocus()

    def draft(self) -> ContactDraft:
        text = self.phones_edit.toPlainText().replace(",", "\n").replace(";", "\n")
        note = self.note_edit.text().strip()
        return ContactDraft(
            name=self.name_edit.text().strip(),
            company=self.company_edit.text().strip() or None,
            phones=[p.strip() for p in text.splitlines() if p.strip()],
            email=self.email_edit.text().strip() or None,
            notes=[note] if note else [],
        )

    def _check(self) -> None:
        draft = self.draft()
        if not draft.name:
            self.error.show_message("error", self.tr("A contact needs a name."))
            self.name_edit.setFocus()
            return
        if not draft.phones:
            self.error.show_message("error", self.tr("Add at least one phone number."))
            self.phones_edit.setFocus()
            return
        self.accept()


class ContactsWindow(QWidget):
    """Search, add, edit, delete and import the local address book."""

    def __init__(
        self,
        book: AddressBookAdapter,
        run: Callable[..., Any],
        format_number: Callable[[str], str] = str,
        on_changed: Callable[[list[str]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.book = book
        self._run = run  # bridge.run(name, coroutine, on_result)
        self._format = format_number
        self._on_changed = on_changed or (lambda _numbers: None)
        self.contacts: list[Contact] = []
        self.ask: Callable[[str], bool] = self._ask  # tests answer without a modal box
        self.pick_file: Callable[[], str] = self._pick_file
        self.setWindowTitle(self.tr("Contacts — Ringside"))
        style.apply(self)
        self._build()
        self.resize(780, 500)
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.addWidget(style.label(self.tr("Contacts"), "title"))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search by name, company or number"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self.reload())
        layout.addWidget(self.search_edit)
        self.banner = style.Banner("info")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Company"), self.tr("Phones")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"), clicked=lambda: self.add())
        self.edit_button = QPushButton(self.tr("Edit…"), clicked=self.edit_selected)
        self.delete_button = QPushButton(self.tr("Delete"), clicked=self.delete_selected)
        self.import_button = QPushButton(self.tr("Import…"), clicked=self.import_file)
        self.import_button.setToolTip(
            self.tr("CSV (UTF-8 or Windows-1251, comma or semicolon) or vCard")
        )
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        layout.addLayout(row)

    # -- data ---------------------------------------------------------------
    def reload(self) -> None:
        self._run("contacts", self.book.list_contacts(self.search_edit.text()), self._fill)

    def _fill(self, contacts: list[Contact]) -> None:
        self.contacts = list(contacts)
        self.table.setRowCount(len(self.contacts))
        for row, contact in enumerate(self.contacts):
            phones = ", ".join(self._format(p) for p in contact.phones)
            for col, text in enumerate((contact.name, contact.company or "", phones)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        has = bool(self.contacts)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def selected(self) -> Contact | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.contacts[rows[0].row()]
        return self.contacts[0] if len(self.contacts) == 1 else None

    def _changed(self, numbers: list[str], message: str) -> None:
        self.banner.show_message("info", message)
        self._on_changed(numbers)
        self.reload()

    # -- actions ------------------------------------------------------------
    def form(self, contact: Contact | None = None, number: str = "") -> ContactForm:
        return ContactForm(contact, number, self)

    def add(self, number: str = "", form: ContactForm | None = None) -> ContactForm:
        """Open the new-contact form (prefilled with ``number``); Save adds it."""
        form = form or self.form(None, number)

        def done(_result: int) -> None:
            if form.result() == QDialog.DialogCode.Accepted:
                draft = form.draft()
                message = self.tr("Added {name}.").format(name=draft.name)
                self._run("contact-add", self.book.add_contact(draft),
                          lambda _id: self._changed(draft.phones, message))  # fmt: skip

        form.finished.connect(done)
        form.open()
        return form

    def edit_selected(self) -> ContactForm | None:
        contact = self.selected()
        if contact is None:
            return None
        form = self.form(contact)

        def done(_result: int) -> None:
            if form.result() == QDialog.DialogCode.Accepted:
                draft = form.draft()
                numbers = [*contact.phones, *draft.phones]
                message = self.tr("Saved {name}.").format(name=draft.name)
                self._run("contact-edit", self.book.update_contact(contact.id, draft),
                          lambda _ok: self._changed(numbers, message))  # fmt: skip

        form.finished.connect(done)
        form.open()
        return form

    def delete_selected(self) -> None:
        contact = self.selected()
        if contact is None or not self.ask(self.tr("Delete {name}?").format(name=contact.name)):
            return
        message = self.tr("Deleted {name}.").format(name=contact.name)
        self._run("contact-delete", self.book.delete_contact(contact.id),
                  lambda _ok: self._changed(list(contact.phones), message))  # fmt: skip

    def import_file(self) -> None:
        path = self.pick_file()
        if not path:
            return

        def imported(report: Any) -> None:
            text = self.tr("Imported {n} contacts from {file}.").format(
                n=report.added, file=Path(path).name
            )
            if report.problems:
                skipped = "; ".join(report.problems[:3])
                text += " " + self.tr("Skipped {n}: {what}").format(
                    n=len(report.problems), what=skipped
                )
            self._changed([], text)

        self._run("contact-import", self.book.import_file(path), imported)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Contacts"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _pick_file(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import contacts"),
            "",
            self.tr("Contacts (*.csv *.vcf *.vcard);;All files (*)"),
        )
        return path

    def closeEvent(self, event: Any) -> None:
        self._run("contacts-close", self.book.aclose())
        super().closeEvent(event)


def open_contacts(
    shell: Shell,
    bridge: ServiceBridge,
    book_path: Path | None,
    new_number: str = "",
    format_number: Callable[[str], str] = str,
) -> ContactsWindow | None:
    """Show the address book (opening the new-contact form for ``new_number``)."""
    if book_path is None:
        shell.notify(QCoreApplication.translate(
            "ContactsWindow", "Your CRM is not the local address book: add contacts in the CRM."
        ))  # fmt: skip
        return None

    def changed(numbers: list[str]) -> None:
        crm = getattr(bridge.service, "crm", None)
        invalidate = getattr(crm, "invalidate", None)
        if invalidate is not None:  # the next call from these numbers shows the new name
            for number in numbers or [None]:
                invalidate(number)

    def make() -> QWidget:
        book = AddressBookAdapter.open(book_path)
        return ContactsWindow(book, bridge.run, format_number, changed)

    window: Any = shell.show_window("contacts", make)
    if window is not None and new_number:
        window.add(new_number)
    return window
