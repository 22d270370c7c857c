"""Metric retention on the clock: datapoints older than 15 months are dropped, and
series left with none are forgotten (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cumulo.services.cloudwatch import datapoints
from cumulo.services.cloudwatch.models import Batch, Spilled, row_points

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

RETENTION = 455 * 86_400


def trim_all(runtime: Runtime, now: float | None = None) -> int:
    cutoff = runtime.clock.now() - RETENTION
    dropped = 0
    for scope in runtime.store.scopes_of("cloudwatch"):
        series = scope.table("series")
        for sid, entry in list(series.items()):
            table = datapoints.rows(scope, entry)
            old = [k for k, row in table.rows.items() if isinstance(row, Spilled) and row.low < cutoff]
            loaded = scope.store.read_rows(scope.key, table.name, old) if old else {}
            for key, row in list(table.rows.items()):
                if isinstance(row, Spilled):
                    if key not in loaded:
                        continue
                    row = loaded[key]
                low = row.low if isinstance(row, Batch) else min((p[0] for p in row), default=cutoff)
                if low >= cutoff:
                    continue
                whole = list(row_points(row))
                keep = Batch.of(p for p in whole if p[0] >= cutoff)
                dropped += len(whole) - len(keep)
                if len(keep):
                    table[key] = keep  # whole again, in memory until the next restart spills it
                else:
                    del table[key]
            if not table.rows:
                del series[sid]
    return dropped
