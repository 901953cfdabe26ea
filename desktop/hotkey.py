"""Global "dial the selected text" hotkey: X11 only, and honest about it elsewhere.

On X11 ``DialHotkey`` grabs a key combination (default Ctrl+Alt+D) on the root
window with python-xlib (``XGrabKey``, once per NumLock/CapsLock state) and
watches the X connection with a ``QSocketNotifier``, so nothing polls and no
thread is needed. When the combination is pressed anywhere it reads the
PRIMARY selection (the highlighted text; falls back to the clipboard) and hands
it to ``on_text``: the shell normalizes it and dials or opens the dialer.

Wayland does not let applications grab global keys, and Windows/macOS are not
implemented: ``available()`` then says why, and :func:`text_to_dial` still
serves a "Dial selection / clipboard" menu action.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Qt, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QKeySequence

log = logging.getLogger(__name__)

DEFAULT_SHORTCUT = "Ctrl+Alt+D"


@dataclass(frozen=True)
class Availability:
    """Whether the global hotkey can work here; ``reason`` says why not (for the UI)."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def text_to_dial(clipboard: QClipboard | None = None) -> str:
    """The highlighted text (X11 PRIMARY selection) or, failing that, the clipboard."""
    clipboard = clipboard or QGuiApplication.clipboard()
    if clipboard.supportsSelection():
        selected = clipboard.text(QClipboard.Mode.Selection).strip()
        if selected:
            return selected
    return clipboard.text(QClipboard.Mode.Clipboard).strip()


def platform_problem(display: str | None = None) -> str | None:
    """Why this session cannot have a global hotkey, or None. ``display`` forces an X server."""
    if sys.platform in ("win32", "darwin"):
        return QCoreApplication.translate(
            "DialHotkey", "The global hotkey is only available on Linux with X11."
        )
    platform = QGuiApplication.platformName() if QGuiApplication.instance() else ""
    if platform == "wayland" or (os.environ.get("WAYLAND_DISPLAY") and platform != "xcb"):
        return QCoreApplication.translate(
            "DialHotkey",
            "Wayland does not let applications grab global shortcuts. Use “Dial selection” "
            "in the tray menu, or bind a desktop shortcut to it.",
        )
    if display is None and platform != "xcb":
        return QCoreApplication.translate(
            "DialHotkey", "This is not an X11 session, so there is no global hotkey."
        )
    return None


def _x_modifiers(modifiers: Qt.KeyboardModifier) -> int:
    from Xlib import X

    table = (
        (Qt.KeyboardModifier.ControlModifier, X.ControlMask),
        (Qt.KeyboardModifier.AltModifier, X.Mod1Mask),
        (Qt.KeyboardModifier.ShiftModifier, X.ShiftMask),
        (Qt.KeyboardModifier.MetaModifier, X.Mod4Mask),
    )
    return sum(mask for flag, mask in table if modifiers & flag)


class DialHotkey(QObject):
    """Grabs ``shortcut`` on X11; each press calls ``on_text(text_to_dial())``."""

    triggered = Signal(str)

    def __init__(
        self,
        on_text: Callable[[str], None] | None = None,
        shortcut: str = DEFAULT_SHORTCUT,
        parent: QObject | None = None,
        *,
        display: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._shortcut = shortcut
        self._display_name = display
        self._display: Any = None
        self._notifier: QSocketNotifier | None = None
        self._grab: tuple[int, int] | None = None  # (keycode, modifiers)
        self._reason = ""
        if on_text is not None:
            self.triggered.connect(on_text)

    def available(self) -> Availability:
        """Can this session have the hotkey? (True once ``start`` grabbed it.)"""
        if self._grab is not None:
            return Availability(True)
        problem = self._reason or platform_problem(self._display_name)
        if problem is None:
            try:
                import Xlib  # noqa: F401
            except ImportError:
                problem = QCoreApplication.translate(
                    "DialHotkey",
                    "The python-xlib package is missing, so there is no global hotkey.",
                )
        return Availability(problem is None, problem or "")

    def shortcut(self) -> str:
        return self._shortcut

    def start(self) -> Availability:
        """Grab the key combination; returns the availability (with the reason on failure)."""
        self.stop()
        self._reason = ""
        state = self.available()
        if not state:
            return state
        try:
            self._grab_key()
        except Exception as exc:  # no X server, bad shortcut, BadAccess: say so, do not crash
            self._close()
            self._reason = str(exc)
            log.info("global hotkey unavailable: %s", exc)
            return Availability(False, self._reason)
        return Availability(True)

    def stop(self) -> None:
        if self._display is not None and self._grab is not None:
            keycode, modifiers = self._grab
            root = self._display.screen().root
            for extra in self._lock_masks():
                root.ungrab_key(keycode, modifiers | extra)
            self._display.flush()
        self._close()

    # -- X11 ---------------------------------------------------------------
    def _lock_masks(self) -> tuple[int, ...]:
        from Xlib import X

        return (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask)  # CapsLock, NumLock

    def _grab_key(self) -> None:
        from Xlib import XK, X, error
        from Xlib.display import Display

        sequence = QKeySequence(self._shortcut)
        if sequence.isEmpty():
            raise ValueError(
                QCoreApplication.translate(
                    "DialHotkey", "“{shortcut}” is not a key combination."
                ).format(shortcut=self._shortcut)
            )
        combo = sequence[0]
        name = QKeySequence(combo.key()).toString()
        keysym = XK.string_to_keysym(name.lower() if len(name) == 1 else name)
        self._display = Display(self._display_name)
        keycode = self._display.keysym_to_keycode(keysym)
        if not keysym or not keycode:
            raise ValueError(
                QCoreApplication.translate(
                    "DialHotkey", "“{shortcut}” is not a key combination."
                ).format(shortcut=self._shortcut)
            )
        modifiers = _x_modifiers(combo.keyboardModifiers())
        root = self._display.screen().root
        catch = error.CatchError(error.BadAccess)
        for extra in self._lock_masks():
            root.grab_key(
                keycode, modifiers | extra, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catch
            )
        self._display.sync()
        if catch.get_error():
            raise RuntimeError(
                QCoreApplication.translate(
                    "DialHotkey", "{shortcut} is already used by another application."
                ).format(shortcut=self._shortcut)
            )
        self._grab = (keycode, modifiers)
        self._notifier = QSocketNotifier(self._display.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read_events)

    def _read_events(self) -> None:
        from Xlib import X

        if self._display is None or self._grab is None:
            return
        keycode, modifiers = self._grab
        relevant = ~(X.LockMask | X.Mod2Mask)
        while self._display.pending_events():
            event = self._display.next_event()
            if (
                event.type == X.KeyPress
                and event.detail == keycode
                and event.state & relevant == modifiers
            ):
                self.triggered.emit(text_to_dial())

    def _close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._display is not None:
            try:
                self._display.close()
            except Exception:  # the X server may already be gone
                pass
            self._display = None
        self._grab = None
