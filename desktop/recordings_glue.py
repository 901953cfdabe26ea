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

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from core.recordings.errors import RecordingError
from desktop.numbers import format_number

if TYPE_CHECKING:
    from desktop.bridge import ServiceBridge
    from desktop.shell import Shell


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordingsWindow", text)


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

        browser = RecordingsBrowser(self.api, local_rows=self.local_rows, local_url=self.local_url)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.api is None:
            hint = QLabel(_tr(
                "Showing your own recorded calls from this computer. To search every call, "
                "set the recordings gateway URL and token in Settings → Recordings."
            ), page)  # fmt: skip
            hint.setWordWrap(True)
            hint.setObjectName("recordingsHint")
            layout.addWidget(hint)
        layout.addWidget(browser, 1)
        window = QTabWidget()
        window.setWindowTitle(_tr("Recordings"))
        window.addTab(page, _tr("Recordings"))
        window.browser = browser  # type: ignore[attr-defined]
        window.hint_text = "" if self.api is not None else hint.text()  # type: ignore[attr-defined]
        if self.supervisor:
            window.live = self._live(window)  # type: ignore[attr-defined]
            window.addTab(window.live, _tr("Live"))  # type: ignore[attr-defined]
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
            return
        title = self._title(entry)
        if self.api is None:
            self._open_player(self.local_url(entry), title)
            return

        def linked(url: Any) -> None:
            self._open_player(url, title)

        self.bridge.run("recording", self._link(entry), linked)

    async def _link(self, entry: Any) -> str | None:
        try:
            return str(await self.api.link_for(entry.call_id, entry.recording))
        except RecordingError as exc:
            self.shell.notify(str(exc))
            return self.local_url(entry)

    def _title(self, entry: Any) -> str:
        return self.format_number(entry.remote_number or "") or entry.recording

    def close(self) -> None:
        if self.player is not None:
            self.player.close()
            self.player = None

    def _open_player(self, source: str | None, title: str, factory: Callable[..., Any] | None = None) -> None:
        if not source:
            return
        from desktop.ui.player import PlayerWidget

        player = (factory or PlayerWidget)(None)
        self.player = player
        player.load(source, title)
        player.show()
