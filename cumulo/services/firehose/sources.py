"""Reading a Kinesis data stream into a `KinesisStreamAsSource` delivery stream.

Every second, each such delivery stream reads its source's shards through
Kinesis's own API (`services.call`: ListShards, GetShardIterator, GetRecords),
from where it last stopped (table `checkpoints`, committed with the buffered
records, so a restart neither loses nor repeats them) or, for a shard never read,
from the delivery stream's creation (`DeliveryStartTimestamp`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.firehose import delivery
from cumulo.services.firehose.models import DeliveryStream

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope

log = logging.getLogger("cumulo.firehose")
READ_LIMIT = 1000


def _where(arn: str) -> tuple[str, str]:
    parts = arn.split(":")
    return parts[4], parts[3]


def _epoch(value: Any, default: float) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value or default)


async def poll_all(runtime: Runtime, now: float) -> int:
    read = 0
    for scope in runtime.store.scopes_of("firehose"):
        for stream in list(scope.table("streams").rows.values()):
            if stream.type == "KinesisStreamAsSource" and stream.status == "ACTIVE":
                try:
                    read += await poll(runtime, scope, stream)
                except AwsError as error:
                    log.info("firehose: %s cannot read its source: %s", stream.name, error.message)
    return read


async def poll(runtime: Runtime, scope: Scope, stream: DeliveryStream) -> int:
    arn = stream.source["KinesisStreamARN"]
    account, region = _where(arn)

    async def call(operation: str, params: dict[str, Any]) -> dict[str, Any]:
        return await services.call(runtime, "kinesis", operation, params, account, region)

    checkpoints = scope.table("checkpoints")
    done: dict[str, str] = dict(checkpoints.get(stream.name) or {})
    read = 0
    for shard in (await call("ListShards", {"StreamARN": arn})).get("Shards") or []:
        shard_id = shard["ShardId"]
        params: dict[str, Any] = {"StreamARN": arn, "ShardId": shard_id}
        if shard_id in done:
            params |= {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "StartingSequenceNumber": done[shard_id]}
        else:
            params |= {"ShardIteratorType": "AT_TIMESTAMP", "Timestamp": datetime.fromtimestamp(stream.created, tz=timezone.utc)}
        iterator = (await call("GetShardIterator", params)).get("ShardIterator")
        while iterator:
            got = await call("GetRecords", {"ShardIterator": iterator, "Limit": READ_LIMIT})
            records = got.get("Records") or []
            if records:
                when = [_epoch(r.get("ApproximateArrivalTimestamp"), runtime.clock.now()) for r in records]
                delivery.accept(runtime, scope, stream, [r["Data"] for r in records], when)
                done[shard_id] = records[-1]["SequenceNumber"]
            read += len(records)
            iterator = got.get("NextShardIterator") if records else None
    if read:
        checkpoints[stream.name] = done
    return read
