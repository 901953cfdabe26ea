"""Outbound pushes: the sender posting outbox items (``sender.py``).

The requests themselves are built by each CRM's module in core (``core.crm.retailcrm``,
``core.crm.clinica``, ``core.crm.rostelecom``) as byte-exact
:class:`core.crm.push.PushRequest` s without credentials; the sender adds them
(``X-API-KEY``, ``X-Client-Sign``) when it posts, so no secret is ever written to disk.
"""

from __future__ import annotations

from core.crm.push import PushRequest

__all__ = ["PushRequest"]
