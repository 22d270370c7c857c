"""Metric filters, subscription filters and transformers, and their test operations."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs import patterns, transformers
from cumulo.services.logs.common import get_group, invalid, not_found, now_ms, page, touch_group
from cumulo.services.logs.models import MetricFilter, SubscriptionFilter

MAX_METRIC_FILTERS = 100
MAX_SUBSCRIPTION_FILTERS = 2


def _compile(text: str) -> None:
    try:
        patterns.compile(text)
    except patterns.PatternError as error:
        raise invalid(str(error)) from None


def put_metric_filter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    _compile(req["filterPattern"])
    for t in req["metricTransformations"]:
        value = t["metricValue"]
        if not value.startswith("$"):
            try:
                float(value)
            except ValueError:
                raise invalid(f"Invalid metric value {value}: a number or a $field reference") from None
        if t.get("dimensions") and "defaultValue" in t:
            raise invalid("A metric filter with dimensions cannot have a default value.")
    name = req["filterName"]
    if name not in group.metric_filters and len(group.metric_filters) >= MAX_METRIC_FILTERS:
        raise AwsError("LimitExceededException", "Resource limit exceeded.", status=400)
    group.metric_filters[name] = MetricFilter(
        name, req["filterPattern"], [dict(t) for t in req["metricTransformations"]], now_ms(ctx),
        bool(req.get("applyOnTransformedLogs", False)), req.get("fieldSelectionCriteria", ""),
    )
    touch_group(ctx, group)
    return {}


def delete_metric_filter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    if group.metric_filters.pop(req["filterName"], None) is None:
        raise not_found("The specified metric filter does not exist.")
    touch_group(ctx, group)
    return {}


def describe_metric_filters(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("filterNamePrefix") and not req.get("logGroupName"):
        raise invalid("If you specify filterNamePrefix, you must also specify logGroupName.")
    if bool(req.get("metricName")) != bool(req.get("metricNamespace")):
        raise invalid("metricName and metricNamespace must be specified together.")
    from cumulo.services.logs.common import groups

    chosen = [get_group(ctx, req)] if req.get("logGroupName") else [g for _, g in sorted(groups(ctx.scope).items())]
    found = []
    for group in chosen:
        for mf in sorted(group.metric_filters.values(), key=lambda m: m.name):
            if req.get("filterNamePrefix") and not mf.name.startswith(req["filterNamePrefix"]):
                continue
            if req.get("metricName") and not any(
                t["metricName"] == req["metricName"] and t["metricNamespace"] == req["metricNamespace"] for t in mf.transformations
            ):
                continue
            item = {"filterName": mf.name, "filterPattern": mf.pattern, "metricTransformations": mf.transformations,
                    "creationTime": mf.created, "logGroupName": group.name, "applyOnTransformedLogs": mf.apply_on_transformed}
            if mf.selection_criteria:
                item["fieldSelectionCriteria"] = mf.selection_criteria
            found.append(item)
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    return {"metricFilters": items, **({"nextToken": token} if token else {})}


def test_metric_filter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    try:
        pattern = patterns.compile(req["filterPattern"])
    except patterns.PatternError as error:
        raise invalid(str(error)) from None
    matches = []
    for i, message in enumerate(req["logEventMessages"], start=1):
        fields = pattern.match(message)
        if fields is None:
            continue
        extracted: dict[str, str] = {}
        if pattern.kind == "delimited":
            extracted = {f"${k}": str(v) for k, v in fields.items()}
        elif pattern.kind == "json":
            extracted = {}
        matches.append({"eventNumber": i, "eventMessage": message, "extractedValues": extracted})
    return {"matches": matches}


def put_subscription_filter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    _compile(req["filterPattern"])
    arn = req["destinationArn"]
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn" or parts[2] not in ("lambda", "kinesis", "firehose", "logs"):
        raise invalid(f"Could not deliver test message to specified destination. Check if the destination is valid. {arn}")
    if parts[2] == "lambda":
        _check_function(ctx, arn)
    name = req["filterName"]
    if name not in group.subscription_filters and len(group.subscription_filters) >= MAX_SUBSCRIPTION_FILTERS:
        raise AwsError("LimitExceededException", "Resource limit exceeded.", status=400)
    group.subscription_filters[name] = SubscriptionFilter(
        name, req["filterPattern"], arn, req.get("roleArn", ""), req.get("distribution") or "ByLogStream", now_ms(ctx),
        bool(req.get("applyOnTransformedLogs", False)), req.get("fieldSelectionCriteria", ""),
    )
    touch_group(ctx, group)
    return {}


def _check_function(ctx: RequestContext, arn: str) -> None:
    """AWS sends a test message on creation; a function that is not there fails it."""
    parts = arn.split(":")
    function = ctx.store.scope("lambda", parts[4] or ctx.account, parts[3] or ctx.region).table("functions")
    if parts[6] not in function:
        raise invalid("Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function.")


def delete_subscription_filter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    if group.subscription_filters.pop(req["filterName"], None) is None:
        raise not_found("The specified subscription filter does not exist.")
    touch_group(ctx, group)
    return {}


def describe_subscription_filters(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    found = []
    for sf in sorted(group.subscription_filters.values(), key=lambda s: s.name):
        if req.get("filterNamePrefix") and not sf.name.startswith(req["filterNamePrefix"]):
            continue
        item = {"filterName": sf.name, "logGroupName": group.name, "filterPattern": sf.pattern, "destinationArn": sf.destination_arn,
                "distribution": sf.distribution, "creationTime": sf.created, "applyOnTransformedLogs": sf.apply_on_transformed}
        if sf.role_arn:
            item["roleArn"] = sf.role_arn
        found.append(item)
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    return {"subscriptionFilters": items, **({"nextToken": token} if token else {})}


def put_transformer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    transformers.check(req["transformerConfig"])
    now = now_ms(ctx)
    created = group.transformer["creationTime"] if group.transformer else now
    group.transformer = {"logGroupIdentifier": req["logGroupIdentifier"], "creationTime": created, "lastModifiedTime": now,
                         "transformerConfig": req["transformerConfig"]}
    touch_group(ctx, group)
    return {}


def get_transformer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    if group.transformer is None:
        raise not_found("The specified transformer does not exist.")
    return dict(group.transformer)


def delete_transformer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    if group.transformer is None:
        raise not_found("The specified transformer does not exist.")
    group.transformer = None
    touch_group(ctx, group)
    return {}


def test_transformer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    transformers.check(req["transformerConfig"])
    out = []
    for i, message in enumerate(req["logEventMessages"], start=1):
        out.append({"eventNumber": i, "eventMessage": message,
                    "transformedEventMessage": transformers.apply(req["transformerConfig"], message)})
    return {"transformedLogs": out}
