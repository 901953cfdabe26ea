"""Shared by the conformance tests: the simulator's view of a scenario vs the live run's."""

from __future__ import annotations

import re
import subprocess
import time
from typing import Any

from core.sim.generate import SOURCES
from tests.live.listen import RINGSIDE, Listeners, Marks, MonitorProcess

FIELDS = ("event", "extension", "outcome", "direction", "remote_number", "remote_name", "did",
          "queue", "by", "to")  # fmt: skip


def operator_view(records: list[dict[str, Any]], call_id: str) -> list[tuple[Any, ...]]:
    """The operator-level events of one call: what the popups, history and CRM pushes see."""
    return [
        tuple(r.get(f) for f in FIELDS)
        for r in records
        if r["call_id"] == call_id and r["event"] != "started"
    ]


def simulate(name: str) -> list[dict[str, Any]]:
    """``ringside sim --scenario NAME`` on a free port, watched by ``ringside monitor --json``."""
    sim = subprocess.Popen(
        [RINGSIDE, "sim", "--scenario", name, "--port", "0", "--user", "companion",
         "--secret", "companion-secret", "--speed", "4"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert sim.stderr is not None
        line = sim.stderr.readline()
        port = int(re.search(r":(\d+) \(user", line).group(1))  # type: ignore[union-attr]
        monitor = MonitorProcess(port=port)
        try:
            monitor.wait_connected()
            assert monitor.wait(lambda rs: any(r["event"] == "finished" for r in rs), 0, 60), (
                monitor.since(0)
            )
            monitor.wait(
                _all_finished, 0, 10
            )  # a second call of the flow (a pickup leg) ends later
            time.sleep(0.3)
            return monitor.since(0)
        finally:
            monitor.stop()
    finally:
        sim.terminate()
        sim.wait(10)


def _all_finished(items: list[dict[str, Any]]) -> bool:
    started = {r["call_id"] for r in items if r["event"] == "started"}
    return started <= {r["call_id"] for r in items if r["event"] == "finished"}


def compare(
    name: str, listeners: Listeners, marks: Marks, live_finished: list[dict[str, Any]]
) -> list[str]:
    """Differences between the live run of ``name``'s source flow and the simulator playing ``name``."""
    live_records = listeners.pbx.since(marks.pbx)
    simulated = simulate(name)
    sim_finished = [r for r in simulated if r["event"] == "finished"]
    diffs = []
    if len(sim_finished) != len(live_finished):
        diffs.append(
            f"asterisk finishes {len(live_finished)} call(s), the simulator {len(sim_finished)}"
        )
    for i, (fin, sfin) in enumerate(zip(live_finished, sim_finished, strict=False)):
        live = by_extension(operator_view(live_records, fin["call_id"]))
        sim = by_extension(operator_view(simulated, sfin["call_id"]))
        for ext in sorted(set(live) | set(sim), key=str):
            one, other = live.get(ext, []), sim.get(ext, [])
            diffs += [f"call {i} extension {ext} #{j}: asterisk {a} / simulator {b}"
                      for j, (a, b) in enumerate(zip(one, other, strict=False)) if a != b]  # fmt: skip
            if len(one) != len(other):
                diffs.append(f"call {i} extension {ext}: asterisk {one}, the simulator {other}")
    return diffs


def by_extension(view: list[tuple[Any, ...]]) -> dict[Any, list[tuple[Any, ...]]]:
    """Each operator's events in order (and the PBX-wide ones under None).

    Popups, history and CRM pushes are per extension; how two phones' events interleave
    is a race when Asterisk dials them at once (ring-all), so it is not compared.
    """
    out: dict[Any, list[tuple[Any, ...]]] = {}
    for row in view:
        out.setdefault(row[FIELDS.index("extension")], []).append(row)
    return out


def scenarios(freepbx: bool) -> list[str]:
    return sorted(n for n in SOURCES if n.startswith("fpbx-") == freepbx)
