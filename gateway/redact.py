"""Keep credentials that travel in query strings, paths and bodies out of every log.

retailCRM's ``clientId``, get_record_local's ``clientId`` (the integration key
itself), a signed link's ``sig`` and any ``apiKey``/``token`` style parameter
authenticate the request that carries them: whoever reads the request log or
the HTTP access log could replay them. So do two kinds of path: seed 001's
storage links (``/recordings/storage/<AES token>``, valid forever) and the
Rostelecom one-time links (``/records/<token>``).

Everything here is linear in its input and bounded: text is cut to
:data:`LOG_LIMIT` characters *before* it is looked at, then split on separators
(no backtracking regex ever runs over what a client sent: the old
``([^&=]+)=`` pattern retried every offset of a long run and froze the event
loop for hours on 1 MiB). JSON bodies are parsed and the values of secret
keys masked; anything else is treated as ``name=value`` pairs. Callers on the
event loop hand large inputs to a worker thread (:func:`redact_body_async`).

:class:`AccessLogRedactor` applies :func:`redact_query` to uvicorn's access
log lines.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any
from urllib.parse import unquote_plus

SECRET_PARAMS = frozenset(
    {
        "clientid",
        "apikey",
        "api_key",
        "key",
        "sig",
        "signature",
        "sign",
        "token",
        "access_token",
        "password",
        "secret",
    }
)
MASK = "***"
LOG_LIMIT = 64 * 1024  # characters of a body / path kept in a log line
INLINE_LIMIT = 16 * 1024  # larger inputs are redacted in a worker thread
# Path prefixes whose next segment is a bearer credential.
TOKEN_PATHS = ("/records/", "/recordings/storage/")
_SEPARATORS = re.compile(r"([&;\s]+)")  # a character class run: one pass, no backtracking
_JSON_DEPTH = 64
# For JSON that cannot be parsed (too big, broken): every quantifier is bounded, so each
# offset costs a constant and the whole pass stays linear.
_JSON_PAIR = re.compile(r'"([A-Za-z_][A-Za-z0-9_-]{0,39})"\s{0,8}:\s{0,8}"[^"\\]{0,256}"?')


def _is_secret(name: str) -> bool:
    return unquote_plus(name).strip().lower() in SECRET_PARAMS


def _mask_pair(part: str) -> str:
    """``name=value`` with a secret name -> ``name=***``; ``/path?name=value`` too."""
    eq = part.find("=")
    if eq <= 0:
        return part
    name = part[:eq]
    q = name.rfind("?")
    prefix, name = (part[: q + 1], name[q + 1 :]) if q >= 0 else ("", name)
    if name and _is_secret(name):
        return f"{prefix}{name}={MASK}"
    return part


def _mask_path_tokens(part: str) -> str:
    """``/records/<token>...`` -> ``/records/***...`` (the token ends at ``/``, ``?`` or ``#``)."""
    for prefix in TOKEN_PATHS:
        start = part.find(prefix)
        while start >= 0:
            begin = start + len(prefix)
            end = begin
            while end < len(part) and part[end] not in "/?#":
                end += 1
            if end > begin:
                part = part[:begin] + MASK + part[end:]
                end = begin + len(MASK)
            start = part.find(prefix, end)
    return part


def truncate(text: str, limit: int = LOG_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def redact_query(text: str) -> str:
    """``clientId=abc&phone=1`` -> ``clientId=***&phone=1`` (also inside a path?query);
    path tokens masked; cut to :data:`LOG_LIMIT`."""
    parts = _SEPARATORS.split(truncate(text))
    for i in range(0, len(parts), 2):  # even items are the text between separators
        part = parts[i]
        if "=" in part:
            part = _mask_pair(part)
        if "/rec" in part:
            part = _mask_path_tokens(part)
        parts[i] = part
    return "".join(parts)


def _mask_json(value: Any, depth: int = 0) -> Any:
    if depth > _JSON_DEPTH:
        return MASK
    if isinstance(value, dict):
        return {
            k: (MASK if isinstance(k, str) and _is_secret(k) else _mask_json(v, depth + 1))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask_json(v, depth + 1) for v in value]
    return value


def redact_body(text: str) -> str:
    """A request body fit for the log: JSON with secret keys masked, or masked pairs; bounded."""
    stripped = text.lstrip()
    if stripped[:1] in ("{", "[") and len(text) <= LOG_LIMIT:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            pass
        else:
            masked = _mask_json(value)
            if masked == value:  # nothing secret: the exact bytes the client sent
                return text
            return json.dumps(masked, ensure_ascii=False, separators=(",", ":"))
    if stripped[:1] in ("{", "["):
        return _JSON_PAIR.sub(_mask_json_pair, truncate(text))
    return redact_query(text)


def _mask_json_pair(match: re.Match[str]) -> str:
    return f'"{match[1]}":"{MASK}"' if _is_secret(match[1]) else match[0]


async def redact_body_async(text: str) -> str:
    """:func:`redact_body`, in a worker thread when ``text`` is large (keep the loop free)."""
    if len(text) <= INLINE_LIMIT:
        return redact_body(text)
    return await asyncio.to_thread(lambda: redact_body(text))


class AccessLogRedactor(logging.Filter):
    """Mask secret query parameters and path tokens in uvicorn's access log (``args[2]``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_query(args[2]), *args[3:])
        return True


class LogLineRedactor(logging.Filter):
    """Mask credentials in every formatted log line (attached to the root handlers, so it
    sees every logger's records: uvicorn's errors, tracebacks of a request, our own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "=" in message or "/rec" in message:
            masked = redact_query(message)
            if masked != message:
                record.msg, record.args = masked, None
        return True


def install_log_redactor() -> None:
    """Attach :class:`LogLineRedactor` to every root handler (idempotent)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, LogLineRedactor) for f in handler.filters):
            handler.addFilter(LogLineRedactor())


def install_access_log_redactor(logger_name: str = "uvicorn.access") -> None:
    """Attach the redactor once (idempotent)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, AccessLogRedactor) for f in logger.filters):
        logger.addFilter(AccessLogRedactor())
