"""Kinesis streaming destinations (Enable/Disable/Describe/UpdateKinesisStreamingDestination)
and contributor insights (Describe/Update/ListContributorInsights), both settings of a table.

Changes answer with the transitional status AWS gives (ENABLING, DISABLING,
UPDATING) and are in effect at once: the next describe says ACTIVE/DISABLED,
so `kinesis_streaming_destination_active` and `contributor_insights_enabled`
waiters pass at their first poll. Delivery to Kinesis is `kinesis.py`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, kinesis, paging
from cumulo.services.dynamodb.api.tables import table_or_error
from cumulo.services.dynamodb.models import Index, Table

MAX_DESTINATIONS = 2


async def enable_kinesis_streaming_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    arn = req["StreamArn"]
    current = table.kinesis.get(arn)
    if current is not None and current["DestinationStatus"] == "ACTIVE":
        raise AwsError("ResourceInUseException", f"Table {table.name} is already streaming to the Kinesis data stream {arn}")
    if sum(d["DestinationStatus"] == "ACTIVE" for d in table.kinesis.values()) >= MAX_DESTINATIONS:
        raise AwsError("LimitExceededException", f"Table {table.name} already has {MAX_DESTINATIONS} streaming destinations")
    if kinesis.available():
        try:
            await services.call(ctx.runtime, "kinesis", "DescribeStreamSummary", {"StreamARN": arn}, ctx.account, ctx.region)
        except AwsError:
            raise AwsError("ResourceNotFoundException", f"Requested resource not found: Kinesis stream {arn} not found") from None
    config = req.get("EnableKinesisStreamingConfiguration") or {}
    precision = config.get("ApproximateCreationDateTimePrecision") or "MILLISECOND"
    table.kinesis[arn] = {"StreamArn": arn, "DestinationStatus": "ACTIVE", "ApproximateCreationDateTimePrecision": precision}
    engine.tables(ctx).touch(table.name)
    return {"TableName": table.name, "StreamArn": arn, "DestinationStatus": "ENABLING",
            "EnableKinesisStreamingConfiguration": {"ApproximateCreationDateTimePrecision": precision}}


def _destination(table: Table, arn: str) -> dict[str, Any]:
    found = table.kinesis.get(arn)
    if found is None or found["DestinationStatus"] != "ACTIVE":
        raise AwsError("ValidationException", f"Table {table.name} is not streaming to the Kinesis data stream {arn}")
    return found


def disable_kinesis_streaming_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    found = _destination(table, req["StreamArn"])
    found["DestinationStatus"] = "DISABLED"
    engine.tables(ctx).touch(table.name)
    return {"TableName": table.name, "StreamArn": req["StreamArn"], "DestinationStatus": "DISABLING",
            "EnableKinesisStreamingConfiguration": {"ApproximateCreationDateTimePrecision": found["ApproximateCreationDateTimePrecision"]}}


def describe_kinesis_streaming_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    return {"TableName": table.name, "KinesisDataStreamDestinations": [dict(d) for d in table.kinesis.values()]}


def update_kinesis_streaming_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    found = _destination(table, req["StreamArn"])
    config = req.get("UpdateKinesisStreamingConfiguration") or {}
    precision = config.get("ApproximateCreationDateTimePrecision")
    if not precision:
        raise AwsError("ValidationException", "UpdateKinesisStreamingConfiguration must not be empty")
    if precision == found["ApproximateCreationDateTimePrecision"]:
        raise AwsError("ValidationException", f"ApproximateCreationDateTimePrecision is already {precision}")
    found["ApproximateCreationDateTimePrecision"] = precision
    engine.tables(ctx).touch(table.name)
    return {"TableName": table.name, "StreamArn": req["StreamArn"], "DestinationStatus": "UPDATING",
            "UpdateKinesisStreamingConfiguration": {"ApproximateCreationDateTimePrecision": precision}}


# ---------------------------------------------------------------- contributor insights


def _insights_target(ctx: RequestContext, req: dict[str, Any]) -> tuple[Table, Table | Index]:
    table = table_or_error(ctx, req["TableName"])
    name = req.get("IndexName")
    if name is None:
        return table, table
    index = table.index(name)
    if index is None:
        raise AwsError("ResourceNotFoundException", f"Requested resource not found: Index: {name} not found")
    return table, index


def _rules(table: Table, target: Table | Index) -> list[str]:
    stamp = datetime.fromtimestamp(target.insights_updated, tz=timezone.utc).strftime("%Y%m%d%H%M%S")
    suffix = f"{table.name}-{target.name}" if target is not table else table.name
    return [f"DynamoDBContributorInsights-{kind}-{suffix}-{stamp}" for kind in ("PKC", "SKC", "PKT", "SKT")]


def describe_contributor_insights(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, target = _insights_target(ctx, req)
    out: dict[str, Any] = {"TableName": table.name, "ContributorInsightsStatus": target.contributor_insights}
    if target is not table:
        out["IndexName"] = target.name
    if target.contributor_insights == "ENABLED":
        out["ContributorInsightsRuleList"] = _rules(table, target)
        out["ContributorInsightsMode"] = target.contributor_insights_mode or "ACCESSED_AND_THROTTLED_KEYS"
    if target.insights_updated:
        out["LastUpdateDateTime"] = target.insights_updated
    return out


def update_contributor_insights(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, target = _insights_target(ctx, req)
    enable = req["ContributorInsightsAction"] == "ENABLE"
    target.contributor_insights = "ENABLED" if enable else "DISABLED"
    target.contributor_insights_mode = (req.get("ContributorInsightsMode") or "ACCESSED_AND_THROTTLED_KEYS") if enable else None
    target.insights_updated = ctx.clock.now()
    engine.tables(ctx).touch(table.name)
    out: dict[str, Any] = {"TableName": table.name, "ContributorInsightsStatus": "ENABLING" if enable else "DISABLING"}
    if target is not table:
        out["IndexName"] = target.name
    if enable:
        out["ContributorInsightsMode"] = target.contributor_insights_mode
    return out


def list_contributor_insights(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tables = [table_or_error(ctx, req["TableName"])] if req.get("TableName") else sorted(engine.tables(ctx).values(), key=lambda t: t.name)
    summaries = []
    for table in tables:
        for target in (table, *table.gsis.values()):
            entry: dict[str, Any] = {"TableName": table.name, "ContributorInsightsStatus": target.contributor_insights}
            if target is not table:
                entry["IndexName"] = target.name
            if target.contributor_insights_mode:
                entry["ContributorInsightsMode"] = target.contributor_insights_mode
            summaries.append(entry)
    page, more = paging.page(summaries, req.get("NextToken"), req.get("MaxResults") or 100)
    return {"ContributorInsightsSummaries": page, **more}
