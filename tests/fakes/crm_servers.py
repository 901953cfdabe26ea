"""Real HTTP fakes of the CRMs on 127.0.0.1 (uvicorn + Starlette in a background thread).

Each fake speaks its vendor's wire format, records every request byte for byte and
can be told to fail. They work from sync tests (Qt, CLI) and async tests alike::

    with RetailCrmFake(api_key="k") as crm:          # starts on an ephemeral port
        crm.add_customer(id=7, first_name="Иван", phones=["+79161234567"], manager_code="101")
        crm.url                                      # "http://127.0.0.1:PORT"
        crm.fail_next(503, retry_after=2)            # next request: 503 + Retry-After: 2
        crm.fail_next("timeout")                     # next request hangs until stop()
        crm.fail_next("malformed")                   # next request: 200 with broken JSON
        crm.fail_next("auth")                        # next request: the vendor's auth error
        ...
        crm.requests[-1]                             # RecordedRequest
        crm.requests[-1].form["event"]               # form fields (str), .json(), .body (bytes)
        crm.requests[-1].headers["x-api-key"]        # lower-case header names

Common API (``FakeServer``): ``url``, ``requests``, ``fail_next(kind, times=1,
retry_after=None)``, ``clear()``, ``start()``/``stop()``, context manager. ``kind`` is an
HTTP status (int), ``"timeout"``, ``"malformed"`` or ``"auth"``. Subclass and override
``route(req) -> Reply`` for new vendors.

Vendors:
- ``RetailCrmFake(api_key)``: /api/v5/telephony/manager, /api/v5/customers,
  /api/v5/telephony/call/event (``events``: parsed ``event`` JSONs),
  /api/v5/telephony/calls/upload (``uploads``: parsed calls; repeated externalId ->
  ``duplicateCalls``). Wrong X-API-KEY -> 403 ``{"success": false, "errorMsg": ...}``.
- ``ClinicaFake()``: POST /api/Binotel/Push, form or JSON; ``pushes``: dicts of fields.
  ``push_url`` is the full PUSH address.
- ``Bitrix24Fake(user_id=1, secret="...")``: ``webhook_url``; methods
  crm.duplicate.findbycomm, crm.contact/company/lead.get, user.get,
  telephony.externalcall.register/finish/attachRecord (``telephony``: (method, params)).
  ``wrong_auth_type=True`` answers telephony methods with WRONG_AUTH_TYPE (as current
  Bitrix24 does for webhooks). Wrong secret -> 401 NO_AUTH_FOUND.
- ``AmoCrmFake(token)``: GET /api/v4/contacts?query= (204 when nothing),
  GET /api/v4/users/{id}, POST /api/v4/calls (``calls``; unknown phone -> per-call error).
  Wrong token -> 401 ``application/problem+json``.
- ``RostelecomCrmFake(client_id, key)``: the CRM side of seed 004; verifies X-Client-Sign
  over the exact bytes (``events``: (path, json, signature_ok)), signs its answers.
- ``JsonLookupFake(records, path="/lookup")``: GET returns ``{"data": [records matching
  the ?phone= digits]}``; for the generic HTTP adapter.
"""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.crm_http import (
    FakeServer,
    RecordedRequest,
    Reply,
    digits_of,
    json_reply,
    same_phone,
)
from tests.fakes.crm_rest import AmoCrmFake, Bitrix24Fake, JsonLookupFake
from tests.fakes.crm_rostelecom import RostelecomCrmFake

T0 = 1795360756.0  # the lab transcripts' epoch: calls in CRM tests start here

__all__ = [
    "T0",
    "AmoCrmFake",
    "Bitrix24Fake",
    "ClinicaFake",
    "FakeServer",
    "JsonLookupFake",
    "RecordedRequest",
    "Reply",
    "RetailCrmFake",
    "RostelecomCrmFake",
]


class RetailCrmFake(FakeServer):
    def __init__(self, api_key: str = "retail-key") -> None:
        super().__init__()
        self.api_key = api_key
        self.customers: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.uploads: list[dict[str, Any]] = []
        self.known_codes: set[str] | None = None  # None: every extension is known

    def add_customer(
        self,
        id: int,
        first_name: str,
        last_name: str = "",
        phones: tuple[str, ...] | list[str] = (),
        email: str | None = None,
        manager_code: str | None = None,
        manager_first: str = "Ольга",
        manager_last: str = "Петренко",
    ) -> None:
        self.customers.append(
            {
                "id": id,
                "externalId": f"ext-{id}",
                "firstName": first_name,
                "lastName": last_name,
                "email": email,
                "phones": [{"number": p} for p in phones],
                "_manager": {
                    "id": 10 + len(self.customers),
                    "firstName": manager_first,
                    "lastName": manager_last,
                    "code": manager_code,
                }
                if manager_code
                else None,
            }
        )

    def error(self, status: int, message: str) -> Reply:
        return json_reply({"success": False, "errorMsg": message}, status)

    def auth_error(self) -> Reply:
        return self.error(403, 'Wrong "apiKey" value.')

    def route(self, req: RecordedRequest) -> Reply:
        if req.headers.get("x-api-key") != self.api_key:
            return self.auth_error()
        handlers = {
            ("GET", "/api/v5/telephony/manager"): self._manager,
            ("GET", "/api/v5/customers"): self._customers,
            ("POST", "/api/v5/telephony/call/event"): self._event,
            ("POST", "/api/v5/telephony/calls/upload"): self._upload,
        }
        handler = handlers.get((req.method, req.path))
        return handler(req) if handler else self.error(404, "API method not found")

    @staticmethod
    def _public(customer: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in customer.items() if not k.startswith("_")}

    def _manager(self, req: RecordedRequest) -> Reply:
        phone = req.params.get("phone", "")
        if not phone:
            return self.error(400, "Parameter 'phone' is missing")
        for customer in self.customers:
            if any(same_phone(phone, p["number"]) for p in customer["phones"]):
                manager = customer["_manager"]
                body: dict[str, Any] = {
                    "success": True,
                    "customer": self._public(customer),
                    "links": self._links(customer["id"]),
                }
                if manager:
                    body["manager"] = manager
                return json_reply(body)
        return json_reply(
            {"success": True, "links": {"newCustomerLink": f"{self.url}/customers/add"}}
        )

    def _links(self, customer_id: int) -> dict[str, str]:
        return {
            "newOrderLink": f"{self.url}/orders/add?customerId={customer_id}",
            "lastOrderLink": f"{self.url}/orders/{customer_id}00/edit",
            "newCustomerLink": f"{self.url}/customers/add",
            "customerLink": f"{self.url}/customers/{customer_id}",
        }

    def _customers(self, req: RecordedRequest) -> Reply:
        needle = digits_of(req.params.get("filter[name]", ""))
        found = [
            self._public(c)
            for c in self.customers
            if needle and any(needle in digits_of(p["number"]) for p in c["phones"])
        ]
        return json_reply(
            {
                "success": True,
                "pagination": {
                    "limit": 20,
                    "totalCount": len(found),
                    "currentPage": 1,
                    "totalPageCount": 1,
                },
                "customers": found,
            }
        )

    def _event(self, req: RecordedRequest) -> Reply:
        try:
            event = json.loads(req.form["event"])
        except (KeyError, ValueError):
            return self.error(400, "Parameter 'event' is missing or not JSON")
        self.events.append(event)
        unknown = [
            c
            for c in event.get("codes", [])
            if self.known_codes is not None and c not in self.known_codes
        ]
        return json_reply({"success": True, "notExistCodes": unknown})

    def _upload(self, req: RecordedRequest) -> Reply:
        try:
            calls = json.loads(req.form["calls"])
        except (KeyError, ValueError):
            return self.error(400, "Parameter 'calls' is missing or not JSON")
        if not isinstance(calls, list) or len(calls) > 50:
            return self.error(400, "calls must be a list of at most 50 calls")
        seen = {c.get("externalId") for c in self.uploads}
        duplicates = [c["externalId"] for c in calls if c.get("externalId") in seen]
        self.uploads.extend(c for c in calls if c.get("externalId") not in seen)
        return json_reply(
            {
                "success": True,
                "processedCallsCount": len(calls) - len(duplicates),
                "duplicateCalls": duplicates,
            }
        )


class ClinicaFake(FakeServer):
    PATH = "/api/Binotel/Push"

    def __init__(self) -> None:
        super().__init__()
        self.pushes: list[dict[str, Any]] = []

    @property
    def push_url(self) -> str:
        return self.url + self.PATH

    def error(self, status: int, message: str) -> Reply:
        return json_reply({"status": "error", "message": message}, status)

    def route(self, req: RecordedRequest) -> Reply:
        if (req.method, req.path) != ("POST", self.PATH):
            return self.error(404, "Not found")
        if req.headers.get("content-type", "").startswith("application/json"):
            self.pushes.append(req.json())
        else:
            self.pushes.append(req.form)
        return json_reply({"status": "success"})
