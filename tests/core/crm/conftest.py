"""Fixtures for the CRM adapter tests: running vendor fakes and call-event builders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core.calls.events import CallSnapshot, Direction, Outcome
from core.crm.types import CallRecord
from tests.fakes.crm_servers import T0, AmoCrmFake, Bitrix24Fake, ClinicaFake, RetailCrmFake


@pytest.fixture
def retail() -> Iterator[RetailCrmFake]:
    with RetailCrmFake(api_key="test-api-key") as fake:
        yield fake


@pytest.fixture
def clinica() -> Iterator[ClinicaFake]:
    with ClinicaFake() as fake:
        yield fake


@pytest.fixture
def bitrix() -> Iterator[Bitrix24Fake]:
    with Bitrix24Fake(user_id=1, secret="hook-secret-42") as fake:
        yield fake


@pytest.fixture
def amo() -> Iterator[AmoCrmFake]:
    with AmoCrmFake(token="amo-token") as fake:
        yield fake


@pytest.fixture
def snapshot() -> Callable[..., CallSnapshot]:
    def make(**overrides: Any) -> CallSnapshot:
        values: dict[str, Any] = {
            "call_id": "1795360756.4",
            "direction": Direction.INBOUND,
            "remote_number": "0501234567",
            "remote_name": "Customer",
            "did": "0443334000",
            "started_at": T0,
            "answered_at": T0 + 2.0,
            "ended_at": T0 + 7.0,
            "outcome": Outcome.ANSWERED,
        }
        values.update(overrides)
        return CallSnapshot(**values)

    return make


@pytest.fixture
def record() -> Callable[..., CallRecord]:
    def make(**overrides: Any) -> CallRecord:
        values: dict[str, Any] = {
            "call_id": "1795360756.4",
            "direction": "inbound",
            "remote_number": "0501234567",
            "extension": "101",
            "started_at": T0,
            "wait_seconds": 2.0,
            "talk_seconds": 5.0,
            "outcome": "answered",
            "recording_url": "https://pbx.example.com/r/1795360756.4.mp3",
            "did": "0443334000",
        }
        values.update(overrides)
        return CallRecord(**values)

    return make
