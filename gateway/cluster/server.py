"""``ClusterHubServer``: the hub of one cluster node, fanning out the cluster's stream.

It is :class:`~gateway.hub.server.HubServer` with two differences: events come
with the JetStream sequence (the same on every node, so the stream id and seq a
desktop resumes from mean the same thing on any node), and the hub's own events
(CRM cards) are looked up by the AMI leader only and published into the stream,
so every node shows the same card under the same seq.
"""

from __future__ import annotations

import logging
from typing import Any

from core.calls.events import CallAnswered, CallEvent, CallRinging
from core.hub import wire
from core.hub.stream import EventStream
from gateway.cluster.accounts import ClusterAccounts
from gateway.cluster.feed import ClusterFeed, wait_until
from gateway.cluster.notes import ClusterNotes
from gateway.hub.server import Connection, Desktop, HubServer

log = logging.getLogger("gateway.cluster")
audit = logging.getLogger("gateway.hub.audit")
CATCH_UP = 2.0  # seconds a hello from a desktop ahead of this node waits for the stream


class ClusterHubServer(HubServer):
    feed: ClusterFeed
    accounts_class = ClusterAccounts

    def __init__(self, feed: ClusterFeed, *args: Any, **kwargs: Any) -> None:
        super().__init__(feed, *args, **kwargs)
        self.stream = EventStream(self.settings.buffer, stream_id=feed.node.stream_id)
        if isinstance(self.accounts, ClusterAccounts):
            self.accounts.node = feed.node
        feed.node.on_revoked = self.revoked
        if self.notes is not None:  # notes go to the cluster's work queue, off the node
            self.notes = ClusterNotes(self.notes, feed.node)  # type: ignore[assignment]

    def revoked(self, digest: str) -> None:
        """Another node revoked a sign-in: refuse it here too, close its connections now."""
        if isinstance(self.accounts, ClusterAccounts):
            self.accounts.mark_revoked(digest)
        for desktop in list(self.desktops):
            if desktop.session.token_hash == digest:
                audit.warning(
                    "hub closes %s's connection: revoked on another node", desktop.scope.user
                )
                self._remove(desktop)
                desktop.push(wire.encode(wire.Bye("revoked", "This sign-in was revoked")))
                desktop.push(None)

    async def start(self) -> None:
        self._unsubscribe = self.feed.subscribe_stream(self.on_stream_event)
        await super().start()

    def on_stream_event(self, seq: int, event: wire.HubEvent) -> None:
        if self.stream.id != self.feed.node.stream_id:  # the stream was created anew
            self.stream = EventStream(self.settings.buffer, stream_id=self.feed.node.stream_id)
        if isinstance(event, CallEvent):
            self._remember(event.call)
            self._prefetch(event.call)
        self.stream.append(event, seq)
        self.fan_out(seq, event)
        if isinstance(event, CallRinging | CallAnswered) and event.call.call_id in self.cards:
            self.publish(wire.Card(event.call.call_id, self.cards[event.call.call_id]))

    def publish(self, event: wire.HubEvent) -> None:
        """The hub's own event (a card): into the stream, by the leader only."""
        if self.feed.node.leading:
            self.feed.node.publish_event(event)

    def _prefetch(self, call: Any) -> None:
        if self.feed.node.leading:
            super()._prefetch(call)

    async def open(self, conn: Connection, first_frame: str) -> Desktop | None:
        try:
            hello = wire.decode(first_frame)
        except wire.WireError:
            hello = None
        if isinstance(hello, wire.Hello) and hello.stream == self.stream.id:
            seq = hello.seq  # the desktop saw more of the stream than this node: catch up
            await wait_until(lambda: self.stream.seq >= seq, CATCH_UP)
        return await super().open(conn, first_frame)
