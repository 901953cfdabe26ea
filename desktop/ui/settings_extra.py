"""More settings rows: the recordings gateway tab, queue membership, the dial hotkey, dial rules.

:class:`ExtraSettings` builds its widgets into the settings dialog's pages and
hands back the profile changes (``changes()``) and the typed secrets
(``secrets()``: the gateway's bearer token under ``RECORDINGS_TOKEN_KEY``; it is
never prefilled, an empty field keeps the saved one).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from core.phone import DialRules
from desktop.ui import style


def _get(profile: Any, name: str, default: Any) -> Any:
    value = getattr(profile, name, default)
    return default if value is None else value


RECORDINGS_TOKEN_KEY = "recordings"  # desktop.settings_glue.RECORDINGS_SECRET


def hotkey_problem() -> str | None:
    """Why the global hotkey cannot work in this session (offscreen, Wayland...), or None."""
    from desktop.hotkey import platform_problem

    return platform_problem()


class ExtraSettings(QObject):
    """Recordings gateway URL + token, queue member + queues, global dial hotkey."""

    def __init__(self, profile: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profile = profile

    def _edit(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(str(getattr(self._profile, name, "") or ""))
        edit.setPlaceholderText(placeholder)
        return edit

    def recordings_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        intro = self.tr(
            "Ringside's recording gateway runs next to the PBX and lets you search every call "
            "and play it through expiring links. Without it you see your own recorded calls only."
        )
        outer.addWidget(style.label(intro, "subtitle", wrap=True))
        form = style.form_layout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.recordings_url_edit = self._edit("recordings_url", "https://pbx.example.com:8443")
        style.add_row(form, self.tr("Gateway URL:"), self.recordings_url_edit)
        self.recordings_token_edit = QLineEdit()
        self.recordings_token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.recordings_token_edit.setPlaceholderText(self.tr("Saved in the system keyring"))
        style.add_row(form, self.tr("Access token:"), self.recordings_token_edit)
        note = self.tr("The token is one of the gateway's api_tokens; ask your PBX admin.")
        form.addRow("", style.label(note, "muted", wrap=True))
        return page

    def add_queue_rows(self, form: QFormLayout) -> None:
        form.addRow(style.label(self.tr("Queue pause"), "section"))
        self.queue_interface_edit = self._edit("queue_interface", "Local/101@from-queue/n")
        style.add_row(form, self.tr("Queue member:"), self.queue_interface_edit)
        self.queues_edit = self._edit("queues", self.tr("all queues"))
        style.add_row(form, self.tr("Queues:"), self.queues_edit)
        note = self.tr(
            "FreePBX adds operators to queues as Local/<extension>@from-queue/n; leave empty to use "
            "your device (PJSIP/101). Queues: comma-separated names, empty for all."
        )
        form.addRow("", style.label(note, "muted", wrap=True))

    def add_hotkey_row(self, form: QFormLayout) -> None:
        self.hotkey_check = style.check_box(
            self.tr("Global hotkey dials the selected number:"), bool(self._profile_hotkey())
        )
        self.hotkey_edit = QLineEdit(self._profile_hotkey() or "Ctrl+Alt+D")
        self.hotkey_edit.setMaximumWidth(160)
        form.addRow(self.hotkey_check, self.hotkey_edit)
        problem = hotkey_problem()
        if problem:
            tip = self.tr("Not available here: {reason}").format(reason=problem)
            for widget in (self.hotkey_check, self.hotkey_edit):
                widget.setToolTip(tip)
            form.addRow("", style.label(tip, "muted", wrap=True))

    def add_dial_rows(self, form: QFormLayout) -> None:
        """How numbers are dialled: outbound, national and international prefixes, or +E.164."""
        form.addRow(style.label(self.tr("Dialling"), "section"))
        national, international = DialRules(str(getattr(self._profile, "region", "RU"))).prefixes()
        self.outbound_edit = self._edit("dial_outbound_prefix", self.tr("none"))
        self.outbound_edit.setMaximumWidth(120)
        style.add_row(form, self.tr("Outside line prefix:"), self.outbound_edit)
        self.national_edit = self._edit("dial_national_prefix", national)
        self.national_edit.setMaximumWidth(120)
        style.add_row(form, self.tr("National prefix:"), self.national_edit)
        self.international_edit = self._edit("dial_international_prefix", international)
        self.international_edit.setMaximumWidth(120)
        style.add_row(form, self.tr("International prefix:"), self.international_edit)
        self.keep_plus_check = style.check_box(
            self.tr("The PBX takes numbers as +E.164 (send them unchanged)"),
            bool(getattr(self._profile, "dial_keep_plus", False)),
        )
        form.addRow(self.keep_plus_check)
        note = self.tr(
            "Empty prefixes use the phone region's own (Russia: 8 and 810). The dialer shows "
            "what the PBX will get."
        )
        form.addRow("", style.label(note, "muted", wrap=True))

    def supervisor_text(self) -> str:
        """Supervisor tools are granted, not ticked: say who decides and why they are off."""
        if _get(self._profile, "mode", "direct") == "hub":
            if _get(self._profile, "hub_role", "operator") == "supervisor":
                return self.tr("Supervisor tools: on (your role on the Ringside server)")
            return self.tr("Supervisor tools: off (your role on the Ringside server decides)")
        if not _get(self._profile, "is_supervisor", False):
            return self.tr("Supervisor tools: off (your admin turns them on for this profile)")
        if not _get(self._profile, "supervisor_rights", False):
            return self.tr(
                "Supervisor tools: allowed by your admin, off until Test connection confirms "
                "the AMI user's rights (originate, list channels)"
            )
        return self.tr("Supervisor tools: on (allowed by your admin, AMI rights checked)")

    def _profile_hotkey(self) -> str:
        return str(getattr(self._profile, "dial_hotkey", "Ctrl+Alt+D") or "")

    def changes(self) -> dict[str, Any]:
        hotkey = self.hotkey_edit.text().strip() if self.hotkey_check.isChecked() else ""
        return {
            "recordings_url": self.recordings_url_edit.text().strip().rstrip("/"),
            "queue_interface": self.queue_interface_edit.text().strip(),
            "queues": ",".join(q.strip() for q in self.queues_edit.text().split(",") if q.strip()),
            "dial_hotkey": hotkey,
            "dial_outbound_prefix": self.outbound_edit.text().strip(),
            "dial_national_prefix": self.national_edit.text().strip(),
            "dial_international_prefix": self.international_edit.text().strip(),
            "dial_keep_plus": self.keep_plus_check.isChecked(),
        }

    def secrets(self) -> dict[str, str]:
        token = self.recordings_token_edit.text().strip()
        return {RECORDINGS_TOKEN_KEY: token} if token else {}
