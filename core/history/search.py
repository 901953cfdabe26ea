"""Search keys for the call log: pure functions, no I/O.

Numbers are matched by their *tail*: the stored key is the number's digits
reversed, so "ends with 4567" becomes "starts with 7654", which an ordinary
B-tree index answers with a range scan (``key >= '7654' AND key < '7654:'``;
``:`` is the character after ``9``). A query longer than ``TAIL_DIGITS`` is cut
to its last ``TAIL_DIGITS`` digits, so ``8 916 123-45-67``, ``+7 916 1234567``
and ``79161234567`` all find each other whatever shape the PBX gave the number
(at worst a few numbers sharing the last ten digits also match).

Names and notes go to an FTS5 index as folded text (case-folded, ``ё`` -> ``е``,
which SQLite's ``unicode61`` tokenizer does not fold); every query word is
matched as a quoted prefix, so user input never reaches FTS5 syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAIL_DIGITS = 10
_PHONE_LIKE = re.compile(r"[\d\s()+\-./]+")
_WORD = re.compile(r"\w+")
_NON_DIGIT = re.compile(r"\D+")


def digits(text: str | None) -> str:
    """Only the digits of ``text`` (``'+7 (916) 123-45-67'`` -> ``'79161234567'``)."""
    return _NON_DIGIT.sub("", text or "")


def fold(text: str | None) -> str:
    """Text as it is indexed and queried: case-folded, ``ё`` read as ``е``."""
    return (text or "").casefold().replace("ё", "е")


def number_key(number: str | None, e164: str | None = None) -> str | None:
    """The stored key of a number: its digits reversed (E.164 preferred), or None without digits."""
    found = digits(e164) or digits(number)
    return found[::-1] or None


def number_range(query_digits: str) -> tuple[str, str]:
    """The ``[low, high)`` key range of numbers ending with ``query_digits``."""
    prefix = query_digits[-TAIL_DIGITS:][::-1]
    return prefix, prefix + ":"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search box: a number tail to match and/or name words (prefixes)."""

    number: str = ""
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.number and not self.words


def parse_query(text: str | None) -> Query:
    """Split free text into a number (phone-shaped input or digit words) and name words."""
    if not text or not text.strip():
        return Query()
    if _PHONE_LIKE.fullmatch(text.strip()):
        return Query(number=digits(text))
    words = _WORD.findall(fold(text))
    numeric = "".join(w for w in words if w.isdigit())
    return Query(number=numeric, words=tuple(w for w in words if not w.isdigit()))


def fts_match(words: tuple[str, ...]) -> str:
    """An FTS5 MATCH expression: every word as a quoted prefix, all required."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)
