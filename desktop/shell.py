"""The small interface the desktop's helpers get instead of the whole tray app.

Helpers (the selection dialer, the recordings window, the settings glue, the
contacts window, the popups' "Add contact") need three or four things from the
running app: show one of its windows, tell the operator something, dial a
number, add a contact. :class:`Shell` names exactly those, so no helper
imports ``desktop.app`` and none reaches into its private attributes.
``desktop.app.RingsideApp`` implements it; tests may pass anything that does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QWidget

WindowFactory = Callable[[], QWidget | None]


class Shell(Protocol):
    def show_window(self, key: str, factory: WindowFactory) -> QWidget | None:
        """Show (building it once with ``factory``) and raise the window called ``key``."""
        ...

    def window(self, key: str) -> QWidget | None:
        """The open window called ``key`` (dialer, history, settings...), or None."""
        ...

    def notify(self, message: str) -> None:
        """A short message for the operator (tray balloon or the panel's line)."""
        ...

    def dial(self, number: str) -> None:
        """Click-to-call ``number`` through the profile's dial rules."""
        ...

    def show_dialer(self, number: str = "", info: str = "") -> None:
        """Open the dialer, prefilled with ``number``, with an optional hint line."""
        ...

    def add_contact(self, number: str) -> None:
        """Open the address book's "new contact" form for ``number`` (popup, history)."""
        ...
