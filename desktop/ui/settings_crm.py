"""The CRM tab of the settings dialog: pick an adapter, fill in its fields.

Forms are generated from each adapter's metadata (``AdapterInfo``: ``name``,
``label``, ``fields`` of ``ConfigField``: ``name``, ``label``, ``kind`` text|url|
secret|choice|number|bool, ``default``, ``choices``, ``help``). Non-secret values go into
the profile's ``crm_config``; secret fields are never prefilled and, when typed,
go to the caller's secrets dict under :func:`crm_secret_key`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style


def crm_secret_key(adapter: str, field: str) -> str:
    """Key of a CRM secret in the dict handed to ``on_save`` (and in the keyring)."""
    return f"crm.{adapter}.{field}"


def _attr(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


# Labels of the adapters' fields (core/crm/*.py), listed so the Russian catalogue
# can carry them; a label missing here is simply shown as the adapter declares it.
_LABELS = (
    QT_TRANSLATE_NOOP("CrmFields", "Local address book"),
    QT_TRANSLATE_NOOP("CrmFields", "HTTP JSON lookup"),
    QT_TRANSLATE_NOOP("CrmFields", "Database file"),
    QT_TRANSLATE_NOOP("CrmFields", "Default region"),
    QT_TRANSLATE_NOOP("CrmFields", "retailCRM address"),
    QT_TRANSLATE_NOOP("CrmFields", "API key"),
    QT_TRANSLATE_NOOP("CrmFields", "Store code (site)"),
    QT_TRANSLATE_NOOP("CrmFields", "Timeout, s"),
    QT_TRANSLATE_NOOP("CrmFields", "PUSH address"),
    QT_TRANSLATE_NOOP("CrmFields", "Company ID"),
    QT_TRANSLATE_NOOP("CrmFields", "Encoding"),
    QT_TRANSLATE_NOOP("CrmFields", "Inbound webhook URL"),
    QT_TRANSLATE_NOOP("CrmFields", "Create leads for unknown numbers"),
    QT_TRANSLATE_NOOP("CrmFields", "Account address"),
    QT_TRANSLATE_NOOP("CrmFields", "Long-lived token"),
    QT_TRANSLATE_NOOP("CrmFields", "Lookup URL"),
    QT_TRANSLATE_NOOP("CrmFields", "Path to results"),
    QT_TRANSLATE_NOOP("CrmFields", "Open-customer URL"),
    QT_TRANSLATE_NOOP("CrmFields", "Create-customer URL"),
    QT_TRANSLATE_NOOP("CrmFields", "Auth header name"),
    QT_TRANSLATE_NOOP("CrmFields", "Auth header value"),
)


def field_label(text: str) -> str:
    return QCoreApplication.translate("CrmFields", text)


class _AdapterForm(QWidget):
    """Editors for one adapter's fields."""

    def __init__(
        self, fields: Sequence[Any], values: Mapping[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editors: dict[str, tuple[str, QWidget]] = {}
        # keep crm_config minimal: only keys it had, or values that differ from the default
        self._kept = set(values)
        self._defaults = {str(_attr(f, "name")): str(_attr(f, "default", "") or "") for f in fields}
        form = style.form_layout()
        form.setContentsMargins(0, 8, 0, 0)
        self.setLayout(form)
        if not fields:
            form.addRow(style.label(self.tr("This CRM needs no settings."), "muted"))
        for field in fields:
            self._add_field(form, field, values)

    def _add_field(self, form: QFormLayout, field: Any, values: Mapping[str, Any]) -> None:
        name, kind = str(_attr(field, "name")), str(_attr(field, "kind", "text"))
        value = "" if kind == "secret" else str(values.get(name, _attr(field, "default", "")) or "")
        editor = self._editor(kind, value, tuple(_attr(field, "choices", ()) or ()))
        hint = field_label(str(_attr(field, "help", "") or ""))
        if hint:
            editor.setToolTip(hint)
            if isinstance(editor, QLineEdit) and kind != "secret":
                editor.setPlaceholderText(hint)
        self.editors[name] = (kind, editor)
        label = field_label(str(_attr(field, "label", name)))
        if isinstance(editor, QCheckBox):
            editor.setText(label)
            form.addRow("", editor)
        else:
            style.add_row(form, label + ":", editor)

    def _editor(self, kind: str, value: str, choices: tuple[str, ...]) -> QWidget:
        if kind == "choice":
            combo = QComboBox()
            combo.addItems(list(choices))
            combo.setCurrentText(value)
            return combo
        if kind == "bool":
            check = QCheckBox()
            check.setChecked(value.strip().lower() in ("1", "true", "yes", "on"))
            return check
        edit = QLineEdit(value)
        if kind == "secret":
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(self.tr("Leave empty to keep the saved value"))
        elif kind == "url":
            edit.setPlaceholderText("https://")
        elif kind == "number":
            validator = QDoubleValidator(0.0, 1_000_000.0, 3, edit)
            validator.setLocale(QLocale.c())  # stored as "3.5" whatever the UI language
            edit.setValidator(validator)
            edit.setMaximumWidth(120)
        return edit

    def values(self) -> tuple[dict[str, str], dict[str, str]]:
        """(non-secret values, typed secrets) by field name."""
        config: dict[str, str] = {}
        secrets: dict[str, str] = {}
        for name, (kind, editor) in self.editors.items():
            if isinstance(editor, QComboBox):
                config[name] = editor.currentText()
            elif isinstance(editor, QCheckBox):
                config[name] = "1" if editor.isChecked() else "0"
            elif isinstance(editor, QLineEdit):
                text = editor.text().strip()
                if kind != "secret":
                    config[name] = text
                elif text:
                    secrets[name] = text
        config = {
            k: v for k, v in config.items() if k in self._kept or v != self._defaults.get(k, "")
        }
        return config, secrets


class CrmTab(QWidget):
    """Adapter choice plus a generated form per adapter."""

    def __init__(
        self,
        adapters: Sequence[Any],
        current: str | None,
        config: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self.forms: dict[str, _AdapterForm] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.setSpacing(style.SPACING)
        layout.addWidget(
            style.label(
                self.tr("Ringside looks up every caller here and opens their card in this CRM."),
                "subtitle",
                wrap=True,
            )
        )
        self.combo = QComboBox()
        self.stack = QStackedWidget()
        for adapter in adapters:
            name = str(_attr(adapter, "name"))
            self._names.append(name)
            self.combo.addItem(field_label(str(_attr(adapter, "label", name))), name)
            values = config if name == current else {}
            form = _AdapterForm(tuple(_attr(adapter, "fields", ()) or ()), values)
            self.forms[name] = form
            self.stack.addWidget(form)
        self.combo.currentIndexChanged.connect(self.stack.setCurrentIndex)
        row = style.form_layout()
        style.add_row(row, self.tr("CRM:"), self.combo)
        layout.addLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 8, 0)
        inner.addWidget(self.stack)
        inner.addStretch(1)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        if current in self._names:
            self.combo.setCurrentIndex(self._names.index(current))

    def selected(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data is not None else None

    def select(self, name: str) -> None:
        if name in self._names:
            self.combo.setCurrentIndex(self._names.index(name))

    def values(self) -> tuple[str | None, dict[str, str], dict[str, str]]:
        """(adapter name, its non-secret config, secrets keyed by :func:`crm_secret_key`)."""
        name = self.selected()
        if name is None:
            return None, {}, {}
        config, secrets = self.forms[name].values()
        return name, config, {crm_secret_key(name, k): v for k, v in secrets.items()}
