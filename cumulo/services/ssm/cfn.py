"""Systems Manager's CloudFormation resource types, made through SSM's own API
(cumulo.core.provisioning): parameters, documents, associations, maintenance windows
with their targets and tasks, patch baselines, resource data syncs and resource policies."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.cfnshape import absent, api_input, changed, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

_GONE = ("ParameterNotFound", "InvalidDocument", "AssociationDoesNotExist", "DoesNotExistException",
         "ResourceDataSyncNotFoundException", "ResourcePolicyNotFoundException", "ResourceNotFoundException", "InvalidResourceId")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


async def _call(ctx: ProvisionContext, operation: str, props: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    return await ctx.call("ssm", operation, api_input("ssm", operation, props, **fixed))


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("ssm", operation, request)
    except AwsError as e:
        if not absent(e, *_GONE):
            raise


async def _retag(ctx: ProvisionContext, kind: str, ident: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("ssm", "RemoveTagsFromResource", {"ResourceType": kind, "ResourceId": ident, "TagKeys": remove})
    if put:
        await ctx.call("ssm", "AddTagsToResource", {"ResourceType": kind, "ResourceId": ident,
                                                    "Tags": [{"Key": k, "Value": v} for k, v in put.items()]})


def _tags(ctx: ProvisionContext, props: dict[str, Any]) -> list[dict[str, str]] | None:
    return [{"Key": k, "Value": v} for k, v in ctx.tag_map(props.get("Tags")).items()] or None


# ------------------------------------------------------------------ parameters


async def _parameter(ctx: ProvisionContext, name: str) -> Resource:
    got = (await ctx.call("ssm", "GetParameter", {"Name": name}))["Parameter"]
    return Resource(name, {"Type": got["Type"], "Value": got["Value"]})


def _parameter_request(props: dict[str, Any], name: str) -> dict[str, Any]:
    if props.get("Type") == "SecureString":
        # As on AWS: a template would hold the secret in clear; dynamic references read one instead.
        raise AwsError("ValidationException", "SecureString is not a supported parameter type for AWS::SSM::Parameter; "
                       "use {{resolve:ssm-secure:...}} to read one.", status=400)
    request = api_input("ssm", "PutParameter", props, Name=name)
    request.pop("Tags", None)
    if isinstance(props.get("Policies"), list):
        request["Policies"] = json.dumps(props["Policies"])
    return request


async def create_parameter(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    # AWS's generated name has no stack prefix: "CFN-<logical id>-<random>".
    name = props.get("Name") or f"CFN-{ctx.logical_id}-{ctx.physical_name().rsplit('-', 1)[1]}"
    request = _parameter_request(props, name)
    if tags := _tags(ctx, props):
        request["Tags"] = tags
    await ctx.call("ssm", "PutParameter", request)
    return await _parameter(ctx, name)


async def update_parameter(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if changed(props, old, "Value", "Type", "Description", "AllowedPattern", "Tier", "Policies", "DataType"):
        await ctx.call("ssm", "PutParameter", {**_parameter_request(props, name), "Overwrite": True})
    await _retag(ctx, "Parameter", name, props, old)
    return await _parameter(ctx, name)


async def delete_parameter(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteParameter", {"Name": name})


async def read_parameter(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = (await ctx.call("ssm", "GetParameter", {"Name": name}))["Parameter"]
    return {"Name": name, "Type": got["Type"], "Value": got["Value"], "DataType": got.get("DataType", "text")}


# ------------------------------------------------------------------ documents


def _content(props: dict[str, Any]) -> tuple[str, str | None]:
    content = props["Content"]
    if isinstance(content, dict | list):
        # An object goes as JSON text (JSON is also YAML).
        return json.dumps(content), "JSON"
    return content, props.get("DocumentFormat")


async def create_document(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(128)
    content, fmt = _content(props)
    await _call(ctx, "CreateDocument", props, Name=name, Content=content, DocumentFormat=fmt, Tags=ctx.tag_list(props.get("Tags")) or None)
    return Resource(name)


async def update_document(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if changed(props, old, "Content", "DocumentFormat", "Attachments", "VersionName", "TargetType"):
        content, fmt = _content(props)
        made = await _call(ctx, "UpdateDocument", props, Name=name, Content=content, DocumentFormat=fmt, DocumentVersion="$LATEST")
        version = made["DocumentDescription"]["DocumentVersion"]
        await ctx.call("ssm", "UpdateDocumentDefaultVersion", {"Name": name, "DocumentVersion": version})
    await _retag(ctx, "Document", name, props, old)
    return Resource(name)


async def delete_document(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteDocument", {"Name": name, "Force": True})


async def read_document(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("ssm", "GetDocument", {"Name": name})
    content: Any = got["Content"]
    if got.get("DocumentFormat") == "JSON":
        content = json.loads(content)
    return {"Name": name, "DocumentType": got.get("DocumentType"), "Content": content}


# ------------------------------------------------------------------ associations


async def create_association(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = (await _call(ctx, "CreateAssociation", props))["AssociationDescription"]
    return Resource(made["AssociationId"], {"AssociationId": made["AssociationId"]})


async def update_association(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = api_input("ssm", "UpdateAssociation", props, AssociationId=ident)
    await ctx.call("ssm", "UpdateAssociation", request)
    return Resource(ident, {"AssociationId": ident})


async def delete_association(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteAssociation", {"AssociationId": ident})


# ------------------------------------------------------------------ maintenance windows


async def create_window(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    ident = (await _call(ctx, "CreateMaintenanceWindow", props, Tags=_tags(ctx, props)))["WindowId"]
    return Resource(ident, {"WindowId": ident})


async def update_window(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateMaintenanceWindow", props, WindowId=ident, Replace=True)
    await _retag(ctx, "MaintenanceWindow", ident, props, old)
    return Resource(ident, {"WindowId": ident})


async def read_window(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("ssm", "GetMaintenanceWindow", {"WindowId": ident})
    return {k: got[k] for k in ("Name", "Schedule", "Duration", "Cutoff", "AllowUnassociatedTargets", "Description", "ScheduleTimezone")
            if got.get(k) is not None}


async def delete_window(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteMaintenanceWindow", {"WindowId": ident})


async def create_window_target(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    ident = (await _call(ctx, "RegisterTargetWithMaintenanceWindow", props))["WindowTargetId"]
    return Resource(ident, {"WindowTargetId": ident})


async def update_window_target(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateMaintenanceWindowTarget", props, WindowTargetId=ident, Replace=True)
    return Resource(ident, {"WindowTargetId": ident})


async def delete_window_target(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeregisterTargetFromMaintenanceWindow", {"WindowId": props["WindowId"], "WindowTargetId": ident, "Safe": False})


# The template's names for a task's invocation parameters and logging, where the API's differ.
_INVOCATION = {"MaintenanceWindowRunCommandParameters": "RunCommand", "MaintenanceWindowAutomationParameters": "Automation",
               "MaintenanceWindowStepFunctionsParameters": "StepFunctions", "MaintenanceWindowLambdaParameters": "Lambda"}


def _task_props(props: dict[str, Any]) -> dict[str, Any]:
    out = dict(props)
    if props.get("TaskInvocationParameters"):
        out["TaskInvocationParameters"] = {_INVOCATION.get(k, k): v for k, v in props["TaskInvocationParameters"].items()}
    if props.get("LoggingInfo"):
        log = props["LoggingInfo"]
        out["LoggingInfo"] = {"S3BucketName": log["S3Bucket"], "S3Region": log["Region"],
                              **({"S3KeyPrefix": log["S3Prefix"]} if log.get("S3Prefix") else {})}
    return out


async def create_window_task(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    ident = (await _call(ctx, "RegisterTaskWithMaintenanceWindow", _task_props(props)))["WindowTaskId"]
    return Resource(ident, {"WindowTaskId": ident})


async def update_window_task(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateMaintenanceWindowTask", _task_props(props), WindowTaskId=ident, Replace=True)
    return Resource(ident, {"WindowTaskId": ident})


async def delete_window_task(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeregisterTaskFromMaintenanceWindow", {"WindowId": props["WindowId"], "WindowTaskId": ident})


# ------------------------------------------------------------------ patch baselines


async def _patch_groups(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    new, before = set(props.get("PatchGroups") or []), set(old.get("PatchGroups") or [])
    for group in sorted(before - new):
        await _gone(ctx, "DeregisterPatchBaselineForPatchGroup", {"BaselineId": ident, "PatchGroup": group})
    for group in sorted(new - before):
        await ctx.call("ssm", "RegisterPatchBaselineForPatchGroup", {"BaselineId": ident, "PatchGroup": group})
    if str(props.get("DefaultBaseline", "")).lower() == "true" and changed(props, old, "DefaultBaseline"):
        await ctx.call("ssm", "RegisterDefaultPatchBaseline", {"BaselineId": ident})


async def create_patch_baseline(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    ident = (await _call(ctx, "CreatePatchBaseline", props, Tags=_tags(ctx, props)))["BaselineId"]
    await _patch_groups(ctx, ident, props, {})
    return Resource(ident, {"Id": ident})


async def update_patch_baseline(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdatePatchBaseline", props, BaselineId=ident, Replace=True)
    await _patch_groups(ctx, ident, props, old)
    await _retag(ctx, "PatchBaseline", ident, props, old)
    return Resource(ident, {"Id": ident})


async def delete_patch_baseline(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    for group in props.get("PatchGroups") or []:
        await _gone(ctx, "DeregisterPatchBaselineForPatchGroup", {"BaselineId": ident, "PatchGroup": group})
    await _gone(ctx, "DeletePatchBaseline", {"BaselineId": ident})


# ------------------------------------------------------------------ resource data syncs and policies


def _sync_destination(props: dict[str, Any]) -> dict[str, Any] | None:
    # The template's names (S3Destination's, or the older flat form's) for the API's.
    given = props.get("S3Destination") or (props if props.get("BucketName") else None)
    if not given:
        return None
    out = {"BucketName": given["BucketName"], "Region": given["BucketRegion"], "SyncFormat": given.get("SyncFormat", "JsonSerDe")}
    if given.get("BucketPrefix"):
        out["Prefix"] = given["BucketPrefix"]
    if given.get("KMSKeyArn"):
        out["AWSKMSKeyARN"] = given["KMSKeyArn"]
    return out


async def create_data_sync(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _call(ctx, "CreateResourceDataSync", {**props, "S3Destination": _sync_destination(props)})
    return Resource(props["SyncName"])


async def update_data_sync(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateResourceDataSync", props, SyncName=name, SyncType=props.get("SyncType"))
    return Resource(name)


async def delete_data_sync(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    request = {"SyncName": name}
    if props.get("SyncType"):
        request["SyncType"] = props["SyncType"]
    await _gone(ctx, "DeleteResourceDataSync", request)


async def create_resource_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = await ctx.call("ssm", "PutResourcePolicy", {"ResourceArn": props["ResourceArn"], "Policy": _text(props["Policy"])})
    return Resource(made["PolicyId"], {"PolicyId": made["PolicyId"], "PolicyHash": made["PolicyHash"]})


async def _policy_hash(ctx: ProvisionContext, arn: str, ident: str) -> str | None:
    got = await ctx.call("ssm", "GetResourcePolicies", {"ResourceArn": arn})
    return next((p["PolicyHash"] for p in got.get("Policies", []) if p.get("PolicyId") == ident), None)


async def update_resource_policy(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {"ResourceArn": props["ResourceArn"], "Policy": _text(props["Policy"]), "PolicyId": ident,
               "PolicyHash": await _policy_hash(ctx, props["ResourceArn"], ident)}
    made = await ctx.call("ssm", "PutResourcePolicy", request)
    return Resource(ident, {"PolicyId": ident, "PolicyHash": made["PolicyHash"]})


async def delete_resource_policy(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    try:
        digest = await _policy_hash(ctx, props["ResourceArn"], ident)
    except AwsError as e:
        if absent(e, *_GONE):
            return
        raise
    if digest is not None:
        await _gone(ctx, "DeleteResourcePolicy", {"ResourceArn": props["ResourceArn"], "PolicyId": ident, "PolicyHash": digest})


RESOURCE_TYPES = {
    "AWS::SSM::Parameter": ResourceType(create_parameter, delete_parameter, update_parameter, replaces=frozenset({"Name"}), read=read_parameter),
    "AWS::SSM::Document": ResourceType(create_document, delete_document, update_document,
                                       replaces=frozenset({"Name", "DocumentType"}), read=read_document),
    "AWS::SSM::Association": ResourceType(create_association, delete_association, update_association, replaces=frozenset({"InstanceId"})),
    "AWS::SSM::MaintenanceWindow": ResourceType(create_window, delete_window, update_window, read=read_window),
    "AWS::SSM::MaintenanceWindowTarget": ResourceType(create_window_target, delete_window_target, update_window_target,
                                                      replaces=frozenset({"WindowId", "ResourceType"})),
    "AWS::SSM::MaintenanceWindowTask": ResourceType(create_window_task, delete_window_task, update_window_task,
                                                    replaces=frozenset({"WindowId", "TaskType"})),
    "AWS::SSM::PatchBaseline": ResourceType(create_patch_baseline, delete_patch_baseline, update_patch_baseline,
                                            replaces=frozenset({"OperatingSystem"})),
    "AWS::SSM::ResourceDataSync": ResourceType(create_data_sync, delete_data_sync, update_data_sync,
                                               replaces=frozenset({"SyncName", "SyncType", "S3Destination", "BucketName", "BucketRegion",
                                                                   "BucketPrefix", "SyncFormat", "KMSKeyArn"})),
    "AWS::SSM::ResourcePolicy": ResourceType(create_resource_policy, delete_resource_policy, update_resource_policy,
                                             replaces=frozenset({"ResourceArn"})),
}
