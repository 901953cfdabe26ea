"""``HeaderAuth``: the credential header is added as the request is sent, never shown."""

from __future__ import annotations

import httpx
import pytest

from core.signing.auth import HeaderAuth


def test_header_is_added_to_the_request_sent() -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200))
    auth = HeaderAuth("X-API-KEY", "s3cret-key")
    with httpx.Client(transport=transport) as client:
        client.post("https://shop.retailcrm.ru/api/v5/telephony/call/event", content=b"a=1",
                    auth=auth)  # fmt: skip
    assert seen[0].headers["X-API-KEY"] == "s3cret-key"
    assert seen[0].content == b"a=1"
    assert "s3cret" not in repr(auth)


def test_no_login_without_a_secret() -> None:
    with pytest.raises(ValueError, match="no credential"):
        HeaderAuth("X-API-KEY", "")
