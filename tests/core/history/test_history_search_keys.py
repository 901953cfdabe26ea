"""Search keys: number tails, folding, query parsing, FTS quoting (pure functions)."""

from __future__ import annotations

from core.history.search import (
    Query,
    fold,
    fts_match,
    number_key,
    number_range,
    parse_query,
)


def test_number_key_reverses_digits_and_prefers_e164() -> None:
    assert number_key("8 (916) 123-45-67") == "76543216198"
    assert number_key("8 (916) 123-45-67", "+79161234567") == "76543216197"
    assert number_key("anonymous") is None and number_key(None) is None


def test_range_matches_by_tail_of_at_most_ten_digits() -> None:
    low, high = number_range("4567")
    assert (low, high) == ("7654", "7654:")
    stored = number_key("+79161234567")
    assert stored is not None and low <= stored < high
    low, high = number_range("0079161234567")  # longer than 10: the tail decides
    assert low <= stored < high
    assert not (number_range("4568")[0] <= stored < number_range("4568")[1])


def test_parse_query() -> None:
    assert parse_query("+7 (916) 123-45-67") == Query(number="79161234567")
    assert parse_query("  ") == Query() and parse_query(None).empty
    assert parse_query("Пётр ИВАНОВ") == Query(words=("петр", "иванов"))
    assert parse_query("Иванов 4567") == Query(number="4567", words=("иванов",))


def test_fold_and_fts_quoting() -> None:
    assert fold("ЁЛКА Straße") == "елка strasse"
    assert fts_match(('a"b', "c")) == '"a""b"* "c"*'
