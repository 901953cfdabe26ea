"""Phone number normalization and matching, built on ``phonenumbers``.

- :func:`normalize` turns whatever the PBX or a CRM stores (``8 (495) 123-45-67``,
  ``+7 916...``, ``0079...``, ``0501234567``) into E.164 under a default region
  (RU, UA, KZ, BY, ...), or ``None`` when the text is not a valid number there.
- Short internal extensions (``101``, ``*97``) are never normalized.
- :func:`clean_dial_number` is what may be dialled (click-to-call, transfers, links);
  :func:`extension_problem` / :func:`dial_problem` say why an extension or number
  must not reach an Originate (no channel or header injection).
- :func:`looks_like_extension` / :func:`looks_like_external_number` are the shapes
  call correlation uses; :func:`wire_e164` is the form a number takes on the wire.
- :func:`match` compares a number with candidates from a CRM and gives each a
  confidence: 1.0 same E.164 (or the same extension), 0.8 same last 10 digits,
  0.6 same last 7 digits. CRMs store numbers in every shape, so the tail
  fallback matters; several matches are all returned, best first. A tail match
  is no match when the rest contradicts it: two complete numbers that differ
  (another country or area code), or two numbers of 10+ digits whose last 10
  differ (``8 (495) 123-45-67`` is not Kyiv's ``+380 44 123 45 67``). A
  confidence below 1.0 is a *possible* match: the popup asks the operator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

__all__ = [
    "CONFIDENCE_EXACT",
    "CONFIDENCE_TAIL7",
    "CONFIDENCE_TAIL10",
    "MAX_INTERNAL_LEN",
    "SUPPORTED_REGIONS",
    "DialPlan",
    "DialRules",
    "clean_dial_number",
    "dial_problem",
    "digits",
    "digits_tail",
    "extension_problem",
    "format_for_display",
    "is_extension",
    "is_internal",
    "looks_like_extension",
    "looks_like_external_number",
    "match",
    "match_confidence",
    "normalize",
    "wire_e164",
]

SUPPORTED_REGIONS = ("RU", "UA", "KZ", "BY", "UZ", "KG", "AM", "AZ", "GE", "MD", "EE", "LV", "LT")
MAX_INTERNAL_LEN = 5
CONFIDENCE_EXACT = 1.0
CONFIDENCE_TAIL10 = 0.8
CONFIDENCE_TAIL7 = 0.6

_SEPARATORS = re.compile(r"[\s\-().\u00a0\u2010-\u2015/]")
_INTERNAL = re.compile(rf"^[*#]?\d{{1,{MAX_INTERNAL_LEN}}}#?$")
# Regions whose old trunk-international prefix is "8 10" (dialled from landlines).
_PREFIX_810 = frozenset({"RU", "KZ", "BY"})


def digits(number: str | None) -> str:
    """Only the ASCII digits of ``number`` (``""`` for ``None``)."""
    return "".join(ch for ch in (number or "") if "0" <= ch <= "9")


def digits_tail(number: str | None, count: int = 10) -> str:
    """The last ``count`` digits (fewer if the number is shorter)."""
    return digits(number)[-count:] if count > 0 else ""


def _clean(number: str) -> str:
    text = _SEPARATORS.sub("", number.strip())
    if text.lower().startswith(("tel:", "sip:")):
        text = text[4:].split("@", 1)[0]
    return text


def is_internal(number: str | None) -> bool:
    """A short internal extension or feature code (``101``, ``*97``): never normalized."""
    if not number:
        return False
    return bool(_INTERNAL.match(_clean(number)))


def _international(text: str, region: str) -> str:
    """Rewrite ``00``/``810`` international prefixes to ``+``."""
    if text.startswith("+"):
        return "+" + digits(text)
    only = digits(text)
    if only.startswith("00") and len(only) > 8:
        return "+" + only[2:]
    if region in _PREFIX_810 and only.startswith("810") and len(only) > 11:
        return "+" + only[3:]
    return only


def normalize(number: str | None, region: str = "RU") -> str | None:
    """E.164 (``+79161234567``) or ``None`` (empty, internal, not a valid number)."""
    if not number or is_internal(number):
        return None
    text = _international(_clean(number), region.upper())
    if len(digits(text)) < 6:
        return None
    try:
        parsed = phonenumbers.parse(text, region.upper())
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


def match_confidence(number: str | None, candidate: str | None, region: str = "RU") -> float:
    """How sure we are that ``candidate`` (as a CRM stores it) is ``number``: 0.0 to 1.0."""
    if not number or not candidate:
        return 0.0
    if is_internal(number) or is_internal(candidate):
        same = is_internal(number) and digits(number) == digits(candidate) != ""
        return CONFIDENCE_EXACT if same else 0.0
    a, b = normalize(number, region), normalize(candidate, region)
    if a is not None and a == b:
        return CONFIDENCE_EXACT
    if a is not None and b is not None:
        return 0.0  # two complete numbers that differ: the country or area code contradicts
    ca, cb = _country_code(number, a, region), _country_code(candidate, b, region)
    if ca is not None and cb is not None and ca != cb:
        return 0.0  # an explicit country code that is not the other number's
    da, db = digits(number), digits(candidate)
    if len(da) >= 10 and len(db) >= 10:
        # both carry an area code: a tail match is only a match when it agrees
        return CONFIDENCE_TAIL10 if da[-10:] == db[-10:] else 0.0
    if len(da) >= 7 and len(db) >= 7 and da[-7:] == db[-7:]:
        return CONFIDENCE_TAIL7
    return 0.0


def _country_code(text: str, e164: str | None, region: str) -> int | None:
    """The country code ``text`` states (its E.164, or a ``+``/``00`` prefix), else None."""
    international = e164 or _international(_clean(text), region.upper())
    if not international.startswith("+"):
        return None
    try:
        return phonenumbers.parse(international, None).country_code
    except NumberParseException:
        return None


def match(
    number: str | None, candidates: Iterable[str], region: str = "RU"
) -> list[tuple[str, float]]:
    """Every candidate that matches ``number`` with its confidence, best first (stable)."""
    scored = [(c, match_confidence(number, c, region)) for c in candidates]
    hits = [(c, score) for c, score in scored if score > 0.0]
    hits.sort(key=lambda item: -item[1])
    return hits


def format_for_display(number: str | None, region: str = "RU") -> str:
    """How the popup shows a number: national format for the operator's own region
    (``8 (916) 123-45-67``), international otherwise (``+380 50 123 4567``);
    extensions and unparseable text are shown as given."""
    if not number:
        return ""
    if is_internal(number):
        return _clean(number)
    e164 = normalize(number, region)
    if e164 is None:
        return number.strip()
    parsed = phonenumbers.parse(e164)
    if phonenumbers.region_code_for_number(parsed) == region.upper():
        return phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)


# ------------------------------------------------------------------ dialling
_DIAL_JUNK = re.compile(r"[\s\-().\u00a0/]")
_DIALABLE = re.compile(r"\+?[0-9*#]{2,32}")
# An extension is pasted into a channel (``PJSIP/##``): no ``/``, ``@``, ``&``, ``:``,
# ``,``, quotes or spaces, or ``101/sip:x@evil`` would dial any SIP URI.
_EXTENSION = re.compile(r"[A-Za-z0-9_*#+][A-Za-z0-9_.*#+-]{0,39}")


def clean_dial_number(number: str) -> str | None:
    """The string to dial for a typed, pasted or linked number; None when it is not one.

    ``tel:``/``callto:``/``sip:`` schemes, spaces, dashes, dots, slashes and brackets
    go; a leading ``+`` stays (the PBX's outbound routes decide how to dial it);
    2-32 digits, ``*`` or ``#``; letters or anything else make it invalid. This is
    also what keeps a number from injecting AMI headers into an Originate.
    """
    text = number.strip()
    for scheme in ("tel:", "callto:", "sip:"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :].lstrip("/")
            text = text.split("@", 1)[0].split(";", 1)[0]
    text = _DIAL_JUNK.sub("", text)
    return text if _DIALABLE.fullmatch(text) else None


def extension_problem(extension: str) -> str | None:
    """Why ``extension`` must not be pasted into a channel name (None when it is fine)."""
    if not _EXTENSION.fullmatch(extension):
        return "an extension is 1-40 letters, digits or _.*#+- (no '/', '@', spaces)"
    return None


def dial_problem(extension: str, number: str) -> str | None:
    """Why ``extension``/``number`` must not reach an Originate (None when both are fine)."""
    problem = extension_problem(extension)
    if problem is not None:
        return problem
    if clean_dial_number(number) is None:
        return "number must be 2-32 digits, '*' or '#', optionally after '+'"
    return None


def looks_like_extension(value: str | None) -> bool:
    """True for a short all-digit number (2..6 digits), the shape of an operator extension."""
    return value is not None and 2 <= len(value) <= 6 and value.isdigit()


def is_extension(value: str | None) -> bool:
    """A PBX extension (a short all-digit number); the same rule as :func:`looks_like_extension`."""
    return looks_like_extension(value)


def looks_like_external_number(value: str | None) -> bool:
    """True for a dialled number that leaves the PBX: 7+ digits, optionally with a leading +."""
    if value is None:
        return False
    only = value[1:] if value.startswith("+") else value
    return len(only) >= 7 and only.isdigit()


def wire_e164(number: str | None, region: str = "RU") -> str:
    """Best wire form of ``number``: E.164 if it parses, else the number as given ('' for None)."""
    if not number:
        return ""
    return normalize(number, region) or number


# ------------------------------------------------------------------ dial rules
# How a number the operator typed (or a ``tel:`` link) becomes the string the
# PBX dials. A real dialplan rarely takes ``+79123456789``: Russian outbound
# routes want ``89123456789`` (national prefix 8), ``810...`` for abroad, and
# often an outbound prefix such as ``9``. The rules are per profile.


def _metadata_prefixes(region: str) -> tuple[str, str]:
    """(national prefix, international prefix) of ``region`` from the phonenumbers metadata."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region.upper())
    if meta is None:
        return "", "00"
    national = meta.national_prefix or ""
    preferred = (meta.preferred_international_prefix or "").replace("~", "")
    international = preferred if preferred.isdigit() else (meta.international_prefix or "00")
    return national, international if international.isdigit() else "00"


@dataclass(frozen=True, slots=True)
class DialPlan:
    """What the dialer shows: the number as understood (E.164) and what the PBX will get."""

    typed: str
    e164: str | None  # None for extensions, feature codes and local numbers
    dial: str | None  # None when ``problem`` says why nothing can be dialled
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.dial is not None


@dataclass(frozen=True, slots=True)
class DialRules:
    """E.164 -> the PBX's dial string: national prefix, international prefix, outbound prefix.

    Empty ``national_prefix`` / ``international_prefix`` mean "the region's own"
    (RU: 8 and 810, UA: 0 and 00). ``keep_plus`` sends ``+E.164`` unchanged for
    PBXs whose routes take it. Extensions and feature codes are dialled as typed.
    """

    region: str = "RU"
    national_prefix: str = ""
    international_prefix: str = ""
    outbound_prefix: str = ""
    keep_plus: bool = False

    def prefixes(self) -> tuple[str, str]:
        national, international = _metadata_prefixes(self.region)
        return self.national_prefix or national, self.international_prefix or international

    def plan(self, text: str) -> DialPlan:
        """How ``text`` (typed, pasted or a ``tel:``/``callto:``/``sip:`` link) gets dialled."""
        if not text.strip():
            return DialPlan(text, None, None, "Type a phone number or an extension first.")
        cleaned = clean_dial_number(text)  # the one rule for what may reach an Originate
        if cleaned is None:
            return DialPlan(text, None, None, f"“{text.strip()}” is not a phone number.")
        if is_internal(cleaned):
            return DialPlan(text, None, cleaned)
        e164 = normalize(cleaned, self.region)
        if e164 is not None:
            return DialPlan(text, e164, self.dial_string(e164))
        if cleaned.startswith("+"):
            return DialPlan(
                text, None, None, f"“{text.strip()}” is not a valid international number."
            )
        # a short city number or a route of the PBX's own: dialled as given, after the prefix
        return DialPlan(text, None, self.outbound_prefix + cleaned)

    def dial_string(self, e164: str) -> str:
        """The PBX's dial string for a valid ``+E.164`` number."""
        if self.keep_plus:
            return self.outbound_prefix + e164
        parsed = phonenumbers.parse(e164)
        national, international = self.prefixes()
        if phonenumbers.region_code_for_number(parsed) == self.region.upper() or (
            parsed.country_code == phonenumbers.country_code_for_region(self.region.upper())
        ):
            return (
                self.outbound_prefix + national + phonenumbers.national_significant_number(parsed)
            )
        return self.outbound_prefix + international + digits(e164)
