"""EventBridge Scheduler's CloudFormation resource types, made through Scheduler's own
API (cumulo.core.provisioning): schedules and schedule groups."""

from __future__ import annotations

from typing import Any

from cumulo.core.cfnshape import absent, api_input, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("scheduler", operation, request)
    except AwsError as e:
        if not absent(e):
            raise


def _schedule_request(operation: str, name: str, props: dict[str, Any]) -> dict[str, Any]:
    # A schedule without a flexible time window fires on time ("OFF"), as the template's default.
    return api_input("scheduler", operation, props, Name=name, FlexibleTimeWindow=None if props.get("FlexibleTimeWindow") else {"Mode": "OFF"})


async def _schedule(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> Resource:
    got = await ctx.call("scheduler", "GetSchedule", {"Name": name, **({"GroupName": props["GroupName"]} if props.get("GroupName") else {})})
    return Resource(name, {"Arn": got["Arn"]})


async def create_schedule(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(64)
    await ctx.call("scheduler", "CreateSchedule", _schedule_request("CreateSchedule", name, props))
    return await _schedule(ctx, name, props)


async def update_schedule(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("scheduler", "UpdateSchedule", _schedule_request("UpdateSchedule", name, props))
    return await _schedule(ctx, name, props)


async def delete_schedule(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteSchedule", {"Name": name, **({"GroupName": props["GroupName"]} if props.get("GroupName") else {})})


async def read_schedule(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("scheduler", "GetSchedule", {"Name": name, **({"GroupName": props["GroupName"]} if props.get("GroupName") else {})})
    current = {k: got[k] for k in ("Name", "GroupName", "ScheduleExpression", "ScheduleExpressionTimezone", "State", "Description") if got.get(k)}
    current["Target"] = {"Arn": got["Target"]["Arn"], "RoleArn": got["Target"]["RoleArn"]}
    return current


async def _group(ctx: ProvisionContext, name: str) -> Resource:
    got = await ctx.call("scheduler", "GetScheduleGroup", {"Name": name})
    return Resource(name, {"Arn": got["Arn"], "State": got.get("State", ""), "CreationDate": _iso(got.get("CreationDate")),
                           "LastModificationDate": _iso(got.get("LastModificationDate"))})


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def create_group(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(64)
    await ctx.call("scheduler", "CreateScheduleGroup", {"Name": name, **({"Tags": tags} if (tags := ctx.tag_list(props.get("Tags"))) else {})})
    return await _group(ctx, name)


async def update_group(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    made = await _group(ctx, name)
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("scheduler", "UntagResource", {"ResourceArn": made.attributes["Arn"], "TagKeys": remove})
    if put:
        await ctx.call("scheduler", "TagResource", {"ResourceArn": made.attributes["Arn"], "Tags": [{"Key": k, "Value": v} for k, v in put.items()]})
    return made


async def delete_group(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteScheduleGroup", {"Name": name})


RESOURCE_TYPES = {
    "AWS::Scheduler::Schedule": ResourceType(create_schedule, delete_schedule, update_schedule, replaces=frozenset({"Name", "GroupName"}),
                                             read=read_schedule),
    "AWS::Scheduler::ScheduleGroup": ResourceType(create_group, delete_group, update_group, replaces=frozenset({"Name"})),
}
