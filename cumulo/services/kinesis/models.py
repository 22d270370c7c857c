"""Kinesis Data Streams state: streams, their shards and records, consumers, channels.

Tables, per (account, region) scope:
- `streams`: stream name -> `Stream` (shards and consumers inside: a stream has
  at most a few thousand shards and 20 consumers, and they change rarely).
- `records/<stream name>`: record key -> `Record`, one row per record, so a
  PutRecords of 500 records changes 500 rows, never the whole log. The key is
  the shard's index and the record's sequence counter, zero-padded, so sorting
  keys gives each shard's order whatever order a reload brings rows back in.
- `channels`: channel ARN -> `Channel`.
- `settings`: "account" -> `AccountSettings`.

Sequence numbers are 56-digit decimal strings like AWS's: `49`, the stream's
counter (shared by all its shards, so numbers also grow with arrival across
shards), the shard's index, zero padding. Within a shard they increase with
every record; `parse_sequence` recovers the counter and shard index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_HASH = 2**128 - 1
SEQ_WIDTH = 32
SHARD_WIDTH = 6
PAD = 16  # 2 + 32 + 6 + 16 = 56 digits, as long as AWS's


def sequence_number(counter: int, shard_index: int) -> str:
    return f"49{counter:0{SEQ_WIDTH}d}{shard_index:0{SHARD_WIDTH}d}{0:0{PAD}d}"


def parse_sequence(value: str) -> tuple[int, int] | None:
    """(counter, shard index) of a sequence number cumulo issued; None for anything else."""
    if len(value) != 2 + SEQ_WIDTH + SHARD_WIDTH + PAD or not value.isdigit() or not value.startswith("49"):
        return None
    return int(value[2 : 2 + SEQ_WIDTH]), int(value[2 + SEQ_WIDTH : 2 + SEQ_WIDTH + SHARD_WIDTH])


def shard_id(index: int) -> str:
    return f"shardId-{index:012d}"


def shard_index(value: str) -> int | None:
    if not value.startswith("shardId-"):
        return None
    digits = value[len("shardId-") :]
    return int(digits) if digits.isdigit() else None


def records_table(stream: str) -> str:
    return f"records/{stream}"


def record_key(shard: int, counter: int) -> str:
    return f"{shard:0{SHARD_WIDTH}d}/{counter:0{SEQ_WIDTH}d}"


@dataclass(slots=True)
class Shard:
    index: int
    start_hash: int
    end_hash: int
    starting_sequence: str
    ending_sequence: str | None = None  # set when the shard closes (split, merge, rescale)
    parent: str | None = None
    adjacent_parent: str | None = None
    created: float = 0.0
    closed_at: float | None = None

    @property
    def id(self) -> str:
        return shard_id(self.index)

    @property
    def open(self) -> bool:
        return self.ending_sequence is None

    def holds(self, hash_key: int) -> bool:
        return self.start_hash <= hash_key <= self.end_hash


@dataclass(slots=True)
class Consumer:
    name: str
    arn: str
    created: float
    status: str = "ACTIVE"
    status_until: float = 0.0
    tags: dict[str, str] = field(default_factory=dict)
    policy: str | None = None


@dataclass(slots=True)
class Stream:
    name: str
    account: str
    region: str
    arn: str
    created: float
    mode: str = "PROVISIONED"
    status: str = "ACTIVE"
    # A status shown until this instant of the cumulo clock (CREATING, UPDATING, DELETING), then `status`.
    pending_status: str | None = None
    status_until: float = 0.0
    retention_hours: int = 24
    shards: list[Shard] = field(default_factory=list)
    next_shard: int = 0
    counter: int = 0  # the last sequence counter handed out
    encryption: str = "NONE"
    key_id: str | None = None
    data_key: bytes | None = None  # the data key records are sealed with, as KMS encrypted it (see `encryption`)
    metrics: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    consumers: dict[str, Consumer] = field(default_factory=dict)  # name -> consumer
    policy: str | None = None
    warm_throughput: int | None = None
    max_record_kib: int = 1024
    distribution: str | None = None
    stream_id: str = ""

    def shard(self, shard_id_: str) -> Shard | None:
        index = shard_index(shard_id_)
        if index is None:
            return None
        for shard in self.shards:
            if shard.index == index:
                return shard
        return None

    def open_shards(self) -> list[Shard]:
        return [s for s in self.shards if s.open]


@dataclass(slots=True)
class Record:
    sequence: str
    data: bytes
    partition_key: str
    arrived: float
    shard: int
    explicit_hash_key: str | None = None
    encryption: str = "NONE"
    key_id: str | None = None
    sealed_key: bytes | None = None  # with KMS encryption: the stream's data key when the record came


@dataclass(slots=True)
class Channel:
    arn: str
    name: str
    channel_id: str
    created: float
    role_arn: str
    streams: list[dict[str, Any]]
    logging: dict[str, Any]
    s3: dict[str, Any] | None = None
    s3_tables: dict[str, Any] | None = None
    encryption: dict[str, Any] | None = None
    status: str = "ACTIVE"
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class AccountSettings:
    commitment: dict[str, Any] = field(default_factory=lambda: {"Status": "DISABLED"})
