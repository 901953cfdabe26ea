"""macOS ``tel:``/``callto:``/``sip:`` links: the link arrives as a ``QFileOpenEvent``.

On macOS a clicked link does not start a second process with the link in argv;
LaunchServices sends the running (or just started) app an Apple Event, which
Qt turns into ``QEvent.FileOpen`` on the application (``packaging/macos/Info.plist``
declares the URL schemes). :class:`LinkOpenFilter` picks those events up and
hands the link to the shell's ``handle_link``; on other platforms the event
never comes, so installing the filter is harmless everywhere. A link that
arrives at launch, before the shell exists, is kept until ``set_handler``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

SCHEMES = ("tel", "callto", "sip")


class LinkOpenFilter(QObject):
    """An application event filter: ``FileOpen`` with a call link -> ``on_link(text)``."""

    def __init__(
        self, on_link: Callable[[str], None] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.on_link = on_link
        self.pending: list[str] = []

    def set_handler(self, on_link: Callable[[str], None]) -> None:
        """Hand links to ``on_link`` from now on, first those that came before."""
        self.on_link = on_link
        pending, self.pending = self.pending, []
        for link in pending:
            on_link(link)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        url = event.url()
        if url.scheme().lower() in SCHEMES:
            if self.on_link is None:
                self.pending.append(url.toString())
            else:
                self.on_link(url.toString())
            return True
        return False


def install(
    on_link: Callable[[str], None] | None = None, app: QCoreApplication | None = None
) -> LinkOpenFilter:
    """Install the filter on the application (kept alive as its child); returns it."""
    app = app or QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    handler = LinkOpenFilter(on_link, app)
    app.installEventFilter(handler)
    return handler
