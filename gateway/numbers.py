"""Phone numbers on the wire: E.164 when the number parses, the number as given otherwise."""

from __future__ import annotations

from core.phone import normalize


def e164(number: str | None, region: str = "RU") -> str:
    """Best wire form of ``number``: E.164 if it parses, else the number as given ('' for None)."""
    if not number:
        return ""
    return normalize(number, region) or number


def is_extension(number: str | None) -> bool:
    """Short all-digit numbers are PBX extensions (PINs)."""
    return number is not None and number.isdigit() and len(number) <= 6
