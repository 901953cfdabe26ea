"""The cluster's pure parts: its config section in words, subjects, the call view."""

from __future__ import annotations

import pytest

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    Direction,
    Outcome,
)
from core.calls.feed import LinkState, LinkStatus, PresenceUpdate
from gateway.cluster.feed import CallView
from gateway.cluster.node import subject_of
from gateway.cluster.settings import cluster_settings


def test_no_section_means_a_single_hub() -> None:
    assert cluster_settings(None) is None
    assert cluster_settings({}) is None


def test_the_section_is_checked_in_words() -> None:
    ok = cluster_settings({"nats": ["nats://10.0.0.1:4222"], "node": "hub-a"})
    assert ok is not None and ok.pbx == "main" and ok.lease_ttl == 3.0
    with pytest.raises(ValueError, match=r"cluster\.nats.*not a NATS URL"):
        cluster_settings({"nats": ["http://10.0.0.1"], "node": "a"})
    with pytest.raises(ValueError, match=r"cluster\.node.*letters, digits"):
        cluster_settings({"nats": ["nats://h:4222"], "node": "hub a"})
    with pytest.raises(ValueError, match=r"cluster\.node"):
        cluster_settings({"nats": ["nats://h:4222"]})
    with pytest.raises(ValueError, match=r"cluster\.lease_ttl"):
        cluster_settings({"nats": ["nats://h:4222"], "node": "a", "lease_ttl": 0.1})
    with pytest.raises(ValueError, match=r"cluster\.secret"):
        cluster_settings({"nats": ["nats://h:4222"], "node": "a", "secret": "x"})


def call(call_id: str = "c1") -> CallSnapshot:
    return CallSnapshot(call_id, Direction.INBOUND, "0501234567", None, started_at=1.0)


def test_subjects_per_extension_and_kind() -> None:
    c = call()
    assert subject_of("main", CallRinging(c, "101")) == "ringside.main.ev.call.101"
    assert subject_of("main", CallStarted(c, None)) == "ringside.main.ev.call._"
    assert subject_of("main", CallRinging(c, "1.01 *")) == "ringside.main.ev.call.1_01__"
    presence = PresenceUpdate("102", dnd=True, paused=False)
    assert subject_of("main", presence) == "ringside.main.ev.presence.102"
    assert subject_of("main", LinkStatus(LinkState.READY, None, 0.0)) == "ringside.main.ev.link"


def test_the_view_tells_a_re_learned_call_from_a_new_event() -> None:
    view = CallView()
    c = call()
    for event in (CallStarted(c, None), CallRinging(c, "101"), CallAnswered(c, "101", by="101")):
        assert not view.seen(event)
        view.apply(event)
        assert view.seen(event)  # a new leader announcing it again is dropped
    assert not view.seen(CallRinging(c, "102"))  # another phone of the same call is news
    view.apply(CallEnded(c, "101", outcome=Outcome.ANSWERED))
    assert view.open["c1"] == set()
    finished = CallFinished(c, None)
    assert not view.seen(finished)
    view.apply(finished)
    assert view.seen(finished) and "c1" not in view.calls
