"""The Ringside hub inside the gateway: desktops connect here instead of to AMI.

:func:`mount_hub` is the one registration ``gateway/app.py`` makes: it always adds
Prometheus ``/metrics`` (and the per-route latency middleware) and, when the config
has a ``[hub]`` section, the hub's accounts, its feed (the gateway's one AMI
connection), its CRM lookups and note outbox, and the ``/hub/...`` routes. The hub
starts after the gateway and stops before it (the app's lifespan is wrapped).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Response

log = logging.getLogger("gateway.hub")


def mount_hub(
    app: FastAPI,
    config: Any,
    gateway: Any,
    *,
    feed: Any = None,
    clock: Callable[[], float] = time.time,
    server_class: Any = None,
) -> Any:
    """Register ``/metrics`` and, with ``[hub]``, the hub; returns the HubServer or None."""
    from gateway.hub.metrics import HubCollector, LatencyMiddleware, Metrics
    from gateway.hub.settings import hub_settings

    metrics = Metrics()
    app.state.metrics = metrics
    app.add_middleware(LatencyMiddleware, metrics=metrics)

    async def metrics_route() -> Response:
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    app.add_api_route(
        "/metrics", metrics_route, methods=["GET"], tags=["service"], include_in_schema=False
    )
    settings = hub_settings(getattr(config.file, "hub", None) or {})
    outboxes: dict[str, Callable[[], Any]] = {"gateway": gateway.outbox.stats}
    if settings is None:
        metrics.add(HubCollector(None, outboxes, lambda: gateway.ami_state))
        return None
    hub = _build(app, config, gateway, settings, feed, clock, server_class)
    if hub.notes is not None:
        outboxes["hub"] = hub.notes.outbox.stats
    metrics.add(HubCollector(hub, outboxes, lambda: hub.feed.status.state.value))
    hub.on_command = metrics.observe_command
    app.state.hub = hub
    from gateway.hub.routes import build_router

    app.include_router(build_router())
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        async with inner(a) as state:  # the gateway (and its feed) first, the hub after
            await hub.start()
            try:
                yield state
            finally:
                await hub.stop()
        with contextlib.suppress(Exception):
            hub.accounts.close()
        if hub.notes is not None:
            with contextlib.suppress(Exception):
                hub.notes.outbox.close()

    app.router.lifespan_context = lifespan
    return hub


def _build(
    app: FastAPI, config: Any, gateway: Any, settings: Any, feed: Any, clock: Any, cls: Any = None
) -> Any:
    from gateway.hub.accounts import Accounts
    from gateway.hub.server import HubServer
    from gateway.hub.settings import accounts_path

    accounts = getattr(cls, "accounts_class", Accounts)(  # a cluster shares its sign-ins
        accounts_path(settings, config.data_dir), clock=clock, token_ttl=settings.token_ttl
    )
    feed = feed or gateway.feed  # the gateway's one AMI connection: one session at the PBX
    if settings.channel_format and hasattr(feed, "lines"):
        from core.calls.ami_feed import line_format

        feed.lines = line_format(
            settings.channel_format,
            settings.context,
            caller_id_prefix=settings.caller_id_prefix,
            dnd_mode=settings.dnd_mode,
        )
    crm, notes = _crm(config, settings)
    public = str(getattr(config.file.server, "public_url", "") or "")
    return (cls or HubServer)(
        feed,
        accounts,
        settings,
        notes=notes,
        crm=crm,
        recordings=_recordings(app, public),
        profile_extra={"recordings_url": public},
        clock=clock,
    )


def _crm(config: Any, settings: Any) -> tuple[Any, Any]:
    """The hub's CRM: a lookup cache (one for the whole call center) and the note outbox."""
    if settings.crm is None:
        return None, None
    from core.crm.cache import LookupCache
    from core.crm.registry import adapter_info, create_adapter
    from core.history.notes import NoteOutbox
    from core.history.outbox import Outbox
    from gateway import secrets as secret_store

    info = adapter_info(settings.crm.adapter)
    secrets: dict[str, str] = {}
    field = settings.crm.secret_field or next(
        (f.name for f in info.fields if f.kind == "secret"), ""
    )
    if field and settings.crm.secret_env:
        secrets[field] = config.secret(settings.crm.secret_env) or secret_store.lookup(
            settings.crm.secret_env
        )
    adapter = create_adapter(settings.crm.adapter, settings.crm.settings, secrets)
    region = str(getattr(config.file.server, "region", "RU"))
    outbox = Outbox(config.data_dir / "hub-outbox.sqlite3")
    return LookupCache(adapter.lookup, region=region), NoteOutbox(outbox, adapter)


def _recordings(app: FastAPI, public: str) -> Callable[..., list[dict[str, Any]]]:
    """Search the gateway's CDR index within a scope; each recording with its signed link."""

    def search(scope: Any, args: dict[str, Any]) -> list[dict[str, Any]]:
        from core.recordings.types import SearchQuery
        from gateway.hub.server import CommandError

        service = getattr(app.state, "recordings", None)
        if service is None:
            raise CommandError(
                "unavailable", "Recordings are not configured on the Ringside server"
            )
        operator = str(args.get("operator") or "") or None
        if operator is not None:
            operators: list[str | None] = [operator]
        elif scope.sees_all:
            operators = [None]
        else:
            operators = sorted(scope.visible)
        limit = max(1, min(200, int(args.get("limit") or 50)))
        number = str(args.get("number") or "") or None
        date_from = args.get("date_from")
        rows = []
        for op in operators:
            query = SearchQuery(
                operator=op,
                number=number,
                date_from=int(date_from) if isinstance(date_from, int | float) else None,
                with_recording=True,
                per_page=limit,
            )
            rows += list(service.index.search(query).items)
        rows.sort(key=lambda r: -r.started_at)
        out = []
        for row in rows[:limit]:
            item = row.to_json()
            if row.recording:
                item["url"], item["url_expires_at"] = service.signed_url(public, row.recording)
            out.append(item)
        return out

    return search


__all__ = ["mount_hub"]
