"""Kinesis introspection and time-driven work.

- `GET /_cumulo/kinesis/streams`: every stream of every account and region, with
  its shards and record counts.
- `GET /_cumulo/kinesis/streams/{name}/records[?accountId=&region=&shardId=]`: the
  records a stream holds, oldest first per shard, without iterators (data as
  base64 and, where it decodes, as text).
- `trim_all`, the retention tick: records past their stream's retention period go.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.kinesis import log
from cumulo.services.kinesis.models import Stream


def _streams(runtime: Runtime) -> list[tuple[Any, Stream]]:
    return [(scope, stream) for scope in runtime.store.scopes_of("kinesis") for stream in list(scope.table("streams").rows.values())]


def trim_all(runtime: Runtime, now: float) -> int:
    total = 0
    for scope, stream in _streams(runtime):
        dropped = log.trim(runtime, scope, stream, now)
        if dropped:
            scope.table("streams").touch(stream.name)
        total += dropped
    return total


def list_streams(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {
        "streams": [
            {
                "streamName": stream.name,
                "streamArn": stream.arn,
                "accountId": stream.account,
                "region": stream.region,
                "status": stream.pending_status or stream.status,
                "shards": [{"shardId": s.id, "open": s.open} for s in stream.shards],
                "records": log.count(runtime, scope, stream),
            }
            for scope, stream in _streams(runtime)
        ]
    }


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def stream_records(runtime: Runtime, request: Request, name: str) -> dict[str, Any]:
    query = dict(parse_qsl(request.query))
    account, region, shard_id = query.get("accountId"), query.get("region"), query.get("shardId")
    out = []
    for scope, stream in _streams(runtime):
        if stream.name != name or (account and stream.account != account) or (region and stream.region != region):
            continue
        for shard in stream.shards:
            if shard_id and shard.id != shard_id:
                continue
            for record in log.read(runtime, scope, stream, shard, -1, 1 << 62):
                out.append(
                    {
                        "streamArn": stream.arn,
                        "shardId": shard.id,
                        "sequenceNumber": record.sequence,
                        "partitionKey": record.partition_key,
                        "approximateArrivalTimestamp": record.arrived,
                        "data": base64.b64encode(record.data).decode(),
                        "text": _text(record.data),
                    }
                )
    return {"records": out}
