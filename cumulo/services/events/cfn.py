"""EventBridge's CloudFormation resource types, made through EventBridge's own API
(cumulo.core.provisioning): buses and their policies, rules with their targets,
archives, connections, API destinations and global endpoints."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.cfnshape import absent, api_input, changed, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


async def _call(ctx: ProvisionContext, operation: str, props: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    return await ctx.call("events", operation, api_input("events", operation, props, **fixed))


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("events", operation, request)
    except AwsError as e:
        if not absent(e):
            raise


async def _retag(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("events", "UntagResource", {"ResourceARN": arn, "TagKeys": remove})
    if put:
        await ctx.call("events", "TagResource", {"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in put.items()]})


def _arn_for_policy(arn: str) -> str:
    # A connection's or API destination's ARN ends in "/<name>/<uuid>"; policies name it without the uuid.
    head, _, tail = arn.rpartition("/")
    return head if head.count("/") >= 1 and len(tail) == 36 else arn


# ------------------------------------------------------------------ buses


async def _bus(ctx: ProvisionContext, name: str) -> Resource:
    got = await ctx.call("events", "DescribeEventBus", {"Name": name})
    attributes: dict[str, Any] = {"Arn": got["Arn"], "Name": name}
    if got.get("Policy"):
        attributes["Policy"] = got["Policy"]
    return Resource(name, attributes)


async def create_event_bus(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props["Name"]
    await _call(ctx, "CreateEventBus", props, Tags=ctx.tag_list(props.get("Tags")) or None)
    if props.get("Policy"):
        await ctx.call("events", "PutPermission", {"EventBusName": name, "Policy": _text(props["Policy"])})
    return await _bus(ctx, name)


async def update_event_bus(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = api_input("events", "UpdateEventBus", props, Name=name)
    for member, prop in (("Description", "Description"), ("KmsKeyIdentifier", "KmsKeyIdentifier"), ("DeadLetterConfig", "DeadLetterConfig")):
        if prop in old and prop not in props:
            request[member] = {} if member == "DeadLetterConfig" else ""
    await ctx.call("events", "UpdateEventBus", request)
    if changed(props, old, "Policy"):
        if props.get("Policy"):
            await ctx.call("events", "PutPermission", {"EventBusName": name, "Policy": _text(props["Policy"])})
        else:
            await _gone(ctx, "RemovePermission", {"EventBusName": name, "RemoveAllPermissions": True})
    made = await _bus(ctx, name)
    await _retag(ctx, made.attributes["Arn"], props, old)
    return made


async def delete_event_bus(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteEventBus", {"Name": name})


async def read_event_bus(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("events", "DescribeEventBus", {"Name": name})
    current: dict[str, Any] = {"Name": name}
    if got.get("Description"):
        current["Description"] = got["Description"]
    if got.get("Policy"):
        current["Policy"] = json.loads(got["Policy"])
    return current


async def _statement_policy(ctx: ProvisionContext, bus: str | None, sid: str, statement: dict[str, Any] | None) -> dict[str, Any]:
    got = await ctx.call("events", "DescribeEventBus", {"Name": bus} if bus else {})
    policy: dict[str, Any] = json.loads(got["Policy"]) if got.get("Policy") else {"Version": "2012-10-17", "Statement": []}
    kept = [s for s in policy["Statement"] if s.get("Sid") != sid]
    if statement is not None:
        kept.append({**statement, "Sid": sid})
    policy["Statement"] = kept
    return policy


async def _put_statement(ctx: ProvisionContext, props: dict[str, Any]) -> None:
    bus, sid = props.get("EventBusName"), props["StatementId"]
    if props.get("Statement"):
        statement = props["Statement"] if isinstance(props["Statement"], dict) else json.loads(props["Statement"])
        policy = await _statement_policy(ctx, bus, sid, statement)
        await ctx.call("events", "PutPermission", {**({"EventBusName": bus} if bus else {}), "Policy": json.dumps(policy)})
    else:
        await _call(ctx, "PutPermission", props)


async def create_bus_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _put_statement(ctx, props)
    return Resource(props["StatementId"])


async def update_bus_policy(ctx: ProvisionContext, sid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _put_statement(ctx, props)
    return Resource(sid)


async def delete_bus_policy(ctx: ProvisionContext, sid: str, props: dict[str, Any]) -> None:
    request: dict[str, Any] = {"StatementId": sid}
    if props.get("EventBusName"):
        request["EventBusName"] = props["EventBusName"]
    await _gone(ctx, "RemovePermission", request)


# ------------------------------------------------------------------ rules


def _bus_name(props: dict[str, Any]) -> str:
    bus = props.get("EventBusName") or "default"
    return bus.rsplit("/", 1)[1] if bus.startswith("arn:") else bus


def _rule_id(name: str, bus: str, arn: str) -> str:
    # Ref: the rule's name on the default bus, its ARN on any other.
    return name if bus == "default" else arn


def _rule_name(pid: str) -> str:
    return pid.rsplit("/", 1)[1] if pid.startswith("arn:") else pid


async def _put_rule(ctx: ProvisionContext, name: str, props: dict[str, Any], tags: list[dict[str, str]] | None) -> str:
    pattern = props.get("EventPattern")
    request = api_input("events", "PutRule", props, Name=name, EventBusName=_bus_name(props), Tags=tags,
                        EventPattern=_text(pattern) if pattern else None)
    return (await ctx.call("events", "PutRule", request))["RuleArn"]


async def _put_targets(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    bus = _bus_name(props)
    targets = props.get("Targets") or []
    gone = sorted({t["Id"] for t in old.get("Targets") or []} - {t["Id"] for t in targets})
    if gone:
        await ctx.call("events", "RemoveTargets", {"Rule": name, "EventBusName": bus, "Ids": gone})
    if targets:
        request = api_input("events", "PutTargets", {"Targets": targets}, Rule=name, EventBusName=bus)
        failed = await ctx.call("events", "PutTargets", request)
        if failed.get("FailedEntryCount"):
            entry = failed["FailedEntries"][0]
            raise AwsError("ValidationException", f"Target {entry.get('TargetId')}: {entry.get('ErrorMessage')}", status=400)


async def create_rule(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(64)
    arn = await _put_rule(ctx, name, props, ctx.tag_list(props.get("Tags")) or None)
    await _put_targets(ctx, name, props, {})
    return Resource(_rule_id(name, _bus_name(props), arn), {"Arn": arn})


async def update_rule(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    name = _rule_name(pid)
    arn = await _put_rule(ctx, name, props, None)
    await _put_targets(ctx, name, props, old)
    await _retag(ctx, arn, props, old)
    return Resource(pid, {"Arn": arn})


async def delete_rule(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    name, bus = _rule_name(pid), _bus_name(props)
    try:
        targets = (await ctx.call("events", "ListTargetsByRule", {"Rule": name, "EventBusName": bus}))["Targets"]
    except AwsError as e:
        if absent(e):
            return
        raise
    if targets:
        await ctx.call("events", "RemoveTargets", {"Rule": name, "EventBusName": bus, "Ids": [t["Id"] for t in targets]})
    await _gone(ctx, "DeleteRule", {"Name": name, "EventBusName": bus})


async def read_rule(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> dict[str, Any]:
    name, bus = _rule_name(pid), _bus_name(props)
    got = await ctx.call("events", "DescribeRule", {"Name": name, "EventBusName": bus})
    current: dict[str, Any] = {"Name": name, "State": got.get("State")}
    for key in ("ScheduleExpression", "Description", "RoleArn"):
        if got.get(key):
            current[key] = got[key]
    if got.get("EventPattern"):
        current["EventPattern"] = json.loads(got["EventPattern"])
    targets = (await ctx.call("events", "ListTargetsByRule", {"Rule": name, "EventBusName": bus}))["Targets"]
    current["Targets"] = [{"Id": t["Id"], "Arn": t["Arn"]} for t in targets]
    return current


# ------------------------------------------------------------------ archives, connections, destinations, endpoints


async def create_archive(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("ArchiveName") or ctx.physical_name(48)
    pattern = props.get("EventPattern")
    made = await _call(ctx, "CreateArchive", props, ArchiveName=name, EventSourceArn=props["SourceArn"], EventPattern=_text(pattern) if pattern else None)
    return Resource(name, {"Arn": made["ArchiveArn"]})


async def update_archive(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    pattern = props.get("EventPattern")
    made = await _call(ctx, "UpdateArchive", props, ArchiveName=name, EventPattern=_text(pattern) if pattern else None)
    return Resource(name, {"Arn": made["ArchiveArn"]})


async def read_archive(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("events", "DescribeArchive", {"ArchiveName": name})
    current: dict[str, Any] = {"ArchiveName": name, "SourceArn": got["EventSourceArn"], "RetentionDays": got.get("RetentionDays", 0)}
    if got.get("EventPattern"):
        current["EventPattern"] = json.loads(got["EventPattern"])
    if got.get("Description"):
        current["Description"] = got["Description"]
    return current


async def delete_archive(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteArchive", {"ArchiveName": name})


async def _connection(ctx: ProvisionContext, name: str) -> Resource:
    got = await ctx.call("events", "DescribeConnection", {"Name": name})
    arn = got["ConnectionArn"]
    attributes = {"Arn": arn, "ArnForPolicy": _arn_for_policy(arn), "SecretArn": got.get("SecretArn", "")}
    # A connection to a private API names its resource association, under the property that configured it.
    for path in (("AuthParameters", "ConnectivityParameters"), ("InvocationConnectivityParameters",)):
        node: Any = got
        for key in (*path, "ResourceParameters"):
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and node.get("ResourceAssociationArn"):
            attributes[".".join((*path, "ResourceParameters", "ResourceAssociationArn"))] = node["ResourceAssociationArn"]
    return Resource(name, attributes)


async def create_connection(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(64)
    await _call(ctx, "CreateConnection", props, Name=name)
    return await _connection(ctx, name)


async def update_connection(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateConnection", props, Name=name)
    return await _connection(ctx, name)


async def delete_connection(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteConnection", {"Name": name})


async def create_api_destination(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(64)
    arn = (await _call(ctx, "CreateApiDestination", props, Name=name))["ApiDestinationArn"]
    return Resource(name, {"Arn": arn, "ArnForPolicy": _arn_for_policy(arn)})


async def update_api_destination(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    arn = (await _call(ctx, "UpdateApiDestination", props, Name=name))["ApiDestinationArn"]
    return Resource(name, {"Arn": arn, "ArnForPolicy": _arn_for_policy(arn)})


async def read_api_destination(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("events", "DescribeApiDestination", {"Name": name})
    return {k: got[k] for k in ("Name", "ConnectionArn", "HttpMethod", "InvocationEndpoint", "InvocationRateLimitPerSecond", "Description")
            if got.get(k) is not None}


async def delete_api_destination(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteApiDestination", {"Name": name})


async def _endpoint(ctx: ProvisionContext, name: str) -> Resource:
    got = await ctx.call("events", "DescribeEndpoint", {"Name": name})
    return Resource(name, {"Arn": got["Arn"], "EndpointId": got.get("EndpointId", ""), "EndpointUrl": got.get("EndpointUrl", ""),
                           "State": got.get("State", ""), "StateReason": got.get("StateReason", "")})


async def create_endpoint(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(64)
    await _call(ctx, "CreateEndpoint", props, Name=name)
    return await _endpoint(ctx, name)


async def update_endpoint(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateEndpoint", props, Name=name)
    return await _endpoint(ctx, name)


async def delete_endpoint(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteEndpoint", {"Name": name})


RESOURCE_TYPES = {
    "AWS::Events::EventBus": ResourceType(create_event_bus, delete_event_bus, update_event_bus,
                                          replaces=frozenset({"Name", "EventSourceName"}), read=read_event_bus),
    "AWS::Events::EventBusPolicy": ResourceType(create_bus_policy, delete_bus_policy, update_bus_policy,
                                                replaces=frozenset({"EventBusName", "StatementId"})),
    "AWS::Events::Rule": ResourceType(create_rule, delete_rule, update_rule, replaces=frozenset({"Name", "EventBusName"}), read=read_rule),
    "AWS::Events::Archive": ResourceType(create_archive, delete_archive, update_archive, replaces=frozenset({"ArchiveName", "SourceArn"}),
                                         read=read_archive),
    "AWS::Events::Connection": ResourceType(create_connection, delete_connection, update_connection, replaces=frozenset({"Name"})),
    "AWS::Events::ApiDestination": ResourceType(create_api_destination, delete_api_destination, update_api_destination,
                                                replaces=frozenset({"Name"}), read=read_api_destination),
    "AWS::Events::Endpoint": ResourceType(create_endpoint, delete_endpoint, update_endpoint, replaces=frozenset({"Name"})),
}
