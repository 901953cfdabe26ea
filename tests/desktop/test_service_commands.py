"""RingsideService commands from the tray app against the PBX simulator over real TCP.

Queue pause and supervisor live listen (ChanSpy). The feed's own command and
ticking rules are tested in tests/core/calls/test_ami_feed.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.service import ServiceError


def test_queue_pause_defaults_to_the_endpoint_in_every_queue(make_stack: Any) -> None:
    s = make_stack()
    s.aloop.run(s.service.set_paused(True))
    pause = s.sim.actions_named("QueuePause")[0]
    assert pause["Interface"] == "PJSIP/101"
    assert "Queue" not in pause


def test_spy_originates_chanspy_to_the_supervisors_phone(make_stack: Any) -> None:
    s = make_stack(extension="200")
    s.aloop.call(s.ui.bridge.spy, "101", "whisper")
    originate = s.aloop.until(lambda: s.sim.actions_named("Originate"), what="Originate")[0]
    assert originate["Channel"] == "PJSIP/200"
    assert originate["Application"] == "ChanSpy"
    assert originate["Data"] == "PJSIP/101,qwE"


def test_spy_errors_come_back_in_words(make_stack: Any) -> None:
    s = make_stack(extension="200")
    with pytest.raises(ServiceError, match="own calls"):
        s.aloop.run(s.service.spy("200"))
    with pytest.raises(ServiceError, match="listen, whisper or barge"):
        s.aloop.run(s.service.spy("101", "shout"))
    assert not s.sim.actions_named("Originate")


def test_idle_pbx_still_finishes_calls_by_ticking_on_the_qt_loop(
    make_stack: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """qasync's loop gives plain Handles (no ``when()``): the feed's timer works with them."""
    from core.calls.events import CallFinished
    from tests.fakes.desktop import FAST

    s = make_stack()
    finished: list[str] = []
    s.service.feed.subscribe(
        lambda e: finished.append(e.call.call_id) if isinstance(e, CallFinished) else None
    )

    def drop_cdr(message: dict[str, str]) -> bool:  # the PBX never sends the Cdr it owes
        return message.get("Event") == "Cdr"

    s.aloop.run(s.aloop.call(s.sim.play, "inbound-missed", speed=FAST).wait())  # Cdr seen: wait
    s.aloop.until(lambda: finished, what="the first call finishes on its Cdr")
    finished.clear()
    s.aloop.run(s.aloop.call(s.sim.play, "inbound-missed", speed=FAST, hook=drop_cdr).wait())
    assert not finished and s.service.feed.ticking  # ended; waiting for trailing events
    s.aloop.until(lambda: finished, timeout=8.0, what="CallFinished without further AMI traffic")
    s.aloop.until(lambda: not s.service.feed.ticking, what="no wake-ups once nothing is pending")
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
