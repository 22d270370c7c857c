"""Event source mappings over DynamoDB Streams and Kinesis Data Streams: the shard poller.

https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html,
https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
The stream is read only through `services.call(runtime, "dynamodbstreams" or
"kinesis", ...)` (DescribeStream, GetShardIterator, GetRecords), as any client
would read it. The two differ only in names and record shapes: `Kind` holds them.

- Checkpoints: a `StreamPosition` per mapping (table `positions`) holds, per
  shard, the last sequence number the mapping is done with; it is committed
  after each batch, so a restart resumes there. Before the first batch it
  holds the iterator `StartingPosition` gave when the mapping was created
  (LATEST then means "after what the stream held at creation", not "at the
  first poll").
- A poll reads up to `BatchSize` records after the checkpoint. With
  `MaximumBatchingWindowInSeconds`, a short batch waits until the window has
  passed (cumulo clock) since records were first seen.
- Records older than `MaximumRecordAgeInSeconds` are discarded; records no
  filter pattern matches are skipped; the rest go to the function as
  `{"Records": [...]}` in the documented shape (`eventSource: aws:dynamodb`,
  `eventSourceARN`, `dynamodb` with Keys/NewImage/OldImage/SequenceNumber/...).
- Errors (https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html):
  a failed batch blocks its shard and is retried on the next poll; after
  `MaximumRetryAttempts` retries (-1, the default: until the records expire)
  it is discarded, its metadata sent to the `OnFailure` destination. With
  `BisectBatchOnFunctionError` a failed batch is split in two first (a split
  uses no retry). With `ReportBatchItemFailures` the checkpoint moves to just
  before the lowest reported sequence number and the rest is retried.
- A function that cannot run (throttled, gone) is no attempt: the batch waits.
- `ParallelizationFactor` splits a batch by partition key into up to that many
  batches invoked at once (one key's records together, in order).
- Tumbling windows (`TumblingWindowInSeconds`): a batch holds one window's records,
  sent with `window`, the `state` the function returned last, `shardId`; when the
  window has ended (a later record, or the clock past its end), a final invocation
  with no records and `isFinalInvokeForWindow` hands the state over.
Retry counts and batching windows live in memory (`runtime.live`): a restart
starts them afresh from the committed checkpoint.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.engines import event_patterns
from cumulo.services.awslambda import batches
from cumulo.services.awslambda.events import deliver
from cumulo.services.awslambda.invoking import find
from cumulo.services.awslambda.models import EventSourceMapping, StreamPosition

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Table

log = logging.getLogger("cumulo.lambda")

READ_LIMIT = 1000  # records per GetRecords
MAX_BATCHES = 50  # per shard and poll: after a success or a split the next batch goes at once; a retry waits for the next poll


@dataclass(frozen=True, slots=True)
class Kind:
    """What differs between the two stream services a mapping can read."""

    service: str  # the API read through
    arn_key: str  # how that API names the stream
    after_key: str  # GetShardIterator's member for AFTER_SEQUENCE_NUMBER
    event_source: str
    batch_info: str  # the key of the batch's description in an OnFailure record

    def sequence(self, record: dict[str, Any]) -> str:
        return record["dynamodb"]["SequenceNumber"] if self.service == "dynamodbstreams" else record["SequenceNumber"]

    def created(self, record: dict[str, Any]) -> Any:
        if self.service == "dynamodbstreams":
            return record.get("dynamodb", {}).get("ApproximateCreationDateTime", 0)
        return record.get("ApproximateArrivalTimestamp", 0)


DYNAMODB = Kind("dynamodbstreams", "StreamArn", "SequenceNumber", "aws:dynamodb", "DDBStreamBatchInfo")
KINESIS = Kind("kinesis", "StreamARN", "StartingSequenceNumber", "aws:kinesis", "KinesisBatchInfo")


def kind_of(source_arn: str) -> Kind:
    return KINESIS if source_arn.split(":")[2:3] == ["kinesis"] else DYNAMODB


@dataclass(slots=True)
class ShardState:
    """A shard's retry state while a batch keeps failing (memory only)."""

    attempts: int = 0
    limit: int = 0  # a bisected batch's size; 0 = BatchSize
    window_start: float | None = None
    # An open tumbling window: its start (epoch seconds, a multiple of its length) and the
    # state the function returned last; closed by a final invocation when it ends.
    tumbling: tuple[float, Any] | None = None


def is_stream(source_arn: str) -> bool:
    service = source_arn.split(":")[2:3]
    return (service == ["dynamodb"] and "/stream/" in source_arn) or (service == ["kinesis"] and ":stream/" in source_arn)


def _where(arn: str) -> tuple[str, str]:
    parts = arn.split(":")
    return parts[4], parts[3]


async def _call(runtime: Runtime, source_arn: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    account, region = _where(source_arn)
    return await services.call(runtime, kind_of(source_arn).service, operation, params, account, region)


async def shards(runtime: Runtime, source_arn: str) -> list[str]:
    described = await _call(runtime, source_arn, "DescribeStream", {kind_of(source_arn).arn_key: source_arn})
    return [s["ShardId"] for s in described["StreamDescription"].get("Shards") or []]


async def starting_position(runtime: Runtime, mapping: EventSourceMapping) -> StreamPosition:
    """Where a new mapping starts: an iterator per shard, taken now (raises the stream's AwsError)."""
    start = mapping.extra.get("StartingPosition", "LATEST")
    key = kind_of(mapping.source_arn).arn_key
    position = StreamPosition(mapping.uuid)
    for shard in await shards(runtime, mapping.source_arn):
        params = {key: mapping.source_arn, "ShardId": shard, "ShardIteratorType": start}
        if start == "AT_TIMESTAMP":
            params["Timestamp"] = mapping.extra.get("StartingPositionTimestamp")
        got = await _call(runtime, mapping.source_arn, "GetShardIterator", params)
        position.start[shard] = got["ShardIterator"]
    return position


async def poll(runtime: Runtime, account: str, region: str, uuid: str) -> None:
    scope = runtime.store.scope("lambda", account, region)
    table = scope.table("mappings")
    mapping: EventSourceMapping | None = table.get(uuid)
    if mapping is None or not mapping.enabled:
        return
    positions = scope.table("positions")
    position: StreamPosition | None = positions.get(uuid)
    try:
        if position is None:
            position = positions[uuid] = await starting_position(runtime, mapping)
        for shard in await shards(runtime, mapping.source_arn):
            for _ in range(MAX_BATCHES):
                if not await _poll_shard(runtime, table, positions, mapping, position, shard) or not mapping.enabled:
                    break
    except AwsError as error:
        batches.set_result(runtime, table, uuid, f"PROBLEM: {error.code}: {error.message}")


async def _read(runtime: Runtime, mapping: EventSourceMapping, position: StreamPosition, shard: str, limit: int) -> list[dict[str, Any]]:
    arn = mapping.source_arn
    kind = kind_of(arn)
    if shard in position.done:
        params = {kind.arn_key: arn, "ShardId": shard, "ShardIteratorType": "AFTER_SEQUENCE_NUMBER", kind.after_key: position.done[shard]}
        iterator = (await _call(runtime, arn, "GetShardIterator", params))["ShardIterator"]
    elif shard in position.start:
        iterator = position.start[shard]
    else:  # a shard that appeared after the mapping started: from its beginning
        params = {kind.arn_key: arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"}
        iterator = (await _call(runtime, arn, "GetShardIterator", params))["ShardIterator"]
    records: list[dict[str, Any]] = []
    while iterator and len(records) < limit:
        got = await _call(runtime, arn, "GetRecords", {"ShardIterator": iterator, "Limit": min(READ_LIMIT, limit - len(records))})
        records += got.get("Records") or []
        iterator = got.get("NextShardIterator")
        if not got.get("Records"):
            break
    return records


async def _poll_shard(runtime: Runtime, table: Table, positions: Table, mapping: EventSourceMapping, position: StreamPosition, shard: str) -> bool:
    """Handle one batch of the shard; True when the next may follow at once."""
    states: dict[tuple[str, str], ShardState] = runtime.live.setdefault("lambda-shards", {})
    state = states.setdefault((mapping.uuid, shard), ShardState())
    records = await _read(runtime, mapping, position, shard, state.limit or mapping.batch_size)
    now = runtime.clock.now()
    tumbling = int(mapping.extra.get("TumblingWindowInSeconds") or 0)
    if not records:
        if tumbling and state.tumbling is not None and now >= state.tumbling[0] + tumbling:
            await _close_window(runtime, table, mapping, shard, state, tumbling)
        return False
    if mapping.batching_window and len(records) < mapping.batch_size and not state.limit and not state.attempts:
        if state.window_start is None:
            state.window_start = now
        if now - state.window_start < mapping.batching_window:
            return False
    state.window_start = None
    kind = kind_of(mapping.source_arn)
    max_age = mapping.extra.get("MaximumRecordAgeInSeconds", -1)
    if max_age is not None and max_age >= 0:
        stale = [r for r in records if now - _created(kind, r) > max_age]
        if stale:
            await _discard(runtime, mapping, kind, shard, stale, "RecordAgeExceeded", state.attempts)
            _checkpoint(runtime, positions, position, kind, shard, stale[-1])
            records = records[len(stale) :]
            if not records:
                return True
    extra = None
    if tumbling:
        # https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html: a batch holds
        # one window's records; a later window's first record closes the one before.
        start = _window_of(_created(kind, records[0]), tumbling)
        if state.tumbling is not None and state.tumbling[0] != start:
            await _close_window(runtime, table, mapping, shard, state, tumbling)
        records = [r for r in records if _window_of(_created(kind, r), tumbling) == start]
        if state.tumbling is None:
            state.tumbling = (start, {})
        extra = _window_members(mapping, shard, state.tumbling, tumbling, final=False)
    patterns = [event_patterns.parse(p) for p in mapping.filters]
    found = find(runtime, mapping.function_arn)
    role = found[1].role if found else ""
    batch = [lambda_record(r, mapping.source_arn, role) for r in records]
    kept = [r for r in batch if event_patterns.matches_any(patterns, _filterable(r))]
    if not kept:
        _checkpoint(runtime, positions, position, kind, shard, records[-1])
        return True
    factor = int(mapping.extra.get("ParallelizationFactor") or 1)
    if factor > 1 and not tumbling:
        verdict = await _in_parallel(runtime, table, mapping, kind, kept, factor)
    else:
        verdict = await _at_once(runtime, table, mapping, kind, kept, extra, state, tumbling)
    if verdict is None:
        return False  # could not run: no attempt made, the batch waits
    failed, reported = verdict
    failed_from = None  # index in `records` of the first record to retry
    if failed or reported is None:
        failed_from = 0
    elif reported:
        numbers = [kind.sequence(r) for r in records]
        failed_from = numbers.index(min(reported, key=int))
    if failed_from is None:
        _settled(states, mapping.uuid, shard)
        _checkpoint(runtime, positions, position, kind, shard, records[-1])
        return True
    if failed_from:
        _checkpoint(runtime, positions, position, kind, shard, records[failed_from - 1])
    left = records[failed_from:]
    if mapping.extra.get("BisectBatchOnFunctionError") and failed and len(left) > 1:
        state.limit = (len(left) + 1) // 2  # a split is no retry
        return True
    state.attempts += 1
    retries = mapping.extra.get("MaximumRetryAttempts", -1)
    if retries is not None and retries >= 0 and state.attempts > retries:
        await _discard(runtime, mapping, kind, shard, left, "RetryAttemptsExhausted", state.attempts)
        _settled(states, mapping.uuid, shard)
        _checkpoint(runtime, positions, position, kind, shard, left[-1])
        return True
    return False


Verdict = tuple[bool, "set[str] | None"]  # (the function failed, the sequence numbers it reported failed; None: all)


async def _at_once(runtime: Runtime, table: Table, mapping: EventSourceMapping, kind: Kind, kept: list[dict[str, Any]],
                   extra: dict[str, Any] | None, state: ShardState, tumbling: int) -> Verdict | None:
    outcome = await batches.invoke_batch(runtime, table, mapping, kept, kind.event_source, extra)
    if outcome is None:
        return None
    if tumbling and not outcome.failed and state.tumbling is not None:
        state.tumbling = (state.tumbling[0], _returned_state(outcome.payload, state.tumbling[1]))
    return outcome.failed, _reported(mapping, outcome.payload, kept) if not outcome.failed else set()


def _reported(mapping: EventSourceMapping, payload: bytes, kept: list[dict[str, Any]]) -> set[str] | None:
    if "ReportBatchItemFailures" not in mapping.response_types:
        return set()
    return batches.batch_failures(payload, {_event_sequence(r) for r in kept})


async def _in_parallel(runtime: Runtime, table: Table, mapping: EventSourceMapping, kind: Kind, kept: list[dict[str, Any]], factor: int) -> Verdict | None:
    """ParallelizationFactor: the batch split by partition key into up to `factor` batches
    invoked at once (records of one key stay together and in order, as on AWS); the
    batch succeeds when all do, and a reported failure counts from the lowest."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for record in kept:
        key = record["kinesis"]["partitionKey"] if "kinesis" in record else json.dumps(record.get("dynamodb", {}).get("Keys"), sort_keys=True)
        groups.setdefault(zlib.crc32(key.encode()) % factor, []).append(record)
    outcomes = await asyncio.gather(*(batches.invoke_batch(runtime, table, mapping, g, kind.event_source) for g in groups.values()))
    if any(o is None for o in outcomes):
        return None
    failed = any(o.failed for o in outcomes if o is not None)
    reported: set[str] = set()
    for outcome, group in zip(outcomes, groups.values()):
        if outcome is None or outcome.failed:
            continue
        found = _reported(mapping, outcome.payload, group)
        if found is None:
            return False, None
        reported |= found
    return failed, reported


def _settled(states: dict[tuple[str, str], ShardState], uuid: str, shard: str) -> None:
    """A batch is done with: retry state goes; an open tumbling window stays."""
    state = states.get((uuid, shard))
    if state is not None and state.tumbling is not None:
        state.attempts, state.limit, state.window_start = 0, 0, None
    else:
        states.pop((uuid, shard), None)


def _window_of(created: float, length: int) -> float:
    return float(int(created // length) * length)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _window_members(mapping: EventSourceMapping, shard: str, window: tuple[float, Any], length: int, final: bool) -> dict[str, Any]:
    start, carried = window
    return {
        "window": {"start": _iso(start), "end": _iso(start + length)},
        "state": carried,
        "shardId": shard,
        "eventSourceARN": mapping.source_arn,
        "isFinalInvokeForWindow": final,
        "isWindowTerminatedEarly": False,
    }


def _returned_state(payload: bytes, previous: Any) -> Any:
    try:
        answer = json.loads(payload or b"null")
    except ValueError:
        return previous
    return answer.get("state", previous) if isinstance(answer, dict) else previous


async def _close_window(runtime: Runtime, table: Table, mapping: EventSourceMapping, shard: str, state: ShardState, length: int) -> None:
    """The window's final invocation: no records, its state, isFinalInvokeForWindow."""
    assert state.tumbling is not None
    extra = _window_members(mapping, shard, state.tumbling, length, final=True)
    state.tumbling = None
    await batches.invoke_batch(runtime, table, mapping, [], kind_of(mapping.source_arn).event_source, extra)


def _checkpoint(runtime: Runtime, positions: Table, position: StreamPosition, kind: Kind, shard: str, record: dict[str, Any]) -> None:
    position.done[shard] = kind.sequence(record)
    position.start.pop(shard, None)
    if positions.get(position.uuid) is position:  # not deleted (with its mapping) meanwhile
        positions.touch(position.uuid)
        runtime.store.commit()


def _created(kind: Kind, record: dict[str, Any]) -> float:
    value = kind.created(record)
    return value.timestamp() if isinstance(value, datetime) else float(value)


def lambda_record(record: dict[str, Any], source_arn: str, role: str = "") -> dict[str, Any]:
    """A GetRecords record as Lambda delivers it: JSON-ready, with `eventSourceARN`."""
    if kind_of(source_arn) is KINESIS:
        return _kinesis_record(record, source_arn, role)
    out = _jsonable(record)
    out["eventSourceARN"] = source_arn
    return out


def _kinesis_record(record: dict[str, Any], source_arn: str, role: str) -> dict[str, Any]:
    # https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (the event's shape)
    sequence = record["SequenceNumber"]
    shard = f"shardId-{int(sequence[34:40]):012d}" if len(sequence) == 56 else "shardId-000000000000"
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": record.get("PartitionKey", ""),
            "sequenceNumber": sequence,
            "data": base64.b64encode(record["Data"]).decode(),
            "approximateArrivalTimestamp": _created(KINESIS, record),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard}:{sequence}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": role,
        "awsRegion": source_arn.split(":")[3],
        "eventSourceARN": source_arn,
    }


def _event_sequence(event: dict[str, Any]) -> str:
    return event["kinesis"]["sequenceNumber"] if "kinesis" in event else event["dynamodb"]["SequenceNumber"]


def _filterable(event: dict[str, Any]) -> dict[str, Any]:
    """What filter patterns see: a Kinesis record's data as JSON when it decodes as JSON."""
    if "kinesis" not in event:
        return event
    try:
        data = json.loads(base64.b64decode(event["kinesis"]["data"]))
    except ValueError:
        return event
    return {**event, "data": data}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime):
        return value.timestamp()
    return value


async def _discard(runtime: Runtime, mapping: EventSourceMapping, kind: Kind, shard: str, records: list[dict[str, Any]], condition: str, attempts: int) -> None:
    """Records given up on: their metadata to the mapping's OnFailure destination, if any."""
    target = ((mapping.extra.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    log.info("lambda: mapping %s discards %d records of %s (%s)", mapping.uuid, len(records), shard, condition)
    if not target:
        return

    def iso(record: dict[str, Any]) -> str:
        return datetime.fromtimestamp(_created(kind, record), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    body = {
        "requestContext": {"requestId": mapping.uuid, "functionArn": mapping.function_arn, "condition": condition, "approximateInvokeCount": attempts},
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "version": "1.0",
        "timestamp": datetime.fromtimestamp(runtime.clock.now(), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        kind.batch_info: {
            "shardId": shard,
            "startSequenceNumber": kind.sequence(records[0]),
            "endSequenceNumber": kind.sequence(records[-1]),
            "approximateArrivalOfFirstRecord": iso(records[0]),
            "approximateArrivalOfLastRecord": iso(records[-1]),
            "batchSize": len(records),
            "streamArn": mapping.source_arn,
        },
    }
    await deliver(runtime, target, json.dumps(body))
