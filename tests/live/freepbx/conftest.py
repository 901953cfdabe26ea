"""The FreePBX-style group: the lab with ``../shared/ami-transcripts-freepbx/config`` installed.

Exactly what that folder's INCLUDES.txt lists: ``#include`` lines appended to
extensions.conf and queues.conf, res_parking.conf and voicemail.conf added (so
res_parking and app_voicemail load at start), and the per-extension AstDB keys
FreePBX keeps (AMPUSER/DEVICE/CW) for 101 and 102.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.lab import SUMMARY, Lab
from tests.paths import SHARED

CONFIG = SHARED / "ami-transcripts-freepbx" / "config"
ASTDB = {
    "AMPUSER/{ext}/cidnum": "{ext}",
    "AMPUSER/{ext}/cidname": "Operator {ext}",
    "AMPUSER/{ext}/device": "{ext}",
    "AMPUSER/{ext}/ringtimer": "8",
    "AMPUSER/{ext}/cfringtimer": "0",
    "AMPUSER/{ext}/voicemail": "default",
    "DEVICE/{ext}/user": "{ext}",
    "DEVICE/{ext}/dial": "PJSIP/{ext}",
    "CW/{ext}": "ENABLED",
}


def install_freepbx(lab: Lab) -> None:
    conf = lab.dir / "conf"
    for name in ("extensions_fpbx.conf", "queues_fpbx.conf", "res_parking.conf", "voicemail.conf"):
        shutil.copyfile(CONFIG / name, conf / name)
    with (conf / "extensions.conf").open("a") as fh:
        fh.write('\n; FreePBX-style call flows\n#include "extensions_fpbx.conf"\n')
    with (conf / "queues.conf").open("a") as fh:
        fh.write('\n; FreePBX-style queues 400/401\n#include "queues_fpbx.conf"\n')


def put_astdb(lab: Lab) -> None:
    for ext in ("101", "102"):
        for key, value in ASTDB.items():
            family, _, name = key.format(ext=ext).rpartition("/")
            lab.cli(f'database put {family} {name} "{value.format(ext=ext)}"')


@pytest.fixture(scope="session")
def lab(work: Path) -> Iterator[Lab]:
    lab = Lab(work)
    lab.setup()
    install_freepbx(lab)
    lab.start()
    put_astdb(lab)
    lab.phones("start")
    lab.wait_registered()
    for module in ("res_parking.so", "app_voicemail.so"):
        assert "Running" in lab.cli(f"module show like {module}") or "1 modules loaded" in lab.cli(
            f"module show like {module}"
        ), module
    SUMMARY["version"] = lab.version() + " + FreePBX-style config"
    try:
        yield lab
    finally:
        lab.kill_everything()
