"""Import tasks: CreateImportTask, DescribeImportTasks, DescribeImportTaskBatches,
CancelImportTask. The importing itself is `cumulo.services.logs.imports`."""

from __future__ import annotations

import re
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs import imports
from cumulo.services.logs.common import invalid, not_found, now_ms, page, records

_ROLE = re.compile(r"^arn:aws[\w-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
_VIEW = ("importId", "importSourceArn", "importStatus", "importDestinationArn", "importStatistics", "importFilter",
         "creationTime", "lastUpdatedTime", "errorMessage")


def _view(task: dict[str, Any]) -> dict[str, Any]:
    return {k: task[k] for k in _VIEW if task.get(k) is not None}


def _task(ctx: RequestContext, import_id: str) -> dict[str, Any]:
    task = records(ctx, "imports").get(import_id)
    if task is None:
        raise not_found(f"The specified import task does not exist: {import_id}")
    return task


async def create_import_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    source = req["importSourceArn"]
    bucket, prefix = imports.parse_source(source)
    if not _ROLE.match(req["importRoleArn"]):
        raise invalid(f"Invalid importRoleArn: {req['importRoleArn']}")
    window = req.get("importFilter") or {}
    if window.get("startEventTime") is not None and window.get("endEventTime") is not None \
            and window["startEventTime"] > window["endEventTime"]:
        raise invalid("importFilter.startEventTime must not be after importFilter.endEventTime.")
    table = records(ctx, "imports")
    if any(t["importSourceArn"] == source and t["importStatus"] == "IN_PROGRESS" for t in table.values()):
        raise AwsError("ConflictException", f"An import from {source} is already in progress.", status=400)
    try:
        objects = await imports.list_objects(ctx.runtime, ctx.account, ctx.region, bucket, prefix)
    except AwsError as error:
        if error.code == "NoSuchBucket":
            raise not_found(f"The specified import source does not exist: {source}") from None
        raise invalid(f"The import source could not be read: {error.message}") from None
    import_id = str(uuid.uuid4())
    now = now_ms(ctx)
    group = imports.destination(bucket)
    task: dict[str, Any] = {
        "importId": import_id, "importSourceArn": source, "importRoleArn": req["importRoleArn"],
        "importDestinationArn": f"arn:aws:logs:{ctx.region}:{ctx.account}:log-group:{group}",
        "importStatus": "IN_PROGRESS" if objects else "COMPLETED", "importStatistics": {"bytesImported": 0},
        "creationTime": now, "lastUpdatedTime": now, "bucket": bucket, "groupName": group,
        "batches": [{"batchId": uuid.uuid5(uuid.NAMESPACE_URL, f"{import_id}/{o['Key']}").hex, "key": o["Key"],
                     "status": "IN_PROGRESS"} for o in objects],
    }
    if window:
        task["importFilter"] = dict(window)
    table[import_id] = task
    if objects:
        imports.start(ctx.runtime, ctx.account, ctx.region, import_id)
    return {"importId": import_id, "importDestinationArn": task["importDestinationArn"], "creationTime": now}


def describe_import_tasks(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("importId"):
        _task(ctx, req["importId"])
    found = [
        _view(t) for t in sorted(records(ctx, "imports").values(), key=lambda t: (t["creationTime"], t["importId"]))
        if (not req.get("importId") or t["importId"] == req["importId"])
        and (not req.get("importStatus") or t["importStatus"] == req["importStatus"])
        and (not req.get("importSourceArn") or t["importSourceArn"] == req["importSourceArn"])
    ]
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    return {"imports": items, **({"nextToken": token} if token else {})}


def describe_import_task_batches(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    task = _task(ctx, req["importId"])
    wanted = set(req.get("batchImportStatus") or ())
    found = [
        {k: b[k] for k in ("batchId", "status", "errorMessage") if k in b}
        for b in task["batches"] if not wanted or b["status"] in wanted
    ]
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    out: dict[str, Any] = {"importSourceArn": task["importSourceArn"], "importId": task["importId"], "importBatches": items}
    if token:
        out["nextToken"] = token
    return out


def cancel_import_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    task = _task(ctx, req["importId"])
    if task["importStatus"] != "IN_PROGRESS":
        raise AwsError("InvalidOperationException", f"The import task is {task['importStatus']} and cannot be cancelled.", status=400)
    task["importStatus"] = "CANCELLED"
    task["lastUpdatedTime"] = now_ms(ctx)
    for batch in task["batches"]:
        if batch["status"] == "IN_PROGRESS":
            batch["status"] = "CANCELLED"
    records(ctx, "imports").touch(req["importId"])
    return {k: task[k] for k in ("importId", "importStatistics", "importStatus", "creationTime", "lastUpdatedTime")}
