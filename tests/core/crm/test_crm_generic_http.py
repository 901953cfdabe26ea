"""Generic HTTP JSON lookup: URL template, dotted-path mapping, open-URL template, errors."""

from __future__ import annotations

from core.crm.generic_http import GenericHttpAdapter, dig
from tests.fakes.crm_servers import JsonLookupFake

RECORD = {
    "uid": "c-77",
    "person": {"full_name": "Тарас Шевчук", "org": "ФОП Шевчук"},
    "phones": ["+380673214567"],
    "owner": {"name": "Ольга", "ext": 101},
    "history": ["Замовлення №10431"],
}
PATHS = {
    "id": "uid",
    "name": "person.full_name",
    "company": "person.org",
    "phones": "phones",
    "manager": "owner.name",
    "manager_extension": "owner.ext",
    "notes": "history",
}


def test_dig() -> None:
    data = {"a": [{"b": 1}, {"b": 2}], "c": None}
    assert dig(data, "a.1.b") == 2
    assert dig(data, "a.-1.b") == 2
    assert dig(data, "a.5.b") is None
    assert dig(data, "c.d") is None
    assert dig(data, "") is data


async def test_lookup_with_mapping_and_templates() -> None:
    with JsonLookupFake([RECORD]) as fake:
        crm = GenericHttpAdapter(
            fake.url + "/lookup?phone={e164}&raw={number}",
            results="data",
            paths=PATHS,
            open_url="https://crm.example/clients/{id}?from={digits}",
            auth_header="X-Token",
            auth_value="t0k3n",
            region="UA",
        )
        result = await crm.lookup("067 321 45 67")
        await crm.aclose()
        req = fake.requests[0]
    assert req.query == "phone=%2B380673214567&raw=067%20321%2045%2067"
    assert req.headers["x-token"] == "t0k3n"
    card = result.best
    assert card is not None
    assert (card.id, card.name, card.company, card.manager_name, card.manager_extension) == (
        "c-77",
        "Тарас Шевчук",
        "ФОП Шевчук",
        "Ольга",
        "101",
    )
    assert card.notes == ("Замовлення №10431",)
    assert card.open_url == "https://crm.example/clients/c-77?from=0673214567"


async def test_not_found_404_and_malformed() -> None:
    with JsonLookupFake([RECORD]) as fake:
        crm = GenericHttpAdapter(
            fake.url + "/lookup?phone={e164}",
            results="data",
            create_url="https://crm.example/new?phone={e164}",
        )
        none = await crm.lookup("+7 916 123-45-67")
        assert not none.found and none.create_url == "https://crm.example/new?phone=%2B79161234567"
        wrong = GenericHttpAdapter(fake.url + "/nope?phone={e164}")
        assert not (await wrong.lookup("+7 916 123-45-67")).found  # 404 means "no customer"
        fake.fail_next("malformed")
        garbled = await crm.lookup("+7 916 123-45-67")
        assert garbled.error is not None and "The lookup service sent" in garbled.error
        fake.fail_next(401)
        denied = await crm.lookup("+7 916 123-45-67")
        assert denied.error is not None and "rejected the credentials" in denied.error
        await crm.aclose()
        await wrong.aclose()
