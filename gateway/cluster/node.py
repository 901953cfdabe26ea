"""``ClusterNode``: one hub node's part in a cluster on NATS JetStream.

* **The AMI lease.** Key ``leader`` of the KV bucket ``ringside_lease_<pbx>`` (TTL
  ``lease_ttl``): a node creates it to become the AMI leader and renews it with a
  compare-and-set on its revision every ``lease_ttl / 3``. The revision at creation
  is the *fencing number* (term): it only grows. A leader that cannot renew (NATS
  gone, paused, partitioned) for ``lease_ttl`` stops its AMI connection.
* **Fenced publishing.** The leader publishes every event of its AmiFeed into the
  stream ``RINGSIDE_EV_<pbx>`` (subjects ``ringside.<pbx>.ev.<kind>.<extension>``)
  with ``Nats-Expected-Last-Sequence``: once a new leader has published its term
  marker, a paused old leader's next publish is refused by the server and it steps
  down; consumers also drop any event whose ``Ringside-Term`` is older than the
  newest term marker they have seen.
* **Every node** reads the stream (an ordered consumer) into its
  :class:`~gateway.cluster.feed.ClusterFeed`; its hub serves desktops from it.
* **Commands** go to ``ringside.<pbx>.cmd`` by request/reply; only the leader
  subscribes. Click-to-call request ids are idempotency keys in the KV bucket
  ``ringside_req_<pbx>`` (kept ``dedupe_window``): a request is executed at most once
  across the cluster, a retry gets the first result or a clear refusal.
* **CRM pushes** planned by the leader go to the work-queue stream
  ``RINGSIDE_PUSH_<pbx>`` with ``Nats-Msg-Id`` = target + idempotency key (a new
  leader re-planning the same call enqueues nothing twice), on one of ``PUSH_LANES``
  subjects by call; every node pulls from each lane's durable consumer (one push in
  flight per lane: a call's pushes stay in order), delivers through the gateway's
  senders, records the key in ``ringside_sent_<pbx>`` and acks. A node that dies mid-delivery leaves the message
  un-acked: another node gets it after ``ack_wait`` and skips it if it was recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

import nats
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeout
from nats.js import api
from nats.js.errors import APIError, KeyNotFoundError, KeyWrongLastSequenceError, NotFoundError

from core.calls.events import CallEnded, CallEvent, CallFinished
from core.calls.feed import FeedError, FeedEvent, LinkState, LinkStatus, PresenceUpdate
from core.history.outbox import OutboxItem
from core.hub import wire
from core.hub.client import _gone_outcome
from gateway.cluster.feed import CallView, ClusterFeed, wait_until
from gateway.cluster.settings import ClusterSettings

log = logging.getLogger("gateway.cluster")
WRONG_LAST_SEQUENCE = 10071  # JetStream: Nats-Expected-Last-Sequence did not match
_TOKEN = re.compile(r"[^A-Za-z0-9_-]")
PUBLISH_BATCH = 200  # events sent to JetStream at once (acks awaited together)
PUSH_ACK_WAIT = 6.0
PUSH_LANES = 8  # pushes are spread over lanes by call; one in flight per lane keeps a call in order
PUSH_MAX_ATTEMPTS = 20
SYNC_GRACE = 1.0  # seconds after a new leader's AMI link is ready before it closes stale calls


def _token(text: str | None) -> str:
    return _TOKEN.sub("_", text or "") or "_"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def subject_of(pbx: str, event: wire.HubEvent) -> str:
    base = f"ringside.{pbx}.ev"
    if isinstance(event, CallEvent):
        return f"{base}.call.{_token(event.extension)}"
    if isinstance(event, PresenceUpdate):
        return f"{base}.presence.{_token(event.extension)}"
    if isinstance(event, LinkStatus):
        return f"{base}.link"
    return f"{base}.card"


class ClusterNode:
    def __init__(
        self, settings: ClusterSettings, gateway: Any, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.settings = settings
        self.gateway = gateway
        self.clock = clock
        self.name = settings.node
        pbx = settings.pbx
        self.ev_stream = f"RINGSIDE_EV_{pbx}"
        self.push_stream = f"RINGSIDE_PUSH_{pbx}"
        self.cmd_subject = f"ringside.{pbx}.cmd"
        self.stream_id = "pending"
        self.feed = ClusterFeed(self, clock)
        self.nc: Any = None
        self.js: Any = None
        self.lease: Any = None
        self.requests: Any = None
        self.sent: Any = None
        self.tokens: Any = None  # shared sign-ins (ClusterAccounts)
        self.on_revoked: Callable[[str], None] | None = None
        self.senders: dict[str, Callable[[OutboxItem], Any]] = {}  # beside the gateway's
        self.leader: str | None = None  # the lease holder's name (None: vacant)
        self.leading = False
        self.term = 0  # this node's fencing number while it leads
        self.max_term = 0  # the newest term marker read from the stream
        self.consumed = 0  # the last stream sequence read (events and markers)
        self.published = 0
        self._msg_n = 0
        self.fenced_total = 0
        self.takeovers = 0
        self._rev = 0
        self._renewed = 0.0
        self._last = 0  # the stream's last sequence as this leader knows it
        self._mine: CallView | None = None  # what this leader has published (its dedupe)
        self._queue: asyncio.Queue[wire.HubEvent] = asyncio.Queue()
        self._cmd_sub: Any = None
        self._ev_sub: Any = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping = False
        gateway.feed.subscribe(self._from_ami)

    def describe(self) -> dict[str, Any]:
        """This node's view of the cluster (``GET /cluster``; no secrets)."""
        return {
            "node": self.name,
            "nats": self.connected,
            "leader": self.leader,
            "leading": self.leading,
            "term": self.term if self.leading else self.max_term,
            "stream": self.stream_id,
            "seq": self.consumed,
            "published": self.published,
            "fenced": self.fenced_total,
            "takeovers": self.takeovers,
            "ami": self.gateway.feed.status.state.value,
        }

    @property
    def connected(self) -> bool:
        return self.nc is not None and self.nc.is_connected

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await self._connect()
        await self._ensure()
        await self._consume()
        self._spawn(self._lease_loop(), "cluster-lease")
        self._spawn(self._publisher(), "cluster-publish")
        self._spawn(self._push_worker(), "cluster-push")
        self._spawn(self._watch_tokens(), "cluster-tokens")
        log.info("cluster node %s joined %s", self.name, ", ".join(self.settings.nats))

    async def stop(self) -> None:
        self._stopping = True
        if self.leading:
            await self._step_down("stopping")
            with contextlib.suppress(Exception):
                await self.lease.delete("leader")  # a clean stop hands over at once
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.nc is not None:
            with contextlib.suppress(Exception):
                await self.nc.drain()

    def _spawn(self, coro: Any, name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("cluster task %s failed: %r", task.get_name(), task.exception())

    async def _connect(self) -> None:
        async def disconnected() -> None:
            log.warning("cluster node %s lost NATS", self.name)

        async def reconnected() -> None:
            log.warning("cluster node %s is back on NATS", self.name)

        async def error(exc: Exception) -> None:
            log.debug("NATS: %s", exc)

        deadline = time.monotonic() + 30
        while True:
            try:
                self.nc = await nats.connect(
                    servers=list(self.settings.nats),
                    name=f"ringside-{self.name}",
                    connect_timeout=2,
                    reconnect_time_wait=0.25,
                    max_reconnect_attempts=-1,
                    ping_interval=1,
                    max_outstanding_pings=3,
                    disconnected_cb=disconnected,
                    reconnected_cb=reconnected,
                    error_cb=error,
                )
                break
            except Exception as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"NATS unreachable at {', '.join(self.settings.nats)}: {exc}"
                    ) from None
                await asyncio.sleep(0.5)
        self.js = self.nc.jetstream(timeout=3)

    async def _ensure(self) -> None:
        s, pbx, r = self.settings, self.settings.pbx, self.settings.replicas
        await self._add_stream(
            api.StreamConfig(
                name=self.ev_stream,
                subjects=[f"ringside.{pbx}.ev.>"],
                max_age=86_400.0,
                max_msgs=max(100_000, s.buffer * 10),
                num_replicas=r,
                storage=api.StorageType.FILE,
            )
        )
        await self._add_stream(
            api.StreamConfig(
                name=self.push_stream,
                subjects=[f"ringside.{pbx}.push.>"],
                retention=api.RetentionPolicy.WORK_QUEUE,
                duplicate_window=3600.0,
                num_replicas=r,
                storage=api.StorageType.FILE,
            )
        )
        self.lease = await self._bucket(f"ringside_lease_{pbx}", s.lease_ttl)
        self.requests = await self._bucket(f"ringside_req_{pbx}", s.dedupe_window)
        self.sent = await self._bucket(f"ringside_sent_{pbx}", 7 * 86_400.0)
        self.tokens = await self._bucket(f"ringside_tokens_{pbx}", 8 * 86_400.0)
        meta = await self._bucket(f"ringside_meta_{pbx}", None)  # no TTL: the stream's id
        try:
            self.stream_id = (await meta.get("stream")).value.decode()
        except KeyNotFoundError:
            candidate = f"{pbx}-{secrets.token_hex(6)}"
            try:
                await meta.create("stream", candidate.encode())
                self.stream_id = candidate
            except KeyWrongLastSequenceError:
                self.stream_id = (await meta.get("stream")).value.decode()

    async def _add_stream(self, config: api.StreamConfig) -> None:
        try:
            await self.js.stream_info(config.name)
        except NotFoundError:
            with contextlib.suppress(APIError):  # another node created it meanwhile
                await self.js.add_stream(config)

    async def _bucket(self, name: str, ttl: float | None) -> Any:
        try:
            return await self.js.key_value(name)
        except Exception:
            with contextlib.suppress(APIError):
                return await self.js.create_key_value(
                    api.KeyValueConfig(
                        bucket=name, ttl=ttl, history=1, replicas=self.settings.replicas
                    )
                )
            return await self.js.key_value(name)

    # -------------------------------------------------------- the stream
    async def _consume(self) -> None:
        info = await self.js.stream_info(self.ev_stream)
        last = info.state.last_seq
        start = max(1, last - self.settings.buffer + 1)
        self._ev_sub = await self.js.subscribe(
            f"ringside.{self.settings.pbx}.ev.>",
            ordered_consumer=True,
            config=api.ConsumerConfig(
                deliver_policy=api.DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=start
            ),
            cb=self._on_stream_msg,
        )
        await wait_until(lambda: self.consumed >= last, 10)  # the calls in progress first

    async def _on_stream_msg(self, msg: Any) -> None:
        seq = msg.metadata.sequence.stream
        self.consumed = max(self.consumed, seq)
        headers = msg.headers or {}
        try:
            term = int(headers.get("Ringside-Term", "0"))
        except ValueError:
            term = 0
        if msg.subject.endswith(".ev.term"):
            self.max_term = max(self.max_term, term)
            return
        if term < self.max_term:
            self.fenced_total += 1
            log.warning("dropped an event of an old leader (term %d < %d)", term, self.max_term)
            return
        try:
            event = wire.event_from_dict(json.loads(msg.data))
        except (ValueError, wire.WireError) as exc:
            log.error("bad event %d in the stream: %s", seq, exc)
            return
        self.feed.apply(seq, event)

    # -------------------------------------------------------- the lease
    def _holder(self) -> bytes:
        return json.dumps({"node": self.name, "at": self.clock()}).encode()

    async def _lease_loop(self) -> None:
        interval = self.settings.lease_ttl / 3
        while not self._stopping:
            try:
                await self._lease_tick()
            except Exception as exc:
                log.debug("lease tick: %r", exc)
            if self.leading and time.monotonic() - self._renewed > self.settings.lease_ttl:
                await self._step_down("the AMI lease could not be renewed in time")
            await asyncio.sleep(interval)

    async def _lease_tick(self) -> None:
        if self.leading:
            try:
                self._rev = await self.lease.update("leader", self._holder(), last=self._rev)
                self._renewed = time.monotonic()
            except KeyWrongLastSequenceError:
                await self._step_down("another node holds the AMI lease")
            return
        try:
            rev = await self.lease.create("leader", self._holder())
        except KeyWrongLastSequenceError:
            with contextlib.suppress(KeyNotFoundError):
                entry = await self.lease.get("leader")
                self.leader = json.loads(entry.value)["node"]
            return
        self._rev, self._renewed = rev, time.monotonic()
        await self._take_over(rev)

    async def _take_over(self, term: int) -> None:
        self.term, self.leader, self.takeovers = term, self.name, self.takeovers + 1
        info = await self.js.stream_info(self.ev_stream)
        last = info.state.last_seq
        await wait_until(lambda: self.consumed >= last, 5)  # all the old leader published
        self._last = info.state.last_seq
        marker = json.dumps({"node": self.name, "term": term}).encode()
        while True:
            try:
                ack = await self.js.publish(
                    f"ringside.{self.settings.pbx}.ev.term",
                    marker,
                    headers={
                        "Ringside-Term": str(term),
                        "Nats-Expected-Last-Sequence": str(self._last),
                        "Nats-Msg-Id": f"{term}-0",
                    },
                )
                self._last = ack.seq
                break
            except APIError as exc:
                if exc.err_code != WRONG_LAST_SEQUENCE:
                    raise
                self._last = (await self.js.stream_info(self.ev_stream)).state.last_seq
        mine = CallView()
        mine.calls = dict(self.feed.view.calls)
        mine.open = {k: set(v) for k, v in self.feed.view.open.items()}
        mine.answered = set(self.feed.view.answered)
        self._mine = mine
        self.leading = True
        self._cmd_sub = await self.nc.subscribe(self.cmd_subject, cb=self._on_command)
        log.warning("cluster node %s holds the AMI connection now (term %d)", self.name, term)
        await self.gateway.feed.start()
        self._spawn(self._close_stale(term), "cluster-close-stale")

    async def _step_down(self, why: str) -> None:
        if not self.leading:
            return
        self.leading, self.leader, self._mine = False, None, None
        log.warning("cluster node %s gives up the AMI connection: %s", self.name, why)
        if self._cmd_sub is not None:
            with contextlib.suppress(Exception):
                await self._cmd_sub.unsubscribe()
            self._cmd_sub = None
        while not self._queue.empty():
            self._queue.get_nowait()
        await self.gateway.feed.stop()

    async def _close_stale(self, term: int) -> None:
        """Once the new AMI link has re-learned the calls: end those that ended meanwhile."""
        feed = self.gateway.feed
        while self.leading and self.term == term:
            status = feed.status
            if status.state is LinkState.READY and self.clock() - status.since >= SYNC_GRACE:
                break
            await asyncio.sleep(0.1)
        if not self.leading or self.term != term or self._mine is None:
            return
        live = {call.call_id for call in feed.active_calls()}
        closing: list[CallEvent] = []
        for call_id, call in list(self._mine.calls.items()):
            if call_id in live:
                continue
            for ext in sorted(self._mine.open.get(call_id, set())):
                closing.append(CallEnded(call, ext, outcome=_gone_outcome(call, ext)))
            closing.append(CallFinished(call, None))
        for event in closing:
            self._enqueue(event)
        if closing:  # their CRM pushes too (keys the old leader enqueued are not sent twice)
            await self.gateway.apply_events(closing)

    # ------------------------------------------------------- publishing
    def _from_ami(self, event: FeedEvent) -> None:
        if not self.leading or self._mine is None:
            return
        if isinstance(event, CallEvent) and self._mine.seen(event):
            return  # the stream has it already (the call was re-learned after a failover)
        self._enqueue(event)

    def _enqueue(self, event: wire.HubEvent) -> None:
        if isinstance(event, CallEvent) and self._mine is not None:
            self._mine.apply(event)
        self._queue.put_nowait(event)

    def publish_event(self, event: wire.HubEvent) -> None:
        """The hub's own event (a CRM card) into the stream: the leader only."""
        if self.leading:
            self._enqueue(event)

    async def _publisher(self) -> None:
        """Publish in order, pipelined: a batch goes out at once, each message expecting the
        sequence of the one before it (the fence); what failed is found out and sent again."""
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < PUBLISH_BATCH:
                batch.append(self._queue.get_nowait())
            term = self.term
            items = []
            for event in batch:
                self._msg_n += 1
                data = json.dumps(wire.event_to_dict(event), separators=(",", ":")).encode()
                items.append((self._msg_n, subject_of(self.settings.pbx, event), data))
            while items and self.leading and self.term == term:
                items = await self._publish_batch(term, items)

    async def _publish_batch(
        self, term: int, items: list[tuple[int, str, bytes]]
    ) -> list[tuple[int, str, bytes]]:
        """Send ``items``; return those still to send (empty: all in the stream)."""
        base = self._last
        tasks = [
            asyncio.ensure_future(
                self.js.publish(
                    subject,
                    data,
                    headers={
                        "Ringside-Term": str(term),
                        "Nats-Expected-Last-Sequence": str(base + i),
                        "Nats-Msg-Id": f"{term}-{n}",
                    },
                )
            )
            for i, (n, subject, data) in enumerate(items)
        ]
        results = await asyncio.gather(*tasks, return_exceptions=True)
        done = 0
        for result in results:
            if isinstance(result, BaseException):
                break
            done += 1
            self._last = result.seq
        self.published += done
        left = items[done:]
        if not left:
            return []
        landed = await self._landed(term)  # what of the rest reached the stream after all
        if landed is None:
            await asyncio.sleep(0.1)  # NATS away: the lease loop decides how long we may wait
            return left
        if landed < 0:
            await self._step_down("fenced: another node published into the stream")
            return []
        rest = [item for item in left if item[0] > landed]
        self.published += len(left) - len(rest)
        return rest

    async def _landed(self, term: int) -> int | None:
        """The number of this term's last message in the stream (-1: another term's)."""
        try:
            last = (await self.js.stream_info(self.ev_stream)).state.last_seq
            msg = await self.js.get_msg(self.ev_stream, last)
        except Exception:
            return None
        mine, _, n = str((msg.headers or {}).get("Nats-Msg-Id", "")).partition("-")
        if mine != str(term):
            return -1
        self._last = last
        return int(n) if n.isdigit() else 0

    # ---------------------------------------------------------- commands
    async def command(self, op: str, args: dict[str, Any]) -> Any:
        """Run ``op`` at the AMI leader (any node); :class:`FeedError` in words."""
        if not self.connected:
            raise FeedError("This Ringside node has lost its connection to NATS; try again shortly")
        body = json.dumps({"op": op, "args": args}).encode()
        timeout = self.settings.command_timeout
        try:
            reply = await self.nc.request(self.cmd_subject, body, timeout=timeout)
        except NoRespondersError:
            raise FeedError(
                "No Ringside node holds the PBX connection right now (a failover is under way); "
                "the command was not sent"
            ) from None
        except (NatsTimeout, TimeoutError):
            raise FeedError(
                f"The node holding the PBX connection did not answer within {timeout:g} s "
                "(it may have gone down); the command is not repeated"
            ) from None
        answer = json.loads(reply.data)
        if not answer.get("ok"):
            raise FeedError(str(answer.get("error") or "The PBX refused the command"))
        return answer.get("result")

    async def _on_command(self, msg: Any) -> None:
        self._spawn(self._answer(msg), "cluster-cmd")

    async def _answer(self, msg: Any) -> None:
        try:
            request = json.loads(msg.data)
            result = await self._run(str(request["op"]), dict(request.get("args") or {}))
            answer: dict[str, Any] = {"ok": True, "result": result}
        except FeedError as exc:
            answer = {"ok": False, "error": str(exc)}
        except Exception as exc:
            log.exception("cluster command failed")
            answer = {"ok": False, "error": f"The PBX node failed on the command: {exc}"}
        with contextlib.suppress(Exception):
            await msg.respond(json.dumps(answer).encode())

    async def _run(self, op: str, a: dict[str, Any]) -> Any:
        feed = self.gateway.feed
        if not self.leading:
            raise FeedError("This node no longer holds the PBX connection; try again")
        if op == "click_to_call":
            return await self._click_to_call(a["extension"], a["number"], a.get("request_id") or "")
        if op == "hangup":
            return await feed.hangup(a["extension"], a["call_id"])
        if op == "transfer":
            return await feed.transfer(
                a["extension"], a["call_id"], a["target"], attended=bool(a.get("attended"))
            )
        if op == "set_queue_pause":
            return await feed.set_queue_pause(
                a["extension"], bool(a["paused"]), a.get("reason", "")
            )
        if op == "set_dnd":
            return await feed.set_dnd(a["extension"], bool(a["on"]))
        if op == "spy":
            return await feed.spy(a["extension"], a["target"], a.get("mode", "listen"))
        raise FeedError(f"Unknown command “{op}”")

    async def _click_to_call(self, ext: str, number: str, request_id: str) -> str:
        feed = self.gateway.feed
        if not request_id:
            return str(await feed.click_to_call(ext, number))
        key = _digest(f"{ext}:{request_id}")
        try:
            await self.requests.create(key, b'{"state":"running"}')
        except KeyWrongLastSequenceError:
            entry = await self.requests.get(key)
            earlier = json.loads(entry.value)
            if earlier.get("state") == "done":
                return str(earlier.get("result", ""))
            if earlier.get("state") == "failed":
                raise FeedError(str(earlier.get("result"))) from None
            raise FeedError(
                "This call request already went to the PBX (its node went away before it "
                "confirmed); it is not dialled twice"
            ) from None
        try:
            channel = str(await feed.click_to_call(ext, number, request_id=request_id))
        except FeedError as exc:
            await self.requests.put(
                key, json.dumps({"state": "failed", "result": str(exc)}).encode()
            )
            raise
        await self.requests.put(key, json.dumps({"state": "done", "result": channel}).encode())
        return channel

    async def _watch_tokens(self) -> None:
        """Revocations made on any node, applied here as they happen."""
        while True:
            try:
                watcher = await self.tokens.watchall(include_history=False)
                async for entry in watcher:
                    if entry is None or not entry.value:
                        continue
                    try:
                        record = json.loads(entry.value)
                    except ValueError:
                        continue
                    if record.get("revoked") and self.on_revoked is not None:
                        digest = entry.key
                        self.on_revoked(digest)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.debug("token watch: %r", exc)
                await asyncio.sleep(0.5)

    # ------------------------------------------------------------ pushes
    def push_sink(self, pushes: list[Any]) -> None:
        """The gateway's planned pushes (from its worker thread): into the work queue, durably."""
        loop = self._loop
        if loop is None:
            raise RuntimeError("the cluster node has not started")
        for push in pushes:
            body = {
                "target": push.target,
                "kind": push.kind,
                "key": push.key,
                "group": push.group,
                "payload": push.request.to_payload(),
            }
            future = asyncio.run_coroutine_threadsafe(self.enqueue_push(body), loop)
            future.result(timeout=60)

    async def enqueue_push(self, body: dict[str, Any]) -> None:
        lane = int(_digest(str(body.get("group") or body["key"]))[:8], 16) % PUSH_LANES
        subject = f"ringside.{self.settings.pbx}.push.{lane}.{_token(body['target'])}"
        data = json.dumps(body).encode()
        msg_id = f"{body['target']}:{body['key']}"
        for attempt in range(100):
            try:
                await self.js.publish(subject, data, headers={"Nats-Msg-Id": msg_id})
                return
            except Exception as exc:
                log.debug("push enqueue retry %d: %r", attempt, exc)
                await asyncio.sleep(0.2)
        raise RuntimeError("NATS did not take the CRM push for 20 s")

    async def _push_worker(self) -> None:
        await asyncio.gather(*(self._push_lane(lane) for lane in range(PUSH_LANES)))

    async def _push_lane(self, lane: int) -> None:
        sub = None
        while sub is None:
            try:
                sub = await self.js.pull_subscribe(
                    f"ringside.{self.settings.pbx}.push.{lane}.>",
                    durable=f"pushers-{lane}",
                    config=api.ConsumerConfig(
                        ack_wait=PUSH_ACK_WAIT, max_ack_pending=1, max_deliver=-1
                    ),
                )
            except Exception as exc:
                log.debug("push consumer: %r", exc)
                await asyncio.sleep(0.5)
        while True:
            try:
                msgs = await sub.fetch(1, timeout=1)
            except (NatsTimeout, TimeoutError):
                continue
            except Exception as exc:
                log.debug("push fetch: %r", exc)
                await asyncio.sleep(0.2)
                continue
            for msg in msgs:
                await self._deliver_push(msg)

    async def _deliver_push(self, msg: Any) -> None:
        body = json.loads(msg.data)
        key = _digest(f"{body['target']}:{body['key']}")
        with contextlib.suppress(KeyNotFoundError):
            await self.sent.get(key)
            await msg.ack()  # delivered before; its node died before the ack
            return
        sender = self.senders.get(body["target"]) or self.gateway.worker.senders.get(body["target"])
        attempts = msg.metadata.num_delivered
        if sender is None:
            log.error("no sender for CRM target %s on this node", body["target"])
            await msg.nak(delay=5)
            return
        item = OutboxItem(
            id=msg.metadata.sequence.stream,
            target=body["target"],
            kind=body["kind"],
            group=body.get("group"),
            idempotency_key=body["key"],
            payload=body["payload"],
            attempts=attempts - 1,
        )
        ticker = self._spawn(self._in_progress(msg), "cluster-push-progress")
        try:
            await sender(item)
        except Exception as exc:
            ticker.cancel()
            if getattr(exc, "permanent", False) is True or attempts >= PUSH_MAX_ATTEMPTS:
                log.warning("CRM push %s %s dead: %s", body["target"], body["kind"], exc)
                await self.sent.put("dead-" + key, str(exc)[:500].encode())
                await msg.term()
            else:
                await msg.nak(delay=min(60.0, 0.5 * 2 ** min(attempts, 7)))
            return
        ticker.cancel()
        await self.sent.put(key, b"1")
        await msg.ack()

    async def _in_progress(self, msg: Any) -> None:
        while True:
            await asyncio.sleep(PUSH_ACK_WAIT / 3)
            with contextlib.suppress(Exception):
                await msg.in_progress()
