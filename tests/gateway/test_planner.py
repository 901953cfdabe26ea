"""Call events -> planned pushes, driven by real AMI transcripts through the real tracker."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

from gateway.planner import PlannedPush
from tests.fakes.gateway import plan


def summary(pushes: list[PlannedPush]) -> list[tuple[str, str]]:
    return [(p.target, p.key.split(":", 2)[2]) for p in pushes]


def test_queue_call_answered_by_101_of_two(tmp_path: Path) -> None:
    pushes = plan(tmp_path, "06-queue-call-answered")
    by_target = {
        t: [k for tt, k in summary(pushes) if tt == t]
        for t in ("retailcrm", "clinica", "rostelecom")
    }
    assert by_target["rostelecom"] == ["new", "connected", "disconnected"]
    assert by_target["clinica"] == [
        "receivedTheCall:101",
        "receivedTheCall:102",
        "answeredTheCall:101",
        "hangupTheCall",
    ]
    rc = by_target["retailcrm"]
    assert rc[:2] == ["in:101", "in:102"]
    assert rc[-1] == "upload"
    assert set(rc[2:-1]) == {"hangup:101", "hangup:102"}
    keys = [p.key for p in pushes]
    assert len(keys) == len(set(keys)), "idempotency keys must be unique per call"


def test_upload_carries_the_signed_recording_url_and_answer(tmp_path: Path) -> None:
    pushes = plan(tmp_path, "03-inbound-call-answered-by-101")
    upload = next(p for p in pushes if p.kind == "upload")
    (call,) = json.loads(parse_qs(upload.request.body.decode())["calls"][0])
    assert call["code"] == "101" and call["result"] == "answered" and call["duration"] == 5
    assert call["recordUrl"] == "https://gw/1795360756.4.wav"
    connected = next(p for p in pushes if p.target == "rostelecom" and p.kind == "connected")
    assert json.loads(connected.request.body)["request_pin"] == 101


def test_missed_call_reports_no_answer_everywhere(tmp_path: Path) -> None:
    pushes = plan(tmp_path, "04-inbound-call-missed")
    hangup = next(p for p in pushes if p.target == "retailcrm" and p.kind == "hangup")
    assert (
        json.loads(parse_qs(hangup.request.body.decode())["event"][0])["hangupStatus"]
        == "no answered"
    )
    assert not [p for p in pushes if p.kind in ("answeredTheCall", "connected")]
    disconnected = (
        json.loads(pushes[-1].request.body) if pushes[-1].target == "rostelecom" else None
    )
    assert disconnected is not None and disconnected["is_record"] is True
    assert all(p.group == pushes[0].group for p in pushes)


def test_click_to_call_is_outbound_from_the_operator(tmp_path: Path) -> None:
    pushes = plan(tmp_path, "12-click-to-call-outbound")
    first = {p.target: p for p in reversed(pushes)}
    out = json.loads(parse_qs(first["retailcrm"].request.body.decode())["event"][0])
    assert (out["type"], out["codes"]) == ("out", ["101"])
    assert parse_qs(first["clinica"].request.body.decode())["CallType"] == ["1"]
    new = json.loads(first["rostelecom"].request.body)
    assert (new["type"], new["from_pin"], new["session_id"]) == ("outbound", 101, "c2c-1795-0001")
