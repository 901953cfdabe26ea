"""Global "dial the selected text" hotkey: X11 and Windows, and honest about it elsewhere.

On X11 ``DialHotkey`` grabs a key combination (default Ctrl+Alt+D) on the root
window with python-xlib (``XGrabKey``, once per NumLock/CapsLock state) and
watches the X connection with a ``QSocketNotifier``, so nothing polls and no
thread is needed. On Windows it registers the combination with
``RegisterHotKey`` (user32, through ctypes) and an application-wide native
event filter picks up the ``WM_HOTKEY`` message from Qt's own message loop.
When the combination is pressed anywhere it reads the PRIMARY selection (the
highlighted text; X11 only) or the clipboard and hands it to ``on_text``: the
shell normalizes it and dials or opens the dialer.

Wayland does not let applications grab global keys, and macOS would need the
Accessibility permission: ``available()`` then says why, and
:func:`text_to_dial` still serves a "Dial selection / clipboard" menu action.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    QSocketNotifier,
    Qt,
    Signal,
)
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
    if sys.platform == "win32":
        return None  # RegisterHotKey
    if sys.platform == "darwin":
        return QCoreApplication.translate(
            "DialHotkey",
            "On macOS the global hotkey is not available. Use “Dial selection” in the menu "
            "bar menu, or a keyboard shortcut for it in System Settings → Keyboard.",
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
        self._windows: WindowsHotkey | None = None
        self._reason = ""
        self.user32: Any = None  # Windows: the user32 library (tests pass a stand-in)
        if on_text is not None:
            self.triggered.connect(on_text)

    def available(self) -> Availability:
        """Can this session have the hotkey? (True once ``start`` grabbed it.)"""
        if self._grab is not None:
            return Availability(True)
        problem = self._reason or platform_problem(self._display_name)
        if problem is None and sys.platform != "win32":
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
            if sys.platform == "win32":
                self._register_windows()
            else:
                self._grab_key()
        except Exception as exc:  # no X server, bad shortcut, BadAccess: say so, do not crash
            self._close()
            self._reason = str(exc)
            log.info("global hotkey unavailable: %s", exc)
            return Availability(False, self._reason)
        return Availability(True)

    def stop(self) -> None:
        if self._windows is not None:
            self._windows.unregister()
            self._windows = None
            self._grab = None
            return
        if self._display is not None and self._grab is not None:
            keycode, modifiers = self._grab
            root = self._display.screen().root
            for extra in self._lock_masks():
                root.ungrab_key(keycode, modifiers | extra)
            self._display.flush()
        self._close()

    # -- Windows -----------------------------------------------------------
    def _register_windows(self) -> None:
        vk, modifiers = windows_key(self._shortcut)
        hotkey = WindowsHotkey(
            vk, modifiers, lambda: self.triggered.emit(text_to_dial()), self.user32
        )
        hotkey.register()
        self._windows = hotkey
        self._grab = (vk, modifiers)

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


# ------------------------------------------------------------------ Windows
WM_HOTKEY = 0x0312
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
_HOTKEY_ID = 0x5253  # "RS": any id in 0x0000-0xBFFF, unique within this application


def windows_key(shortcut: str) -> tuple[int, int]:
    """``Ctrl+Alt+D`` -> (virtual-key code, MOD_* flags) for ``RegisterHotKey``."""
    sequence = QKeySequence(shortcut)
    if sequence.isEmpty():
        raise ValueError(
            QCoreApplication.translate(
                "DialHotkey", "“{shortcut}” is not a key combination."
            ).format(shortcut=shortcut)
        )
    combo = sequence[0]
    key = combo.key().value if hasattr(combo.key(), "value") else int(combo.key())
    if (
        Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value
        or Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value
    ):
        vk = key  # VK_A..VK_Z and VK_0..VK_9 are the ASCII codes, as Qt's keys
    elif Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F24.value:
        vk = 0x70 + key - Qt.Key.Key_F1.value  # VK_F1
    else:
        raise ValueError(
            QCoreApplication.translate(
                "DialHotkey", "“{shortcut}”: use a letter, a digit or F1–F24 with modifiers."
            ).format(shortcut=shortcut)
        )
    table = (
        (Qt.KeyboardModifier.ControlModifier, MOD_CONTROL),
        (Qt.KeyboardModifier.AltModifier, MOD_ALT),
        (Qt.KeyboardModifier.ShiftModifier, MOD_SHIFT),
        (Qt.KeyboardModifier.MetaModifier, MOD_WIN),
    )
    modifiers = combo.keyboardModifiers()
    return vk, sum(flag for qt_flag, flag in table if modifiers & qt_flag)


class _Point(ctypes.Structure):
    _fields_ = (("x", ctypes.c_long), ("y", ctypes.c_long))


class _Msg(ctypes.Structure):
    """Win32 ``MSG`` (the layout of ``windows_generic_MSG`` native events)."""

    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_ulong),
        ("pt", _Point),
    )


class WindowsHotkey(QAbstractNativeEventFilter):
    """``RegisterHotKey`` for this thread; Qt's message loop hands WM_HOTKEY to the filter."""

    def __init__(
        self, vk: int, modifiers: int, on_press: Callable[[], None], user32: Any = None
    ) -> None:
        super().__init__()
        self.vk, self.modifiers, self.on_press = vk, modifiers, on_press
        self._user32 = user32
        self.registered = False

    def _lib(self) -> Any:
        if self._user32 is None:
            self._user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        return self._user32

    def register(self) -> None:
        user32 = self._lib()
        if not user32.RegisterHotKey(None, _HOTKEY_ID, self.modifiers | MOD_NOREPEAT, self.vk):
            raise RuntimeError(
                QCoreApplication.translate(
                    "DialHotkey", "The key combination is already used by another application."
                )
            )
        self.registered = True
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self)

    def unregister(self) -> None:
        if not self.registered:
            return
        self.registered = False
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self)
        self._lib().UnregisterHotKey(None, _HOTKEY_ID)

    def nativeEventFilter(self, event_type: Any, message: Any) -> tuple[bool, int]:
        if bytes(event_type) != b"windows_generic_MSG" or not self.registered:
            return False, 0
        msg = _Msg.from_address(int(message))
        if msg.message == WM_HOTKEY and msg.wParam == _HOTKEY_ID:
            self.on_press()
            return True, 0
        return False, 0
