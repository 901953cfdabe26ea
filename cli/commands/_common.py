"""Shared options of the headless AMI commands: where to connect, and the secret.

The AMI secret never comes from argv (it would show in ``ps`` and shell
history): ``RINGSIDE_AMI_SECRET``, then the keyring through ``core.settings``
(the profile that connects to that host as that user), then an interactive prompt.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys

from core.settings import get_ami_secret

log = logging.getLogger(__name__)

SECRET_ENV = "RINGSIDE_AMI_SECRET"


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="PBX address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5038, help="AMI port (default 5038, TLS 5039)")
    parser.add_argument("--user", default="demo", help="AMI user from manager.conf (default demo)")
    parser.add_argument("--tls", action="store_true", help="AMI over TLS")


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
        raise SystemExit(f"ringside: no AMI secret: set {SECRET_ENV} or store it in the keyring")
    return getpass.getpass(f"AMI secret for {args.user}@{args.host}: ")


def fail(command: str, message: str, code: int = 1) -> int:
    print(f"ringside {command}: {message}", file=sys.stderr)
    return code
