"""RingsideService commands and ticking against the PBX simulator over real TCP.

Queue pause with a FreePBX queue member, supervisor live listen (ChanSpy) and the
once-a-second tracker tick that finishes calls on a PBX that has gone quiet.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from core.service import ServiceError
from core.sim.pbx import QueueMember
from tests.desktop.test_app_sim import FAST


def test_queue_pause_uses_the_queue_interface_and_queues(make_stack: Any) -> None:
    s = make_stack()
    freepbx = [QueueMember(q, "Local/101@from-queue/n", "101") for q in ("sales", "support", "vip")]
    s.sim.pbx.members.extend(freepbx)
    s.service.config = dataclasses.replace(
        s.service.config, queue_interface="Local/101@from-queue/n", queues=("sales", "support")
    )
    s.aloop.run(s.service.set_paused(True, "lunch"))
    pauses = s.sim.actions_named("QueuePause")
    assert [p["Interface"] for p in pauses] == ["Local/101@from-queue/n"] * 2
    assert [p["Queue"] for p in pauses] == ["sales", "support"]
    assert pauses[0]["Paused"] == "true" and pauses[0]["Reason"] == "lunch"
    assert [m.paused for m in freepbx] == [True, True, False]  # only the configured queues


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


def test_idle_pbx_still_finishes_calls_by_ticking(make_stack: Any) -> None:
    s = make_stack()
    finished: list[str] = []
    forget = s.service._forget
    s.service._forget = lambda call_id: (finished.append(call_id), forget(call_id))

    def drop_cdr(message: dict[str, str]) -> bool:  # the PBX never sends the Cdr it owes
        return message.get("Event") == "Cdr"

    s.aloop.run(s.aloop.call(s.sim.play, "inbound-missed", speed=FAST).wait())  # Cdr seen: wait
    s.aloop.until(lambda: finished, what="the first call finishes on its Cdr")
    finished.clear()
    s.aloop.run(s.aloop.call(s.sim.play, "inbound-missed", speed=FAST, hook=drop_cdr).wait())
    assert not finished and s.service._ending  # ended; waiting for trailing events
    s.aloop.until(lambda: finished, timeout=8.0, what="CallFinished without further AMI traffic")
    assert not s.service._ending
    assert s.service._tick_handle is None  # no wakeups once nothing is ending
