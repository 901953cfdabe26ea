"""The gateway's FastAPI application: routers for each configured protocol, one runtime.

``create_app(config)`` builds the runtime (stores, outbox, tracker, planner)
at once so the routes work even without the lifespan (tests with an ASGI
transport); the lifespan starts the AMI connection, the consumer task and the
outbox worker, and stops them in reverse. The recordings router (built by
``gateway.recordings``) is mounted when ``[recordings]`` is configured.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from core import __version__
from gateway.api import admin, binotel, debug, retailcrm, rostelecom
from gateway.config import GatewayConfig
from gateway.limits import BodyLimitMiddleware
from gateway.links import recording_settings
from gateway.runtime import Gateway

log = logging.getLogger(__name__)

DESCRIPTION = (
    "Ringside gateway: turns a plain Asterisk/FreePBX into the CRM- and provider-facing "
    "APIs of retailCRM (seed 003), Clinica Web/Binotel (seed 002) and the Rostelecom "
    "Integration API (seed 004)."
)


def _mount_recordings(app: FastAPI, config: GatewayConfig, clock: Callable[[], float]) -> Any:
    """Mount the recordings router; return its service (index, indexer) or None."""
    settings = recording_settings(config)
    if settings is None:
        log.info("recordings: no [recordings] section, recordings router not mounted")
        return None
    from gateway.recordings import build_router

    router = build_router(settings, clock=clock)
    app.include_router(router)
    return getattr(router, "state", None)


def create_app(
    config: GatewayConfig,
    *,
    ami: Any = None,
    clock: Callable[[], float] = time.time,
    http: httpx.AsyncClient | None = None,
) -> FastAPI:
    """The gateway app.

    ``ami``: an already connected AMI connection (tests, embedding) whose messages the
    caller forwards to ``app.state.gateway.on_ami_message``; by default the lifespan
    opens one from ``[ami]``. ``http``: the client used for pushes and lookups.
    """
    gateway = Gateway(config, ami=ami, clock=clock, http=http)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await gateway.start()
        try:
            yield
        finally:
            await gateway.stop()

    app = FastAPI(
        title="Ringside gateway", version=__version__, description=DESCRIPTION, lifespan=lifespan
    )
    app.state.gateway = gateway
    app.add_middleware(BodyLimitMiddleware)  # every API takes a few hundred bytes
    cfg = config.file
    if cfg.retailcrm is not None:
        app.include_router(retailcrm.router)
    if cfg.binotel is not None:
        app.include_router(binotel.router)
    if cfg.rostelecom is not None:
        app.include_router(rostelecom.router)
    if cfg.server.debug_page:
        app.include_router(debug.router)
    app.include_router(admin.router)  # 404 unless an admin token is configured
    service = _mount_recordings(app, config, clock)
    if service is not None:  # CRM/provider links ask the CDR index where a recording lives
        gateway.links.use_index(service.index)
        app.state.recordings = service
    app.add_api_route("/health", health, methods=["GET"], tags=["service"])
    app.add_exception_handler(RequestValidationError, validation_error)
    from gateway.hub import mount_hub  # /metrics always; the hub's routes when [hub] is set

    cluster = None
    if config.file.cluster:  # a hub cluster node: the hub on the cluster's stream
        from gateway.cluster import mount_cluster

        cluster = mount_cluster(app, config, gateway)
    if cluster is not None:
        mount_hub(
            app, config, gateway, clock=clock, feed=cluster.feed, server_class=cluster.server_class
        )
    else:
        mount_hub(app, config, gateway, clock=clock)
    return app


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, without echoing the input: a ``NaN`` or undecodable value in it made
    the error response itself unencodable (a 500 with a traceback)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", "")),
         "type": str(error.get("type", ""))}
        for error in errors[:20]
    ]  # fmt: skip
    return JSONResponse({"detail": detail}, status_code=422)


async def health(request: Request) -> dict[str, Any]:
    """AMI state, counters since start and the outbox (pending / failing / dead pushes)."""
    gw: Gateway = request.app.state.gateway
    stats = await asyncio.to_thread(gw.outbox.stats)
    return {
        "status": "ok",
        "ami": gw.ami_state,
        "events": gw.events_seen,
        "pushes": gw.pushes_enqueued,
        "outbox": {
            "pending": stats.pending,
            "failing": stats.failing,
            "dead": stats.dead,
            "resent": stats.resent,
        },
    }
