"""CloudWatch Logs state: log groups, streams, their events in chunks, and records.

Tables, per (account, region) scope:
- `groups`: log group name -> `LogGroup` (its metric and subscription filters,
  policies and settings ride on it: they are few and read with it).
- `streams/<group>`: stream name -> `LogStream`.
- `events/<group>/<stream>`: chunk key -> `Chunk`, one per accepted PutLogEvents
  batch (keys are the stream's batch sequence, zero-padded), so ingesting a batch
  of a hundred events writes one row, and retention drops whole rows. A chunk
  packs its events (arrays and one string), about 12 bytes plus the message each.
- `records/<kind>`: id -> a plain dict, for the resources that are recorded and
  read back (destinations, deliveries, query definitions, policies, anomaly
  detectors, transformers, integrations, ...).
- `queries`: query id -> `Query`, a Logs Insights query and its results.
- `exports`: task id -> dict, export tasks.

An event is a tuple `(timestamp ms, ingestion ms, message)`; its identity across
the API (event ids, paging tokens) is (timestamp, chunk seq, index in chunk).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from itertools import accumulate
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


class Chunk:
    """One batch's events, packed: a million events must not be a million tuples.

    Timestamps are an `array('q')`, messages one string with an `array('I')` of
    end offsets into it; all events of a batch share one ingestion time. `events`
    unpacks to `(timestamp, ingestion, message)` tuples for readers that want them;
    hot readers use `stamps`, `message(i)` and `messages()`.
    """

    __slots__ = ("seq", "stamps", "ends", "text", "ingested", "low", "high")

    def __init__(self, seq: int, events: list[Event], low: int | None = None, high: int | None = None) -> None:
        self.seq = seq
        self.stamps = array("q", [e[0] for e in events])
        messages = [e[2] for e in events]
        self.text = "".join(messages)
        self.ends = array("I", accumulate(map(len, messages)))
        self.ingested = events[0][1] if events else 0
        # min/max timestamps, so retention and time-bounded reads skip whole chunks
        self.low = min(self.stamps) if low is None and events else (low or 0)
        self.high = max(self.stamps) if high is None and events else (high or 0)

    @classmethod
    def packed(cls, seq: int, stamps: list[int], messages: list[str], ingested: int) -> Chunk:
        """A chunk of time-ordered `stamps` and their `messages`, without building tuples."""
        chunk = cls.__new__(cls)
        chunk.seq, chunk.ingested = seq, ingested
        chunk.stamps = array("q", stamps)
        chunk.text = "".join(messages)
        chunk.ends = array("I", accumulate(map(len, messages)))
        chunk.low, chunk.high = stamps[0], stamps[-1]
        return chunk

    def __len__(self) -> int:
        return len(self.stamps)

    @property
    def text_len(self) -> int:
        return len(self.text)

    def message(self, i: int) -> str:
        return self.text[self.ends[i - 1] if i else 0:self.ends[i]]

    def messages(self) -> list[str]:
        text, start, out = self.text, 0, []
        for end in self.ends:
            out.append(text[start:end])
            start = end
        return out

    @property
    def events(self) -> list[Event]:
        ingested = self.ingested
        return [(ts, ingested, msg) for ts, msg in zip(self.stamps, self.messages(), strict=True)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Chunk) and self.__getstate__() == other.__getstate__()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Chunk(seq={self.seq}, events={len(self)}, low={self.low}, high={self.high})"

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.seq, self.stamps, self.ends, self.text, self.ingested, self.low, self.high)

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, list | tuple) and len(state) == 4:  # stored before packing: seq, events, low, high
            seq, events, low, high = state
            Chunk.__init__(self, seq, events, low, high)
            if events:
                self.ingested = events[0][1]
            return
        self.seq, self.stamps, self.ends, self.text, self.ingested, self.low, self.high = state


class SpilledChunk:
    """What stays in memory of a chunk spilled to the store: enough to skip it by time,
    to page by position and to account for its bytes."""

    __slots__ = ("seq", "low", "high", "ingested", "count", "text_len")

    def __init__(self, chunk: Chunk) -> None:
        self.seq, self.low, self.high, self.ingested = chunk.seq, chunk.low, chunk.high, chunk.ingested
        self.count, self.text_len = len(chunk), len(chunk.text)

    def __len__(self) -> int:
        return self.count

    def __repr__(self) -> str:
        return f"SpilledChunk(seq={self.seq}, events={self.count}, low={self.low}, high={self.high})"


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
