"""Kinesis handlers for records: putting, iterators, reading, enhanced fan-out, and resharding."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.kinesis import encryption, iterators, limits, log, streams, tokens
from cumulo.services.kinesis.consumers import find_consumer
from cumulo.services.kinesis.models import Record, Shard, Stream, parse_sequence, sequence_number
from cumulo.services.kinesis.streams import find
from cumulo.state import Scope

MAX_BATCH_BYTES = 5 * 1024 * 1024
SUBSCRIPTION_SECONDS = 300.0
HEARTBEAT_SECONDS = 5.0


def _shard(stream: Stream, shard_id: str) -> Shard:
    shard = stream.shard(shard_id)
    if shard is None:
        raise AwsError("ResourceNotFoundException", f"Shard {shard_id} in stream {stream.name} under account {stream.account} does not exist")
    return shard


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)


# ---------------------------------------------------------------- writing


def _put(ctx: RequestContext, scope: Scope, stream: Stream, entry: dict[str, Any], key: bytes | None) -> Record:
    data: bytes = entry["Data"]
    partition_key = entry.get("PartitionKey") or ""
    if not partition_key and stream.distribution == "USER_PARTITION_KEY":
        raise AwsError("InvalidArgumentException", f"A PartitionKey is required: stream {stream.name} under account {stream.account} distributes records by partition key.")
    size = len(data) + len(partition_key.encode())
    if size > stream.max_record_kib * 1024:
        raise AwsError(
            "InvalidArgumentException",
            f"The size of the record ({size} bytes) exceeds the maximum record size of {stream.max_record_kib} KiB for stream {stream.name} under account {stream.account}.",
        )
    explicit = entry.get("ExplicitHashKey")
    if explicit:
        shard = log.route(stream, log.explicit_hash(explicit))
    elif partition_key:
        shard = log.route(stream, log.hash_of(partition_key))
    else:  # no partition key: Kinesis places the record itself (RecordDistributionStrategy AUTO), here in turn
        opened = stream.open_shards()
        shard = opened[stream.counter % len(opened)]
    limits.admit_write(ctx.runtime, stream, shard.index, shard.id, size)
    if key is not None:
        return log.append(ctx.runtime, scope, stream, shard, encryption.seal(key, data), partition_key, explicit, ctx.clock.now(), stream.data_key)
    return log.append(ctx.runtime, scope, stream, shard, data, partition_key, explicit, ctx.clock.now())


async def _writable(ctx: RequestContext, req: dict[str, Any]) -> tuple[Scope, Stream, bytes | None]:
    """The stream, and the data key to seal records with when it is encrypted."""
    scope, stream = find(ctx, req)
    if streams.status(stream) not in ("ACTIVE", "UPDATING"):
        raise streams.not_found(stream.name, stream.account)
    key = None
    if stream.encryption == "KMS" and stream.data_key and stream.key_id:
        key = await encryption.data_key(ctx, stream, stream.data_key, stream.key_id)
    return scope, stream, key


def _written(ctx: RequestContext, scope: Scope, stream: Stream) -> None:
    scope.table("streams").touch(stream.name)
    ctx.runtime.signals.notify(log.signal_key(stream))


async def put_record(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream, key = await _writable(ctx, req)
    ordering = req.get("SequenceNumberForOrdering")
    if ordering is not None and parse_sequence(ordering) is None:
        raise AwsError("InvalidArgumentException", f"ExclusiveMinimumSequenceNumber {ordering} used in PutRecord on stream {stream.name} under account {stream.account} is invalid.")
    record = _put(ctx, scope, stream, req, key)
    _written(ctx, scope, stream)
    out = {"ShardId": _shard_name(record), "SequenceNumber": record.sequence}
    if stream.encryption != "NONE":
        out["EncryptionType"] = stream.encryption
    return out


def _shard_name(record: Record) -> str:
    return f"shardId-{record.shard:012d}"


async def put_records(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream, key = await _writable(ctx, req)
    entries = req["Records"]
    total = sum(len(e["Data"]) + len((e.get("PartitionKey") or "").encode()) for e in entries)
    if total > MAX_BATCH_BYTES:
        raise AwsError("InvalidArgumentException", f"Records size exceeds 5 MB limit. Total size of records: {total} bytes.")
    results: list[dict[str, Any]] = []
    failed = 0
    for entry in entries:
        try:
            record = _put(ctx, scope, stream, entry, key)
            results.append({"SequenceNumber": record.sequence, "ShardId": _shard_name(record)})
        except AwsError as error:
            if error.code != "ProvisionedThroughputExceededException":
                raise
            failed += 1
            results.append({"ErrorCode": error.code, "ErrorMessage": error.message})
    _written(ctx, scope, stream)
    out: dict[str, Any] = {"FailedRecordCount": failed, "Records": results}
    if stream.encryption != "NONE":
        out["EncryptionType"] = stream.encryption
    return out


# ---------------------------------------------------------------- reading


def _position(ctx: RequestContext, scope: Scope, stream: Stream, shard: Shard, kind: str, number: str | None, when: Any) -> int:
    """The position (see `log`) an iterator of this type starts at."""
    if kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        if not number:
            raise AwsError("InvalidArgumentException", f"StartingSequenceNumber must be specified for ShardIteratorType {kind}.")
        parsed = parse_sequence(number)
        if parsed is None or parsed[1] != shard.index:
            raise AwsError(
                "InvalidArgumentException",
                f"Invalid StartingSequenceNumber. It encodes {shard.id}, while it was used in a call to a shard with {shard.id}"
                if parsed is not None
                else f"StartingSequenceNumber {number} used in GetShardIterator on shard {shard.id} in stream {stream.name} under account {stream.account} is invalid.",
            )
        return parsed[0] - 1 if kind == "AT_SEQUENCE_NUMBER" else parsed[0]
    if kind == "TRIM_HORIZON":
        return log.trim_horizon(ctx.runtime, scope, stream, shard)
    if kind == "LATEST":
        return stream.counter if shard.open else int(shard.ending_sequence[2:34])  # type: ignore[index]
    if kind == "AT_TIMESTAMP":
        if when is None:
            raise AwsError("InvalidArgumentException", "Timestamp must be specified for ShardIteratorType AT_TIMESTAMP.")
        return log.first_at(ctx.runtime, scope, stream, shard, _epoch(when))
    raise AwsError("InvalidArgumentException", f"Invalid ShardIteratorType: {kind}")


def _trimmed(ctx: RequestContext, scope: Scope, stream: Stream) -> None:
    """Records past retention are gone for readers at once, not only when the tick comes."""
    if log.trim(ctx.runtime, scope, stream, ctx.clock.now()):
        scope.table("streams").touch(stream.name)


def get_shard_iterator(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, req)
    _trimmed(ctx, scope, stream)
    shard = _shard(stream, req["ShardId"])
    after = _position(ctx, scope, stream, shard, req["ShardIteratorType"], req.get("StartingSequenceNumber"), req.get("Timestamp"))
    if req.get("DryRun"):
        raise AwsError("DryRunOperationException", "Request would have succeeded, but DryRun flag is set.")
    it = iterators.Iterator(stream.account, stream.region, stream.name, stream.created, shard.index, after, ctx.clock.now())
    return {"ShardIterator": iterators.encode(it)}


async def _keys_for(ctx: RequestContext, stream: Stream, records: list[Record]) -> dict[bytes, bytes]:
    """The plaintext data keys the sealed records among `records` need (KMS is asked once each)."""
    keys: dict[bytes, bytes] = {}
    for record in records:
        if record.sealed_key is not None and record.sealed_key not in keys:
            keys[record.sealed_key] = await encryption.data_key(ctx, stream, record.sealed_key, record.key_id or "")
    return keys


def record_view(record: Record, keys: dict[bytes, bytes] | None = None) -> dict[str, Any]:
    data = encryption.open_(keys[record.sealed_key], record.data) if record.sealed_key is not None and keys else record.data
    view: dict[str, Any] = {
        "SequenceNumber": record.sequence,
        "ApproximateArrivalTimestamp": record.arrived,
        "Data": data,
    }
    if record.partition_key:
        view["PartitionKey"] = record.partition_key
    if record.encryption != "NONE":
        view["EncryptionType"] = record.encryption
    return view


def children_of(stream: Stream, shard: Shard) -> list[dict[str, Any]]:
    out = []
    for child in stream.shards:
        if shard.id in (child.parent, child.adjacent_parent):
            parents = [p for p in (child.parent, child.adjacent_parent) if p]
            out.append({"ShardId": child.id, "ParentShards": parents, "HashKeyRange": streams.shard_view(child)["HashKeyRange"]})
    return out


def _behind(ctx: RequestContext, scope: Scope, stream: Stream, shard: Shard, last: Record | None) -> int:
    newest = log.newest(ctx.runtime, scope, stream, shard)
    if newest is None or last is None or newest.sequence == last.sequence:
        return 0
    return max(0, int((ctx.clock.now() - last.arrived) * 1000))


async def get_records(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    token = req["ShardIterator"]
    it = iterators.decode(token, ctx.clock.now())
    scope = ctx.scope_for(it.account, it.region)
    stream: Stream | None = scope.table("streams").get(it.stream)
    if stream is None or stream.created != it.created:
        raise streams.not_found(it.stream, it.account)
    _trimmed(ctx, scope, stream)
    shard = next((s for s in stream.shards if s.index == it.shard), None)
    if shard is None:
        raise AwsError("ResourceNotFoundException", f"Shard shardId-{it.shard:012d} in stream {stream.name} under account {stream.account} does not exist")
    limits.admit_read(ctx.runtime, stream, shard.index, shard.id)
    if req.get("DryRun"):
        raise AwsError("DryRunOperationException", "Request would have succeeded, but DryRun flag is set.")
    records = log.read(ctx.runtime, scope, stream, shard, it.after, req.get("Limit") or log.MAX_READ_RECORDS)
    limits.count_read(ctx.runtime, stream, shard.index, sum(len(r.data) for r in records))
    after = int(records[-1].sequence[2:34]) if records else it.after
    keys = await _keys_for(ctx, stream, records)
    out: dict[str, Any] = {
        "Records": [record_view(r, keys) for r in records],
        "MillisBehindLatest": _behind(ctx, scope, stream, shard, records[-1] if records else None),
    }
    exhausted = not shard.open and not log.read(ctx.runtime, scope, stream, shard, after, 1)
    if exhausted:
        out["ChildShards"] = children_of(stream, shard)
    else:
        out["NextShardIterator"] = iterators.encode(iterators.Iterator(it.account, it.region, it.stream, it.created, it.shard, after, ctx.clock.now()))
    return out


async def subscribe_to_shard(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream, consumer = find_consumer(ctx, {"ConsumerARN": req["ConsumerARN"]})
    if consumer.status != "ACTIVE":
        raise AwsError("ResourceInUseException", f"Consumer {consumer.arn} is not in ACTIVE state.")
    shard = _shard(stream, req["ShardId"])
    start = req["StartingPosition"]
    position = _position(ctx, scope, stream, shard, start["Type"], start.get("SequenceNumber"), start.get("Timestamp"))
    if req.get("DryRun"):
        raise AwsError("DryRunOperationException", "Request would have succeeded, but DryRun flag is set.")
    runtime, name, index = ctx.runtime, stream.name, shard.index

    async def events() -> AsyncIterator[dict[str, Any]]:
        nonlocal position
        began, deadline = time.monotonic(), runtime.clock.now() + SUBSCRIPTION_SECONDS
        while True:
            current: Stream | None = scope.table("streams").get(name)
            live = next((s for s in current.shards if s.index == index), None) if current else None
            if current is None or live is None:
                return
            records = log.read(runtime, scope, current, live, position, log.MAX_READ_RECORDS)
            if records:
                position = int(records[-1].sequence[2:34])
            keys = await _keys_for(ctx, current, records)
            event: dict[str, Any] = {
                "Records": [record_view(r, keys) for r in records],
                "ContinuationSequenceNumber": sequence_number(max(position, 0), index),
                "MillisBehindLatest": _behind(ctx, scope, current, live, records[-1] if records else None),
            }
            done = not live.open and not log.read(runtime, scope, current, live, position, 1)
            if done:
                event["ChildShards"] = children_of(current, live)
            yield {"SubscribeToShardEvent": event}
            if done or time.monotonic() - began >= SUBSCRIPTION_SECONDS or runtime.clock.now() >= deadline:
                return
            if not records:
                await runtime.signals.wait(log.signal_key(current), HEARTBEAT_SECONDS)

    return {"EventStream": events()}


# ---------------------------------------------------------------- shards and resharding


SHARD_FILTERS = {"AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON", "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP"}


def _filtered(stream: Stream, flt: dict[str, Any], now: float) -> list[Shard]:
    kind = flt["Type"]
    shards = stream.shards
    if kind == "AFTER_SHARD_ID":
        if not flt.get("ShardId"):
            raise AwsError("InvalidArgumentException", "ShardId must be specified for ShardFilter type AFTER_SHARD_ID.")
        return [s for s in shards if s.id > flt["ShardId"]]
    if kind == "AT_LATEST":
        return [s for s in shards if s.open]
    if kind in ("AT_TRIM_HORIZON", "FROM_TRIM_HORIZON"):
        horizon = now - stream.retention_hours * 3600
        if kind == "FROM_TRIM_HORIZON":
            return [s for s in shards if s.closed_at is None or s.closed_at >= horizon]
        return [s for s in shards if s.created <= horizon or not s.parent or stream.shard(s.parent) is None]
    if kind in ("AT_TIMESTAMP", "FROM_TIMESTAMP"):
        if flt.get("Timestamp") is None:
            raise AwsError("InvalidArgumentException", f"Timestamp must be specified for ShardFilter type {kind}.")
        when = _epoch(flt["Timestamp"])
        if kind == "FROM_TIMESTAMP":
            return [s for s in shards if s.closed_at is None or s.closed_at >= when]
        return [s for s in shards if s.created <= when and (s.closed_at is None or s.closed_at > when)]
    raise AwsError("InvalidArgumentException", f"Invalid ShardFilter type: {kind}")


def list_shards(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    token = req.get("NextToken")
    if token:
        if req.get("StreamName") or req.get("StreamARN") or req.get("ExclusiveStartShardId") or req.get("ShardFilter"):
            raise AwsError("InvalidArgumentException", "NextToken and StreamName/StreamARN/ExclusiveStartShardId/ShardFilter cannot be provided together.")
        target, after_id = tokens.read(token, "shards", 2)
        _, stream = find(ctx, {"StreamARN": target})
        shards = [s for s in stream.shards if s.id > after_id]
    else:
        _, stream = find(ctx, req)
        shards = _filtered(stream, req["ShardFilter"], ctx.clock.now()) if req.get("ShardFilter") else list(stream.shards)
        if req.get("ExclusiveStartShardId"):
            shards = [s for s in shards if s.id > req["ExclusiveStartShardId"]]
    limit = req.get("MaxResults") or 1000
    page = shards[:limit]
    out: dict[str, Any] = {"Shards": [streams.shard_view(s) for s in page]}
    if len(shards) > limit:
        out["NextToken"] = tokens.make("shards", stream.arn, page[-1].id)
    return out


def _reshardable(ctx: RequestContext, req: dict[str, Any]) -> tuple[Scope, Stream]:
    scope, stream = find(ctx, req)
    streams.require_active(stream)
    if stream.mode == "ON_DEMAND":
        raise AwsError("ValidationException", f"Stream {stream.name} under account {stream.account} is in ON_DEMAND mode; resharding is managed by Kinesis.")
    return scope, stream


def _open(stream: Stream, shard_id: str) -> Shard:
    shard = _shard(stream, shard_id)
    if not shard.open:
        raise AwsError("ResourceInUseException", f"Shard {shard_id} in stream {stream.name} under account {stream.account} has already been merged or split, and thus is not eligible for merging or splitting.")
    return shard


def merge_shards(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = _reshardable(ctx, req)
    shard, adjacent = _open(stream, req["ShardToMerge"]), _open(stream, req["AdjacentShardToMerge"])
    streams.merge(stream, shard, adjacent, ctx.clock.now())
    streams.begin(ctx, scope, stream, "UPDATING")
    return {}


def split_shard(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = _reshardable(ctx, req)
    shard = _open(stream, req["ShardToSplit"])
    if streams.open_shard_count(ctx) + 1 > streams.SHARD_LIMIT:
        raise AwsError("LimitExceededException", f"This request would exceed the shard limit for the account {ctx.account} in {ctx.region}.")
    streams.split(stream, shard, log.explicit_hash(req["NewStartingHashKey"]), ctx.clock.now())
    streams.begin(ctx, scope, stream, "UPDATING")
    return {}


def update_shard_count(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = _reshardable(ctx, req)
    current, target = len(stream.open_shards()), req["TargetShardCount"]
    if target > current * 2 or target * 2 < current:
        raise AwsError(
            "InvalidArgumentException",
            f"UpdateShardCount failed for stream {stream.name} under account {stream.account}. TargetShardCount must be between half and double the current open shard count ({current}).",
        )
    if target != current:
        streams.rescale(stream, target, ctx.clock.now())
    streams.begin(ctx, scope, stream, "UPDATING")
    return {"StreamName": stream.name, "CurrentShardCount": current, "TargetShardCount": target, "StreamARN": stream.arn}
