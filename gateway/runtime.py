"""The running gateway: one call feed (AMI + call tracker) -> push planner -> durable outbox.

The :class:`~core.calls.ami_feed.AmiFeed` holds the AMI connection and the call
tracker (and ticks it while a call waits for trailing events). Its call events
are queued; one consumer task plans the pushes for each batch, saves call
snapshots and enqueues the pushes in the SQLite outbox (in a worker thread),
then kicks the outbox worker, which posts them with retries. Inbound HTTP
handlers use the same object for click-to-call, call lookups and the exchange log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx

from core.ami.codec import Message
from core.calls.ami_feed import AmiFeed, AmiSettings, LineResolver, line_format
from core.calls.events import CallEvent, CallSnapshot
from core.calls.feed import FeedEvent, LinkStatus
from core.calls.tracker import CallTracker
from core.history.outbox import Outbox
from core.history.worker import OutboxWorker
from gateway.config import GatewayConfig
from gateway.links import RecordingLinks
from gateway.originate import Originator, split_context
from gateway.planner import PlannedPush, PushPlanner
from gateway.push.sender import PushSender
from gateway.ratelimit import RateLimiter
from gateway.reconcile import Reconciler
from gateway.store import GatewayStore

log = logging.getLogger(__name__)
BATCH = 500  # call events planned and persisted per worker-thread hop


class Gateway:
    """Everything the HTTP layer needs, started and stopped by the app's lifespan."""

    def __init__(
        self,
        config: GatewayConfig,
        *,
        ami: Any = None,
        clock: Callable[[], float] = time.time,
        http: httpx.AsyncClient | None = None,
    ):
        self.config = config
        self.clock = clock
        data = config.data_dir
        data.mkdir(parents=True, exist_ok=True)
        self.store = GatewayStore(
            data / "gateway.sqlite3", clock=clock, keep=config.file.server.log_keep
        )
        self.outbox = Outbox(data / "outbox.sqlite3")
        # calls left open by the last run: finished after the first AMI resync if the PBX lost them
        self.reconciler = Reconciler(self.store.open_calls(), self.store.last_activity())
        self.links = RecordingLinks(config, clock=clock, add_token=self.store.add_one_time_link)
        self.planner = PushPlanner(config, clock=clock, record_url=self.links.record_url)
        self.http = http or httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0))
        self._own_http = http is None
        self.sender = PushSender(config, self.store, self.http)
        ob = config.file.outbox
        self.worker = OutboxWorker(
            self.outbox, senders=self.sender.senders(), known_secrets=self._secret_values,
            max_age=ob.max_age_hours * 3600, retry_floor=ob.retry_after_floor,
        )  # fmt: skip
        self._inbox: asyncio.Queue[CallEvent | None] = asyncio.Queue()
        self._consumer: asyncio.Task[None] | None = None
        self.feed = self._make_feed(ami)
        self.feed.subscribe(self._on_feed_event)
        self.feed.add_message_hook(self._reconcile)
        self.originator = Originator(self.feed)
        rt = config.file.rostelecom
        self.limiter = RateLimiter(rt.rate_limits if rt else {}, clock=time.monotonic)
        self.events_seen = 0
        self.pushes_enqueued = 0
        self.hold_feed = False  # a cluster node connects to AMI only while it holds the lease
        self.push_sink: Callable[[list[PlannedPush]], None] | None = None  # the cluster's queue

    def _secret_values(self) -> list[str]:
        return [value for value in self.config.secrets.values.values() if value]

    def _make_feed(self, ami: Any) -> AmiFeed:
        """The feed: on ``[ami]`` (its own connection), or on an embedder's connected ``ami``."""
        tracker = CallTracker(self.clock)
        lines = self._lines()
        if ami is not None:
            return AmiFeed(None, lines=lines, tracker=tracker, clock=self.clock, connection=ami)
        cfg = self.config.file.ami
        settings = AmiSettings(
            cfg.host, cfg.port, cfg.user, tls=cfg.tls, filter_events=cfg.filter_events
        )
        secret = self.config.secret(cfg.secret_env)
        return AmiFeed(settings, secret, lines=lines, tracker=tracker, clock=self.clock)

    def _lines(self) -> LineResolver:
        """Extensions' lines from the first CRM section's ``channel_format`` and context.

        Click-to-call from an inbound API passes its own section's line; this is for
        commands that name only an extension (a hub's desktops may set ``feed.lines``).
        """
        file = self.config.file
        for section in (file.retailcrm, file.binotel, file.rostelecom):
            if section is not None:
                context, _priority = split_context(section.context)
                return line_format(section.channel_format, context)
        return line_format()

    @property
    def tracker(self) -> CallTracker:
        return self.feed.tracker

    @property
    def ami_state(self) -> str:
        """The feed's link state (``ready``, ``connecting``, ``disconnected``, ``failed``)."""
        return str(self.feed.status.state)

    # -- lifecycle -----------------------------------------------------------
    async def start(self) -> None:
        self._consumer = asyncio.create_task(self._consume(), name="gateway-consumer")
        self.worker.start()
        if not self.hold_feed:
            await self.feed.start()  # the HTTP side serves at once; the feed keeps retrying AMI

    async def stop(self) -> None:
        await self.feed.stop()
        if self._consumer is not None:
            await self._inbox.put(None)
            with contextlib.suppress(asyncio.CancelledError):
                await self._consumer
        await self.worker.stop()
        if self._own_http:
            await self.http.aclose()
        with contextlib.suppress(Exception):
            self.outbox.close()
        self.store.close()

    # -- feed -> pushes ------------------------------------------------------
    def on_ami_message(self, msg: Message) -> None:
        """An embedder's AMI message (``create_app(ami=...)``): into the feed, in order."""
        self.feed.on_message(msg)

    def _reconcile(self, msg: Message) -> list[CallEvent]:
        """After the first resync: finish the calls the last run left open (gateway.reconcile)."""
        return self.reconciler.after(msg, self.tracker.active_calls)

    def _on_feed_event(self, event: FeedEvent) -> None:
        if isinstance(event, CallEvent):
            self._inbox.put_nowait(event)
        elif isinstance(event, LinkStatus):
            detail = f": {event.detail}" if event.detail else ""
            log.info("AMI %s%s", event.state, detail)

    async def _consume(self) -> None:
        while True:
            batch = [await self._inbox.get()]
            while not self._inbox.empty() and len(batch) < BATCH:
                batch.append(self._inbox.get_nowait())
            events = [event for event in batch if event is not None]
            if events:
                await self.apply_events(events)
            if None in batch:
                return

    async def apply_events(self, events: list[CallEvent]) -> None:
        """Plan pushes, save snapshots, enqueue (one worker-thread hop per batch: file stats
        for recording links and SQLite writes block)."""
        self.events_seen += len(events)
        count = await asyncio.to_thread(self._plan_and_persist, events)
        if count:
            self.pushes_enqueued += count
            self.worker.kick()

    def _plan_and_persist(self, events: list[CallEvent]) -> int:
        pushes: list[PlannedPush] = []
        snapshots: dict[str, CallSnapshot] = {}
        for event in events:
            snapshots[event.call.call_id] = event.call
            pushes += self.planner.plan(event)
        self._persist(list(snapshots.values()), pushes)
        return len(pushes)

    def _persist(self, snapshots: list[CallSnapshot], pushes: list[PlannedPush]) -> None:
        for call in snapshots:
            self.store.save_call(call)
        if self.push_sink is not None and pushes:
            self.push_sink(pushes)
            return
        for push in pushes:
            self.outbox.enqueue(
                push.target, push.kind, push.key, push.request.to_payload(), group=push.group
            )

    async def enqueue(self, pushes: list[PlannedPush]) -> None:
        """Enqueue pushes built outside the tracker (seed 003 ``/api/event``)."""
        await asyncio.to_thread(self._persist, [], pushes)
        self.pushes_enqueued += len(pushes)
        self.worker.kick()
