"""Run the live test groups (a real Asterisk 22 lab) inside a private network + mount namespace.

``python -m tests.live.run [PYTEST ARGS]`` (what ``make test`` runs after the main suite):

* re-executes itself under ``unshare -m -n`` (root), so the lab's fixed ports
  (AMI 5038, SIP 5060, sipp 5080, baresip 5071/5073/4441/4442, HTTP 8088) exist only
  in that namespace and never collide with anything on the machine;
* inside, brings loopback up and bind-mounts private folders over
  ``/var/spool/asterisk`` and ``/var/log/asterisk`` (recordings, CDRs);
* runs pytest on the plain-lab group (``tests/live/plain``), then the FreePBX-style group
  (``tests/live/freepbx``) with ``RINGSIDE_LIVE_NS=1`` (the live tests deselect themselves
  anywhere else).

Without root or ``unshare`` it says why and exits 0, unless ``RINGSIDE_LIVE_REQUIRED=1``
(CI sets it) makes that a failure. The lab comes from ``../shared/asterisk``
(``RINGSIDE_LAB_SOURCE`` overrides); it is copied, never written to.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSIDE_FLAG = "--inside-namespace"
GROUPS = ("tests/live/plain", "tests/live/freepbx")
PRIVATE = ("/var/spool/asterisk", "/var/log/asterisk")


def _cannot_run() -> str | None:
    if os.geteuid() != 0:
        return "the live groups need root (unshare -m -n, bind mounts, a private loopback)"
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare / ip (util-linux, iproute2) are not installed"
    for tool in ("sipp", "baresip"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (make test installs it: TEST_APT_PACKAGES)"
    probe = subprocess.run(["unshare", "-m", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"unshare -m -n is not allowed here: {probe.stderr.strip()}"
    return None


def outside(args: list[str]) -> int:
    reason = _cannot_run()
    if reason:
        required = os.environ.get("RINGSIDE_LIVE_REQUIRED") == "1"
        print(f"live tests {'FAILED' if required else 'SKIPPED'}: {reason}", flush=True)
        return 1 if required else 0
    for path in PRIVATE:  # mount points must exist; they stay empty on the host
        Path(path).mkdir(parents=True, exist_ok=True)
    cmd = ["unshare", "-m", "-n", "--propagation", "private", "--",
           sys.executable, "-m", "tests.live.run", INSIDE_FLAG, *args]  # fmt: skip
    started = time.monotonic()
    code = subprocess.call(cmd, cwd=ROOT)
    print(f"live groups: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
    return code


def inside(args: list[str]) -> int:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    work = Path(tempfile.mkdtemp(prefix="ringside-live-"))
    for path in PRIVATE:
        private = work / "mnt" / path.strip("/").replace("/", "-")
        private.mkdir(parents=True)
        subprocess.run(["mount", "--bind", str(private), path], check=True)
    env = dict(os.environ, RINGSIDE_LIVE_NS="1", RINGSIDE_LIVE_DIR=str(work))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    base = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "timeout=240"]
    code = 0
    try:
        explicit = any(a.startswith("tests/") for a in args)  # a chosen file or test: run just that
        for group in [None] if explicit else GROUPS:
            target = [group] if group else []
            code = subprocess.call([*base, *target, *args], cwd=ROOT, env=env) or code
    finally:
        _kill_leftovers(work)
        if os.environ.get("RINGSIDE_LIVE_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
    return code


def _kill_leftovers(work: Path) -> None:
    """Asterisk or a phone a crashed session left running: stop it by the pid file it wrote."""
    for pidfile in work.rglob("*.pid"):
        try:
            pid = int(pidfile.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if str(work) in cmdline:  # only our own lab's processes, never a reused pid
                os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):
            pass


def main(argv: list[str]) -> int:
    if argv[:1] == [INSIDE_FLAG]:
        return inside(argv[1:])
    return outside(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
