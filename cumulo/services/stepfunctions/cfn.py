"""Step Functions' CloudFormation resource types, made through Step Functions' own API
(cumulo.core.provisioning): state machines (definition inline as text or object, or in
S3, with substitutions), activities, published versions and aliases."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.cfnshape import absent, api_input, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

_GONE = ("ResourceNotFound", "StateMachineDoesNotExist", "ActivityDoesNotExist", "ResourceNotFoundException")


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("stepfunctions", operation, request)
    except AwsError as e:
        if not absent(e, *_GONE):
            raise


async def _retag(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("stepfunctions", "UntagResource", {"resourceArn": arn, "tagKeys": remove})
    if put:
        await ctx.call("stepfunctions", "TagResource", {"resourceArn": arn, "tags": [{"key": k, "value": v} for k, v in put.items()]})


def _tags(ctx: ProvisionContext, props: dict[str, Any]) -> list[dict[str, str]] | None:
    return [{"key": t["Key"], "value": t["Value"]} for t in ctx.tag_list(props.get("Tags"))] or None


# ------------------------------------------------------------------ state machines


async def _definition(ctx: ProvisionContext, props: dict[str, Any]) -> str:
    """The definition as text: `DefinitionString`, `Definition` (an object) or the
    object at `DefinitionS3Location`, with `DefinitionSubstitutions` put in."""
    if props.get("DefinitionString") is not None:
        text = props["DefinitionString"] if isinstance(props["DefinitionString"], str) else json.dumps(props["DefinitionString"])
    elif props.get("Definition") is not None:
        text = props["Definition"] if isinstance(props["Definition"], str) else json.dumps(props["Definition"])
    elif props.get("DefinitionS3Location"):
        text = await _from_s3(ctx, props["DefinitionS3Location"])
    else:
        raise AwsError("ValidationException", "Properties validation failed: one of DefinitionString, Definition or "
                       "DefinitionS3Location is required", status=400)
    for key, value in (props.get("DefinitionSubstitutions") or {}).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        text = text.replace("${" + key + "}", str(value))
    return text


async def _from_s3(ctx: ProvisionContext, location: dict[str, Any]) -> str:
    request = {"Bucket": location["Bucket"], "Key": location["Key"]}
    if location.get("Version"):
        request["VersionId"] = location["Version"]
    body = (await ctx.call("s3", "GetObject", request)).get("Body", b"")
    if isinstance(body, bytes | bytearray):
        data = bytes(body)
    elif hasattr(body, "read"):
        data = bytes(await body.read())
    else:
        data = b"".join([chunk async for chunk in body])
    text = data.decode()
    # A definition in S3 may be YAML (AWS accepts both); JSON is also YAML.
    if not text.lstrip().startswith("{"):
        import yaml

        text = json.dumps(yaml.safe_load(text))
    return text


async def _machine(ctx: ProvisionContext, arn: str) -> Resource:
    got = await ctx.call("stepfunctions", "DescribeStateMachine", {"stateMachineArn": arn})
    return Resource(arn, {"Arn": arn, "Name": got["name"], "StateMachineRevisionId": got.get("revisionId", "")})


async def create_state_machine(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    # AWS names a stack's unnamed state machine after its logical id alone: "<logical id>-<random>".
    name = props.get("StateMachineName") or f"{ctx.logical_id[:67]}-{ctx.physical_name().rsplit('-', 1)[1]}"
    request = api_input("stepfunctions", "CreateStateMachine", props, name=name, definition=await _definition(ctx, props),
                        type=props.get("StateMachineType"), tags=_tags(ctx, props))
    arn = (await ctx.call("stepfunctions", "CreateStateMachine", request))["stateMachineArn"]
    return await _machine(ctx, arn)


async def update_state_machine(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = api_input("stepfunctions", "UpdateStateMachine", props, stateMachineArn=arn, definition=await _definition(ctx, props))
    if "LoggingConfiguration" in old and "LoggingConfiguration" not in props:
        request["loggingConfiguration"] = {"level": "OFF"}
    if "TracingConfiguration" in old and "TracingConfiguration" not in props:
        request["tracingConfiguration"] = {"enabled": False}
    await ctx.call("stepfunctions", "UpdateStateMachine", request)
    await _retag(ctx, arn, props, old)
    return await _machine(ctx, arn)


async def delete_state_machine(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteStateMachine", {"stateMachineArn": arn})


async def read_state_machine(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("stepfunctions", "DescribeStateMachine", {"stateMachineArn": arn})
    return {"StateMachineName": got["name"], "StateMachineType": got["type"], "RoleArn": got["roleArn"],
            "Definition": json.loads(got["definition"])}


# ------------------------------------------------------------------ activities


async def create_activity(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = api_input("stepfunctions", "CreateActivity", props, tags=_tags(ctx, props))
    arn = (await ctx.call("stepfunctions", "CreateActivity", request))["activityArn"]
    return Resource(arn, {"Arn": arn, "Name": props["Name"]})


async def update_activity(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _retag(ctx, arn, props, old)
    return Resource(arn, {"Arn": arn, "Name": props["Name"]})


async def delete_activity(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteActivity", {"activityArn": arn})


# ------------------------------------------------------------------ versions and aliases


async def create_version(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = api_input("stepfunctions", "PublishStateMachineVersion", props, revisionId=props.get("StateMachineRevisionId"))
    arn = (await ctx.call("stepfunctions", "PublishStateMachineVersion", request))["stateMachineVersionArn"]
    return Resource(arn, {"Arn": arn})


async def delete_version(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteStateMachineVersion", {"stateMachineVersionArn": arn})


def _routing(props: dict[str, Any]) -> list[dict[str, Any]]:
    if props.get("RoutingConfiguration"):
        return [{"stateMachineVersionArn": r["StateMachineVersionArn"], "weight": int(r["Weight"])} for r in props["RoutingConfiguration"]]
    # A deployment preference: cumulo shifts traffic at once, to the state it would end in.
    preference = props.get("DeploymentPreference") or {}
    if not preference.get("StateMachineVersionArn"):
        raise AwsError("ValidationException", "Properties validation failed: one of RoutingConfiguration or DeploymentPreference is required",
                       status=400)
    return [{"stateMachineVersionArn": preference["StateMachineVersionArn"], "weight": 100}]


async def create_alias(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(80)
    request = {"name": name, "routingConfiguration": _routing(props)}
    if props.get("Description"):
        request["description"] = props["Description"]
    arn = (await ctx.call("stepfunctions", "CreateStateMachineAlias", request))["stateMachineAliasArn"]
    return Resource(arn, {"Arn": arn})


async def update_alias(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {"stateMachineAliasArn": arn, "routingConfiguration": _routing(props), "description": props.get("Description", "")}
    await ctx.call("stepfunctions", "UpdateStateMachineAlias", request)
    return Resource(arn, {"Arn": arn})


async def read_alias(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("stepfunctions", "DescribeStateMachineAlias", {"stateMachineAliasArn": arn})
    current: dict[str, Any] = {"Name": got["name"], "RoutingConfiguration": [
        {"StateMachineVersionArn": r["stateMachineVersionArn"], "Weight": r["weight"]} for r in got["routingConfiguration"]]}
    if got.get("description"):
        current["Description"] = got["description"]
    return current


async def delete_alias(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteStateMachineAlias", {"stateMachineAliasArn": arn})


RESOURCE_TYPES = {
    "AWS::StepFunctions::StateMachine": ResourceType(create_state_machine, delete_state_machine, update_state_machine,
                                                     replaces=frozenset({"StateMachineName", "StateMachineType"}), read=read_state_machine),
    "AWS::StepFunctions::Activity": ResourceType(create_activity, delete_activity, update_activity,
                                                 replaces=frozenset({"Name", "EncryptionConfiguration"})),
    "AWS::StepFunctions::StateMachineVersion": ResourceType(create_version, delete_version),
    "AWS::StepFunctions::StateMachineAlias": ResourceType(create_alias, delete_alias, update_alias, replaces=frozenset({"Name"}),
                                                          read=read_alias),
}
