"""Comparing what Ringside saw live with a scenario's expected operator-level result."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from core.calls.events import CallEnded, CallEvent
from tests.live.listen import Listeners, Marks, operator_sequence, service_sequence
from tests.paths import SHARED

PUBLIC = SHARED / "ami-transcripts" / "expected"
FREEPBX = SHARED / "ami-transcripts-freepbx" / "expected"
CALL_FIELDS = ("direction", "remote_number", "remote_name", "did", "queue", "outcome")


def expected(name: str, folder: Path = PUBLIC) -> dict[str, Any]:
    return json.loads((folder / f"{name}.json").read_text("utf-8"))


def allowed(exp: dict[str, Any], field: str) -> list[Any]:
    return [exp.get(field), *exp.get("alternatives", {}).get(field, [])]


def live_recording(exp: dict[str, Any], call_id: str) -> list[Any]:
    """The recording name to expect live: the lab names files after the call's uniqueid
    (FreePBX-style names also carry the date and time: ``...-YYYYMMDD-HHMMSS-<uniqueid>.wav``)."""
    names = allowed(exp, "recording")
    want = exp.get("recording")
    if want and exp.get("linkedid") and exp["linkedid"] in want:
        names[0] = re.sub(
            r"-\d{8}-\d{6}-", "-<date>-<time>-", want.replace(exp["linkedid"], call_id)
        )
    return names


def recording_ok(got: str | None, names: list[Any]) -> bool:
    plain = re.sub(r"-\d{8}-\d{6}-", "-<date>-<time>-", got) if got else got
    return plain in names


def check_call(listeners: Listeners, marks: Marks, exp: dict[str, Any], finished: dict[str, Any],
               *, fields: tuple[str, ...] = CALL_FIELDS, rang_in_order: bool = True) -> list[str]:  # fmt: skip
    """Every difference between the live call and ``exp`` (empty: it matches).

    ``rang_in_order=False`` compares who rang as a set: where phones are dialled at
    once (ring-all over Local channels) the order of their first RINGING is a race.
    """
    call_id = finished["call_id"]
    problems = []
    for field in fields:
        if finished[field] not in allowed(exp, field):
            problems.append(
                f"monitor (PBX-wide) {field}={finished[field]!r}, want {allowed(exp, field)}"
            )
    per_ext: dict[str, str] = exp["per_extension"]
    for ext, monitor in listeners.monitors.items():
        records = [r for r in monitor.since(marks.monitors[ext]) if r["call_id"] == call_id]
        ended = [r["outcome"] for r in records if r["event"] == "ended"]
        if ext not in per_ext:
            if records:
                problems.append(
                    f"monitor --extension {ext} saw {operator_sequence(records, call_id)}, want nothing"
                )
            continue
        if ended != [per_ext[ext]]:
            problems.append(f"monitor --extension {ext} ended {ended}, want [{per_ext[ext]!r}]")
    for ext, svc in listeners.services.items():
        events: list[CallEvent] = [
            e for e in svc.since(marks.services[ext]) if e.call.call_id == call_id
        ]
        ended = [str(e.outcome) for e in events if isinstance(e, CallEnded)]
        if ext not in per_ext:
            if events:
                problems.append(
                    f"service {ext} saw {service_sequence(events, call_id)}, want nothing"
                )
            continue
        if ended != [per_ext[ext]]:
            problems.append(f"service {ext} ended {ended}, want [{per_ext[ext]!r}]")
        history = [str(h.outcome) for h in svc.history_for(call_id)]
        if history != [per_ext[ext]]:
            problems.append(f"history of {ext}: {history}, want [{per_ext[ext]!r}]")
    return problems + _check_final(listeners, marks, exp, call_id, rang_in_order)


def _check_final(
    listeners: Listeners, marks: Marks, exp: dict[str, Any], call_id: str, rang_in_order: bool
) -> list[str]:
    """The call as the services saw it last (a snapshot taken once the whole call had ended)."""
    snaps = [e.call for ext, svc in listeners.services.items() for e in svc.since(marks.services[ext])
             if e.call.call_id == call_id and e.call.ended_at is not None]  # fmt: skip
    if not snaps:
        return []
    snap, problems = snaps[-1], []
    for field in ("rang", "talked"):
        got, want = list(getattr(snap, field)), exp[field]
        if field == "rang" and not rang_in_order:
            got, want = sorted(got), sorted(want)
        if got != want:
            problems.append(f"service: {field}={list(getattr(snap, field))}, want {exp[field]}")
    if snap.answered_by not in allowed(exp, "answered_by"):
        problems.append(f"service: answered_by={snap.answered_by!r}, want {exp['answered_by']!r}")
    if not recording_ok(snap.recording, live_recording(exp, call_id)):
        problems.append(
            f"service: recording={snap.recording!r}, want {live_recording(exp, call_id)}"
        )
    return problems


def match_calls(
    exp_calls: list[dict[str, Any]], finished: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pair expected calls (those visible in events) with live ``finished`` records, in order."""
    visible = [c for c in exp_calls if c.get("replay_visible", True)]
    assert len(finished) == len(visible), (
        f"{len(finished)} calls finished live, {len(visible)} expected: {finished}"
    )
    return list(zip(visible, finished, strict=True))
