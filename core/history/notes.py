"""After-call notes to the CRM: stored first in the durable outbox, delivered with retries.

:class:`NoteOutbox` is how :class:`core.service.RingsideService` hands an
operator's note to a CRM adapter that takes them (``supports_push``); a CRM that
is down loses nothing. :func:`note_record` is the CRM's view of the finished call.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from typing import TYPE_CHECKING

from core.calls.events import CallSnapshot
from core.crm.types import CallRecord

if TYPE_CHECKING:
    from core.crm.base import CrmAdapter
    from core.history.outbox import Outbox, OutboxItem

__all__ = ["NoteOutbox", "note_record"]


class NoteOutbox:
    """After-call notes to the CRM through the durable outbox, when the adapter takes them.

    Each note is stored first (``Outbox.enqueue``, idempotency key = call, extension
    and note text) and delivered by an ``OutboxWorker`` with retries.
    """

    KIND = "call-note"

    def __init__(self, outbox: Outbox, adapter: CrmAdapter) -> None:
        from core.history.worker import OutboxWorker  # loads only when notes are configured

        self.outbox = outbox
        self.adapter = adapter
        self.worker = OutboxWorker(outbox, {adapter.name: self._send})

    def start(self) -> None:
        self.worker.start()

    async def stop(self) -> None:
        await self.worker.stop()

    async def push(self, record: CallRecord) -> None:
        key = note_key(record)
        payload = dataclasses.asdict(record)
        await asyncio.to_thread(
            self.outbox.enqueue, self.adapter.name, self.KIND, key, payload, group=record.call_id
        )
        self.worker.kick()

    async def _send(self, item: OutboxItem) -> None:
        await self.adapter.push_call_record(CallRecord(**dict(item.payload)))


def note_key(record: CallRecord) -> str:
    """The idempotency key of a note: call, extension and text (a retry is the same note)."""
    text = f"{record.note or ''}|{record.disposition or ''}".encode()
    return f"{record.call_id}:{record.extension}:note:{hashlib.sha256(text).hexdigest()[:16]}"


def note_record(call: CallSnapshot, extension: str, note: str, disposition: str) -> CallRecord:
    """The CRM's view of a finished call with the operator's note."""
    return CallRecord(
        call_id=call.call_id,
        direction=str(call.direction),
        remote_number=call.remote_number or "",
        extension=extension,
        started_at=call.started_at,
        wait_seconds=call.wait_seconds,
        talk_seconds=call.talk_seconds,
        outcome=str(call.outcome_for(extension) or call.outcome or ""),
        did=call.did,
        note=note or None,
        disposition=disposition or None,
    )
