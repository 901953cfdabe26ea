"""The recordings window of the tray app: gateway browser (or local history) + Live tab.

With a recordings gateway configured (``Profile.recordings_url`` and its token in
the keyring) the browser searches the gateway's index and plays signed links;
otherwise it lists this operator's recorded calls from the local history and
plays files from the local recordings folder, with a hint how to configure the
gateway. Supervisor profiles get a "Live" tab (listen / whisper / barge).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from core.recordings.errors import RecordingError
from desktop.numbers import format_number
from desktop.ui import style

if TYPE_CHECKING:
    from desktop.bridge import ServiceBridge
    from desktop.shell import Shell


class RecordingsGlue:
    """Builds the recordings window and resolves history entries to playable URLs."""

    def __init__(
        self,
        shell: Shell,
        bridge: ServiceBridge,
        api: Any = None,
        supervisor: bool = False,
        recordings_dir: Path | None = None,
        format_number: Callable[[str], str] = format_number,
    ) -> None:
        self.shell = shell
        self.bridge = bridge
        self.api = api  # core.recordings.client.RecordingsClient or None
        self.supervisor = supervisor
        self.recordings_dir = recordings_dir
        self.format_number = format_number
        self.recorded: list[Any] = []
        self.player: Any = None

    # ------------------------------------------------------------ the window
    def show(self) -> None:
        def with_rows(entries: list[Any]) -> None:
            self.recorded = [e for e in entries if e.recording]
            self.shell.show_window("recordings", self._make)

        self.bridge.search_history(with_rows, limit=1000)

    def _make(self) -> QWidget:
        from desktop.ui.recordings import RecordingsBrowser

        browser = RecordingsBrowser(self.api, local_rows=self.local_rows, local_url=self.local_url,
                                    format_number=self.format_number)  # fmt: skip
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.api is None:
            hint = QLabel(page)
            hint.setWordWrap(True)
            hint.setObjectName("recordingsHint")
            hint.setProperty("role", "muted")
            hint.setContentsMargins(style.SPACING, style.SPACING, style.SPACING, 0)
            layout.addWidget(hint)
        layout.addWidget(browser, 1)
        window = RecordingsWindow(hint if self.api is None else None)
        style.apply(window)
        window.addTab(page, "")
        window.browser = browser  # type: ignore[attr-defined]
        if self.supervisor:
            window.live = self._live(window)  # type: ignore[attr-defined]
            window.addTab(window.live, "")  # type: ignore[attr-defined]
        window.retranslate()
        window.hint_text = "" if self.api is not None else hint.text()  # type: ignore[attr-defined]
        window.resize(900, 600)
        browser.search()
        return window

    def _live(self, parent: QWidget) -> QWidget:
        from desktop.ui.live import LivePanel

        return LivePanel(self.bridge.active_calls, self.bridge.spy, self.format_number, parent)

    # -------------------------------------------------------- local fallback
    def local_rows(self, query: Any) -> list[Any]:
        """Rows for the browser from the cached history (no I/O on the GUI thread)."""
        from core.history.search import digits
        from core.recordings.types import RecordingRow

        wanted = digits(getattr(query, "number", None) or "")
        rows = []
        for i, e in enumerate(self.recorded):
            if wanted and not digits(e.remote_number).endswith(wanted):
                continue
            if getattr(query, "direction", None) and str(e.direction) != query.direction:
                continue
            rows.append(RecordingRow(
                id=i, call_id=e.call_id, uniqueid=e.call_id, started_at=int(e.started_at),
                src=e.remote_number or "", dst=e.extension, operator=e.extension,
                number=e.remote_number or "", direction=str(e.direction), disposition=e.outcome or "",
                outcome=e.outcome or "", duration=int(e.wait_seconds + e.talk_seconds),
                billsec=int(e.talk_seconds), recording=e.recording, caller_name=e.remote_name or "",
            ))  # fmt: skip
        return rows

    def local_url(self, row: Any) -> str | None:
        if not row.recording:
            return None
        folder = self.recordings_dir
        return str(folder / row.recording) if folder else row.recording

    # ------------------------------------------------------ history playback
    def play(self, entry: Any) -> None:
        """History's "Play recording": a signed gateway link when configured, else the local file."""
        if not entry.recording:
            self.shell.notify(
                QCoreApplication.translate("RecordingsWindow", "No recording for this call")
            )
            return
        title = self._title(entry)
        if self.api is None:
            local = self.local_url(entry)
            if local is None or not Path(local).exists():
                self.shell.notify(QCoreApplication.translate(
                    "RecordingsWindow",
                    "This recording is on the PBX: a recordings gateway is needed to play it "
                    "here. Set it up in Settings → Recordings.",
                ))  # fmt: skip
                return
            self._open_player(local, title)
            return

        def linked(url: Any) -> None:
            if url and ("://" in str(url) or Path(str(url)).exists()):
                self._open_player(url, title)

        self.bridge.run("recording", self._link(entry), linked)

    async def _link(self, entry: Any) -> str | None:
        try:
            return str(await self.api.link_for(entry.call_id, entry.recording))
        except RecordingError as exc:
            from desktop.ui.player import without_urls

            self.shell.notify(without_urls(str(exc)))
            return self.local_url(entry)  # played only if the file is here (see ``linked``)

    def _title(self, entry: Any) -> str:
        """What plays: the caller's name, the number and when (the player window's title)."""
        name, when = getattr(entry, "remote_name", None), getattr(entry, "started_at", None)
        return (
            recording_title(name, entry.remote_number, when, self.format_number) or entry.recording
        )

    def close(self) -> None:
        if self.player is not None and _alive(self.player):
            self.player.close()
        self.player = None

    def _open_player(
        self, source: str | None, title: str, factory: Callable[..., Any] | None = None
    ) -> None:
        """Play ``source`` in the one player window (reused; built on first use)."""
        if not source:
            return
        from desktop.ui.player import PlayerWidget

        player = self.player if self.player is not None and _alive(self.player) else None
        if player is None or (factory is not None and not isinstance(player, factory)):
            player = (factory or PlayerWidget)(None)
            player.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.player = player
        elif hasattr(player, "pause_playback"):
            player.pause_playback()  # the next recording replaces this one in the same window
        player.load(source, title)
        player.show()
        player.raise_()
        player.activateWindow()


class RecordingsWindow(QTabWidget):
    """Recordings (and Live for supervisors) in tabs; follows a language change."""

    def __init__(self, hint: QLabel | None = None) -> None:
        super().__init__()
        self.hint = hint

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("RecordingsWindow", "Recordings — Ringside"))
        self.setTabText(0, QCoreApplication.translate("RecordingsWindow", "Recordings"))
        if self.count() > 1:
            self.setTabText(1, QCoreApplication.translate("RecordingsWindow", "Live"))
        if self.hint is not None:
            self.hint.setText(QCoreApplication.translate(
                "RecordingsWindow",
                "Showing your own recorded calls from this computer. To search every call, "
                "set the recordings gateway URL and token in Settings → Recordings.",
            ))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _alive(widget: Any) -> bool:
    """False once Qt deleted the window (closed with WA_DeleteOnClose)."""
    import shiboken6

    return bool(shiboken6.isValid(widget))


def recording_title(
    name: str | None,
    number: str | None,
    started_at: float | None,
    format_number: Callable[[str], str] = format_number,
) -> str:
    """``Олена Коваленко · 8 (916) 123-45-67 · 4 Dec 14:05``: who and when a recording is."""
    from desktop.ui.history_model import format_time

    parts = [
        name or "",
        format_number(number) if number else "",
        format_time(started_at) if started_at else "",
    ]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return " · ".join(seen)
