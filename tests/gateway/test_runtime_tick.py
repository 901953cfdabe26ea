"""The gateway's feed ticks the call tracker on a quiet PBX, so CallFinished is not held back.

A click-to-call whose channels are gone waits (lingers) for its
OriginateResponse; when none comes and no other AMI message arrives, only the
feed's tick at the tracker's next deadline can finish it once the grace is over.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.calls.events import CallEvent, CallFinished
from gateway.runtime import Gateway
from tests.fakes.gateway import FakeAmi, FakeClock, gateway_config, wait_for


async def test_quiet_pbx_still_finishes_calls(tmp_path: Path, clock: FakeClock) -> None:
    gw = Gateway(gateway_config(tmp_path), ami=FakeAmi(), clock=clock)
    seen: list[CallEvent] = []
    apply = gw.apply_events

    async def spy(events: list[CallEvent]) -> None:
        seen.extend(events)
        await apply(events)

    gw.apply_events = spy  # type: ignore[method-assign]
    await gw.start()
    try:
        assert not gw.feed.ticking  # an idle PBX causes no wake-ups
        gw.tracker.expect_originate("c1", "101", "0501234567")
        head = {"Channel": "PJSIP/101-00000001", "Uniqueid": "c1", "Linkedid": "c1"}
        gw.on_ami_message({"Event": "Newchannel", "CallerIDNum": "101", "ChannelState": "0",
                           "Exten": "s", "Context": "internal", **head})  # fmt: skip
        gw.on_ami_message({"Event": "Hangup", "Cause": "16", **head})
        await wait_for(lambda: len(seen) == 2)  # CallStarted, CallEnded; the call now lingers
        assert gw.feed.ticking
        await asyncio.sleep(0.3)  # ticks inside the grace period finish nothing
        assert not any(isinstance(e, CallFinished) for e in seen)
        clock.now += 10  # grace over; the PBX stays silent
        await wait_for(lambda: any(isinstance(e, CallFinished) for e in seen), within=8)
        (finished,) = [e for e in seen if isinstance(e, CallFinished)]
        assert finished.call.call_id == "c1"
        assert (await gw.store.acall("c1")) is not None
        await wait_for(lambda: not gw.feed.ticking)
    finally:
        await gw.stop()
