"""Who may see and do what on a hub: the scope of one account (pure, no I/O).

An *operator* sees only calls that touch its own extension(s) and acts only as
them; a *supervisor* also sees the calls of its team's extensions and may listen
to them (ChanSpy) and search their recordings; an *admin* sees and may do all.
The hub checks every event and every command against the sender's :class:`Scope`;
the desktop never decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.calls.events import CallEvent, CallSnapshot
from core.calls.feed import LinkStatus, PresenceUpdate
from core.hub.wire import Card, HubEvent


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


_OPERATOR = ("dial", "hangup", "transfer", "pause", "dnd", "note", "own-recordings")
_SUPERVISOR = (*_OPERATOR, "team-calls", "spy", "team-recordings")
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.OPERATOR: _OPERATOR,
    Role.SUPERVISOR: _SUPERVISOR,
    Role.ADMIN: (*_SUPERVISOR, "all-calls", "act-as-anyone"),
}


def call_extensions(call: CallSnapshot) -> set[str]:
    """Every extension a call touched: rang, answered, talked, placed it, or has an outcome."""
    touched = set(call.rang) | set(call.talked) | {ext for ext, _ in call.per_extension}
    for ext in (call.answered_by, call.from_extension):
        if ext:
            touched.add(ext)
    return touched


class ScopeError(Exception):
    """A command outside the account's scope; ``str()`` is the refusal in words."""


@dataclass(frozen=True, slots=True)
class Scope:
    user: str
    role: Role
    own: frozenset[str]  # the extensions this account acts as
    visible: frozenset[str]  # own + the team's (supervisor); ignored for admin

    @property
    def sees_all(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def permissions(self) -> tuple[str, ...]:
        return ROLE_PERMISSIONS[self.role]

    def sees_extension(self, extension: str | None) -> bool:
        return self.sees_all or (extension is not None and extension in self.visible)

    def sees_call(self, call: CallSnapshot) -> bool:
        return self.sees_all or not self.visible.isdisjoint(call_extensions(call))

    def sees(self, event: HubEvent, card_call: CallSnapshot | None = None) -> bool:
        """Whether ``event`` goes to this account (a card: ``card_call`` is its call)."""
        if isinstance(event, LinkStatus):
            return True
        if isinstance(event, PresenceUpdate):
            return self.sees_extension(event.extension)
        if isinstance(event, Card):
            return card_call is not None and self.sees_call(card_call)
        if isinstance(event, CallEvent):
            if event.extension is not None:
                return self.sees_extension(event.extension)
            return self.sees_call(event.call)
        return False

    # ------------------------------------------------------------- commands
    def check_act_as(self, extension: str, what: str) -> None:
        """Refuse acting as ``extension`` unless it is the account's own (admin: any)."""
        if self.sees_all or extension in self.own:
            return
        mine = ", ".join(sorted(self.own)) or "none"
        raise ScopeError(
            f"{self.user} may {what} only as its own extension ({mine}), not as {extension}"
        )

    def check_call(
        self, extension: str, call: CallSnapshot | None, call_id: str, what: str
    ) -> None:
        """Refuse touching a call that is not ``extension``'s (or unknown)."""
        if call is None:
            raise ScopeError(f"There is no call {call_id} to {what}")
        if self.sees_all:
            return
        if extension not in call_extensions(call):
            raise ScopeError(
                f"{self.user} may {what} only its own calls; call {call_id} is not on {extension}"
            )

    def check_spy(self, target: str) -> None:
        if self.role is Role.OPERATOR:
            raise ScopeError(f"{self.user} is an operator: only supervisors may listen to calls")
        if self.sees_all:
            return
        if target in self.own:
            raise ScopeError("You cannot listen to your own calls")
        if target not in self.visible:
            raise ScopeError(
                f"{self.user} may listen only to its team's extensions, not to {target}"
            )

    def check_recordings(self, extension: str | None) -> None:
        """Refuse searching recordings of an extension outside the scope (None: the whole scope)."""
        if extension is None or self.sees_extension(extension):
            return
        raise ScopeError(
            f"{self.user} may search only its own or its team's recordings, not {extension}'s"
        )
