"""Supervisor live listen: Originate of ChanSpy to the supervisor's own phone, over real TCP."""

from __future__ import annotations

import pytest

from core.ami import actions
from core.ami.errors import OriginateFailed
from core.sim.server import PBXSimulator
from tests.fakes.ami_client import connect


@pytest.mark.parametrize(
    ("mode", "options"), [("listen", "qE"), ("whisper", "qwE"), ("barge", "qBE")]
)
async def test_spy_rings_the_supervisor_then_chanspies(
    sim: PBXSimulator, mode: str, options: str
) -> None:
    conn = connect(sim)
    await conn.start()
    result = await actions.originate_spy(conn, "PJSIP/102", "PJSIP/101", mode)
    sent = sim.actions_named("Originate")[0]
    assert sent["Channel"] == "PJSIP/102"
    assert sent["Application"] == "ChanSpy"
    assert sent["Data"] == f"PJSIP/101,{options}"
    assert sent["Async"] == "true"
    assert "Exten" not in sent  # an application originate, not a dial
    assert result.endpoint == "PJSIP/102" and result.number == "PJSIP/101"
    await conn.close()


async def test_spy_from_a_busy_phone_fails_in_words(sim: PBXSimulator) -> None:
    conn = connect(sim)
    await conn.start()
    with pytest.raises(OriginateFailed, match="busy"):
        await actions.originate_spy(conn, "PJSIP/103", "PJSIP/101")
    await conn.close()


async def test_spy_refuses_option_injection() -> None:
    with pytest.raises(ValueError, match="channel name"):
        await actions.originate_spy(None, "PJSIP/102", "PJSIP/101,B")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown spy mode"):
        await actions.originate_spy(None, "PJSIP/102", "PJSIP/101", "shout")  # type: ignore[arg-type]
