"""A pipe's flow on the clock: read a batch from the source, filter, enrich, deliver to the target.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes.html
- States: a pipe is CREATING, STARTING, STOPPING or UPDATING for one tick,
  then RUNNING or STOPPED as its DesiredState says.
- Sources: SQS (ReceiveMessage, up to BatchSize messages, 10 a call; messages
  are deleted once the batch is delivered, left to come back visible otherwise),
  DynamoDB Streams and Kinesis (shards read from StartingPosition, the
  position kept on the pipe so a restart resumes).
- Batching window (`MaximumBatchingWindowInSeconds`): a batch smaller than
  BatchSize waits until the window has passed (cumulo clock) since the source
  first had something for it; an SQS source is only counted meanwhile
  (ApproximateNumberOfMessages), so its messages stay visible to others.
- Filters: SourceParameters.FilterCriteria in the event pattern language, on
  the source record (an SQS body that is JSON is matched as an object).
  Filtered-out SQS messages are deleted, as AWS does.
- Enrichment: a Lambda function (RequestResponse) or an express state machine
  (StartSyncExecution) gets the batch as a JSON array; its answer is the batch.
- Target: Lambda and Step Functions get the batch; SQS, SNS, an event bus,
  Kinesis, Logs each item. TargetParameters.InputTemplate and
  EnrichmentParameters.InputTemplate render each item: `<$.path>` takes a
  JSONPath of the item (a JSON SQS body is an object there), plus
  `<aws.pipes.pipe-arn>`, `<aws.pipes.pipe-name>`, `<aws.pipes.target-arn>`,
  `<aws.pipes.event.ingestion-time>`, `<aws.pipes.event>`, `<aws.pipes.event.json>`.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.engines import event_patterns, jsonpath
from cumulo.services.pipes.models import Pipe

log = logging.getLogger("cumulo.pipes")

SERVICE = "pipes"
_PLACEHOLDER = re.compile(r"<(\$[^<>]*|aws\.pipes\.[a-z.\-]+)>")


def _arn(arn: str) -> tuple[str, str, str, str]:
    parts = arn.split(":", 5)
    return parts[2], parts[3], parts[4], parts[5]


async def step(runtime: Runtime, now: float) -> None:
    """Tick: state transitions, then one poll of every running pipe."""
    for scope in runtime.store.scopes_of(SERVICE):
        table = scope.table("pipes")
        for name in list(table.rows):
            pipe: Pipe = table.rows[name]
            if pipe.current_state in ("CREATING", "STARTING", "STOPPING", "UPDATING"):
                pipe.current_state = "RUNNING" if pipe.desired_state == "RUNNING" else "STOPPED"
                table.touch(name)
                continue
            if pipe.current_state != "RUNNING":
                continue
            try:
                if await poll(runtime, pipe):
                    table.touch(name)
                if pipe.state_reason:
                    pipe.state_reason = None
                    table.touch(name)
            except AwsError as error:
                pipe.state_reason = f"{error.code}: {error.message}"
                table.touch(name)


async def poll(runtime: Runtime, pipe: Pipe) -> bool:
    """One batch from the source through to the target; True when the pipe's position moved."""
    service = _arn(pipe.source)[0]
    if service == "sqs":
        await _poll_sqs(runtime, pipe)
        return False
    if service in ("dynamodb", "kinesis"):
        return await _poll_stream(runtime, pipe, "dynamodbstreams" if service == "dynamodb" else "kinesis")
    raise AwsError("ValidationException", f"cumulo does not read pipe sources of {service} yet")


def _filters(pipe: Pipe) -> list[event_patterns.Pattern]:
    criteria = (pipe.source_parameters.get("FilterCriteria") or {}).get("Filters") or []
    return [event_patterns.parse(f["Pattern"]) for f in criteria if f.get("Pattern")]


def _filterable(record: dict[str, Any]) -> dict[str, Any]:
    body = record.get("body")
    if isinstance(body, str):
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError:
            return record
        if isinstance(parsed, dict):
            return {**record, "body": parsed}
    return record


def _window(runtime: Runtime, pipe: Pipe, key: str, available: int, batch_size: int, window: float) -> bool:
    """Whether a batch of `available` (of `batch_size`) may go now; with a window, a short
    batch waits until `window` seconds of the clock since it started gathering."""
    opened: dict[tuple[str, str], float] = runtime.live.setdefault("pipes-windows", {})
    if available >= batch_size or not window:
        opened.pop((pipe.arn, key), None)
        return True
    now = runtime.clock.now()
    started = opened.setdefault((pipe.arn, key), now)
    if now - started < window:
        return False
    del opened[(pipe.arn, key)]
    return True


async def _poll_sqs(runtime: Runtime, pipe: Pipe) -> None:
    _, region, account, name = _arn(pipe.source)
    params = pipe.source_parameters.get("SqsQueueParameters") or {}
    url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": name, "QueueOwnerAWSAccountId": account}, account, region))["QueueUrl"]
    batch_size = int(params.get("BatchSize") or 10)
    window = float(params.get("MaximumBatchingWindowInSeconds") or 0)
    if window:
        attrs = await services.call(runtime, "sqs", "GetQueueAttributes", {"QueueUrl": url, "AttributeNames": ["ApproximateNumberOfMessages"]}, account, region)
        waiting = int((attrs.get("Attributes") or {}).get("ApproximateNumberOfMessages", "0"))
        if not waiting or not _window(runtime, pipe, "sqs", waiting, batch_size, window):
            return
    messages: list[dict[str, Any]] = []
    while len(messages) < batch_size:
        got = await services.call(runtime, "sqs", "ReceiveMessage", {
            "QueueUrl": url, "MaxNumberOfMessages": min(batch_size - len(messages), 10),
            "MessageSystemAttributeNames": ["All"], "MessageAttributeNames": ["All"]}, account, region)
        page = got.get("Messages") or []
        messages += page
        if len(page) < 10:
            break
    if not messages:
        return
    records = [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": m.get("Attributes") or {}, "messageAttributes": m.get("MessageAttributes") or {},
        "md5OfBody": m.get("MD5OfBody"), "eventSource": "aws:sqs", "eventSourceARN": pipe.source, "awsRegion": region,
    } for m in messages]
    patterns = _filters(pipe)
    kept = [r for r in records if event_patterns.matches_any(patterns, _filterable(r))]
    done = [r for r in records if r not in kept]
    if kept:
        try:
            await deliver(runtime, pipe, kept)
            done += kept
        except AwsError as error:
            log.info("pipe %s: batch not delivered, it will come back: %s", pipe.arn, error)
            pipe.state_reason = f"{error.code}: {error.message}"
    if done:
        entries = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(done)]
        await services.call(runtime, "sqs", "DeleteMessageBatch", {"QueueUrl": url, "Entries": entries}, account, region)


async def _poll_stream(runtime: Runtime, pipe: Pipe, service: str) -> bool:
    _, region, account, _ = _arn(pipe.source)
    params = pipe.source_parameters.get("DynamoDBStreamParameters") or pipe.source_parameters.get("KinesisStreamParameters") or {}
    batch_size = int(params.get("BatchSize") or 100)
    window = float(params.get("MaximumBatchingWindowInSeconds") or 0)
    arn_key = "StreamArn" if service == "dynamodbstreams" else "StreamARN"
    after_key = "SequenceNumber" if service == "dynamodbstreams" else "StartingSequenceNumber"
    described = await services.call(runtime, service, "DescribeStream", {arn_key: pipe.source}, account, region)
    shards = [s["ShardId"] for s in described["StreamDescription"].get("Shards") or []]
    moved = False
    for shard in shards:
        if shard in pipe.positions:
            it = {arn_key: pipe.source, "ShardId": shard, "ShardIteratorType": "AFTER_SEQUENCE_NUMBER", after_key: pipe.positions[shard]}
        else:
            it = {arn_key: pipe.source, "ShardId": shard, "ShardIteratorType": params.get("StartingPosition") or "LATEST"}
            if it["ShardIteratorType"] == "LATEST" and shard in pipe.started_iterators:
                it = None  # a LATEST start: the iterator taken when the pipe started
        if service == "kinesis" and it is not None:
            it.pop("StreamArn", None)
        iterator = pipe.started_iterators.get(shard) if it is None else (await services.call(runtime, service, "GetShardIterator", it, account, region))["ShardIterator"]
        got = await services.call(runtime, service, "GetRecords", {"ShardIterator": iterator, "Limit": batch_size}, account, region)
        records = got.get("Records") or []
        if not records:
            if shard not in pipe.positions and shard not in pipe.started_iterators and got.get("NextShardIterator"):
                pipe.started_iterators[shard] = got["NextShardIterator"]
                moved = True
            continue
        if not _window(runtime, pipe, shard, len(records), batch_size, window):
            if iterator and shard not in pipe.positions and shard not in pipe.started_iterators:
                pipe.started_iterators[shard] = iterator  # a LATEST start must not lose what is waiting
                moved = True
            continue
        shaped = [_stream_record(pipe, service, r, region) for r in records]
        patterns = _filters(pipe)
        kept = [r for r in shaped if event_patterns.matches_any(patterns, r)]
        if kept:
            await deliver(runtime, pipe, kept)
        last = records[-1]
        pipe.positions[shard] = last["dynamodb"]["SequenceNumber"] if service == "dynamodbstreams" else last["SequenceNumber"]
        pipe.started_iterators.pop(shard, None)
        moved = True
    return moved


def _stream_record(pipe: Pipe, service: str, record: dict[str, Any], region: str) -> dict[str, Any]:
    if service == "dynamodbstreams":
        out = {k: v for k, v in record.items() if k != "dynamodb"}
        dynamodb = dict(record["dynamodb"])
        if isinstance(dynamodb.get("ApproximateCreationDateTime"), datetime):
            dynamodb["ApproximateCreationDateTime"] = dynamodb["ApproximateCreationDateTime"].timestamp()
        return {**out, "dynamodb": dynamodb, "eventSourceARN": pipe.source}
    data = record["Data"]
    import base64

    return {"kinesisSchemaVersion": "1.0", "partitionKey": record["PartitionKey"], "sequenceNumber": record["SequenceNumber"],
            "data": base64.b64encode(data if isinstance(data, bytes) else str(data).encode()).decode(),
            "eventSource": "aws:kinesis", "eventSourceARN": pipe.source, "awsRegion": region}


# ---------------------------------------------------------------- enrichment and targets


def _select(value: Any, path: str) -> Any:
    try:
        return jsonpath.select(value, path)
    except ValueError:  # outside the subset: selects nothing, as a path to nothing would
        return None


def render(template: str, item: Any, pipe: Pipe, now: float) -> str:
    """An InputTemplate for one item, with EventBridge's placeholder quoting rules."""
    view = _filterable(item) if isinstance(item, dict) else item
    fixed = {"aws.pipes.pipe-arn": pipe.arn, "aws.pipes.pipe-name": pipe.name, "aws.pipes.target-arn": pipe.target,
             "aws.pipes.event.ingestion-time": datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "aws.pipes.event": item, "aws.pipes.event.json": item}
    quoted = _quoted_spans(template)
    out, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        name = match.group(1)
        value = _select(view, name) if name.startswith("$") else fixed.get(name)
        out.append(template[last : match.start()])
        if any(a <= match.start() < b for a, b in quoted):
            text = value if isinstance(value, str) else "" if value is None else orjson.dumps(value).decode()
            out.append(orjson.dumps(text).decode()[1:-1])
        else:
            out.append(orjson.dumps(value).decode())
        last = match.end()
    out.append(template[last:])
    return "".join(out)


def _quoted_spans(template: str) -> list[tuple[int, int]]:
    spans, start, escaped = [], None, False
    for i, char in enumerate(template):
        if start is not None and escaped:
            escaped = False
        elif start is not None and char == "\\":
            escaped = True
        elif char == '"':
            if start is None:
                start = i
            else:
                spans.append((start, i))
                start = None
    return spans


def _as_value(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text


async def deliver(runtime: Runtime, pipe: Pipe, batch: list[dict[str, Any]]) -> None:
    now = runtime.clock.now()
    items: list[Any] = batch
    if pipe.enrichment:
        template = (pipe.enrichment_parameters or {}).get("InputTemplate")
        payload = [_as_value(render(template, i, pipe, now)) for i in items] if template else items
        items = await _enrich(runtime, pipe, payload)
    template = pipe.target_parameters.get("InputTemplate")
    bodies = [render(template, i, pipe, now) if template else (i if isinstance(i, str) else orjson.dumps(i).decode()) for i in items]
    await _to_target(runtime, pipe, items, bodies)
    log_runs(runtime, pipe, len(batch), len(items))


async def _enrich(runtime: Runtime, pipe: Pipe, payload: list[Any]) -> list[Any]:
    assert pipe.enrichment is not None
    service, region, account, _ = _arn(pipe.enrichment)
    body = orjson.dumps(payload)
    if service == "lambda":
        answer = await services.call(runtime, "lambda", "Invoke", {"FunctionName": pipe.enrichment, "Payload": body}, account, region)
        if answer.get("FunctionError"):
            raise AwsError("EnrichmentFailed", f"The enrichment function failed: {answer.get('Payload')!r}")
        raw = answer.get("Payload") or b"null"
        result = orjson.loads(raw if isinstance(raw, bytes | str) else raw.read())
    elif service == "states":
        answer = await services.call(runtime, "stepfunctions", "StartSyncExecution", {"stateMachineArn": pipe.enrichment, "input": body.decode()}, account, region)
        if answer.get("status") != "SUCCEEDED":
            raise AwsError("EnrichmentFailed", f"The enrichment state machine ended {answer.get('status')}")
        result = orjson.loads(answer.get("output") or "null")
    else:
        raise AwsError("ValidationException", f"cumulo does not enrich through {service} yet")
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


async def _to_target(runtime: Runtime, pipe: Pipe, items: list[Any], bodies: list[str]) -> None:
    service, region, account, resource = _arn(pipe.target)
    params = pipe.target_parameters
    if service == "lambda":
        kind = (params.get("LambdaFunctionParameters") or {}).get("InvocationType", "REQUEST_RESPONSE")
        payload = ("[" + ",".join(bodies) + "]").encode()
        answer = await services.call(runtime, "lambda", "Invoke", {"FunctionName": pipe.target, "Payload": payload,
                                                                    "InvocationType": "Event" if kind == "FIRE_AND_FORGET" else "RequestResponse"}, account, region)
        if answer.get("FunctionError"):
            raise AwsError("TargetFailed", "The target function failed.")
        return
    if service == "states":
        kind = (params.get("StepFunctionStateMachineParameters") or {}).get("InvocationType", "FIRE_AND_FORGET")
        operation = "StartSyncExecution" if kind == "REQUEST_RESPONSE" else "StartExecution"
        await services.call(runtime, "stepfunctions", operation, {"stateMachineArn": pipe.target, "input": "[" + ",".join(bodies) + "]"}, account, region)
        return
    for item, body in zip(items, bodies, strict=True):
        if service == "sqs":
            url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": resource, "QueueOwnerAWSAccountId": account}, account, region))["QueueUrl"]
            message: dict[str, Any] = {"QueueUrl": url, "MessageBody": body}
            sqs_params = params.get("SqsQueueParameters") or {}
            if resource.endswith(".fifo"):
                message["MessageGroupId"] = sqs_params.get("MessageGroupId") or pipe.name
                message["MessageDeduplicationId"] = sqs_params.get("MessageDeduplicationId") or (item.get("messageId") if isinstance(item, dict) else None) or str(hash(body))
            await services.call(runtime, "sqs", "SendMessage", message, account, region)
        elif service == "sns":
            await services.call(runtime, "sns", "Publish", {"TopicArn": pipe.target, "Message": body}, account, region)
        elif service == "events":
            bus = params.get("EventBridgeEventBusParameters") or {}
            source_kind = _arn(pipe.source)[0]
            entry = {"EventBusName": pipe.target, "Source": bus.get("Source") or f"Pipe {pipe.name}",
                     "DetailType": bus.get("DetailType") or f"Event from aws:{source_kind}", "Detail": body,
                     "Resources": bus.get("Resources") or []}
            answer = await services.call(runtime, "events", "PutEvents", {"Entries": [entry]}, account, region)
            failed = [e for e in answer.get("Entries", []) if e.get("ErrorCode")]
            if failed:
                raise AwsError(failed[0]["ErrorCode"], failed[0].get("ErrorMessage", ""))
        elif service == "kinesis":
            key = (params.get("KinesisStreamParameters") or {}).get("PartitionKey") or pipe.name
            await services.call(runtime, "kinesis", "PutRecord", {"StreamARN": pipe.target, "Data": body.encode(), "PartitionKey": key}, account, region)
        elif service == "logs":
            group = resource.split(":", 1)[1] if resource.startswith("log-group:") else resource
            stream = (params.get("CloudWatchLogsParameters") or {}).get("LogStreamName") or pipe.name
            try:
                await services.call(runtime, "logs", "CreateLogStream", {"logGroupName": group, "logStreamName": stream}, account, region)
            except AwsError as error:
                if error.code != "ResourceAlreadyExistsException":
                    raise
            await services.call(runtime, "logs", "PutLogEvents", {"logGroupName": group, "logStreamName": stream,
                                                                  "logEvents": [{"timestamp": int(runtime.clock.now() * 1000), "message": body}]}, account, region)
        else:
            raise AwsError("ValidationException", f"cumulo does not deliver pipe targets of {service} yet")


def log_runs(runtime: Runtime, pipe: Pipe, received: int, delivered: int) -> None:
    table = runtime.store.scope(SERVICE, pipe.account, pipe.region).table("runs")
    seq = int(next(reversed(table.rows))) + 1 if table.rows else 1
    table[f"{seq:012d}"] = {"pipe": pipe.name, "source": pipe.source, "target": pipe.target, "received": received,
                            "delivered": delivered, "time": runtime.clock.now()}
    if len(table.rows) > 2000:
        del table[next(iter(table.rows))]
