"""A Rostelecom Integration API "external system" (the CRM side of seed 004) for gateway tests.

``RostelecomCrmFake(client_id, key)`` accepts ``POST /call_events`` (or any path), checks
``X-Client-ID`` / ``X-Client-Sign`` over the exact received bytes and records each event
in ``events`` as ``(path, parsed_json, signature_ok)``. Bad signatures get HTTP 403.
Answers are signed the same way (``X-Client-Sign`` over the exact answer bytes), so a
client can verify them too. See crm_servers for the shared fake API (fail_next...).
"""

from __future__ import annotations

import json
from typing import Any

from core.signing import rostelecom
from tests.fakes.crm_http import FakeServer, RecordedRequest, Reply

__all__ = ["RostelecomCrmFake"]


class RostelecomCrmFake(FakeServer):
    def __init__(
        self,
        client_id: str = "000003C405E6525C64C184258C44EC99",
        key: str = "00000716ABDA6D4DFF10F82BCBBFC532",
    ) -> None:
        super().__init__()
        self.client_id, self.key = client_id, key
        self.events: list[tuple[str, Any, bool]] = []

    def _signed(self, status: int, body: dict[str, Any]) -> Reply:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return Reply(
            status,
            raw,
            {
                rostelecom.CLIENT_ID_HEADER: self.client_id,
                rostelecom.SIGN_HEADER: rostelecom.sign(self.client_id, raw, self.key),
            },
        )

    def error(self, status: int, message: str) -> Reply:
        return self._signed(status, {"result": "1", "resultMessage": message})

    def auth_error(self) -> Reply:
        return self.error(403, "Неверная подпись запроса")

    def route(self, req: RecordedRequest) -> Reply:
        headers = {
            "X-Client-ID": req.headers.get("x-client-id", ""),
            "X-Client-Sign": req.headers.get("x-client-sign", ""),
        }
        ok = rostelecom.verify_request(headers, req.body, self.client_id, self.key)
        try:
            parsed = json.loads(req.body)
        except ValueError:
            parsed = None
        self.events.append((req.path, parsed, ok))
        if not ok:
            return self.auth_error()
        return self._signed(200, {"result": "0", "resultMessage": "Операция выполнена успешно"})
