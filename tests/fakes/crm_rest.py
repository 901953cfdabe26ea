"""Bitrix24, amoCRM and generic-JSON fakes (see crm_servers for the shared API)."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.crm_http import (
    FakeServer,
    RecordedRequest,
    Reply,
    digits_of,
    json_reply,
    same_phone,
)

__all__ = ["AmoCrmFake", "Bitrix24Fake", "JsonLookupFake"]

_TELEPHONY = (
    "telephony.externalcall.register",
    "telephony.externalcall.finish",
    "telephony.externalcall.attachrecord",
)


class Bitrix24Fake(FakeServer):
    def __init__(
        self, user_id: int = 1, secret: str = "w3bh00ks3cret", wrong_auth_type: bool = False
    ) -> None:
        super().__init__()
        self.user_id, self.secret = user_id, secret
        self.wrong_auth_type = wrong_auth_type
        self.entities: dict[str, dict[str, dict[str, Any]]] = {
            "CONTACT": {},
            "COMPANY": {},
            "LEAD": {},
        }
        self.users: dict[str, dict[str, Any]] = {}
        self.telephony: list[tuple[str, dict[str, Any]]] = []
        self._next_call = 1

    @property
    def webhook_url(self) -> str:
        return f"{self.url}/rest/{self.user_id}/{self.secret}/"

    def add_contact(
        self,
        id: int,
        name: str,
        last_name: str = "",
        phones: tuple[str, ...] | list[str] = (),
        assigned_by: int | None = None,
        kind: str = "CONTACT",
    ) -> None:
        self.entities[kind][str(id)] = {
            "ID": str(id),
            "NAME": name,
            "LAST_NAME": last_name,
            "TITLE": name,
            "ASSIGNED_BY_ID": str(assigned_by) if assigned_by else None,
            "PHONE": [
                {"ID": str(i), "VALUE_TYPE": "WORK", "VALUE": p, "TYPE_ID": "PHONE"}
                for i, p in enumerate(phones, 1)
            ],
        }

    def add_user(self, id: int, name: str, last_name: str, extension: str | None) -> None:
        self.users[str(id)] = {
            "ID": str(id),
            "NAME": name,
            "LAST_NAME": last_name,
            "UF_PHONE_INNER": extension,
        }

    def error(self, status: int, message: str) -> Reply:
        code = {429: "QUERY_LIMIT_EXCEEDED", 503: "QUERY_LIMIT_EXCEEDED"}.get(
            status, "INTERNAL_SERVER_ERROR"
        )
        if status == 404:
            code = "ERROR_METHOD_NOT_FOUND"
        return json_reply({"error": code, "error_description": message}, status)

    def auth_error(self) -> Reply:
        return json_reply(
            {"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"}, 401
        )

    def route(self, req: RecordedRequest) -> Reply:
        m = re.fullmatch(r"/rest/(\d+)/([^/]+)/([\w.]+)\.json", req.path)
        if m is None or req.method != "POST":
            return self.error(404, "Method not found!")
        if m.group(1) != str(self.user_id) or m.group(2) != self.secret:
            return self.auth_error()
        method, params = m.group(3).lower(), req.json() if req.body else {}
        if method in _TELEPHONY:
            return self._telephony(method, params)
        if method == "crm.duplicate.findbycomm":
            return self._find(params)
        if method in ("crm.contact.get", "crm.company.get", "crm.lead.get"):
            entity = self.entities[method.split(".")[1].upper()].get(str(params.get("id")))
            if entity is None:
                return json_reply({"error": "", "error_description": "Not found"}, 400)
            return json_reply({"result": entity})
        if method == "user.get":
            user = self.users.get(str(params.get("ID")))
            return json_reply({"result": [user] if user else [], "total": 1 if user else 0})
        return self.error(404, "Method not found!")

    def _find(self, params: dict[str, Any]) -> Reply:
        if params.get("type") != "PHONE" or not params.get("values"):
            return json_reply(
                {"error": "", "error_description": "Parameter 'values' is required"}, 400
            )
        found: dict[str, list[int]] = {}
        for kind, items in self.entities.items():
            ids = [
                int(i)
                for i, e in items.items()
                if any(same_phone(v, p["VALUE"]) for v in params["values"] for p in e["PHONE"])
            ]
            if ids:
                found[kind] = ids
        return json_reply({"result": found or []})  # PHP: empty array when nothing

    def _telephony(self, method: str, params: dict[str, Any]) -> Reply:
        if self.wrong_auth_type:
            return json_reply(
                {
                    "error": "WRONG_AUTH_TYPE",
                    "error_description": "Current authorization type is denied for this method",
                },
                401,
            )
        self.telephony.append((method, params))
        if method.endswith("register"):
            call_id = f"externalCall.{self._next_call:032x}"
            self._next_call += 1
            return json_reply(
                {
                    "result": {
                        "CALL_ID": call_id,
                        "CRM_CREATED_LEAD": None,
                        "CRM_ENTITY_TYPE": "CONTACT",
                        "CRM_ENTITY_ID": 1,
                    }
                }
            )
        return json_reply(
            {"result": {"CALL_ID": params.get("CALL_ID")} if method.endswith("finish") else True}
        )


class AmoCrmFake(FakeServer):
    def __init__(self, token: str = "amo-long-lived-token") -> None:
        super().__init__()
        self.token = token
        self.contacts: list[dict[str, Any]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.calls: list[dict[str, Any]] = []

    def add_contact(
        self,
        id: int,
        name: str,
        phones: tuple[str, ...] | list[str] = (),
        responsible_user_id: int | None = None,
    ) -> None:
        self.contacts.append(
            {
                "id": id,
                "name": name,
                "responsible_user_id": responsible_user_id,
                "custom_fields_values": [
                    {
                        "field_id": 1,
                        "field_name": "Телефон",
                        "field_code": "PHONE",
                        "values": [{"value": p, "enum_code": "WORK"} for p in phones],
                    }
                ],
            }
        )

    def error(self, status: int, message: str) -> Reply:
        return Reply(
            status,
            {
                "title": {429: "Too Many Requests"}.get(status, "Error"),
                "type": f"https://httpstatus.es/{status}",
                "status": status,
                "detail": message,
            },
            content_type="application/problem+json",
        )

    def auth_error(self) -> Reply:
        return Reply(
            401,
            {
                "title": "Unauthorized",
                "type": "https://httpstatus.es/401",
                "status": 401,
                "detail": "Неверный логин или пароль",
            },
            content_type="application/problem+json",
        )

    def route(self, req: RecordedRequest) -> Reply:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return self.auth_error()
        if (req.method, req.path) == ("GET", "/api/v4/contacts"):
            needle = digits_of(req.params.get("query", ""))
            found = [
                c
                for c in self.contacts
                if needle
                and any(
                    needle in digits_of(v["value"])
                    for f in c["custom_fields_values"]
                    for v in f["values"]
                )
            ]
            return (
                json_reply({"_page": 1, "_embedded": {"contacts": found}}) if found else Reply(204)
            )
        m = re.fullmatch(r"/api/v4/users/(\d+)", req.path)
        if m and req.method == "GET":
            user = self.users.get(m.group(1))
            return json_reply(user) if user else self.error(404, "User not found")
        if (req.method, req.path) == ("POST", "/api/v4/calls"):
            return self._calls(req.json())
        return self.error(404, "Not found")

    def _calls(self, calls: Any) -> Reply:
        if not isinstance(calls, list):
            return Reply(
                400,
                {
                    "title": "Bad Request",
                    "status": 400,
                    "validation-errors": [
                        {
                            "request_id": "0",
                            "errors": [
                                {
                                    "code": "InvalidType",
                                    "path": "",
                                    "detail": "This value should be of type array.",
                                }
                            ],
                        }
                    ],
                },
                content_type="application/problem+json",
            )
        saved, errors = [], []
        for index, call in enumerate(calls):
            known = any(
                same_phone(call.get("phone", ""), v["value"])
                for c in self.contacts
                for f in c["custom_fields_values"]
                for v in f["values"]
            )
            if known:
                self.calls.append(call)
                saved.append({"id": len(self.calls), "request_id": str(index)})
            else:
                errors.append(
                    {"request_id": str(index), "code": 404, "title": "Entity for call not found"}
                )
        return json_reply({"_embedded": {"calls": saved}, "errors": errors})


class JsonLookupFake(FakeServer):
    def __init__(self, records: list[dict[str, Any]] | None = None, path: str = "/lookup") -> None:
        super().__init__()
        self.records = list(records or [])
        self.path = path

    def route(self, req: RecordedRequest) -> Reply:
        if req.path != self.path:
            return self.error(404, "not found")
        needle = digits_of(req.params.get("phone", ""))[-10:]
        found = [
            r
            for r in self.records
            if needle and any(digits_of(p).endswith(needle) for p in r.get("phones", []))
        ]
        return json_reply({"data": found, "count": len(found)})
