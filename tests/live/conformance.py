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
        live = operator_view(live_records, fin["call_id"])
        sim = operator_view(simulated, sfin["call_id"])
        diffs += [f"call {i} #{j}: asterisk {a} / simulator {b}"
                  for j, (a, b) in enumerate(zip(live, sim, strict=False)) if a != b]  # fmt: skip
        if len(live) != len(sim):
            diffs.append(
                f"call {i}: asterisk gives {len(live)} events {live}, the simulator {len(sim)} {sim}"
            )
    return diffs


def scenarios(freepbx: bool) -> list[str]:
    return sorted(n for n in SOURCES if n.startswith("fpbx-") == freepbx)
