"""CloudWatch state: metric series and their datapoints, alarms, dashboards, and records.

Tables, per (account, region) scope:
- `series`: series id -> `Series`, one per (namespace, metric name, dimensions);
  the id is a digest of that identity, so a series is found without a scan.
- `points/<series id>`: batch key -> list of `Point`, one row per PutMetricData
  request and series, so a request of a thousand datapoints writes a few rows.
- `alarms`: alarm name -> `Alarm` (metric and composite), with its state history.
- `dashboards`: name -> `Dashboard`.
- `records/<kind>`: metric streams, anomaly detectors, insight rules, query definitions,
  alarm mute rules, as plain dicts.

A `Point` is (timestamp s, sample count, sum, min, max, values) where `values` is
a tuple of (value, count) pairs when the raw values are known (for percentiles)
and None for a statistic set.
"""

from __future__ import annotations

import hashlib
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
