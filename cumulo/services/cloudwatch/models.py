"""CloudWatch state: metric series and their datapoints, alarms, dashboards, and records.

Tables, per (account, region) scope:
- `series`: series id -> `Series`, one per (namespace, metric name, dimensions);
  the id is a digest of that identity, so a series is found without a scan.
- `points/<series id>`: batch key -> list of `Point`, one row per PutMetricData
  request and series, so a request of a thousand datapoints writes a few rows. Every
  `HOT_ROWS` requests or so a series' newest rows are merged into one packed `Batch`; with a data dir
  the merged rows are spilled (`Table.spill`): in memory only a `Spilled` stub
  (time range, count) stays, the points are read back from SQLite when a read's
  time range reaches them. A million datapoints are thus a few MB of stubs.
- `alarms`: alarm name -> `Alarm` (metric and composite), with its state history.
- `dashboards`: name -> `Dashboard`.
- `records/<kind>`: metric streams, anomaly detectors, insight rules, query definitions,
  alarm mute rules, as plain dicts.

A `Point` is (timestamp s, sample count, sum, min, max, values) where `values` is
a tuple of (value, count) pairs when the raw values are known (for percentiles)
and None for a statistic set. Beyond a series' newest rows, points are stored
packed in a `Batch` (about 45 bytes each), not as tuples; tuples are made for the
reader that asks.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

Point = tuple[float, float, float, float, float, tuple[tuple[float, float], ...] | None]
Dims = tuple[tuple[str, str], ...]


def series_id(namespace: str, name: str, dims: Dims) -> str:
    text = "\x00".join([namespace, name, *[f"{k}={v}" for k, v in dims]])
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def points_table(sid: str) -> str:
    return f"points/{sid}"


@dataclass(slots=True)
class Series:
    id: str
    namespace: str
    name: str
    dims: Dims
    unit: str = "None"
    last_put: float = 0.0
    next_batch: int = 1
    # Rows from `hot_from` on are not merged yet; `pending` is a merged row not spilled
    # yet (0: none).
    hot_from: int = 1
    pending: int = 0

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in _SERIES_FIELDS)

    def __setstate__(self, state: Any) -> None:
        # Series stored before `hot_from` and `pending` existed lack them: defaults.
        self.hot_from, self.pending = 1, 0
        for name, value in zip(_SERIES_FIELDS, state, strict=False):
            setattr(self, name, value)


_SERIES_FIELDS = ("id", "namespace", "name", "dims", "unit", "last_put", "next_batch", "hot_from", "pending")

# Point kinds in a Batch: a statistic set (no raw values), one value seen once
# (the value is the sum), or raw (value, count) pairs kept in `pairs`.
_SET, _ONE, _RAW = 0, 1, 2


class Batch:
    """Datapoints packed in arrays: timestamps and the four statistics as doubles,
    a kind per point, and the raw (value, count) pairs of the points that have them."""

    __slots__ = ("cols", "kinds", "pairs", "offsets", "low", "high")

    def __init__(self) -> None:
        self.cols = array("d")  # ts, count, sum, min, max per point
        self.kinds = array("b")
        self.pairs = array("d")  # value, count, ... of _RAW points
        self.offsets = array("I", [0])  # pairs index where each point's pairs end (x2)
        self.low = float("inf")
        self.high = float("-inf")

    @classmethod
    def of(cls, points: Iterable[Point]) -> Batch:
        cols: list[float] = []
        kinds: list[int] = []
        pairs: list[float] = []
        offsets = [0]
        kind, offset = kinds.append, offsets.append
        for ts, count, total, low, high, values in points:
            cols += (ts, count, total, low, high)
            if values is None:
                kind(_SET)
            elif count == 1.0 and len(values) == 1 and values[0][1] == 1.0 and values[0][0] == total:  # values == ((total, 1.0),)
                kind(_ONE)
            else:
                kind(_RAW)
                for v, c in values:
                    pairs += (v, c)
            offset(len(pairs))
        batch = cls.__new__(cls)
        batch.cols, batch.kinds, batch.pairs, batch.offsets = array("d", cols), array("b", kinds), array("d", pairs), array("I", offsets)
        stamps = cols[::5]
        batch.low, batch.high = (min(stamps), max(stamps)) if stamps else (float("inf"), float("-inf"))
        return batch

    @classmethod
    def merge(cls, batches: list[Batch]) -> Batch:
        """One batch of the points of `batches`, in order, copied array to array."""
        out = cls()
        for b in batches:
            base = len(out.pairs)
            out.cols.extend(b.cols)
            out.kinds.extend(b.kinds)
            out.pairs.extend(b.pairs)
            out.offsets.extend([base + o for o in b.offsets[1:]] if base else b.offsets[1:])
            out.low, out.high = min(out.low, b.low), max(out.high, b.high)
        return out

    def __len__(self) -> int:
        return len(self.kinds)

    def points(self, start: float = float("-inf"), end: float = float("inf")) -> Iterator[Point]:
        """The points with start <= timestamp < end, as tuples."""
        cols, kinds, pairs, offsets = self.cols, self.kinds, self.pairs, self.offsets
        for i, kind in enumerate(kinds):
            base = 5 * i
            ts = cols[base]
            if not start <= ts < end:
                continue
            total = cols[base + 2]
            if kind == _ONE:
                values: tuple[tuple[float, float], ...] | None = ((total, 1.0),)
            elif kind == _RAW:
                flat = pairs[offsets[i]:offsets[i + 1]]
                values = tuple(zip(flat[::2], flat[1::2], strict=True))
            else:
                values = None
            yield (ts, cols[base + 1], total, cols[base + 3], cols[base + 4], values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Batch) and self.__getstate__() == other.__getstate__()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Batch(points={len(self)}, low={self.low}, high={self.high})"

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.cols, self.kinds, self.pairs, self.offsets, self.low, self.high)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.cols, self.kinds, self.pairs, self.offsets, self.low, self.high = state


@dataclass(slots=True)
class Spilled:
    """What stays in memory of a row spilled to the store: enough to skip it by time."""

    low: float
    high: float
    count: int


def row_points(row: Batch | list[Point], start: float = float("-inf"), end: float = float("inf")) -> Iterator[Point]:
    """A stored row's points in [start, end): a `Batch`, or a list of tuples stored by
    an older cumulo."""
    if isinstance(row, Batch):
        return row.points(start, end)
    return (p for p in row if start <= p[0] < end)


def row_range(row: Batch | list[Point]) -> tuple[float, float, int]:
    if isinstance(row, Batch):
        return row.low, row.high, len(row)
    stamps = [p[0] for p in row]
    return (min(stamps), max(stamps), len(row)) if stamps else (0.0, 0.0, 0)


@dataclass(slots=True)
class Alarm:
    name: str
    arn: str
    kind: str  # "MetricAlarm" or "CompositeAlarm"
    config: dict[str, Any]  # the Put*Alarm request members, as given
    state: str = "INSUFFICIENT_DATA"
    reason: str = "Unchecked: Initial alarm creation"
    reason_data: str = ""
    state_updated: float = 0.0
    state_transitioned: float = 0.0
    config_updated: float = 0.0
    actions_enabled: bool = True
    tags: dict[str, str] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    # Composite alarms: set while an ActionsSuppressor holds the alarm's actions back.
    suppressed_by: str = ""
    suppressed_reason: str = ""


@dataclass(slots=True)
class Dashboard:
    name: str
    arn: str
    body: str
    modified: float
    size: int
