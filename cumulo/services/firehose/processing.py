"""Record processing before delivery: processors, Lambda transforms, dynamic partitioning.

https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html

A batch goes through the destination's `ProcessingConfiguration` processors in
order: `Decompression` (gzip), `CloudWatchLogProcessing` (a Logs subscription
payload's messages), `Lambda` (the function gets AWS's `records` event and answers
each `recordId` with `Ok`, `Dropped` or `ProcessingFailed`, maybe with partition
keys), `MetadataExtraction` (a jq query over the JSON record giving partition
keys), `AppendDelimiterToRecord`. What fails is kept with its reason for the
error output. Prefixes then expand `!{timestamp:...}`, `!{partitionKeyFromQuery:k}`,
`!{partitionKeyFromLambda:k}`, `!{firehose:random-string}` and
`!{firehose:error-output-type}`.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from cumulo import services
from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

_EXPRESSION = re.compile(r"!\{([A-Za-z]+):([^}]*)\}")


@dataclass(slots=True)
class Item:
    record_id: str
    data: bytes
    arrived: float
    keys: dict[str, str] = field(default_factory=dict)  # partition keys (query and Lambda)


@dataclass(slots=True)
class Failed:
    item: Item
    code: str
    message: str
    kind: str  # processing-failed, partitioning-failed
    lambda_arn: str = ""


def _params(processor: dict[str, Any]) -> dict[str, str]:
    return {p["ParameterName"]: p["ParameterValue"] for p in processor.get("Parameters") or []}


def _jq(query: str) -> Any:
    import jq  # the jq language itself (libjq), as Firehose's JQ-1.6 engine runs it

    return jq.compile(query)


async def process(runtime: Runtime, account: str, region: str, stream_arn: str, config: dict[str, Any], items: list[Item]) -> tuple[list[Item], list[Failed]]:
    processing = config.get("ProcessingConfiguration") or {}
    partitioned = bool((config.get("DynamicPartitioningConfiguration") or {}).get("Enabled"))
    failed: list[Failed] = []
    if not processing.get("Enabled", bool(processing.get("Processors"))):
        return items, failed
    for processor in processing.get("Processors") or []:
        params = _params(processor)
        kind = processor.get("Type")
        if kind == "Decompression":
            items = [d for d in (_decompressed(i, failed) for i in items) if d is not None]
        elif kind == "CloudWatchLogProcessing" and params.get("DataMessageExtraction", "false").lower() == "true":
            items = [out for i in items for out in _log_messages(i)]
        elif kind == "Lambda":
            items = await _lambda(runtime, account, region, stream_arn, params, items, failed)
        elif kind == "MetadataExtraction" and partitioned:
            items = _extract(params.get("MetadataExtractionQuery", ""), items, failed)
        elif kind == "AppendDelimiterToRecord":
            delimiter = params.get("Delimiter", "\\n").encode().decode("unicode_escape").encode()
            items = [Item(i.record_id, i.data + delimiter, i.arrived, i.keys) for i in items]
    return items, failed


def _decompressed(item: Item, failed: list[Failed]) -> Item | None:
    try:
        return Item(item.record_id, gzip.decompress(item.data), item.arrived, item.keys)
    except (OSError, EOFError) as error:
        failed.append(Failed(item, "Decompression.Failed", str(error), "processing-failed"))
        return None


def _log_messages(item: Item) -> list[Item]:
    try:
        payload = json.loads(item.data)
    except ValueError:
        return [item]
    if payload.get("messageType") != "DATA_MESSAGE":
        return []  # control messages are dropped, as Firehose does
    return [Item(item.record_id, (e.get("message", "") + "\n").encode(), item.arrived, item.keys) for e in payload.get("logEvents") or []]


async def _lambda(runtime: Runtime, account: str, region: str, stream_arn: str, params: dict[str, str], items: list[Item], failed: list[Failed]) -> list[Item]:
    arn = params.get("LambdaArn", "")
    if not items or not arn:
        return items
    event = {
        "invocationId": str(uuid.uuid4()),
        "deliveryStreamArn": stream_arn,
        "region": region,
        "records": [{"recordId": i.record_id, "approximateArrivalTimestamp": int(i.arrived * 1000), "data": base64.b64encode(i.data).decode()} for i in items],
    }
    attempts = int(params.get("NumberOfRetries", "3")) + 1
    answer: Any = None
    problem = ""
    for _ in range(attempts):
        try:
            out = await services.call(runtime, "lambda", "Invoke", {"FunctionName": arn, "Payload": json.dumps(event).encode()}, account, region)
        except AwsError as error:
            problem = f"{error.code}: {error.message}"
            continue
        payload: Any = out.get("Payload")
        body = payload.read() if hasattr(payload, "read") else payload
        if out.get("FunctionError"):
            problem = f"The Lambda function was invoked but it returned an error: {(body or b'').decode('utf-8', 'replace')[:500]}"
            continue
        try:
            answer = json.loads(body or b"null")
            break
        except ValueError:
            problem = "The Lambda function returned a response that is not valid JSON."
    by_id = {r.get("recordId"): r for r in (answer or {}).get("records") or [] if isinstance(r, dict)} if isinstance(answer, dict) else {}
    kept: list[Item] = []
    for item in items:
        result = by_id.get(item.record_id)
        if answer is None:
            failed.append(Failed(item, "Lambda.InvokeFailed" if problem.startswith(("ResourceNotFound", "InvalidParameter")) else "Lambda.FunctionError", problem, "processing-failed", arn))
        elif result is None:
            failed.append(Failed(item, "Lambda.MissingRecordId", f"Record {item.record_id} is missing from the Lambda function's response.", "processing-failed", arn))
        elif result.get("result") == "Ok":
            try:
                data = base64.b64decode(result.get("data", ""))
            except ValueError:
                failed.append(Failed(item, "Lambda.InvalidData", "The record's data is not valid base64.", "processing-failed", arn))
                continue
            keys = {**item.keys, **{k: str(v) for k, v in ((result.get("metadata") or {}).get("partitionKeys") or {}).items()}}
            kept.append(Item(item.record_id, data, item.arrived, keys))
        elif result.get("result") == "Dropped":
            continue
        else:
            failed.append(Failed(item, "Lambda.ProcessingFailed", "The Lambda function marked the record ProcessingFailed.", "processing-failed", arn))
    return kept


def _extract(query: str, items: list[Item], failed: list[Failed]) -> list[Item]:
    try:
        program = _jq(query)
    except ValueError as error:
        for item in items:
            failed.append(Failed(item, "DynamicPartitioning.MetadataExtractionFailed", str(error), "partitioning-failed"))
        return []
    kept = []
    for item in items:
        try:
            found = program.input_value(json.loads(item.data)).first()
            if not isinstance(found, dict) or any(v is None for v in found.values()):
                raise ValueError("the query did not give an object of partition keys")
            kept.append(Item(item.record_id, item.data, item.arrived, {**item.keys, **{k: str(v) for k, v in found.items()}}))
        except ValueError as error:
            failed.append(Failed(item, "DynamicPartitioning.MetadataExtractionFailed", str(error), "partitioning-failed"))
    return kept


# ---------------------------------------------------------------- prefixes


def _java_to_strftime(pattern: str) -> str:
    # The Java DateTimeFormatter letters Firehose prefixes use, as strftime directives.
    out = pattern
    for java, c in (("yyyy", "%Y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S")):
        out = out.replace(java, c)
    return out


def has_expressions(prefix: str) -> bool:
    return bool(_EXPRESSION.search(prefix))


def expand(prefix: str, when: float, keys: dict[str, str], zone: str | None, error_type: str = "") -> str:
    """A prefix with its `!{namespace:value}` expressions filled in; KeyError names a missing partition key."""
    moment = datetime.fromtimestamp(when, tz=ZoneInfo(zone) if zone else timezone.utc)

    def one(match: re.Match[str]) -> str:
        namespace, value = match.group(1), match.group(2)
        if namespace == "timestamp":
            return moment.strftime(_java_to_strftime(value))
        if namespace in ("partitionKeyFromQuery", "partitionKeyFromLambda"):
            return keys[value]
        if namespace == "firehose" and value == "random-string":
            return uuid.uuid4().hex[:11]
        if namespace == "firehose" and value == "error-output-type":
            return error_type
        return match.group(0)

    return _EXPRESSION.sub(one, prefix)


def default_time_prefix(when: float, zone: str | None) -> str:
    moment = datetime.fromtimestamp(when, tz=ZoneInfo(zone) if zone else timezone.utc)
    return moment.strftime("%Y/%m/%d/%H/")
