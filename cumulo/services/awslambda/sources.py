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
`MaximumBatchingWindowInSeconds` is stored; a poll sends what the queue holds.
Kinesis and DynamoDB Streams sources are stored but not polled yet.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.runtimes import executor_for
from cumulo.services.awslambda import filters
from cumulo.services.awslambda.invoking import find, run
from cumulo.services.awslambda.models import EventSourceMapping

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.lambda")


def poll_all(runtime: Runtime, now: float) -> None:
    executor = executor_for(runtime)
    busy: set[str] = runtime.live.setdefault("lambda-polls", set())
    for scope in runtime.store.scopes_of("lambda"):
        for uuid, mapping in scope.table("mappings").rows.items():
            if mapping.enabled and mapping.source_arn.split(":")[2:3] == ["sqs"] and uuid not in busy:
                busy.add(uuid)
                task = executor.spawn(poll_sqs(runtime, scope.account, scope.region, uuid))
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
    if mapping is None or not mapping.enabled:
        return
    _, _, _, q_region, q_account, q_name = mapping.source_arn.split(":")[:6]
    try:
        url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": q_name, "QueueOwnerAWSAccountId": q_account}, q_account, q_region))["QueueUrl"]
        messages: list[dict[str, Any]] = []
        while len(messages) < mapping.batch_size:
            received = await services.call(
                runtime,
                "sqs",
                "ReceiveMessage",
                {
                    "QueueUrl": url,
                    "MaxNumberOfMessages": min(10, mapping.batch_size - len(messages)),
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
        _result(runtime, table, uuid, f"PROBLEM: {error.code}: {error.message}")
        return
    if not messages:
        return
    records = [sqs_record(m, mapping.source_arn) for m in messages]
    patterns = [filters.parse(p) for p in mapping.filters]
    kept = [r for r in records if filters.matches_any(patterns, _filterable(r))]
    done = [r for r in records if r not in kept]  # filtered out: deleted unseen, as on AWS
    if kept:
        done += await _deliver(runtime, table, mapping, kept)
    if done:
        entries = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(done)]
        for start in range(0, len(entries), 10):
            await services.call(runtime, "sqs", "DeleteMessageBatch", {"QueueUrl": url, "Entries": entries[start : start + 10]}, q_account, q_region)


async def _deliver(runtime: Runtime, table: Any, mapping: EventSourceMapping, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Invoke the function with `records`; returns the records that succeeded."""
    found = find(runtime, mapping.function_arn)
    if found is None:
        _result(runtime, table, mapping.uuid, "PROBLEM: Function not found")
        return []
    fn, version, _ = found
    payload = json.dumps({"Records": records}).encode()
    try:
        outcome = await run(runtime, fn, version, payload, request_id=str(uuid4()), invoked_arn=mapping.function_arn, kind="RequestResponse", source="aws:sqs")
    except AwsError as error:
        _result(runtime, table, mapping.uuid, f"PROBLEM: {error.code}")
        return []
    if outcome.failed:
        _result(runtime, table, mapping.uuid, "PROBLEM: Function call failed")
        return []
    _result(runtime, table, mapping.uuid, "OK")
    if "ReportBatchItemFailures" not in mapping.response_types:
        return records
    failed = _batch_failures(outcome.payload, records)
    if failed is None:  # an answer that is not a valid report fails the whole batch
        return []
    return [r for r in records if r["messageId"] not in failed]


def _batch_failures(payload: bytes, records: list[dict[str, Any]]) -> set[str] | None:
    try:
        answer = json.loads(payload or b"null")
    except ValueError:
        return None
    if not isinstance(answer, dict) or not answer.get("batchItemFailures"):
        return set()  # null, {} or an empty list: everything succeeded
    ids = {r["messageId"] for r in records}
    failed = set()
    for item in answer["batchItemFailures"]:
        identifier = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not identifier or identifier not in ids:
            return None
        failed.add(identifier)
    return failed


def _result(runtime: Runtime, table: Any, uuid: str, text: str) -> None:
    mapping = table.get(uuid)
    if mapping is not None and mapping.last_result != text:
        mapping.last_result = text
        table.touch(uuid)
        runtime.store.commit()
