"""Storing datapoints and aggregating them into periods: PutMetricData in, statistics out.

`put` files a PutMetricData request's entries under their series, one row per
series per request, merging a series' newest rows into one packed `Batch` every
`HOT_ROWS` requests or so and spilling merged rows to the store (see `models`); `rows` is the one way to a
series' table, and `points` reads spilled rows back only when the time range
reaches them. `buckets` gathers a series' points into period buckets
aligned to the epoch and `statistic` turns a bucket into SampleCount, Sum,
Average, Minimum, Maximum, a percentile (`p90`), a trimmed mean (`tm90`,
`TM(10%:90%)`), a trimmed count or sum (`tc90`, `ts90`), interquartile mean
(`IQM`), winsorized mean (`wm90`) or percentile rank (`PR(:100)`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch.models import (
    Batch,
    Dims,
    Point,
    Series,
    Spilled,
    points_table,
    row_points,
    row_range,
    series_id,
)
from cumulo.state import Scope, Table

MAX_VALUES = 150
STANDARD = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
HOT_ROWS = 64


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterValueException", message, status=400)


def dims_of(dimensions: list[dict[str, str]] | None) -> Dims:
    return tuple(sorted((d["Name"], d["Value"]) for d in dimensions or []))


def epoch(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, (int, float)):
        return float(value)
    return float(value.timestamp())


# The magnitudes CloudWatch accepts for a value other than 0.
SMALLEST, LARGEST = 8.515920e-109, 1.174271e108

# Series ids by identity: hashing a series' name and dimensions for every datum is
# the bulk of PutMetricData's cost otherwise. Bounded: cleared when it grows large.
_SIDS: dict[tuple[Any, ...], tuple[str, Dims]] = {}  # identity -> series id, dimensions
_SIDS_MAX = 100_000


def put(scope: Scope, namespace: str, data: list[dict[str, Any]], now: float) -> list[Series]:
    """Validate and store PutMetricData's `MetricData`; returns the series written."""
    grouped: dict[str, tuple[Series, list[Point]]] = {}
    table = scope.table("series")
    tables = scope.tables
    future, past = now + 2 * 3600, now - 14 * 86_400
    sids = _SIDS
    last_stamp: Any = None  # the datum before's timestamp (a batch's data often share one) and its seconds
    last_ts = 0.0
    for i, datum in enumerate(data, start=1):
        stamp = datum.get("Timestamp")
        if stamp is last_stamp and stamp is not None:
            ts = last_ts
        else:
            ts = (float(stamp) if isinstance(stamp, (int, float)) else epoch(stamp)) or now
            last_stamp, last_ts = stamp, ts
        if ts > future:
            raise invalid(f"The parameter MetricData.member.{i}.Timestamp must specify a time no more than two hours in the future.")
        if ts < past:
            raise invalid(f"The parameter MetricData.member.{i}.Timestamp must specify a time within the past two weeks.")
        value = datum.get("Value")
        # A finite float in CloudWatch's range, alone (the common case, checked inline).
        if (value.__class__ is float and "Values" not in datum and "StatisticValues" not in datum
                and (value == 0.0 or SMALLEST <= abs(value) <= LARGEST)):
            point: Point = (ts, 1.0, value, value, value, ((value, 1.0),))
        else:
            given_point = _point(datum, ts, f"MetricData.member.{i}")
            if given_point is None:
                continue
            point = given_point
        # The series' identity as a flat tuple for the common shapes (no dimension, one): no
        # dimension tuples built per datum; they are built when the series is first seen.
        given = datum.get("Dimensions")
        name = datum["MetricName"]
        if not given:
            ident: tuple[Any, ...] = (namespace, name)
        elif len(given) == 1:
            ident = (namespace, name, given[0]["Name"], given[0]["Value"])
        else:
            many = dims_of(given)
            if len({k for k, _ in many}) != len(many):
                raise invalid(f"No Metric may specify the same dimension name twice: MetricData.member.{i}.Dimensions")
            ident = (namespace, name, many)
        known = sids.get(ident)
        if known is None:
            if len(sids) >= _SIDS_MAX:
                sids.clear()
            dims: Dims = () if not given else ((ident[2], ident[3]),) if len(given) == 1 else ident[2]
            known = sids[ident] = (series_id(namespace, name, dims), dims)
        sid = known[0]
        entry = grouped.get(sid)
        if entry is None:
            series = table.get(sid) or Series(sid, namespace, name, known[1])
            entry = grouped[sid] = (series, [])
        unit = datum.get("Unit")
        if unit:
            entry[0].unit = unit
        entry[1].append(point)
    for sid, (series, points) in grouped.items():
        series.last_put = now
        rows_of = tables.get("points/" + sid)  # `rows`, when the table is loaded already
        if rows_of is None:
            rows_of = rows(scope, series)
        # A request's row stays plain tuples: cheap to write; merging packs them.
        rows_of[f"{series.next_batch:010d}"] = points
        series.next_batch += 1
        gathered = series.next_batch - series.hot_from
        if series.pending or (gathered >= HOT_ROWS // 2 and gathered >= _merge_at(series)):
            _settle(rows_of, series)
        table[sid] = series
    return [s for s, _ in grouped.values()]


def batch_key(n: int) -> str:
    return f"{n:010d}"


def rows(scope: Scope, series: Series) -> Table:
    """A series' table of rows. When it is first loaded (after a restart) the rows
    spilled before are spilled again, so they do not stay in memory."""
    name = points_table(series.id)
    table = scope.tables.get(name)
    if table is not None:
        return table
    table = scope.table(name)
    if scope.store.persistent:
        cut = batch_key(series.hot_from)
        for key, row in list(table.rows.items()):
            if key < cut and not isinstance(row, Spilled):
                table.spill(key, Spilled(*row_range(row)))
    return table


def _merge_at(series: Series) -> int:
    """How many rows a series gathers before they are merged: between HOT_ROWS / 2 and
    HOT_ROWS, by series id, so series written together do not all merge in one request."""
    return HOT_ROWS - int(series.id[:4], 16) % (HOT_ROWS // 2)


def _settle(table: Table, series: Series) -> None:
    """Spill the merged row left by the last merge (committed by now), and merge the
    rows not merged yet once there are `HOT_ROWS` of them."""
    pending = series.pending
    if pending:
        key = batch_key(pending)
        row = table.rows.get(key)
        if (not table.store.persistent or row is None or isinstance(row, Spilled)
                or table.spill(key, Spilled(*row_range(row)))):
            series.pending = 0
    hot_from = series.hot_from
    if series.next_batch - hot_from < _merge_at(series):
        return
    rows = table.rows
    keys = [k for n in range(hot_from, series.next_batch) if (k := f"{n:010d}") in rows]  # batch_key, inline
    parts = [row for row in map(rows.__getitem__, keys) if not isinstance(row, Spilled)]
    if all(row.__class__ is list for row in parts):
        merged = Batch.of([p for row in parts for p in row])
    else:
        merged = Batch.merge([row if isinstance(row, Batch) else Batch.of(row) for row in parts])
    # The first row's key takes the merged row (written over, not deleted first).
    for key in keys[1:] if len(merged) else keys:
        if not isinstance(rows[key], Spilled):
            del table[key]
    if len(merged):
        table[keys[0]] = merged
        series.pending = int(keys[0])
    series.hot_from = series.next_batch


def _finite(value: float, where: str) -> float:
    if not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value):
        raise invalid(f"The value {value} for parameter {where} is invalid.")
    if value != 0 and not (SMALLEST <= abs(value) <= LARGEST):
        raise invalid(f"The value {value} for parameter {where} is out of range.")
    return float(value)


def _point(datum: dict[str, Any], ts: float, where: str) -> Point | None:
    given = [k for k in ("Value", "Values", "StatisticValues") if k in datum]
    if len(given) > 1:
        raise AwsError("InvalidParameterCombinationException",
                       f"The parameters {where}.{given[0]} and {where}.{given[1]} are mutually exclusive and you have specified both.", status=400)
    if "StatisticValues" in datum:
        sv = datum["StatisticValues"]
        count, total = _finite(sv["SampleCount"], where), _finite(sv["Sum"], where)
        low, high = _finite(sv["Minimum"], where), _finite(sv["Maximum"], where)
        if low > high:
            raise invalid(f"The parameter {where}.StatisticValues.Maximum must be greater than {where}.StatisticValues.Minimum.")
        return (ts, count, total, low, high, None)
    if "Values" in datum:
        values = datum["Values"]
        counts = datum.get("Counts") or [1.0] * len(values)
        if len(values) > MAX_VALUES:
            raise invalid(f"The collection {where}.Values must not have a size greater than {MAX_VALUES}.")
        if len(counts) != len(values):
            raise invalid(f"The parameters {where}.Values and {where}.Counts must be of the same size.")
        if not values:
            return None
        pairs = tuple((_finite(v, f"{where}.Values"), float(c)) for v, c in zip(values, counts, strict=True))
        total_count = sum(c for _, c in pairs)
        return (ts, total_count, sum(v * c for v, c in pairs), min(v for v, _ in pairs), max(v for v, _ in pairs), pairs)
    if "Value" not in datum:
        return None  # AWS accepts a datum without a value and records nothing
    v = _finite(datum["Value"], f"{where}.Value")
    return (ts, 1.0, v, v, v, ((v, 1.0),))


def points(scope: Scope, sid: str, start: float, end: float) -> Iterable[Point]:
    """A series' points with start <= t < end, spilled rows read back when their range
    reaches into it (in row order, which is arrival order, not time order)."""
    series = scope.table("series").get(sid)
    table = rows(scope, series) if series is not None else scope.table(points_table(sid))
    items = list(table.rows.items())
    cold = [k for k, row in items if isinstance(row, Spilled) and row.high >= start and row.low < end]
    loaded = scope.store.read_rows(scope.key, table.name, cold) if cold else {}
    for key, row in items:
        if isinstance(row, Spilled):
            row = loaded.get(key)
            if row is None:
                continue
        yield from row_points(row, start, end)


def buckets(scope: Scope, sid: str, start: float, end: float, period: int) -> dict[int, list[Point]]:
    """Points of a series with start <= t < end, by the epoch-aligned period they fall in."""
    out: dict[int, list[Point]] = {}
    for p in points(scope, sid, start, end):
        key = int(p[0] // period * period)
        out.setdefault(key, []).append(p)
    return out


_PCT = re.compile(r"^p(\d{1,2}(?:\.\d+)?|100)$", re.IGNORECASE)
_TRIM = re.compile(r"^(tm|tc|ts|wm)(\d{1,2}(?:\.\d+)?)$", re.IGNORECASE)
_RANGE = re.compile(r"^(TM|TC|TS|WM|PR)\((\d*\.?\d*%?):(\d*\.?\d*%?)\)$", re.IGNORECASE)


def valid_statistic(stat: str) -> bool:
    return stat in STANDARD or stat.upper() == "IQM" or bool(_PCT.match(stat) or _TRIM.match(stat) or _RANGE.match(stat))


def statistic(stat: str, bucket: list[Point]) -> float | None:
    """One statistic of one period's points; None when it cannot be computed."""
    if not bucket:
        return None
    if stat == "SampleCount":
        return sum(p[1] for p in bucket)
    if stat == "Sum":
        return sum(p[2] for p in bucket)
    if stat == "Average":
        count = sum(p[1] for p in bucket)
        return sum(p[2] for p in bucket) / count if count else None
    if stat == "Minimum":
        return min(p[3] for p in bucket)
    if stat == "Maximum":
        return max(p[4] for p in bucket)
    values = _values(bucket)
    if values is None or not values:
        return None
    m = _PCT.match(stat)
    if m:
        return _percentile(values, float(m.group(1)))
    if stat.upper() == "IQM":
        return _trimmed(values, 25, 75, "tm")
    m = _TRIM.match(stat)
    if m:
        return _trimmed(values, 0, float(m.group(2)), m.group(1).lower())
    m = _RANGE.match(stat)
    if m:
        kind, lo, hi = m.group(1).lower(), m.group(2), m.group(3)
        if kind == "pr":
            low = float(lo) if lo else -math.inf
            high = float(hi) if hi else math.inf
            total = sum(c for _, c in values)
            inside = sum(c for v, c in values if low <= v <= high)
            return 100.0 * inside / total if total else None
        return _trimmed(values, _bound(lo, values, 0.0), _bound(hi, values, 100.0), kind)
    return None


def _values(bucket: list[Point]) -> list[tuple[float, float]] | None:
    out: list[tuple[float, float]] = []
    for p in bucket:
        if p[5] is None:
            return None  # a statistic set: no raw values, so no percentiles
        out.extend(p[5])
    out.sort()
    return out


def _percentile(values: list[tuple[float, float]], pct: float) -> float:
    total = sum(c for _, c in values)
    rank = max(math.ceil(pct / 100 * total), 1)
    seen = 0.0
    for v, c in values:
        seen += c
        if seen >= rank:
            return v
    return values[-1][0]


def _bound(text: str, values: list[tuple[float, float]], default: float) -> float:
    if not text:
        return default
    if text.endswith("%"):
        return float(text[:-1])
    # An absolute value bound: its percentile rank among the values.
    total = sum(c for _, c in values)
    below = sum(c for v, c in values if v < float(text))
    return 100.0 * below / total if total else default


def _trimmed(values: list[tuple[float, float]], lo_pct: float, hi_pct: float, kind: str) -> float | None:
    flat = [v for v, c in values for _ in range(max(int(c), 1))]
    n = len(flat)
    lo, hi = int(math.floor(lo_pct / 100 * n)), int(math.ceil(hi_pct / 100 * n))
    inner = flat[lo:hi]
    if kind == "wm":
        if not inner:
            return None
        clamped = [min(max(v, inner[0]), inner[-1]) for v in flat]
        return sum(clamped) / len(clamped)
    if not inner:
        return None
    if kind == "tc":
        return float(len(inner))
    if kind == "ts":
        return sum(inner)
    return sum(inner) / len(inner)


def find_series(scope: Scope, namespace: str, name: str, dims: Dims) -> Series | None:
    return scope.table("series").get(series_id(namespace, name, dims))  # type: ignore[no-any-return]
