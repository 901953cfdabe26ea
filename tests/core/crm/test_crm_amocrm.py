"""amoCRM adapter against a real fake: contact query, calls, problem+json errors."""

from __future__ import annotations

import pytest

from core.crm.amocrm import AmoCrmAdapter
from core.crm.base import CrmAuthError, CrmRejected, CrmUnavailable
from tests.fakes.crm_servers import AmoCrmFake


async def test_lookup_and_manager(amo: AmoCrmFake) -> None:
    amo.add_contact(11, "Андрей Волков", ["+7 916 204-17-93"], responsible_user_id=3)
    amo.users["3"] = {"id": 3, "name": "Игорь Смирнов", "email": "igor@example.ru"}
    crm = AmoCrmAdapter(amo.url, "amo-token")
    result = await crm.lookup("8 916 204 17 93")
    missing = await crm.lookup("+7 999 111-22-33")
    await crm.aclose()
    req = amo.requests[0]
    assert (req.path, req.params) == ("/api/v4/contacts", {"query": "9162041793"})
    assert req.headers["authorization"] == "Bearer amo-token"
    card = result.best
    assert (
        card is not None and card.name == "Андрей Волков" and card.manager_name == "Игорь Смирнов"
    )
    assert card.open_url == f"{amo.url}/contacts/detail/11"
    assert result.matches[0].confidence == 1.0
    assert not missing.found and missing.error is None  # 204 No Content


async def test_push_call(amo: AmoCrmFake, record) -> None:  # type: ignore[no-untyped-def]
    amo.add_contact(1, "Олена", ["+380501234567"])
    crm = AmoCrmAdapter(amo.url, "amo-token")
    await crm.push_call_record(record())
    await crm.aclose()
    assert amo.requests[0].headers["content-type"] == "application/json"
    assert amo.requests[0].json() == [
        {
            "direction": "inbound",
            "uniq": "1795360756.4",
            "duration": 5,
            "source": "Ringside",
            "phone": "0501234567",
            "call_result": "Разговор состоялся",
            "call_status": 4,
            "created_at": 1795360756,
            "link": "https://pbx.example.com/r/1795360756.4.mp3",
        }
    ]
    assert len(amo.calls) == 1


async def test_call_for_unknown_contact_is_rejected(amo: AmoCrmFake, record) -> None:  # type: ignore[no-untyped-def]
    crm = AmoCrmAdapter(amo.url, "amo-token")
    with pytest.raises(CrmRejected, match="did not save the call: Entity for call not found"):
        await crm.push_call_record(record(outcome="missed"))
    await crm.aclose()


async def test_problem_json_errors(amo: AmoCrmFake, record) -> None:  # type: ignore[no-untyped-def]
    bad = AmoCrmAdapter(amo.url, "expired")
    with pytest.raises(CrmAuthError, match=r"HTTP 401.*Unauthorized — Неверный логин или пароль"):
        await bad.push_call_record(record())
    await bad.aclose()
    crm = AmoCrmAdapter(amo.url, "amo-token")
    amo.fail_next(429, retry_after=1)
    with pytest.raises(CrmUnavailable) as info:
        await crm.push_call_record(record())
    assert info.value.retry_after == 1.0 and "Too Many Requests" in str(info.value)
    await crm.aclose()
