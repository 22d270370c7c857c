"""CloudWatch Logs state: log groups, streams, their events in chunks, and records.

Tables, per (account, region) scope:
- `groups`: log group name -> `LogGroup` (its metric and subscription filters,
  policies and settings ride on it: they are few and read with it).
- `streams/<group>`: stream name -> `LogStream`.
- `events/<group>/<stream>`: chunk key -> `Chunk`, one per accepted PutLogEvents
  batch (keys are the stream's batch sequence, zero-padded), so ingesting a batch
  of a hundred events writes one row, and retention drops whole rows.
- `records/<kind>`: id -> a plain dict, for the resources that are recorded and
  read back (destinations, deliveries, query definitions, policies, anomaly
  detectors, transformers, integrations, ...).
- `queries`: query id -> `Query`, a Logs Insights query and its results.
- `exports`: task id -> dict, export tasks.

An event is a tuple `(timestamp ms, ingestion ms, message)`; its identity across
the API (event ids, paging tokens) is (timestamp, chunk seq, index in chunk).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEQ_WIDTH = 10

Event = tuple[int, int, str]


def streams_table(group: str) -> str:
    return f"streams/{group}"


def events_table(group: str, stream: str) -> str:
    return f"events/{group}/{stream}"


def records_table(kind: str) -> str:
    return f"records/{kind}"


def chunk_key(seq: int) -> str:
    return f"{seq:0{SEQ_WIDTH}d}"


@dataclass(slots=True)
class MetricFilter:
    name: str
    pattern: str
    transformations: list[dict[str, Any]]
    created: int  # ms
    apply_on_transformed: bool = False
    selection_criteria: str = ""


@dataclass(slots=True)
class SubscriptionFilter:
    name: str
    pattern: str
    destination_arn: str
    role_arn: str
    distribution: str
    created: int
    apply_on_transformed: bool = False
    selection_criteria: str = ""


@dataclass(slots=True)
class LogGroup:
    name: str
    account: str
    region: str
    created: int  # ms
    retention_days: int | None = None
    kms_key_id: str = ""
    log_group_class: str = "STANDARD"
    deletion_protection: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    metric_filters: dict[str, MetricFilter] = field(default_factory=dict)
    subscription_filters: dict[str, SubscriptionFilter] = field(default_factory=dict)
    data_protection_policy: str = ""
    data_protection_updated: int = 0
    index_policy: dict[str, Any] | None = None
    transformer: dict[str, Any] | None = None
    stored_bytes: int = 0

    @property
    def arn(self) -> str:
        return f"arn:aws:logs:{self.region}:{self.account}:log-group:{self.name}"


@dataclass(slots=True)
class LogStream:
    name: str
    created: int
    first_event: int | None = None
    last_event: int | None = None
    last_ingestion: int | None = None
    next_seq: int = 1
    stored_bytes: int = 0


@dataclass(slots=True)
class Chunk:
    seq: int
    events: list[Event]
    # min/max timestamps, so retention and time-bounded reads skip whole chunks
    low: int
    high: int


@dataclass(slots=True)
class Query:
    query_id: str
    query: str
    groups: list[str]
    start: int  # seconds
    end: int
    created: int  # ms
    status: str = "Running"
    results: list[list[dict[str, str]]] = field(default_factory=list)
    statistics: dict[str, float] = field(default_factory=dict)
    language: str = "CWLI"
