"""DynamoDB Streams: the records a table's writes leave, as the `dynamodbstreams` API shows them.

Records are written by `engine.commit_write` into `stream/<table>`, one row per
record keyed by its zero-padded sequence number, so reading from a position is
a run of direct lookups. Each stream (one per `StreamLabel`: enabling a stream
again starts a new one) has one shard. A shard iterator is an opaque token
holding (stream ARN, shard, next sequence number). Records older than 24 hours
are trimmed by the TTL sweep's tick.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb.models import StreamRecord, Table

RETENTION = 24 * 3600.0
SEQUENCE_BASE = 10**20  # sequence numbers are 21-digit strings, as DynamoDB's are


def sequence_text(seq: int) -> str:
    return str(SEQUENCE_BASE + seq)


def sequence_of(text: str) -> int:
    try:
        return int(text) - SEQUENCE_BASE
    except ValueError:
        raise AwsError("ValidationException", f"Invalid SequenceNumber: {text}") from None


def shard_id(table: Table, label: str) -> str:
    digits = "".join(ch for ch in label if ch.isdigit())
    return f"shardId-{digits[:20].ljust(20, '0')}-{table.table_id.replace('-', '')[:8]}"


def encode_iterator(arn: str, shard: str, position: int) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([arn, shard, position])).decode()


def decode_iterator(token: str) -> tuple[str, str, int]:
    try:
        arn, shard, position = orjson.loads(base64.urlsafe_b64decode(token.encode()))
        return str(arn), str(shard), int(position)
    except Exception:
        raise AwsError("ValidationException", "Invalid ShardIterator") from None


def render(record: StreamRecord, region: str) -> dict[str, Any]:
    change: dict[str, Any] = {
        "ApproximateCreationDateTime": float(int(record.created)),
        "Keys": record.keys,
        "SequenceNumber": sequence_text(record.sequence),
        "SizeBytes": record.size,
        "StreamViewType": record.view_type,
    }
    if record.new_image is not None:
        change["NewImage"] = record.new_image
    if record.old_image is not None:
        change["OldImage"] = record.old_image
    out: dict[str, Any] = {
        "eventID": record.event_id,
        "eventName": record.event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": change,
    }
    if record.user_identity:
        out["userIdentity"] = record.user_identity
    return out


def trim(rows: Any, now: float) -> None:
    """Drop records older than the retention period (rows are in sequence order)."""
    for key in sorted(rows):
        if now - rows[key].created < RETENTION:
            break
        del rows[key]
