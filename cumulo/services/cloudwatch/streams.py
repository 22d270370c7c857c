"""Metric streams: datapoints that match a running stream's filters go to its Firehose
delivery stream as JSON lines (the `json` output format), through `services.call`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch.models import Series

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext

log = logging.getLogger("cumulo.cloudwatch")


def _selected(stream: dict[str, Any], namespace: str, name: str) -> bool:
    def hits(filters: list[dict[str, Any]]) -> bool:
        return any(f.get("Namespace") == namespace and (not f.get("MetricNames") or name in f["MetricNames"]) for f in filters)

    include = stream.get("IncludeFilters") or []
    if include and not hits(include):
        return False
    return not hits(stream.get("ExcludeFilters") or [])


async def forward(ctx: RequestContext, namespace: str, written: list[Series], data: list[dict[str, Any]]) -> None:
    running = [s for s in ctx.scope.table("records/metric-streams").values() if s["State"] == "running"]
    if not running:
        return
    for stream in running:
        lines = []
        for series in written:
            if not _selected(stream, namespace, series.name):
                continue
            for datum in data:
                if datum["MetricName"] != series.name:
                    continue
                value = datum.get("Value")
                values = datum.get("Values") or ([value] if value is not None else [])
                if not values and "StatisticValues" not in datum:
                    continue
                sv = datum.get("StatisticValues") or {"SampleCount": float(len(values)), "Sum": float(sum(values)),
                                                      "Minimum": float(min(values)), "Maximum": float(max(values))}
                lines.append(orjson.dumps({
                    "metric_stream_name": stream["Name"], "account_id": ctx.account, "region": ctx.region, "namespace": namespace,
                    "metric_name": series.name, "dimensions": dict(series.dims), "timestamp": int(ctx.clock.now() * 1000),
                    "value": {"count": sv["SampleCount"], "sum": sv["Sum"], "max": sv["Maximum"], "min": sv["Minimum"]},
                    "unit": series.unit,
                }))
        if not lines:
            continue
        name = stream["FirehoseArn"].split(":deliverystream/", 1)[-1]
        try:
            await services.call(ctx.runtime, "firehose", "PutRecord", {"DeliveryStreamName": name, "Record": {"Data": b"\n".join(lines) + b"\n"}},
                                ctx.account, ctx.region)
        except AwsError as error:
            log.warning("metric stream %s could not deliver to %s: %s", stream["Name"], stream["FirehoseArn"], error)
