"""The demo's recordings gateway: the real ``gateway.recordings`` router under uvicorn.

Runs in the demo process (a composition root) on 127.0.0.1 (a free port) over
the demo's recordings folder, indexing a ``Master.csv`` the demo appends one
CDR line to per finished call, so the supervisor browser searches the demo calls
and plays them through signed links, exactly as against a PBX.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.calls.events import CallSnapshot, Direction

DISPOSITIONS = {"answered": "ANSWERED", "busy": "BUSY", "failed": "FAILED"}


def cdr_line(call: CallSnapshot, extension: str) -> str:
    """One Master.csv line (18 columns, uniqueid last but one) for a finished demo call."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(call.started_at))
    answered = (
        time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(call.answered_at))
        if call.answered_at
        else ""
    )
    ended = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(call.ended_at or call.started_at))
    operator = call.answered_by or extension
    number = call.remote_number or ""
    if call.direction is Direction.OUTBOUND:
        src, dst, channel, dstchannel = (
            operator,
            number,
            f"PJSIP/{operator}-00000001",
            "PJSIP/trunk-00000002",
        )
    else:
        src, dst, channel, dstchannel = (
            number,
            call.did or operator,
            "PJSIP/trunk-00000001",
            f"PJSIP/{operator}-00000002",
        )
    outcome = str(call.outcome or "")
    disposition = DISPOSITIONS.get(outcome, "ANSWERED" if call.answered_at else "NO ANSWER")
    clid = f'"{call.remote_name or ""}" <{number}>'
    fields = [
        "", src, dst, "from-internal", clid, channel, dstchannel, "Dial", "", stamp, answered, ended,
        int(call.wait_seconds + call.talk_seconds), int(call.talk_seconds), disposition,
        "DOCUMENTATION", call.call_id, "",
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerow(fields)
    return out.getvalue()


class DemoGateway:
    """``gateway.recordings`` on 127.0.0.1 for the demo; ``url`` and ``token`` for the profile."""

    def __init__(self, root: Path, recordings_dir: Path) -> None:
        self.root = root
        self.recordings_dir = recordings_dir
        self.cdr_csv = root / "Master.csv"
        self.token = secrets.token_urlsafe(16)
        self.url = ""
        self._server: Any = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> str:
        import uvicorn
        from fastapi import FastAPI

        from gateway.recordings.router import build_router
        from gateway.recordings.settings import RecordingSettings

        self.recordings_dir.mkdir(parents=True, exist_ok=True)
        self.cdr_csv.touch()
        settings = RecordingSettings(
            recordings_root=self.recordings_dir, cache_dir=self.root / "gateway-cache",
            link_key=secrets.token_bytes(32), cdr_csv=self.cdr_csv,
            api_tokens={self.token: "demo-supervisor"}, index_path=self.root / "index.sqlite3",
            poll_interval=1.0, watch=True,
        )  # fmt: skip
        app = FastAPI()
        app.include_router(build_router(settings))
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self._server = _server_class()(config)
        self._task = asyncio.get_running_loop().create_task(self._server.serve(sockets=[sock]))
        while not self._server.started and not self._task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        return self.url

    def add_call(self, call: CallSnapshot, extension: str) -> None:
        """Blocking (file append): index a finished call (the watcher picks it up)."""
        with self.cdr_csv.open("a", encoding="utf-8") as out:
            out.write(cdr_line(call, extension))

    async def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._task, 5.0)


def _server_class() -> type:
    import uvicorn

    class QuietServer(uvicorn.Server):  # type: ignore[misc]
        """uvicorn without its own signal handlers: Ctrl+C belongs to the demo's loop."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return QuietServer
