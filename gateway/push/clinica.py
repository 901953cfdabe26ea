"""Clinica Web PUSH (seed 002, Binotel-style): receivedTheCall / answeredTheCall / hangupTheCall.

Pure builders over core.crm.clinica's field lists (one home for the wire
format). The body is form-encoded like the seed's PHP ``$PostData`` array,
fields in the seed's order and spelling. Numbers go as the PBX gave
them (the seed shows national numbers such as ``0670219424``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from core.calls.events import CallSnapshot
from core.crm.clinica import call_fields, hangup_fields
from gateway.push import PushRequest

FORM = ("Content-Type", "application/x-www-form-urlencoded")


def _post(push_url: str, fields: dict[str, str]) -> PushRequest:
    return PushRequest("POST", push_url, (FORM,), urlencode(fields).encode("utf-8"))


def received(
    call: CallSnapshot, extension: str, *, push_url: str, company_id: str = ""
) -> PushRequest:
    """``receivedTheCall``: an incoming call rings ``extension`` or ``extension`` dials out."""
    return _post(push_url, call_fields(call, extension, "receivedTheCall", company_id))


def answered(
    call: CallSnapshot, extension: str, *, push_url: str, company_id: str = ""
) -> PushRequest:
    """``answeredTheCall``: ``extension`` picked up."""
    return _post(push_url, call_fields(call, extension, "answeredTheCall", company_id))


def hangup(call: CallSnapshot, *, push_url: str, company_id: str = "") -> PushRequest:
    """``hangupTheCall`` with ``Billsec`` (talk seconds)."""
    return _post(push_url, hangup_fields(call, company_id))
