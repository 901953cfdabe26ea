"""Where the gateway's secrets come from: the environment first, then the OS keyring.

Keyring entries live under service ``ringside-gateway`` with the variable's
name as the key (``keyring set ringside-gateway RINGSIDE_AMI_SECRET``), read
through ``core.settings.secrets`` (keyring's one home). Values are returned to
the caller only, never logged.
"""

from __future__ import annotations

import logging
import os

from core.settings.secrets import get_secret

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ringside-gateway"


def lookup(name: str, *, environ: dict[str, str] | None = None, use_keyring: bool = True) -> str:
    """Return the secret called ``name`` ('' when neither source has it)."""
    env = os.environ if environ is None else environ
    value = env.get(name, "")
    if value or not use_keyring:
        return value
    try:
        return get_secret(KEYRING_SERVICE, name) or ""
    except Exception as exc:  # a broken keyring must not stop the gateway: env still works
        log.warning("keyring unavailable for %s: %s", name, type(exc).__name__)
        return ""
