"""``ringside sim``: run the PBX simulator (a real AMI server) until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from core.sim.scenarios import SCENARIO_NAMES
from core.sim.server import PBXSimulator, SimUser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=5038, help="listen port (default 5038, 0 = any)"
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
        type=float,
        default=None,
        metavar="SECONDS",
        help="replay the scenarios after this pause, forever",
    )
    parser.add_argument(
        "--calls-per-second",
        type=float,
        default=0.0,
        metavar="N",
        help="load mode: N unrelated short calls per second",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help="time compression (2 = twice as fast)"
    )
    parser.add_argument("--user", default="demo", help="AMI user (default demo)")
    parser.add_argument("--secret", default="demo", help="its secret (a test PBX: default demo)")
    parser.add_argument("--caller", default=None, help="caller number used by the scenarios")
    parser.add_argument("--caller-name", default=None, help="caller name used by the scenarios")
    parser.add_argument("--extension", default=None, help="extension that rings (default 101)")


async def serve(args: argparse.Namespace) -> None:
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
    await sim.start()
    print(
        f"PBX simulator on {args.host}:{sim.port} (user {args.user}); Ctrl-C stops it",
        file=sys.stderr,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await sim.stop()


def run(args: argparse.Namespace) -> int:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))
    return 0
