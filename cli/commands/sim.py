"""``ringside sim``: run the PBX simulator (a real AMI server) until Ctrl-C.

Exit codes: 0 stopped with Ctrl-C, 2 it could not listen (port in use, address
not on this machine).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from cli.commands._common import fail, listen_port, non_negative, positive, run_command
from core.sim.scenarios import SCENARIO_NAMES
from core.sim.server import PBXSimulator, SimUser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=listen_port, default=5038, help="listen port (default 5038, 0 = any free)"
    )
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        choices=SCENARIO_NAMES,
        metavar="NAME",
        help=f"play a scenario once a client logs in: {', '.join(SCENARIO_NAMES)}",
    )
    parser.add_argument(
        "--repeat",
        type=non_negative,
        default=None,
        metavar="SECONDS",
        help="replay the scenarios after this pause, forever",
    )
    parser.add_argument(
        "--calls-per-second",
        type=non_negative,
        default=0.0,
        metavar="N",
        help="load mode: N unrelated short calls per second",
    )
    parser.add_argument(
        "--speed", type=positive, default=1.0, help="time compression (2 = twice as fast)"
    )
    parser.add_argument("--user", default="demo", help="AMI user (default demo)")
    parser.add_argument("--secret", default="demo", help="its secret (a test PBX: default demo)")
    parser.add_argument("--caller", default=None, help="caller number used by the scenarios")
    parser.add_argument("--caller-name", default=None, help="caller name used by the scenarios")
    parser.add_argument("--extension", default=None, help="extension that rings (default 101)")


async def serve(args: argparse.Namespace) -> int:
    params = {
        k: v
        for k, v in (
            ("caller", args.caller),
            ("caller_name", args.caller_name),
            ("ext", args.extension),
        )
        if v
    }
    sim = PBXSimulator(
        args.host,
        args.port,
        users={args.user: SimUser(args.secret)},
        scenarios=args.scenario,
        repeat=args.repeat,
        calls_per_second=args.calls_per_second,
        speed=args.speed,
        scenario_params=params,
    )
    try:
        await sim.start()
    except (OSError, OverflowError) as exc:
        return fail("sim", _bind_words(args.host, args.port, exc), 2)
    print(
        f"PBX simulator on {args.host}:{sim.port} (user {args.user}); Ctrl-C stops it",
        file=sys.stderr,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await sim.stop()
    return 0  # pragma: no cover - the wait above ends only by cancellation


def _bind_words(host: str, port: int, exc: Exception) -> str:
    errno = getattr(exc, "errno", None)
    if errno == 98:  # EADDRINUSE
        return (
            f"cannot listen on {host}:{port}: the port is in use (another simulator or an "
            "Asterisk?); pick another with --port, or --port 0 for any free port"
        )
    if errno == 99:  # EADDRNOTAVAIL
        return f"cannot listen on {host}:{port}: {host} is not an address of this machine"
    if errno == 13:  # EACCES
        return f"cannot listen on {host}:{port}: permission denied (ports below 1024 need root)"
    return f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}"


def run(args: argparse.Namespace) -> int:
    code = run_command("sim", serve(args))
    return 0 if code == 130 else int(code)
