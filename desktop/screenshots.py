"""Render the product's screenshots (``make screenshots``) into docs/screenshots/*.png.

``python -m desktop.screenshots [DIR]`` builds the real widgets with sample
snapshots - the incoming-call popup (ringing, then with the customer card and
after the call), the tray fallback window and menu, the dialer, the history
and the settings - in English and Russian, and saves ``QWidget.grab()``
images. Works offscreen (QT_QPA_PLATFORM=offscreen) and under Xvfb.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from core.calls.events import CallAnswered, CallEnded, CallRinging, CallSnapshot, Direction, Outcome
from core.crm.types import Contact, Link, LookupResult, Match
from desktop.app import format_number, normalize_number
from desktop.loop import ensure_app, install_language
from desktop.tray import TrayActions, TrayView, fill_menu
from desktop.tray import TrayPanel as _TrayPanel
from desktop.ui.popup_stack import PopupActions, PopupManager

NOW = time.time()
CALL = CallSnapshot(
    call_id="1795360756.4", direction=Direction.INBOUND, remote_number="+79162041793",
    remote_name="VOLKOV A", did="+74956401200", queue="support", rang=("101", "102"),
    started_at=NOW - 4,
)  # fmt: skip
CONTACT = Contact(
    id="10477", name="Андрей Волков", source="addressbook", company="ООО «СтройМаркет»",
    phones=("+79162041793",), manager_name="Игорь Смирнов", manager_extension="102",
    links=(Link("Open customer", "https://crm.example.com/customers/10477"),
           Link("Last order", "https://crm.example.com/orders/10477")),
    notes=("Заказ №10477 от 15.11: плитка 120 м², доставка 25.11",),
)  # fmt: skip


def _noop(*_args: Any) -> None:
    return None


def _backdrop(widget: QWidget, margin: int = 28) -> QPixmap:
    """The widget on a soft desktop-like gradient (translucent popups need a background)."""
    shot = widget.grab()
    ratio = shot.devicePixelRatio()
    w = int(shot.width() / ratio) + 2 * margin
    h = int(shot.height() / ratio) + 2 * margin
    canvas = QPixmap(w, h)
    painter = QPainter(canvas)
    gradient = QLinearGradient(0, 0, w, h)
    gradient.setColorAt(0, QColor("#dbe4f0"))
    gradient.setColorAt(1, QColor("#c3cfe2"))
    painter.fillRect(QRect(0, 0, w, h), gradient)
    painter.drawPixmap(QPoint(margin, margin), shot)
    painter.end()
    return canvas


def _popups(save: Callable[[str, QPixmap], None]) -> None:
    actions = PopupActions(open_url=_noop, call_back=_noop, save_note=_noop, format_number=format_number)
    manager = PopupManager("101", actions)
    manager.on_call_event(CallRinging(CALL, "101"))
    popup = manager.popups[CALL.call_id]
    save("popup-ringing", _backdrop(popup))
    manager.on_card(CALL.call_id, LookupResult(CALL.remote_number or "", CALL.remote_number,
                                               (Match(CONTACT, 1.0),)))  # fmt: skip
    popup.adjustSize()
    save("popup", _backdrop(popup))
    manager.on_call_event(CallAnswered(CALL, "101", by="101"))
    manager.on_call_event(CallEnded(CALL, "101", outcome=Outcome.ANSWERED))
    popup.note_edit.setPlainText("Delivery moved to Friday; send the invoice again.")
    popup.adjustSize()
    save("popup-aftercall", _backdrop(popup))
    unknown = CallSnapshot(call_id="u1", direction=Direction.INBOUND, remote_number="+74957771122",
                           remote_name=None, did="+74956401200")  # fmt: skip
    manager.on_call_event(CallRinging(unknown, "101"))
    manager.on_card("u1", LookupResult("+74957771122", "+74957771122", (),
                                       create_url="https://crm.example.com/customers/new"))  # fmt: skip
    save("popup-unknown", _backdrop(manager.popups["u1"]))
    manager.close_all()


def _tray(save: Callable[[str, QPixmap], None]) -> None:
    actions = TrayActions(_noop, _noop, _noop, _noop, _noop, _noop, _noop)
    view = TrayView(state="ready", extension="101", paused=True, pause_reason="Lunch", missed=3)
    panel = _TrayPanel(actions)
    panel.set_view(view)
    panel.adjustSize()
    panel.resize(max(panel.width(), 380), panel.height())
    save("tray-window", _backdrop(panel))
    menu = QMenu()
    fill_menu(menu, view, actions)
    menu.adjustSize()
    save("tray-menu", _backdrop(menu))
    panel.close()


def _windows(save: Callable[[str, QPixmap], None]) -> None:
    try:
        from desktop.ui.dialer import DialerWindow

        dialer = DialerWindow(on_dial=_noop, normalize=normalize_number)
        dialer.set_number("+7 916 204-17-93")
        dialer.set_recent(["+74956401208", "+79261112233", "0501234567"])
        save("dialer", dialer.grab())
    except ImportError:
        pass
    try:
        from desktop.ui.history import HistoryWindow

        history = HistoryWindow(_noop, _noop, _noop, format_number=format_number)
        history.set_entries(sample_history())
        save("history", history.grab())
    except ImportError:
        pass
    try:
        from core.crm.registry import available_adapters
        from core.settings import Profile
        from desktop.ui.settings import SettingsDialog

        profile = Profile(ami_host="pbx.office.lan", ami_user="ringside", extension="101")
        settings = SettingsDialog(profile, available_adapters(), (True, "SecretService"), _noop, _noop)
        save("settings", settings.grab())
    except ImportError:
        pass


def sample_history() -> list[Any]:
    from core.history.calls import HistoryEntry

    rows = [
        ("+79162041793", "Андрей Волков", Direction.INBOUND, "answered", 310, False, "1795360756.4.wav"),
        ("+74957771122", None, Direction.INBOUND, "missed", 0, True, None),
        ("+79261112233", "Дмитрий Кузнецов", Direction.OUTBOUND, "answered", 95, False, "rs-1.wav"),
        ("+380501234567", "Олена Коваленко", Direction.INBOUND, "answered-elsewhere", 0, False, None),
        ("+78124567890", "Екатерина Морозова", Direction.INBOUND, "answered", 188, False, "1795.9.wav"),
        ("102", "Игорь Смирнов", Direction.INTERNAL, "answered", 42, False, None),
        ("+79037775501", None, Direction.INBOUND, "missed", 0, True, None),
    ]
    out = []
    for i, (number, name, direction, outcome, talk, missed, rec) in enumerate(rows):
        start = NOW - 600 - i * 2700
        out.append(HistoryEntry(
            call_id=f"c{i}", extension="101", direction=direction, remote_number=number,
            remote_e164=number if number.startswith("+") else None, remote_name=name,
            contact_id=None, did=None, queue=None, started_at=start,
            answered_at=start + 6 if talk else None, ended_at=start + 6 + talk, outcome=outcome,
            talk_seconds=float(talk), wait_seconds=6.0, recording=rec, note=None, disposition=None,
            seen=not missed, missed=missed,
        ))  # fmt: skip
    return out


def render(out_dir: Path, languages: tuple[str, ...] = ("en", "ru")) -> list[Path]:
    app: QApplication = ensure_app()
    written: list[Path] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for language in languages:
        install_language(app, language)

        def save(name: str, pixmap: QPixmap, language: str = language) -> None:
            path = out_dir / f"{name}-{language}.png"
            pixmap.save(str(path), "PNG")
            written.append(path)

        _popups(save)
        _tray(save)
        _windows(save)
        app.processEvents()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(args[0] if args else "docs/screenshots")
    for path in render(out):
        print(path)
    QApplication.instance().setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
