"""EventBridge Pipes' CloudFormation resource type, AWS::Pipes::Pipe, made through
Pipes' own API (cumulo.core.provisioning)."""

from __future__ import annotations

from typing import Any

from cumulo.core.cfnshape import absent, api_input, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def _pipe(ctx: ProvisionContext, name: str) -> Resource:
    got = await ctx.call("pipes", "DescribePipe", {"Name": name})
    return Resource(name, {"Arn": got["Arn"], "CurrentState": got.get("CurrentState", ""), "StateReason": got.get("StateReason", ""),
                           "CreationTime": _iso(got.get("CreationTime")), "LastModifiedTime": _iso(got.get("LastModifiedTime"))})


async def create_pipe(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(64)
    await ctx.call("pipes", "CreatePipe", api_input("pipes", "CreatePipe", props, Name=name, Tags=ctx.tag_map(props.get("Tags")) or None))
    return await _pipe(ctx, name)


async def update_pipe(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    # Shaped by UpdatePipe's model, the source parameters keep only what a source may
    # change (no starting position: that one is create-only).
    await ctx.call("pipes", "UpdatePipe", api_input("pipes", "UpdatePipe", props, Name=name))
    made = await _pipe(ctx, name)
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("pipes", "UntagResource", {"resourceArn": made.attributes["Arn"], "tagKeys": remove})
    if put:
        await ctx.call("pipes", "TagResource", {"resourceArn": made.attributes["Arn"], "tags": put})
    return made


async def delete_pipe(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    try:
        await ctx.call("pipes", "DeletePipe", {"Name": name})
    except AwsError as e:
        if not absent(e, "NotFoundException", "ResourceNotFoundException"):
            raise


async def read_pipe(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("pipes", "DescribePipe", {"Name": name})
    return {k: got[k] for k in ("Name", "Source", "Target", "RoleArn", "DesiredState", "Description", "Enrichment") if got.get(k)}


RESOURCE_TYPES = {
    "AWS::Pipes::Pipe": ResourceType(create_pipe, delete_pipe, update_pipe, replaces=frozenset({"Name", "Source", "KmsKeyIdentifier"}),
                                     read=read_pipe),
}
