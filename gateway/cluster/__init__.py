"""A Ringside hub cluster: several hub nodes on NATS JetStream (``[cluster]`` in the TOML).

:func:`mount_cluster` is called by ``gateway/app.py`` before the hub is mounted: it
holds the gateway's AMI feed back (only the node holding the lease connects), sends
the gateway's CRM pushes to the cluster's work queue, and gives the hub its
:class:`~gateway.cluster.feed.ClusterFeed` and :class:`ClusterHubServer`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI


def mount_cluster(app: FastAPI, config: Any, gateway: Any) -> Any:
    """The node (``node.feed`` for the hub), or None without ``[cluster]``."""
    from gateway.cluster.node import ClusterNode
    from gateway.cluster.server import ClusterHubServer
    from gateway.cluster.settings import cluster_settings

    settings = cluster_settings(getattr(config.file, "cluster", None) or {})
    if settings is None:
        return None
    node = ClusterNode(settings, gateway)
    node.server_class = ClusterHubServer  # type: ignore[attr-defined]
    gateway.hold_feed = True
    gateway.push_sink = node.push_sink
    app.state.cluster = node

    async def status() -> dict[str, Any]:
        return node.describe()

    app.add_api_route("/cluster", status, methods=["GET"], tags=["service"])
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        async with inner(a) as state:  # the gateway first (its feed held back), then NATS
            await node.start()
            try:
                yield state
            finally:
                with contextlib.suppress(Exception):
                    await node.stop()

    app.router.lifespan_context = lifespan
    return node


__all__ = ["mount_cluster"]
