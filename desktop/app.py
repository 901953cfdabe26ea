"""The running tray app: wires the core service to the tray, the popups and the windows.

:class:`RingsideApp` implements the small :class:`desktop.shell.Shell` the
helpers get (show a window, notify, dial, add a contact); none of them imports
this module. Start-up (single instance, first run, the demo) is
``desktop.main``. Widgets see immutable snapshots only; the operator's call
state is the service's (``service.my_calls()``), not a copy kept here.

Settings apply on Save: popup, hotkey and dial rules at once; a changed
connection (host, user, secret, extension...) replaces the service with a new
one built from the saved profile (``reconnect``), so a fixed PBX account or
secret is tried immediately, even after a failed login.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from core.service import ConnectionChanged, PresenceChanged, RingsideService
from desktop.bridge import ServiceBridge
from desktop.dial_selection import SelectionDialer
from desktop.memory import release_memory
from desktop.numbers import NumberRules
from desktop.recordings_glue import RecordingsGlue
from desktop.single_instance import ACTIVATE
from desktop.text import tr
from desktop.tray import TrayActions, TrayController
from desktop.ui.popup_stack import PopupActions, PopupManager

log = logging.getLogger(__name__)
LINK_SCHEMES = ("tel:", "callto:", "sip:")


def addressbook_path(profile: Any) -> Path | None:
    """The local address book's file when the profile's CRM is the address book, else None."""
    if profile is None or getattr(profile, "crm", "addressbook") != "addressbook":
        return None
    from core.crm.registry import default_addressbook_path

    return Path(str(dict(profile.crm_config).get("path") or default_addressbook_path()))


class RingsideApp(QObject):
    """The running tray app: bridge + tray + popups + windows; the helpers' :class:`Shell`."""

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
        profile: Any = None,
    ) -> None:
        super().__init__()
        self.settings = settings  # desktop.settings_glue.SettingsController (None: demo defaults)
        self._on_close = on_close
        self.quit_event = quit_event
        self.profile = profile
        self.numbers = NumberRules.from_profile(profile)
        self.addressbook_path = addressbook_path(profile)  # None: the CRM is not the address book
        self.open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.bridge = ServiceBridge(service, self)
        self.recordings = RecordingsGlue(
            self, self.bridge, recordings_api, supervisor, recordings_dir, self.format_number
        )
        self.selection = SelectionDialer(self, lambda: self.numbers.rules)
        self.extension = service.config.extension
        self.popups = PopupManager(self.extension, self._popup_actions(), popup_settings)
        self.popups.on_more = self.show_history  # the stack's "N more" line
        self.tray = self._make_tray(use_tray)
        self.tray.update(extension=self.extension, server=self.hub_server)
        self.windows: dict[str, QWidget] = {}
        self._connection = "disconnected"
        self._outage_since: float | None = None
        self._retrying = False
        self.sign_in: QWidget | None = None  # the Ringside server's sign-in window while open
        self._wire()
        QTimer.singleShot(0, self.popups.prepare)  # build popups before the first call rings

    def _popup_actions(self) -> PopupActions:
        actions: dict[str, Any] = {
            "open_url": self.open_url, "call_back": self.dial,
            "save_note": self.bridge.save_note, "format_number": self.format_number,
            "add_contact": self.add_contact,  # "Add contact" on an unknown caller's card
            "confirm_contact": self.bridge.confirm_contact,  # a possible match the operator confirms
            "hangup": self.bridge.hangup, "transfer": self.bridge.transfer,
        }  # fmt: skip
        known = {f.name for f in dataclasses.fields(PopupActions)}
        return PopupActions(**{k: v for k, v in actions.items() if k in known})

    @property
    def recordings_dir(self) -> Path | None:
        return self.recordings.recordings_dir

    def format_number(self, number: str) -> str:
        return self.numbers.format(number)

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
            contacts=self.show_contacts,
        )
        return TrayController(actions, use_tray=use_tray)

    def _wire(self) -> None:
        b = self.bridge
        b.call_event.connect(self.popups.on_call_event)
        b.call_event.connect(self._refresh_state)
        b.card_ready.connect(self.popups.on_card)
        b.connection_changed.connect(self._on_connection)
        b.presence_changed.connect(self._on_presence)
        b.history_changed.connect(self._on_history_changed)
        b.command_failed.connect(self._on_command_failed)

    # ------------------------------------------------------------ state
    def _on_connection(self, change: ConnectionChanged) -> None:
        """The link's state for the tray: an outage (retrying) is amber and says since when.

        Retries alternate connecting / disconnected; the outage began when the link
        was first lost (the feed's ``LinkStatus.since`` when it gives one).
        """
        state = str(change.state)
        away = state in ("connecting", "disconnected")
        if not away:
            self._outage_since, self._retrying = None, False
        elif self._outage_since is None:
            self._outage_since = getattr(change, "since", 0.0) or time.time()
        self._retrying = self._retrying or state == "disconnected"
        self._connection = "connecting" if away else state  # retrying by itself: amber, not grey
        self.tray.update(detail=change.detail, since=self._outage_since, retrying=self._retrying)
        self._refresh_state()
        if state == "failed" and self.hub_mode:  # the server refused the token (revoked, expired)
            self.ask_sign_in(change.detail or tr("The Ringside server ended this sign-in"))

    def _refresh_state(self, _event: Any = None) -> None:
        states = set(self.bridge.my_calls().values())
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
            return  # one message, where the operator is looking
        self.notify(text)

    # ---------------------------------------------------------- the Shell
    def notify(self, message: str) -> None:
        self.tray.notify("Ringside", message)

    def window(self, key: str) -> QWidget | None:
        return self.windows.get(key)

    def show_window(self, key: str, factory: Callable[[], QWidget | None]) -> QWidget | None:
        window = self.windows.get(key)
        if window is None:
            window = factory()
            if window is None:
                return None
            # closed windows are freed (an idle tray app stays small) and rebuilt when reopened
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            window.destroyed.connect(lambda _obj=None, k=key: self._closed(k))
            self.windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _closed(self, key: str) -> None:
        """A window was freed: forget it, and give its memory back once things settle."""
        self.windows.pop(key, None)
        QTimer.singleShot(1000, release_memory)

    def handle_link(self, text: str) -> None:
        """A message from a second launch: a tel:/callto:/sip: link, a number, or 'activate'."""
        text = text.strip()
        if not text or text == ACTIVATE:
            self.show_history()
            return
        self.dial(text)

    def dial(self, number: str) -> None:
        """Click-to-call through the profile's dial rules; a bad number gets one message."""
        plan = self.numbers.plan(number)
        if plan.dial is None:  # the dialer says why, in the operator's language, once
            self.show_dialer(number)
            dialer: Any = self.windows.get("dialer")
            if dialer is not None:
                dialer.dial()
            return
        shown = self.format_number(plan.e164 or plan.dial)
        self.notify(
            tr(
                "Calling {number}: pick up your phone when it rings, then we dial the customer."
            ).format(number=shown)
        )
        self.bridge.dial(plan.dial)

    def show_dialer(self, number: str = "", info: str = "") -> None:
        def make() -> QWidget:
            from desktop.ui.dialer import DialerWindow

            return DialerWindow(
                on_dial=self.dial, normalize=self.numbers.dialable,
                format_number=self.format_number, plan=self.numbers.plan,
            )  # fmt: skip

        dialer: Any = self.show_window("dialer", make)
        if number:
            dialer.set_number(number)
        if info:
            dialer.show_info(info)

    def add_contact(self, number: str) -> None:
        """ "Add contact" from an unknown caller's popup or from history: the contacts window."""
        self.show_contacts(new_number=number)

    def show_contacts(self, new_number: str = "") -> None:
        from desktop.ui.contacts import open_contacts

        open_contacts(self, self.bridge, self.addressbook_path, new_number, self.format_number)

    # ----------------------------------------------------------- windows
    def show_history(self) -> None:
        def make() -> QWidget:
            from desktop.ui.history import HistoryWindow

            extra: dict[str, Any] = {}
            if "on_add_contact" in inspect.signature(HistoryWindow).parameters:
                extra["on_add_contact"] = self.add_contact  # "Add contact" on an unknown number
            return HistoryWindow(
                on_call_back=self.dial,
                on_open_card=self._open_card,
                on_play=self.recordings.play,
                format_number=self.format_number,
                on_save_note=lambda e, note, kind: self.bridge.save_note(e.call_id, note, kind),
                search_history=self.bridge.search_history,  # SQL: also the PBX caller-id name
                **extra,
            )

        if self.show_window("history", make) is not None:
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
            self.bridge.lookup(number, opened)

    def show_recordings(self) -> None:
        """Recorded calls: the gateway's index when configured, else the local history (+ Live tab)."""
        self.recordings.show()

    def show_settings(self) -> Any:
        """The settings dialog (returned for tests); Save applies through ``apply_profile``."""
        from desktop.settings_glue import SettingsController, open_settings

        if self.settings is None:
            self.settings = SettingsController()
        return open_settings(self, self.bridge, self.settings, self.apply_profile)

    # ------------------------------------------------- settings on Save
    def apply_profile(self, profile: Any, reconnect: bool) -> None:
        """A saved profile: popup, hotkey and dial rules now; a new connection when it changed."""
        self.profile = profile
        self.numbers = NumberRules.from_profile(profile)
        self.addressbook_path = addressbook_path(profile) or self.addressbook_path
        self.popups.settings = profile.popup
        self.selection.start(profile.dial_hotkey)
        self.recordings.supervisor = bool(getattr(profile, "supervisor_tools", False))
        if reconnect and self.settings is not None and not self.settings.demo:
            self.bridge.run("reconnect", self.reconnect(profile))
            self.notify(tr("Settings saved. Connecting with the new settings…"))
        else:
            self.notify(tr("Settings saved."))

    async def reconnect(self, profile: Any) -> None:
        """Replace the service by one built from ``profile`` and connect it at once."""
        assert self.settings is not None
        service, closers = await asyncio.to_thread(self.settings.build_service, profile)
        has_secret = bool(await asyncio.to_thread(self.settings.has_login, profile))
        old, old_closers = self.bridge.service, self._on_close
        self.bridge.attach(service)
        self._on_close = closers
        await old.stop()
        for close in old_closers:
            await asyncio.to_thread(close)
        self.extension = service.config.extension
        self.popups.extension = self.extension
        self.tray.update(extension=self.extension, server=self.hub_server)
        await self.start_service(has_secret)

    async def start_service(self, has_secret: bool = True) -> None:
        """Connect, unless there is no secret: then say so and never send an empty login.

        Hub mode: the secret is the Ringside server's token; without one (or when the server
        refuses it later) the operator gets the sign-in window, never a retry loop.
        """
        if not has_secret:
            self._connection, self._retrying = "failed", False
            detail = (
                tr("Not signed in to the Ringside server: sign in again")
                if self.hub_mode
                else tr(
                    "No AMI secret stored: open Settings and enter it (Ringside never logs in without one)"
                )
            )
            self.tray.update(state="failed", detail=detail, since=time.time())
            if self.hub_mode:
                self.ask_sign_in(detail)
            return
        await self.bridge.service.start()

    @property
    def hub_mode(self) -> bool:
        return getattr(self.profile, "mode", "direct") == "hub"

    @property
    def hub_server(self) -> str:
        """The Ringside server's host in hub mode (shown by the tray), else empty."""
        if not self.hub_mode:
            return ""
        from urllib.parse import urlsplit

        url = str(getattr(self.profile, "hub_url", "") or "")
        return urlsplit(url if "://" in url else "https://" + url).hostname or url

    def ask_sign_in(self, reason: str) -> None:
        """The Ringside server refused this desktop's token: its page of the first-run window,
        and a new connection once the operator signed in (one window at a time)."""
        if self.settings is None or self.sign_in is not None:
            return
        from desktop.ui.firstrun import FirstRunWindow

        window = FirstRunWindow(self.settings)
        self.sign_in = window
        future = window.sign_in_again(reason)

        def done(f: asyncio.Future[str | None]) -> None:
            self.sign_in = None
            if not f.cancelled() and f.result() == "saved" and self.settings is not None:
                profile = self.settings.profile()
                self.profile = profile
                self.recordings.supervisor = bool(profile.supervisor_tools)
                self.bridge.run("reconnect", self.reconnect(profile))

        future.add_done_callback(done)

    async def aclose(self) -> None:
        self.selection.stop()
        self.popups.close_all()
        self.recordings.close()
        for window in list(self.windows.values()):
            window.close()
        self.tray.hide()
        await self.bridge.drain()
        self.bridge.detach()
        await self.bridge.service.stop()
        for close in self._on_close:
            await asyncio.to_thread(close)
