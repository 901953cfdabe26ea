"""Which pushes a call event causes: CallEvent -> [PlannedPush] for every configured CRM.

Pure apart from a little per-call memory (answer sent once, extensions that
rang), so the mapping is tested without sockets. The runtime enqueues each
planned push into the durable outbox, grouped by call so a call's pushes keep
their order.

* retailCRM: core's mapping (``core.crm.retailcrm.call_event_payload``): ``in``
  per ringing extension, ``out`` for the calling extension, ``hangup`` per
  extension whose part ended (``hangupStatus`` from its own outcome, so an
  answer elsewhere closes the other popups); after the call ``calls/upload``
  with the recording's signed URL. ``[retailcrm] events_from``: ``ami`` (default)
  as above; ``dialplan`` plans nothing for retailCRM (seed 003's ``/api/event``
  sends it all); ``both`` keys call events by (call id, type) only, the key
  ``/api/event`` uses too, so the outbox sends whichever path comes first, once.
* Clinica Web: ``receivedTheCall`` per ringing extension (outbound: the caller),
  ``answeredTheCall`` once, ``hangupTheCall`` at the end. Not internal calls.
* Rostelecom: ``new`` at start, ``connected`` at the first answer,
  ``disconnected`` at the end, every direction. Transfers: seed 004 defines no
  state for them, only that "all later events (redirects, transfers by the
  platform) carry the same session_id". So a transfer from A to B is sent as
  the pair that says it with the seed's own states, same ``session_id``:
  ``disconnected`` for A (``request_number``/``request_pin`` = A,
  ``disconnect_reason`` "Вызов переведён") then ``new`` for B; B's answer
  gives a ``connected`` for B (at once if B already talked: attended transfer),
  and the final ``disconnected`` names whoever answered last.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from core.calls.events import (
    CallAnswered,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    CallTransferred,
    Direction,
    Outcome,
)
from core.crm.retailcrm import call_event_payload, upload_payload, zone
from gateway.config import GatewayConfig
from gateway.push import PushRequest, clinica, retailcrm, rostelecom

MAX_CALLS = 10_000  # per-call memory kept at most


@dataclass(frozen=True, slots=True)
class PlannedPush:
    target: str  # retailcrm | clinica | rostelecom
    kind: str
    key: str  # idempotency key: the same event never goes twice
    group: str  # call id: pushes of one call are delivered in order
    request: PushRequest


@dataclass
class _CallMemory:
    answered: bool = False
    rang: list[str] = field(default_factory=list)
    transfers: int = 0  # transfers seen so far (tags the pushes of each one)
    transferred_to: str | None = None  # waiting for this extension's answer


class PushPlanner:
    """Turns call events into the pushes each configured system expects."""

    def __init__(
        self,
        config: GatewayConfig,
        *,
        clock: Callable[[], float] = time.time,
        record_url: Callable[[CallSnapshot], str | None] = lambda call: None,
    ):
        self._cfg = config.file
        self._region = config.file.server.region
        self._clock = clock
        self._record_url = record_url
        self._calls: OrderedDict[str, _CallMemory] = OrderedDict()

    def plan(self, event: CallEvent) -> list[PlannedPush]:
        """Every push ``event`` causes, in delivery order."""
        call = event.call
        memory = self._calls.get(call.call_id)
        if memory is None:
            memory = self._calls[call.call_id] = _CallMemory()
            while len(self._calls) > MAX_CALLS:  # a call the tracker never finished
                self._calls.popitem(last=False)
        pushes = self._retailcrm(event)
        if isinstance(event, CallStarted):
            pushes += self._on_started(call)
        elif isinstance(event, CallRinging) and event.extension:
            if event.extension not in memory.rang:
                memory.rang.append(event.extension)
                pushes += self._on_ringing(call, event.extension)
        elif isinstance(event, CallAnswered) and not memory.answered:
            by = event.by or call.answered_by
            if by is not None:
                memory.answered = True
                pushes += self._on_answered(call, by)
        elif isinstance(event, CallAnswered) and memory.transferred_to:
            if (event.by or event.extension) == memory.transferred_to:
                pushes += self._transfer_answered(call, memory)
        elif isinstance(event, CallTransferred) and event.extension and event.to:
            pushes += self._on_transferred(call, memory, event.extension, event.to)
        elif isinstance(event, CallFinished):
            self._calls.pop(call.call_id, None)
            pushes += self._on_finished(call)
        return pushes

    @staticmethod
    def _push(
        target: str, kind: str, call: CallSnapshot, request: PushRequest, tag: str = ""
    ) -> PlannedPush:
        key = f"{target}:{call.call_id}:{kind}" + (f":{tag}" if tag else "")
        return PlannedPush(target, kind, key, call.call_id, request)

    # -- retailCRM -----------------------------------------------------------
    def _retailcrm(self, event: CallEvent) -> list[PlannedPush]:
        crm = self._cfg.retailcrm
        if crm is None:
            return []
        if crm.events_from == "dialplan":  # the dialplan's /api/event is the only source
            return []
        call = event.call
        pushes: list[PlannedPush] = []
        payload = call_event_payload(event, crm.site or None)
        if payload is not None:
            request = retailcrm.event_request(payload, base_url=crm.url)
            kind = str(payload["type"])
            if crm.events_from == "both":  # (call id, type): what /api/event uses too
                key = retailcrm.dedup_key(call.call_id, kind)
                pushes.append(PlannedPush("retailcrm", kind, key, call.call_id, request))
            else:
                tag = ",".join(payload.get("codes", []))
                pushes.append(self._push("retailcrm", kind, call, request, tag))
        if isinstance(event, CallFinished) and crm.upload:
            record = retailcrm.record_of(call, self._record_url(call))
            upload = upload_payload(record, crm.site or None, zone(crm.timezone))
            if upload is not None:
                request = retailcrm.upload_request([upload], base_url=crm.url)
                pushes.append(self._push("retailcrm", "upload", call, request))
        return pushes

    # -- Clinica Web and Rostelecom --------------------------------------------
    def _clinica(self, call: CallSnapshot, kind: str, extension: str = "") -> list[PlannedPush]:
        cw = self._cfg.clinica
        if cw is None or call.direction is Direction.INTERNAL or not call.remote_number:
            return []
        if kind == "receivedTheCall":
            request = clinica.received(
                call, extension, push_url=cw.push_url, company_id=cw.company_id
            )
        elif kind == "answeredTheCall":
            request = clinica.answered(
                call, extension, push_url=cw.push_url, company_id=cw.company_id
            )
        else:
            request = clinica.hangup(call, push_url=cw.push_url, company_id=cw.company_id)
        return [self._push("clinica", kind, call, request, extension)]

    def _rostelecom(
        self,
        call: CallSnapshot,
        state: str,
        extension: str | None = None,
        *,
        reason: Outcome | None = None,
        tag: str = "",
    ) -> list[PlannedPush]:
        cfg = self._cfg.rostelecom
        if cfg is None or not cfg.callback_url:
            return []
        body = rostelecom.event_body(
            call,
            state,
            timestamp=self._clock(),
            extension=extension,
            domain=cfg.domain,
            region=self._region,
            reason=reason,
        )
        request = rostelecom.call_event(cfg.callback_url, body)
        return [self._push("rostelecom", state, call, request, tag)]

    def _on_started(self, call: CallSnapshot) -> list[PlannedPush]:
        pushes = self._rostelecom(call, "new")
        if call.direction is Direction.OUTBOUND and call.from_extension:
            pushes += self._clinica(call, "receivedTheCall", call.from_extension)
        return pushes

    def _on_ringing(self, call: CallSnapshot, extension: str) -> list[PlannedPush]:
        if call.direction is not Direction.INBOUND:
            return []
        return self._clinica(call, "receivedTheCall", extension)

    def _on_answered(self, call: CallSnapshot, by: str) -> list[PlannedPush]:
        outbound = call.direction is Direction.OUTBOUND
        who = call.from_extension if outbound and call.from_extension else by
        pushes = self._clinica(call, "answeredTheCall", who)
        return pushes + self._rostelecom(call, "connected", None if outbound else by)

    def _on_finished(self, call: CallSnapshot) -> list[PlannedPush]:
        pushes = self._clinica(call, "hangupTheCall")
        extension = call.answered_by if call.direction is not Direction.OUTBOUND else None
        return pushes + self._rostelecom(call, "disconnected", extension)

    def _on_transferred(
        self, call: CallSnapshot, memory: _CallMemory, source: str, target: str
    ) -> list[PlannedPush]:
        """Seed 004 has no transfer state: ``disconnected`` for ``source``, ``new`` for ``target``."""
        memory.transfers += 1
        tag = f"t{memory.transfers}"
        pushes = self._rostelecom(
            call, "disconnected", source, reason=Outcome.TRANSFERRED_AWAY, tag=f"{tag}:{source}"
        )
        pushes += self._rostelecom(call, "new", target, tag=f"{tag}:{target}")
        memory.transferred_to = target
        if target in call.talked:  # attended: the target already talked with the customer
            pushes += self._transfer_answered(call, memory)
        return pushes

    def _transfer_answered(self, call: CallSnapshot, memory: _CallMemory) -> list[PlannedPush]:
        target, memory.transferred_to = memory.transferred_to, None
        if target is None:
            return []
        tag = f"t{memory.transfers}:{target}"
        return self._rostelecom(call, "connected", target, tag=tag)
