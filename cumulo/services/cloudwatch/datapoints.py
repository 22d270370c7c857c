"""Storing datapoints and aggregating them into periods: PutMetricData in, statistics out.

`put` files a PutMetricData request's entries under their series, one row per
series per request. `buckets` gathers a series' points into period buckets
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
from cumulo.services.cloudwatch.models import Dims, Point, Series, points_table, series_id
from cumulo.state import Scope

MAX_VALUES = 150
STANDARD = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")


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


def put(scope: Scope, namespace: str, data: list[dict[str, Any]], now: float) -> list[Series]:
    """Validate and store PutMetricData's `MetricData`; returns the series written."""
    grouped: dict[str, tuple[Series, list[Point]]] = {}
    table = scope.table("series")
    for i, datum in enumerate(data, start=1):
        where = f"MetricData.member.{i}"
        ts = epoch(datum.get("Timestamp")) or now
        if ts > now + 2 * 3600:
            raise invalid(f"The parameter {where}.Timestamp must specify a time no more than two hours in the future.")
        if ts < now - 14 * 86_400:
            raise invalid(f"The parameter {where}.Timestamp must specify a time within the past two weeks.")
        point = _point(datum, ts, where)
        if point is None:
            continue
        dims = dims_of(datum.get("Dimensions"))
        if len({k for k, _ in dims}) != len(dims):
            raise invalid(f"No Metric may specify the same dimension name twice: {where}.Dimensions")
        sid = series_id(namespace, datum["MetricName"], dims)
        entry = grouped.get(sid)
        if entry is None:
            series = table.get(sid) or Series(sid, namespace, datum["MetricName"], dims)
            entry = grouped[sid] = (series, [])
        if datum.get("Unit"):
            entry[0].unit = datum["Unit"]
        entry[1].append(point)
    for sid, (series, points) in grouped.items():
        series.last_put = now
        key = f"{series.next_batch:010d}"
        series.next_batch += 1
        table[sid] = series
        scope.table(points_table(sid))[key] = points
    return [s for s, _ in grouped.values()]


def _finite(value: float, where: str) -> float:
    if not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value):
        raise invalid(f"The value {value} for parameter {where} is invalid.")
    if value != 0 and not (8.515920e-109 <= abs(value) <= 1.174271e108):
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
    for batch in scope.table(points_table(sid)).rows.values():
        for p in batch:
            if start <= p[0] < end:
                yield p


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
