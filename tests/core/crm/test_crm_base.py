"""The adapter base class: lookup never raises, skips non-numbers, orders and prunes matches."""

from __future__ import annotations

from typing import ClassVar

from core.crm.base import CrmAdapter, CrmUnavailable
from core.crm.types import Contact, Match


class Scripted(CrmAdapter):
    name: ClassVar[str] = "scripted"
    label: ClassVar[str] = "Scripted CRM"
    supports_create: ClassVar[bool] = True

    def __init__(self, outcome: object) -> None:
        super().__init__("RU")
        self.outcome = outcome
        self.asked: list[str] = []

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        self.asked.append(number)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return list(self.outcome)  # type: ignore[call-overload]

    def create_url(self, number: str) -> str | None:
        return f"https://crm.example/new?phone={number}"


def card(name: str) -> Contact:
    return Contact(id=name, name=name, source="scripted")


async def test_crm_errors_and_bugs_become_sentences() -> None:
    down = await Scripted(CrmUnavailable("Scripted CRM did not answer within 3 s.")).lookup(
        "+79161234567"
    )
    assert down.error == "Scripted CRM did not answer within 3 s." and not down.found
    assert down.create_url is None  # unknown is not the same as "not found"
    crashed = await Scripted(RuntimeError("boom")).lookup("+79161234567")
    assert crashed.error == "Scripted CRM: internal error during lookup."


async def test_non_numbers_and_extensions_are_not_looked_up() -> None:
    crm = Scripted([])
    for number in ("", "anonymous", "101", "*97"):
        result = await crm.lookup(number)
        assert not result.found and result.error is None
    assert crm.asked == []


async def test_matches_are_ordered_and_weak_guesses_pruned() -> None:
    crm = Scripted(
        [Match(card("tail7"), 0.6), Match(card("exact"), 1.0), Match(card("tail10"), 0.8)]
    )
    result = await crm.lookup("8 916 123-45-67")
    assert [m.contact.name for m in result.matches] == ["exact", "tail10"]
    assert result.e164 == "+79161234567" and result.number == "8 916 123-45-67"
    only_weak = await Scripted([Match(card("tail7"), 0.6)]).lookup("1234567")
    assert [m.confidence for m in only_weak.matches] == [0.6]
    nothing = await Scripted([]).lookup("+79161234567")
    assert nothing.create_url == "https://crm.example/new?phone=+79161234567"
