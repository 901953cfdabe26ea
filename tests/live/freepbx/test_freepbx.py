"""FreePBX-shaped call flows driven live, compared with ``ami-transcripts-freepbx/expected``.

Each driver repeats what the capture's notes say was done (sipp customer, baresip
phones 101/102 in manual answer, AMI BlindTransfer for the park key, the phones
dialling ``**101`` / ``71`` / ``90501234567`` themselves) while ``ringside monitor`` and
the desktop's service listen. Flows the call tracker does not get right yet are
``xfail(strict=True)`` with the gap named, so they flip to failures once fixed.
"""

from __future__ import annotations

import pytest

from tests.live.expect import check_call, match_calls
from tests.live.freepbx.flows import params, run_flow
from tests.live.lab import Lab
from tests.live.listen import Listeners


@pytest.mark.parametrize("name", params())
def test_freepbx_flow_matches_expected(lab: Lab, listeners: Listeners, name: str) -> None:
    run = run_flow(lab, listeners, name)
    problems = []
    for want, fin in match_calls(run["expected"]["calls"], run["finished"]):
        problems += check_call(listeners, run["marks"], want, fin, rang_in_order=False)
    assert not problems, "\n".join([*problems, *map(str, run["finished"])])
