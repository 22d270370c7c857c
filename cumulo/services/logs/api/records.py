"""Destinations and their policies, resource and account policies, query definitions,
export tasks to S3."""

from __future__ import annotations

import gzip
import logging
import uuid
from typing import Any

import orjson

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs import events
from cumulo.services.logs.common import check_tags, get_group, invalid, not_found, now_ms, page, records
from cumulo.services.logs.models import streams_table

log = logging.getLogger("cumulo.logs")

MAX_RESOURCE_POLICIES = 10


def _tags_of(ctx: RequestContext, arn: str) -> tuple[dict[str, str], Any]:
    """The tags of a non-log-group resource (destinations, deliveries, detectors, ...)."""
    for kind in ("destinations", "delivery-sources", "delivery-destinations", "deliveries", "anomaly-detectors", "lookup-tables", "scheduled-queries"):
        table = records(ctx, kind)
        for key, record in table.items():
            if record.get("arn") == arn:
                tags = record.setdefault("tags", {})
                return tags, lambda t=table, k=key: t.touch(k)
    raise not_found(f"The specified resource does not exist: {arn}")


# ---------------------------------------------------------------- destinations


def _destination_view(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("destinationName", "targetArn", "roleArn", "accessPolicy", "arn", "creationTime") if d.get(k) is not None}


def put_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "destinations")
    name = req["destinationName"]
    check_tags(req.get("tags") or {}, internal=ctx.request is None)
    d = table.get(name) or {
        "destinationName": name, "arn": f"arn:aws:logs:{ctx.region}:{ctx.account}:destination:{name}",
        "creationTime": now_ms(ctx), "tags": dict(req.get("tags") or {}),
    }
    d.update(targetArn=req["targetArn"], roleArn=req["roleArn"])
    table[name] = d
    return {"destination": _destination_view(d)}


def put_destination_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "destinations")
    d = table.get(req["destinationName"])
    if d is None:
        raise not_found("The specified destination does not exist.")
    _json_document(req["accessPolicy"], "accessPolicy")
    d["accessPolicy"] = req["accessPolicy"]
    table.touch(req["destinationName"])
    return {}


def describe_destinations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("DestinationNamePrefix") or ""
    found = [_destination_view(d) for name, d in sorted(records(ctx, "destinations").items()) if name.startswith(prefix)]
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    return {"destinations": items, **({"nextToken": token} if token else {})}


def delete_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "destinations")
    if req["destinationName"] not in table:
        raise not_found("The specified destination does not exist.")
    del table[req["destinationName"]]
    return {}


# ---------------------------------------------------------------- resource policies


def _json_document(text: str, what: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        raise invalid(f"The {what} is not valid JSON.") from None


def put_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "resource-policies")
    arn = req.get("resourceArn")
    name = req.get("policyName") or ("" if arn else None)
    if name is None:
        raise invalid("policyName is required for an account-level resource policy.")
    key = arn or name
    _json_document(req.get("policyDocument") or "{}", "policyDocument")
    existing = table.get(key)
    if req.get("expectedRevisionId") and (existing is None or existing["revisionId"] != req["expectedRevisionId"]):
        raise AwsError("OperationAbortedException", "The expected revision id does not match the current one.", status=400)
    if existing is None and not arn and len([p for p in table.values() if p["policyScope"] == "ACCOUNT"]) >= MAX_RESOURCE_POLICIES:
        raise AwsError("LimitExceededException", "Resource limit exceeded.", status=400)
    policy = {
        "policyName": name, "policyDocument": req.get("policyDocument") or "{}", "lastUpdatedTime": now_ms(ctx),
        "policyScope": "RESOURCE" if arn else "ACCOUNT", "revisionId": uuid.uuid4().hex,
    }
    if arn:
        policy["resourceArn"] = arn
    table[key] = policy
    return {"resourcePolicy": policy, "revisionId": policy["revisionId"]}


def describe_resource_policies(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [
        p for _, p in sorted(records(ctx, "resource-policies").items())
        if (not req.get("resourceArn") or p.get("resourceArn") == req["resourceArn"])
        and (not req.get("policyScope") or p["policyScope"] == req["policyScope"])
    ]
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    return {"resourcePolicies": items, **({"nextToken": token} if token else {})}


def delete_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "resource-policies")
    key = req.get("resourceArn") or req.get("policyName") or ""
    policy = table.get(key)
    if policy is None:
        raise not_found("Policy with name [{}] does not exist".format(req.get("policyName", "")))
    if req.get("expectedRevisionId") and policy["revisionId"] != req["expectedRevisionId"]:
        raise AwsError("OperationAbortedException", "The expected revision id does not match the current one.", status=400)
    del table[key]
    return {}


# ---------------------------------------------------------------- account policies


def put_account_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _json_document(req["policyDocument"], "policyDocument")
    policy = {
        "policyName": req["policyName"], "policyDocument": req["policyDocument"], "lastUpdatedTime": now_ms(ctx),
        "policyType": req["policyType"], "scope": req.get("scope") or "ALL", "accountId": ctx.account,
    }
    if req.get("selectionCriteria"):
        policy["selectionCriteria"] = req["selectionCriteria"]
    if not req.get("dryRun"):
        records(ctx, "account-policies")[f"{req['policyType']}/{req['policyName']}"] = policy
    return {"accountPolicy": policy}


def describe_account_policies(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [
        p for _, p in sorted(records(ctx, "account-policies").items())
        if p["policyType"] == req["policyType"] and (not req.get("policyName") or p["policyName"] == req["policyName"])
    ]
    return {"accountPolicies": found}


def delete_account_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "account-policies")
    key = f"{req['policyType']}/{req['policyName']}"
    if key not in table:
        raise not_found("Policy with name [{}] does not exist".format(req["policyName"]))
    if not req.get("dryRun"):
        del table[key]
    return {}


# ---------------------------------------------------------------- query definitions


def put_query_definition(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "query-definitions")
    ident = req.get("queryDefinitionId")
    if ident and ident not in table:
        raise not_found("The specified query definition does not exist.")
    ident = ident or str(uuid.uuid4())
    table[ident] = {
        "queryLanguage": req.get("queryLanguage") or "CWLI", "queryDefinitionId": ident, "name": req["name"],
        "queryString": req["queryString"], "lastModified": now_ms(ctx), "logGroupNames": list(req.get("logGroupNames") or []),
        "parameters": list(req.get("parameters") or []),
    }
    return {"queryDefinitionId": ident}


def describe_query_definitions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("queryDefinitionNamePrefix") or ""
    found = [
        d for d in sorted(records(ctx, "query-definitions").values(), key=lambda d: d["name"])
        if d["name"].startswith(prefix) and (not req.get("queryLanguage") or d["queryLanguage"] == req["queryLanguage"])
    ]
    items, token = page(found, req.get("nextToken"), req.get("maxResults"), 1000)
    return {"queryDefinitions": items, **({"nextToken": token} if token else {})}


def delete_query_definition(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "query-definitions")
    if req["queryDefinitionId"] not in table:
        raise not_found("The specified query definition does not exist.")
    del table[req["queryDefinitionId"]]
    return {"success": True}


# ---------------------------------------------------------------- export tasks


async def create_export_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    if req["from"] > req["to"]:
        raise invalid("The 'from' time must be before the 'to' time.")
    task_id = str(uuid.uuid4())
    prefix = req.get("destinationPrefix") or "exportedlogs"
    task = {
        "taskId": task_id, "taskName": req.get("taskName") or task_id, "logGroupName": group.name, "from": req["from"],
        "to": req["to"], "destination": req["destination"], "destinationPrefix": prefix,
        "status": {"code": "RUNNING", "message": "Started"}, "executionInfo": {"creationTime": now_ms(ctx)},
    }
    table = records(ctx, "export-tasks")
    # One export at a time per account, as AWS allows.
    if any(t["status"]["code"] in ("PENDING", "RUNNING") for t in table.values()):
        raise AwsError("LimitExceededException", "Resource limit exceeded.", status=400)
    streams = ctx.scope.table(streams_table(group.name))
    try:
        for name in sorted(streams):
            if req.get("logStreamNamePrefix") and not name.startswith(req["logStreamNamePrefix"]):
                continue
            lines = [
                # AWS writes each event as "<ISO timestamp> <message>".
                f"{_iso(e[0])} {e[2]}" for _, e in events.scan(ctx.scope, group.name, name, req["from"], req["to"] + 1)
            ]
            if not lines:
                continue
            body = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
            await services.call(ctx.runtime, "s3", "PutObject", {
                "Bucket": req["destination"], "Key": f"{prefix}/{task_id}/{name}/000000.gz", "Body": body,
            }, ctx.account, ctx.region)
        task["status"] = {"code": "COMPLETED", "message": "Completed successfully"}
    except AwsError as error:
        task["status"] = {"code": "FAILED", "message": error.message or error.code}
        if error.code in ("NoSuchBucket", "AccessDenied"):
            raise invalid("The given bucket does not exist or is not accessible: " + req["destination"]) from None
    task["executionInfo"]["completionTime"] = now_ms(ctx)
    table[task_id] = task
    return {"taskId": task_id}


def _iso(ms: int) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def describe_export_tasks(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [
        t for t in sorted(records(ctx, "export-tasks").values(), key=lambda t: t["executionInfo"]["creationTime"])
        if (not req.get("taskId") or t["taskId"] == req["taskId"]) and (not req.get("statusCode") or t["status"]["code"] == req["statusCode"])
    ]
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    return {"exportTasks": items, **({"nextToken": token} if token else {})}


def cancel_export_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "export-tasks")
    task = table.get(req["taskId"])
    if task is None:
        raise not_found("The specified export task does not exist.")
    if task["status"]["code"] not in ("PENDING", "RUNNING"):
        raise AwsError("InvalidOperationException", "The operation is not valid on the specified resource.", status=400)
    task["status"] = {"code": "CANCELLED", "message": "Cancelled by user"}
    table.touch(req["taskId"])
    return {}
