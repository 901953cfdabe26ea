"""Keep credentials that travel in query strings out of every log.

retailCRM's ``clientId``, get_record_local's ``clientId`` (the integration key
itself), a signed link's ``sig`` and any ``apiKey``/``token`` style parameter
authenticate the request that carries them: whoever reads the request log or
the HTTP access log could replay them. :func:`redact_query` masks their values
(names compared case-insensitively after percent-decoding, so ``client%49d``
does not slip through); :class:`AccessLogRedactor` applies it to uvicorn's
access log lines.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

SECRET_PARAMS = frozenset(
    {
        "clientid",
        "apikey",
        "api_key",
        "key",
        "sig",
        "signature",
        "token",
        "access_token",
        "password",
        "secret",
    }
)
MASK = "***"
_PAIR = re.compile(r"([^&=;\s?]+)=([^&;\s]*)")


def _mask(match: re.Match[str]) -> str:
    name = match.group(1)
    return f"{name}={MASK}" if unquote_plus(name).strip().lower() in SECRET_PARAMS else match[0]


def redact_query(text: str) -> str:
    """``clientId=abc&phone=1`` -> ``clientId=***&phone=1`` (also inside a path?query)."""
    return _PAIR.sub(_mask, text)


class AccessLogRedactor(logging.Filter):
    """Mask secret query parameters in uvicorn's access log (``args[2]`` is path?query)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_query(args[2]), *args[3:])
        return True


def install_access_log_redactor(logger_name: str = "uvicorn.access") -> None:
    """Attach the redactor once (idempotent)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, AccessLogRedactor) for f in logger.filters):
        logger.addFilter(AccessLogRedactor())
