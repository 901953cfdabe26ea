"""Dial the selected text: the global hotkey (X11) and the "Dial selection" tray action.

Both read the highlighted text (X11 PRIMARY) or the clipboard. Text that is a
phone number is dialled at once and a tray message says which number; anything
else opens the dialer prefilled, so nothing is ever dialled that the operator
has not seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from core.phone import DialRules

if TYPE_CHECKING:
    from desktop.hotkey import Availability, DialHotkey
    from desktop.shell import Shell

log = logging.getLogger(__name__)
MIN_DIGITS = 3  # "12" in a selection is not a number worth dialling blind


def dialable(text: str, rules: DialRules | None = None) -> str | None:
    """The text to dial for a selection (as the operator will see it), or None to look first."""
    plan = (rules or DialRules()).plan(text)
    if plan.dial is None or sum(ch.isdigit() for ch in plan.dial) < MIN_DIGITS:
        return None
    return text.strip()


class SelectionDialer:
    """Owns the global hotkey (when the session allows one) and the menu action."""

    def __init__(self, shell: Shell, rules: Callable[[], DialRules] | None = None) -> None:
        self.shell = shell
        self.rules = rules or DialRules
        self.hotkey: DialHotkey | None = None
        self.state: Availability | None = None

    def start(self, shortcut: str, display: str | None = None) -> Availability | None:
        """Grab ``shortcut`` (empty: off); returns the availability (with the reason when not)."""
        self.stop()
        if not shortcut:
            return None
        from desktop.hotkey import DialHotkey

        self.hotkey = DialHotkey(self.on_text, shortcut, display=display)
        self.state = self.hotkey.start()
        if not self.state:
            log.info("global dial hotkey not available: %s", self.state.reason)
        return self.state

    def stop(self) -> None:
        if self.hotkey is not None:
            self.hotkey.stop()
            self.hotkey = None

    def dial_selection(self) -> None:
        """The tray action: works everywhere, hotkey or not."""
        from desktop.hotkey import text_to_dial

        self.on_text(text_to_dial())

    def on_text(self, text: str) -> None:
        if dialable(text, self.rules()) is not None:
            self.shell.dial(text.strip())  # the tray message names the normalized number
            return
        if text.strip():
            info = QCoreApplication.translate(
                "SelectionDialer", "The selected text is not a phone number: check it, then call."
            )
        else:
            info = QCoreApplication.translate(
                "SelectionDialer", "Nothing is selected or copied: type the number."
            )
        self.shell.show_dialer(text, info)
