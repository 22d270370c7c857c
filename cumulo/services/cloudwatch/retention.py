"""Metric retention on the clock: datapoints older than 15 months are dropped, and
series left with none are forgotten (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cumulo.services.cloudwatch.models import points_table

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

RETENTION = 455 * 86_400


def trim_all(runtime: Runtime, now: float | None = None) -> int:
    cutoff = runtime.clock.now() - RETENTION
    dropped = 0
    for scope in runtime.store.scopes_of("cloudwatch"):
        series = scope.table("series")
        for sid in list(series):
            table = scope.table(points_table(sid))
            for key, batch in list(table.items()):
                keep = [p for p in batch if p[0] >= cutoff]
                if len(keep) == len(batch):
                    continue
                dropped += len(batch) - len(keep)
                if keep:
                    table[key] = keep
                else:
                    del table[key]
            if not table.rows:
                del series[sid]
    return dropped
