"""Ringside's shared look: palette, icons, one stylesheet and a few styled building blocks.

Every Ringside window calls :func:`apply` once; widgets then pick a look by a
``role`` property (``set_role(button, "primary")``) instead of carrying their own
stylesheet, so spacing, colours and type stay consistent across the product.

Resources are found next to the source tree (``<repo>/resources``) or, in a
PyInstaller build, under ``sys._MEIPASS/resources`` (the spec copies them there).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QWidget,
)


def resources_dir() -> Path:
    """The folder holding icons/, translations/ and the .desktop file."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def icon_path(name: str) -> Path:
    """Path of ``resources/icons/<name>.svg`` (e.g. ``tray-ready``, ``call-missed``)."""
    return resource_path("icons", f"{name}.svg")


@cache
def icon(name: str) -> QIcon:
    """A QIcon from ``resources/icons/<name>.svg``; cached (QIcon is implicitly shared)."""
    return QIcon(str(icon_path(name)))


@cache
def app_icon() -> QIcon:
    """The application icon: the SVG plus every pre-rendered PNG size."""
    result = QIcon(str(icon_path("ringside")))
    for png in sorted(resource_path("icons", "png").glob("ringside-*.png")):
        result.addFile(str(png))
    return result


class Palette:
    """Colours used across Ringside (a light, neutral theme with one blue accent)."""

    TEXT = "#111827"
    TEXT_MUTED = "#6B7280"
    BORDER = "#D1D5DB"
    BORDER_SOFT = "#E5E7EB"
    SURFACE = "#FFFFFF"
    SURFACE_ALT = "#F9FAFB"
    SELECTION = "#DBEAFE"
    ACCENT = "#2563EB"
    ACCENT_HOVER = "#1D4ED8"
    SUCCESS = "#16A34A"
    SUCCESS_HOVER = "#15803D"
    DANGER = "#DC2626"
    WARNING_BG = "#FFFBEB"
    WARNING_BORDER = "#FCD34D"
    WARNING_TEXT = "#92400E"
    ERROR_BG = "#FEF2F2"
    ERROR_BORDER = "#FCA5A5"
    ERROR_TEXT = "#991B1B"
    INFO_BG = "#EFF6FF"
    INFO_BORDER = "#93C5FD"
    INFO_TEXT = "#1E40AF"


SPACING = 12  # between controls
MARGIN = 16  # around a window's content

P = Palette


def _url(name: str) -> str:
    return icon_path(name).as_posix()


STYLESHEET = f"""
QWidget[ringsideWindow="true"] {{ background: {P.SURFACE}; color: {P.TEXT}; }}
QLabel[role="title"] {{ font-size: 15pt; font-weight: 600; color: {P.TEXT}; }}
QLabel[role="subtitle"], QLabel[role="muted"] {{ color: {P.TEXT_MUTED}; }}
QLabel[role="section"] {{ font-weight: 600; color: {P.TEXT}; }}
QLabel[role="value"] {{ font-size: 12pt; font-weight: 600; color: {P.TEXT}; }}
QLabel[role="invalid"] {{ color: {P.DANGER}; }}
QLineEdit, QSpinBox, QComboBox, QPlainTextEdit, QDateTimeEdit {{
    border: 1px solid {P.BORDER}; border-radius: 6px; padding: 5px 8px;
    background: {P.SURFACE}; selection-background-color: {P.SELECTION}; selection-color: {P.TEXT};
}}
/* fields are 30px tall, as the buttons (spin boxes add 3px of their own) */
QLineEdit, QComboBox {{ min-height: 18px; }}
QSpinBox, QDateTimeEdit {{ min-height: 15px; }}
QLineEdit:focus, QSpinBox:focus, QComboBox:focus, QDateTimeEdit:focus {{ border: 1px solid {P.ACCENT}; }}
QDateTimeEdit {{ padding-right: 26px; }}
QDateTimeEdit::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 24px; border: none; }}
QDateTimeEdit::down-arrow {{ image: url({_url("chevron-down")}); width: 12px; height: 12px; }}
QLineEdit[role="big"] {{ font-size: 16pt; padding: 8px 10px; }}
QComboBox {{ padding-right: 26px; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 24px; border: none; }}
QComboBox::down-arrow {{ image: url({_url("chevron-down")}); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{
    border: 1px solid {P.BORDER}; background: {P.SURFACE}; outline: 0; padding: 4px;
    selection-background-color: {P.SELECTION}; selection-color: {P.TEXT};
}}
QSpinBox {{ padding-right: 24px; }}
QSpinBox::up-button, QSpinBox::down-button {{
    subcontrol-origin: border; width: 22px; border: none; border-left: 1px solid {P.BORDER_SOFT};
}}
QSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 6px; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; border-bottom-right-radius: 6px; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: {P.SURFACE_ALT}; }}
QSpinBox::up-arrow {{ image: url({_url("chevron-up")}); width: 10px; height: 10px; }}
QSpinBox::down-arrow {{ image: url({_url("chevron-down")}); width: 10px; height: 10px; }}
QCheckBox, QRadioButton {{ spacing: 8px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 16px; height: 16px; }}
QCheckBox::indicator:unchecked {{ image: url({_url("checkbox-off")}); }}
QCheckBox::indicator:checked {{ image: url({_url("checkbox-on")}); }}
QCheckBox::indicator:disabled {{ image: url({_url("checkbox-disabled")}); }}
QRadioButton::indicator:unchecked {{ image: url({_url("radio-off")}); }}
QRadioButton::indicator:checked {{ image: url({_url("radio-on")}); }}
QPushButton {{
    border: 1px solid {P.BORDER}; border-radius: 6px; padding: 6px 14px;
    background: {P.SURFACE}; color: {P.TEXT};
    min-height: 16px; /* a 16px icon's height: buttons with and without icons line up */
}}
QPushButton:hover {{ background: {P.SURFACE_ALT}; border-color: {P.TEXT_MUTED}; }}
QPushButton:disabled {{ color: #9CA3AF; border-color: {P.BORDER_SOFT}; }}
QPushButton[role="primary"] {{ background: {P.ACCENT}; border-color: {P.ACCENT}; color: white; font-weight: 600; }}
QPushButton[role="primary"]:hover {{ background: {P.ACCENT_HOVER}; }}
QPushButton[role="call"] {{ background: {P.SUCCESS}; border-color: {P.SUCCESS}; color: white; font-weight: 600; }}
QPushButton[role="call"]:hover {{ background: {P.SUCCESS_HOVER}; }}
QPushButton[role="primary"]:disabled, QPushButton[role="call"]:disabled {{
    background: #E5E7EB; border-color: #E5E7EB; color: #9CA3AF;
}}
QToolButton {{
    border: 1px solid {P.BORDER}; border-radius: 6px; padding: 5px 8px;
    background: {P.SURFACE}; color: {P.TEXT};
}}
QToolButton:hover {{ background: {P.SURFACE_ALT}; border-color: {P.TEXT_MUTED}; }}
QToolButton:disabled {{ color: #9CA3AF; border-color: {P.BORDER_SOFT}; }}
QPushButton[role="segment"] {{ border-radius: 0; padding: 6px 12px; margin: 0; }}
QPushButton[role="segment"]:checked {{ background: {P.SELECTION}; border-color: {P.ACCENT}; color: {P.INFO_TEXT}; }}
QFrame[role="banner-warning"] {{ background: {P.WARNING_BG}; border: 1px solid {P.WARNING_BORDER}; border-radius: 8px; }}
QFrame[role="banner-warning"] QLabel {{ color: {P.WARNING_TEXT}; }}
QFrame[role="banner-error"] {{ background: {P.ERROR_BG}; border: 1px solid {P.ERROR_BORDER}; border-radius: 8px; }}
QFrame[role="banner-error"] QLabel {{ color: {P.ERROR_TEXT}; }}
QFrame[role="banner-info"] {{ background: {P.INFO_BG}; border: 1px solid {P.INFO_BORDER}; border-radius: 8px; }}
QFrame[role="banner-info"] QLabel {{ color: {P.INFO_TEXT}; }}
QFrame[role="card"] {{ background: {P.SURFACE_ALT}; border: 1px solid {P.BORDER_SOFT}; border-radius: 8px; }}
QTableView, QListWidget {{
    border: 1px solid {P.BORDER_SOFT}; border-radius: 8px; background: {P.SURFACE};
    alternate-background-color: {P.SURFACE_ALT}; gridline-color: transparent;
    selection-background-color: {P.SELECTION}; selection-color: {P.TEXT};
}}
QTableView::item {{ padding: 0 5px; }}  /* + the style's 3px text margin = the header's 8px */
QListWidget::item {{ padding: 6px 8px; border-radius: 4px; }}
QListWidget::item:hover {{ background: {P.SURFACE_ALT}; }}
QHeaderView::section {{
    background: {P.SURFACE}; color: {P.TEXT_MUTED}; border: none;
    border-bottom: 1px solid {P.BORDER_SOFT}; padding: 6px 8px; font-weight: 600;
}}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle {{ background: {P.BORDER}; border-radius: 3px; min-height: 24px; min-width: 24px; }}
QScrollBar::handle:hover {{ background: #9CA3AF; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QTabWidget::pane {{ border: 1px solid {P.BORDER_SOFT}; border-radius: 8px; top: -1px; background: {P.SURFACE}; }}
QTabBar::tab {{ padding: 7px 14px; border: none; color: {P.TEXT_MUTED}; background: transparent; }}
QTabBar::tab:selected {{ color: {P.ACCENT}; border-bottom: 2px solid {P.ACCENT}; font-weight: 600; }}
QTabBar::tab:hover {{ color: {P.TEXT}; }}
"""


def apply(window: QWidget) -> None:
    """Give a top-level Ringside window the shared look and the app icon."""
    window.setProperty("ringsideWindow", True)
    window.setStyleSheet(STYLESHEET)
    window.setWindowIcon(app_icon())


def set_role(widget: QWidget, role: str) -> None:
    """Switch a widget's look (see STYLESHEET) and re-polish it so the change shows."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QLabel):
        style.unpolish(child)
        style.polish(child)


def form_layout() -> QFormLayout:
    """A QFormLayout with Ringside's spacing; add rows with :func:`add_row`."""
    form = QFormLayout()
    form.setHorizontalSpacing(SPACING)
    form.setVerticalSpacing(10)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


def add_row(
    form: QFormLayout, text: str, field: QWidget | QLayout, height_of: QWidget | None = None
) -> QLabel:
    """Add ``text: field``; the label is centred on the field (QFormLayout top-aligns it)."""
    caption = QLabel(text)
    probe = height_of or (field if isinstance(field, QWidget) else None)
    if probe is not None:
        caption.setMinimumHeight(probe.sizeHint().height())
    caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if isinstance(field, QWidget):
        caption.setBuddy(field)
    form.addRow(caption, field)
    return caption


def check_box(text: str, checked: object = False) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(bool(checked))
    return box


def combo_box(items: Sequence[tuple[str, str]], current: object = None) -> QComboBox:
    """A combo of ``(data, text)`` items with ``current`` (data) selected, else the first."""
    combo = QComboBox()
    for key, text in items:
        combo.addItem(text, key)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def label(text: str = "", role: str | None = None, *, wrap: bool = False) -> QLabel:
    """A QLabel with a role (``title``, ``subtitle``, ``muted``, ``section``, ``value``)."""
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    return widget


class Banner(QFrame):
    """A coloured message strip with an icon: kinds ``warning``, ``error`` and ``info``."""

    ICONS = {"warning": "warning", "error": "error", "info": "info"}

    def __init__(self, kind: str = "info", text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = QLabel()
        self._icon.setFixedSize(QSize(20, 20))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel(text)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(10)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.set_kind(kind)

    def set_kind(self, kind: str) -> None:
        self._kind = kind if kind in self.ICONS else "info"
        self._icon.setPixmap(icon(self.ICONS[self._kind]).pixmap(QSize(20, 20)))
        set_role(self, f"banner-{self._kind}")

    def kind(self) -> str:
        return self._kind

    def set_text(self, text: str) -> None:
        self._text.setText(text)

    def text(self) -> str:
        return self._text.text()

    def show_message(self, kind: str, text: str) -> None:
        self.set_kind(kind)
        self.set_text(text)
        self.show()
