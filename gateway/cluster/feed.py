"""``ClusterFeed``: a :class:`~core.calls.feed.CallFeed` read from the cluster's event stream.

Every node's hub serves its desktops from this feed, the AMI leader's too: events
arrive from JetStream in stream order with their stream sequence (the same number
on every node, so a desktop resumes on any node), the calls in progress are the
ones the stream says are open, and commands go to the node holding the AMI
connection by NATS request/reply (:meth:`ClusterNode.command`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
)
from core.calls.feed import FeedEvent, FeedObserver, LinkState, LinkStatus
from core.hub import wire

if TYPE_CHECKING:
    from gateway.cluster.node import ClusterNode

log = logging.getLogger("gateway.cluster")
StreamObserver = Callable[[int, wire.HubEvent], None]


async def wait_until(predicate: Callable[[], bool], within: float) -> bool:
    """Poll ``predicate`` (state another task advances) for up to ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        if predicate():
            return True
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.01)


class CallView:
    """The calls the stream says are in progress, and which extensions' parts are live."""

    def __init__(self) -> None:
        self.calls: dict[str, CallSnapshot] = {}
        self.open: dict[str, set[str]] = {}  # call -> extensions that rang and did not end
        self.answered: set[tuple[str, str]] = set()

    def seen(self, event: CallEvent) -> bool:
        """True when the stream already carries ``event`` (a new leader re-learning a call)."""
        call_id, ext = event.call.call_id, event.extension
        if isinstance(event, CallStarted):
            return call_id in self.calls
        if isinstance(event, CallRinging) and ext is not None:
            return ext in self.open.get(call_id, set())
        if isinstance(event, CallAnswered) and ext is not None:
            return (call_id, ext) in self.answered
        if isinstance(event, CallFinished):
            return call_id not in self.calls
        return False

    def apply(self, event: CallEvent) -> None:
        call_id, ext = event.call.call_id, event.extension
        if isinstance(event, CallFinished):
            self.calls.pop(call_id, None)
            self.open.pop(call_id, None)
            self.answered = {k for k in self.answered if k[0] != call_id}
            return
        self.calls[call_id] = event.call
        if isinstance(event, CallRinging) and ext is not None:
            self.open.setdefault(call_id, set()).add(ext)
        elif isinstance(event, CallAnswered) and ext is not None:
            self.answered.add((call_id, ext))
        elif isinstance(event, CallEnded) and ext is not None:
            self.open.get(call_id, set()).discard(ext)


class ClusterFeed:
    def __init__(self, node: ClusterNode, clock: Callable[[], float] = time.time) -> None:
        self.node = node
        self.clock = clock
        self.view = CallView()
        self.seq = 0  # the last stream sequence applied
        self._observers: list[FeedObserver] = []
        self._stream_observers: list[StreamObserver] = []
        self._link = LinkStatus(
            LinkState.CONNECTING, "Waiting for the cluster's event stream", clock()
        )

    # ---------------------------------------------------------- contract
    @property
    def status(self) -> LinkStatus:
        if not self.node.connected:
            return LinkStatus(
                LinkState.DISCONNECTED,
                "This Ringside node lost its connection to NATS",
                self.clock(),
            )
        if self.node.leader is None and self._link.state is LinkState.READY:
            return LinkStatus(
                LinkState.CONNECTING,
                "No Ringside node holds the PBX connection right now; another one is taking over",
                self.clock(),
            )
        return self._link

    async def start(self) -> None:  # the node starts and stops the stream
        return None

    async def stop(self) -> None:
        return None

    def subscribe(self, callback: FeedObserver) -> Callable[[], None]:
        self._observers.append(callback)
        return lambda: self._observers.remove(callback) if callback in self._observers else None

    def subscribe_stream(self, callback: StreamObserver) -> Callable[[], None]:
        """Every event with its stream sequence (the cluster hub's fan-out)."""
        self._stream_observers.append(callback)
        return lambda: (
            self._stream_observers.remove(callback) if callback in self._stream_observers else None
        )

    def active_calls(self) -> list[CallSnapshot]:
        return list(self.view.calls.values())

    def trail(self, call_id: str) -> list[dict[str, str]]:
        return []  # the raw AMI stays on the leader

    async def click_to_call(
        self, extension: str, number: str, *, request_id: str | None = None
    ) -> str:
        args = {"extension": extension, "number": number, "request_id": request_id or ""}
        return str(await self.node.command("click_to_call", args) or "")

    async def hangup(self, extension: str, call_id: str) -> None:
        await self.node.command("hangup", {"extension": extension, "call_id": call_id})

    async def transfer(
        self, extension: str, call_id: str, target: str, *, attended: bool = False
    ) -> None:
        args = {"extension": extension, "call_id": call_id, "target": target, "attended": attended}
        await self.node.command("transfer", args)

    async def set_queue_pause(self, extension: str, paused: bool, reason: str = "") -> None:
        args = {"extension": extension, "paused": paused, "reason": reason}
        await self.node.command("set_queue_pause", args)

    async def set_dnd(self, extension: str, on: bool) -> None:
        await self.node.command("set_dnd", {"extension": extension, "on": on})

    async def spy(self, extension: str, target: str, mode: str = "listen") -> str:
        args = {"extension": extension, "target": target, "mode": mode}
        return str(await self.node.command("spy", args) or "")

    # ---------------------------------------------------------- the stream
    def apply(self, seq: int, event: wire.HubEvent) -> None:
        """One event from the stream, in order (called by the node's consumer)."""
        if seq <= self.seq:
            return
        self.seq = seq
        if isinstance(event, CallEvent):
            self.view.apply(event)
        elif isinstance(event, LinkStatus):
            self._link = event
        for observer in list(self._stream_observers):
            try:
                observer(seq, event)
            except Exception:
                log.exception("cluster stream observer failed")
        if not isinstance(event, wire.Card):
            self._deliver(event)

    def _deliver(self, event: FeedEvent) -> None:
        for observer in list(self._observers):
            try:
                observer(event)
            except Exception:
                log.exception("cluster feed observer failed")
