"""The first-run window: connect to a Ringside server, to the PBX directly, or try the demo.

``ringside`` with no configured profile shows it instead of a dead-end question.

* **Connect to a Ringside server** (the hub): URL, user, password. The profile
  gets ``mode = "hub"``, ``hub_url`` and ``hub_user``; the password goes to the
  secret store only. The login goes through ``desktop.settings_glue.connect_hub``
  (``core.hub.client``); where this build has no hub client, the page says so
  and saves nothing.
* **Connect to the PBX directly**: host, AMI user, secret, extension. As you
  type (after a short pause) the doctor's checks run against the PBX - reachable,
  login, permissions - and show below; Save keeps the profile in
  ``settings.json`` and the secret in the keyring (or the encrypted secrets
  file: its passphrase is asked here when there is no keyring).
* **Try the demo**: a simulated PBX with its own profile; the real one is untouched.

``choice()`` is awaited by ``desktop.main``: ``"saved"``, ``"demo"`` or None
(the window was closed).
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.settings import Profile
from desktop.ui import style
from desktop.ui.settings_checks import CheckList

if TYPE_CHECKING:
    from desktop.settings_glue import SettingsController

CHECK_DELAY_MS = 900  # the doctor runs once typing pauses this long (a single-shot timer)


class ChoiceCard(QFrame):
    """A large choice: an icon, the choice in bold and a line saying what it means."""

    clicked = Signal()

    def __init__(self, title: str, text: str, icon: str) -> None:
        super().__init__()
        self.setObjectName("choice")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(
            "QFrame#choice { background: #ffffff; border: 1px solid #cbd5e1; border-radius: 10px; }"
            "QFrame#choice:hover, QFrame#choice:focus { border-color: #2563eb; background: #f8fafc; }"
            "QFrame#choice QLabel { background: transparent; border: none; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(14)
        picture = QLabel()
        picture.setPixmap(style.icon(icon).pixmap(24, 24))
        row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(style.label(title, "section"))
        words.addWidget(style.label(text, "muted", wrap=True))
        row.addLayout(words, 1)
        self.setAccessibleName(title)

    def click(self) -> None:
        self.clicked.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class FirstRunWindow(QWidget):
    """Three ways in; saves a profile (direct or hub) or picks the demo."""

    def __init__(self, controller: SettingsController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Welcome to Ringside"))
        style.apply(self)
        self._future: asyncio.Future[str | None] | None = None
        self._check_task: asyncio.Task[Any] | None = None
        self.checks: list[Any] = []
        self._timer = QTimer(
            self, singleShot=True, interval=CHECK_DELAY_MS, timeout=self.run_checks
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self._start_page())
        self.pages.addWidget(self._hub_page())
        self.pages.addWidget(self._direct_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(
            style.MARGIN + 8, style.MARGIN + 8, style.MARGIN + 8, style.MARGIN
        )
        layout.addWidget(self.pages)
        self.resize(600, 640)

    # ------------------------------------------------------------ pages
    def _start_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(style.label(self.tr("Welcome to Ringside"), "title"))
        box.addWidget(style.label(self.tr(
            "Ringside shows who is calling before you answer and calls customers back with one "
            "click. How does this computer reach your phone system?"), "subtitle", wrap=True))  # fmt: skip
        choices = (
            (self.tr("Connect to a Ringside server"),
             self.tr("Your company runs a Ringside server: sign in with the user your admin gave you."),
             lambda: self.pages.setCurrentIndex(1)),
            (self.tr("Connect to the PBX directly"),
             self.tr("Asterisk / FreePBX: the PBX address, an AMI user and its secret, your extension."),
             lambda: self.pages.setCurrentIndex(2)),
            (self.tr("Try the demo"),
             self.tr("A simulated PBX calls you every few seconds. It has its own settings; "
                     "nothing here is changed."),
             self.choose_demo),
        )  # fmt: skip
        self.choice_buttons: list[ChoiceCard] = []
        box.addSpacing(8)
        for (title, text, action), icon in zip(
            choices, ("info", "action-call-dark", "action-play"), strict=True
        ):
            button = ChoiceCard(title, text, icon)
            button.clicked.connect(action)
            self.choice_buttons.append(button)
            box.addWidget(button)
        box.addStretch(1)
        return page

    def _back_row(self, save: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        back = QPushButton(self.tr("Back"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        row.addWidget(back)
        row.addStretch(1)
        style.set_role(save, "primary")
        row.addWidget(save)
        return row

    def _hub_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(style.label(self.tr("Connect to a Ringside server"), "title"))
        form = style.form_layout()
        self.hub_url_edit = QLineEdit(placeholderText="https://ringside.example.com:8443")
        self.hub_user_edit = QLineEdit()
        self.hub_password_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        style.add_row(form, self.tr("Server URL:"), self.hub_url_edit)
        style.add_row(form, self.tr("User:"), self.hub_user_edit)
        style.add_row(form, self.tr("Password:"), self.hub_password_edit)
        box.addLayout(form)
        self.hub_banner = style.Banner("error")
        self.hub_banner.hide()
        box.addWidget(self.hub_banner)
        box.addStretch(1)
        self.hub_button = QPushButton(self.tr("Connect"))
        self.hub_button.clicked.connect(self.connect_hub)
        box.addLayout(self._back_row(self.hub_button))
        return page

    def _direct_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(style.label(self.tr("Connect to the PBX directly"), "title"))
        box.addWidget(style.label(self.tr(
            "Use an AMI user from manager.conf (FreePBX: Settings → Asterisk Manager Users), "
            "not your FreePBX web login."), "subtitle", wrap=True))  # fmt: skip
        form = style.form_layout()
        self.host_edit = QLineEdit(placeholderText="pbx.example.com")
        self.port_spin = QSpinBox(minimum=1, maximum=65535, value=5038)
        self.port_spin.setMaximumWidth(96)
        host_row = QHBoxLayout()
        host_row.setSpacing(8)
        host_row.addWidget(self.host_edit, 1)
        host_row.addSpacing(6)
        host_row.addWidget(style.label(self.tr("Port:")))
        host_row.addWidget(self.port_spin)
        self.user_edit = QLineEdit(placeholderText="ringside")
        self.secret_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.extension_edit = QLineEdit(placeholderText="101")
        style.add_row(form, self.tr("PBX host:"), host_row, self.host_edit)
        style.add_row(form, self.tr("AMI user:"), self.user_edit)
        style.add_row(form, self.tr("Secret:"), self.secret_edit)
        style.add_row(form, self.tr("Your extension:"), self.extension_edit)
        secrets = self.controller.secrets
        self.passphrase_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("at least 8 characters"))
        if secrets.kind == "file":
            style.add_row(form, self.tr("File passphrase:"), self.passphrase_edit)
        box.addLayout(form)
        where = {
            "keyring": self.tr("The secret is saved in the system keyring."),
            "file": self.tr("No system keyring here: the secret is saved in an encrypted file, "
                            "protected by the passphrase you choose."),
            "memory": self.tr("No system keyring here: the secret is kept only until Ringside quits "
                              "(or set RINGSIDE_AMI_SECRET)."),
        }[secrets.kind]  # fmt: skip
        self.where_label = style.label(where, "muted", wrap=True)
        box.addWidget(self.where_label)
        self.check_list = CheckList()
        box.addWidget(self.check_list, 1)
        self.direct_banner = style.Banner("error")
        self.direct_banner.hide()
        box.addWidget(self.direct_banner)
        self.save_button = QPushButton(self.tr("Save and connect"))
        self.save_button.clicked.connect(self.save_direct)
        box.addLayout(self._back_row(self.save_button))
        for edit in (self.host_edit, self.user_edit, self.secret_edit, self.extension_edit):
            edit.textChanged.connect(self._typed)
        self.port_spin.valueChanged.connect(self._typed)
        self._typed()
        return page

    # ------------------------------------------------------------ direct
    def direct_profile(self) -> Profile:
        """The profile as typed (raises ``SettingsError`` naming the bad field)."""
        base = self.controller.profile()
        return dataclasses.replace(
            base, mode="direct", ami_host=self.host_edit.text().strip(), ami_port=self.port_spin.value(),
            ami_user=self.user_edit.text().strip(), extension=self.extension_edit.text().strip(),
        )  # fmt: skip

    def _complete(self) -> bool:
        return all(
            e.text().strip()
            for e in (self.host_edit, self.user_edit, self.secret_edit, self.extension_edit)
        )

    def _typed(self) -> None:
        self.save_button.setEnabled(self._complete())
        self.direct_banner.hide()
        if self._complete():
            self._timer.start()  # restarts: the checks run once typing pauses

    def run_checks(self) -> None:
        """The doctor against what is typed: reachable, login, permissions."""
        from desktop.settings_glue import test_connection

        try:
            profile = self.direct_profile()
        except ValueError as exc:
            self.direct_banner.show_message("error", str(exc))
            return
        if self._check_task is not None:
            self._check_task.cancel()
        self.check_list.show_running()
        coro = test_connection(profile, self.secret_edit.text(), self.controller)
        self._check_task = asyncio.get_running_loop().create_task(coro)
        self._check_task.add_done_callback(self._checked)

    def _checked(self, task: asyncio.Task[Any]) -> None:
        if task is not self._check_task or task.cancelled():
            return
        self._check_task = None
        error = task.exception()
        self.checks = [("Test connection", False, str(error))] if error else list(task.result())
        self.check_list.show_results(self.checks)

    def save_direct(self) -> None:
        from desktop.settings_glue import supervisor_rights

        try:
            profile = self.direct_profile()
        except ValueError as exc:
            self.direct_banner.show_message(
                "error", self.tr("Not saved: {reason}").format(reason=exc)
            )
            return
        profile = dataclasses.replace(profile, supervisor_rights=supervisor_rights(self.checks))
        secrets = {"ami": self.secret_edit.text()}
        if self.passphrase_edit.text():
            secrets["passphrase"] = self.passphrase_edit.text()
        self._save(profile, secrets, self.direct_banner)

    def _save(self, profile: Profile, secrets: dict[str, str], banner: style.Banner) -> None:
        task = asyncio.get_running_loop().create_task(
            asyncio.to_thread(self.controller.save, profile, secrets)
        )

        def saved(t: asyncio.Task[Any]) -> None:
            if t.cancelled():
                return
            if t.exception() is not None:
                banner.show_message(
                    "error", self.tr("Not saved: {reason}").format(reason=t.exception())
                )
                return
            self._resolve("saved")

        task.add_done_callback(saved)

    # ------------------------------------------------------------ hub
    def connect_hub(self) -> None:
        from desktop.settings_glue import HubUnavailable, connect_hub

        url, user = self.hub_url_edit.text().strip(), self.hub_user_edit.text().strip()
        password = self.hub_password_edit.text()
        if not (url and user and password):
            self.hub_banner.show_message(
                "error", self.tr("Fill in the server URL, the user and the password.")
            )
            return
        try:
            profile = dataclasses.replace(
                self.controller.profile(), mode="hub", hub_url=url, hub_user=user
            )
        except ValueError as exc:
            self.hub_banner.show_message("error", self.tr("Not saved: {reason}").format(reason=exc))
            return
        self.hub_button.setEnabled(False)
        task = asyncio.get_running_loop().create_task(connect_hub(profile, password))

        def connected(t: asyncio.Task[Any]) -> None:
            self.hub_button.setEnabled(True)
            if t.cancelled():
                return
            exc = t.exception()
            if isinstance(exc, HubUnavailable):
                self.hub_banner.show_message("warning", self.tr(
                    "This version of Ringside cannot connect to a Ringside server yet. Nothing was "
                    "saved: connect to the PBX directly, or ask your admin for an update."))  # fmt: skip
            elif exc is not None:
                self.hub_banner.show_message(
                    "error", self.tr("Could not sign in: {reason}").format(reason=exc)
                )
            else:
                role_profile, token = t.result()
                self.show_signed_in(role_profile)
                self._save(role_profile, {"hub": token}, self.hub_banner)

        task.add_done_callback(connected)

    def show_signed_in(self, profile: Profile) -> None:
        """What the server said about this user: the extension and the role it gave."""
        role = self.tr("supervisor") if profile.hub_role == "supervisor" else self.tr("operator")
        self.hub_banner.show_message("info", self.tr("Signed in as {user}: extension {extension}, {role}.").format(
            user=profile.hub_user, extension=profile.extension, role=role))  # fmt: skip

    def sign_in_again(self, reason: str) -> asyncio.Future[str | None]:
        """The Ringside server page for a token that was revoked or expired: the saved
        address and user filled in, the reason in words; resolves like :meth:`choice`."""
        self.prepare_sign_in(reason)
        return self.choice()

    def prepare_sign_in(self, reason: str) -> None:
        profile = self.controller.profile()
        self.setWindowTitle(self.tr("Sign in to the Ringside server"))
        self.pages.setCurrentIndex(1)
        self.hub_url_edit.setText(profile.hub_url)
        self.hub_user_edit.setText(profile.hub_user)
        self.hub_banner.show_message("warning", self.tr(
            "You are signed out of the Ringside server: enter your password to keep receiving "
            "calls. The server said: {reason}").format(reason=reason))  # fmt: skip
        self.hub_password_edit.setFocus()

    # ------------------------------------------------------------ result
    def choose_demo(self) -> None:
        self._resolve("demo")

    def choice(self) -> asyncio.Future[str | None]:
        """Show the window; the future resolves with ``saved``, ``demo`` or None (closed)."""
        self._future = asyncio.get_running_loop().create_future()
        self.show()
        self.raise_()
        return self._future

    def _resolve(self, value: str | None) -> None:
        if self._future is not None and not self._future.done():
            self._future.set_result(value)
        self._timer.stop()
        if self._check_task is not None:
            self._check_task.cancel()
        self.hide()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._resolve(None)
        super().closeEvent(event)
