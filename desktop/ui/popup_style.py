"""Look of the call popup and the tray fallback window: colours per call state, stylesheet.

Text goes through Qt's catalogue (desktop.i18n, resources/translations): the popup
uses the ``CallPopup`` context, the tray ``Tray``; strings they pick at run time
(disposition codes, tray states, pause reasons) are marked for lupdate in
``desktop.i18n.RUNTIME_STRINGS``. Module-level code uses ``desktop.text.tr``.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from core.crm.types import Contact

CONTEXT = "CallPopup"


STATE_COLORS = {
    "ringing": "#2563eb",
    "incall": "#16a34a",
    "aftercall": "#0d9488",
    "missed": "#dc2626",
    "elsewhere": "#64748b",
    "ended": "#64748b",
}


def popup_stylesheet() -> str:
    accents = "\n".join(
        f'QFrame#card[state="{state}"] {{ border-left: 5px solid {color}; }}\n'
        f'QLabel#state[state="{state}"] {{ color: {color}; }}'
        for state, color in STATE_COLORS.items()
    )
    return (
        """
QFrame#card {
    background: #ffffff;
    border: 1px solid #d7dde6;
    border-radius: 14px;
}
QFrame#card[state="elsewhere"], QFrame#card[state="ended"] { background: #f1f5f9; }
QLabel { color: #0f172a; font-size: 13px; }
QLabel#state { font-size: 11px; font-weight: 700; letter-spacing: 1px; }
QLabel#number { font-size: 22px; font-weight: 700; color: #0f172a; }
QLabel#sub { color: #475569; font-size: 12px; }
QFrame#crm { background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 10px; }
QLabel#name { font-size: 16px; font-weight: 600; }
QLabel#name[muted="true"] { color: #64748b; font-weight: 500; font-size: 14px; }
QLabel#name[possible="true"] { color: #92400e; font-weight: 600; font-size: 14px; }
QLabel#timer { color: #16a34a; font-size: 13px; font-weight: 700; }
QLabel#message { color: #475569; font-size: 12px; }
QPushButton#confirm { background: #fef3c7; border: 1px solid #f59e0b; color: #78350f; }
QPushButton#confirm:hover { background: #fde68a; }
QPushButton#danger { background: #dc2626; color: white; border: 1px solid #b91c1c; }
QPushButton#danger:hover { background: #b91c1c; }
QLineEdit { border: 1px solid #cbd5e1; border-radius: 8px; padding: 4px 8px; background: white; font-size: 12px; }
QLabel#details { color: #334155; font-size: 12px; }
QPushButton {
    background: #eef2f7; color: #0f172a; border: 1px solid #d7dde6;
    border-radius: 8px; padding: 6px 10px; font-size: 12px;
}
QPushButton:hover { background: #e2e8f0; }
QPushButton:disabled { color: #94a3b8; background: #f1f5f9; }
QPushButton#primary { background: #2563eb; color: white; border: 1px solid #1d4ed8; }
QPushButton#primary:hover { background: #1d4ed8; }
QPushButton#primary:disabled { background: #93c5fd; border-color: #93c5fd; }
QPushButton#close { background: transparent; border: none; color: #64748b; padding: 2px 6px; font-size: 14px; }
QPushButton#close:hover { color: #0f172a; }
QPushButton#link { background: transparent; border: none; color: #2563eb; padding: 2px 0; text-align: left; }
QPlainTextEdit { border: 1px solid #cbd5e1; border-radius: 8px; padding: 4px; background: white; font-size: 12px; }
QComboBox { border: 1px solid #cbd5e1; border-radius: 8px; padding: 4px 8px; background: white; font-size: 12px; }
QComboBox::drop-down { border: none; width: 20px; }
"""
        + accents
    )


def panel_stylesheet() -> str:
    """The tray fallback window."""
    return """
QWidget#TrayPanel { background: #ffffff; }
QLabel#status { font-size: 13px; font-weight: 600; color: #0f172a; }
QLabel#detail { font-size: 11px; color: #64748b; }
QLabel#badge { background: #dc2626; color: white; border-radius: 8px; padding: 1px 8px; font-size: 11px; font-weight: 700; }
QPushButton, QToolButton {
    background: #eef2f7; color: #0f172a; border: 1px solid #d7dde6;
    border-radius: 8px; padding: 5px 10px; font-size: 12px;
}
QPushButton:hover, QToolButton:hover { background: #e2e8f0; }
QPushButton:checked, QToolButton:checked { background: #fde68a; border-color: #f59e0b; }
QToolButton { padding-right: 20px; }
QToolButton::menu-indicator { subcontrol-origin: padding; subcontrol-position: right center; right: 6px; }
"""


@functools.cache
def compositing_available() -> bool:
    """Can the popup's corners be transparent? Not on an X11 desktop without a compositor
    (the transparent corners would be painted black there); everywhere else they can."""
    if QGuiApplication.platformName() != "xcb":
        return True  # Windows, macOS and Wayland always compose; offscreen has no corners to see
    try:
        from Xlib.display import Display

        display = Display()
    except Exception:
        return False
    try:
        atom = display.intern_atom(f"_NET_WM_CM_S{display.get_default_screen()}")
        return bool(display.get_selection_owner(atom))
    except Exception:
        return False
    finally:
        display.close()


def format_talk_time(seconds: int) -> str:
    """The popup's call timer: ``0:42``, ``12:05``, ``1:02:09``."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def contact_html(contact: Contact) -> str:
    """The card's detail lines as rich text (company, manager, last note, links)."""
    lines = []
    if contact.company:
        lines.append(f"<b>{escape_html(contact.company)}</b>")
    if contact.manager_name:
        manager = QCoreApplication.translate("CallPopup", "Manager: {name}")
        line = manager.format(name=escape_html(contact.manager_name))
        if contact.manager_extension:
            ext = QCoreApplication.translate("CallPopup", "ext. {extension}")
            line += f" ({ext.format(extension=escape_html(contact.manager_extension))})"
        lines.append(line)
    if contact.notes:
        lines.append(f"<span style='color:#475569'>{escape_html(contact.notes[0])}</span>")
    links = [
        f"<a href='{escape_html(link.url)}'>{escape_html(link.label)}</a>"
        for link in contact.links[:3]
    ]
    if links:
        lines.append(" · ".join(links))
    return "<br>".join(lines)
