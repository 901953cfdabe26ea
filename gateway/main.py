"""``ringside gateway``: validate the config, then serve the gateway with uvicorn.

``--check`` validates the file (syntax, types, unknown keys, secrets present)
and prints every problem as ``FILE:LINE: message``; exit status 2 on errors
(also when the address cannot be listened on: port in use, not this machine's).

Admin commands run instead of the server: ``ringside gateway outbox list``
(and any other module registered in :data:`ADMIN_COMMANDS`: a module with
``add_arguments(parser)`` and ``run(args, config) -> int``).

uvicorn is run with header and keep-alive timeouts and a connection limit
(:mod:`gateway.limits`): idle or half-sent connections must not use up the
process's open files.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import socket
import sys
from pathlib import Path

from gateway.config import ConfigError, GatewayConfig, insecure_urls, key_lines, load_config
from gateway.links import recording_settings

# ``ringside gateway NAME ...``: name -> (module, help)
ADMIN_COMMANDS = {
    "outbox": ("gateway.outbox_cli", "list, retry or drop pushes the gateway gave up on"),
    "users": ("gateway.hub.cli", "hub accounts: add, list, disable, enable, reset"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="gateway TOML file (required)")
    parser.add_argument("--host", help="bind address (overrides [server] host)")
    parser.add_argument("--port", type=_port, help="TCP port (overrides [server] port)")
    parser.add_argument("--check", action="store_true", help="validate the config and exit")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="log detail (default info)",
    )
    commands = parser.add_subparsers(dest="admin_command", metavar="COMMAND")
    for name, (module_name, help_text) in ADMIN_COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                         help="gateway TOML file")  # fmt: skip
        importlib.import_module(module_name).add_arguments(sub)


def _port(text: str) -> int:
    """argparse type: a TCP port 1..65535."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (1-65535)")
    return int(text)


def _cannot_listen(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (None: it can), said before uvicorn starts."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        words = {98: "the port is in use (another gateway?)", 99: "not an address of this machine",
                 13: "permission denied (ports below 1024 need root)"}  # fmt: skip
        return f"cannot listen on {host}:{port}: {words.get(exc.errno or 0, exc.strerror or exc)}"
    return None


def _load(args: argparse.Namespace) -> GatewayConfig | None:
    try:
        config = load_config(args.config)
        recording_settings(config)  # [recordings] is validated by RecordingSettings itself
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None
    except (TypeError, ValueError) as exc:
        path = Path(args.config)
        lines = key_lines(path.read_text(encoding="utf-8"))
        key = getattr(exc, "key", "")
        line = lines.get(("recordings", key)) or lines.get(("recordings",), 1)
        print(f"{path.name}:{line}: recordings: {exc}", file=sys.stderr)
        return None
    server = config.file.server.model_copy(
        update={k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    )
    return GatewayConfig(
        file=config.file.model_copy(update={"server": server}),
        secrets=config.secrets,
        path=config.path,
    )


def run(args: argparse.Namespace) -> int:
    if not args.config:
        print("ringside gateway: --config FILE is required", file=sys.stderr)
        return 2
    config = _load(args)
    if config is None:
        return 2
    command = getattr(args, "admin_command", None)
    if command:
        return int(importlib.import_module(ADMIN_COMMANDS[command][0]).run(args, config))
    insecure = insecure_urls(config.file)  # only left when allow_insecure_http is set
    for (section, key), url in insecure:
        logging.getLogger(__name__).warning(
            "%s.%s = %s is plain http: the API key and call data travel in clear "
            "(allowed by [server] allow_insecure_http)", section, key, url)  # fmt: skip
    if args.check:
        for (section, key), url in insecure:
            print(f"{args.config}: warning: {section}.{key}: {url} is plain http "
                  "(allowed by [server] allow_insecure_http)")  # fmt: skip
        print(f"{args.config}: OK")
        return 0
    import uvicorn

    from gateway.app import create_app
    from gateway.limits import install_exhaustion_filter, uvicorn_options
    from gateway.redact import install_access_log_redactor, install_log_redactor

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    install_exhaustion_filter()  # "Too many open files": one line a minute, not one per accept
    install_log_redactor()  # tokens in paths and queries masked in every log line
    server = config.file.server
    problem = _cannot_listen(server.host, server.port)
    if problem:
        print(f"ringside gateway: {problem}", file=sys.stderr)
        return 2
    if not server.public_url and server.host in ("0.0.0.0", "::", ""):
        logging.getLogger(__name__).warning(
            "[server] public_url is not set: recording links will point at %s:%d, "
            "which CRMs cannot reach",
            server.host,
            server.port,
        )
    # X-Forwarded-For is only believed from configured proxies: otherwise a same-host proxy
    # that doesn't set it would make every client look like 127.0.0.1 to the allow-lists.
    install_access_log_redactor()  # clientId / sig in query strings stay out of the access log
    uvicorn.run(
        create_app(config), host=server.host, port=server.port, log_level=args.log_level,
        proxy_headers=bool(server.trusted_proxies),
        forwarded_allow_ips=",".join(server.trusted_proxies) or None,
        log_config=None,  # keep the root handlers above (and their filters) for uvicorn too
        **uvicorn_options(server),
    )  # fmt: skip
    return 0
