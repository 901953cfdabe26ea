"""After-call notes in a cluster: into the cluster's CRM work queue, not the node's disk.

``ClusterNotes`` stands in for the hub's :class:`~core.history.notes.NoteOutbox`: a
note is published to ``RINGSIDE_PUSH_<pbx>`` (``Nats-Msg-Id`` = its idempotency key:
the same note sent twice, or again on another node, is one message) and delivered by
whichever node pulls it, through the same adapter call. The node's local outbox is
still drained at start (notes a single hub left behind before it joined a cluster).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from core.history.notes import NoteOutbox, note_key

if TYPE_CHECKING:
    from core.crm.types import CallRecord
    from gateway.cluster.node import ClusterNode


class ClusterNotes:
    def __init__(self, inner: NoteOutbox, node: ClusterNode) -> None:
        self.inner = inner
        self.node = node
        self.outbox = inner.outbox  # the hub's metrics and shutdown read it
        self.adapter = inner.adapter
        self.target = f"note-{inner.adapter.name}"
        node.senders[self.target] = inner._send

    def start(self) -> None:
        self.inner.start()

    async def stop(self) -> None:
        await self.inner.stop()

    async def push(self, record: CallRecord) -> None:
        body: dict[str, Any] = {
            "target": self.target,
            "kind": NoteOutbox.KIND,
            "key": note_key(record),
            "group": record.call_id,
            "payload": dataclasses.asdict(record),
        }
        await self.node.enqueue_push(body)
