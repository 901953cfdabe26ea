"""Ringside's settings, declared once: name, type, default, description and check per field.

A field's type annotation is its type check (``Literal[...]`` lists the allowed
choices); ``setting(default, description, check)`` adds the default, the text
the settings window shows and an extra check. ``describe(Profile)`` lists them
for a settings form. Every object validates itself on construction and raises
``SettingsError`` naming the field (``profiles[0].ami_port: ...``).

Secrets are never settings: the AMI secret and CRM credentials live in the
keyring (``core.settings.secrets``). ``check_no_secrets`` refuses any key named
like a secret (password, token, api_key...) that holds a value, anywhere in the
data, including the free-form ``crm_config`` and unknown keys.

Unknown keys (from a newer Ringside, or hand-written) are kept in ``extras``
and written back unchanged, so a downgrade does not lose them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, get_args, get_origin, get_type_hints

_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


Check = Callable[[Any], str | None]  # returns a problem ("must be ...") or None

SECRET_NAME = re.compile(
    r"(?i)(secret|passw(?:or)?d|passphrase|token|api[_-]?key|apikey|private[_-]?key|credential)"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SettingsError(ValueError):
    """A setting is invalid. ``field`` is its dotted path, ``problem`` what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem

    def within(self, prefix: str) -> SettingsError:
        return SettingsError(f"{prefix}.{self.field}" if self.field else prefix, self.problem)


def setting(default: Any, description: str, check: Check | None = None) -> Any:
    """Declare a settings field (mutable defaults are copied per instance)."""
    metadata = {"description": description, "check": check}
    if isinstance(default, dict):
        return field(
            default_factory=lambda: MappingProxyType(dict(default)), metadata=metadata, hash=False
        )
    return field(default=default, metadata=metadata)


def _pattern(regex: str, what: str, *, empty_ok: bool = True) -> Check:
    compiled = re.compile(regex)

    def check(value: str) -> str | None:
        if value == "" and empty_ok:
            return None
        return None if compiled.fullmatch(value) else f"must be {what} (got {value[:60]!r})"

    return check


def _between(low: int, high: int) -> Check:
    def check(value: int) -> str | None:
        return None if low <= value <= high else f"must be between {low} and {high} (got {value})"

    return check


def _json_mapping(value: Mapping[str, Any]) -> str | None:
    def walk(node: Any, where: str) -> str | None:
        if isinstance(node, Mapping):
            for key, child in node.items():
                if not isinstance(key, str):
                    return f"{where}keys must be text"
                if (problem := walk(child, f"{where}{key}.")) is not None:
                    return problem
        elif isinstance(node, list | tuple):
            for child in node:
                if (problem := walk(child, where)) is not None:
                    return problem
        elif not isinstance(node, str | int | float | bool | type(None)):
            return f"{where.rstrip('.') or 'value'} must be JSON data (got {type(node).__name__})"
        return None

    return walk(value, "")


def _holds_value(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str | bytes | Mapping | list | tuple):
        return len(value) > 0
    return True


def find_secrets(data: Any, path: str = "") -> Iterator[str]:
    """Dotted paths of keys named like a secret that hold a value (``''``/None/bool are fine)."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if SECRET_NAME.search(str(key)) and _holds_value(value):
                yield where
            else:
                yield from find_secrets(value, where)
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from find_secrets(value, f"{path}[{index}]")


def check_no_secrets(data: Any) -> None:
    """Raise ``SettingsError`` for the first secret-looking value (its value is never shown)."""
    for where in find_secrets(data):
        raise SettingsError(
            where,
            "looks like a secret; secrets are kept in the system keyring, never in the settings "
            "file: remove it there and enter it in Settings",
        )


def _check_type(value: Any, hint: Any) -> str | None:
    origin = get_origin(hint)
    if origin is Literal:
        choices = get_args(hint)
        return (
            None
            if value in choices
            else f"must be one of {', '.join(map(repr, choices))} (got {value!r})"
        )
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is str:
        if isinstance(value, str) and _CONTROL.search(value):
            return "must not contain control characters (line breaks, tabs...)"
        ok = isinstance(value, str)
    elif origin is not None and issubclass(origin, Mapping):
        ok = isinstance(value, Mapping)
    elif isinstance(hint, type):
        ok = isinstance(value, hint)
    else:  # pragma: no cover - a declaration this module does not know how to check
        raise TypeError(f"unsupported settings type {hint!r}")
    name = getattr(hint, "__name__", str(hint))
    return (
        None if ok else f"must be of type {name} (got {type(value).__name__} {str(value)[:60]!r})"
    )


class _Validated:
    """Base of settings dataclasses: type + check validation of every field on construction."""

    def __post_init__(self) -> None:
        hints = _hints(type(self))
        for spec in dataclasses.fields(self):  # type: ignore[arg-type]
            if spec.name == "extras":
                continue
            value = getattr(self, spec.name)
            if isinstance(value, Mapping) and not isinstance(value, MappingProxyType):
                value = MappingProxyType(dict(value))
                object.__setattr__(self, spec.name, value)
            problem = _check_type(value, hints[spec.name])
            check = spec.metadata.get("check")
            if problem is None and check is not None:
                problem = check(value)
            if problem is not None:
                raise SettingsError(spec.name, problem)
        object.__setattr__(self, "extras", MappingProxyType(dict(self.extras)))  # type: ignore[attr-defined]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: the fields (nested settings as dicts) then the preserved extras."""
        out: dict[str, Any] = {}
        for spec in dataclasses.fields(self):  # type: ignore[arg-type]
            if spec.name == "extras":
                continue
            value = getattr(self, spec.name)
            if isinstance(value, _Validated):
                value = value.to_dict()
            elif isinstance(value, Mapping):
                value = _plain(value)
            out[spec.name] = value
        extras: Mapping[str, Any] = self.extras  # type: ignore[attr-defined]
        out.update({k: _plain(v) for k, v in extras.items() if k not in out})
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


PopupPosition = Literal["bottom-right", "bottom-left", "top-right", "top-left"]


@dataclass(frozen=True)
class PopupSettings(_Validated):
    """How the incoming-call popup behaves."""

    show_for_internal: bool = setting(False, "Also show the popup for calls from other extensions")
    auto_close_seconds: int = setting(60, "Close the after-call popup this many seconds after the call ends (0: keep it)",
                                      _between(0, 3600))  # fmt: skip
    position: PopupPosition = setting("bottom-right", "Screen corner where popups appear")  # noqa: RUF009
    extras: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)


def _popup_check(value: Any) -> str | None:
    return None if isinstance(value, PopupSettings) else "must be popup settings"


@dataclass(frozen=True)
class Profile(_Validated):
    """One PBX connection and the operator's place on it. Its secrets are in the keyring."""

    name: str = setting(
        "default",
        "Profile name",
        _pattern(r"[^:/\\]{1,64}", "1-64 characters without : / \\", empty_ok=False),
    )
    ami_host: str = setting(
        "",
        "AMI host name or IP address (empty: not configured)",
        _pattern(r"[A-Za-z0-9._:\[\]-]{1,253}", "a host name or IP address"),
    )
    ami_port: int = setting(5038, "AMI TCP port", _between(1, 65535))
    ami_tls: bool = setting(False, "Connect to AMI over TLS")
    ami_user: str = setting(
        "",
        "AMI user name (a [section] of manager.conf, not a web login)",
        _pattern(r"[A-Za-z0-9._@-]{1,80}", "an AMI user name (letters, digits, . _ @ -)"),
    )
    extension: str = setting(
        "",
        "The operator's extension, e.g. 101",
        _pattern(r"[A-Za-z0-9*#+_-]{1,40}", "an extension like 101"),
    )
    endpoint: str = setting(
        "",
        "The operator's device, e.g. PJSIP/101 (empty: PJSIP/<extension>)",
        _pattern(r"[A-Za-z][A-Za-z0-9]*/[^\s]{1,80}", "a device like PJSIP/101"),
    )
    originate_context: str = setting(
        "from-internal",
        "Dialplan context click-to-call dials from",
        _pattern(r"[A-Za-z0-9_.+-]{1,80}", "a dialplan context name", empty_ok=False),
    )
    caller_id_prefix: str = setting(
        "CRM",
        "Caller-ID name prefix shown on the operator's phone for click-to-call",
        _pattern(r".{1,20}", "at most 20 characters"),
    )
    region: str = setting(
        "RU",
        "Default country for phone numbers (ISO code, e.g. RU, UA, KZ, BY)",
        _pattern(r"[A-Z]{2}", "a two-letter country code like RU", empty_ok=False),
    )
    crm: str = setting(
        "addressbook",
        "CRM adapter name",
        _pattern(r"[a-z0-9_-]{1,40}", "an adapter name like addressbook", empty_ok=False),
    )
    crm_config: Mapping[str, Any] = setting(
        {}, "CRM adapter options (URLs, field mapping; no secrets)", _json_mapping
    )
    popup: PopupSettings = setting(PopupSettings(), "Incoming-call popup", _popup_check)  # noqa: RUF009
    dnd_mode: Literal["astdb", "devstate"] = setting(
        "astdb", "How do-not-disturb is set: FreePBX DND/<ext> AstDB key or a custom device state"
    )
    language: Literal["auto", "ru", "en", "uk"] = setting(
        "auto", "Interface language (auto: from the system)"
    )
    autostart: bool = setting(False, "Start Ringside when the user logs in")
    is_supervisor: bool = setting(
        False, "Admin setting (settings.json only): this operator may use the supervisor tools"
    )
    recordings_url: str = setting(
        "", "Recordings gateway base URL, e.g. https://pbx.example:8443 (empty: local history only)",
        _pattern(r"https?://[^\s]{1,300}", "an http:// or https:// URL"),
    )  # fmt: skip
    queue_interface: str = setting(
        "", "Queue member to pause, e.g. Local/101@from-queue/n on FreePBX (empty: the endpoint)",
        _pattern(r"[A-Za-z][A-Za-z0-9]*/[^\s]{1,120}", "a queue member like Local/101@from-queue/n"),
    )  # fmt: skip
    queues: str = setting(
        "", "Queues the pause applies to, comma-separated (empty: all)",
        _pattern(r"[A-Za-z0-9_.@-]+( *, *[A-Za-z0-9_.@-]+)*", "queue names separated by commas"),
    )  # fmt: skip
    mode: Literal["direct", "hub"] = setting(
        "direct", "direct: this PC logs in to AMI itself; hub: it connects to a Ringside server"
    )
    hub_url: str = setting(
        "", "Ringside server (hub) URL, e.g. https://ringside.example:8443 (hub mode)",
        _pattern(r"https?://[^\s]{1,300}", "an http:// or https:// URL"),
    )  # fmt: skip
    hub_user: str = setting(
        "", "User name on the Ringside server (hub mode; its token is in the keyring)",
        _pattern(r"[^\s:]{1,80}", "a user name without spaces or colons"),
    )  # fmt: skip
    hub_role: Literal["operator", "supervisor"] = setting(
        "operator", "Role the Ringside server gave this user (set by the hub, not by hand)"
    )
    supervisor_rights: bool = setting(
        False, "The doctor last confirmed this AMI user may originate and list channels"
    )
    dial_national_prefix: str = setting(
        "", "Prefix for national numbers (empty: the region's own, 8 in RU, 0 in UA)",
        _pattern(r"[0-9]{1,6}", "digits"),
    )  # fmt: skip
    dial_international_prefix: str = setting(
        "", "Prefix for international numbers (empty: the region's own, 810 in RU, 00 in UA)",
        _pattern(r"[0-9]{1,6}", "digits"),
    )  # fmt: skip
    dial_outbound_prefix: str = setting(
        "", "Prefix the PBX needs to reach an outside line, e.g. 9 (empty: none)",
        _pattern(r"[0-9*#]{1,6}", "digits, * or #"),
    )  # fmt: skip
    dial_keep_plus: bool = setting(
        False, "Send numbers to the PBX as +E.164 (the PBX converts them)"
    )
    dial_hotkey: str = setting("Ctrl+Alt+D", "Global hotkey that dials the selected number (empty: off)",
                               _pattern(r"[A-Za-z0-9+]{1,40}", "a key combination like Ctrl+Alt+D"))  # fmt: skip
    extras: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def configured(self) -> bool:
        """True once a PBX (direct) or a Ringside server (hub) is set; else the first-run window."""
        if self.mode == "hub":
            return bool(self.hub_url and self.hub_user)
        return bool(self.ami_host and self.ami_user and self.extension)

    @property
    def supervisor_tools(self) -> bool:
        """Hub mode: the server's role decides; direct: the admin's mark and the AMI rights."""
        if self.mode == "hub":
            return self.hub_role == "supervisor"
        return self.is_supervisor and self.supervisor_rights

    @property
    def device(self) -> str:
        """The endpoint to ring for click-to-call (``endpoint`` or ``PJSIP/<extension>``)."""
        return self.endpoint or (f"PJSIP/{self.extension}" if self.extension else "")


@dataclass(frozen=True)
class SettingDescription:
    name: str
    type: Any
    default: Any
    description: str


def describe(cls: type[Any]) -> list[SettingDescription]:
    """The declared settings of ``cls`` (for a settings form), in declaration order."""
    hints = get_type_hints(cls)
    out = []
    for spec in dataclasses.fields(cls):
        if spec.name == "extras":
            continue
        factory = spec.default_factory
        default = spec.default if spec.default is not dataclasses.MISSING else None
        if default is None and callable(factory):
            default = factory()
        out.append(
            SettingDescription(spec.name, hints[spec.name], default, spec.metadata["description"])
        )
    return out


@dataclass(frozen=True)
class AppSettings:
    """All profiles and which one is active. Profile names are unique."""

    profiles: tuple[Profile, ...] = (Profile(),)
    active_profile: str = "default"
    extras: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "profiles", tuple(self.profiles))
        object.__setattr__(self, "extras", MappingProxyType(dict(self.extras)))
        if not self.profiles:
            raise SettingsError("profiles", "at least one profile is needed")
        seen: set[str] = set()
        for index, profile in enumerate(self.profiles):
            if not isinstance(profile, Profile):
                raise SettingsError(f"profiles[{index}]", "must be a profile")
            if profile.name in seen:
                raise SettingsError(
                    f"profiles[{index}].name", f"duplicate profile name {profile.name!r}"
                )
            seen.add(profile.name)
        if self.active_profile not in seen:
            raise SettingsError("active_profile", f"no profile named {self.active_profile!r}")

    @property
    def active(self) -> Profile:
        return next(p for p in self.profiles if p.name == self.active_profile)

    def profile(self, name: str) -> Profile | None:
        return next((p for p in self.profiles if p.name == name), None)

    def with_profile(self, profile: Profile, *, activate: bool = False) -> AppSettings:
        """A copy where ``profile`` replaces the one of the same name (or is added)."""
        names = [p.name for p in self.profiles]
        if profile.name in names:
            profiles = tuple(profile if p.name == profile.name else p for p in self.profiles)
        else:
            profiles = (*self.profiles, profile)
        active = profile.name if activate else self.active_profile
        return dataclasses.replace(self, profiles=profiles, active_profile=active)

    def without_profile(self, name: str) -> AppSettings:
        """A copy without profile ``name`` (the first remaining one becomes active if needed)."""
        profiles = tuple(p for p in self.profiles if p.name != name)
        if not profiles:
            raise SettingsError("profiles", "the last profile cannot be removed")
        active = self.active_profile if self.active_profile != name else profiles[0].name
        return dataclasses.replace(self, profiles=profiles, active_profile=active)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "active_profile": self.active_profile,
            "profiles": [p.to_dict() for p in self.profiles],
        }
        out.update({k: _plain(v) for k, v in self.extras.items() if k not in out})
        return out
