"""The running gateway: one AMI connection -> call tracker -> push planner -> durable outbox.

AMI messages arrive through a callback and are queued; one consumer task feeds
them to the tracker in order, saves call snapshots and enqueues the planned
pushes in the SQLite outbox (in a worker thread, batched), then kicks the
outbox worker, which posts them with retries. Inbound HTTP handlers use the
same object for click-to-call, call lookups and the exchange log.
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
from core.calls.events import CallEvent, CallSnapshot
from core.calls.tracker import CallTracker
from core.history.outbox import Outbox
from core.history.worker import OutboxWorker
from gateway.config import GatewayConfig
from gateway.links import RecordingLinks
from gateway.originate import Originator
from gateway.planner import PlannedPush, PushPlanner
from gateway.push.sender import PushSender
from gateway.ratelimit import RateLimiter
from gateway.reconcile import Reconciler
from gateway.store import GatewayStore

log = logging.getLogger(__name__)
TICK = 0.5  # seconds between tracker ticks when no AMI message arrives


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
        self.tracker = CallTracker(clock)
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
        self.ami = ami
        self._own_ami = ami is None
        self.originator = Originator(lambda: self.ami, expect=self._expect_originate)
        rt = config.file.rostelecom
        self.limiter = RateLimiter(rt.rate_limits if rt else {}, clock=time.monotonic)
        self._inbox: asyncio.Queue[Message | None] = asyncio.Queue()
        self._consumer: asyncio.Task[None] | None = None
        self._ami_start: asyncio.Task[None] | None = None
        self.ami_state = "disconnected"
        self.events_seen = 0
        self.pushes_enqueued = 0

    def _secret_values(self) -> list[str]:
        return [value for value in self.config.secrets.values.values() if value]

    # -- lifecycle -----------------------------------------------------------
    async def start(self) -> None:
        self._consumer = asyncio.create_task(self._consume(), name="gateway-ami-consumer")
        self.worker.start()
        if self.ami is None:
            # the HTTP side serves at once; AMI keeps retrying until Asterisk answers
            self.ami = self._make_ami()
            self._ami_start = asyncio.create_task(self.ami.start(fail_fast=False), name="ami-start")
            self._ami_start.add_done_callback(self._ami_started)

    def _ami_started(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and (exc := task.exception()) is not None:
            self.ami_state = f"failed: {exc}"
            log.error("AMI login failed: %s", exc)

    async def stop(self) -> None:
        await self.originator.aclose()
        if self._ami_start is not None and not self._ami_start.done():
            self._ami_start.cancel()
            with contextlib.suppress(BaseException):
                await self._ami_start
        if self.ami is not None and self._own_ami:
            with contextlib.suppress(Exception):
                await self.ami.close()
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

    def _make_ami(self) -> Any:
        from core.ami.connection import AMIConnection

        cfg = self.config.file.ami
        return AMIConnection(
            cfg.host,
            cfg.port,
            cfg.user,
            self.config.secret(cfg.secret_env),
            on_message=self.on_ami_message,
            on_state=self._on_ami_state,
        )

    def _on_ami_state(self, state: Any, detail: str | None) -> None:
        self.ami_state = str(state)
        log.info("AMI %s%s", state, f": {detail}" if detail else "")

    # -- AMI -> pushes -------------------------------------------------------
    def on_ami_message(self, msg: Message) -> None:
        """AMI callback (sync): queue the message for the consumer task."""
        self._inbox.put_nowait(msg)

    def _expect_originate(self, channel_id: str, extension: str, number: str) -> None:
        self.tracker.expect_originate(channel_id, extension, number)

    async def _consume(self) -> None:
        while True:
            try:
                msg = await asyncio.wait_for(self._inbox.get(), TICK)
            except TimeoutError:  # quiet PBX: finish calls whose grace period is over
                expired = self._tick()
                if expired:
                    await self.apply_events(expired)
                continue
            batch = [msg]
            while not self._inbox.empty() and len(batch) < 500:
                batch.append(self._inbox.get_nowait())
            stop = None in batch
            events: list[CallEvent] = []
            for item in batch:
                if item is not None:
                    events += self._handle(item)
            if events:
                await self.apply_events(events)
            if stop:
                return

    def _tick(self) -> list[CallEvent]:
        try:
            return list(self.tracker.tick())
        except Exception:
            log.exception("call tracker tick failed")
            return []

    def _handle(self, msg: Message) -> list[CallEvent]:
        try:
            events = list(self.tracker.handle(msg))
            return events + self.reconciler.after(msg, self.tracker.active_calls)
        except Exception:  # a tracker bug must not kill the gateway
            log.exception("call tracker failed on %s", msg.get("Event", "?"))
            return []

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
        for push in pushes:
            self.outbox.enqueue(
                push.target, push.kind, push.key, push.request.to_payload(), group=push.group
            )

    async def enqueue(self, pushes: list[PlannedPush]) -> None:
        """Enqueue pushes built outside the tracker (seed 003 ``/api/event``)."""
        await asyncio.to_thread(self._persist, [], pushes)
        self.pushes_enqueued += len(pushes)
        self.worker.kick()
