"""The ``[cluster]`` section of the gateway TOML: this node's place in a hub cluster.

Example::

    [cluster]
    nats = ["nats://10.0.0.1:4222", "nats://10.0.0.2:4222", "nats://10.0.0.3:4222"]
    node = "hub-a"          # unique per node (logs, the lease holder's name)
    pbx = "main"            # the PBX this cluster serves (subjects, buckets, streams)
    lease_ttl = 3.0         # seconds a dead leader keeps the AMI lease (failover <= ~ttl + 1 s)

Without the section the hub runs alone, exactly as before (SQLite, one process).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class ClusterSettings(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    nats: list[str] = Field(..., min_length=1, description="NATS server URLs")
    node: str = Field(..., description="this node's unique name")
    pbx: str = Field("main", description="the PBX's name in subjects and buckets")
    lease_ttl: float = Field(3.0, ge=1.0, le=60.0, description="seconds the AMI lease lasts")
    command_timeout: float = Field(8.0, gt=0, description="seconds a command waits for the leader")
    replicas: int = Field(1, ge=1, le=5, description="JetStream replicas (3 on a 3-node NATS)")
    buffer: int = Field(20_000, ge=100, description="events a node replays after it starts")
    dedupe_window: float = Field(86_400.0, ge=60, description="seconds request ids are kept")

    @field_validator("node", "pbx")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("use letters, digits, - and _ only (up to 40)")
        return value

    @field_validator("nats")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if not url.startswith(("nats://", "tls://")):
                raise ValueError(f"“{url}” is not a NATS URL (nats://host:4222)")
        return value


def cluster_settings(raw: dict[str, Any] | None) -> ClusterSettings | None:
    """The validated section (None when absent); ``ValueError`` in words otherwise."""
    if not raw:
        return None
    try:
        return ClusterSettings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValueError(f"cluster.{where}: {first['msg']}") from None
