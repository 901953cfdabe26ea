"""Clinica Web push adapter (seed 002, Binotel-style PUSH to ``.../api/Binotel/Push``).

Every message is a POST to the one configured URL, told apart by ``requestType``:

- ``receivedTheCall`` (inbound: didNumber, externalNumber, internalNumber,
  generalCallID, callType 0, companyID; outbound: the same without didNumber, callType 1)
- ``answeredTheCall`` (didNumber, externalNumber, internalNumber, generalCallID,
  callType, companyID)
- ``hangupTheCall`` (generalCallID, billsec, companyID)

Field names are Binotel's camelCase as listed in the seed's parameter table (its
PHP samples are machine-capitalised: ``DidNumber`` = ``didNumber``). The PHP
``$PostData`` array is sent form-encoded by default (``encoding: json`` switches).
PUSH messages are not signed (Binotel relies on an IP allow-list). Clinica Web
has no lookup API in the seed, so ``lookup`` finds nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from core.calls.events import (
    CallAnswered,
    CallEvent,
    CallFinished,
    CallRinging,
    CallStarted,
    Direction,
)
from core.crm.base import ConfigField, CrmAdapter
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, send
from core.crm.types import Match

__all__ = ["ClinicaAdapter", "push_payload"]

VENDOR = "Clinica Web"


def _call_type(direction: Direction) -> str:
    return "1" if direction is Direction.OUTBOUND else "0"


def push_payload(event: CallEvent, company_id: str | None = None) -> dict[str, str] | None:
    """The PUSH fields for ``event`` (insertion order as in the seed), or ``None`` to skip it."""
    call = event.call
    if call.direction is Direction.INTERNAL or not call.remote_number:
        return None
    fields: dict[str, str]
    if isinstance(event, CallRinging) and call.direction is Direction.INBOUND and event.extension:
        fields = _received(call.did, call.remote_number, event.extension, call.call_id, "0")
    elif isinstance(event, CallStarted) and call.direction is Direction.OUTBOUND:
        if not call.from_extension:
            return None
        fields = _received(None, call.remote_number, call.from_extension, call.call_id, "1")
    elif isinstance(event, CallAnswered) and event.by and event.extension == event.by:
        fields = _received(call.did if call.direction is Direction.INBOUND else None,
                           call.remote_number, event.by, call.call_id,
                           _call_type(call.direction))
        fields["requestType"] = "answeredTheCall"
    elif isinstance(event, CallFinished):
        fields = {"generalCallID": call.call_id, "billsec": str(round(call.talk_seconds))}
        fields["requestType"] = "hangupTheCall"
    else:
        return None
    if company_id:
        fields = _with_company(fields, company_id)
    return fields


def _received(did: str | None, external: str, internal: str, call_id: str,
              call_type: str) -> dict[str, str]:
    fields = {"didNumber": did} if did else {}
    fields.update({"externalNumber": external, "internalNumber": internal,
                   "generalCallID": call_id, "callType": call_type,
                   "requestType": "receivedTheCall"})
    return fields


def _with_company(fields: dict[str, str], company_id: str) -> dict[str, str]:
    """companyID goes right before requestType, as in the seed's samples."""
    request_type = fields.pop("requestType")
    return {**fields, "companyID": company_id, "requestType": request_type}


class ClinicaAdapter(CrmAdapter):
    name: ClassVar[str] = "clinica"
    label: ClassVar[str] = "Clinica Web"
    supports_push: ClassVar[bool] = True
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField("push_url", "PUSH address", "url", "", required=True,
                    help="https://your-clinic.example.com/api/Binotel/Push"),
        ConfigField("company_id", "Company ID", "text", "", help="Optional."),
        ConfigField("encoding", "Encoding", "choice", "form", choices=("form", "json")),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(self, push_url: str, *, company_id: str | None = None, encoding: str = "form",
                 region: str = "RU", timeout: float = DEFAULT_TIMEOUT,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(region)
        if encoding not in ("form", "json"):
            raise ValueError("encoding must be 'form' or 'json'")
        self.push_url = push_url
        self.company_id = company_id or None
        self.encoding = encoding
        self._client = make_client(timeout=timeout, transport=transport)

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        return []

    async def push_call_event(self, event: CallEvent) -> None:
        fields = push_payload(event, self.company_id)
        if fields is None:
            return
        kwargs: dict[str, Any] = {"json": fields} if self.encoding == "json" else {"data": fields}
        response = await send(self._client, VENDOR, "POST", self.push_url, **kwargs)
        detail = response.text.strip()[:200] or None if response.status_code >= 400 else None
        raise_for_status(response, VENDOR, detail)

    async def aclose(self) -> None:
        await self._client.aclose()
