"""Exports to S3 and imports from S3: ExportTableToPointInTime, DescribeExport,
ListExports, ImportTable, DescribeImport, ListImports.

An export reads the table as it was at `ExportTime` (the point-in-time log,
so PITR must be on, as on AWS) or, for an incremental export, the changes in
its period, and writes the files through S3's own PutObject (`transfers.py`).
An import creates the table (CREATING, see `lifecycle`) from the objects under
an S3 prefix. Both run inside the call; the call still answers IN_PROGRESS, as
AWS does, and the next describe says COMPLETED or FAILED with S3's reason, so
the `export_completed` / `import_completed` waiters pass at their first poll.
A ClientToken makes a repeated request return the first one's job.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from cumulo.core.arns import arn
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes, lifecycle, paging, pitr, transfers
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.api.tables import build_table, sse_description
from cumulo.services.dynamodb.expressions import matches
from cumulo.services.dynamodb.models import Export, Import
from cumulo.services.dynamodb.transfers import TransferFailed

PAGE = 25


def _one(jobs: Any, arn: str, error: str) -> Any:
    found = jobs.get(arn)
    if found is None:
        raise AwsError(error, f"{error.removesuffix('NotFoundException')} not found: {arn}")
    return found


def _page(jobs: Any, req: dict[str, Any], size: int | None, hex_digits: int = 0) -> tuple[list[Any], dict[str, Any]]:
    """One page of a table's (or every) export or import, oldest first, and the NextToken member."""
    found = sorted(jobs.values(), key=lambda j: (j.start, j.arn))
    if req.get("TableArn"):
        found = [j for j in found if j.table_arn == req["TableArn"]]
    return paging.page(found, req.get("NextToken"), size or PAGE, hex_digits)


def _job_id(ctx: RequestContext) -> str:
    return f"{int(ctx.clock.now() * 1000):017d}-{uuid.uuid4().hex[:8]}"


# ---------------------------------------------------------------- exports


def _export_description(e: Export) -> dict[str, Any]:
    r = e.request
    out: dict[str, Any] = {
        "ExportArn": e.arn, "ExportStatus": e.status, "StartTime": e.start, "TableArn": e.table_arn, "TableId": e.table_id,
        "ExportTime": e.export_time, "S3Bucket": r["S3Bucket"], "ExportFormat": r.get("ExportFormat") or "DYNAMODB_JSON",
        "ExportType": r.get("ExportType") or "FULL_EXPORT", "BilledSizeBytes": e.size, "ItemCount": e.item_count,
    }
    for key in ("S3BucketOwner", "S3Prefix", "S3SseAlgorithm", "S3SseKmsKeyId", "IncrementalExportSpecification", "FilterSpecification"):
        if r.get(key):
            out[key] = r[key]
    optional = {"EndTime": e.end, "ExportManifest": e.manifest, "FailureCode": e.failure_code,
                "FailureMessage": e.failure_message, "ClientToken": e.client_token}
    out.update({k: x for k, x in optional.items() if x is not None})
    return out


def _exports(ctx: RequestContext) -> Any:
    return ctx.scope.table("exports")


def _export_window(table: Any, req: dict[str, Any], now: float) -> tuple[float, float, float]:
    """(export time, from, to): from/to only for incremental exports."""
    earliest, latest = pitr.window(table, now)
    if (req.get("ExportType") or "FULL_EXPORT") == "FULL_EXPORT":
        at = req["ExportTime"].timestamp() if req.get("ExportTime") else latest
        if not earliest - 1 < at <= latest:
            raise AwsError("InvalidExportTimeException", "ExportTime must be within the point-in-time recovery window")
        return at, at, at
    spec = req.get("IncrementalExportSpecification") or {}
    if not spec.get("ExportFromTime") or not spec.get("ExportToTime"):
        raise AwsError("ValidationException", "IncrementalExportSpecification needs ExportFromTime and ExportToTime")
    start, end = spec["ExportFromTime"].timestamp(), spec["ExportToTime"].timestamp()
    if not earliest - 1 < start < end <= latest:
        raise AwsError("InvalidExportTimeException", "The export period must be within the point-in-time recovery window")
    if end - start < 15 * 60 or end - start > 24 * 3600:
        raise AwsError("ValidationException", "The incremental export period must be between 15 minutes and 24 hours")
    return end, start, end


async def export_table_to_point_in_time(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    token = req.get("ClientToken")
    request = {k: x for k, x in req.items() if k not in ("ClientToken", "ExportTime")}
    if token:
        for e in _exports(ctx).values():
            if e.client_token == token:
                if e.request != request:
                    raise AwsError("ExportConflictException", "An export with this ClientToken was requested with different parameters")
                return {"ExportDescription": _export_description(e)}
    # A FilterSpecification selects and projects the exported items as a Query or Scan would.
    spec = engine.Request(req["FilterSpecification"], projection=True, filter=True, key_condition=True) if req.get("FilterSpecification") else None
    name = req["TableArn"].split(":table/", 1)[-1].split("/", 1)[0]
    table = engine.find_table(ctx, name) if req["TableArn"].startswith(ctx.arn("table/")) else None
    if table is None:
        raise AwsError("TableNotFoundException", f"Table not found: {req['TableArn']}")
    if not table.pitr_enabled:
        raise AwsError("PointInTimeRecoveryUnavailableException", f"Point in time recovery is not enabled for table '{table.name}'")
    now = ctx.clock.now()
    at, start, end = _export_window(table, req, now)
    export_id = _job_id(ctx)
    export = Export(f"{table.arn}/export/{export_id}", table.arn, table.table_id, at, now, request, client_token=token)
    _exports(ctx)[export.arn] = export
    answer = _export_description(export)
    rows = engine.data(ctx, table).rows
    if (req.get("ExportType") or "FULL_EXPORT") == "FULL_EXPORT":
        items = list(pitr.items_at(ctx.scope, table, rows, at).values())
        if spec is not None:
            items = [spec.project(i) for i in items if all(c is None or matches(c, i) for c in (spec.key_condition, spec.filter))]
        lines = list(transfers.full_lines(items))
        export.size = sum(v.item_size(i) for i in items)
    else:
        view = (req.get("IncrementalExportSpecification") or {}).get("ExportViewType") or "NEW_AND_OLD_IMAGES"
        changes = pitr.changes_between(ctx.scope, table, start, end)
        lines = list(transfers.incremental_lines(table, changes, view))
        export.size = sum(len(line) for line in lines)
    export.item_count = len(lines)
    if req.get("ExportFormat") == "ION":
        export.status, export.failure_code, export.failure_message = "FAILED", "UnsupportedFormat", "ION exports are not supported by this server"
    else:
        summary = {"version": "2023-08-01" if request.get("ExportType") == "INCREMENTAL_EXPORT" else "2020-06-30",
                   "exportArn": export.arn, "startTime": _iso(now), "endTime": _iso(ctx.clock.now()), "tableArn": table.arn,
                   "tableId": table.table_id, "exportTime": _iso(at), "s3Bucket": req["S3Bucket"], "s3Prefix": req.get("S3Prefix"),
                   "s3SseAlgorithm": req.get("S3SseAlgorithm") or "AES256", "s3SseKmsKeyId": req.get("S3SseKmsKeyId"),
                   "billedSizeBytes": export.size, "itemCount": export.item_count, "outputFormat": "DYNAMODB_JSON",
                   "exportType": req.get("ExportType") or "FULL_EXPORT"}
        try:
            export.manifest = await transfers.write_export(ctx, export_id, req, lines, summary)
            export.status = "COMPLETED"
        except TransferFailed as failed:
            export.status, export.failure_code, export.failure_message = "FAILED", failed.code, failed.message
    export.end = ctx.clock.now()
    _exports(ctx)[export.arn] = export
    return {"ExportDescription": answer}


def _iso(epoch: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def describe_export(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"ExportDescription": _export_description(_one(_exports(ctx), req["ExportArn"], "ExportNotFoundException"))}


def list_exports(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    page, more = _page(_exports(ctx), req, req.get("MaxResults"))
    return {"ExportSummaries": [
        {"ExportArn": e.arn, "ExportStatus": e.status, "ExportType": e.request.get("ExportType") or "FULL_EXPORT"} for e in page], **more}


# ---------------------------------------------------------------- imports


def _imports(ctx: RequestContext) -> Any:
    return ctx.scope.table("imports")


def _import_description(i: Import) -> dict[str, Any]:
    r = i.request
    out: dict[str, Any] = {
        "ImportArn": i.arn, "ImportStatus": i.status, "TableArn": i.table_arn, "TableId": i.table_id,
        "S3BucketSource": r["S3BucketSource"], "ErrorCount": i.error_count, "InputFormat": r["InputFormat"],
        "InputCompressionType": r.get("InputCompressionType") or "NONE", "TableCreationParameters": r["TableCreationParameters"],
        "StartTime": i.start, "ProcessedSizeBytes": i.processed_bytes, "ProcessedItemCount": i.processed_items,
        "ImportedItemCount": i.imported_items,
        "CloudWatchLogGroupArn": arn("logs", i.table_arn.split(":")[3], i.table_arn.split(":")[4], "log-group:/aws-dynamodb/imports:*"),
    }
    if r.get("InputFormatOptions"):
        out["InputFormatOptions"] = r["InputFormatOptions"]
    optional = {"EndTime": i.end, "FailureCode": i.failure_code, "FailureMessage": i.failure_message, "ClientToken": i.client_token}
    out.update({k: x for k, x in optional.items() if x is not None})
    return out


async def import_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    token = req.get("ClientToken")
    request = {k: x for k, x in req.items() if k != "ClientToken"}
    if token:
        for i in _imports(ctx).values():
            if i.client_token == token:
                if i.request != request:
                    raise AwsError("ImportConflictException", "An import with this ClientToken was requested with different parameters")
                return {"ImportTableDescription": _import_description(i)}
    params = req["TableCreationParameters"]
    name = params["TableName"]
    if engine.find_table(ctx, name) is not None:
        raise AwsError("ResourceInUseException", f"Table already exists: {name}")
    table = build_table(ctx, params, name)
    table.sse = sse_description(params, ctx)
    job = Import(f"{table.arn}/import/{_job_id(ctx)}", table.arn, table.table_id, ctx.clock.now(), request, client_token=token)
    _imports(ctx)[job.arn] = job
    answer = _import_description(job)
    errors: list[tuple[str, int, str]] = []
    try:
        objects = await transfers.read_objects(ctx, req["S3BucketSource"])
        if engine.find_table(ctx, name) is not None:  # created meanwhile
            raise TransferFailed("ResourceInUse", f"Table already exists: {name}")
        lifecycle.begin(ctx, table, "CREATING")
        engine.tables(ctx)[name] = table
        indexes.forget(ctx.scope, name)
        data = engine.data(ctx, table)
        for key, body in objects:
            text = transfers.decompress(body, req.get("InputCompressionType") or "NONE")
            job.processed_bytes += len(text)
            for index, item in enumerate(transfers.parse(text, req["InputFormat"], table, req.get("InputFormatOptions") or {})):
                job.processed_items += 1
                if item is transfers.MALFORMED:
                    job.error_count += 1
                    errors.append((key, index, "The S3 object is malformed: a line is not valid JSON; the rest of the object was skipped"))
                    break  # the rest of a malformed object is skipped
                try:
                    if item is None:
                        raise AwsError("ValidationException", "The line cannot form a DynamoDB item")
                    item = v.clean_item(item)
                    engine.check_item(table, item)
                except AwsError as error:
                    job.error_count += 1
                    errors.append((key, index, error.message))
                    continue
                rkey = indexes.row_key(table, item)
                if rkey not in data.rows:
                    job.imported_items += 1
                data.write(rkey, data.rows.get(rkey), copy.deepcopy(item))
        job.status = "COMPLETED"
    except TransferFailed as failed:
        job.status, job.failure_code, job.failure_message = "FAILED", failed.code, failed.message
        if engine.tables(ctx).get(name) is table:
            lifecycle.remove(ctx.scope, table)
    job.end = ctx.clock.now()
    _imports(ctx)[job.arn] = job
    if errors:
        await transfers.log_import_errors(ctx, job.arn, req["S3BucketSource"]["S3Bucket"], errors)
    return {"ImportTableDescription": answer}


def describe_import(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"ImportTableDescription": _import_description(_one(_imports(ctx), req["ImportArn"], "ImportNotFoundException"))}


def list_imports(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    page, more = _page(_imports(ctx), req, req.get("PageSize"), paging.IMPORT_DIGITS)
    return {"ImportSummaryList": [{
        "ImportArn": i.arn, "ImportStatus": i.status, "TableArn": i.table_arn, "S3BucketSource": i.request["S3BucketSource"],
        "InputFormat": i.request["InputFormat"], "StartTime": i.start, **({"EndTime": i.end} if i.end is not None else {}),
    } for i in page], **more}
