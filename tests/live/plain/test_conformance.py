"""The simulator must agree with Asterisk: each ``ringside sim --scenario`` against the same flow live.

For every scenario in ``core/sim/scenarios`` the flow it was generated from
(``core.sim.generate.SOURCES``) is driven on the real lab, and the simulator plays
the scenario to a ``ringside monitor --json`` too. The operator-level events
(event, extension, outcome, direction, numbers, DID, queue, by/to) must be the same,
each operator's in the same order (how two phones dialled at once interleave is a race). A difference is a simulator bug: the assertion says which event
and field differ.
"""

from __future__ import annotations

import pytest

from core.sim.generate import SOURCES
from tests.live.conformance import FIELDS, compare, scenarios
from tests.live.lab import Lab
from tests.live.listen import Listeners
from tests.live.plain.scenarios import SCENARIOS, drive

KEYS = {stem: key for key, stem in SCENARIOS.items()}


@pytest.mark.parametrize("name", scenarios(freepbx=False))
def test_simulator_agrees_with_asterisk(lab: Lab, listeners: Listeners, name: str) -> None:
    stem, _exts = SOURCES[name]
    run = drive(lab, listeners, KEYS[stem])
    diffs = compare(name, listeners, run["marks"], run["finished"])
    assert not diffs, f"{name} ({FIELDS}):\n" + "\n".join(diffs)
