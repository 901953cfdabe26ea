"""RingsideService on a feed: one operator's events, cards, history, presence and commands.

The feed is an in-memory CallFeed (tests/fakes/feed.py); the CRM is the real
address book behind the real LookupCache, the history real SQLite.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallFinished,
    CallRinging,
    CallStarted,
    Direction,
    Outcome,
)
from core.calls.feed import LinkState, LinkStatus, PresenceUpdate
from core.crm.addressbook import AddressBookAdapter
from core.crm.addressbook_import import ContactDraft
from core.crm.cache import LookupCache
from core.crm.types import LookupResult
from core.history.calls import CallHistory
from core.phone import normalize
from core.service import (
    CallUpdate,
    CardReady,
    ConnectionChanged,
    HistoryChanged,
    PresenceChanged,
    RingsideService,
    ServiceConfig,
    ServiceError,
)
from tests.fakes.feed import MemoryFeed, later, snapshot

ME = "101"
CUSTOMER = "0501234567"


class Crm:
    """The address book with one customer; ``hold()`` makes lookups wait for ``release()``."""

    def __init__(self, path: Path) -> None:
        self.adapter = AddressBookAdapter.open(path)
        self.adapter.book.add(ContactDraft("Олена Коваленко", phones=["+380501234567"]))
        self.gate = asyncio.Event()
        self.gate.set()
        self.asked: list[str] = []

    async def fetch(self, number: str) -> LookupResult:
        self.asked.append(number)
        await self.gate.wait()
        return await self.adapter.lookup(number)

    def hold(self) -> None:
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()


class Session:
    def __init__(self, service: RingsideService, feed: MemoryFeed, crm: Crm) -> None:
        self.service, self.feed, self.crm = service, feed, crm
        self.events: list[Any] = []
        service.subscribe(self.events.append)

    def cards(self) -> list[CardReady]:
        return [e for e in self.events if isinstance(e, CardReady)]

    def updates(self) -> list[Any]:
        return [e.event for e in self.events if isinstance(e, CallUpdate)]


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def until(predicate: Callable[[], Any], what: str) -> Any:
    for _ in range(500):
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
async def make(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    made: list[tuple[RingsideService, CallHistory, Crm]] = []

    async def build(lookup_timeout: float = 3.0) -> Session:
        feed = MemoryFeed()
        crm = Crm(tmp_path / f"book{len(made)}.sqlite3")
        history = CallHistory(tmp_path / f"history{len(made)}.sqlite3", normalize=normalize)
        config = ServiceConfig(
            "pbx", 5038, "ringside", ME, f"PJSIP/{ME}", lookup_timeout=lookup_timeout
        )
        service = RingsideService(config, feed, crm=LookupCache(crm.fetch), history=history)
        made.append((service, history, crm))
        session = Session(service, feed, crm)
        await service.start()
        return session

    yield build
    for service, history, crm in made:
        await service.stop()
        history.close()
        await crm.adapter.aclose()


async def test_the_card_is_fetched_when_the_call_appears_and_shown_when_it_rings(
    make: Callable[..., Any],
) -> None:
    s = await make()
    call = snapshot("c1", CUSTOMER)
    s.feed.push(CallStarted(call, None))
    cache = s.service.crm
    assert isinstance(cache, LookupCache)
    await until(lambda: cache.cached(CUSTOMER), "the lookup started by CallStarted")
    assert s.crm.asked == [CUSTOMER]  # looked up before any phone rings
    assert s.cards() == []  # nobody's phone rings yet
    s.feed.push(CallRinging(call, ME))
    # a prefetched card comes with the ringing event, in the same loop iteration
    (card,) = s.cards()
    assert card.call_id == "c1" and card.result.best is not None
    assert card.result.best.name == "Олена Коваленко"
    assert s.updates() == [CallRinging(call, ME)]
    s.feed.push(CallAnswered(later(call, answered_at=call.started_at + 2), ME, by=ME))
    await settle()
    assert len(s.cards()) == 1  # one card per call
    assert s.crm.asked == [CUSTOMER]  # one lookup per call


async def test_another_operators_calls_get_no_updates_and_no_cards(
    make: Callable[..., Any],
) -> None:
    s = await make()
    call = snapshot("c2", CUSTOMER)
    s.feed.push(CallStarted(call, None), CallRinging(call, "102"))
    s.feed.push(CallAnswered(call, "102", by="102"), CallEnded(call, "102", Outcome.ANSWERED))
    await settle()
    assert s.updates() == [] and s.cards() == []
    assert await s.service.search_history() == []


async def test_a_slow_crm_card_arrives_once_when_the_lookup_lands(make: Callable[..., Any]) -> None:
    s = await make()
    s.crm.hold()
    call = snapshot("c3", CUSTOMER)
    s.feed.push(CallStarted(call, None), CallRinging(call, ME))
    await settle()
    assert s.cards() == [] and s.updates() == [CallRinging(call, ME)]  # the popup shows the number
    s.feed.push(CallAnswered(call, ME, by=ME))
    s.crm.release()
    card = (await until(s.cards, "the card"))[0]
    assert card.call_id == "c3" and card.result.best is not None
    await settle()
    assert len(s.cards()) == 1 and s.crm.asked == [CUSTOMER]


async def test_the_card_is_delivered_on_answer_when_the_number_came_late(
    make: Callable[..., Any],
) -> None:
    s = await make()
    early = snapshot("c4", None, Direction.OUTBOUND, originated=True)
    s.feed.push(CallStarted(early, None), CallRinging(early, ME))
    await settle()
    assert s.cards() == []  # no number yet: nothing to look up
    s.feed.push(CallAnswered(later(early, remote_number=CUSTOMER), ME, by=ME))
    card = (await until(s.cards, "the card"))[0]
    assert card.result.best is not None


async def test_internal_calls_are_never_looked_up(make: Callable[..., Any]) -> None:
    s = await make()
    call = snapshot("c5", "102", Direction.INTERNAL, from_extension="102")
    s.feed.push(CallStarted(call, None), CallRinging(call, ME))
    await settle()
    assert s.crm.asked == [] and s.cards() == []


async def test_a_crm_that_does_not_answer_gives_a_card_in_words(make: Callable[..., Any]) -> None:
    s = await make(lookup_timeout=0.05)
    s.crm.hold()
    call = snapshot("c6", CUSTOMER)
    s.feed.push(CallStarted(call, None), CallRinging(call, ME))
    card = (await until(s.cards, "the fallback card"))[0]
    assert card.result.error == "The CRM did not answer within 0.05 s"
    s.crm.release()


async def test_an_answered_call_goes_to_history_with_the_customer(make: Callable[..., Any]) -> None:
    s = await make()
    call = snapshot("c7", CUSTOMER)
    answered = later(call, answered_at=call.started_at + 3)
    ended = later(answered, ended_at=call.started_at + 60, outcome=Outcome.ANSWERED)

    def changes() -> int:
        return sum(isinstance(e, HistoryChanged) for e in s.events)

    before = changes()
    s.feed.push(CallStarted(call, None), CallRinging(call, ME), CallAnswered(answered, ME, by=ME))
    s.feed.push(CallEnded(ended, ME, Outcome.ANSWERED), CallFinished(ended, None))

    async def contact() -> str | None:
        rows = await s.service.search_history()
        return rows[0].contact_id if rows else None

    for _ in range(300):
        if changes() > before:  # the call is recorded (and its contact attached, if ever)
            break
        await asyncio.sleep(0.01)
    # 0501234567 matches the stored +380501234567 on its last 10 digits only: a possible
    # match, never written into history until the operator confirms it
    (entry,) = await s.service.search_history()
    assert entry.contact_id is None and entry.remote_name != "Олена Коваленко"
    card = (await until(s.cards, "the card"))[0]
    await s.service.confirm_contact("c7", card.result.matches[0].contact.id)
    for _ in range(300):
        if await contact():
            break
        await asyncio.sleep(0.01)
    (entry,) = await s.service.search_history()
    assert entry.call_id == "c7" and entry.remote_name == "Олена Коваленко" and entry.contact_id
    assert str(entry.outcome) == "answered" and entry.remote_number == CUSTOMER
    assert any(isinstance(e, HistoryChanged) for e in s.events)


async def test_missed_calls_count_until_seen(make: Callable[..., Any]) -> None:
    s = await make()
    call = snapshot("c8", "5550100")
    ended = later(call, ended_at=call.started_at + 20, outcome=Outcome.MISSED)
    s.feed.push(
        CallStarted(call, None), CallRinging(call, ME), CallEnded(ended, ME, Outcome.MISSED)
    )
    await until(lambda: s.service.unseen_missed == 1, "the missed-call count")
    assert HistoryChanged(1) in s.events
    await s.service.mark_missed_seen()
    assert s.service.unseen_missed == 0 and s.events[-1] == HistoryChanged(0)


async def test_link_state_is_the_feeds(make: Callable[..., Any]) -> None:
    s = await make()
    assert s.service.connection.state is LinkState.READY
    s.feed.set_status(LinkState.FAILED, "wrong password")
    assert s.service.connection.detail == "wrong password"
    changes = [e for e in s.events if isinstance(e, ConnectionChanged)]
    assert changes[-1].state is LinkState.FAILED and ConnectionChanged is LinkStatus


async def test_presence_is_the_operators_own(make: Callable[..., Any]) -> None:
    s = await make()
    await s.service.set_dnd(True)
    await s.service.set_paused(True, "lunch")
    assert s.feed.sent == [("dnd", ME, True), ("pause", ME, True, "lunch")]
    assert s.service.presence == PresenceChanged(dnd=True, paused=True, reason="lunch")
    s.feed.push_presence(PresenceUpdate("102", dnd=False, paused=False))
    assert s.service.presence == PresenceChanged(dnd=True, paused=True, reason="lunch")
    assert [e for e in s.events if isinstance(e, PresenceChanged)][-1].reason == "lunch"


async def test_commands_act_as_the_operator_and_fail_in_words(make: Callable[..., Any]) -> None:
    s = await make()
    channel = await s.service.dial("8 916 204-17-93")
    await s.service.hangup("c9")
    await s.service.transfer("c9", "102")
    await s.service.transfer("c9", "103", attended=True)
    await s.service.spy("102", "whisper")
    assert s.feed.sent == [
        ("dial", ME, "8 916 204-17-93"),
        ("hangup", ME, "c9"),
        ("transfer", ME, "c9", "102", False),
        ("transfer", ME, "c9", "103", True),
        ("spy", ME, "102", "whisper"),
    ]
    assert channel.startswith("rs-")
    s.feed.refuse = "Extension 101 is not on call c9"
    with pytest.raises(ServiceError, match="not on call c9"):
        await s.service.hangup("c9")


async def test_stop_stops_the_feed_and_stops_listening(make: Callable[..., Any]) -> None:
    s = await make()
    assert s.feed.started == 1 and s.feed.observers == 1
    await s.service.stop()
    assert s.feed.stopped == 1 and s.feed.observers == 0
    assert s.events[-1] == s.feed.status and s.feed.status.state is LinkState.DISCONNECTED
    call = snapshot("c10", CUSTOMER)
    s.feed.push(CallStarted(call, None), CallRinging(call, ME))
    assert s.updates() == []
    await s.service.stop()  # twice is fine
