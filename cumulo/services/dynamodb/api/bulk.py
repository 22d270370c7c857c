"""Bulk operations: StartBulkPutItems, DescribeBulkOperation, ListBulkOperations,
CancelBulkOperation.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_StartBulkPutItems.html

Invariants
- A bulk put reads every object under the input prefix from S3 (through
  `services.call`, as imports do), and writes each item to an existing table
  through the same path as PutItem (`engine.commit_write`: indexes, streams,
  PITR all follow). Like ImportTable here, the work is done before the start
  request answers; the answer shows the operation as it began (IN_PROGRESS),
  DescribeBulkOperation as it ended.
- An item that does not parse or validate is counted in FailedItemCount (and
  ProcessedItemCount), and, when the output asks for ERROR, written with its
  reason as one JSON line of an `errors-<id>.json` object under the output
  prefix; the status is then COMPLETED_WITH_ERRORS. A line that is not JSON
  skips the rest of its object, as ImportTable does.
- A source that cannot be read fails the operation (FAILED, with FailureCode
  and FailureMessage). A ClientToken reused with other parameters is
  IdempotentParameterMismatchException; with the same ones, the same operation.
- An operation is kept as a plain dict in the `bulk` state table, by ARN.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes, paging, transfers
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.transfers import TransferFailed

MIN_WRITE_UNITS = 1024
TERMINAL = ("COMPLETED", "COMPLETED_WITH_ERRORS", "CANCELLED", "FAILED")


def _operations(ctx: RequestContext) -> Any:
    return ctx.scope.table("bulk")


def _description(op: dict[str, Any]) -> dict[str, Any]:
    return {k: x for k, x in op.items() if x is not None and not k.startswith("_")}


def _not_found(arn: str) -> AwsError:
    return AwsError("ResourceNotFoundException", f"Requested resource not found: Bulk operation: {arn} not found")


async def start_bulk_put_items(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    source, output = req["InputS3Configuration"], req["OutputS3Configuration"]
    if req.get("MaxWriteRequestUnits") is not None and req["MaxWriteRequestUnits"] < MIN_WRITE_UNITS:
        raise AwsError("ValidationException", f"MaxWriteRequestUnits must be at least {MIN_WRITE_UNITS}")
    if not output.get("OutputType"):
        raise AwsError("ValidationException", "OutputType must name at least one of ERROR, CONDITION_CHECK_FAILURE")
    token = req.get("ClientToken")
    request = {k: x for k, x in req.items() if k != "ClientToken"}
    if token:
        for earlier in _operations(ctx).values():
            if earlier.get("ClientToken") == token:
                if earlier["_request"] != request:
                    raise AwsError("IdempotentParameterMismatchException",
                                   "The ClientToken was used in an earlier request with different parameters")
                return {"BulkOperationDescription": _description(earlier)}
    table = engine.get_table(ctx, req["TableName"])
    job = f"{int(ctx.clock.now() * 1000):017d}-{uuid.uuid4().hex[:8]}"
    op: dict[str, Any] = {
        "BulkOperationArn": f"{table.arn}/bulk-operation/{job}", "BulkOperationStatus": "IN_PROGRESS",
        "TableDetails": [{"TableName": table.name, "TableId": table.table_id}], "ClientToken": token,
        "InputS3Configuration": source, "OutputS3Configuration": output, "StartTime": ctx.clock.now(),
        "ProcessedItemCount": 0, "ProcessedInputBytes": 0, "FailedItemCount": 0,
        "MaxWriteRequestUnits": req.get("MaxWriteRequestUnits"), "PerformanceTier": req.get("PerformanceTier") or "STANDARD",
        "_request": request,
    }
    answer = _description(op)
    await _run(ctx, table, op, job)
    _operations(ctx)[op["BulkOperationArn"]] = op
    return {"BulkOperationDescription": answer}


async def _run(ctx: RequestContext, table: Any, op: dict[str, Any], job: str) -> None:
    source, output = op["InputS3Configuration"], op["OutputS3Configuration"]
    errors: list[bytes] = []
    written = 0
    try:
        objects = await transfers.read_objects(ctx, source)
        op["TotalInputBytes"] = sum(len(body) for _, body in objects)
        data = engine.data(ctx, table)
        for key, body in objects:
            op["ProcessedInputBytes"] += len(body)
            text = transfers.decompress(body, source.get("InputCompressionType") or "NONE")
            for parsed in transfers.parse(text, source["InputFormat"], table, {}):
                op["ProcessedItemCount"] += 1
                item: v.Item | None = None
                if parsed is transfers.MALFORMED:
                    reason = "The input object is malformed: a line is not JSON"
                elif parsed is None:
                    reason = "The record is not a DynamoDB JSON item"
                else:
                    try:
                        item = v.clean_item(parsed)
                        size = engine.check_item(table, item)
                        reason = ""
                    except AwsError as error:
                        reason = error.message
                if item is None or reason:
                    op["FailedItemCount"] += 1
                    errors.append(orjson.dumps({"object": key, "error": {"code": "ValidationError", "message": reason}}))
                    if parsed is transfers.MALFORMED:
                        break  # the rest of a malformed object is skipped
                    continue
                rkey = indexes.row_key(table, item)
                engine.commit_write(ctx, table, rkey, data.rows.get(rkey), item, size=size)
                written += size
        if errors and "ERROR" in output["OutputType"] and output.get("S3Bucket"):
            prefix = (output.get("S3KeyPrefix") or "").rstrip("/")
            await transfers.write_object(ctx, output["S3Bucket"], f"{prefix}/errors-{job}.json".lstrip("/"), b"\n".join(errors) + b"\n")
        op["BulkOperationStatus"] = "COMPLETED_WITH_ERRORS" if errors else "COMPLETED"
    except TransferFailed as failed:
        op["BulkOperationStatus"], op["FailureCode"], op["FailureMessage"] = "FAILED", failed.code, failed.message
    op["BulkOperationUsage"] = [{"TableName": table.name, "BulkPutBytes": written, "Table": {"BulkPutBytes": written}}]
    op["EndTime"] = ctx.clock.now()


def describe_bulk_operation(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    op = _operations(ctx).get(req["BulkOperationArn"])
    if op is None:
        raise _not_found(req["BulkOperationArn"])
    return {"BulkOperationDescription": _description(op)}


def list_bulk_operations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    newest_first = sorted(_operations(ctx).values(), key=lambda op: (-op["StartTime"], op["BulkOperationArn"]))
    page, more = paging.page(newest_first, req.get("NextToken"), req.get("MaxResults") or 100)
    summaries = [{k: op[k] for k in ("BulkOperationArn", "BulkOperationStatus", "StartTime", "EndTime") if op.get(k) is not None} for op in page]
    return {"BulkOperationsSummaryList": summaries, **more}


def cancel_bulk_operation(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["BulkOperationArn"]
    op = _operations(ctx).get(arn)
    if op is None:
        raise _not_found(arn)
    if op["BulkOperationStatus"] in TERMINAL:
        raise AwsError("ValidationException", f"The bulk operation {arn} is {op['BulkOperationStatus']} and cannot be cancelled")
    op["BulkOperationStatus"] = "CANCELLING"
    _operations(ctx)[arn] = op
    return {"BulkOperationArn": arn, "BulkOperationStatus": op["BulkOperationStatus"]}
