"""Clinica Web push adapter (seed 002, Binotel-style PUSH to ``.../api/Binotel/Push``).

Every message is a POST to the one configured URL, told apart by ``requestType``:

- ``receivedTheCall`` (inbound: DidNumber, ExternalNumber, InternalNumber,
  GeneralCallID, CallType 0, CompanyID; outbound: the same without DidNumber, CallType 1)
- ``answeredTheCall`` (DidNumber, ExternalNumber, InternalNumber, GeneralCallID,
  CallType, CompanyID)
- ``hangupTheCall`` (GeneralCallID, Billsec, CompanyID)

Field names are spelled as in the seed's PHP samples (``DidNumber``,
``GeneralCallID``...), which is what a receiver written from the seed reads;
``field_case: camel`` sends Binotel's camelCase (``didNumber``) from the seed's
parameter table instead, for receivers written against Binotel itself. The PHP
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
    CallSnapshot,
    CallStarted,
    Direction,
)
from core.crm.base import ConfigField, CrmAdapter
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, send
from core.crm.types import Match

__all__ = ["ClinicaAdapter", "call_fields", "hangup_fields", "push_payload"]

VENDOR = "Clinica Web"


def _call_type(direction: Direction) -> str:
    return "1" if direction is Direction.OUTBOUND else "0"


def _cased(fields: list[tuple[str, str]], field_case: str) -> dict[str, str]:
    """Seed spelling (``DidNumber``) or Binotel's camelCase (``didNumber``)."""
    if field_case == "camel":
        return {key[:1].lower() + key[1:]: value for key, value in fields}
    return dict(fields)


def call_fields(call: CallSnapshot, extension: str, request_type: str, company_id: str | None = None,
                field_case: str = "seed") -> dict[str, str]:
    """``receivedTheCall`` / ``answeredTheCall`` fields, in the seed's order."""
    fields: list[tuple[str, str]] = []
    if call.direction is not Direction.OUTBOUND and call.did:
        fields.append(("DidNumber", call.did))
    fields += [("ExternalNumber", call.remote_number or ""), ("InternalNumber", extension),
               ("GeneralCallID", call.call_id), ("CallType", _call_type(call.direction))]
    return _cased(_tail(fields, company_id, request_type), field_case)


def hangup_fields(call: CallSnapshot, company_id: str | None = None,
                  field_case: str = "seed") -> dict[str, str]:
    """``hangupTheCall`` fields: the call id and ``Billsec`` (talk seconds)."""
    fields = [("GeneralCallID", call.call_id), ("Billsec", str(round(call.talk_seconds)))]
    return _cased(_tail(fields, company_id, "hangupTheCall"), field_case)


def _tail(fields: list[tuple[str, str]], company_id: str | None,
          request_type: str) -> list[tuple[str, str]]:
    """CompanyID (optional) and RequestType close every message, as in the seed's samples."""
    if company_id:
        fields.append(("CompanyID", company_id))
    fields.append(("RequestType", request_type))
    return fields


def push_payload(event: CallEvent, company_id: str | None = None,
                 field_case: str = "seed") -> dict[str, str] | None:
    """The PUSH fields for ``event`` (insertion order as in the seed), or ``None`` to skip it."""
    call = event.call
    if call.direction is Direction.INTERNAL or not call.remote_number:
        return None
    if isinstance(event, CallRinging) and call.direction is Direction.INBOUND and event.extension:
        return call_fields(call, event.extension, "receivedTheCall", company_id, field_case)
    if isinstance(event, CallStarted) and call.direction is Direction.OUTBOUND:
        if not call.from_extension:
            return None
        return call_fields(call, call.from_extension, "receivedTheCall", company_id, field_case)
    if isinstance(event, CallAnswered) and event.by and event.extension == event.by:
        return call_fields(call, event.by, "answeredTheCall", company_id, field_case)
    if isinstance(event, CallFinished):
        return hangup_fields(call, company_id, field_case)
    return None


class ClinicaAdapter(CrmAdapter):
    name: ClassVar[str] = "clinica"
    label: ClassVar[str] = "Clinica Web"
    supports_push: ClassVar[bool] = True
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField("push_url", "PUSH address", "url", "", required=True,
                    help="https://your-clinic.example.com/api/Binotel/Push"),
        ConfigField("company_id", "Company ID", "text", "", help="Optional."),
        ConfigField("encoding", "Encoding", "choice", "form", choices=("form", "json")),
        ConfigField("field_case", "Field names", "choice", "seed", choices=("seed", "camel"),
                    help="seed: DidNumber, GeneralCallID...; camel: didNumber, generalCallID..."),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(self, push_url: str, *, company_id: str | None = None, encoding: str = "form",
                 field_case: str = "seed",
                 region: str = "RU", timeout: float = DEFAULT_TIMEOUT,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(region)
        if encoding not in ("form", "json"):
            raise ValueError("encoding must be 'form' or 'json'")
        if field_case not in ("seed", "camel"):
            raise ValueError("field_case must be 'seed' or 'camel'")
        self.field_case = field_case
        self.push_url = push_url
        self.company_id = company_id or None
        self.encoding = encoding
        self._client = make_client(timeout=timeout, transport=transport)

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        return []

    async def push_call_event(self, event: CallEvent) -> None:
        fields = push_payload(event, self.company_id, self.field_case)
        if fields is None:
            return
        kwargs: dict[str, Any] = {"json": fields} if self.encoding == "json" else {"data": fields}
        response = await send(self._client, VENDOR, "POST", self.push_url, **kwargs)
        detail = response.text.strip()[:200] or None if response.status_code >= 400 else None
        raise_for_status(response, VENDOR, detail)

    async def aclose(self) -> None:
        await self._client.aclose()
