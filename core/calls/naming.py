"""Channel-name and header-value helpers for call correlation (pure string functions).

Asterisk names channels ``<tech>/<endpoint>-<sequence>`` (``PJSIP/101-00000001``)
and Local channels ``Local/<exten>@<context>-<sequence>;1|;2``. An operator's
phone is an endpoint whose name is a short all-digit extension; anything else
(``PJSIP/trunk-...``) is the outside world.
"""

from __future__ import annotations

from core.phone import looks_like_extension, looks_like_external_number

_ENDPOINT_TECHS = frozenset({"PJSIP", "SIP", "IAX2", "IAX"})
_UNKNOWN = frozenset({"", "<unknown>", "<Unknown>", "unknown"})


def default_extension_of(channel: str) -> str | None:
    """``PJSIP/101-00000001`` / ``SIP/101-...`` / ``IAX2/101-...`` / ``PJSIP/101`` -> ``'101'``.

    Trunks (``PJSIP/trunk-...``), Local channels and anything that is not a short
    all-digit endpoint name map to None (= external or not a phone).
    """
    tech, sep, rest = channel.partition("/")
    if not sep or tech not in _ENDPOINT_TECHS:
        return None
    endpoint = rest.rpartition("-")[0] if "-" in rest else rest
    return endpoint if looks_like_extension(endpoint) else None


def local_partner(channel: str) -> str | None:
    """The other half of a Local channel pair (``...;1`` <-> ``...;2``), or None."""
    if not channel.startswith("Local/") or len(channel) < 3 or channel[-2] != ";":
        return None
    half = channel[-1]
    if half == "1":
        return channel[:-1] + "2"
    if half == "2":
        return channel[:-1] + "1"
    return None


def clean(value: str | None) -> str | None:
    """Header value, or None when Asterisk says it is unknown/empty."""
    if value is None or value in _UNKNOWN:
        return None
    return value


def file_name(path: str | None) -> str | None:
    """``/var/spool/asterisk/monitor/1.4.wav`` -> ``1.4.wav`` (None for empty)."""
    value = clean(path)
    if value is None:
        return None
    return value.rsplit("/", 1)[-1] or None


__all__ = [
    "clean",
    "default_extension_of",
    "file_name",
    "local_partner",
    "looks_like_extension",  # number rules live in core.phone
    "looks_like_external_number",
]
