"""EventBridge Scheduler handlers, one per operation, in model order.

Schedules live in groups (`default` always exists); tags belong to groups.
Firing is `firing.tick`'s business: handlers only (re)plan the next instant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, ValidationError
from cumulo.engines import schedules
from cumulo.services.scheduler import firing
from cumulo.services.scheduler.models import DEFAULT_GROUP, Schedule, ScheduleGroup, schedule_key


def _groups(ctx: RequestContext) -> Any:
    groups = ctx.store.scope(firing.SERVICE, ctx.account, ctx.region).table("groups")
    if DEFAULT_GROUP not in groups:
        now = ctx.clock.now()
        groups[DEFAULT_GROUP] = ScheduleGroup(DEFAULT_GROUP, ctx.account, ctx.region, now, now)
    return groups


def _schedules(ctx: RequestContext) -> Any:
    return ctx.store.scope(firing.SERVICE, ctx.account, ctx.region).table("schedules")


def _group(ctx: RequestContext, name: str | None) -> ScheduleGroup:
    group: ScheduleGroup | None = _groups(ctx).get(name or DEFAULT_GROUP)
    if group is None:
        raise AwsError("ResourceNotFoundException", f"Schedule group {name} does not exist.")
    return group


def _schedule(ctx: RequestContext, name: str, group: str | None) -> Schedule:
    _group(ctx, group)
    found: Schedule | None = _schedules(ctx).get(schedule_key(group or DEFAULT_GROUP, name))
    if found is None:
        raise AwsError("ResourceNotFoundException", f"Schedule {name} does not exist.")
    return found


def _epoch(value: Any) -> float | None:
    if value is None:
        return None
    return value.timestamp() if isinstance(value, datetime) else float(value)


def _check(req: dict[str, Any]) -> None:
    try:
        schedules.parse(req["ScheduleExpression"], req.get("ScheduleExpressionTimezone") or "UTC")
    except schedules.ScheduleError as error:
        if "time zone" in error.reason:
            raise ValidationError(message=f"Invalid time zone: {req.get('ScheduleExpressionTimezone')}.") from None
        raise ValidationError(message=f"Invalid Schedule Expression {req['ScheduleExpression']}: {error.reason}.") from None
    window = req["FlexibleTimeWindow"]
    if window["Mode"] == "FLEXIBLE" and not window.get("MaximumWindowInMinutes"):
        raise ValidationError(message="MaximumWindowInMinutes must be specified when the FlexibleTimeWindow mode is FLEXIBLE.")
    if window["Mode"] == "OFF" and window.get("MaximumWindowInMinutes"):
        raise ValidationError(message="MaximumWindowInMinutes must not be specified when the FlexibleTimeWindow mode is OFF.")
    start, end = _epoch(req.get("StartDate")), _epoch(req.get("EndDate"))
    if start is not None and end is not None and start >= end:
        raise ValidationError(message="The StartDate must come before the EndDate.")
    target = req["Target"]
    arn = target["Arn"]
    if arn.startswith("arn:aws:scheduler:::aws-sdk:"):
        if arn.count(":") != 7:
            raise ValidationError(message=f"Invalid target ARN {arn}: expected arn:aws:scheduler:::aws-sdk:<service>:<apiAction>.")
        try:
            orjson.loads(target.get("Input") or "{}")
        except orjson.JSONDecodeError:
            raise ValidationError(message="Input of a universal target must be valid JSON.") from None
    elif not arn.startswith("arn:") or arn.count(":") < 5:
        raise ValidationError(message=f"Invalid target ARN {arn}.")
    retry = target.get("RetryPolicy") or {}
    if "MaximumEventAgeInSeconds" in retry and not 60 <= retry["MaximumEventAgeInSeconds"] <= 86400:
        raise ValidationError(message="MaximumEventAgeInSeconds must be between 60 and 86400.")


def _apply(schedule: Schedule, req: dict[str, Any], now: float) -> None:
    schedule.expression = req["ScheduleExpression"]
    schedule.timezone = req.get("ScheduleExpressionTimezone") or "UTC"
    schedule.target = {k: v for k, v in req["Target"].items() if v is not None}
    schedule.flexible = dict(req["FlexibleTimeWindow"])
    schedule.start, schedule.end = _epoch(req.get("StartDate")), _epoch(req.get("EndDate"))
    schedule.description = req.get("Description")
    schedule.state = req.get("State") or "ENABLED"
    schedule.kms_key = req.get("KmsKeyArn")
    schedule.action_after_completion = req.get("ActionAfterCompletion") or "NONE"
    schedule.modified = now
    firing.plan(schedule, now)


def create_schedule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = _group(ctx, req.get("GroupName"))
    key = schedule_key(group.name, req["Name"])
    table = _schedules(ctx)
    if key in table:
        raise AwsError("ConflictException", f"Schedule {req['Name']} already exists.")
    _check(req)
    now = ctx.clock.now()
    schedule = Schedule(req["Name"], group.name, ctx.account, ctx.region, "", "UTC", {}, {}, now, now)
    _apply(schedule, req, now)
    table[key] = schedule
    return {"ScheduleArn": schedule.arn}


def create_schedule_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    groups = _groups(ctx)
    if req["Name"] in groups:
        raise AwsError("ConflictException", f"Schedule group {req['Name']} already exists.")
    now = ctx.clock.now()
    group = ScheduleGroup(req["Name"], ctx.account, ctx.region, now, now, tags={t["Key"]: t["Value"] for t in req.get("Tags") or []})
    groups[group.name] = group
    return {"ScheduleGroupArn": group.arn}


def delete_schedule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    schedule = _schedule(ctx, req["Name"], req.get("GroupName"))
    del _schedules(ctx)[schedule_key(schedule.group, schedule.name)]
    return {}


def delete_schedule_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req["Name"] == DEFAULT_GROUP:
        raise ValidationError(message="The default schedule group cannot be deleted.")
    group = _group(ctx, req["Name"])
    table = _schedules(ctx)
    for key in [k for k in table if k.startswith(f"{group.name}|")]:
        del table[key]
    del _groups(ctx)[group.name]
    return {}


def _view(schedule: Schedule) -> dict[str, Any]:
    out: dict[str, Any] = {"Arn": schedule.arn, "GroupName": schedule.group, "Name": schedule.name,
                           "ScheduleExpression": schedule.expression, "ScheduleExpressionTimezone": schedule.timezone,
                           "State": schedule.state, "CreationDate": schedule.created, "LastModificationDate": schedule.modified,
                           "Target": schedule.target, "FlexibleTimeWindow": schedule.flexible,
                           "ActionAfterCompletion": schedule.action_after_completion}
    for key, value in (("StartDate", schedule.start), ("EndDate", schedule.end), ("Description", schedule.description),
                       ("KmsKeyArn", schedule.kms_key)):
        if value is not None:
            out[key] = value
    return out


def get_schedule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _view(_schedule(ctx, req["Name"], req.get("GroupName")))


def _group_view(group: ScheduleGroup) -> dict[str, Any]:
    return {"Arn": group.arn, "Name": group.name, "State": group.state, "CreationDate": group.created,
            "LastModificationDate": group.modified}


def get_schedule_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _group_view(_group(ctx, req["Name"]))


def _page(items: list[Any], req: dict[str, Any]) -> tuple[list[Any], str | None]:
    token = req.get("NextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise ValidationError(message="The NextToken is not valid.") from None
    limit = req.get("MaxResults") or 100
    return items[start : start + limit], str(start + limit) if start + limit < len(items) else None


def list_schedule_groups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    groups = _groups(ctx)
    prefix = req.get("NamePrefix") or ""
    chunk, token = _page([_group_view(groups[n]) for n in sorted(groups) if n.startswith(prefix)], req)
    return {"ScheduleGroups": chunk, **({"NextToken": token} if token else {})}


def list_schedules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("GroupName"):
        _group(ctx, req["GroupName"])
    table = _schedules(ctx)
    prefix = req.get("NamePrefix") or ""
    found = []
    for key in sorted(table):
        s: Schedule = table[key]
        if (req.get("GroupName") and s.group != req["GroupName"]) or not s.name.startswith(prefix):
            continue
        if req.get("State") and s.state != req["State"]:
            continue
        found.append({"Arn": s.arn, "Name": s.name, "GroupName": s.group, "State": s.state, "CreationDate": s.created,
                      "LastModificationDate": s.modified, "Target": {"Arn": s.target["Arn"]}})
    chunk, token = _page(found, req)
    return {"Schedules": chunk, **({"NextToken": token} if token else {})}


def _tagged(ctx: RequestContext, arn: str) -> ScheduleGroup:
    name = arn.rsplit("schedule-group/", 1)[-1] if ":schedule-group/" in arn else None
    group = _groups(ctx).get(name) if name else None
    if group is None or group.arn != arn:
        raise AwsError("ResourceNotFoundException", f"Resource {arn} does not exist.")
    return group


def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Tags": [{"Key": k, "Value": v} for k, v in sorted(_tagged(ctx, req["ResourceArn"]).tags.items())]}


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = _tagged(ctx, req["ResourceArn"])
    group.tags.update({t["Key"]: t["Value"] for t in req["Tags"]})
    _groups(ctx).touch(group.name)
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = _tagged(ctx, req["ResourceArn"])
    for key in req["TagKeys"]:
        group.tags.pop(key, None)
    _groups(ctx).touch(group.name)
    return {}


def update_schedule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    schedule = _schedule(ctx, req["Name"], req.get("GroupName"))
    _check(req)
    _apply(schedule, req, ctx.clock.now())
    _schedules(ctx).touch(schedule_key(schedule.group, schedule.name))
    return {"ScheduleArn": schedule.arn}
