"""The simulator's FreePBX-shaped scenarios (``fpbx-*``) against the same flows live.

Each ``fpbx-*`` scenario of ``core/sim/scenarios`` was generated from a FreePBX
capture; the flow that capture records is driven on the lab with the FreePBX-style
config, and both must give the same operator-level events (``tests/live/conformance.py``).
"""

from __future__ import annotations

import pytest

from core.sim.generate import SOURCES
from tests.live.conformance import FIELDS, compare, scenarios
from tests.live.freepbx.flows import run_flow
from tests.live.lab import Lab
from tests.live.listen import Listeners


@pytest.mark.parametrize("name", scenarios(freepbx=True))
def test_freepbx_simulator_agrees_with_asterisk(lab: Lab, listeners: Listeners, name: str) -> None:
    stem, _exts = SOURCES[name]
    run = run_flow(lab, listeners, stem)
    diffs = compare(name, listeners, run["marks"], run["finished"])
    assert not diffs, f"{name} ({FIELDS}):\n" + "\n".join(diffs)
