"""Scenario templates: the generated ``*.json`` data here plus the API to load and render them.

The data files are written by ``python -m core.sim.generate`` from the AMI
transcripts and committed, so the product never needs ../shared at run time.
The code lives in :mod:`core.sim.templates`; it is re-exported here.
"""

from core.sim.templates import SCENARIO_DIR, SCENARIO_NAMES, IdAllocator, Scenario, load

__all__ = ["SCENARIO_DIR", "SCENARIO_NAMES", "IdAllocator", "Scenario", "load"]
