"""Which pushes a call event causes: CallEvent -> [PlannedPush] for every configured CRM.

The rules are each CRM's own (``core.crm.retailcrm.RetailCrmPushes``,
``core.crm.clinica.ClinicaPushes``, ``core.crm.rostelecom.RostelecomPushes``: one home
per outbound protocol). The gateway only decides *when* and *through which*
outbox: which CRMs are configured, whether retailCRM call events come from AMI,
from the dialplan (``[retailcrm] events_from = "dialplan"``: seed 003's
``/api/event`` sends them all, nothing is planned here) or from both (keys by
(call id, type) only, the key ``/api/event`` uses too, so the outbox sends
whichever path comes first, once). The runtime enqueues each planned push into
the durable outbox, grouped by call so a call's pushes keep their order.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from core.calls.events import CallEvent, CallSnapshot
from core.crm.clinica import ClinicaPushes
from core.crm.push import PlannedPush, PushRules
from core.crm.retailcrm import RetailCrmPushes, zone
from core.crm.rostelecom import RostelecomPushes
from gateway.config import GatewayConfig

__all__ = ["PlannedPush", "PushPlanner"]


class PushPlanner:
    """Turns call events into the pushes each configured system expects."""

    def __init__(
        self,
        config: GatewayConfig,
        *,
        clock: Callable[[], float] = time.time,
        record_url: Callable[[CallSnapshot], str | None] = lambda call: None,
    ):
        cfg = config.file
        self.rules: list[PushRules] = []
        crm = cfg.retailcrm
        if crm is not None and crm.events_from != "dialplan":
            self.rules.append(
                RetailCrmPushes(
                    crm.url,
                    site=crm.site or None,
                    tz=zone(crm.timezone),
                    upload=crm.upload,
                    shared_keys=crm.events_from == "both",
                    record_url=record_url,
                )
            )
        if cfg.clinica is not None:
            self.rules.append(
                ClinicaPushes(cfg.clinica.push_url, company_id=cfg.clinica.company_id)
            )
        rt = cfg.rostelecom
        if rt is not None and rt.callback_url:
            self.rules.append(
                RostelecomPushes(
                    rt.callback_url, domain=rt.domain, region=cfg.server.region, clock=clock
                )
            )

    def plan(self, event: CallEvent) -> list[PlannedPush]:
        """Every push ``event`` causes, in delivery order (retailCRM, Clinica, Rostelecom)."""
        return [push for rules in self.rules for push in rules.plan(event)]
