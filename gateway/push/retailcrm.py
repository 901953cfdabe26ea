"""retailCRM API v5 telephony pushes as byte-exact requests.

The payloads come from ``core.crm.retailcrm`` (``call_event_payload``,
``upload_payload``: one mapping for the desktop and the gateway); this module
only puts them on the wire the way the API expects: a form-encoded POST with
one JSON field (``event`` / ``calls``). ``X-API-KEY`` is added by the sender.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from core.calls.events import CallSnapshot, Direction, Outcome
from core.crm.types import CallRecord
from gateway.push import PushRequest

FORM = ("Content-Type", "application/x-www-form-urlencoded")
MAX_UPLOAD = 50  # calls per telephony/calls/upload request


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _form(base_url: str, path: str, fields: dict[str, str]) -> PushRequest:
    url = f"{base_url.rstrip('/')}/api/v5/{path}"
    return PushRequest("POST", url, (FORM,), urlencode(fields).encode("ascii"))


def event_request(event: dict[str, Any], *, base_url: str) -> PushRequest:
    """``telephony/call/event`` with ``event`` = the JSON of ``event``."""
    return _form(base_url, "telephony/call/event", {"event": _dumps(event)})


def upload_request(calls: Sequence[dict[str, Any]], *, base_url: str) -> PushRequest:
    """``telephony/calls/upload`` with 1..50 calls."""
    if not 1 <= len(calls) <= MAX_UPLOAD:
        raise ValueError(f"calls/upload takes 1..{MAX_UPLOAD} calls")
    return _form(base_url, "telephony/calls/upload", {"calls": _dumps(list(calls))})


def dedup_key(call_id: str, kind: str) -> str:
    """Idempotency key shared by AMI and dialplan pushes (``events_from = "both"``).

    One event per (call id, type): the same ``in``/``out``/``hangup``/``upload`` coming from
    both paths is sent once (whichever is enqueued first; per-extension repeats collapse).
    """
    return f"retailcrm:{call_id}:{kind}"


def record_of(call: CallSnapshot, recording_url: str | None) -> CallRecord:
    """The finished call as a ``CallRecord`` (the extension that talked, else the last that rang)."""
    if call.direction is Direction.OUTBOUND:
        extension = call.from_extension
    else:
        extension = call.answered_by or (call.rang[-1] if call.rang else None)
    return CallRecord(
        call_id=call.call_id,
        direction=call.direction.value,
        remote_number=call.remote_number or "",
        extension=extension,
        started_at=call.started_at,
        wait_seconds=call.wait_seconds,
        talk_seconds=call.talk_seconds,
        outcome=(call.outcome or Outcome.FAILED).value,
        recording_url=recording_url,
        did=call.did,
    )
