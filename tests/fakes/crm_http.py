"""Base of the CRM fakes: a real HTTP server (uvicorn + Starlette) in a thread; see crm_servers."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

__all__ = ["FakeServer", "RecordedRequest", "Reply", "digits_of", "json_reply", "same_phone"]


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: str  # raw query string
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def params(self) -> dict[str, str]:
        return dict(parse_qsl(self.query, keep_blank_values=True))

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes/str as is; None -> empty
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    def to_response(self) -> Response:
        if isinstance(self.body, bytes | str):
            content = self.body.encode() if isinstance(self.body, str) else self.body
        elif self.body is None:
            content = b""
        else:
            content = json.dumps(self.body, ensure_ascii=False).encode()
        return Response(content, self.status, headers=self.headers, media_type=self.content_type)


def json_reply(body: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status, body, dict(headers))


class FakeServer:
    """Base fake: a Starlette catch-all app under uvicorn on 127.0.0.1:<ephemeral>."""

    hang_seconds = 30.0  # a "timeout" request hangs at most this long (or until stop())

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._failures: deque[tuple[int | str, float | None]] = deque()
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._release: asyncio.Event | None = None
        self.port = 0

    # -- control -------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, kind: int | str, times: int = 1, retry_after: float | None = None) -> None:
        with self._lock:
            self._failures.extend([(kind, retry_after)] * times)

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self._failures.clear()

    def start(self) -> FakeServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        app = Starlette(
            routes=[
                Route(
                    "/{path:path}",
                    self._endpoint,
                    methods=["GET", "POST", "PUT", "DELETE", "PATCH"],
                )
            ]
        )
        config = uvicorn.Config(
            app,
            log_level="warning",
            lifespan="off",
            loop="asyncio",
            http="h11",
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"{type(self).__name__}",
            daemon=True,
        )
        self._thread.start()
        for _ in range(500):
            if self._server.started:
                break
            threading.Event().wait(0.01)
        else:
            raise RuntimeError("fake server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving -------------------------------------------------------------------
    async def _endpoint(self, request: Request) -> Response:
        if self._release is None:
            self._loop = asyncio.get_running_loop()
            self._release = asyncio.Event()
        body = await request.body()
        recorded = RecordedRequest(
            request.method,
            request.url.path,
            request.url.query,
            {k.lower(): v for k, v in request.headers.items()},
            body,
        )
        with self._lock:
            self.requests.append(recorded)
            failure = self._failures.popleft() if self._failures else None
        if failure is not None:
            kind, retry_after = failure
            if kind == "timeout":
                try:
                    await asyncio.wait_for(self._release.wait(), self.hang_seconds)
                except TimeoutError:
                    pass
                return Response(b"", 504)
            return self.failure(kind, retry_after).to_response()
        try:
            return self.route(recorded).to_response()
        except Exception as exc:  # a bug in a fake must be loud, not a hang
            return Response(f"fake error: {exc!r}".encode(), 500)

    def failure(self, kind: int | str, retry_after: float | None) -> Reply:
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        if kind == "malformed":
            return Reply(200, b'{"success": true, "customer": {"id": 1', headers)
        if kind == "auth":
            return self.auth_error()
        status = int(kind)
        reply = self.error(status, f"HTTP {status} from the fake")
        reply.headers.update(headers)
        return reply

    def error(self, status: int, message: str) -> Reply:
        """The vendor's error shape (override)."""
        return json_reply({"error": message}, status)

    def auth_error(self) -> Reply:
        return self.error(401, "unauthorized")

    def route(self, req: RecordedRequest) -> Reply:
        return self.error(404, f"no route {req.method} {req.path}")


def digits_of(text: str) -> str:
    return "".join(ch for ch in str(text) if ch.isdigit())


def same_phone(a: str, b: str) -> bool:
    da, db = digits_of(a), digits_of(b)
    return bool(da) and bool(db) and da[-10:] == db[-10:]
