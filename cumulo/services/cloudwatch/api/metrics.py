"""Metrics: PutMetricData, GetMetricStatistics, GetMetricData (with metric math), ListMetrics."""

from __future__ import annotations

import base64
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch import datapoints, insight_data, queries, streams
from cumulo.services.cloudwatch.datapoints import epoch, invalid
from cumulo.services.cloudwatch.mathexpr import TS

MAX_DATAPOINTS_STATS = 1440
MAX_METRIC_DATA = 1000
LIST_PAGE = 500
RECENT = 3 * 3600


async def put_metric_data(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    namespace = req["Namespace"]
    # Only AWS's own services publish to AWS/ namespaces; they come through services.call.
    if namespace.startswith("AWS/") and ctx.request is not None:
        raise invalid(f"The value {namespace} for parameter Namespace is invalid.")
    data = req.get("MetricData") or []
    if len(data) > MAX_METRIC_DATA:
        raise invalid(f"The collection MetricData must not have a size greater than {MAX_METRIC_DATA}.")
    if not data and not req.get("EntityMetricData"):
        raise AwsError("MissingRequiredParameterException", "The parameter MetricData is required.", status=400)
    now = ctx.clock.now()
    entity_data = [d for e in req.get("EntityMetricData") or [] for d in e.get("MetricData") or []]
    written = datapoints.put(ctx.scope, namespace, [*data, *entity_data], now)
    if written:
        await streams.forward(ctx, namespace, written, [*data, *entity_data])
    return {}


def _unit_ok(unit: str | None, series_unit: str) -> bool:
    return not unit or unit == series_unit


def get_metric_statistics(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stats = req.get("Statistics") or []
    extended = req.get("ExtendedStatistics") or []
    if not stats and not extended:
        raise AwsError("MissingRequiredParameterException", "Must specify either Statistics or ExtendedStatistics.", status=400)
    if stats and extended:
        raise AwsError("InvalidParameterCombinationException", "Must specify either Statistics or ExtendedStatistics, but not both.", status=400)
    for e in extended:
        if not datapoints.valid_statistic(e) or e in datapoints.STANDARD:
            raise invalid(f"The value {e} for parameter ExtendedStatistics is not a valid percentile.")
    period = req["Period"]
    if period < 1 or (period >= 60 and period % 60) or (period < 60 and period not in (1, 5, 10, 30)):
        raise invalid("The parameter Period must be 1, 5, 10, 30, or a multiple of 60.")
    start, end = epoch(req["StartTime"]), epoch(req["EndTime"])
    if start >= end:
        raise invalid("The parameter StartTime must be less than the parameter EndTime.")
    if (end - start) / period > MAX_DATAPOINTS_STATS:
        raise invalid(f"You have requested up to {int((end - start) / period)} datapoints, which exceeds the limit of {MAX_DATAPOINTS_STATS}. "
                      "You may reduce the datapoints requested by increasing Period, or decreasing the time range.")
    series = datapoints.find_series(ctx.scope, req["Namespace"], req["MetricName"], datapoints.dims_of(req.get("Dimensions")))
    out: list[dict[str, Any]] = []
    if series is not None and _unit_ok(req.get("Unit"), series.unit):
        for t, bucket in sorted(datapoints.buckets(ctx.scope, series.id, start, end, period).items()):
            point: dict[str, Any] = {"Timestamp": float(t), "Unit": series.unit}
            for s in stats:
                v = datapoints.statistic(s, bucket)
                if v is not None:
                    point[s] = v
            if extended:
                point["ExtendedStatistics"] = {e: v for e in extended if (v := datapoints.statistic(e, bucket)) is not None}
            out.append(point)
    return {"Label": req["MetricName"], "Datapoints": out}


async def get_metric_data(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    start, end = epoch(req["StartTime"]), epoch(req["EndTime"])
    if start >= end:
        raise invalid("The parameter StartTime must be less than the parameter EndTime.")
    specs = req["MetricDataQueries"]
    if len(specs) > 500:
        raise invalid("The collection MetricDataQueries must not have a size greater than 500.")
    insight = await insight_data.prefetch(ctx.runtime, ctx.scope, specs, start, end, queries.period_of(specs)) if insight_data.named(specs) else None
    values = queries.run(ctx.scope, specs, start, end, insight)
    descending = (req.get("ScanBy") or "TimestampDescending") == "TimestampDescending"
    results: list[dict[str, Any]] = []
    for q in specs:
        if q.get("ReturnData") is False:
            continue
        value = values[q["Id"]]
        series = value if isinstance(value, list) else [value] if isinstance(value, TS) else [TS({t: float(value) for t in queries.grid(start, end, 60)[-1:]})]
        for s in series:
            stamps = sorted(s.values, reverse=descending)
            label = q.get("Label") or s.label or q["Id"]
            if not q.get("Label") and q.get("Expression") and not isinstance(value, list):
                label = q["Id"]
            results.append({"Id": q["Id"], "Label": label, "Timestamps": [float(t) for t in stamps],
                            "Values": [s.values[t] for t in stamps], "StatusCode": "Complete"})
    return _page_results(results, req.get("NextToken"), req.get("MaxDatapoints") or 100_800)


def _page_results(results: list[dict[str, Any]], token: str | None, limit: int) -> dict[str, Any]:
    skip = 0
    if token:
        try:
            skip = int(orjson.loads(base64.urlsafe_b64decode(token.encode()))["skip"])
        except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
            raise AwsError("InvalidNextToken", "The service found the next token invalid.", status=400) from None
    out = []
    seen = 0
    budget = limit
    for r in results:
        n = len(r["Values"])
        begin = max(skip - seen, 0)
        seen += n
        if begin >= n and n:
            continue
        take = min(n - begin, budget)
        out.append({**r, "Timestamps": r["Timestamps"][begin:begin + take], "Values": r["Values"][begin:begin + take],
                    "StatusCode": "Complete" if begin + take >= n else "PartialData"})
        budget -= take
        if budget <= 0:
            break
    total = sum(len(r["Values"]) for r in results)
    answer: dict[str, Any] = {"MetricDataResults": out, "Messages": []}
    if skip + limit < total:
        answer["NextToken"] = base64.urlsafe_b64encode(orjson.dumps({"skip": skip + limit})).decode()
    return answer


def list_metrics(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    recent = req.get("RecentlyActive")
    if recent and recent != "PT3H":
        raise invalid(f"The value {recent} for parameter RecentlyActive is invalid.")
    now = ctx.clock.now()
    wanted = req.get("Dimensions") or []
    found = []
    for s in sorted(ctx.scope.table("series").values(), key=lambda s: (s.namespace, s.name, s.dims)):
        if req.get("Namespace") and s.namespace != req["Namespace"]:
            continue
        if req.get("MetricName") and s.name != req["MetricName"]:
            continue
        dims = dict(s.dims)
        if not all(d["Name"] in dims and ("Value" not in d or dims[d["Name"]] == d["Value"]) for d in wanted):
            continue
        if recent and now - s.last_put > RECENT:
            continue
        found.append({"Namespace": s.namespace, "MetricName": s.name, "Dimensions": [{"Name": k, "Value": v} for k, v in s.dims]})
    start = 0
    if req.get("NextToken"):
        try:
            start = int(base64.urlsafe_b64decode(req["NextToken"].encode()))
        except ValueError:
            raise invalid("The service found the next token invalid.") from None
    out: dict[str, Any] = {"Metrics": found[start:start + LIST_PAGE]}
    if start + LIST_PAGE < len(found):
        out["NextToken"] = base64.urlsafe_b64encode(str(start + LIST_PAGE).encode()).decode()
    if req.get("IncludeLinkedAccounts"):
        out["OwningAccounts"] = [ctx.account] * len(out["Metrics"])
    return out


def get_metric_widget_image(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fmt = (req.get("OutputFormat") or "png").lower()
    if fmt != "png":
        raise invalid(f"The output format {fmt} is not supported by cumulo; use png.")
    from cumulo.services.cloudwatch import widgets

    return {"MetricWidgetImage": widgets.render(ctx.scope, req["MetricWidget"], ctx.clock.now())}
