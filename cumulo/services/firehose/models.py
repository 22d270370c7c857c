"""Firehose state: delivery streams, their buffered records, and where a Kinesis source was read to.

Tables, per (account, region) scope:
- `streams`: delivery stream name -> `DeliveryStream`. Each destination keeps its
  configuration as the client wrote it (the create or update members, by the
  model's names), so a description is a model-driven rename of it (`describe`).
- `buffer/<stream name>`: key -> `Buffered`, one row per request (a PutRecord, a
  PutRecordBatch, a page read from a Kinesis source) whose records are accepted and
  not yet delivered, so an acknowledged record survives a restart at one row
  written per request. Keys sort in arrival order.
- `checkpoints`: delivery stream name -> {shard id: last sequence number read}
  for a `KinesisStreamAsSource` stream.
- `deliveries`: a log of what was written where (`Delivery`), for introspection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEY_WIDTH = 20


def buffer_table(stream: str) -> str:
    return f"buffer/{stream}"


def buffer_key(seq: int) -> str:
    return f"{seq:0{KEY_WIDTH}d}"


@dataclass(slots=True)
class Destination:
    id: str  # destinationId-000000000001
    kind: str  # the model's prefix: ExtendedS3, HttpEndpoint, Redshift, Splunk, ...
    config: dict[str, Any]


@dataclass(slots=True)
class DeliveryStream:
    name: str
    account: str
    region: str
    arn: str
    type: str
    created: float
    updated: float
    version: int = 1
    status: str = "ACTIVE"
    destinations: list[Destination] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)  # the source configuration as given
    encryption: dict[str, Any] | None = None  # {"KeyType", "KeyARN"?, "Status"}
    tags: dict[str, str] = field(default_factory=dict)
    next_seq: int = 1
    # When the oldest buffered record arrived (cumulo clock); None with an empty buffer.
    buffer_since: float | None = None
    buffer_bytes: int = 0


@dataclass(slots=True)
class Buffered:
    record_ids: list[str]
    datas: list[bytes]
    arrived: list[float]


@dataclass(slots=True)
class Delivery:
    stream: str
    destination: str
    target: str  # s3://bucket/key or the endpoint URL
    records: int
    bytes: int
    at: float
    error: str = ""
