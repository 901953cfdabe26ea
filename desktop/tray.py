"""The tray icon (state at a glance, menu, missed-call badge) and its fallback window.

Where the desktop has a system tray, :class:`TrayController` shows a
``QSystemTrayIcon`` whose picture says the state (disconnected, connecting,
ready, ringing, in a call, do-not-disturb), with a tooltip and a menu rebuilt
on ``aboutToShow``. Without one (GNOME without the AppIndicator extension,
offscreen), the same controls live in :class:`TrayPanel`, a small
always-on-top window. Both call plain callables from :class:`TrayActions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
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
STATE_COLOR = {
    "disconnected": "#94a3b8",
    "connecting": "#f59e0b",
    "ready": "#16a34a",
    "ringing": "#2563eb",
    "incall": "#0d9488",
    "dnd": "#dc2626",
}
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

    @property
    def icon_state(self) -> str:
        if self.state in ("ringing", "incall"):
            return self.state
        if self.dnd and self.state == "ready":
            return "dnd"
        return self.state if self.state in STATES else "disconnected"

    def tooltip(self) -> str:
        lines = [f"Ringside — {QCoreApplication.translate('Tray', STATE_TEXT.get(self.state, self.state))}"]
        if self.extension:
            lines.append(QCoreApplication.translate("Tray", "Extension {ext}").format(ext=self.extension))
        if self.dnd:
            lines.append(QCoreApplication.translate("Tray", "Do not disturb"))
        if self.paused:
            lines.append(QCoreApplication.translate("Tray", "Paused: {reason}").format(reason=QCoreApplication.translate("Tray", self.pause_reason or "")).rstrip(": "))
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
    painter.setBrush(QColor(STATE_COLOR.get(state, "#94a3b8")))
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
    status = menu.addAction(f"{QCoreApplication.translate('Tray', STATE_TEXT.get(view.state, view.state))}")
    status.setEnabled(False)
    menu.addSeparator()
    menu.addAction(QCoreApplication.translate("Tray", "Dial…"), actions.dial)
    if actions.dial_selection is not None:
        menu.addAction(QCoreApplication.translate("Tray", "Dial selection / clipboard"), actions.dial_selection)
    history = QCoreApplication.translate("Tray", "History ({n} missed)").format(n=view.missed) if view.missed else QCoreApplication.translate("Tray", "History")
    menu.addAction(history, actions.history)
    menu.addAction(QCoreApplication.translate("Tray", "Recordings"), actions.recordings)
    menu.addSeparator()
    dnd = menu.addAction(QCoreApplication.translate("Tray", "Do not disturb"))
    dnd.setCheckable(True)
    dnd.setChecked(view.dnd)
    dnd.toggled.connect(actions.set_dnd)
    fill_pause_menu(menu.addMenu(QCoreApplication.translate("Tray", "Pause in queue")), view, actions)
    menu.addSeparator()
    menu.addAction(QCoreApplication.translate("Tray", "Settings"), actions.settings)
    menu.addAction(QCoreApplication.translate("Tray", "Quit"), actions.quit)


def fill_pause_menu(menu: QMenu, view: TrayView, actions: TrayActions) -> None:
    menu.clear()
    if view.paused:
        menu.addAction(QCoreApplication.translate("Tray", "Resume queue calls"), lambda: actions.set_paused(False, ""))
        menu.addSeparator()
    for reason in PAUSE_REASONS:
        item = QAction(QCoreApplication.translate("Tray", reason), menu)
        item.setCheckable(True)
        item.setChecked(view.paused and view.pause_reason == reason)
        item.triggered.connect(lambda _=False, r=reason: actions.set_paused(True, r))
        menu.addAction(item)
    menu.addAction(QCoreApplication.translate("Tray", "Other…"), lambda: _ask_reason(actions))


def _ask_reason(actions: TrayActions) -> None:
    reason, ok = QInputDialog.getText(None, QCoreApplication.translate("Tray", "Pause reason"), QCoreApplication.translate("Tray", "Reason:"))
    if ok:
        actions.set_paused(True, reason.strip())


class TrayPanel(QWidget):
    """The fallback: the tray's controls in a small always-on-top window."""

    def __init__(self, actions: TrayActions) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("TrayPanel")
        self.setWindowTitle("Ringside")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.actions = actions
        self.view = TrayView()
        self.icon_label = QLabel()
        self.status_label = QLabel(objectName="status")
        self.detail_label = QLabel(objectName="detail")
        self.detail_label.setWordWrap(True)
        self.badge = QLabel(objectName="badge")
        self.dnd_button = QPushButton(QCoreApplication.translate("Tray", "Do not disturb"), checkable=True)
        self.dnd_button.clicked.connect(lambda on: actions.set_dnd(bool(on)))
        self.pause_button = QToolButton(text=QCoreApplication.translate("Tray", "Pause in queue"), checkable=True)
        self.pause_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pause_menu = QMenu(self.pause_button)
        self.pause_menu.aboutToShow.connect(self._fill_pause)
        self.pause_button.setMenu(self.pause_menu)
        self.history_button = QPushButton(QCoreApplication.translate("Tray", "History"), clicked=actions.history)
        self._layout()
        self.setStyleSheet(panel_stylesheet())
        self.setMinimumWidth(420)
        self.set_view(self.view)

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
        row1.addWidget(QPushButton(QCoreApplication.translate("Tray", "Dial…"), clicked=self.actions.dial))
        if self.actions.dial_selection is not None:
            selection = QPushButton(QCoreApplication.translate("Tray", "Dial selection"), clicked=self.actions.dial_selection)
            selection.setToolTip(QCoreApplication.translate("Tray", "Dial selection / clipboard"))
            row1.addWidget(selection)
        row1.addWidget(self.history_button)
        row1.addWidget(QPushButton(QCoreApplication.translate("Tray", "Recordings"), clicked=self.actions.recordings))
        row2 = QHBoxLayout()
        row2.addWidget(self.dnd_button)
        row2.addWidget(self.pause_button)
        row3 = QHBoxLayout()
        row3.addWidget(QPushButton(QCoreApplication.translate("Tray", "Settings"), clicked=self.actions.settings))
        row3.addStretch(1)
        row3.addWidget(QPushButton(QCoreApplication.translate("Tray", "Quit"), clicked=self.actions.quit))
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 12, 14, 12)
        for row in (top, row1, row2, row3):
            box.addLayout(row)

    def _fill_pause(self) -> None:
        fill_pause_menu(self.pause_menu, self.view, self.actions)

    def set_view(self, view: TrayView) -> None:
        self.view = view
        self.icon_label.setPixmap(state_icon(view.icon_state, 0, 32).pixmap(32, 32))
        self.status_label.setText(QCoreApplication.translate("Tray", STATE_TEXT.get(view.state, view.state)))
        detail = [QCoreApplication.translate("Tray", "Extension {ext}").format(ext=view.extension)] if view.extension else []
        if view.paused:
            detail.append(QCoreApplication.translate("Tray", "Paused: {reason}").format(reason=QCoreApplication.translate("Tray", view.pause_reason or "")).rstrip(": "))
        if view.detail and view.state in ("disconnected", "failed", "connecting"):
            detail.append(view.detail)
        self.detail_label.setText(" · ".join(detail))
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

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()
        if self.panel is not None:
            self.panel.hide()

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
            self.panel.detail_label.setText(message)
