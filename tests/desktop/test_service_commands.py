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
