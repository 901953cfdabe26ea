"""Scrub secrets out of error text before it is stored or shown (outbox errors, logs).

CRM errors often echo the request: a URL with ``?apikey=...``, an
``Authorization`` header, a webhook URL with the token in its path
(Bitrix24 ``/rest/1/<token>/``), ``user:password@host``. Known secret values
can also be passed in and are replaced wherever they appear.

The patterns backtrack over long word runs, so they only ever see the first
:data:`SCAN_LENGTH` characters (the stored text is capped anyway): the cost is
bounded whatever a CRM sends back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"
MAX_LENGTH = 2000
SCAN_LENGTH = 2 * MAX_LENGTH

_PATTERNS = (
    # key=value / key: value / "key": "value" for secret-looking keys
    re.compile(
        r"""(?ix)
        (["']?\b[\w-]*(?:secret|passw(?:or)?d|token|api[_-]?key|apikey|signature|(?<![a-z])sign\b|auth[_-]?key|
        access[_-]?key|private[_-]?key|client[_-]?secret)[\w-]*["']?\s*[:=]\s*["']?)
        ([^"'\s&,;}]+)
        """
    ),
    re.compile(r"(?i)(\bauthorization\s*[:=]\s*(?:bearer|basic|token)?\s*)(\S+)"),
    re.compile(r"(?i)(\b(?:bearer|basic)\s+)([A-Za-z0-9._~+/=-]{8,})"),
    re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)([^@\s/]+)(?=@)"),  # scheme://user:PASS@
    re.compile(r"(?i)(/rest/\d+/)([A-Za-z0-9]{8,})(?=/)"),  # Bitrix24 webhook token
)


def redact(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with secret-looking values and every ``known`` value masked, length-capped."""
    for value in sorted((k for k in known if k and len(k) >= 4), key=len, reverse=True):
        text = text.replace(value, MASK)
    cut = len(text) > SCAN_LENGTH
    text = text[:SCAN_LENGTH]
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    if cut or len(text) > MAX_LENGTH:
        text = text[: MAX_LENGTH - 1] + "…"
    return text
