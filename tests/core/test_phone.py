"""Number normalization, extensions, matching confidence and display formats."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core import phone


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("+7 916 123-45-67", "RU", "+79161234567"),
        ("8 (916) 123-45-67", "RU", "+79161234567"),
        ("89161234567", "RU", "+79161234567"),
        ("79161234567", "RU", "+79161234567"),
        ("9161234567", "RU", "+79161234567"),
        ("0079161234567", "RU", "+79161234567"),
        ("8-10-375-29-123-45-67", "RU", "+375291234567"),
        ("8 (495) 123-45-67", "RU", "+74951234567"),
        ("tel:+74951234567", "RU", "+74951234567"),
        ("+7\u00a0916\u00a0123\u201145\u201167", "RU", "+79161234567"),
        ("0501234567", "UA", "+380501234567"),
        ("050 123 45 67", "UA", "+380501234567"),
        ("+380 (44) 333-40-00", "RU", "+380443334000"),
        ("0443334000", "UA", "+380443334000"),
        ("87012345678", "KZ", "+77012345678"),
        ("8 029 123 45 67", "BY", "+375291234567"),
        ("+375 29 123-45-67", "UA", "+375291234567"),
        ("0501234567", "RU", None),  # a Ukrainian mobile is not a valid Russian number
        ("101", "RU", None),
        ("*97", "RU", None),
        ("5550120", "RU", None),
        ("", "RU", None),
        ("anonymous", "RU", None),
        ("user@domain.ru", "RU", None),
    ],
)
def test_normalize_table(raw: str, region: str, e164: str | None) -> None:
    assert phone.normalize(raw, region) == e164


@pytest.mark.parametrize(
    ("raw", "internal"),
    [
        ("101", True),
        ("1001", True),
        ("*97", True),
        ("#21#", True),
        ("12345", True),
        ("123456", False),
        ("+101", False),
        ("89161234567", False),
        ("", False),
        (" 102 ", True),
    ],
)
def test_is_internal(raw: str, internal: bool) -> None:
    assert phone.is_internal(raw) is internal


def test_digits_tail() -> None:
    assert phone.digits_tail("+7 (916) 123-45-67") == "9161234567"
    assert phone.digits_tail("+7 (916) 123-45-67", 7) == "1234567"
    assert phone.digits_tail("101", 7) == "101"
    assert phone.digits_tail(None) == ""


@pytest.mark.parametrize(
    ("number", "candidate", "confidence"),
    [
        ("89161234567", "+7 916 123 45 67", 1.0),
        ("0501234567", "+380501234567", 0.8),  # default region RU: tail-10 only
        ("916-123-45-67", "8 916 1234567", 1.0),
        ("1234567", "+7 916 123-45-67", 0.6),
        ("+7 495 123-45-67", "+7 916 123-45-67", 0.0),  # area codes contradict
        ("8 (495) 123-45-67", "+380 44 123 45 67", 0.0),  # Moscow is not Kyiv
        ("8 (495) 123-45-67", "(044) 123-45-67", 0.0),  # not even stored without its country
        ("8 (495) 123-45-67", "+1 495 123 4567", 0.0),  # same last 10, another country
        ("8 (495) 123-45-67", "123-45-67", 0.6),  # a local number: possible, never certain
        ("+7 916 123-45-67", "+7 916 765-43-21", 0.0),
        ("101", "101", 1.0),
        ("101", "+7 916 123-45-101", 0.0),
        ("", "101", 0.0),
    ],
)
def test_match_confidence(number: str, candidate: str, confidence: float) -> None:
    assert phone.match_confidence(number, candidate, "RU") == confidence


def test_match_returns_all_hits_best_first() -> None:
    hits = phone.match(
        "89161234567",
        ["+7 495 123-45-67", "+79161234567", "+7 999 000-00-00", "916 123 45 67", "123-45-67"],
    )
    assert hits == [("+79161234567", 1.0), ("916 123 45 67", 1.0), ("123-45-67", 0.6)]


@pytest.mark.parametrize(
    ("raw", "region", "shown"),
    [
        ("+79161234567", "RU", "8 (916) 123-45-67"),
        ("+380501234567", "RU", "+380 50 123 4567"),
        ("0501234567", "UA", "050 123 4567"),
        ("+79161234567", "UA", "+7 916 123-45-67"),
        ("101", "RU", "101"),
        ("anonymous", "RU", "anonymous"),
        ("", "RU", ""),
    ],
)
def test_format_for_display(raw: str, region: str, shown: str) -> None:
    assert phone.format_for_display(raw, region) == shown


@given(st.text(max_size=40), st.sampled_from(["RU", "UA", "KZ", "BY"]))
def test_never_raises_and_output_is_e164(text: str, region: str) -> None:
    result = phone.normalize(text, region)
    assert result is None or (result.startswith("+") and result[1:].isdigit())
    phone.format_for_display(text, region)
    phone.match_confidence(text, "+79161234567", region)


@given(st.from_regex(r"\+79[0-9]{9}", fullmatch=True))
def test_russian_mobiles_round_trip_in_every_spelling(e164: str) -> None:
    assume(phonenumbers.is_valid_number(phonenumbers.parse(e164)))  # unassigned ranges exist
    national = "8" + e164[2:]
    spaced = f"+7 ({e164[2:5]}) {e164[5:8]}-{e164[8:10]}-{e164[10:]}"
    assert phone.normalize(national) == phone.normalize(spaced) == phone.normalize(e164) == e164


# ------------------------------------------------------------------ dial rules
def test_dial_rules_turn_e164_into_what_a_russian_dialplan_dials() -> None:
    from core.phone import DialRules

    rules = DialRules("RU")
    assert rules.prefixes() == ("8", "810")
    for typed in (
        "tel:+79123456789",
        "+7 912 345-67-89",
        "8 (912) 345-67-89",
        "tel:+7-912-345-67-89;ext=1",
    ):
        plan = rules.plan(typed)
        assert (plan.e164, plan.dial, plan.problem) == ("+79123456789", "89123456789", None), typed
    assert rules.plan("+380501234567").dial == "810380501234567"
    assert (
        rules.plan("+77012345678").dial == "87012345678"
    )  # Kazakhstan shares +7: national dialling
    assert (
        rules.plan("101").dial == "101" and rules.plan("*97").dial == "*97"
    )  # extensions as typed
    assert rules.plan("5550100").e164 is None and rules.plan("5550100").dial == "5550100"


def test_dial_rules_prefixes_and_plus() -> None:
    from core.phone import DialRules

    assert DialRules("RU", outbound_prefix="9").plan("+79123456789").dial == "989123456789"
    assert DialRules("RU", outbound_prefix="9").plan("101").dial == "101"  # no prefix inside
    assert DialRules("RU", international_prefix="00").plan("+380501234567").dial == "00380501234567"
    assert DialRules("UA").plan("+380501234567").dial == "0501234567"
    assert DialRules("UA").plan("+79123456789").dial == "0079123456789"
    assert DialRules("RU", keep_plus=True).plan("8 912 345 67 89").dial == "+79123456789"


def test_dial_rules_refuse_with_one_sentence() -> None:
    from core.phone import DialRules

    assert DialRules().plan("call me").problem == "“call me” is not a phone number."
    assert DialRules().plan("  ").problem == "Type a phone number or an extension first."
    assert DialRules().plan("+12").problem == "“+12” is not a valid international number."
    assert not DialRules().plan("+12").ok
