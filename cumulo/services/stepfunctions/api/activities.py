"""Activities: create, describe, list, delete, and GetActivityTask (the workers' long poll)."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions import activities, common
from cumulo.services.stepfunctions.models import Activity


def _activity(ctx: RequestContext, arn: str) -> Activity:
    scope, rest = common.scope_of(ctx, arn, ("activity",))
    found: Activity | None = scope.table("activities").get(rest)
    if found is None:
        raise AwsError("ActivityDoesNotExist", f"Activity Does Not Exist: '{arn}'")
    return found


def create_activity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["name"]
    common.check_name(name)
    table = ctx.scope.table("activities")
    existing: Activity | None = table.get(name)
    if existing is not None:  # creating the same activity again answers it, as on AWS
        return {"activityArn": existing.arn, "creationDate": existing.created}
    tags = {t.get("key", ""): t.get("value", "") for t in req.get("tags") or []}
    if len(tags) > 50:
        raise AwsError("TooManyTags", "Too many tags: the maximum is 50", resourceName=name)
    activity = Activity(name, ctx.arn(f"activity:{name}", service="states"), ctx.clock.now(), tags,
                        req.get("encryptionConfiguration") or {})
    table[name] = activity
    return {"activityArn": activity.arn, "creationDate": activity.created}


def describe_activity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    a = _activity(ctx, req["activityArn"])
    return {"activityArn": a.arn, "name": a.name, "creationDate": a.created,
            "encryptionConfiguration": a.encryption or {"type": "AWS_OWNED_KEY"}}


def delete_activity(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, rest = common.scope_of(ctx, req["activityArn"], ("activity",))
    table = scope.table("activities")
    if rest in table:
        del table[rest]
    return {}


def list_activities(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    items = sorted(ctx.scope.table("activities").values(), key=lambda a: a.name)
    chunk, token = common.page(items, req, lambda a: a.name)
    out: dict[str, Any] = {"activities": [{"activityArn": a.arn, "name": a.name, "creationDate": a.created} for a in chunk]}
    if token:
        out["nextToken"] = token
    return out


async def get_activity_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    a = _activity(ctx, req["activityArn"])
    got = await activities.take(ctx.runtime, a.arn, req.get("workerName", ""))
    if got is None:
        return {}  # no task within the poll: AWS answers with neither token nor input
    token, text = got
    return {"taskToken": token, "input": text}
