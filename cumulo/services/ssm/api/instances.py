"""Managed instances and hybrid activations: information, properties, nodes, activations, registration."""

from __future__ import annotations

import secrets
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated.ssm import (
    CreateActivationRequest,
    DeleteActivationRequest,
    DeregisterManagedInstanceRequest,
    DescribeActivationsRequest,
    DescribeInstanceInformationRequest,
    DescribeInstancePropertiesRequest,
    GetConnectionStatusRequest,
    ListNodesRequest,
    ListNodesSummaryRequest,
    UpdateManagedInstanceRoleRequest,
)
from cumulo.services.ssm import instances
from cumulo.services.ssm.api.tags import drop_tags, set_tags
from cumulo.services.ssm.common import epoch, new_uuid, page, resources, table, tag_list
from cumulo.services.ssm.models import Resource

__all__ = [
    "create_activation", "delete_activation", "deregister_managed_instance", "describe_activations",
    "describe_instance_information", "describe_instance_properties", "get_connection_status", "list_nodes",
    "list_nodes_summary", "update_managed_instance_role",
]


def _info_matches(ctx: RequestContext, info: dict[str, Any], key: str, values: list[str]) -> bool:
    if key.startswith("tag:"):
        tags = table(ctx, "tags/ManagedInstance").get(info["InstanceId"]) or {}
        return tags.get(key[4:]) in values
    if key == "tag-key":
        return bool(set(values) & set(table(ctx, "tags/ManagedInstance").get(info["InstanceId"]) or {}))
    field = {
        "InstanceIds": "InstanceId", "AgentVersion": "AgentVersion", "PingStatus": "PingStatus", "PlatformTypes": "PlatformType",
        "ActivationIds": "ActivationId", "IamRole": "IamRole", "ResourceType": "ResourceType", "AssociationStatus": "AssociationStatus",
    }.get(key)
    if field is None:
        raise AwsError("InvalidFilterKey", f"The filter key {key} is not valid.")
    return str(info.get(field, "")) in values


def describe_instance_information(ctx: RequestContext, req: DescribeInstanceInformationRequest) -> dict[str, Any]:
    infos = [instances.information(ctx, r) for r in instances.all_instances(ctx).values()]
    for old in req.get("InstanceInformationFilterList") or []:
        if not old.get("valueSet"):
            raise AwsError("InvalidInstanceInformationFilterValue", "The filter value is not valid.")
        infos = [i for i in infos if _info_matches(ctx, i, old["key"], old["valueSet"])]
    for f in req.get("Filters") or []:
        infos = [i for i in infos if _info_matches(ctx, i, f["Key"], f["Values"])]
    chunk, token = page(infos, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"InstanceInformationList": chunk}
    if token:
        out["NextToken"] = token
    return out


def describe_instance_properties(ctx: RequestContext, req: DescribeInstancePropertiesRequest) -> dict[str, Any]:
    props = []
    for r in instances.all_instances(ctx).values():
        info = instances.information(ctx, r)
        props.append({k: v for k, v in info.items() if k not in ("IsLatestVersion",)} | {"Architecture": "x86_64", "InstanceState": "running" if info["PingStatus"] == "Online" else "stopped"})
    for old in req.get("InstancePropertyFilterList") or []:
        names: dict[str, str | None] = {"InstanceIds": "InstanceId", "PlatformTypes": "PlatformType", "ActivationIds": "ActivationId", "DocumentName": None}
        field = names.get(old["key"], old["key"])
        if field:
            props = [p for p in props if str(p.get(field, "")) in old["valueSet"]]
    for f in req.get("FiltersWithOperator") or []:
        key = {"InstanceIds": "InstanceId", "PlatformTypes": "PlatformType"}.get(f["Key"], f["Key"])
        op = f.get("Operator", "Equal")
        values = f["Values"]
        if op == "Equal":
            props = [p for p in props if str(p.get(key, "")) in values]
        elif op == "NotEqual":
            props = [p for p in props if str(p.get(key, "")) not in values]
        elif op == "BeginWith":
            props = [p for p in props if any(str(p.get(key, "")).startswith(v) for v in values)]
        else:
            raise AwsError("InvalidFilterKey", f"Operator {op} is not supported for {f['Key']}.")
    chunk, token = page(props, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"InstanceProperties": chunk}
    if token:
        out["NextToken"] = token
    return out


def create_activation(ctx: RequestContext, req: CreateActivationRequest) -> dict[str, Any]:
    activation_id = new_uuid()
    now = ctx.clock.now()
    expires = epoch(req["ExpirationDate"]) if "ExpirationDate" in req else now + 86400
    if expires <= now or expires > now + 30 * 86400:
        raise AwsError("InvalidParameters", "The expiration date must be in the future and at most 30 days from now.")
    body: dict[str, Any] = {
        "ActivationId": activation_id, "IamRole": req["IamRole"], "RegistrationLimit": req.get("RegistrationLimit", 1),
        "RegistrationsCount": 0, "ExpirationDate": expires, "CreatedDate": now,
    }
    for key in ("Description", "DefaultInstanceName"):
        if key in req:
            body[key] = req[key]  # type: ignore[literal-required]
    code = secrets.token_urlsafe(15)[:20]
    resources(ctx, "activation")[activation_id] = Resource(id=activation_id, body=body, created=now, extra={"code": code})
    set_tags(ctx, "Activation", activation_id, req.get("Tags"))
    return {"ActivationId": activation_id, "ActivationCode": code}


def describe_activations(ctx: RequestContext, req: DescribeActivationsRequest) -> dict[str, Any]:
    now = ctx.clock.now()
    found = []
    for r in sorted(resources(ctx, "activation").values(), key=lambda r: r.created):
        body = dict(r.body)
        body["Expired"] = body["ExpirationDate"] <= now
        body["Tags"] = tag_list(table(ctx, "tags/Activation").get(r.id) or {})
        ok = True
        for f in req.get("Filters") or []:
            field = {"ActivationIds": "ActivationId", "DefaultInstanceName": "DefaultInstanceName", "IamRole": "IamRole"}[f["FilterKey"]]
            if str(body.get(field, "")) not in (f.get("FilterValues") or []):
                ok = False
        if ok:
            found.append(body)
    chunk, token = page(found, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"ActivationList": chunk}
    if token:
        out["NextToken"] = token
    return out


def delete_activation(ctx: RequestContext, req: DeleteActivationRequest) -> dict[str, Any]:
    t = resources(ctx, "activation")
    if req["ActivationId"] not in t:
        raise AwsError("InvalidActivationId", "The activation ID is not valid. Verify the you entered the correct ActivationId or ActivationCode and try again.")
    del t[req["ActivationId"]]
    drop_tags(ctx, "Activation", req["ActivationId"])
    return {}


def deregister_managed_instance(ctx: RequestContext, req: DeregisterManagedInstanceRequest) -> dict[str, Any]:
    t = instances.table(ctx)
    instance_id = req["InstanceId"]
    resource = t.get(instance_id)
    if resource is None or resource.extra.get("local"):
        raise AwsError("InvalidInstanceId", "Instance Id is not valid.")
    del t[instance_id]
    drop_tags(ctx, "ManagedInstance", instance_id)
    return {}


def update_managed_instance_role(ctx: RequestContext, req: UpdateManagedInstanceRoleRequest) -> dict[str, Any]:
    t = instances.table(ctx)
    instances.all_instances(ctx)
    resource = t.get(req["InstanceId"])
    if resource is None:
        raise AwsError("InvalidInstanceId", "Instance Id is not valid.")
    resource.body["IamRole"] = req["IamRole"]
    t.touch(resource.id)
    return {}


def get_connection_status(ctx: RequestContext, req: GetConnectionStatusRequest) -> dict[str, Any]:
    return {"Target": req["Target"], "Status": "connected" if instances.online(ctx, req["Target"]) else "notconnected"}


def _nodes(ctx: RequestContext, req: dict[str, Any]) -> list[dict[str, Any]]:
    if req.get("SyncName") and req["SyncName"] not in resources(ctx, "sync"):
        raise AwsError("ResourceDataSyncNotFoundException", f"Resource data sync {req['SyncName']} not found.", SyncName=req["SyncName"])
    nodes = []
    for r in instances.all_instances(ctx).values():
        info = instances.information(ctx, r)
        nodes.append({
            "CaptureTime": ctx.clock.now(), "Id": r.id, "Owner": {"AccountId": ctx.account}, "Region": ctx.region,
            "NodeType": {"Instance": {"InstanceInfo": {
                "AgentType": "amazon-ssm-agent", "AgentVersion": info["AgentVersion"], "ComputerName": info.get("ComputerName", ""),
                "InstanceStatus": "Active", "IpAddress": info.get("IPAddress", ""), "ManagedStatus": "Managed",
                "PlatformType": info["PlatformType"], "PlatformName": info.get("PlatformName", ""),
                "PlatformVersion": info.get("PlatformVersion", ""), "ResourceType": "ManagedInstance",
            }}},
        })
    return nodes


def list_nodes(ctx: RequestContext, req: ListNodesRequest) -> dict[str, Any]:
    nodes = _nodes(ctx, dict(req))
    chunk, token = page(nodes, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Nodes": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_nodes_summary(ctx: RequestContext, req: ListNodesSummaryRequest) -> dict[str, Any]:
    nodes = _nodes(ctx, dict(req))
    summary: list[dict[str, str]] = []
    for aggregator in req["Aggregators"]:
        attribute = aggregator["AttributeName"]
        counts: dict[str, int] = {}
        for node in nodes:
            info = node["NodeType"]["Instance"]["InstanceInfo"]
            value = {"AgentVersion": info["AgentVersion"], "PlatformName": info["PlatformName"], "PlatformType": info["PlatformType"],
                     "PlatformVersion": info["PlatformVersion"], "Region": ctx.region, "ResourceType": info["ResourceType"],
                     "AccountId": ctx.account}.get(attribute, "")
            counts[value] = counts.get(value, 0) + 1
        summary.extend({attribute: k, "Count": str(v)} for k, v in counts.items())
    chunk, token = page(summary, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Summary": chunk}
    if token:
        out["NextToken"] = token
    return out
