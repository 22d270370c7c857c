"""Finding streams, their status on the clock, resharding, and how they are described.

A request names a stream by `StreamName` (in the caller's account and region) or
`StreamARN` (any account and region). Status transitions (CREATING, UPDATING)
last `CUMULO_KINESIS_STATUS_DELAY` seconds of the cumulo clock (0 by default:
settled before the next call). Resharding closes shards and opens children
with the lineage AWS reports (`ParentShardId`, `AdjacentParentShardId`).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.arns import partition
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.kinesis.models import MAX_HASH, Shard, Stream, sequence_number
from cumulo.state import Scope

ON_DEMAND_SHARDS = 4
SHARD_LIMIT = 500  # open shards per account and region, AWS's default in us-east-1


def arn_of(ctx: RequestContext, account: str, region: str, name: str) -> str:
    return f"arn:{partition(region)}:kinesis:{region}:{account}:stream/{name}"


def not_found(name: str, account: str) -> AwsError:
    return AwsError("ResourceNotFoundException", f"Stream {name} under account {account} not found.")


def parse_arn(arn: str) -> tuple[str, str, str]:
    """(account, region, stream name) of a stream ARN (or of a consumer ARN under it)."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "kinesis" or not parts[5].startswith("stream/"):
        raise AwsError("InvalidArgumentException", f"Invalid StreamARN: {arn}")
    return parts[4], parts[3], parts[5][len("stream/") :].split("/", 1)[0]


def scope_of(ctx: RequestContext, account: str, region: str) -> Scope:
    return ctx.scope_for(account, region)


def find(ctx: RequestContext, req: dict[str, Any]) -> tuple[Scope, Stream]:
    """The stream a request names, by StreamARN or StreamName; its scope too."""
    arn, name = req.get("StreamARN"), req.get("StreamName")
    if arn:
        account, region, arn_name = parse_arn(arn)
        if name and name != arn_name:
            raise AwsError("InvalidArgumentException", "StreamARN and StreamName do not refer to the same stream.")
        name = arn_name
    elif name:
        account, region = ctx.account, ctx.region
    else:
        raise AwsError("InvalidArgumentException", "Either StreamName or StreamARN should be provided.")
    scope = scope_of(ctx, account, region)
    stream: Stream | None = scope.table("streams").get(name)
    if stream is None:
        raise not_found(name, account)
    settle(scope, stream, ctx.clock.now())
    return scope, stream


def settle(scope: Scope, stream: Stream, now: float) -> None:
    if stream.pending_status and now >= stream.status_until:
        stream.pending_status = None
        scope.table("streams").touch(stream.name)
    for consumer in stream.consumers.values():
        if consumer.status != "ACTIVE" and now >= consumer.status_until:
            consumer.status = "ACTIVE"
            scope.table("streams").touch(stream.name)


def status(stream: Stream) -> str:
    return stream.pending_status or stream.status


def begin(ctx: RequestContext, scope: Scope, stream: Stream, pending: str) -> None:
    """Show `pending` (CREATING, UPDATING) for the configured delay; the change itself is already made."""
    delay = float(getattr(ctx.runtime.config, "kinesis_status_delay", 0.0) or 0.0)
    if delay > 0:
        stream.pending_status = pending
        stream.status_until = ctx.clock.now() + delay
    scope.table("streams").touch(stream.name)


def require_active(stream: Stream) -> None:
    if status(stream) != "ACTIVE":
        raise AwsError(
            "ResourceInUseException",
            f"Stream {stream.name} under account {stream.account} not ACTIVE, instead in state {status(stream)}",
        )


# ---------------------------------------------------------------- shards and resharding


def open_shard_count(ctx: RequestContext) -> int:
    return sum(len(s.open_shards()) for s in ctx.scope.table("streams").values())


def even_ranges(count: int) -> list[tuple[int, int]]:
    width = (MAX_HASH + 1) // count
    return [(i * width, MAX_HASH if i == count - 1 else (i + 1) * width - 1) for i in range(count)]


def open_shard(stream: Stream, start: int, end: int, now: float, parent: str | None = None, adjacent: str | None = None) -> Shard:
    shard = Shard(
        index=stream.next_shard,
        start_hash=start,
        end_hash=end,
        starting_sequence=sequence_number(stream.counter + 1, stream.next_shard),
        parent=parent,
        adjacent_parent=adjacent,
        created=now,
    )
    stream.next_shard += 1
    stream.shards.append(shard)
    return shard


def close_shard(stream: Stream, shard: Shard, now: float) -> None:
    shard.ending_sequence = sequence_number(stream.counter, shard.index)
    shard.closed_at = now


def split(stream: Stream, shard: Shard, at: int, now: float) -> None:
    if not shard.start_hash < at <= shard.end_hash:
        raise AwsError(
            "InvalidArgumentException",
            f"NewStartingHashKey {at} used in SplitShard() on shard {shard.id} in stream {stream.name} under account {stream.account} "
            f"is not both greater than one plus the shard's StartingHashKey {shard.start_hash} and less than the shard's EndingHashKey {shard.end_hash}.",
        )
    close_shard(stream, shard, now)
    open_shard(stream, shard.start_hash, at - 1, now, parent=shard.id)
    open_shard(stream, at, shard.end_hash, now, parent=shard.id)


def merge(stream: Stream, shard: Shard, adjacent: Shard, now: float) -> None:
    low, high = sorted((shard, adjacent), key=lambda s: s.start_hash)
    if low.end_hash + 1 != high.start_hash:
        raise AwsError(
            "InvalidArgumentException",
            f"Shards {shard.id} and {adjacent.id} in stream {stream.name} under account {stream.account} are not an adjacent pair of shards eligible for merging",
        )
    close_shard(stream, shard, now)
    close_shard(stream, adjacent, now)
    open_shard(stream, low.start_hash, high.end_hash, now, parent=shard.id, adjacent=adjacent.id)


def rescale(stream: Stream, target: int, now: float) -> None:
    """UNIFORM_SCALING: close every open shard and open `target` evenly spread ones; each
    child names as parents the old shards its range overlaps most (one or two)."""
    old = stream.open_shards()
    for shard in old:
        close_shard(stream, shard, now)
    for start, end in even_ranges(target):
        overlaps = sorted(
            ((min(end, s.end_hash) - max(start, s.start_hash), s) for s in old if s.start_hash <= end and start <= s.end_hash),
            key=lambda pair: (-pair[0], pair[1].index),
        )
        parent = overlaps[0][1].id if overlaps else None
        adjacent = overlaps[1][1].id if len(overlaps) > 1 else None
        open_shard(stream, start, end, now, parent=parent, adjacent=adjacent)


# ---------------------------------------------------------------- views


def shard_view(shard: Shard) -> dict[str, Any]:
    view: dict[str, Any] = {"ShardId": shard.id}
    if shard.parent:
        view["ParentShardId"] = shard.parent
    if shard.adjacent_parent:
        view["AdjacentParentShardId"] = shard.adjacent_parent
    view["HashKeyRange"] = {"StartingHashKey": str(shard.start_hash), "EndingHashKey": str(shard.end_hash)}
    view["SequenceNumberRange"] = {"StartingSequenceNumber": shard.starting_sequence}
    if shard.ending_sequence:
        view["SequenceNumberRange"]["EndingSequenceNumber"] = shard.ending_sequence
    return view


def mode_view(stream: Stream) -> dict[str, str]:
    return {"StreamMode": stream.mode}


def monitoring_view(stream: Stream) -> list[dict[str, Any]]:
    return [{"ShardLevelMetrics": list(stream.metrics)}]


def encryption_view(stream: Stream) -> dict[str, Any]:
    view: dict[str, Any] = {"EncryptionType": stream.encryption}
    if stream.key_id:
        view["KeyId"] = stream.key_id
    return view


def summary(stream: Stream) -> dict[str, Any]:
    view: dict[str, Any] = {
        "StreamName": stream.name,
        "StreamARN": stream.arn,
        "StreamStatus": status(stream),
        "StreamModeDetails": mode_view(stream),
        "RetentionPeriodHours": stream.retention_hours,
        "StreamCreationTimestamp": stream.created,
        "EnhancedMonitoring": monitoring_view(stream),
        **encryption_view(stream),
        "OpenShardCount": len(stream.open_shards()),
        "ConsumerCount": len(stream.consumers),
        "MaxRecordSizeInKiB": stream.max_record_kib,
    }
    if stream.stream_id:
        view["StreamId"] = stream.stream_id
    if stream.warm_throughput is not None:
        view["WarmThroughput"] = {"TargetMiBps": stream.warm_throughput, "CurrentMiBps": stream.warm_throughput}
    if stream.distribution:
        view["RecordDistributionStrategy"] = stream.distribution
    return view
