"""The tray application: wires the core service to the tray, the popups and the windows.

``run(args)`` is ``ringside`` with no subcommand: one instance per user (a
second launch forwards its ``tel:``/``callto:``/``sip:`` argument and exits),
no configured PBX -> offer the demo, otherwise connect and sit in the tray.

Event loop (qasync): ``qasync.run(main())``; the app never quits on its last
window; Quit (menu) and Ctrl+C only set an ``asyncio.Event`` that ``main``
awaits, and ``main`` then closes everything before the loop ends - nobody
calls ``app.quit()`` while ``main`` is waiting.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from core.calls.events import CallAnswered, CallEnded, CallEvent, CallRinging, CallTransferred
from core.phone import clean_dial_number
from core.service import ConnectionChanged, PresenceChanged, RingsideService
from desktop.bridge import ServiceBridge
from desktop.dial_selection import SelectionDialer
from desktop.loop import ensure_app, install_language, run_app
from desktop.recordings_glue import RecordingsGlue
from desktop.single_instance import ACTIVATE, SingleInstance
from desktop.tray import TrayActions, TrayController
from desktop.ui.popup_stack import PopupActions, PopupManager
from desktop.ui.popup_style import tr

log = logging.getLogger(__name__)
LINK_SCHEMES = ("tel:", "callto:", "sip:")


def format_number(number: str) -> str:
    from core.phone import format_for_display

    return format_for_display(number) or number


def normalize_number(number: str) -> str | None:
    return clean_dial_number(number)


class RingsideApp(QObject):
    """The running tray app: bridge + tray + popups + windows (widgets see snapshots only)."""

    def __init__(
        self,
        service: RingsideService,
        quit_event: asyncio.Event,
        *,
        use_tray: bool | None = None,
        open_url: Callable[[str], None] | None = None,
        recordings_dir: Path | None = None,
        settings: Any = None,
        on_close: tuple[Callable[[], Any], ...] = (),
        recordings_api: Any = None,
        supervisor: bool = False,
        popup_settings: Any = None,
    ) -> None:
        super().__init__()
        self.settings = settings  # desktop.settings_glue.SettingsController (None: demo defaults)
        self._on_close = on_close
        self.quit_event = quit_event
        self.recordings_dir = recordings_dir
        self.open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.bridge = ServiceBridge(service, self)
        self.recordings = RecordingsGlue(self, recordings_api, supervisor)
        self.selection = SelectionDialer(self)  # global hotkey + "Dial selection" action
        self.extension = service.config.extension
        self.popups = PopupManager(
            self.extension,
            PopupActions(
                open_url=self.open_url,
                call_back=self.dial,
                save_note=self.bridge.save_note,
                format_number=format_number,
            ),
            popup_settings,
        )
        self.tray = self._make_tray(use_tray)
        self.tray.update(extension=self.extension)
        self.windows: dict[str, QWidget] = {}
        self._active: dict[str, str] = {}  # call_id -> ringing | incall
        self._connection = "disconnected"
        self._wire()
        QTimer.singleShot(0, self.popups.prepare)  # build popups before the first call rings

    def _make_tray(self, use_tray: bool | None) -> TrayController:
        actions = TrayActions(
            dial=self.show_dialer,
            history=self.show_history,
            recordings=self.show_recordings,
            set_dnd=self.bridge.set_dnd,
            set_paused=self.bridge.set_paused,
            settings=self.show_settings,
            quit=self.quit_event.set,
            dial_selection=self.selection.dial_selection,
        )
        return TrayController(actions, use_tray=use_tray)

    def _wire(self) -> None:
        b = self.bridge
        b.call_event.connect(self.popups.on_call_event)
        b.call_event.connect(self._on_call_event)
        b.card_ready.connect(self.popups.on_card)
        b.connection_changed.connect(self._on_connection)
        b.presence_changed.connect(self._on_presence)
        b.history_changed.connect(self._on_history_changed)
        b.command_failed.connect(self._on_command_failed)

    # ------------------------------------------------------------ state
    def _on_call_event(self, event: CallEvent) -> None:
        call_id = event.call.call_id
        if isinstance(event, CallRinging):
            self._active[call_id] = "ringing"
        elif isinstance(event, CallAnswered):
            if event.by in (None, self.extension):
                self._active[call_id] = "incall"
            else:
                self._active.pop(call_id, None)
        elif isinstance(event, CallEnded | CallTransferred):
            self._active.pop(call_id, None)
        self._refresh_state()

    def _on_connection(self, change: ConnectionChanged) -> None:
        self._connection = str(change.state)
        self.tray.update(detail=change.detail)
        self._refresh_state()

    def _refresh_state(self) -> None:
        states = set(self._active.values())
        if self._connection == "ready" and "incall" in states:
            state = "incall"
        elif self._connection == "ready" and "ringing" in states:
            state = "ringing"
        else:
            state = self._connection
        if state != self.tray.view.state:
            self.tray.update(state=state)

    def _on_presence(self, presence: PresenceChanged) -> None:
        self.tray.update(dnd=presence.dnd, paused=presence.paused, pause_reason=presence.reason)

    def _on_history_changed(self, unseen_missed: int) -> None:
        self.tray.update(missed=unseen_missed)
        if "history" in self.windows and self.windows["history"].isVisible():
            self.refresh_history()

    def _on_command_failed(self, command: str, message: str) -> None:
        text = tr("Call failed: {reason}").format(reason=message) if command == "dial" else message
        dialer = self.windows.get("dialer")
        if command == "dial" and dialer is not None and dialer.isVisible():
            dialer.show_error(text)  # type: ignore[attr-defined]
        self.tray.notify("Ringside", text)

    # ---------------------------------------------------------- commands
    def handle_link(self, text: str) -> None:
        """A message from a second launch: a tel:/callto:/sip: link, a number, or 'activate'."""
        text = text.strip()
        if not text or text == ACTIVATE:
            self.show_history()
            return
        self.dial(text)

    def dial(self, number: str) -> None:
        dialable = clean_dial_number(number)
        self.tray.notify(
            "Ringside",
            tr("Calling {number}: pick up your phone when it rings, then we dial the customer.").format(
                number=format_number(dialable or number)
            ),
        )
        self.bridge.dial(number)

    # ----------------------------------------------------------- windows
    def _show(self, key: str, factory: Callable[[], QWidget | None]) -> QWidget | None:
        window = self.windows.get(key)
        if window is None:
            window = factory()
            if window is None:
                return None
            # closed windows are freed (an idle tray app stays small) and rebuilt when reopened
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            window.destroyed.connect(lambda _obj=None, k=key: self.windows.pop(k, None))
            self.windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def show_dialer(self) -> None:
        def make() -> QWidget | None:
            from desktop.ui.dialer import DialerWindow

            return DialerWindow(on_dial=self.dial, normalize=normalize_number)

        self._show("dialer", make)

    def show_history(self) -> None:
        def make() -> QWidget | None:
            from desktop.ui.history import HistoryWindow

            return HistoryWindow(
                on_call_back=self.dial,
                on_open_card=self._open_card,
                on_play=self._play,
                format_number=format_number,
            )

        if self._show("history", make) is not None:
            self.refresh_history()
            self.bridge.mark_missed_seen()

    def refresh_history(self) -> None:
        window = self.windows.get("history")
        if window is not None and hasattr(window, "set_entries"):
            self.bridge.search_history(window.set_entries)

    def _open_card(self, entry: Any) -> None:
        number = entry.remote_number or ""

        def opened(result: Any) -> None:
            if result is not None and result.best is not None and result.best.open_url:
                self.open_url(result.best.open_url)
            elif result is not None and result.create_url:
                self.open_url(result.create_url)

        if number:
            self.bridge.run("card", self.bridge.service.lookup(number), opened)

    def _play(self, entry: Any) -> None:
        self.recordings.play(entry)

    def show_recordings(self) -> None:
        """Recorded calls: the gateway's index when configured, else the local history (+ Live tab)."""
        self.recordings.show()

    def show_settings(self) -> None:
        from desktop.settings_glue import SettingsController, open_settings

        if self.settings is None:
            self.settings = SettingsController()
        self.bridge.command_done.connect(self._on_command_done, Qt.ConnectionType.UniqueConnection)
        open_settings(self, self.settings)

    def _on_command_done(self, command: str) -> None:
        if command == "settings":
            self.tray.notify("Ringside", tr("Settings saved. Connection changes apply after a restart."))

    async def aclose(self) -> None:
        self.selection.stop()
        self.popups.close_all()
        for window in list(self.windows.values()):
            window.close()
        self.tray.hide()
        await self.bridge.drain()
        self.bridge.detach()
        await self.bridge.service.stop()
        for close in self._on_close:
            await asyncio.to_thread(close)


def main(argv: list[str] | None = None) -> int:
    """``ringside [tel:/callto:/sip: URL]`` (also usable as ``python -m desktop.app``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="ringside", description="Ringside tray app")
    parser.add_argument("url", nargs="?", help="tel:/callto:/sip: link or number to dial")
    return run(parser.parse_args(sys.argv[1:] if argv is None else argv))


def run(args: Any) -> int:
    """``ringside [URL]``: the tray app."""
    from desktop.settings_glue import SettingsController, offer_demo, recordings_dir

    app = ensure_app()
    instance = SingleInstance()
    if instance.forward(getattr(args, "url", None) or ACTIVATE):
        return 0  # the running instance got our link
    instance.listen()
    controller = SettingsController()
    profile = controller.profile()  # a small JSON file, read before the loop starts
    install_language(app, profile.language)
    if not profile.configured:
        instance.close()
        if offer_demo():
            from desktop import demo

            return demo.run(demo.default_args())
        return 0

    async def start(quit_event: asyncio.Event) -> RingsideApp:
        service, closers = await asyncio.to_thread(controller.build_service, profile)
        api = await asyncio.to_thread(controller.recordings_client, profile)
        ui = RingsideApp(
            service, quit_event, recordings_dir=recordings_dir(profile), settings=controller,
            on_close=closers, recordings_api=api, supervisor=profile.is_supervisor,
            popup_settings=profile.popup,
        )  # fmt: skip
        instance.message_received.connect(ui.handle_link)
        ui.tray.show()
        ui.selection.start(profile.dial_hotkey)
        await service.start()
        if getattr(args, "url", None):
            ui.handle_link(args.url)
        return ui

    try:
        return run_app(start)
    finally:
        instance.close()


if __name__ == "__main__":
    sys.exit(main())
