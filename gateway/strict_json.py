"""Strict JSON for everything the gateway reads from the network.

Python's :func:`json.loads` accepts what no JSON peer sends and what later
code chokes on: ``NaN``/``Infinity`` (not JSON at all), ``1e999`` (becomes
``inf``), 900 levels of nesting (a ``RecursionError`` later, in a signature
check or a log line), 5,000-digit integers, bytes that are not UTF-8. Each of
those answered 500 with a 145 KB traceback. :func:`loads` refuses them all
with :class:`JSONRejected` (a ``ValueError`` that says why, in words); the
routes turn it into their protocol's own error shape.

The depth is checked by one linear scan before parsing (brackets inside
strings do not count), so a hostile body costs one pass, never a recursion.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_BYTES = 256 * 1024  # every inbound API takes a few hundred bytes
MAX_DEPTH = 64
MAX_INT_DIGITS = 100


class JSONRejected(ValueError):
    """The body is not strict JSON within the gateway's bounds."""


def _depth_ok(text: str, limit: int) -> bool:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return False
        elif char in "]}":
            depth -= 1
    return True


def _constant(name: str) -> Any:
    raise JSONRejected(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONRejected(f"number {text[:20]} is out of range")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JSONRejected(f"integer of {len(text)} digits is out of range")
    return int(text)


def loads(body: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``body`` as strict JSON (UTF-8, finite numbers, bounded size and depth)."""
    if len(body) > max_bytes:
        raise JSONRejected(f"JSON body over {max_bytes} bytes")
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise JSONRejected("the body is not UTF-8 text") from None
    else:
        text = body
    if not _depth_ok(text, max_depth):
        raise JSONRejected(f"JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except JSONRejected:
        raise
    except (ValueError, RecursionError) as exc:
        raise JSONRejected(f"not valid JSON ({str(exc)[:80]})") from None


def loads_object(body: bytes | str) -> dict[str, Any]:
    """:func:`loads`, and the value must be a JSON object."""
    value = loads(body)
    if not isinstance(value, dict):
        raise JSONRejected("a JSON object is expected")
    return value
