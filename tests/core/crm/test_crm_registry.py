"""Adapter registry: settings schemas for the UI and factories with secret hygiene."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.crm.addressbook import AddressBookAdapter
from core.crm.registry import adapter_info, available_adapters, create_adapter
from core.crm.retailcrm import RetailCrmAdapter
from tests.fakes.crm_servers import RetailCrmFake


def test_every_adapter_is_listed_with_fields() -> None:
    infos = available_adapters()
    assert [i.name for i in infos] == [
        "addressbook",
        "retailcrm",
        "clinica",
        "bitrix24",
        "amocrm",
        "generic_http",
    ]
    for info in infos:
        assert info.label and all(
            f.kind in ("text", "url", "secret", "choice", "number", "bool") for f in info.fields
        )
    secrets = {i.name: [f.name for f in i.fields if f.kind == "secret"] for i in infos}
    assert secrets["retailcrm"] == ["api_key"] and secrets["bitrix24"] == ["webhook_url"]
    assert adapter_info("retailcrm").supports_push and adapter_info("retailcrm").supports_create


async def test_create_and_use(tmp_path: Path) -> None:
    book = create_adapter("addressbook", {"path": str(tmp_path / "a.db"), "region": "UA"}, {})
    assert isinstance(book, AddressBookAdapter) and book.region == "UA"
    await book.aclose()
    with RetailCrmFake(api_key="k") as fake:
        crm = create_adapter("retailcrm", {"url": fake.url, "timeout": "1.5"}, {"api_key": "k"})
        assert isinstance(crm, RetailCrmAdapter)
        assert (await crm.lookup("+79161234567")).error is None
        assert fake.requests[0].headers["x-api-key"] == "k"
        await crm.aclose()


@pytest.mark.parametrize(
    ("name", "config", "secrets", "message"),
    [
        ("retailcrm", {"url": "https://x", "api_key": "leak"}, {"api_key": "k"}, "keyring"),
        ("retailcrm", {"url": "https://x"}, {}, "'API key' is required"),
        ("amocrm", {"token": ""}, {"token": "t"}, "'Account address' is required"),
        ("clinica", {"push_url": "https://x", "encoding": "xml"}, {}, "must be one of form, json"),
        ("retailcrm", {"url": "https://x", "timeout": "soon"}, {"api_key": "k"}, "timeout"),
        ("salesforce", {}, {}, "unknown CRM adapter"),
    ],
)
def test_bad_settings_are_explained(name: str, config: dict, secrets: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        create_adapter(name, config, secrets)
