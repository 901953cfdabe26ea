"""One running Ringside per user: a second launch hands its argument to the first and exits.

The first instance listens on a ``QLocalServer`` (a Unix socket / named pipe
named after the user and the config directory); a later ``ringside tel:...``
connects with ``QLocalSocket``, writes the link as one UTF-8 line and quits.
The running instance emits :attr:`SingleInstance.message_received` per line
("activate" when the second launch had no argument).
"""

from __future__ import annotations

import getpass
import hashlib
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = "activate"


def default_server_name() -> str:
    """Per user and per config dir, so the demo, tests and real profiles never collide."""
    config_dir = os.environ.get("RINGSIDE_CONFIG_DIR", "")
    digest = hashlib.sha256(f"{getpass.getuser()}|{config_dir}".encode()).hexdigest()[:12]
    return f"ringside-{digest}"


class SingleInstance(QObject):
    message_received = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or default_server_name()
        self.server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    def forward(self, message: str, timeout_ms: int = 500) -> bool:
        """Send ``message`` to a running instance; False when none is listening.

        Blocks for at most ``timeout_ms`` twice; only used at start-up, before
        the event loop runs.
        """
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write((message.replace("\n", " ") + "\n").encode())
        ok = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(timeout_ms)
        return ok

    def listen(self) -> bool:
        """Become the running instance (a stale socket from a crash is removed first)."""
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._on_new_connection)
        if not server.listen(self.name):
            return False
        self.server = server
        return True

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _on_new_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._on_disconnected(s))
            if socket.bytesAvailable():
                self._on_ready_read(socket)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        *lines, rest = data.split(b"\n")
        self._buffers[socket] = rest
        for line in lines:
            text = line.decode("utf-8", "replace").strip()
            if text:
                self.message_received.emit(text)

    def _on_disconnected(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable():
            self._on_ready_read(socket)
        rest = self._buffers.pop(socket, b"").decode("utf-8", "replace").strip()
        if rest:
            self.message_received.emit(rest)
        socket.deleteLater()
