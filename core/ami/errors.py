"""Typed AMI errors that say, in words, what went wrong and what to do.

Every error a front-end may show derives from :class:`AMIError`. Messages are
written for the operator or the PBX admin; none of them ever contains the AMI
secret.
"""

from __future__ import annotations

# manager.conf write class(es) each action needs (any one of them suffices),
# as registered by Asterisk 22's manager.c / app_queue.c.
ACTION_CLASSES: dict[str, tuple[str, ...]] = {
    "originate": ("originate",),
    "queuepause": ("agent",),
    "queueadd": ("agent",),
    "queueremove": ("agent",),
    "queuepenalty": ("agent",),
    "hangup": ("system", "call"),
    "redirect": ("call",),
    "blindtransfer": ("call",),
    "atxfer": ("call",),
    "setvar": ("call",),
    "getvar": ("call", "reporting"),
    "status": ("system", "call", "reporting"),
    "coreshowchannels": ("system", "reporting"),
    "coresettings": ("system", "reporting"),
    "corestatus": ("system", "reporting"),
    "command": ("command",),
    "filter": ("system",),
    "dbput": ("system",),
    "dbdel": ("system",),
    "dbget": ("system", "reporting"),
    "extensionstate": ("call", "reporting"),
    "userevent": ("user",),
}
"""Actions not listed (Ping, Events, Logoff, QueueStatus, QueueSummary...) need no class."""


def required_classes(action: str) -> tuple[str, ...]:
    """The manager.conf ``write=`` classes that allow ``action`` (empty: none needed)."""
    return ACTION_CLASSES.get(action.lower(), ())


class AMIError(Exception):
    """Base of every Ringside AMI error."""


class AuthenticationFailed(AMIError):
    """The PBX refused the AMI username/secret. Retrying will not help."""

    def __init__(self, username: str, detail: str = "Authentication failed") -> None:
        self.username = username
        super().__init__(
            f"AMI login as {username!r} refused ({detail}): use an AMI user from "
            "manager.conf (or FreePBX 'Asterisk Manager Users'), not your FreePBX web login"
        )


class HostUnreachable(AMIError):
    """No TCP connection (refused, timed out, DNS failure, TLS handshake failure).

    ``detail`` is the low-level reason as given; the message says it in words.
    """

    def __init__(self, host: str, port: int, detail: str) -> None:
        self.host = host
        self.port = port
        self.detail = detail
        super().__init__(
            f"cannot reach the AMI port {host}:{port}: {_unreachable_words(detail)}. Check the "
            "host, the port (5038, or 5039 for TLS), 'enabled=yes' and 'bindaddr' in "
            "manager.conf, and the firewall"
        )


def _unreachable_words(detail: str) -> str:
    text = detail.lower()
    if "connect call failed" in text or "refused" in text:
        return "connection refused (nothing listens on that port, or a firewall rejects it)"
    if "timed out" in text or "timeout" in text:
        return "no answer (the host is down, or a firewall drops the packets)"
    if "name or service not known" in text or "name resolution" in text or "nodename" in text:
        return "unknown host name"
    if "wrong_version_number" in text or "wrong version number" in text:
        return "TLS handshake failed: that port does not speak TLS (drop --tls)"
    if "certificate" in text:
        return f"the PBX's TLS certificate is not trusted ({detail})"
    return detail


class PermissionDenied(AMIError):
    """The AMI user lacks the manager.conf class an action needs."""

    def __init__(self, action: str, missing_class: str | None = None) -> None:
        self.action = action
        classes = required_classes(action)
        self.missing_class = missing_class or (" or ".join(classes) if classes else None)
        hint = (
            f"add '{self.missing_class}' to the user's write= line in manager.conf"
            if self.missing_class
            else "check the user's read=/write= lines in manager.conf"
        )
        super().__init__(f"the PBX denied {action}: permission denied ({hint})")


ORIGINATE_REASONS: dict[int, str] = {
    0: "the call could not be placed (no such endpoint or channel, or it failed at once)",
    1: "the phone hung up",
    2: "the phone was still ringing (local ring)",
    3: "nobody answered (ring timeout)",
    4: "answered",
    5: "the line is busy",
    8: "the network is congested or the trunk is unavailable",
}

_RESPONSE_WORDS: dict[str, str] = {
    "extension does not exist.": "the number does not exist in the dial context",
    "originate failed": "the call could not be placed (endpoint unknown, unreachable or did not answer)",
    "originate access forbidden: app or data blacklisted": (
        "the PBX forbids running that application from AMI (needs the 'system' class)"
    ),
}


class OriginateFailed(AMIError):
    """Click-to-call did not connect; ``words`` says why for a human."""

    def __init__(self, reason_code: int | None, words: str, *, response: str | None = None) -> None:
        self.reason_code = reason_code
        self.words = words
        self.response = response
        super().__init__(f"call failed: {words}")

    @classmethod
    def from_reason(cls, code: int) -> OriginateFailed:
        """From an ``OriginateResponse`` ``Reason:`` code."""
        return cls(code, ORIGINATE_REASONS.get(code, f"the PBX reported failure (reason {code})"))

    @classmethod
    def from_response(cls, message: str) -> OriginateFailed:
        """From the ``Message:`` of an ``Response: Error`` to an Originate action."""
        words = _RESPONSE_WORDS.get(message.strip().lower(), message.strip() or "unknown error")
        return cls(None, words, response=message)


class ActionTimeout(AMIError):
    """The PBX did not answer an action in time."""

    def __init__(self, action: str, timeout: float) -> None:
        self.action = action
        self.timeout = timeout
        super().__init__(f"the PBX did not answer {action} within {timeout:g} s")


class ConnectionLost(AMIError):
    """The AMI connection dropped (or was not up) while an action was pending."""

    def __init__(self, detail: str = "the AMI connection was lost") -> None:
        super().__init__(detail)


class ActionFailed(AMIError):
    """An action answered ``Response: Error`` for a reason other than permissions."""

    def __init__(self, action: str, message: str) -> None:
        self.action = action
        self.message = message
        super().__init__(f"{action} failed: {message}")
