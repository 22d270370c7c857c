"""DynamoDB Streams handlers (botocore service `dynamodbstreams`), over the
dynamodb service's state in the caller's account and region."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import streams as engine
from cumulo.services.dynamodb.models import Table, stream_table

MAX_RECORDS = 1000


def _scope(ctx: RequestContext) -> Any:
    return ctx.store.scope("dynamodb", ctx.account, ctx.region)


def _stream(ctx: RequestContext, arn: str) -> tuple[Table, str]:
    """The table and label of a stream ARN (table ARN + /stream/<label>)."""
    not_found = AwsError("ResourceNotFoundException", f"Requested resource not found: Stream: {arn} not found")
    if "/stream/" not in arn or ":table/" not in arn:
        raise not_found
    table_part, label = arn.split("/stream/", 1)
    table = _scope(ctx).table("tables").get(table_part.split(":table/", 1)[1])
    if table is None or table.stream_label != label:
        raise not_found
    return table, label


def _records(ctx: RequestContext, table: Table) -> Any:
    return _scope(ctx).table(stream_table(table.name))


def _first(rows: Any, table: Table) -> int:
    # Keys are zero-padded sequence numbers: the least key is the oldest record,
    # found without reading records back (the table is cold).
    first = min(rows, default=None)
    return int(first) if first is not None else table.stream_seq + 1


def describe_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, label = _stream(ctx, req["StreamArn"])
    rows = _records(ctx, table)
    shard = {
        "ShardId": engine.shard_id(table, label),
        "SequenceNumberRange": {"StartingSequenceNumber": engine.sequence_text(_first(rows, table))},
    }
    if not table.stream_enabled:
        shard["SequenceNumberRange"]["EndingSequenceNumber"] = engine.sequence_text(table.stream_seq)
    return {
        "StreamDescription": {
            "StreamArn": req["StreamArn"],
            "StreamLabel": label,
            "StreamStatus": "ENABLED" if table.stream_enabled else "DISABLED",
            "StreamViewType": table.stream_view_type,
            "CreationRequestDateTime": table.created,
            "TableName": table.name,
            "KeySchema": table.key_schema(),
            "Shards": [shard],
        }
    }


def get_records(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn, shard, position = engine.decode_iterator(req["ShardIterator"])
    table, _ = _stream(ctx, arn)
    limit = min(req.get("Limit") or MAX_RECORDS, MAX_RECORDS)
    rows = _records(ctx, table)
    if position <= table.stream_seq and f"{position:021d}" not in rows:  # trimmed: on from the oldest record kept
        position = max(position, _first(rows, table))
    out = []
    while position <= table.stream_seq and len(out) < limit:
        record = rows.get(f"{position:021d}")
        position += 1
        if record is not None:
            out.append(engine.render(record, ctx.region))
    result: dict[str, Any] = {"Records": out}
    if table.stream_enabled or position <= table.stream_seq:
        result["NextShardIterator"] = engine.encode_iterator(arn, shard, position)
    return result


def get_shard_iterator(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["StreamArn"]
    table, label = _stream(ctx, arn)
    if req["ShardId"] != engine.shard_id(table, label):
        raise AwsError("ResourceNotFoundException", "Requested resource not found: Shard does not exist")
    kind = req["ShardIteratorType"]
    number = req.get("SequenceNumber")
    if kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        if number is None:
            raise AwsError("ValidationException", "Must provide SequenceNumber for iterator type " + kind)
        position = engine.sequence_of(number) + (1 if kind == "AFTER_SEQUENCE_NUMBER" else 0)
    elif kind == "TRIM_HORIZON":
        position = _first(_records(ctx, table), table)
    else:  # LATEST
        position = table.stream_seq + 1
    return {"ShardIterator": engine.encode_iterator(arn, req["ShardId"], position)}


def list_streams(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tables = sorted(_scope(ctx).table("tables").values(), key=lambda t: t.name)
    found = [
        {"StreamArn": t.stream_arn, "TableName": t.name, "StreamLabel": t.stream_label}
        for t in tables
        if t.stream_label and (not req.get("TableName") or t.name == req["TableName"])
    ]
    start = req.get("ExclusiveStartStreamArn")
    if start:
        arns = [s["StreamArn"] for s in found]
        found = found[arns.index(start) + 1 :] if start in arns else found
    limit = req.get("Limit") or 100
    out: dict[str, Any] = {"Streams": found[:limit]}
    if len(found) > limit:
        out["LastEvaluatedStreamArn"] = found[limit - 1]["StreamArn"]
    return out
