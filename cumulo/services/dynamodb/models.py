"""DynamoDB state: tables, their indexes, items, stream records and backups.

Tables, per (account, region) scope:
- `tables`: table name -> `Table` (the description, settings, indexes, stream).
- `items/<table>`: encoded primary key (`keys.row_key`) -> the item, exactly as
  on the wire (`{"pk": {"S": "a"}}`), numbers canonical, binary as bytes. One
  item per row keeps a write at O(1) changed entities.
- `stream/<table>`: zero-padded sequence number -> `StreamRecord`.
- `backups`: backup ARN -> `Backup` (the table's settings at the time).
- `backup/<backup ARN>`: row key -> item, the backup's copy of the items
  (backups made before kept them in `Backup.items`, still read).
- `history/<table>`: zero-padded change number -> `Change`, the point-in-time
  recovery log, written with each item change while PITR is on (`pitr.py`).
- `exports`, `imports`: ARN -> `Export` / `Import` (S3 exports and imports).
- `global_tables`: name -> `GlobalTable` (version 2017.11.29 global tables; one
  copy in each replica region's scope).
- `policies`: table or stream ARN -> `Policy` (resource-based policies).

`items/`, `stream/`, `history/` and `backup/` are cold tables (cumulo.state.store): read
their rows through the mapping API only (`rows[key]`, `get`, `peek`, `walk`),
never `rows.rows` values, and keep no row's value across requests.

Derived structures (the ordered per-partition indexes in `indexes.py`, the TTL
index, live item counts and sizes) are not stored: they are rebuilt from `items/<table>` when the
table is first used after a start.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from cumulo.core.arns import arn
from cumulo.state.store import cold_tables

# The tables that grow with the data: their rows leave memory when not recently
# used (cumulo.state.store), so nothing may keep their values (see indexes.py).
cold_tables("dynamodb", "items/", "stream/", "history/", "backup/")


def items_table(name: str) -> str:
    return f"items/{name}"


def stream_table(name: str) -> str:
    return f"stream/{name}"


def history_table(name: str) -> str:
    return f"history/{name}"


def backup_table(arn: str) -> str:
    return f"backup/{arn}"


def _fill_defaults(entity: Any, state: Any) -> None:
    """Unpickle a slotted dataclass stored before a field was added: defaults
    first, then what was stored (see cumulo.state.codec)."""
    for f in fields(entity):
        if f.default is not MISSING:
            object.__setattr__(entity, f.name, f.default)
        elif f.default_factory is not MISSING:
            object.__setattr__(entity, f.name, f.default_factory())
    slots = state[1] if isinstance(state, tuple) else state
    for name, value in (slots or {}).items():
        object.__setattr__(entity, name, value)


@dataclass(slots=True)
class Index:
    name: str
    kind: str  # "GSI" or "LSI"
    hash_key: str
    range_key: str | None
    projection_type: str = "ALL"  # ALL | KEYS_ONLY | INCLUDE
    non_key_attributes: list[str] = field(default_factory=list)
    status: str = "ACTIVE"
    read_capacity: int = 0
    write_capacity: int = 0
    max_read_requests: int | None = None
    max_write_requests: int | None = None
    status_until: float = 0.0  # when a CREATING/DELETING status settles (cumulo clock)
    contributor_insights: str = "DISABLED"
    contributor_insights_mode: str | None = None
    insights_updated: float = 0.0
    autoscaling: dict[str, Any] = field(default_factory=dict)  # read/write -> AutoScalingSettingsDescription
    warm_throughput: dict[str, int] = field(default_factory=dict)  # WarmThroughput as asked (schema.warm_values)
    # A GSI's multi-attribute keys (up to four HASH and four RANGE attributes), in
    # schema order; empty for a one-attribute key (`hash_key`/`range_key` say it all).
    hash_keys: list[str] = field(default_factory=list)
    range_keys: list[str] = field(default_factory=list)

    __setstate__ = _fill_defaults

    def hash_names(self) -> list[str]:
        return self.hash_keys or [self.hash_key]

    def range_names(self) -> list[str]:
        return self.range_keys or ([self.range_key] if self.range_key else [])

    def key_names(self) -> list[str]:
        return [*self.hash_names(), *self.range_names()]

    def key_schema(self) -> list[dict[str, str]]:
        return [{"AttributeName": n, "KeyType": "HASH"} for n in self.hash_names()] + \
            [{"AttributeName": n, "KeyType": "RANGE"} for n in self.range_names()]

    def projection(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ProjectionType": self.projection_type}
        if self.projection_type == "INCLUDE":
            out["NonKeyAttributes"] = list(self.non_key_attributes)
        return out


@dataclass(slots=True)
class Table:
    name: str
    account: str
    region: str
    table_id: str
    created: float
    hash_key: str
    range_key: str | None
    attribute_types: dict[str, str]  # attribute definitions: name -> S | N | B
    billing_mode: str = "PROVISIONED"
    read_capacity: int = 0
    write_capacity: int = 0
    max_read_requests: int | None = None
    max_write_requests: int | None = None
    billing_changed: float | None = None
    gsis: dict[str, Index] = field(default_factory=dict)
    lsis: dict[str, Index] = field(default_factory=dict)
    stream_enabled: bool = False
    stream_view_type: str | None = None
    stream_label: str | None = None
    stream_seq: int = 0
    sse: dict[str, Any] | None = None
    table_class: str = "STANDARD"
    deletion_protection: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    ttl_attribute: str | None = None
    ttl_enabled: bool = False
    pitr_enabled: bool = False
    pitr_since: float | None = None
    status: str = "ACTIVE"
    restore_summary: dict[str, Any] | None = None
    warm_throughput: dict[str, int] = field(default_factory=dict)  # WarmThroughput as asked (schema.warm_values)
    resource_policy: str | None = None
    status_until: float = 0.0  # when a CREATING/UPDATING/DELETING status settles (cumulo clock)
    pitr_days: int = 35
    pitr_seq: int = 0  # number of the last change in history/<table>
    pitr_first: int = 1  # number of the oldest change still kept
    replicas: dict[str, dict[str, Any]] = field(default_factory=dict)  # other region -> replica settings
    global_version: str | None = None  # "2019.11.21" or "2017.11.29" once replicated
    kinesis: dict[str, dict[str, Any]] = field(default_factory=dict)  # stream ARN -> destination
    contributor_insights: str = "DISABLED"
    contributor_insights_mode: str | None = None
    insights_updated: float = 0.0
    autoscaling: dict[str, Any] = field(default_factory=dict)  # region or index -> autoscaling settings
    settings_replication: str | None = None  # GlobalTableSettingsReplicationMode, as asked
    consistency: str | None = None  # MultiRegionConsistency, as asked
    vector_indexes: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> VectorIndex as given (vectors.py)
    disassociation_protection: bool = True  # a 2019.11.21 MREC replica's, on by default

    __setstate__ = _fill_defaults

    @property
    def arn(self) -> str:
        return arn("dynamodb", self.region, self.account, f"table/{self.name}")

    @property
    def stream_arn(self) -> str | None:
        return f"{self.arn}/stream/{self.stream_label}" if self.stream_label else None

    def key_names(self) -> tuple[str, ...]:
        return (self.hash_key, self.range_key) if self.range_key else (self.hash_key,)

    def key_schema(self) -> list[dict[str, str]]:
        schema = [{"AttributeName": self.hash_key, "KeyType": "HASH"}]
        if self.range_key:
            schema.append({"AttributeName": self.range_key, "KeyType": "RANGE"})
        return schema

    def index(self, name: str) -> Index | None:
        return self.gsis.get(name) or self.lsis.get(name)


@dataclass(slots=True)
class StreamRecord:
    sequence: int
    event_id: str
    event_name: str  # INSERT | MODIFY | REMOVE
    created: float
    keys: dict[str, Any]
    new_image: dict[str, Any] | None
    old_image: dict[str, Any] | None
    size: int
    view_type: str
    label: str
    user_identity: dict[str, str] | None = None  # TTL deletions: the DynamoDB service


@dataclass(slots=True)
class Backup:
    arn: str
    name: str
    table_name: str
    table_arn: str
    table_id: str
    created: float
    kind: str  # USER | SYSTEM
    size: int
    table: Table  # the table's settings when the backup was made
    items: list[dict[str, Any]]  # empty: the items are in `backup/<arn>` (a backup made before kept them here)
    status: str = "AVAILABLE"


@dataclass(slots=True)
class Change:
    """One item change in the point-in-time recovery log: the images around it."""

    seq: int
    time: float
    rkey: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(slots=True)
class Export:
    arn: str
    table_arn: str
    table_id: str
    export_time: float
    start: float
    request: dict[str, Any]  # the S3 destination, format and type, as asked
    status: str = "IN_PROGRESS"
    end: float | None = None
    manifest: str | None = None
    item_count: int = 0
    size: int = 0
    failure_code: str | None = None
    failure_message: str | None = None
    client_token: str | None = None


@dataclass(slots=True)
class Import:
    arn: str
    table_arn: str
    table_id: str
    start: float
    request: dict[str, Any]  # S3BucketSource, formats, TableCreationParameters
    status: str = "IN_PROGRESS"
    end: float | None = None
    processed_items: int = 0
    processed_bytes: int = 0
    imported_items: int = 0
    error_count: int = 0
    failure_code: str | None = None
    failure_message: str | None = None
    client_token: str | None = None


@dataclass(slots=True)
class GlobalTable:
    """A version 2017.11.29 global table: the regions of one table name."""

    name: str
    arn: str
    created: float
    regions: list[str]


@dataclass(slots=True)
class Policy:
    text: str
    revision: str
