"""Test helpers for the recordings area: WAV files made on the spot and a live gateway.

``make_wav`` writes an 8 kHz mono 16-bit sine; ``LiveServer`` runs a FastAPI app
under uvicorn on 127.0.0.1 (ephemeral port) in a background thread.
"""

from __future__ import annotations

import math
import struct
import threading
import time
import wave
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from gateway.recordings import RecordingSettings, build_router

LINK_KEY = b"k" * 32
STORAGE_KEY = bytes(range(32))
TOKEN = "test-token-1"


def make_wav(path: Path, seconds: float, rate: int = 8000, freq: float = 440.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = int(seconds * rate)
    frames = b"".join(
        struct.pack("<h", int(9000 * math.sin(2 * math.pi * freq * i / rate))) for i in range(count)
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def make_empty_wav(path: Path) -> Path:
    """A 44-byte header-only WAV, like MixMonitor leaves for a missed call."""
    return make_wav(path, 0)


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1:<ephemeral> until ``stop``."""

    def __init__(self, app: FastAPI) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    @property
    def url(self) -> str:
        sock = self.server.servers[0].sockets[0]
        host, port = sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def settings_for(tmp: Path, **overrides: object) -> RecordingSettings:
    keys = tmp / "keys.dat"
    if not keys.exists():
        import hashlib

        keys.write_text(hashlib.sha256(b"crm-key-1").hexdigest() + "\n\n  \n")
    values: dict[str, object] = {
        "recordings_root": tmp / "monitor",
        "cache_dir": tmp / "cache",
        "link_key": LINK_KEY,
        "get_record_keys_file": keys,
        "storage_aes_key": STORAGE_KEY,
        "api_tokens": {TOKEN: "supervisor"},
        "watch": False,
    }
    values.update(overrides)
    (tmp / "monitor").mkdir(parents=True, exist_ok=True)
    return RecordingSettings(**values)  # type: ignore[arg-type]


def app_for(settings: RecordingSettings, **kwargs: object) -> FastAPI:
    app = FastAPI()
    app.include_router(build_router(settings, **kwargs))  # type: ignore[arg-type]
    return app
