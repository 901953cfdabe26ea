"""The Asterisk 22 lab from ``../shared/asterisk`` as a test fixture: set up, start, drive, stop.

Used only inside the private namespace of :mod:`tests.live.run` (fixed ports are safe
there). The harness (scripts, sipp scenarios, drivers) is copied into the work folder
first, so the shared folder is only read.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.paths import SHARED

SOURCE = Path(os.environ.get("RINGSIDE_LAB_SOURCE", SHARED / "asterisk"))
AMI_PORT = 5038
MONITOR_DIR = Path("/var/spool/asterisk/monitor")
CDR_CSV = Path("/var/log/asterisk/cdr-csv/Master.csv")
CDR_SQLITE = Path("/var/log/asterisk/master.db")
USERS = {"companion": "companion-secret", "limited": "limited-secret"}


class LabError(RuntimeError):
    """The lab did not come up (or a driver broke); the message says which step."""


class Lab:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.harness = work / "harness"
        self.dir = work / "lab"
        self.transcripts = work / "transcripts"
        self.env = dict(os.environ, LAB=str(self.dir), AMI_TRANSCRIPTS=str(self.transcripts))

    # ---------------------------------------------------------------- set-up
    def setup(self) -> None:
        if not (SOURCE / "setup-lab.sh").exists():
            raise LabError(f"no lab at {SOURCE} (RINGSIDE_LAB_SOURCE)")
        if not self.harness.exists():
            shutil.copytree(SOURCE, self.harness, ignore=shutil.ignore_patterns("__pycache__"))
            for path in [self.harness, *self.harness.rglob("*")]:
                path.chmod(path.stat().st_mode | 0o200)
        self._sh("setup-lab.sh", str(self.dir), script_dir=self.harness)
        self.transcripts.mkdir(parents=True, exist_ok=True)

    def _sh(
        self, script: str, *args: str, script_dir: Path | None = None, timeout: float = 60
    ) -> str:
        path = (script_dir or self.harness / "lab") / script
        proc = subprocess.run([str(path), *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout)  # fmt: skip
        if proc.returncode != 0:
            raise LabError(f"{script} {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
        return proc.stdout

    # ------------------------------------------------------------- lifecycle
    def start(self) -> None:
        self._sh("start.sh")

    def stop(self) -> None:
        self._sh("stop.sh")

    def pid(self) -> int | None:
        pidfile = self.dir / "ast/var/run/asterisk/asterisk.pid"
        try:
            pid = int(pidfile.read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def phones(self, command: str, *users: str) -> None:
        self._sh("phones.sh", command, *users)

    def wait_registered(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.cli("pjsip show contacts")
            if "101/sip:" in out and "102/sip:" in out:
                return
            time.sleep(0.3)
        raise LabError(f"phones 101/102 did not register: {self.cli('pjsip show contacts')}")

    def cli(self, command: str) -> str:
        return self._sh("cli.sh", command)

    def version(self) -> str:
        out = self.cli("core show version")
        return next(
            (line.strip() for line in out.splitlines() if line.startswith("Asterisk ")), out
        )

    def channels(self) -> str:
        return self.cli("core show channels verbose")

    def wait_no_channels(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "0 active channels" in self.cli("core show channels"):
                return
            time.sleep(0.3)
        raise LabError(f"channels left over: {self.channels()}")

    # --------------------------------------------------------------- drivers
    def scenario_keys(self) -> list[str]:
        out = subprocess.run(
            [sys.executable, "run_scenarios.py", "--list"], cwd=self.harness / "lab/scenarios",
            env=self.env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        return [line.split()[0] for line in out.splitlines() if line.strip()]

    def run_scenario(self, key: str, timeout: float = 120) -> str:
        """Drive public scenario ``key`` with the lab's own driver (sipp + baresip + AMI)."""
        proc = subprocess.run(
            [sys.executable, "run_scenarios.py", key], cwd=self.harness / "lab/scenarios",
            env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if proc.returncode != 0 or "Traceback" in proc.stdout + proc.stderr:
            raise LabError(f"driver for {key} failed: {proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def results(self) -> dict[str, Any]:
        return json.loads((self.transcripts / "results.json").read_text())

    def sipp(self, scenario: str, service: str | None = None, *, pause_ms: int = 5000,
             builtin: bool = False, extra: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:  # fmt: skip
        """sipp on :5080: the customer calling ``service`` (a UAC file), else the carrier (UAS)."""
        args = ["sipp"]
        if builtin:
            args += ["-sn", scenario]
        elif service is None:
            args += ["-sf", str(self.sipp_file(scenario))]
        else:
            args += ["127.0.0.1:5060", "-sf", str(self.sipp_file(scenario)), "-s", service]
        args += ["-i", "127.0.0.1", "-p", "5080", "-mi", "127.0.0.1", "-mp", "16000", "-m", "1",
                 "-d", str(pause_ms), "-nostdin", "-timeout", "120s", *extra]  # fmt: skip
        return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                cwd=self.work)  # fmt: skip

    def sipp_file(self, name: str) -> Path:
        local = Path(__file__).with_name("sipp") / name
        return local if local.exists() else self.harness / "lab/sipp" / name

    def phone(self, user: str, command: str, params: str = "") -> str:
        """A baresip ctrl_tcp command to phone ``user`` (accept, hangup, dial, answermode)."""
        module = _load(self.harness / "lab/scenarios/baresip_ctrl.py", "baresip_ctrl")
        replies = module.ctrl(user, command, params)
        return str(replies[-1].get("data", "")).strip() if replies else ""

    def ami_action(self, action: str, **headers: str) -> dict[str, Any]:
        """One AMI action from the lab's own raw client (as a FreePBX phone key or a driver would)."""
        capture = _load(self.harness / "lab/scenarios/amicap.py", "amicap")
        cap = capture.AmiCapture(f"action-{action}-{time.time():.0f}", outdir=str(self.transcripts))
        try:
            cap.login()
            response = cap.response(cap.send(action, **headers)) or {}
        finally:
            cap.logoff()
        return dict(response)

    def channel_of(self, prefix: str) -> str | None:
        """The live channel whose name starts with ``prefix`` (e.g. ``PJSIP/101-``)."""
        for line in self.cli("core show channels concise").splitlines():
            if line.startswith(prefix):
                return line.split("!")[0]
        return None

    # ------------------------------------------------------------------ CDRs
    def cdr_sqlite_rows(self) -> list[dict[str, Any]]:
        with sqlite3.connect(CDR_SQLITE) as con:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute("select * from cdr order by rowid")]

    def cdr_csv_rows(self) -> list[list[str]]:
        with CDR_CSV.open(newline="") as fh:
            return list(csv.reader(fh))

    def kill_everything(self) -> None:
        """Last resort at the end of a session: stop phones and Asterisk whatever state they are in."""
        for user in ("101", "102"):
            pidfile = self.dir / "baresip" / user / "baresip.pid"
            try:
                pid = int(pidfile.read_text().strip())
                if self.owns(pid):
                    os.kill(pid, 15)
            except (OSError, ValueError):
                pass
        pid = self.pid()
        if pid is not None:
            try:
                self.stop()
            except (LabError, subprocess.TimeoutExpired):
                if self.owns(pid):
                    os.kill(pid, 9)

    def owns(self, pid: int) -> bool:
        """``pid`` runs from this lab's folder (a pid file may be stale and the pid reused)."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            return False
        return str(self.dir) in cmdline


def _load(path: Path, name: str) -> Any:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# what the session drove, for the terminal summary (conftest.pytest_terminal_summary)
SUMMARY: dict[str, object] = {"version": None, "driven": []}


def driven(name: str) -> None:
    """Note that scenario ``name`` was driven in this session."""
    driven_list = SUMMARY["driven"]
    assert isinstance(driven_list, list)
    driven_list.append(name)
