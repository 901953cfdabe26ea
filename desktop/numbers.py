"""How the desktop shows and dials numbers: one home for the display format and the dial rules.

:class:`NumberRules` is built from the profile (its region and dial rules,
``core.phone.DialRules``) and handed to the widgets as plain callables:
``format`` for lists and popups, ``plan`` for the dialer (the number as
understood and the string the PBX will dial), ``dialable`` for the selection
hotkey. Qt-free on purpose: the rules are core's, this only binds them to a
profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.phone import DialPlan, DialRules, format_for_display

__all__ = ["NumberRules", "format_number", "rules_for"]


def format_number(number: str, region: str = "RU") -> str:
    """A number as the operator reads it (national format at home, international abroad)."""
    return format_for_display(number, region) or number


def rules_for(profile: Any) -> DialRules:
    """The dial rules of a ``core.settings.Profile`` (defaults for anything missing)."""
    return DialRules(
        region=str(getattr(profile, "region", "RU") or "RU"),
        national_prefix=str(getattr(profile, "dial_national_prefix", "") or ""),
        international_prefix=str(getattr(profile, "dial_international_prefix", "") or ""),
        outbound_prefix=str(getattr(profile, "dial_outbound_prefix", "") or ""),
        keep_plus=bool(getattr(profile, "dial_keep_plus", False)),
    )


@dataclass(frozen=True)
class NumberRules:
    """The profile's region and dial rules, as the callables the widgets take."""

    rules: DialRules = field(default_factory=DialRules)

    @classmethod
    def from_profile(cls, profile: Any) -> NumberRules:
        return cls(rules_for(profile)) if profile is not None else cls()

    def format(self, number: str) -> str:
        return format_number(number, self.rules.region)

    def plan(self, text: str) -> DialPlan:
        return self.rules.plan(text)

    def dialable(self, text: str) -> str | None:
        """The PBX dial string for ``text``, or None when it is not a number."""
        return self.rules.plan(text).dial
