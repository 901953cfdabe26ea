"""The settings dialog: connection, CRM, popup, presence and general preferences.

It edits a copy of an immutable ``core.settings.model.Profile`` (``dataclasses.replace``,
the popup part in ``Profile.popup``) and hands
``on_save(profile, secrets)`` the result; secrets (the AMI secret under
``AMI_SECRET_KEY``, CRM secrets under ``crm_secret_key(adapter, field)``) never
enter the profile and are only included when typed. :class:`SettingsStatus`
says where secrets are kept (system keyring, encrypted file, memory) and where
the AMI secret comes from, in words: "No secret stored" when there is none.
Without a keyring an encrypted file is offered: its passphrase travels in the
secrets dict under ``PASSPHRASE_KEY`` and is never saved.

"Test connection" calls ``on_test_connection(profile, secret)``. A coroutine
function's result is awaited on the running (qasync) loop and its
``CheckResult`` list shown; a plain callable may instead answer later through
``show_check_results``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import __version__
from desktop.ui import style
from desktop.ui.settings_checks import CheckList, CheckResults, check_fields
from desktop.ui.settings_crm import CrmTab, crm_secret_key
from desktop.ui.settings_extra import ExtraSettings
from desktop.ui.settings_secrets import PASSPHRASE_KEY, SecretRows, SettingsStatus

__all__ = [
    "AMI_SECRET_KEY",
    "PASSPHRASE_KEY",
    "SettingsDialog",
    "SettingsStatus",
    "check_fields",
    "crm_secret_key",
]

AMI_SECRET_KEY = "ami"


REGIONS = {"RU": 7, "UA": 380, "KZ": 7, "BY": 375}  # country calling codes
POSITIONS = ("top-right", "bottom-right", "top-left", "bottom-left")
DND_MODES = ("astdb", "devstate")


def _get(profile: Any, name: str, default: Any) -> Any:
    value = getattr(profile, name, default)
    return default if value is None else value


class SettingsDialog(QDialog):
    """Edit a Profile; secrets are collected separately and never prefilled."""

    def __init__(
        self,
        profile: Any,
        adapters: list[Any],
        secret_status: SettingsStatus | tuple[bool, str],
        on_save: Callable[[Any, dict[str, str]], None],
        on_test_connection: Callable[[Any, str], Awaitable[CheckResults]] | Callable[..., None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._profile = profile
        self._on_save = on_save
        self._on_test = on_test_connection
        if isinstance(secret_status, tuple):  # (secure, backend name): older callers
            secure, name = secret_status
            secret_status = SettingsStatus(secure, name, "keyring" if secure else "memory", name)
        self.status: SettingsStatus = secret_status
        self._secure, self._keyring_name = secret_status.secure, secret_status.where
        self._test_task: asyncio.Future[Any] | None = None
        self.setWindowTitle(self.tr("Settings — Ringside"))
        style.apply(self)
        self._build(adapters)
        self.resize(620, 640)

    # -- layout -------------------------------------------------------------
    def _build(self, adapters: list[Any]) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.setSpacing(style.SPACING)
        self.secret_rows = SecretRows(self.status, self)
        for banner in self.secret_rows.banners():
            layout.addWidget(banner)
        self.keyring_banner = self.secret_rows.keyring_banner
        self.demo_banner = self.secret_rows.demo_banner
        self.error_banner = style.Banner("error")
        self.error_banner.hide()
        layout.addWidget(self.error_banner)
        self.tabs = QTabWidget()
        self.extra = ExtraSettings(self._profile, self)  # recordings gateway, queues, hotkey
        self.crm_tab = CrmTab(
            adapters, _get(self._profile, "crm", None), _get(self._profile, "crm_config", {})
        )
        self.tabs.addTab(self._connection_tab(), self.tr("Connection"))
        self.tabs.addTab(self.crm_tab, self.tr("CRM"))
        self.tabs.addTab(self._popup_tab(), self.tr("Popup"))
        self.tabs.addTab(self._presence_tab(), self.tr("Presence"))
        self.tabs.addTab(self.extra.recordings_tab(), self.tr("Recordings"))
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons())

    def _page(self, intro: str | None = None) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        outer.setSpacing(style.SPACING)
        if intro:
            outer.addWidget(style.label(intro, "subtitle", wrap=True))
        form = style.form_layout()
        outer.addLayout(form)
        outer.addStretch(1)
        return page, form

    def _edit(self, name: str, default: str = "", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(str(_get(self._profile, name, default)))
        edit.setPlaceholderText(placeholder)
        return edit

    def _connection_tab(self) -> QWidget:
        page, form = self._page()
        self._pbx_rows(form)
        self._phone_rows(form)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        form.addRow("", test_row)
        self.check_list = CheckList()
        outer = page.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(outer.count() - 1, self.check_list, 1)
        return page

    def _pbx_rows(self, form: QFormLayout) -> None:
        self.host_edit = self._edit("ami_host", placeholder="pbx.example.com")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(int(_get(self._profile, "ami_port", 5038)))
        self.tls_check = style.check_box(self.tr("TLS"), _get(self._profile, "ami_tls", False))
        host_row = QHBoxLayout()
        host_row.setSpacing(8)
        host_row.addWidget(self.host_edit, 1)
        host_row.addSpacing(4)
        host_row.addWidget(style.label(self.tr("Port:")))
        host_row.addWidget(self.port_spin)
        host_row.addWidget(self.tls_check)
        form.addRow(style.label(self.tr("PBX (Asterisk Manager Interface)"), "section"))
        style.add_row(form, self.tr("Host:"), host_row, self.host_edit)
        self.user_edit = self._edit("ami_user")
        style.add_row(form, self.tr("AMI user:"), self.user_edit)
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setPlaceholderText(self.tr("Leave empty to keep the saved secret"))
        style.add_row(form, self.tr("Secret:"), self.secret_edit)
        self.secret_rows.add_rows(form)
        self.secret_where = self.secret_rows.secret_where
        self.store_where = self.secret_rows.store_where
        self.passphrase_edit = self.secret_rows.passphrase_edit

    def _phone_rows(self, form: QFormLayout) -> None:
        form.addRow(style.label(self.tr("Your phone"), "section"))
        self.extension_edit = self._edit("extension", placeholder="101")
        self.extension_edit.textChanged.connect(self._suggest_endpoint)
        style.add_row(form, self.tr("Extension:"), self.extension_edit)
        self.endpoint_edit = self._edit("endpoint")
        style.add_row(form, self.tr("Device (endpoint):"), self.endpoint_edit)
        self.context_edit = self._edit("originate_context", "from-internal")
        style.add_row(form, self.tr("Originate context:"), self.context_edit)
        self.prefix_edit = self._edit(
            "caller_id_prefix", placeholder=self.tr("optional, e.g. CRM:")
        )
        style.add_row(form, self.tr("Caller ID prefix:"), self.prefix_edit)
        self._suggest_endpoint()

    def _popup_tab(self) -> QWidget:
        page, form = self._page(self.tr("The popup appears the moment your phone rings."))
        popup = _get(self._profile, "popup", None)
        self.internal_check = style.check_box(
            self.tr("Also show it for calls from colleagues (internal calls)"),
            _get(popup, "show_for_internal", False),
        )
        form.addRow(self.internal_check)
        self.autoclose_spin = QSpinBox()
        self.autoclose_spin.setRange(0, 3600)
        self.autoclose_spin.setMaximumWidth(160)
        self.autoclose_spin.setSuffix(self.tr(" s"))
        self.autoclose_spin.setSpecialValueText(self.tr("Never"))
        self.autoclose_spin.setValue(int(_get(popup, "auto_close_seconds", 0)))
        style.add_row(form, self.tr("Close after the call ends:"), self.autoclose_spin)
        names = (
            self.tr("Top right"),
            self.tr("Bottom right"),
            self.tr("Top left"),
            self.tr("Bottom left"),
        )
        self.position_combo = style.combo_box(
            list(zip(POSITIONS, names, strict=True)), _get(popup, "position", "bottom-right")
        )
        style.add_row(form, self.tr("Position on screen:"), self.position_combo)
        return page

    def _presence_tab(self) -> QWidget:
        page, form = self._page(
            self.tr(
                "How “Do not disturb” is set on the PBX. Ask your PBX admin which one your dialplan uses."
            )
        )
        self.dnd_group = QButtonGroup(self)
        texts = {
            "astdb": self.tr(
                "FreePBX DND (AstDB key DND/<extension>; the *76 / *78 feature codes)"
            ),
            "devstate": self.tr(
                "Custom device state (Custom:DND<extension>, for hand-written dialplans)"
            ),
        }
        for mode in DND_MODES:
            radio = QRadioButton(texts[mode])
            radio.setProperty("mode", mode)
            radio.setChecked(mode == _get(self._profile, "dnd_mode", "astdb"))
            self.dnd_group.addButton(radio)
            form.addRow(radio)
        self.extra.add_queue_rows(form)
        return page

    def _general_tab(self) -> QWidget:
        page, form = self._page()
        p = self._profile
        languages = (
            ("auto", self.tr("System default")),
            ("en", "English"),
            ("ru", "Русский"),
            ("uk", "Українська"),
        )
        self.language_combo = style.combo_box(languages, _get(p, "language", "auto"))
        style.add_row(form, self.tr("Language:"), self.language_combo)
        note = self.tr("Open windows switch to the new language as soon as you save.")
        form.addRow("", style.label(note, "muted", wrap=True))
        names = (self.tr("Russia"), self.tr("Ukraine"), self.tr("Kazakhstan"), self.tr("Belarus"))
        regions = [
            (key, f"{name} (+{REGIONS[key]})") for key, name in zip(REGIONS, names, strict=True)
        ]
        self.region_combo = style.combo_box(regions, _get(p, "region", "RU"))
        style.add_row(form, self.tr("Phone region:"), self.region_combo)
        note = self.tr("Numbers typed without a country code are read as this country's.")
        form.addRow("", style.label(note, "muted", wrap=True))
        self.autostart_check = style.check_box(
            self.tr("Start Ringside when I log in"), _get(p, "autostart", False)
        )
        form.addRow(self.autostart_check)
        form.addRow(style.label(self.extra.supervisor_text(), "muted", wrap=True))
        self.extra.add_hotkey_row(form)
        self.extra.add_dial_rows(form)
        return page

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(
            style.label(self.tr("Ringside {version}").format(version=__version__), "muted"), 1
        )
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        style.set_role(self.save_button, "primary")
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        row.addWidget(box)
        return row

    def _suggest_endpoint(self) -> None:
        ext = self.extension_edit.text().strip()
        self.endpoint_edit.setPlaceholderText(f"PJSIP/{ext}" if ext else "PJSIP/101")

    # -- results ------------------------------------------------------------
    def profile(self) -> Any:
        """The profile as currently edited (not saved); secrets never included.

        Raises the profile's own validation error (e.g. ``SettingsError``) for bad input.
        """
        crm, crm_config, _secrets = self.crm_tab.values()
        checked = self.dnd_group.checkedButton()
        changes: dict[str, Any] = {
            "ami_host": self.host_edit.text().strip(),
            "ami_port": self.port_spin.value(),
            "ami_tls": self.tls_check.isChecked(),
            "ami_user": self.user_edit.text().strip(),
            "extension": self.extension_edit.text().strip(),
            "endpoint": self.endpoint_edit.text().strip(),  # empty: PJSIP/<extension>
            "originate_context": self.context_edit.text().strip() or "from-internal",
            "caller_id_prefix": self.prefix_edit.text().strip(),
            "crm": crm,
            "crm_config": crm_config,
            "dnd_mode": checked.property("mode") if checked else "astdb",
            "language": self.language_combo.currentData(),
            "region": self.region_combo.currentData(),
            "autostart": self.autostart_check.isChecked(),
        } | self.extra.changes()
        popup = getattr(self._profile, "popup", None)
        if popup is not None and dataclasses.is_dataclass(popup):
            changes["popup"] = dataclasses.replace(
                popup,
                show_for_internal=self.internal_check.isChecked(),
                auto_close_seconds=self.autoclose_spin.value(),
                position=self.position_combo.currentData(),
            )
        known = {f.name for f in dataclasses.fields(self._profile)}
        return dataclasses.replace(
            self._profile, **{k: v for k, v in changes.items() if k in known and v is not None}
        )

    def secrets(self) -> dict[str, str]:
        """Secrets typed in this dialog (empty fields mean "keep the saved one")."""
        typed = {AMI_SECRET_KEY: self.secret_edit.text()} if self.secret_edit.text() else {}
        typed |= self.secret_rows.typed()
        return typed | self.crm_tab.values()[2] | self.extra.secrets()

    def save(self) -> None:
        try:
            self._on_save(self.profile(), self.secrets())
        except Exception as exc:  # e.g. the profile failed validation: say so, keep the dialog open
            self.error_banner.show_message(
                "error", self.tr("Settings were not saved: {reason}").format(reason=exc)
            )
            self._focus_field(str(getattr(exc, "field", "")))
            return
        self.accept()

    def _focus_field(self, name: str) -> None:
        """Show the tab and editor of a field named by a validation error (``ami_host``...)."""
        editors = {
            "ami_host": self.host_edit, "ami_port": self.port_spin, "ami_user": self.user_edit,
            "extension": self.extension_edit, "endpoint": self.endpoint_edit,
            "originate_context": self.context_edit, "caller_id_prefix": self.prefix_edit,
            "region": self.region_combo, "crm": self.crm_tab.combo,
        }  # fmt: skip
        editor = editors.get(name.split(".")[0]) or (
            self.crm_tab if name.startswith("crm") else None
        )
        if editor is None:
            return
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(editor) or self.tabs.widget(index) is editor:
                self.tabs.setCurrentIndex(index)
        editor.setFocus()

    # -- test connection ----------------------------------------------------
    def test_connection(self) -> None:
        self._set_testing(True)
        try:
            result = self._on_test(self.profile(), self.secret_edit.text())
        except Exception as exc:
            self.show_check_results([(self.tr("Test connection"), False, str(exc))])
            return
        if inspect.isawaitable(result):
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                if inspect.iscoroutine(result):
                    result.close()
                self.show_check_results(
                    [(self.tr("Test connection"), False, self.tr("no event loop is running"))]
                )
                return
            self._test_task = asyncio.ensure_future(result)
            self._test_task.add_done_callback(self._test_done)

    def _test_done(self, task: asyncio.Future[Any]) -> None:
        self._test_task = None
        if task.cancelled():
            self._set_testing(False)
        elif task.exception() is not None:
            self.show_check_results([(self.tr("Test connection"), False, str(task.exception()))])
        else:
            self.show_check_results(list(task.result() or []))

    def _set_testing(self, running: bool) -> None:
        self.test_button.setEnabled(not running)
        self.test_button.setText(self.tr("Testing…") if running else self.tr("Test connection"))
        if running:
            self.check_list.show_running()

    def show_check_results(self, results: CheckResults) -> None:
        """Show each doctor check as PASS/WARN/FAIL/SKIP with its message."""
        self._set_testing(False)
        self.check_list.show_results(results)

    def done(self, result: int) -> None:
        if self._test_task is not None:
            self._test_task.cancel()
        super().done(result)
