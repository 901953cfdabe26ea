"""Shared options and plumbing of the headless commands: where to connect, the secret, exits.

The AMI secret never comes from argv (it would show in ``ps`` and shell
history): ``RINGSIDE_AMI_SECRET``, then the keyring through ``core.settings``
(the profile that connects to that host as that user), then an interactive prompt.

:func:`run_command` is how every command runs its coroutine: Ctrl-C exits 130
without a traceback, a closed pipe (``ringside monitor --json | head``) exits
quietly, and an AMI error the command did not handle becomes one line on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

from core.ami.errors import AMIError
from core.settings import get_ami_secret

log = logging.getLogger(__name__)

SECRET_ENV = "RINGSIDE_AMI_SECRET"
EXIT_INTERRUPTED = 130
T = TypeVar("T")


def port_number(text: str) -> int:
    """argparse type: a TCP port 1..65535."""
    return _int_in_range(text, 1, 65535, "a TCP port (1-65535)")


def listen_port(text: str) -> int:
    """argparse type: a TCP port to listen on, 0 meaning any free one."""
    return _int_in_range(text, 0, 65535, "a TCP port (0-65535, 0 = any free port)")


def _int_in_range(text: str, low: int, high: int, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{value} is not {what}")
    return value


def non_negative(text: str) -> float:
    """argparse type: a number >= 0."""
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; use 0 or more")
    return value


def positive(text: str) -> float:
    """argparse type: a number > 0."""
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be greater than 0")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="PBX address (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=port_number, default=5038, help="AMI port (default 5038; TLS is 5039)"
    )
    parser.add_argument(
        "--user",
        default="demo",
        help="AMI user from manager.conf, not a FreePBX web login (default demo); "
        f"its secret comes from ${SECRET_ENV}, the keyring or a prompt, never from the command line",
    )
    parser.add_argument("--tls", action="store_true", help="AMI over TLS (usually port 5039)")


def _keyring_secret(host: str, user: str) -> str | None:
    """The AMI secret stored in the OS keyring for the profile that connects to host as user."""
    try:
        return get_ami_secret(host=host, username=user)
    except Exception as exc:  # a broken keyring or config must not stop the prompt fallback
        log.debug("no stored AMI secret: %s", type(exc).__name__)
        return None


def resolve_secret(args: argparse.Namespace) -> str:
    secret = os.environ.get(SECRET_ENV)
    if secret:
        return secret
    secret = _keyring_secret(args.host, args.user)
    if secret:
        return secret
    if not sys.stdin.isatty():
        raise SystemExit(
            f"ringside: no AMI secret for {args.user}@{args.host}: set {SECRET_ENV} "
            "or store it in the keyring (the desktop's settings do that)"
        )
    try:
        return getpass.getpass(f"AMI secret for {args.user}@{args.host}: ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise SystemExit(EXIT_INTERRUPTED) from None


def fail(command: str, message: str, code: int = 1) -> int:
    print(f"ringside {command}: {message}", file=sys.stderr, flush=True)
    return code


def run_command(command: str, coro: Coroutine[Any, Any, T]) -> T | int:
    """Run a command's coroutine; Ctrl-C, a closed pipe and stray AMI errors exit cleanly."""
    try:
        return asyncio.run(coro)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return 0
    except AMIError as exc:
        return fail(command, str(exc), 2)


def silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor (tests)
        pass


def write_out(text: str) -> None:
    """Print to stdout; a reader that went away (``| head``) is not an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        silence_stdout()
