"""Kinesis Data Streams destinations: each item change of a table, as a Kinesis record.

A table's `kinesis` maps a stream ARN to its destination (status, the
timestamp precision). While a destination is ACTIVE, `deliver` (called by
`engine.commit_write`) turns each change into the JSON record DynamoDB writes
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html)
and hands it to Kinesis `PutRecord` through `services.call`, scheduled on the
one scheduler so the write that caused it does not wait. When no Kinesis
service is implemented in this server, destinations are kept and described,
and records are not sent anywhere.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import orjson

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.models import Table


def available() -> bool:
    return services.get("kinesis") is not None


def record(ctx: RequestContext, table: Table, old: Any, new: Any, service_delete: bool, precision: str) -> dict[str, Any]:
    keys = {name: (new if new is not None else old)[name] for name in table.key_names()}
    now = ctx.clock.now()
    change: dict[str, Any] = {
        "ApproximateCreationDateTime": int(now * 1_000_000) if precision == "MICROSECOND" else int(now * 1000),
        "ApproximateCreationDateTimePrecision": precision,
        "Keys": keys,
        "SizeBytes": v.item_size(keys) + (v.item_size(new) if new else 0) + (v.item_size(old) if old else 0),
    }
    if new is not None:
        change["NewImage"] = new
    if old is not None:
        change["OldImage"] = old
    return {
        "awsRegion": ctx.region,
        "eventID": str(uuid.uuid4()),
        "eventName": "INSERT" if old is None else "REMOVE" if new is None else "MODIFY",
        "userIdentity": {"type": "Service", "principalId": "dynamodb.amazonaws.com"} if service_delete else None,
        "recordFormat": "application/json",
        "tableName": table.name,
        "dynamodb": v.to_json(change),
        "eventSource": "aws:dynamodb",
    }


def deliver(ctx: RequestContext, table: Table, old: Any, new: Any, service_delete: bool) -> None:
    if not available():
        return
    runtime, account, region = ctx.runtime, ctx.account, ctx.region
    for arn, destination in table.kinesis.items():
        if destination.get("DestinationStatus") != "ACTIVE":
            continue
        data = orjson.dumps(record(ctx, table, old, new, service_delete, destination.get("ApproximateCreationDateTimePrecision") or "MILLISECOND"))
        partition = hashlib.md5(orjson.dumps(v.to_json({n: (new or old)[n] for n in table.key_names()}))).hexdigest()
        request = {"StreamARN": arn, "Data": data, "PartitionKey": partition}

        async def send(request: dict[str, Any] = request) -> None:
            try:
                await services.call(runtime, "kinesis", "PutRecord", request, account, region)
            except AwsError:
                pass  # the stream is gone: DynamoDB drops the record too

        runtime.scheduler.after(0, send)
