"""EventBridge Pipes state, as plain slotted dataclasses.

Tables, per (account, region) scope of service "pipes":
- `pipes`: name -> `Pipe`.
- `runs`: zero-padded sequence -> dict (the last batches: source, counts, outcome), for introspection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Pipe:
    name: str
    account: str
    region: str
    source: str
    target: str
    role_arn: str
    created: float
    modified: float
    desired_state: str = "RUNNING"
    current_state: str = "CREATING"
    state_reason: str | None = None
    description: str | None = None
    source_parameters: dict[str, Any] = field(default_factory=dict)
    enrichment: str | None = None
    enrichment_parameters: dict[str, Any] = field(default_factory=dict)
    target_parameters: dict[str, Any] = field(default_factory=dict)
    log_configuration: dict[str, Any] | None = None
    kms_key: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    # Stream sources: shard id -> the last sequence number handled; "start" iterators taken at start.
    positions: dict[str, str] = field(default_factory=dict)
    started_iterators: dict[str, str] = field(default_factory=dict)
    transition_due: float | None = None  # CREATING/STARTING/STOPPING/UPDATING end on the clock

    @property
    def arn(self) -> str:
        return f"arn:aws:pipes:{self.region}:{self.account}:pipe/{self.name}"
