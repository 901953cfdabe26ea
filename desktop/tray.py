"""The tray icon (state at a glance, menu, missed-call badge) and its fallback window.

Where the desktop has a system tray, :class:`TrayController` shows a
``QSystemTrayIcon`` whose picture says the state (disconnected, connecting,
ready, ringing, in a call, do-not-disturb), with a tooltip and a menu rebuilt
on ``aboutToShow``. Without one (GNOME without the AppIndicator extension,
offscreen), the same controls live in :class:`TrayPanel`, a small window that
remembers its place, is not always on top unless asked, and asks "quit or keep
running" when closed. Both call plain callables from :class:`TrayActions`.

One palette (:data:`PALETTE`, Okabe-Ito colours, safe for colour-blind eyes)
colours the icons and the panel; every state also has its own shape and its
name in words, so no state is told by colour alone. docs/operator-guide.md
lists it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.popup_style import panel_stylesheet

STATES = ("disconnected", "connecting", "ready", "ringing", "incall", "dnd")
STATE_TEXT = {
    "disconnected": "Disconnected",
    "connecting": "Connecting…",
    "ready": "Ready",
    "ringing": "Ringing",
    "incall": "In a call",
    "dnd": "Do not disturb",
    "failed": "Cannot connect",
}
# Okabe-Ito: distinguishable with protanopia, deuteranopia and tritanopia; each icon has its
# own shape too (hollow ring, open arc, handset, waves, speaking dot, bar).
PALETTE = {
    "disconnected": "#6B7280",  # grey, hollow ring
    "connecting": "#E69F00",  # amber (orange), open arc: connecting / unreachable, retrying
    "ready": "#009E73",  # bluish green, handset
    "ringing": "#0072B2",  # blue, handset with waves
    "incall": "#CC79A7",  # reddish purple, handset with a speaking dot
    "dnd": "#D55E00",  # vermillion, white bar (a "no entry" sign)
}
STATE_COLOR = PALETTE  # the name older code used
AMBER_TEXT = "#9A5B00"  # the connecting amber as text on white (contrast 5:1)
PAUSE_REASONS = ("Lunch", "Break", "Paperwork", "Training")
ICONS_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"


@dataclass(frozen=True, slots=True)
class TrayActions:
    dial: Callable[[], None]
    history: Callable[[], None]
    recordings: Callable[[], None]
    set_dnd: Callable[[bool], None]
    set_paused: Callable[[bool, str], None]
    settings: Callable[[], None]
    quit: Callable[[], None]
    dial_selection: Callable[[], None] | None = None  # "Dial selection / clipboard"
    contacts: Callable[[], None] | None = None  # the address book window


@dataclass(frozen=True, slots=True)
class TrayView:
    """Everything the tray shows; replaced as a whole on every change."""

    state: str = "disconnected"  # one of STATES ("failed" shows as disconnected)
    detail: str | None = None
    extension: str = ""
    dnd: bool = False
    paused: bool = False
    pause_reason: str | None = None
    missed: int = 0
    since: float | None = None  # when the outage began (epoch seconds)
    retrying: bool = False  # the link was lost and is being retried
    server: str = ""  # hub mode: the Ringside server's host (empty: this PC speaks AMI itself)

    @property
    def icon_state(self) -> str:
        if self.state in ("ringing", "incall"):
            return self.state
        if self.dnd and self.state == "ready":
            return "dnd"
        return self.state if self.state in STATES else "disconnected"

    @property
    def shown_state(self) -> str:
        """The state named in words: DND while ready is "Do not disturb", never "Ready"."""
        return "dnd" if self.icon_state == "dnd" else self.state

    def status_text(self) -> str:
        """The state in words, e.g. "PBX unreachable since 12:03, retrying"."""
        if self.state in ("connecting", "disconnected") and self.since and self.retrying:
            clock = time.strftime("%H:%M", time.localtime(self.since))
            return QCoreApplication.translate(
                "Tray", "PBX unreachable since {time}, retrying"
            ).format(time=clock)
        return QCoreApplication.translate(
            "Tray", STATE_TEXT.get(self.shown_state, self.shown_state)
        )

    def tooltip(self) -> str:
        lines = [f"Ringside — {self.status_text()}"]
        if self.extension:
            lines.append(
                QCoreApplication.translate("Tray", "Extension {ext}").format(ext=self.extension)
            )
        if self.server:
            lines.append(
                QCoreApplication.translate("Tray", "Ringside server {host}").format(
                    host=self.server
                )
            )
        if self.dnd:
            lines.append(QCoreApplication.translate("Tray", "Do not disturb"))
        if self.paused:
            lines.append(
                QCoreApplication.translate("Tray", "Paused: {reason}")
                .format(reason=QCoreApplication.translate("Tray", self.pause_reason or ""))
                .rstrip(": ")
            )
        if self.missed:
            lines.append(QCoreApplication.translate("Tray", "{n} missed").format(n=self.missed))
        if self.detail and self.state in ("disconnected", "failed", "connecting"):
            lines.append(self.detail)
        return "\n".join(lines)


def state_icon(state: str, missed: int = 0, size: int = 64) -> QIcon:
    """The tray picture for ``state``: the packaged SVG, or a drawn fallback; plus the badge."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    svg = ICONS_DIR / f"tray-{state}.svg"
    if svg.exists():
        QIcon(str(svg)).paint(painter, 0, 0, size, size)
    else:
        _draw_fallback(painter, state, size)
    if missed:
        _draw_badge(painter, missed, size)
    painter.end()
    return QIcon(pixmap)


def _draw_fallback(painter: QPainter, state: str, size: int) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(PALETTE.get(state, PALETTE["disconnected"])))
    painter.drawEllipse(QRectF(size * 0.06, size * 0.06, size * 0.88, size * 0.88))
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(int(size * 0.5))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "R")


def _draw_badge(painter: QPainter, missed: int, size: int) -> None:
    radius = size * 0.24
    center = QPointF(size - radius, radius)
    painter.setPen(QColor("white"))
    painter.setBrush(QColor("#dc2626"))
    painter.drawEllipse(center, radius, radius)
    font = QFont()
    font.setPixelSize(int(radius * 1.3))
    font.setBold(True)
    painter.setFont(font)
    text = str(missed) if missed < 10 else "9+"
    box = QRectF(center.x() - radius, center.y() - radius, radius * 2, radius * 2)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def fill_menu(menu: QMenu, view: TrayView, actions: TrayActions) -> None:
    """(Re)build the tray menu for the current view."""
    menu.clear()
    status = menu.addAction(view.status_text())
    status.setEnabled(False)
    menu.addSeparator()
    menu.addAction(QCoreApplication.translate("Tray", "Dial…"), actions.dial)
    if actions.dial_selection is not None:
        menu.addAction(
            QCoreApplication.translate("Tray", "Dial selection / clipboard"), actions.dial_selection
        )
    history = (
        QCoreApplication.translate("Tray", "History ({n} missed)").format(n=view.missed)
        if view.missed
        else QCoreApplication.translate("Tray", "History")
    )
    menu.addAction(history, actions.history)
    if actions.contacts is not None:
        menu.addAction(QCoreApplication.translate("Tray", "Contacts"), actions.contacts)
    menu.addAction(QCoreApplication.translate("Tray", "Recordings"), actions.recordings)
    menu.addSeparator()
    dnd = menu.addAction(QCoreApplication.translate("Tray", "Do not disturb"))
    dnd.setCheckable(True)
    dnd.setChecked(view.dnd)
    dnd.toggled.connect(actions.set_dnd)
    fill_pause_menu(
        menu.addMenu(QCoreApplication.translate("Tray", "Pause in queue")), view, actions
    )
    menu.addSeparator()
    menu.addAction(QCoreApplication.translate("Tray", "Settings"), actions.settings)
    menu.addAction(QCoreApplication.translate("Tray", "Quit"), actions.quit)


def fill_pause_menu(menu: QMenu, view: TrayView, actions: TrayActions) -> None:
    menu.clear()
    if view.paused:
        menu.addAction(
            QCoreApplication.translate("Tray", "Resume queue calls"),
            lambda: actions.set_paused(False, ""),
        )
        menu.addSeparator()
    for reason in PAUSE_REASONS:
        item = QAction(QCoreApplication.translate("Tray", reason), menu)
        item.setCheckable(True)
        item.setChecked(view.paused and view.pause_reason == reason)
        item.triggered.connect(lambda _=False, r=reason: actions.set_paused(True, r))
        menu.addAction(item)
    menu.addAction(QCoreApplication.translate("Tray", "Other…"), lambda: _ask_reason(actions))


def _ask_reason(actions: TrayActions) -> None:
    reason, ok = QInputDialog.getText(
        None,
        QCoreApplication.translate("Tray", "Pause reason"),
        QCoreApplication.translate("Tray", "Reason:"),
    )
    if ok:
        actions.set_paused(True, reason.strip())


class TrayPanel(QWidget):
    """The fallback: the tray's controls in a small window (a normal one: not always on top).

    It remembers where it was put (``QSettings``), and closing it asks whether to
    quit Ringside or keep it running with the panel minimized: without a tray a
    hidden panel would leave Ringside running with no window at all.
    """

    PLACE_KEY = "panel/geometry"

    def __init__(
        self, actions: TrayActions, *, on_top: bool = False, settings: QSettings | None = None
    ) -> None:
        flags = (
            Qt.WindowType.Window
            | Qt.WindowType.WindowMinimizeButtonHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        if on_top:
            flags |= Qt.WindowType.WindowStaysOnTopHint
        super().__init__(None, flags)
        self.place = settings if settings is not None else QSettings("Ringside", "Ringside")
        self.ask_on_close: Callable[[], str] = self._ask_quit_or_keep
        self.setObjectName("TrayPanel")
        self.setWindowTitle("Ringside")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.actions = actions
        self.view = TrayView()
        self.icon_label = QLabel()
        self.status_label = QLabel(objectName="status")
        self.detail_label = QLabel(objectName="detail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel(objectName="badge")
        self.dnd_button = QPushButton(
            QCoreApplication.translate("Tray", "Do not disturb"), checkable=True
        )
        self.dnd_button.clicked.connect(lambda on: actions.set_dnd(bool(on)))
        self.pause_button = QToolButton(
            text=QCoreApplication.translate("Tray", "Pause in queue"), checkable=True
        )
        self.pause_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pause_menu = QMenu(self.pause_button)
        self.pause_menu.aboutToShow.connect(self._fill_pause)
        self.pause_button.setMenu(self.pause_menu)
        self.history_button = QPushButton(
            QCoreApplication.translate("Tray", "History"), clicked=actions.history
        )
        self._layout()
        self.setStyleSheet(panel_stylesheet())
        self.setMinimumWidth(420)
        self.set_view(self.view)
        self.restore_place()

    # ------------------------------------------------------------ place and close
    def restore_place(self) -> bool:
        """Put the panel where the operator left it last time (False: first start)."""
        saved = self.place.value(self.PLACE_KEY)
        return bool(saved) and self.restoreGeometry(saved)  # type: ignore[arg-type]

    def save_place(self) -> None:
        self.place.setValue(self.PLACE_KEY, self.saveGeometry())
        self.place.sync()

    def moveEvent(self, event: object) -> None:
        super().moveEvent(event)  # type: ignore[arg-type]
        if self.isVisible():
            self.save_place()

    def _ask_quit_or_keep(self) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, "Ringside", QCoreApplication.translate(
            "Tray", "There is no tray icon on this desktop. Quit Ringside, or keep it running "
            "(popups keep coming; the panel stays in the task bar)?"), parent=self)  # fmt: skip
        quit_button = box.addButton(
            QCoreApplication.translate("Tray", "Quit Ringside"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        keep = box.addButton(
            QCoreApplication.translate("Tray", "Keep running"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "quit" if clicked is quit_button else "keep" if clicked is keep else "cancel"

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.isVisible() or getattr(self, "_closing", False):
            event.accept()
            return
        answer = self.ask_on_close()
        event.ignore()
        if answer == "quit":
            self.save_place()
            self.actions.quit()
        elif answer == "keep":
            self.save_place()
            self.showMinimized()

    def shutdown(self) -> None:
        """Hide for good (Quit): no question asked."""
        self._closing = True
        self.save_place()
        self.hide()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.icon_label)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.status_label)
        text.addWidget(self.detail_label)
        top.addLayout(text, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        row1 = QHBoxLayout()
        row1.addWidget(
            QPushButton(QCoreApplication.translate("Tray", "Dial…"), clicked=self.actions.dial)
        )
        if self.actions.dial_selection is not None:
            selection = QPushButton(
                QCoreApplication.translate("Tray", "Dial selection"),
                clicked=self.actions.dial_selection,
            )
            selection.setToolTip(QCoreApplication.translate("Tray", "Dial selection / clipboard"))
            row1.addWidget(selection)
        row1.addWidget(self.history_button)
        row1.addWidget(
            QPushButton(
                QCoreApplication.translate("Tray", "Recordings"), clicked=self.actions.recordings
            )
        )
        row2 = QHBoxLayout()
        row2.addWidget(self.dnd_button)
        row2.addWidget(self.pause_button)
        row3 = QHBoxLayout()
        row3.addWidget(
            QPushButton(
                QCoreApplication.translate("Tray", "Settings"), clicked=self.actions.settings
            )
        )
        row3.addStretch(1)
        row3.addWidget(
            QPushButton(QCoreApplication.translate("Tray", "Quit"), clicked=self.actions.quit)
        )
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 12, 14, 12)
        for row in (top, row1, row2, row3):
            box.addLayout(row)

    def show_detail(self, text: str) -> None:
        """The detail line, never cut: the panel grows to show every wrapped line."""
        self.detail_label.setText(text)
        self.detail_label.setVisible(bool(text))
        self.adjustSize()

    def _fill_pause(self) -> None:
        fill_pause_menu(self.pause_menu, self.view, self.actions)

    def set_view(self, view: TrayView) -> None:
        self.view = view
        self.icon_label.setPixmap(state_icon(view.icon_state, 0, 32).pixmap(32, 32))
        self.status_label.setText(view.status_text())
        # amber text (a darker shade of the icon's, readable on white) while the PBX is away
        self.status_label.setStyleSheet(
            f"color: {AMBER_TEXT};" if view.icon_state == "connecting" else ""
        )
        self.status_label.setProperty("state", view.icon_state)
        detail = (
            [QCoreApplication.translate("Tray", "Extension {ext}").format(ext=view.extension)]
            if view.extension
            else []
        )
        if view.server:
            detail.append(
                QCoreApplication.translate("Tray", "Ringside server {host}").format(
                    host=view.server
                )
            )
        if view.paused:
            detail.append(
                QCoreApplication.translate("Tray", "Paused: {reason}")
                .format(reason=QCoreApplication.translate("Tray", view.pause_reason or ""))
                .rstrip(": ")
            )
        if view.detail and view.state in ("disconnected", "failed", "connecting"):
            detail.append(view.detail)
        self.show_detail(" · ".join(detail))
        self.badge.setText(QCoreApplication.translate("Tray", "{n} missed").format(n=view.missed))
        self.badge.setVisible(view.missed > 0)
        self.dnd_button.setChecked(view.dnd)
        self.pause_button.setChecked(view.paused)
        self.setToolTip(view.tooltip())


class TrayController(QObject):
    """Shows the state through a tray icon, or through :class:`TrayPanel` without a tray."""

    def __init__(self, actions: TrayActions, *, use_tray: bool | None = None) -> None:
        super().__init__()
        self.actions = actions
        self.view = TrayView()
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        self.panel: TrayPanel | None = None
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._rebuild_menu)
        if use_tray:
            self.tray = QSystemTrayIcon(self)
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._on_activated)
        else:
            self.panel = TrayPanel(actions)
        self._rebuild_menu()
        self.set_view(self.view)

    def show(self) -> None:
        if self.tray is not None:
            self.tray.show()
        elif self.panel is not None:
            self.panel.adjustSize()
            self.panel.show()
            self.panel.restore_place()

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()
        if self.panel is not None:
            self.panel.shutdown()

    def _rebuild_menu(self) -> None:
        fill_menu(self.menu, self.view, self.actions)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.actions.history()

    def update(self, **changes: object) -> None:
        """Change some fields of the view (state, detail, dnd, paused, pause_reason, missed...)."""
        from dataclasses import replace

        self.set_view(replace(self.view, **changes))  # type: ignore[arg-type]

    def set_view(self, view: TrayView) -> None:
        self.view = view
        if self.tray is not None:
            self.tray.setIcon(state_icon(view.icon_state, view.missed))
            self.tray.setToolTip(view.tooltip())
        if self.panel is not None:
            self.panel.set_view(view)
            self.panel.setWindowIcon(state_icon(view.icon_state, view.missed))

    def notify(self, title: str, message: str) -> None:
        """A short message: tray balloon when there is a tray, else the panel's detail line."""
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 5000)
        elif self.panel is not None:
            self.panel.show_detail(message)
