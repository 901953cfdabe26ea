"""Render the product's screenshots (``make screenshots``) into docs/screenshots/*.png.

``python -m desktop.screenshots [DIR]`` builds the real widgets with sample
snapshots - the incoming-call popup (ringing, then with the customer card and
after the call), the tray fallback window and menu, the dialer, the history,
the recordings browser, the recording player, the Live tab and the settings - in English
and Russian, and saves ``QWidget.grab()`` images. Works offscreen (QT_QPA_PLATFORM=offscreen) and under Xvfb.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallRinging,
    CallSnapshot,
    Direction,
    Outcome,
    Parking,
)
from core.crm.types import Contact, Link, LookupResult, Match
from desktop.loop import ensure_app, install_language
from desktop.numbers import NumberRules, format_number
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


# the CRM names its links in its own language; a Russian CRM says these
LINK_LABELS_RU = {"Open customer": "Карточка клиента", "Last order": "Последний заказ"}


def _contact(language: str) -> Contact:
    if language != "ru":
        return CONTACT
    links = tuple(
        Link(LINK_LABELS_RU.get(link.label, link.label), link.url) for link in CONTACT.links
    )
    return replace(CONTACT, links=links)


def _noop(*_args: Any) -> None:
    return None


def _backdrop(widget: QWidget, margin: int = 28) -> QPixmap:
    """The widget on a soft desktop-like gradient (translucent popups need a background)."""
    if widget.layout() is not None:
        widget.layout().activate()  # children placed now, as the next event-loop pass would
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


def _popups(save: Callable[[str, QPixmap], None], language: str) -> None:
    actions = PopupActions(
        open_url=_noop, call_back=_noop, save_note=_noop, format_number=format_number
    )
    manager = PopupManager("101", actions)
    manager.on_call_event(CallRinging(CALL, "101"))
    popup = manager.popups[CALL.call_id]
    save("popup-ringing", _backdrop(popup))
    manager.on_card(CALL.call_id, LookupResult(CALL.remote_number or "", CALL.remote_number,
                                               (Match(_contact(language), 1.0),)))  # fmt: skip
    popup.adjustSize()
    save("popup", _backdrop(popup))
    talking = replace(CALL, answered_by="101", answered_at=NOW - 95)
    manager.on_call_event(CallAnswered(talking, "101", by="101"))
    popup.adjustSize()
    save("popup-incall", _backdrop(popup))
    manager.on_call_event(
        CallEnded(replace(talking, ended_at=NOW), "101", outcome=Outcome.ANSWERED)
    )
    popup.note_edit.setPlainText("Delivery moved to Friday; send the invoice again.")
    popup.adjustSize()
    save("popup-aftercall", _backdrop(popup))
    unknown = CallSnapshot(call_id="u1", direction=Direction.INBOUND, remote_number="+74957771122",
                           remote_name=None, did="+74956401200")  # fmt: skip
    manager.on_call_event(CallRinging(unknown, "101"))
    manager.on_card("u1", LookupResult("+74957771122", "+74957771122", (),
                                       create_url="https://crm.example.com/customers/new"))  # fmt: skip
    save("popup-unknown", _backdrop(manager.popups["u1"]))
    manager.popups["u1"].dismiss()
    # matched on the last digits only: shown as a possible match, to confirm or ignore
    partial = CallSnapshot(call_id="p1", direction=Direction.INBOUND, remote_number="0501234567",
                           remote_name=None, did="+74956401200")  # fmt: skip
    kyiv = Contact(id="42", name="Олена Коваленко", source="addressbook",
                   company="ТОВ «Квітковий двір»", phones=("+380501234567",),
                   notes=("Order 10482: 40 pots, paid",))  # fmt: skip
    manager.on_call_event(CallRinging(partial, "101"))
    manager.on_card("p1", LookupResult("0501234567", None, (Match(kyiv, 0.8),)))
    save("popup-possible", _backdrop(manager.popups["p1"]))
    manager.popups["p1"].dismiss()
    # 101 parked the customer (blind transfer to 70): the card says where the call waits
    parked = replace(CALL, call_id="k1", queue=None, answered_by="101", answered_at=NOW - 60)
    manager.on_call_event(CallRinging(parked, "101"))
    manager.on_card("k1", LookupResult(CALL.remote_number or "", CALL.remote_number,
                                       (Match(_contact(language), 1.0),)))  # fmt: skip
    manager.on_call_event(CallAnswered(parked, "101", by="101"))
    parked = replace(
        parked, parking=Parking("default", "71", "101", since=NOW - 12), ended_at=NOW - 12
    )
    manager.on_call_event(CallEnded(parked, "101", outcome=Outcome.TRANSFERRED_AWAY))
    manager.popups["k1"].adjustSize()
    save("popup-parked", _backdrop(manager.popups["k1"]))
    manager.close_all()


def _live(save: Callable[[str, QPixmap], None]) -> None:
    """The supervisor's Live tab: calls in progress and a call waiting in parking space 71."""
    from desktop.ui.live import LivePanel

    talking = replace(CALL, answered_by="102", talked=("102",), answered_at=NOW - 185)
    parked = CallSnapshot(
        call_id="k1", direction=Direction.INBOUND, remote_number="+74957771122", remote_name=None,
        answered_by="101", talked=("101",), started_at=NOW - 140, answered_at=NOW - 130,
        parking=Parking("default", "71", "101", since=NOW - 42),
    )  # fmt: skip
    from desktop.ui import style

    live = LivePanel(lambda: [talking, parked], _noop, format_number)
    style.apply(live)  # the window's fonts first: the columns are sized to them
    live.resize(760, 300)
    live.refresh()
    live.table.selectRow(1)
    live.table.resizeColumnsToContents()
    live.table.resizeRowsToContents()
    save("live", _window_shot(live, QCoreApplication.translate("RecordingsWindow", "Live")))
    live.close()


def _tray(save: Callable[[str, QPixmap], None]) -> None:
    actions = TrayActions(
        _noop, _noop, _noop, _noop, _noop, _noop, _noop, dial_selection=_noop, contacts=_noop
    )
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
    panel.shutdown()


def _windows(save: Callable[[str, QPixmap], None]) -> None:
    from core.crm.registry import available_adapters
    from core.settings import Profile
    from desktop.ui.dialer import DialerWindow
    from desktop.ui.history import HistoryWindow
    from desktop.ui.settings import SettingsDialog, SettingsStatus

    dialer = DialerWindow(
        on_dial=_noop, normalize=NumberRules().dialable, format_number=format_number,
        plan=NumberRules().plan,
    )  # fmt: skip
    dialer.set_number("+7 916 204-17-93")
    dialer.set_recent(["+74956401208", "+79261112233", "+380501234567", "205"])
    save("dialer", dialer.grab())
    history = HistoryWindow(_noop, _noop, _noop, format_number=format_number)
    history.set_entries(sample_history())
    save("history", history.grab())
    profile = Profile(ami_host="pbx.office.lan", ami_user="ringside", extension="101")
    keyring = "system keyring (SecretService)"
    status = SettingsStatus(secure=True, where=keyring, kind="keyring", ami_source=keyring,
                            backend="SecretService")  # fmt: skip
    settings = SettingsDialog(profile, available_adapters(), status, _noop, _noop)
    save("settings", settings.grab())


def _recordings(save: Callable[[str, QPixmap], None]) -> None:
    """The supervisor's browser with a page of results, and its player with a call loaded."""
    from desktop.ui.recordings import RecordingsBrowser

    browser = RecordingsBrowser(None)
    browser.model.set_rows(sample_recordings())
    browser.table.selectRow(0)
    status = QCoreApplication.translate("RecordingsBrowser", "{count} calls found, page {page}")
    browser.status.setText(status.format(count=len(sample_recordings()), page=1))
    _show_loaded(browser.player, browser.title_for(sample_recordings()[0]), 310_000, 74_000)
    browser.resize(860, 620)
    save(
        "recordings",
        _window_shot(browser, QCoreApplication.translate("RecordingsWindow", "Recordings")),
    )
    player = type(browser.player)()
    _show_loaded(player, browser.title_for(sample_recordings()[3]), 188_000, 121_000)
    player.speed.setCurrentIndex(player.speed.findData(1.25))
    player.resize(640, player.sizeHint().height())
    save("player", _backdrop(_framed(player)))
    browser.close()


def _show_loaded(player: Any, title: str, duration_ms: int, position_ms: int) -> None:
    """Put the player in its "recording loaded, paused part-way" look without real audio."""
    from desktop.ui.player import format_ms

    if not hasattr(player, "slider"):  # QtMultimedia missing: the stand-in has no controls
        return
    player.title_label.setText(title)
    player.slider.setRange(0, duration_ms)
    player.slider.setValue(position_ms)
    player.time_label.setText(f"{format_ms(position_ms)} / {format_ms(duration_ms)}")
    for widget in (player.play_button, player.slider, player.speed, player.save_button):
        widget.setEnabled(True)


def _window_shot(widget: QWidget, title: str) -> QPixmap:
    """A plain window's grab on the Ringside surface (windows without style.apply look bare)."""
    from desktop.ui import style

    if not widget.property("ringsideWindow"):
        style.apply(widget)
    if title:
        widget.setWindowTitle(title)
    return widget.grab()


def _framed(widget: QWidget) -> QWidget:
    """``widget`` inside a white rounded card, as it sits in a window."""
    from PySide6.QtWidgets import QFrame, QVBoxLayout

    from desktop.ui import style

    frame = QFrame()
    style.apply(frame)
    style.set_role(frame, "card")
    QVBoxLayout(frame).addWidget(widget)
    frame.resize(widget.width() + 24, widget.height() + 24)
    return frame


def sample_recordings() -> list[Any]:
    from core.recordings.types import RecordingRow

    rows = [
        (
            "+79162041793",
            "101",
            "inbound",
            "answered",
            310,
            "2026/11/22/in-101-1.wav",
            "Андрей Волков",
        ),
        ("+74957771122", "", "inbound", "missed", 0, None, ""),
        (
            "+79261112233",
            "102",
            "outbound",
            "answered",
            95,
            "2026/11/22/out-102-2.wav",
            "Дмитрий Кузнецов",
        ),
        (
            "+78124567890",
            "103",
            "inbound",
            "answered",
            188,
            "2026/11/22/in-103-3.wav",
            "Екатерина Морозова",
        ),
        ("+79037775501", "101", "outbound", "busy", 0, None, ""),
        ("+74951234567", "104", "inbound", "answered", 1265, "2026/11/22/in-104-5.wav", ""),
    ]
    out = []
    for i, (number, operator, direction, outcome, talk, rec, name) in enumerate(rows):
        start = int(NOW) - 900 - i * 2400
        out.append(RecordingRow(
            id=i + 1, call_id=f"17953607{i}.1", uniqueid=f"17953607{i}.1", started_at=start,
            src=number if direction == "inbound" else operator, dst=operator if direction == "inbound" else number,
            operator=operator, number=format_number(number), direction=direction,
            disposition={"answered": "ANSWERED", "missed": "NO ANSWER", "busy": "BUSY"}[outcome],
            outcome=outcome, duration=talk + 7, billsec=talk, recording=rec, caller_name=name,
        ))  # fmt: skip
    return out


def sample_history() -> list[Any]:
    from core.history.calls import HistoryEntry

    rows = [
        (
            "+79162041793",
            "Андрей Волков",
            Direction.INBOUND,
            "answered",
            310,
            False,
            "1795360756.4.wav",
        ),
        ("+74957771122", None, Direction.INBOUND, "missed", 0, True, None),
        ("+79261112233", "Дмитрий Кузнецов", Direction.OUTBOUND, "answered", 95, False, "rs-1.wav"),
        (
            "+380501234567",
            "Олена Коваленко",
            Direction.INBOUND,
            "answered-elsewhere",
            0,
            False,
            None,
        ),
        (
            "+78124567890",
            "Екатерина Морозова",
            Direction.INBOUND,
            "answered",
            188,
            False,
            "1795.9.wav",
        ),
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


def _sync_run(_name: str, coro: Any, on_result: Callable[[Any], None] | None = None) -> None:
    """Run a window's coroutine to the end at once (no event loop while rendering)."""
    import asyncio

    result = asyncio.new_event_loop().run_until_complete(coro)
    if on_result is not None:
        on_result(result)


def _onboarding(save: Callable[[str, QPixmap], None]) -> None:
    """The first-run window (its start and its PBX page with the live checks) and the contacts."""
    import tempfile

    from core.ami.doctor import CheckResult, CheckStatus
    from core.crm.addressbook import AddressBookAdapter
    from core.crm.addressbook_demo import DEMO_CONTACTS
    from core.settings import SecretStore, SettingsStore
    from core.settings.secret_file import EncryptedSecretFile
    from desktop.settings_glue import SettingsController
    from desktop.ui.contacts import ContactsWindow
    from desktop.ui.firstrun import FirstRunWindow

    with tempfile.TemporaryDirectory(prefix="ringside-shots-") as tmp:
        secrets = SecretStore(file=EncryptedSecretFile(Path(tmp) / "secrets.enc"))
        window = FirstRunWindow(SettingsController(SettingsStore(tmp), secrets))
        save("firstrun", _window_shot(window, window.windowTitle()))
        window.pages.setCurrentIndex(2)
        for edit, text in ((window.host_edit, "pbx.office.lan"), (window.user_edit, "ringside"),
                           (window.secret_edit, "secret"), (window.extension_edit, "101")):  # fmt: skip
            edit.setText(text)
        window._timer.stop()
        window.check_list.show_results([
            CheckResult("TCP reachability", CheckStatus.PASS, "pbx.office.lan:5038: Asterisk Call Manager/9.0.0"),
            CheckResult("login", CheckStatus.PASS, "logged in as 'ringside'"),
            CheckResult("click-to-call (Originate)", CheckStatus.PASS, "allowed"),
            CheckResult("queue pause (QueuePause)", CheckStatus.WARN, "not allowed", "add 'agent' to write="),
        ])  # fmt: skip
        save("firstrun-pbx", _window_shot(window, window.windowTitle()))
        window.deleteLater()
        _hub_pages(save, tmp, secrets)
        book = AddressBookAdapter.open(Path(tmp) / "book.sqlite3")
        book.book.add_many(DEMO_CONTACTS)
        contacts = ContactsWindow(book, _sync_run, format_number)
        imported = QCoreApplication.translate(
            "ContactsWindow", "Imported {n} contacts from {file}."
        )
        contacts.banner.show_message(
            "info", imported.format(n=len(DEMO_CONTACTS), file="export.csv")
        )
        save("contacts", _window_shot(contacts, contacts.windowTitle()))
        book.book.close()
        contacts.deleteLater()


def _hub_pages(save: Callable[[str, QPixmap], None], tmp: str, secrets: Any) -> None:
    """The "Ringside server" page signed in (what the server gave this user), and the page
    that comes back when the server revoked the sign-in."""
    import dataclasses

    from core.settings import SettingsStore
    from desktop.settings_glue import SettingsController
    from desktop.ui.firstrun import FirstRunWindow

    controller = SettingsController(SettingsStore(tmp), secrets)
    window = FirstRunWindow(controller)
    window.pages.setCurrentIndex(1)
    window.hub_url_edit.setText("https://ringside.office.lan:8443")
    window.hub_user_edit.setText("olena")
    window.hub_password_edit.setText("password")
    profile = dataclasses.replace(controller.profile(), mode="hub", hub_url=window.hub_url_edit.text(),
                                  hub_user="olena", extension="101", hub_role="operator")  # fmt: skip
    window.show_signed_in(profile)
    save("firstrun-hub", _window_shot(window, window.windowTitle()))
    window.deleteLater()
    controller.store.save(controller.load().with_profile(profile, activate=True))
    again = FirstRunWindow(controller)
    again.prepare_sign_in("This sign-in was revoked (password reset or signed out): sign in again")
    save("firstrun-signin", _window_shot(again, again.windowTitle()))
    again.deleteLater()
    actions = TrayActions(
        _noop, _noop, _noop, _noop, _noop, _noop, _noop, dial_selection=_noop, contacts=_noop
    )
    panel = _TrayPanel(actions)
    panel.set_view(TrayView(state="ready", extension="101", server="ringside.office.lan", missed=1))
    panel.resize(540, 10)
    panel.show()  # laid out shown: the wrapped detail line gets its height
    QApplication.processEvents()
    panel.resize(max(540, panel.sizeHint().width()), panel.sizeHint().height())
    save("tray-hub", _backdrop(panel))
    panel.shutdown()


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

        _popups(save, language)
        _tray(save)
        _windows(save)
        _recordings(save)
        _live(save)
        _onboarding(save)
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
