"""Event source mappings: create, read, list, update, delete. The polling is in `sources` and `streams`.

A DynamoDB stream source needs `StartingPosition` (TRIM_HORIZON or LATEST);
creating its mapping reads the stream (through `services.call`) to fix where
the mapping starts, so records written right after CreateEventSourceMapping
answers are never missed under LATEST.

Answers carry the transitional states AWS reports (`Creating`, `Updating`,
`Deleting`); reads show `Enabled` or `Disabled`.
"""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.engines import event_patterns
from cumulo.services.awslambda import streams, views
from cumulo.services.awslambda.models import EventSourceMapping
from cumulo.services.awslambda.names import conflict, invalid, not_found, resolve

EXTRA = (
    "StartingPosition", "StartingPositionTimestamp", "ParallelizationFactor", "DestinationConfig", "MaximumRecordAgeInSeconds",
    "BisectBatchOnFunctionError", "MaximumRetryAttempts", "TumblingWindowInSeconds", "ScalingConfig", "Topics", "Queues",
    "SourceAccessConfigurations", "MetricsConfig", "KMSKeyArn", "SelfManagedEventSource", "AmazonManagedKafkaEventSourceConfig",
    "SelfManagedKafkaEventSourceConfig", "DocumentDBEventSourceConfig", "LoggingConfig", "ProvisionedPollerConfig",
)


def _function_arn(ctx: RequestContext, name: str) -> str:
    fn, _, _ = resolve(ctx, name)
    qualifier = name.split(":")[7] if name.count(":") >= 7 else None
    return f"{fn.arn}:{qualifier}" if qualifier else fn.arn


def _filters(req: dict[str, Any]) -> list[str]:
    patterns = [f.get("Pattern", "") for f in ((req.get("FilterCriteria") or {}).get("Filters") or [])]
    for pattern in patterns:
        try:
            event_patterns.parse(pattern)
        except ValueError:
            raise invalid(f"Invalid filter pattern definition: {pattern}") from None
    return patterns


STREAM_DEFAULTS = {"MaximumRetryAttempts": -1, "MaximumRecordAgeInSeconds": -1, "BisectBatchOnFunctionError": False, "ParallelizationFactor": 1}


async def create_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    source = req.get("EventSourceArn") or ""
    function_arn = _function_arn(ctx, req["FunctionName"])
    table = ctx.scope.table("mappings")
    for m in table.values():
        if m.source_arn == source and m.function_arn.split(":")[6] == function_arn.split(":")[6]:
            raise conflict(
                f'An event source mapping with SQS arn (" {source} ") and function (" {function_arn.split(":")[6]} ") already exists. '
                f"Please update or delete the existing mapping with UUID {m.uuid}"
            )
    sqs = source.split(":")[2:3] == ["sqs"]
    batch = int(req.get("BatchSize") or (10 if sqs else 100))
    window = int(req.get("MaximumBatchingWindowInSeconds") or 0)
    if sqs and batch > 10 and not window:
        raise invalid("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
    ident = str(uuid.uuid4())
    mapping = EventSourceMapping(
        ident,
        ctx.arn(f"event-source-mapping:{ident}"),
        function_arn,
        source,
        batch,
        window,
        req.get("Enabled", True),
        _filters(req),
        list(req.get("FunctionResponseTypes") or []),
        ctx.clock.now(),
        extra={k: req[k] for k in EXTRA if k in req},
        tags=dict(req.get("Tags") or {}),
    )
    if streams.is_stream(source):
        kinesis = streams.kind_of(source) is streams.KINESIS
        allowed = ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP") if kinesis else ("TRIM_HORIZON", "LATEST")
        if req.get("StartingPosition") not in allowed:
            raise invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null"
                          if not req.get("StartingPosition") else f"Unsupported starting position {req['StartingPosition']} for {'Kinesis' if kinesis else 'DynamoDB Streams'}: use {' or '.join(allowed)}")
        if req.get("StartingPosition") == "AT_TIMESTAMP" and not req.get("StartingPositionTimestamp"):
            raise invalid("StartingPositionTimestamp must be provided when StartingPosition is AT_TIMESTAMP.")
        mapping.extra = STREAM_DEFAULTS | mapping.extra
        try:
            ctx.scope.table("positions")[ident] = await streams.starting_position(ctx.runtime, mapping)
        except AwsError:
            raise invalid(f"Stream not found: {source}") from None
    table[ident] = mapping
    return views.mapping(mapping) | {"State": "Creating"}


def _mapping(ctx: RequestContext, ident: str) -> EventSourceMapping:
    mapping = ctx.scope.table("mappings").get(ident)
    if mapping is None:
        raise not_found(f"The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: {ctx.request_id})")
    return mapping


def get_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return views.mapping(_mapping(ctx, req["UUID"]))


def update_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    mapping = _mapping(ctx, req["UUID"])
    if req.get("FunctionName"):
        mapping.function_arn = _function_arn(ctx, req["FunctionName"])
    if "Enabled" in req:
        mapping.enabled = bool(req["Enabled"])
    if req.get("BatchSize"):
        mapping.batch_size = int(req["BatchSize"])
    if "MaximumBatchingWindowInSeconds" in req:
        mapping.batching_window = int(req["MaximumBatchingWindowInSeconds"])
    if "FilterCriteria" in req:
        mapping.filters = _filters(req)
    if "FunctionResponseTypes" in req:
        mapping.response_types = list(req["FunctionResponseTypes"] or [])
    mapping.extra.update({k: req[k] for k in EXTRA if k in req})
    mapping.last_modified = ctx.clock.now()
    ctx.scope.table("mappings").touch(mapping.uuid)
    return views.mapping(mapping) | {"State": "Updating"}


def delete_event_source_mapping(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    mapping = _mapping(ctx, req["UUID"])
    del ctx.scope.table("mappings")[mapping.uuid]
    ctx.scope.table("positions").pop(mapping.uuid, None)
    return views.mapping(mapping) | {"State": "Deleting"}


def list_event_source_mappings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    source = req.get("EventSourceArn")
    name = req.get("FunctionName")
    wanted = _function_arn(ctx, name) if name else None
    rows = [
        views.mapping(m)
        for m in sorted(ctx.scope.table("mappings").values(), key=lambda m: m.last_modified)
        if (not source or m.source_arn == source) and (wanted is None or m.function_arn == wanted)
    ]
    return views.paginate(rows, req, "EventSourceMappings", limit=100)
