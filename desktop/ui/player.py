"""Recording player: play/pause, seek with time, speed 0.5x–2x, volume, save as, shortcuts.

``PlayerWidget`` wraps QMediaPlayer (FFmpeg backend) and plays WAV and MP3 from
a local file or an HTTP(S) URL (a signed link streams: QMediaPlayer reads it
with range requests, so playback starts before the whole file arrives).
Keyboard: Space play/pause, Left/Right -/+5 s, Up/Down speed. A click on the
seek bar jumps there (not a page step). Errors are shown in full, wrapped, in
words under the controls and emitted as ``errorText``; links are never shown
(a signed link is an internal URL with a token). As a window of its own the
player has Ringside's look and a title that says what plays; the app keeps one
player window and reuses it. Without an audio device (e.g. offscreen)
QMediaPlayer still loads, reports the duration and runs the clock.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut

try:  # libQt6Multimedia links libpulse.so.0: without it (no libpulse0) there is no player
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
except ImportError as exc:  # pragma: no cover - depends on system packages
    MULTIMEDIA_ERROR: str | None = str(exc)
else:
    MULTIMEDIA_ERROR = None
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.recordings.errors import RecordingError
from core.recordings.fetch import download_to
from desktop.ui import style

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
SEEK_STEP_MS = 5000
_URL = re.compile(r"\b(?:https?|file)://\S+", re.IGNORECASE)


def without_urls(text: str) -> str:
    """``text`` with every link replaced by "the link" (signed links carry tokens)."""
    cleaned = _URL.sub(QCoreApplication.translate("PlayerWidget", "the link"), text)
    return re.sub(r"\s+\(\s*\)", "", cleaned).strip()


class SeekSlider(QSlider):
    """A seek bar: a click jumps to where it lands (a plain QSlider only steps a page)."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            value = QStyle.sliderValueFromPosition(
                self.minimum(), self.maximum(), int(event.position().x()), max(1, self.width())
            )
            self.setValue(value)
            self.sliderMoved.emit(value)
            self.jumped.emit(value)
        super().mousePressEvent(event)

    jumped = Signal(int)


def format_ms(ms: int) -> str:
    """``mm:ss`` (``h:mm:ss`` from one hour on)."""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def to_qurl(url_or_path: str) -> QUrl:
    if url_or_path.startswith(("http://", "https://", "file:")):
        return QUrl(url_or_path)
    return QUrl.fromLocalFile(str(Path(url_or_path).expanduser().resolve()))


class PlayerWidget(QWidget):
    durationKnown = Signal(int)
    errorText = Signal(str)
    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self._title = ""
        self._duration = 0
        self._dragging = False
        self._error_shown = False
        self._tasks: set[asyncio.Task[object]] = set()
        if parent is None:
            style.apply(self)
            self.setWindowIcon(style.app_icon())
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self._build()
        self._connect()
        self._shortcuts()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- construction --------------------------------------------------
    def _build(self) -> None:
        style = self.style()
        self.title_label = QLabel(self)
        self.title_label.setProperty("role", "section")
        self.title_label.setWordWrap(True)
        self.play_button = QToolButton(self)
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.slider = SeekSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 0)
        self.time_label = QLabel("00:00 / 00:00", self)
        self.speed = QComboBox(self)
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(90)
        self.save_button = QToolButton(self)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "invalid")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        row = QHBoxLayout()
        for widget in (
            self.play_button,
            self.slider,
            self.time_label,
            self.speed,
            self.volume,
            self.save_button,
        ):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self.audio.setVolume(0.8)
        self._set_enabled(False)
        self._retranslate()

    def _retranslate(self) -> None:
        self.play_button.setToolTip(self.tr("Play / pause (Space)"))
        self.slider.setToolTip(self.tr("Click to jump there; Left / Right: 5 s"))
        self.speed.setToolTip(self.tr("Playback speed (Up / Down)"))
        self.volume.setToolTip(self.tr("Volume"))
        self.save_button.setText(self.tr("Save as…"))
        if self.isWindow():
            title = self._title
            self.setWindowTitle(self.tr("{title} — recording — Ringside").format(title=title)
                                if title else self.tr("Recording — Ringside"))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _connect(self) -> None:
        self.play_button.clicked.connect(self.toggle)
        self.slider.sliderPressed.connect(lambda: setattr(self, "_dragging", True))
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.slider.jumped.connect(self.seek)
        self.slider.sliderMoved.connect(lambda value: self._show_time(value))
        self.speed.currentIndexChanged.connect(self._on_speed)
        self.volume.valueChanged.connect(lambda v: self.audio.setVolume(v / 100.0))
        self.save_button.clicked.connect(self.on_save_clicked)
        self.player.durationChanged.connect(self._on_duration)
        self.player.positionChanged.connect(self._on_position)
        self.player.playbackStateChanged.connect(self._on_state)
        self.player.errorOccurred.connect(self._on_error)
        self.player.mediaStatusChanged.connect(self._on_status)

    def _shortcuts(self) -> None:
        bindings = (
            (Qt.Key.Key_Space, self.toggle),
            (Qt.Key.Key_Left, lambda: self.skip(-SEEK_STEP_MS)),
            (Qt.Key.Key_Right, lambda: self.skip(SEEK_STEP_MS)),
            (Qt.Key.Key_Up, lambda: self.step_speed(1)),
            (Qt.Key.Key_Down, lambda: self.step_speed(-1)),
        )
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- public API ----------------------------------------------------
    def load(self, url_or_path: str, title: str = "") -> None:
        """Open a recording (local path or URL) and start playing it."""
        self._source, self._title, self._duration = url_or_path, title, 0
        self.title_label.setText(title)
        self._retranslate()
        self.error_label.hide()
        self._error_shown = False
        self.slider.setRange(0, 0)
        self._show_time(0)
        self.player.setSource(to_qurl(url_or_path))
        self._set_enabled(True)
        self.player.play()

    def duration_ms(self) -> int:
        return self._duration

    def position_ms(self) -> int:
        return int(self.player.position())

    def source(self) -> str:
        return self._source

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        elif self._source:
            self.player.play()

    def seek(self, ms: int) -> None:
        limit = self._duration or max(ms, 0)
        self.player.setPosition(max(0, min(ms, limit)))

    def skip(self, delta_ms: int) -> None:
        self.seek(self.position_ms() + delta_ms)

    def step_speed(self, step: int) -> None:
        index = max(0, min(len(SPEEDS) - 1, self.speed.currentIndex() + step))
        self.speed.setCurrentIndex(index)

    def playback_rate(self) -> float:
        return float(self.player.playbackRate())

    def stop(self) -> None:
        self.player.stop()

    def pause_playback(self) -> None:
        """Pause (not stop): QtMultimedia 6.11's FFmpeg backend can deadlock in stop() while
        its playback threads are busy, seen under offscreen test runs without a sound server."""
        self.player.pause()

    def show_error(self, text: str) -> None:
        text = without_urls(text)
        self._error_shown = True
        self.error_label.setText(text)
        self.error_label.show()
        self.errorText.emit(text)

    # -- slots ---------------------------------------------------------
    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.play_button, self.slider, self.speed, self.save_button):
            widget.setEnabled(enabled)

    def _show_time(self, position: int) -> None:
        self.time_label.setText(f"{format_ms(position)} / {format_ms(self._duration)}")

    def _on_slider_released(self) -> None:
        self._dragging = False
        self.seek(self.slider.value())

    def _on_speed(self, index: int) -> None:
        self.player.setPlaybackRate(SPEEDS[index])

    def _on_duration(self, duration: int) -> None:
        if duration <= 0:
            return
        self._duration = int(duration)
        self.slider.setRange(0, self._duration)
        self._show_time(self.position_ms())
        self.durationKnown.emit(self._duration)

    def _on_position(self, position: int) -> None:
        if not self._dragging:
            self.slider.setValue(int(position))
        self._show_time(int(position))

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_button.setIcon(self.style().standardIcon(icon))

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.InvalidMedia and not self._error_shown:
            self.show_error(
                self.tr("The recording cannot be played: the file is empty or damaged.")
            )

    def _on_error(self, error: QMediaPlayer.Error, detail: str) -> None:
        messages = {
            QMediaPlayer.Error.ResourceError: self.tr(
                "The recording could not be opened: it is missing, empty, or the link has expired."
            ),
            QMediaPlayer.Error.FormatError: self.tr(
                "The recording is in a format that cannot be played."
            ),
            QMediaPlayer.Error.NetworkError: self.tr("A network error interrupted the recording."),
            QMediaPlayer.Error.AccessDeniedError: self.tr(
                "Access to the recording was denied; the link may have expired."
            ),
        }
        text = messages.get(error, self.tr("The recording could not be played."))
        detail = without_urls(detail or "")
        self.show_error(f"{text} ({detail})" if detail and detail not in text else text)
        self._set_enabled(bool(self._source))

    # -- save as -------------------------------------------------------
    def on_save_clicked(self) -> None:
        suggested = Path(QUrl(self._source).path() if "://" in self._source else self._source).name
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save recording"), str(Path(folder) / (suggested or "recording")),
            self.tr("Audio (*.mp3 *.wav);;All files (*)"),
        )  # fmt: skip
        if target:
            self.save_to(Path(target))

    def save_to(self, target: Path) -> asyncio.Task[object] | None:
        """Copy (local) or download (URL) the current recording to ``target``; emits ``saved``."""
        if not self._source:
            return None
        if "://" not in self._source or self._source.startswith("file:"):
            local = (
                QUrl(self._source).toLocalFile()
                if self._source.startswith("file:")
                else self._source
            )
            shutil.copyfile(local, target)
            self.saved.emit(str(target))
            return None
        return self._spawn(self._download(self._source, target))

    async def _download(self, url: str, target: Path) -> object:
        try:
            await download_to(url, target)
        except RecordingError as exc:
            self.show_error(str(exc))
            return None
        self.saved.emit(str(target))
        return target

    def _spawn(self, coro: object) -> asyncio.Task[object]:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        task: asyncio.Task[object] = loop.create_task(coro)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


class UnavailablePlayer(QWidget):
    """Stand-in when QtMultimedia cannot load: same API, explains why nothing plays."""

    durationKnown = Signal(int)
    errorText = Signal(str)
    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.error_label)

    def load(self, url_or_path: str, title: str = "") -> None:
        self._source = url_or_path
        text = self.tr("Audio playback is unavailable on this computer ({reason}).").format(
            reason=MULTIMEDIA_ERROR or "QtMultimedia"
        )
        self.error_label.setText(text)
        self.errorText.emit(text)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.errorText.emit(text)

    def duration_ms(self) -> int:
        return 0

    def position_ms(self) -> int:
        return 0

    def source(self) -> str:
        return self._source

    def stop(self) -> None:
        pass


if MULTIMEDIA_ERROR is not None:  # pragma: no cover - depends on system packages
    PlayerWidget = UnavailablePlayer  # type: ignore[misc,assignment]
