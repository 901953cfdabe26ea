"""Prometheus ``/metrics`` for the gateway and its hub (prometheus-client, one registry per app).

Connected desktops, events and frames (rate() gives events/s), commands and
refusals, the AMI link state, the outbox depths (the gateway's pushes and the hub's
notes) and per-route HTTP latency (a histogram labelled by route template).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from core.calls.feed import LinkState

Probe = Callable[[], Any]


class HubCollector(Collector):
    """Reads the live numbers at scrape time (no bookkeeping on the hot path)."""

    def __init__(self, hub: Any, outboxes: dict[str, Probe], ami_state: Probe) -> None:
        self.hub = hub
        self.outboxes = outboxes
        self.ami_state = ami_state

    def collect(self) -> Iterator[Any]:
        hub = self.hub
        if hub is not None:
            yield _gauge(
                "ringside_hub_desktops", "Desktops connected to the hub", len(hub.desktops)
            )
            yield _counter("ringside_hub_events", "Feed events the hub sequenced", hub.events_total)
            yield _counter(
                "ringside_hub_frames", "Event frames queued to desktops", hub.frames_sent
            )
            yield _counter(
                "ringside_hub_commands",
                "Commands received (WebSocket and HTTP)",
                hub.commands_total,
            )
            yield _counter(
                "ringside_hub_refused", "Commands refused as out of scope", hub.refused_total
            )
            yield _gauge(
                "ringside_hub_stream_seq",
                "Last sequence number of the hub's stream",
                hub.stream.seq,
            )
        state = str(self.ami_state() or "")
        up = GaugeMetricFamily("ringside_ami_up", "1 when the AMI link is ready", labels=["state"])
        up.add_metric(
            [state], 1.0 if state in (LinkState.READY.value, "connected", "ready") else 0.0
        )
        yield up
        depth = GaugeMetricFamily(
            "ringside_outbox_depth",
            "Items waiting in an outbox (pending + failing)",
            labels=["outbox"],
        )
        for name, probe in self.outboxes.items():
            try:
                stats = probe()
                depth.add_metric([name], float(stats.pending + stats.failing))
            except Exception:  # a closed outbox at shutdown: no sample rather than a failed scrape
                continue
        yield depth


def _gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, value=float(value))


def _counter(name: str, doc: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, doc, value=float(value))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.latency = Histogram(
            "ringside_http_request_duration_seconds",
            "HTTP request latency by route",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.command_latency = Histogram(
            "ringside_hub_command_duration_seconds",
            "Hub command latency by command",
            ["op", "ok"],
            registry=self.registry,
            buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15),
        )

    def add(self, collector: Collector) -> None:
        self.registry.register(collector)

    def observe_command(self, op: str, seconds: float, ok: bool) -> None:
        self.command_latency.labels(op, "true" if ok else "false").observe(seconds)

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class LatencyMiddleware:
    """Pure ASGI: time every HTTP request and label it with its route template."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            self.metrics.latency.labels(scope.get("method", ""), path).observe(
                time.perf_counter() - started
            )
