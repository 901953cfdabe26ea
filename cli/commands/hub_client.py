"""``--server URL``: the headless commands against a Ringside server (hub) instead of AMI.

``ringside monitor|dial|doctor --server https://pbx.example --user 101`` sign in to
the hub as that account: the password comes from ``$RINGSIDE_HUB_PASSWORD`` or a
prompt (never the command line); the session token is kept in the keyring under
``hub:cli:<server>:<user>`` so the next command needs no password. No AMI secret is
needed on this machine at all.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import ssl
import sys
import time
from typing import Any

import httpx

from cli.commands._common import EXIT_INTERRUPTED
from core.calls.feed import FeedError, LinkState
from core.hub import wire
from core.hub.bootstrap import hub_feed
from core.hub.client import HubAuthError, HubFeed, hub_urls, login
from core.settings.secrets import SecretStore

PASSWORD_ENV = "RINGSIDE_HUB_PASSWORD"


def add_server_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--server",
        metavar="URL",
        default=None,
        help="a Ringside server (hub) instead of AMI; --user is your hub account, its password "
        f"comes from ${PASSWORD_ENV} or a prompt (a saved sign-in is reused)",
    )
    parser.add_argument(
        "--ca-file",
        metavar="PEM",
        default=None,
        help="CA certificate(s) the server's TLS certificate is checked against",
    )


def verify_for(args: argparse.Namespace) -> ssl.SSLContext | bool:
    if getattr(args, "ca_file", None):
        return ssl.create_default_context(cafile=args.ca_file)
    return True


def _password(args: argparse.Namespace, *, needed: bool) -> str | None:
    secret = os.environ.get(PASSWORD_ENV)
    if secret or not needed:
        return secret or None
    if not sys.stdin.isatty():
        raise SystemExit(
            f"ringside: no password for {args.user} at {args.server}: set {PASSWORD_ENV}"
        )
    try:
        return getpass.getpass(f"Password for {args.user} at {args.server}: ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise SystemExit(EXIT_INTERRUPTED) from None


def token_key(args: argparse.Namespace) -> str:
    base, _ws = hub_urls(args.server)
    return f"hub:cli:{base}:{args.user}"


async def server_feed(args: argparse.Namespace) -> HubFeed:
    """A HubFeed for ``--server``/``--user`` (saved token, else the password)."""
    try:
        hub_urls(args.server)
    except ValueError as exc:
        raise FeedError(str(exc)) from None
    store = await asyncio.to_thread(SecretStore)
    saved = await store.aget(token_key(args))
    return await hub_feed(
        args.server,
        args.user,
        store,
        key=token_key(args),
        password=_password(args, needed=not saved),
        verify=verify_for(args),
    )


# ------------------------------------------------------------------ doctor
async def hub_doctor(args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], bool]:
    """``(status, check, detail)`` lines for a hub: reachable, TLS, login, role, events."""
    checks: list[tuple[str, str, str]] = []
    try:
        base, _ws = hub_urls(args.server)
    except ValueError as exc:
        return [("FAIL", "server address", str(exc))], False
    verify = verify_for(args)
    try:
        async with httpx.AsyncClient(verify=verify, timeout=10) as http:
            health = await http.get(base + "/health")
    except httpx.ConnectError as exc:
        text = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower():
            checks.append(("PASS", "reachable", base))
            checks.append(
                (
                    "FAIL",
                    "TLS certificate",
                    f"not trusted: {text} (give --ca-file, or fix the certificate)",
                )
            )
        else:
            checks.append(("FAIL", "reachable", f"cannot connect to {base}: {text or 'refused'}"))
        return checks, False
    except httpx.HTTPError as exc:
        return [("FAIL", "reachable", f"{base}: {exc or type(exc).__name__}")], False
    checks.append(("PASS", "reachable", f"{base} answers (HTTP {health.status_code})"))
    if base.startswith("https:"):
        checks.append(("PASS", "TLS certificate", "valid and trusted"))
    else:
        checks.append(
            ("WARN", "TLS certificate", "plain http: use https (wss) outside a test network")
        )
    pbx = health.json().get("ami", "?") if health.status_code == 200 else "?"
    checks.append(
        (
            "PASS" if pbx == "ready" else "FAIL",
            "server's PBX link",
            f"AMI {pbx}" + ("" if pbx == "ready" else ": check the gateway's [ami]"),
        )
    )
    try:
        store = await asyncio.to_thread(SecretStore)
        saved = await store.aget(token_key(args))
        password = _password(args, needed=not saved)
        if password:
            token = (await login(args.server, args.user, password, verify=verify)).token
            how = "password accepted"
        else:
            token = (saved or "").split(" ")[0]
            how = "saved sign-in"
        async with httpx.AsyncClient(verify=verify, timeout=10) as http:
            me = await http.get(base + "/hub/me", headers={"Authorization": f"Bearer {token}"})
        if me.status_code != 200:
            raise HubAuthError(me.json().get("detail", f"HTTP {me.status_code}"))
    except FeedError as exc:
        checks.append(("FAIL", "login", str(exc)))
        return checks, False
    profile = me.json()
    checks.append(("PASS", "login", f"{args.user}: {how}"))
    checks.append(
        ("PASS", "role", f"{profile['role']}, extensions {', '.join(profile['extensions']) or 'none'}; may "
         + ", ".join(profile["permissions"]))
    )  # fmt: skip
    ok = all(status != "FAIL" for status, _c, _d in checks)
    checks.append(await _events(args, token, verify))
    return checks, ok and checks[-1][0] != "FAIL"


async def _events(
    args: argparse.Namespace, token: str, verify: ssl.SSLContext | bool
) -> tuple[str, str, str]:
    from websockets.asyncio.client import connect

    _base, ws_url = hub_urls(args.server)
    ssl_arg: Any = None
    if ws_url.startswith("wss:"):
        ssl_arg = verify if isinstance(verify, ssl.SSLContext) else ssl.create_default_context()
    wait = float(getattr(args, "event_wait", 3.0) or 3.0)
    try:
        async with connect(ws_url, ssl=ssl_arg, open_timeout=10) as ws:
            await ws.send(wire.encode(wire.Hello(token)))
            welcome = wire.decode(await asyncio.wait_for(ws.recv(), 10))
            if not isinstance(welcome, wire.Welcome):
                return (
                    "FAIL",
                    "events",
                    f"the server refused the event stream: {getattr(welcome, 'reason', welcome)}",
                )
            count, deadline = 0, time.monotonic() + wait
            while time.monotonic() < deadline:
                try:
                    frame = await asyncio.wait_for(
                        ws.recv(), max(0.01, deadline - time.monotonic())
                    )
                except TimeoutError:
                    break
                if isinstance(wire.decode(frame), wire.Event):
                    count += 1
    except (OSError, TimeoutError, wire.WireError) as exc:
        return ("FAIL", "events", f"the event stream did not open: {exc}")
    calls = len(welcome.calls)
    if count:
        return (
            "PASS",
            "events",
            f"{count} event(s) in {wait:g} s; {calls} call(s) in your scope now",
        )
    return (
        "WARN",
        "events",
        f"stream open ({calls} call(s) in your scope now), no event within {wait:g} s: a quiet PBX?",
    )


def render_doctor(checks: list[tuple[str, str, str]], ok: bool) -> str:
    lines = [f"{status:4}  {name}: {detail}" for status, name, detail in checks]
    lines += [
        "",
        "Result: "
        + ("the Ringside server is usable." if ok else "FAILED: fix the FAIL lines above first."),
    ]
    return "\n".join(lines)


__all__ = ["LinkState", "add_server_option", "hub_doctor", "render_doctor", "server_feed"]
