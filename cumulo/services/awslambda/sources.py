"""Event source mappings at work: the SQS poller.

https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
A scheduler tick (`poll_all`) starts one poll per enabled SQS mapping that has
none running. A poll receives up to `BatchSize` messages through
`services.call(runtime, "sqs", "ReceiveMessage", ...)`, drops (deletes) those no filter
pattern matches, invokes the function once with the rest as `Records`, and
then deletes what succeeded: all of them, or, with `ReportBatchItemFailures`,
all but the `batchItemFailures` the function returned. On a function error
nothing is deleted: the messages come back after their visibility timeout,
and the queue's redrive policy moves them to its DLQ in time, as on AWS.

Batching window (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html):
with `MaximumBatchingWindowInSeconds` > 0, received messages are gathered (in
memory, in flight on the queue) until there are `BatchSize` of them, their
payload nears Lambda's 6 MB limit, or the window has passed on the cumulo
clock since the first was received; then they go to the function as one batch.
A message received again meanwhile (its visibility timeout passed) is kept
once, with its newest receipt handle. A restart forgets a gathering batch; its
messages come back when their visibility timeout ends, as after any crash.
DynamoDB Streams sources are polled by `streams`.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.runtimes import executor_for
from cumulo.engines import event_patterns
from cumulo.services.awslambda import batches, streams
from cumulo.services.awslambda.models import EventSourceMapping

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.lambda")

PAYLOAD_LIMIT = 6 * 1024 * 1024  # bytes: a synchronous invocation's payload quota


@dataclass(slots=True)
class Gathering:
    """Messages received for one mapping and not yet sent, within its batching window."""

    started: float  # cumulo clock, when the first was received
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # MessageId -> message
    size: int = 0


def poll_all(runtime: Runtime, now: float) -> None:
    """Tick: one poll per enabled mapping that has none running."""
    executor = executor_for(runtime)
    busy: set[str] = runtime.live.setdefault("lambda-polls", set())
    pollers = {"sqs": poll_sqs, "dynamodb": streams.poll, "kinesis": streams.poll}
    for scope in runtime.store.scopes_of("lambda"):
        for uuid, mapping in scope.table("mappings").rows.items():
            poller = pollers.get(mapping.source_arn.split(":")[2]) if mapping.source_arn.count(":") >= 5 else None
            if mapping.enabled and poller is not None and uuid not in busy:
                busy.add(uuid)
                task = executor.spawn(poller(runtime, scope.account, scope.region, uuid))
                task.add_done_callback(lambda _, u=uuid: busy.discard(u))


def sqs_record(message: dict[str, Any], source_arn: str) -> dict[str, Any]:
    attributes = {}
    for name, value in (message.get("MessageAttributes") or {}).items():
        binary = value.get("BinaryValue")
        attributes[name] = {
            "stringValue": value.get("StringValue"),
            "binaryValue": base64.b64encode(binary).decode() if isinstance(binary, (bytes, bytearray)) else binary,
            "stringListValues": list(value.get("StringListValues") or []),
            "binaryListValues": [base64.b64encode(b).decode() for b in value.get("BinaryListValues") or []],
            "dataType": value.get("DataType"),
        }
        if attributes[name]["binaryValue"] is None:
            del attributes[name]["binaryValue"]
        if attributes[name]["stringValue"] is None:
            del attributes[name]["stringValue"]
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message.get("Body", ""),
        "attributes": dict(message.get("Attributes") or {}),
        "messageAttributes": attributes,
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": source_arn,
        "awsRegion": source_arn.split(":")[3],
    }


def _filterable(record: dict[str, Any]) -> dict[str, Any]:
    try:
        body = json.loads(record["body"])
    except ValueError:
        return record
    return {**record, "body": body}


async def poll_sqs(runtime: Runtime, account: str, region: str, uuid: str) -> None:
    table = runtime.store.scope("lambda", account, region).table("mappings")
    mapping: EventSourceMapping | None = table.get(uuid)
    gatherings: dict[str, Gathering] = runtime.live.setdefault("lambda-gatherings", {})
    if mapping is None or not mapping.enabled:
        gatherings.pop(uuid, None)
        return
    _, _, _, q_region, q_account, q_name = mapping.source_arn.split(":")[:6]
    gathering = gatherings.get(uuid) or Gathering(runtime.clock.now())
    try:
        url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": q_name, "QueueOwnerAWSAccountId": q_account}, q_account, q_region))["QueueUrl"]
        messages: list[dict[str, Any]] = []
        while len(messages) + len(gathering.messages) < mapping.batch_size:
            received = await services.call(
                runtime,
                "sqs",
                "ReceiveMessage",
                {
                    "QueueUrl": url,
                    "MaxNumberOfMessages": min(10, mapping.batch_size - len(messages) - len(gathering.messages)),
                    "MessageSystemAttributeNames": ["All"],
                    "MessageAttributeNames": ["All"],
                    "WaitTimeSeconds": 0,
                },
                q_account,
                q_region,
            )
            got = received.get("Messages") or []
            messages.extend(got)
            if not got:
                break
    except AwsError as error:
        batches.set_result(runtime, table, uuid, f"PROBLEM: {error.code}: {error.message}")
        return
    for message in messages:
        if not gathering.messages:
            gathering.started = runtime.clock.now()
        gathering.size += len(message.get("Body", "")) if message["MessageId"] not in gathering.messages else 0
        gathering.messages[message["MessageId"]] = message
    if not gathering.messages:
        return
    full = len(gathering.messages) >= mapping.batch_size or gathering.size >= PAYLOAD_LIMIT * 0.9
    if mapping.batching_window and not full and runtime.clock.now() - gathering.started < mapping.batching_window:
        gatherings[uuid] = gathering  # wait for more, or for the window to pass
        return
    gatherings.pop(uuid, None)
    records = [sqs_record(m, mapping.source_arn) for m in gathering.messages.values()]
    patterns = [event_patterns.parse(p) for p in mapping.filters]
    kept = [r for r in records if event_patterns.matches_any(patterns, _filterable(r))]
    done = [r for r in records if r not in kept]  # filtered out: deleted unseen, as on AWS
    if kept:
        done += await _deliver(runtime, table, mapping, kept)
    if done:
        entries = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(done)]
        for start in range(0, len(entries), 10):
            await services.call(runtime, "sqs", "DeleteMessageBatch", {"QueueUrl": url, "Entries": entries[start : start + 10]}, q_account, q_region)


async def _deliver(runtime: Runtime, table: Any, mapping: EventSourceMapping, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Invoke the function with `records`; returns the records that succeeded."""
    outcome = await batches.invoke_batch(runtime, table, mapping, records, "aws:sqs")
    if outcome is None or outcome.failed:
        return []
    if "ReportBatchItemFailures" not in mapping.response_types:
        return records
    failed = batches.batch_failures(outcome.payload, {r["messageId"] for r in records})
    if failed is None:  # an answer that is not a valid report fails the whole batch
        return []
    return [r for r in records if r["messageId"] not in failed]
