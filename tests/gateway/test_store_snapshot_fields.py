"""Call snapshots survive the gateway store's JSON round trip, the newer fields included."""

from __future__ import annotations

from core.calls.events import CallSnapshot, Direction, Outcome, Parking
from gateway.store import snapshot_from_json, snapshot_to_json


def test_parking_voicemail_and_forward_round_trip() -> None:
    snap = CallSnapshot(
        "1.1",
        Direction.INBOUND,
        "0501234567",
        "Customer",
        outcome=Outcome.MISSED,
        per_extension=(("101", Outcome.MISSED),),
        parking=Parking("default", "71", "101"),
        voicemail="101@default",
        voicemail_left=True,
        forwarded_to="0509998877",
    )
    back = snapshot_from_json(snapshot_to_json(snap))
    assert back == snap
    assert back.parked_in == "71"
