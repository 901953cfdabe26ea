"""The simulator must agree with Asterisk: each ``ringside sim --scenario`` against the same flow live.

For every scenario in ``core/sim/scenarios`` the flow it was generated from
(``core.sim.generate.SOURCES``) is driven on the real lab, and the simulator plays
the scenario to a ``ringside monitor --json`` too. The operator-level events
(event, extension, outcome, direction, numbers, DID, queue, by/to) must be the same,
in the same order. A difference is a simulator bug: the assertion says which event
and field differ.
"""

from __future__ import annotations

import re
import subprocess
import time
from typing import Any

import pytest

from core.sim.generate import SOURCES
from tests.live.lab import Lab
from tests.live.listen import RINGSIDE, Listeners, MonitorProcess
from tests.live.plain.test_scenarios import SCENARIOS, drive

KEYS = {stem: key for key, stem in SCENARIOS.items()}
FIELDS = ("event", "extension", "outcome", "direction", "remote_number", "remote_name", "did",
          "queue", "by", "to")  # fmt: skip


def operator_view(records: list[dict[str, Any]], call_id: str) -> list[tuple[Any, ...]]:
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
            time.sleep(0.2)
            return monitor.since(0)
        finally:
            monitor.stop()
    finally:
        sim.terminate()
        sim.wait(10)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_simulator_agrees_with_asterisk(lab: Lab, listeners: Listeners, name: str) -> None:
    stem, _exts = SOURCES[name]
    run = drive(lab, listeners, KEYS[stem])
    (live_fin,) = run["finished"]
    live = operator_view(listeners.pbx.since(run["marks"].pbx), live_fin["call_id"])
    simulated = simulate(name)
    (sim_fin,) = [r for r in simulated if r["event"] == "finished"]
    sim = operator_view(simulated, sim_fin["call_id"])
    diffs = [
        f"#{i}: asterisk {a} / simulator {b}"
        for i, (a, b) in enumerate(zip(live, sim, strict=False))
        if a != b
    ]
    if len(live) != len(sim):
        diffs.append(f"asterisk gives {len(live)} events, the simulator {len(sim)}")
    assert not diffs, f"{name} ({FIELDS}):\n" + "\n".join(diffs)
