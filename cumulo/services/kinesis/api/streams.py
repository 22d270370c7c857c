"""Kinesis handlers for streams: lifecycle, description, retention, tags, modes, encryption, policies."""

from __future__ import annotations

import random
import string
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.kinesis import encryption, log, streams, tokens
from cumulo.services.kinesis.models import AccountSettings, Stream
from cumulo.services.kinesis.streams import find, summary

ON_DEMAND_LIMIT = 50
MIN_RETENTION, MAX_RETENTION = 24, 8760
MAX_TAGS = 50
ALL_METRICS = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"]


def _stream_id() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(random.choices(alphabet, k=20)) + "-" + "".join(random.choices(alphabet, k=3))


def create_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["StreamName"]
    table = ctx.scope.table("streams")
    if name in table:
        raise AwsError("ResourceInUseException", f"Stream {name} under account {ctx.account} already exists.")
    count = req.get("ShardCount")
    # Without a mode, a shard count means PROVISIONED; with neither, the stream is ON_DEMAND.
    mode = (req.get("StreamModeDetails") or {}).get("StreamMode") or ("PROVISIONED" if count is not None else "ON_DEMAND")
    if mode == "PROVISIONED" and count is None:
        raise AwsError("InvalidArgumentException", "ShardCount must be specified for a stream in PROVISIONED mode.")
    if mode == "ON_DEMAND":
        if count is not None:
            raise AwsError("InvalidArgumentException", "ShardCount cannot be specified for a stream in ON_DEMAND mode.")
        if sum(1 for s in table.values() if s.mode == "ON_DEMAND") >= ON_DEMAND_LIMIT:
            raise AwsError("LimitExceededException", f"This request would exceed the on-demand stream limit of {ON_DEMAND_LIMIT} for account {ctx.account}.")
        count = streams.ON_DEMAND_SHARDS
    assert count is not None
    if streams.open_shard_count(ctx) + count > streams.SHARD_LIMIT:
        raise AwsError(
            "LimitExceededException",
            f"This request would exceed the shard limit for the account {ctx.account} in {ctx.region}. Current shard count for the account: "
            f"{streams.open_shard_count(ctx)}. Limit: {streams.SHARD_LIMIT}. Number of additional shards that would have resulted from this request: {count}.",
        )
    _check_tags(req.get("Tags") or {}, ctx.request is None)
    now = ctx.clock.now()
    stream = Stream(
        name=name,
        account=ctx.account,
        region=ctx.region,
        arn=streams.arn_of(ctx, ctx.account, ctx.region, name),
        created=now,
        mode=mode,
        tags=dict(req.get("Tags") or {}),
        warm_throughput=req.get("WarmThroughputMiBps"),
        max_record_kib=req.get("MaxRecordSizeInKiB") or 1024,
        distribution=req.get("RecordDistributionStrategy"),
        stream_id=_stream_id(),
    )
    for start, end in streams.even_ranges(count):
        streams.open_shard(stream, start, end, now)
    table[name] = stream
    streams.begin(ctx, ctx.scope, stream, "CREATING")
    return {}


def decrease_stream_retention_period(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    hours = req["RetentionPeriodHours"]
    if hours < MIN_RETENTION:
        raise AwsError("InvalidArgumentException", f"Minimum allowed retention period is {MIN_RETENTION} hours. Requested retention period ({hours} hours) is too short.")
    if hours > stream.retention_hours:
        raise AwsError(
            "InvalidArgumentException",
            f"Requested retention period ({hours} hours) for stream {stream.name} can not be longer than existing retention period ({stream.retention_hours} hours). Use IncreaseRetentionPeriod API.",
        )
    stream.retention_hours = hours
    scope.table("streams").touch(stream.name)
    log.trim(ctx.runtime, scope, stream, ctx.clock.now())
    return {}


def delete_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    if stream.consumers and not req.get("EnforceConsumerDeletion"):
        raise AwsError("ResourceInUseException", f"Stream {stream.name} under account {stream.account} has registered consumers.")
    log.drop_all(ctx.runtime, scope, stream)
    del scope.table("streams")[stream.name]
    return {}


def describe_limits(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = ctx.scope.table("streams")
    return {
        "ShardLimit": streams.SHARD_LIMIT,
        "OpenShardCount": streams.open_shard_count(ctx),
        "OnDemandStreamCount": sum(1 for s in table.values() if s.mode == "ON_DEMAND"),
        "OnDemandStreamCountLimit": ON_DEMAND_LIMIT,
        "ChannelCount": len(ctx.scope.table("channels")),
        "ChannelCountLimit": 50,
    }


def describe_account_settings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    settings: AccountSettings = ctx.scope.table("settings").get("account") or AccountSettings()
    return {"MinimumThroughputBillingCommitment": dict(settings.commitment)}


def update_account_settings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = ctx.scope.table("settings")
    settings: AccountSettings = table.get("account") or AccountSettings()
    wanted = req["MinimumThroughputBillingCommitment"]["Status"]
    now = ctx.clock.now()
    if wanted == "ENABLED":
        settings.commitment = {"Status": "ENABLED", "StartedAt": now, "EarliestAllowedEndAt": now + 24 * 3600}
    else:
        current = settings.commitment
        if current.get("Status") == "ENABLED" and now < current.get("EarliestAllowedEndAt", 0):
            raise AwsError("InvalidArgumentException", "The minimum throughput billing commitment cannot be disabled before its earliest allowed end time.")
        settings.commitment = {**current, "Status": "DISABLED", "EndedAt": now}
    table["account"] = settings
    return {"MinimumThroughputBillingCommitment": dict(settings.commitment)}


def describe_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, stream = find(ctx, req)
    shards = stream.shards
    start = req.get("ExclusiveStartShardId")
    if start:
        shards = [s for s in shards if s.id > start]
    limit = req.get("Limit") or 100
    page = shards[:limit]
    description = summary(stream)
    for extra in ("OpenShardCount", "ConsumerCount", "StreamId", "WarmThroughput", "MaxRecordSizeInKiB", "RecordDistributionStrategy"):
        description.pop(extra, None)
    description["Shards"] = [streams.shard_view(s) for s in page]
    description["HasMoreShards"] = len(shards) > limit
    return {"StreamDescription": description}


def describe_stream_summary(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, stream = find(ctx, req)
    return {"StreamDescriptionSummary": summary(stream)}


def _monitoring(ctx: RequestContext, req: dict[str, Any], enable: bool) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    wanted = set(ALL_METRICS if "ALL" in req["ShardLevelMetrics"] else req["ShardLevelMetrics"])
    before = list(stream.metrics)
    after = set(before) | wanted if enable else set(before) - wanted
    stream.metrics = [m for m in ALL_METRICS if m in after]
    scope.table("streams").touch(stream.name)
    return {"StreamName": stream.name, "CurrentShardLevelMetrics": before, "DesiredShardLevelMetrics": list(stream.metrics), "StreamARN": stream.arn}


def disable_enhanced_monitoring(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _monitoring(ctx, req, enable=False)


def enable_enhanced_monitoring(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _monitoring(ctx, req, enable=True)


def increase_stream_retention_period(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    hours = req["RetentionPeriodHours"]
    if hours > MAX_RETENTION:
        raise AwsError("InvalidArgumentException", f"Maximum allowed retention period is {MAX_RETENTION} hours. Requested retention period ({hours} hours) is too long.")
    if hours < stream.retention_hours:
        raise AwsError(
            "InvalidArgumentException",
            f"Requested retention period ({hours} hours) for stream {stream.name} can not be shorter than existing retention period ({stream.retention_hours} hours). Use DecreaseRetentionPeriod API.",
        )
    stream.retention_hours = hours
    scope.table("streams").touch(stream.name)
    return {}


def list_streams(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    names = sorted(ctx.scope.table("streams"))
    after = req.get("ExclusiveStartStreamName")
    token = req.get("NextToken")
    if token:
        if after:
            raise AwsError("InvalidArgumentException", "NextToken and ExclusiveStartStreamName cannot be provided together.")
        (after,) = tokens.read(token, "streams", 1)
    if after:
        names = [n for n in names if n > after]
    limit = req.get("Limit") or 100
    page, more = names[:limit], len(names) > limit
    table = ctx.scope.table("streams")
    out: dict[str, Any] = {
        "StreamNames": page,
        "HasMoreStreams": more,
        "StreamSummaries": [
            {
                "StreamName": n,
                "StreamARN": table[n].arn,
                "StreamStatus": streams.status(table[n]),
                "StreamModeDetails": streams.mode_view(table[n]),
                "StreamCreationTimestamp": table[n].created,
            }
            for n in page
        ],
    }
    if more:
        out["NextToken"] = tokens.make("streams", page[-1])
    return out


# ---------------------------------------------------------------- tags


def _check_tags(tags: dict[str, str], internal: bool = False) -> None:
    # The aws: prefix is AWS's own: refused from clients, taken from internal calls
    # (CloudFormation's aws:cloudformation:* tags).
    for key in tags:
        if key.lower().startswith("aws:") and not internal:
            raise AwsError("InvalidArgumentException", f"Tag key {key} must not start with 'aws:'.")


def _add_tags(scope: Any, stream: Stream, tags: dict[str, str], internal: bool = False) -> None:
    _check_tags(tags, internal)
    merged = {**stream.tags, **tags}
    if len(merged) > MAX_TAGS:
        raise AwsError("InvalidArgumentException", f"Failed to add tags to stream {stream.name} under account {stream.account} because a given stream cannot have more than {MAX_TAGS} tags.")
    stream.tags = merged
    scope.table("streams").touch(stream.name)


def add_tags_to_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    _add_tags(scope, stream, req["Tags"], ctx.request is None)
    return {}


def list_tags_for_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, stream = find(ctx, req)
    keys = sorted(stream.tags)
    after = req.get("ExclusiveStartTagKey")
    if after:
        keys = [k for k in keys if k > after]
    limit = req.get("Limit") or 50
    return {"Tags": [{"Key": k, "Value": stream.tags[k]} for k in keys[:limit]], "HasMoreTags": len(keys) > limit}


def remove_tags_from_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    for key in req["TagKeys"]:
        stream.tags.pop(key, None)
    scope.table("streams").touch(stream.name)
    return {}


# ---------------------------------------------------------------- modes, encryption, sizes


def update_stream_mode(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, {"StreamARN": req["StreamARN"]})
    streams.require_active(stream)
    mode = req["StreamModeDetails"]["StreamMode"]
    if mode == stream.mode:
        raise AwsError("InvalidArgumentException", f"Stream {stream.name} under account {stream.account} is already in {mode} mode.")
    stream.mode = mode
    if req.get("WarmThroughputMiBps") is not None:
        stream.warm_throughput = req["WarmThroughputMiBps"]
    streams.begin(ctx, scope, stream, "UPDATING")
    return {}


def update_stream_warm_throughput(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    if stream.mode != "ON_DEMAND":
        raise AwsError("InvalidArgumentException", "Warm throughput can only be set on a stream in ON_DEMAND mode.")
    stream.warm_throughput = req["WarmThroughputMiBps"]
    streams.begin(ctx, scope, stream, "UPDATING")
    return {
        "StreamARN": stream.arn,
        "StreamName": stream.name,
        "WarmThroughput": {"TargetMiBps": stream.warm_throughput, "CurrentMiBps": stream.warm_throughput},
    }


def update_max_record_size(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)  # StreamARN (optional in the model) or, when absent, the refusal find() words
    streams.require_active(stream)
    stream.max_record_kib = req["MaxRecordSizeInKiB"]
    scope.table("streams").touch(stream.name)
    return {}


def update_stream_record_distribution_strategy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, {"StreamARN": req["StreamARN"]})
    stream.distribution = req["RecordDistributionStrategy"]
    scope.table("streams").touch(stream.name)
    return {}


async def start_stream_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    streams.require_active(stream)
    stream.data_key = await encryption.start(ctx, stream, req["KeyId"])
    stream.encryption, stream.key_id = req["EncryptionType"], req["KeyId"]
    streams.begin(ctx, scope, stream, "UPDATING")
    return {}


def stop_stream_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    streams.require_active(stream)
    stream.encryption, stream.key_id, stream.data_key = "NONE", None, None
    streams.begin(ctx, scope, stream, "UPDATING")
    return {}
