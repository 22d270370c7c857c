"""IAM's CloudFormation resource types, made through IAM's own API (cumulo.core.provisioning):
roles, users, groups, managed and inline policies, instance profiles, access keys,
service-linked roles and identity providers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import struct
from typing import Any
from urllib.parse import unquote

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

_GONE = {"NoSuchEntity", "NoSuchEntityException"}


def _doc(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _parse(document: Any) -> Any:
    """A policy document as IAM answers it (URL-encoded JSON, as on the wire) -> a value."""
    return json.loads(unquote(document)) if isinstance(document, str) else document


def _tags(ctx: ProvisionContext, template_tags: list[dict[str, str]] | None) -> list[dict[str, str]]:
    # IAM refuses the reserved aws: prefix, so AWS puts no aws:cloudformation:* tags on IAM entities.
    return [t for t in ctx.tag_list(template_tags) if not t["Key"].startswith("aws:")]


async def _quiet(ctx: ProvisionContext, op: str, request: dict[str, Any]) -> dict[str, Any] | None:
    """An IAM call whose target may already be gone (deletes, detaches)."""
    try:
        return await ctx.call("iam", op, request)
    except AwsError as e:
        if e.code not in _GONE:
            raise
        return None


async def _retag(ctx: ProvisionContext, kind: str, key: dict[str, Any], new: Any, old: Any) -> None:
    """Tag changes for a `kind` (Role, User, Policy, InstanceProfile, ...)."""
    now = {t["Key"]: t["Value"] for t in _tags(ctx, new)}
    was = {t["Key"]: t["Value"] for t in _tags(ctx, old)}
    if gone := sorted(was.keys() - now.keys()):
        await ctx.call("iam", f"Untag{kind}", {**key, "TagKeys": gone})
    if now and now != was:
        await ctx.call("iam", f"Tag{kind}", {**key, "Tags": [{"Key": k, "Value": v} for k, v in now.items()]})


# ------------------------------------------------------- inline and attached policies of one entity


async def _sync_inline(ctx: ProvisionContext, kind: str, name: str, new: list[dict[str, Any]] | None, old: list[dict[str, Any]] | None) -> None:
    """Put the template's inline `Policies` on a Role/User/Group and delete the ones it dropped."""
    wanted = {p["PolicyName"]: _doc(p["PolicyDocument"]) for p in new or []}
    had = {p["PolicyName"]: _doc(p["PolicyDocument"]) for p in old or []}
    for policy in had.keys() - wanted.keys():
        await _quiet(ctx, f"Delete{kind}Policy", {f"{kind}Name": name, "PolicyName": policy})
    for policy, document in wanted.items():
        if had.get(policy) != document:
            await ctx.call("iam", f"Put{kind}Policy", {f"{kind}Name": name, "PolicyName": policy, "PolicyDocument": document})


async def _sync_managed(ctx: ProvisionContext, kind: str, name: str, new: list[str] | None, old: list[str] | None) -> None:
    for arn in set(old or []) - set(new or []):
        await _quiet(ctx, f"Detach{kind}Policy", {f"{kind}Name": name, "PolicyArn": arn})
    for arn in set(new or []) - set(old or []):
        await ctx.call("iam", f"Attach{kind}Policy", {f"{kind}Name": name, "PolicyArn": arn})


async def _sync_boundary(ctx: ProvisionContext, kind: str, name: str, new: str | None, old: str | None) -> None:
    if new and new != old:
        await ctx.call("iam", f"Put{kind}PermissionsBoundary", {f"{kind}Name": name, "PermissionsBoundary": new})
    elif old and not new:
        await _quiet(ctx, f"Delete{kind}PermissionsBoundary", {f"{kind}Name": name})


async def _strip(ctx: ProvisionContext, kind: str, name: str) -> bool:
    """Remove every inline and attached policy of an entity before deleting it, as
    CloudFormation does; False when the entity is already gone."""
    listed = await _quiet(ctx, f"List{kind}Policies", {f"{kind}Name": name})
    if listed is None:
        return False
    for policy in listed.get("PolicyNames", []):
        await _quiet(ctx, f"Delete{kind}Policy", {f"{kind}Name": name, "PolicyName": policy})
    attached = await _quiet(ctx, f"ListAttached{kind}Policies", {f"{kind}Name": name}) or {}
    for policy in attached.get("AttachedPolicies", []):
        await _quiet(ctx, f"Detach{kind}Policy", {f"{kind}Name": name, "PolicyArn": policy["PolicyArn"]})
    return True


# ---------------------------------------------------------------- AWS::IAM::Role


async def _role(ctx: ProvisionContext, name: str) -> Resource:
    role = (await ctx.call("iam", "GetRole", {"RoleName": name}))["Role"]
    return Resource(name, {"Arn": role["Arn"], "RoleId": role["RoleId"]})


async def create_role(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("RoleName") or ctx.physical_name(64)
    request: dict[str, Any] = {"RoleName": name, "AssumeRolePolicyDocument": _doc(props["AssumeRolePolicyDocument"])}
    for key in ("Path", "Description", "PermissionsBoundary"):
        if props.get(key):
            request[key] = props[key]
    if "MaxSessionDuration" in props:
        request["MaxSessionDuration"] = int(props["MaxSessionDuration"])
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    await ctx.call("iam", "CreateRole", request)
    await _sync_inline(ctx, "Role", name, props.get("Policies"), None)
    await _sync_managed(ctx, "Role", name, props.get("ManagedPolicyArns"), None)
    return await _role(ctx, name)


async def update_role(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if _doc(props["AssumeRolePolicyDocument"]) != _doc(old.get("AssumeRolePolicyDocument", "")):
        await ctx.call("iam", "UpdateAssumeRolePolicy", {"RoleName": name, "PolicyDocument": _doc(props["AssumeRolePolicyDocument"])})
    if props.get("Description", "") != old.get("Description", "") or props.get("MaxSessionDuration") != old.get("MaxSessionDuration"):
        await ctx.call("iam", "UpdateRole", {"RoleName": name, "Description": props.get("Description", ""),
                                             "MaxSessionDuration": int(props.get("MaxSessionDuration", 3600))})
    await _sync_boundary(ctx, "Role", name, props.get("PermissionsBoundary"), old.get("PermissionsBoundary"))
    await _sync_inline(ctx, "Role", name, props.get("Policies"), old.get("Policies"))
    await _sync_managed(ctx, "Role", name, props.get("ManagedPolicyArns"), old.get("ManagedPolicyArns"))
    await _retag(ctx, "Role", {"RoleName": name}, props.get("Tags"), old.get("Tags"))
    return await _role(ctx, name)


async def delete_role(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    if not await _strip(ctx, "Role", name):
        return
    profiles = await _quiet(ctx, "ListInstanceProfilesForRole", {"RoleName": name}) or {}
    for profile in profiles.get("InstanceProfiles", []):
        await _quiet(ctx, "RemoveRoleFromInstanceProfile", {"RoleName": name, "InstanceProfileName": profile["InstanceProfileName"]})
    await _quiet(ctx, "DeleteRolePermissionsBoundary", {"RoleName": name})
    await _quiet(ctx, "DeleteRole", {"RoleName": name})


async def read_role(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    role = (await ctx.call("iam", "GetRole", {"RoleName": name}))["Role"]
    current: dict[str, Any] = {"RoleName": name, "Path": role["Path"], "AssumeRolePolicyDocument": _parse(role["AssumeRolePolicyDocument"]),
                               "MaxSessionDuration": role.get("MaxSessionDuration", 3600)}
    if role.get("Description"):
        current["Description"] = role["Description"]
    if boundary := role.get("PermissionsBoundary"):
        current["PermissionsBoundary"] = boundary["PermissionsBoundaryArn"]
    attached = (await ctx.call("iam", "ListAttachedRolePolicies", {"RoleName": name})).get("AttachedPolicies", [])
    if attached:
        current["ManagedPolicyArns"] = sorted(p["PolicyArn"] for p in attached)
    names = (await ctx.call("iam", "ListRolePolicies", {"RoleName": name})).get("PolicyNames", [])
    if names:
        current["Policies"] = [
            {"PolicyName": n, "PolicyDocument": _parse((await ctx.call("iam", "GetRolePolicy", {"RoleName": name, "PolicyName": n}))["PolicyDocument"])}
            for n in names]
    return current


# ---------------------------------------------------------------- AWS::IAM::User and Group


async def _user(ctx: ProvisionContext, name: str) -> Resource:
    user = (await ctx.call("iam", "GetUser", {"UserName": name}))["User"]
    return Resource(name, {"Arn": user["Arn"]})


async def _sync_groups(ctx: ProvisionContext, user: str, new: list[str] | None, old: list[str] | None) -> None:
    for group in set(old or []) - set(new or []):
        await _quiet(ctx, "RemoveUserFromGroup", {"UserName": user, "GroupName": group})
    for group in set(new or []) - set(old or []):
        await ctx.call("iam", "AddUserToGroup", {"UserName": user, "GroupName": group})


async def _sync_login(ctx: ProvisionContext, user: str, new: dict[str, Any] | None, old: dict[str, Any] | None) -> None:
    if new == old:
        return
    if new is None:
        await _quiet(ctx, "DeleteLoginProfile", {"UserName": user})
        return
    request = {"UserName": user, "Password": new["Password"], "PasswordResetRequired": str(new.get("PasswordResetRequired", False)).lower() == "true"}
    await ctx.call("iam", "UpdateLoginProfile" if old else "CreateLoginProfile", request)


async def create_user(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("UserName") or ctx.physical_name(64)
    request: dict[str, Any] = {"UserName": name}
    for key in ("Path", "PermissionsBoundary"):
        if props.get(key):
            request[key] = props[key]
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    await ctx.call("iam", "CreateUser", request)
    await _sync_login(ctx, name, props.get("LoginProfile"), None)
    await _sync_groups(ctx, name, props.get("Groups"), None)
    await _sync_inline(ctx, "User", name, props.get("Policies"), None)
    await _sync_managed(ctx, "User", name, props.get("ManagedPolicyArns"), None)
    return await _user(ctx, name)


async def update_user(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if props.get("Path", "/") != old.get("Path", "/"):
        await ctx.call("iam", "UpdateUser", {"UserName": name, "NewPath": props.get("Path", "/")})
    await _sync_boundary(ctx, "User", name, props.get("PermissionsBoundary"), old.get("PermissionsBoundary"))
    await _sync_login(ctx, name, props.get("LoginProfile"), old.get("LoginProfile"))
    await _sync_groups(ctx, name, props.get("Groups"), old.get("Groups"))
    await _sync_inline(ctx, "User", name, props.get("Policies"), old.get("Policies"))
    await _sync_managed(ctx, "User", name, props.get("ManagedPolicyArns"), old.get("ManagedPolicyArns"))
    await _retag(ctx, "User", {"UserName": name}, props.get("Tags"), old.get("Tags"))
    return await _user(ctx, name)


async def delete_user(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    if not await _strip(ctx, "User", name):
        return
    groups = await _quiet(ctx, "ListGroupsForUser", {"UserName": name}) or {}
    for group in groups.get("Groups", []):
        await _quiet(ctx, "RemoveUserFromGroup", {"UserName": name, "GroupName": group["GroupName"]})
    await _quiet(ctx, "DeleteLoginProfile", {"UserName": name})
    keys = await _quiet(ctx, "ListAccessKeys", {"UserName": name}) or {}
    for key in keys.get("AccessKeyMetadata", []):
        await _quiet(ctx, "DeleteAccessKey", {"UserName": name, "AccessKeyId": key["AccessKeyId"]})
    await _quiet(ctx, "DeleteUserPermissionsBoundary", {"UserName": name})
    await _quiet(ctx, "DeleteUser", {"UserName": name})


async def _inline_and_attached(ctx: ProvisionContext, kind: str, name: str, current: dict[str, Any]) -> dict[str, Any]:
    attached = (await ctx.call("iam", f"ListAttached{kind}Policies", {f"{kind}Name": name})).get("AttachedPolicies", [])
    if attached:
        current["ManagedPolicyArns"] = sorted(p["PolicyArn"] for p in attached)
    names = (await ctx.call("iam", f"List{kind}Policies", {f"{kind}Name": name})).get("PolicyNames", [])
    if names:
        current["Policies"] = [
            {"PolicyName": n, "PolicyDocument": _parse((await ctx.call("iam", f"Get{kind}Policy", {f"{kind}Name": name, "PolicyName": n}))["PolicyDocument"])}
            for n in names]
    return current


async def read_user(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    user = (await ctx.call("iam", "GetUser", {"UserName": name}))["User"]
    current: dict[str, Any] = {"UserName": name, "Path": user["Path"]}
    groups = (await ctx.call("iam", "ListGroupsForUser", {"UserName": name})).get("Groups", [])
    if groups:
        current["Groups"] = sorted(g["GroupName"] for g in groups)
    return await _inline_and_attached(ctx, "User", name, current)


async def read_group(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    group = (await ctx.call("iam", "GetGroup", {"GroupName": name}))["Group"]
    return await _inline_and_attached(ctx, "Group", name, {"GroupName": name, "Path": group["Path"]})


async def _group(ctx: ProvisionContext, name: str) -> Resource:
    group = (await ctx.call("iam", "GetGroup", {"GroupName": name}))["Group"]
    return Resource(name, {"Arn": group["Arn"]})


async def create_group(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("GroupName") or ctx.physical_name(128)
    request: dict[str, Any] = {"GroupName": name}
    if props.get("Path"):
        request["Path"] = props["Path"]
    await ctx.call("iam", "CreateGroup", request)
    await _sync_inline(ctx, "Group", name, props.get("Policies"), None)
    await _sync_managed(ctx, "Group", name, props.get("ManagedPolicyArns"), None)
    return await _group(ctx, name)


async def update_group(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if props.get("Path", "/") != old.get("Path", "/"):
        await ctx.call("iam", "UpdateGroup", {"GroupName": name, "NewPath": props.get("Path", "/")})
    await _sync_inline(ctx, "Group", name, props.get("Policies"), old.get("Policies"))
    await _sync_managed(ctx, "Group", name, props.get("ManagedPolicyArns"), old.get("ManagedPolicyArns"))
    return await _group(ctx, name)


async def delete_group(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    if not await _strip(ctx, "Group", name):
        return
    members = await _quiet(ctx, "GetGroup", {"GroupName": name}) or {}
    for user in members.get("Users", []):
        await _quiet(ctx, "RemoveUserFromGroup", {"GroupName": name, "UserName": user["UserName"]})
    await _quiet(ctx, "DeleteGroup", {"GroupName": name})


async def create_addition(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    for user in props["Users"]:
        await ctx.call("iam", "AddUserToGroup", {"GroupName": props["GroupName"], "UserName": user})
    return Resource(ctx.physical_name())


async def update_addition(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if props["GroupName"] != old["GroupName"]:
        await delete_addition(ctx, pid, old)
        await create_addition(ctx, props)
        return Resource(pid)
    for user in set(old["Users"]) - set(props["Users"]):
        await _quiet(ctx, "RemoveUserFromGroup", {"GroupName": props["GroupName"], "UserName": user})
    for user in set(props["Users"]) - set(old["Users"]):
        await ctx.call("iam", "AddUserToGroup", {"GroupName": props["GroupName"], "UserName": user})
    return Resource(pid)


async def delete_addition(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    for user in props["Users"]:
        await _quiet(ctx, "RemoveUserFromGroup", {"GroupName": props["GroupName"], "UserName": user})


# ---------------------------------------------------------------- policies


async def _put_policy(ctx: ProvisionContext, props: dict[str, Any]) -> None:
    document = _doc(props["PolicyDocument"])
    for kind, key in (("Role", "Roles"), ("User", "Users"), ("Group", "Groups")):
        for name in props.get(key) or []:
            await ctx.call("iam", f"Put{kind}Policy", {f"{kind}Name": name, "PolicyName": props["PolicyName"], "PolicyDocument": document})


async def _drop_policy(ctx: ProvisionContext, props: dict[str, Any], keep: dict[str, Any] | None = None) -> None:
    for kind, key in (("Role", "Roles"), ("User", "Users"), ("Group", "Groups")):
        still = set((keep or {}).get(key) or []) if keep and keep["PolicyName"] == props["PolicyName"] else set()
        for name in set(props.get(key) or []) - still:
            await _quiet(ctx, f"Delete{kind}Policy", {f"{kind}Name": name, "PolicyName": props["PolicyName"]})


async def create_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _put_policy(ctx, props)
    pid = ctx.physical_name(64)
    return Resource(pid, {"Id": pid})


async def update_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _drop_policy(ctx, old, keep=props)
    await _put_policy(ctx, props)
    return Resource(pid, {"Id": pid})


async def delete_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    await _drop_policy(ctx, props)


def _entity_policy(kind: str) -> ResourceType:
    """AWS::IAM::RolePolicy, UserPolicy and GroupPolicy: one inline policy of one entity."""
    key = f"{kind}Name"

    async def create(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
        await ctx.call("iam", f"Put{kind}Policy", {key: props[key], "PolicyName": props["PolicyName"], "PolicyDocument": _doc(props.get("PolicyDocument", {}))})
        return Resource(props["PolicyName"])

    async def update(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
        return await create(ctx, props)

    async def delete(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
        await _quiet(ctx, f"Delete{kind}Policy", {key: props[key], "PolicyName": props["PolicyName"]})

    async def read(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> dict[str, Any]:
        got = await ctx.call("iam", f"Get{kind}Policy", {key: props[key], "PolicyName": props["PolicyName"]})
        return {key: props[key], "PolicyName": props["PolicyName"], "PolicyDocument": _parse(got["PolicyDocument"])}

    return ResourceType(create, delete, update, replaces=frozenset({key, "PolicyName"}), read=read)


async def _managed(ctx: ProvisionContext, arn: str) -> Resource:
    policy = (await ctx.call("iam", "GetPolicy", {"PolicyArn": arn}))["Policy"]
    return Resource(arn, {
        "PolicyArn": arn, "PolicyId": policy["PolicyId"], "DefaultVersionId": policy["DefaultVersionId"],
        "AttachmentCount": policy.get("AttachmentCount", 0), "IsAttachable": policy.get("IsAttachable", True),
        "CreateDate": _iso(policy.get("CreateDate")), "UpdateDate": _iso(policy.get("UpdateDate")),
    })


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


async def _sync_attachments(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    for kind, key in (("Role", "Roles"), ("User", "Users"), ("Group", "Groups")):
        for name in set(old.get(key) or []) - set(props.get(key) or []):
            await _quiet(ctx, f"Detach{kind}Policy", {f"{kind}Name": name, "PolicyArn": arn})
        for name in set(props.get(key) or []) - set(old.get(key) or []):
            await ctx.call("iam", f"Attach{kind}Policy", {f"{kind}Name": name, "PolicyArn": arn})


async def create_managed_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"PolicyName": props.get("ManagedPolicyName") or ctx.physical_name(128),
                               "PolicyDocument": _doc(props["PolicyDocument"])}
    for key in ("Path", "Description"):
        if props.get(key):
            request[key] = props[key]
    arn = (await ctx.call("iam", "CreatePolicy", request))["Policy"]["Arn"]
    await _sync_attachments(ctx, arn, props, {})
    return await _managed(ctx, arn)


async def update_managed_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if _doc(props["PolicyDocument"]) != _doc(old.get("PolicyDocument", "")):
        versions = (await ctx.call("iam", "ListPolicyVersions", {"PolicyArn": arn}))["Versions"]
        spare = [v for v in versions if not v["IsDefaultVersion"]]
        if len(versions) >= 5 and spare:
            # Make room as CloudFormation does: the oldest non-default version goes.
            oldest = min(spare, key=lambda v: int(v["VersionId"][1:]))
            await ctx.call("iam", "DeletePolicyVersion", {"PolicyArn": arn, "VersionId": oldest["VersionId"]})
        await ctx.call("iam", "CreatePolicyVersion", {"PolicyArn": arn, "PolicyDocument": _doc(props["PolicyDocument"]), "SetAsDefault": True})
    await _sync_attachments(ctx, arn, props, old)
    return await _managed(ctx, arn)


async def delete_managed_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    entities = await _quiet(ctx, "ListEntitiesForPolicy", {"PolicyArn": arn})
    if entities is None:
        return
    for kind in ("Role", "User", "Group"):
        for entity in entities.get(f"Policy{kind}s", []):
            await _quiet(ctx, f"Detach{kind}Policy", {f"{kind}Name": entity[f"{kind}Name"], "PolicyArn": arn})
    versions = await _quiet(ctx, "ListPolicyVersions", {"PolicyArn": arn}) or {}
    for version in versions.get("Versions", []):
        if not version["IsDefaultVersion"]:
            await _quiet(ctx, "DeletePolicyVersion", {"PolicyArn": arn, "VersionId": version["VersionId"]})
    await _quiet(ctx, "DeletePolicy", {"PolicyArn": arn})


async def read_managed_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    policy = (await ctx.call("iam", "GetPolicy", {"PolicyArn": arn}))["Policy"]
    version = (await ctx.call("iam", "GetPolicyVersion", {"PolicyArn": arn, "VersionId": policy["DefaultVersionId"]}))["PolicyVersion"]
    return {"ManagedPolicyName": policy["PolicyName"], "Path": policy["Path"], "PolicyDocument": _parse(version["Document"])}


# ---------------------------------------------------------------- instance profiles and access keys


async def _profile(ctx: ProvisionContext, name: str) -> Resource:
    profile = (await ctx.call("iam", "GetInstanceProfile", {"InstanceProfileName": name}))["InstanceProfile"]
    return Resource(name, {"Arn": profile["Arn"]})


async def create_instance_profile(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("InstanceProfileName") or ctx.physical_name(128)
    request: dict[str, Any] = {"InstanceProfileName": name}
    if props.get("Path"):
        request["Path"] = props["Path"]
    await ctx.call("iam", "CreateInstanceProfile", request)
    for role in props.get("Roles") or []:
        await ctx.call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": name, "RoleName": role})
    return await _profile(ctx, name)


async def update_instance_profile(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    for role in set(old.get("Roles") or []) - set(props.get("Roles") or []):
        await _quiet(ctx, "RemoveRoleFromInstanceProfile", {"InstanceProfileName": name, "RoleName": role})
    for role in set(props.get("Roles") or []) - set(old.get("Roles") or []):
        await ctx.call("iam", "AddRoleToInstanceProfile", {"InstanceProfileName": name, "RoleName": role})
    return await _profile(ctx, name)


async def delete_instance_profile(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    profile = await _quiet(ctx, "GetInstanceProfile", {"InstanceProfileName": name})
    if profile is None:
        return
    for role in profile["InstanceProfile"].get("Roles", []):
        await _quiet(ctx, "RemoveRoleFromInstanceProfile", {"InstanceProfileName": name, "RoleName": role["RoleName"]})
    await _quiet(ctx, "DeleteInstanceProfile", {"InstanceProfileName": name})


async def create_access_key(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    key = (await ctx.call("iam", "CreateAccessKey", {"UserName": props["UserName"]}))["AccessKey"]
    if props.get("Status", "Active") != "Active":
        await ctx.call("iam", "UpdateAccessKey", {"UserName": props["UserName"], "AccessKeyId": key["AccessKeyId"], "Status": props["Status"]})
    return Resource(key["AccessKeyId"], {"SecretAccessKey": key["SecretAccessKey"]})


async def update_access_key(ctx: ProvisionContext, key_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("iam", "UpdateAccessKey", {"UserName": props["UserName"], "AccessKeyId": key_id, "Status": props.get("Status", "Active")})
    # The secret is shown once, at creation; the engine keeps the attribute it got then.
    return Resource(key_id)


async def delete_access_key(ctx: ProvisionContext, key_id: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteAccessKey", {"UserName": props["UserName"], "AccessKeyId": key_id})


async def read_access_key(ctx: ProvisionContext, key_id: str, props: dict[str, Any]) -> dict[str, Any]:
    keys = (await ctx.call("iam", "ListAccessKeys", {"UserName": props["UserName"]}))["AccessKeyMetadata"]
    found = next((k for k in keys if k["AccessKeyId"] == key_id), None)
    if found is None:
        raise AwsError("NoSuchEntity", f"The Access Key with id {key_id} cannot be found.", status=404)
    return {"UserName": props["UserName"], "Status": found["Status"]}


# ---------------------------------------------------------------- service-linked roles and identity providers


async def create_linked_role(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {k: props[k] for k in ("AWSServiceName", "CustomSuffix", "Description") if props.get(k)}
    role = (await ctx.call("iam", "CreateServiceLinkedRole", request))["Role"]
    return Resource(role["RoleName"], {"RoleName": role["RoleName"], "Arn": role["Arn"]})


async def update_linked_role(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("iam", "UpdateRoleDescription", {"RoleName": name, "Description": props.get("Description", "")})
    role = (await ctx.call("iam", "GetRole", {"RoleName": name}))["Role"]
    return Resource(name, {"RoleName": name, "Arn": role["Arn"]})


async def delete_linked_role(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteServiceLinkedRole", {"RoleName": name})


async def create_oidc(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"Url": props["Url"], "ClientIDList": props.get("ClientIdList") or []}
    if props.get("ThumbprintList"):
        request["ThumbprintList"] = props["ThumbprintList"]
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    arn = (await ctx.call("iam", "CreateOpenIDConnectProvider", request))["OpenIDConnectProviderArn"]
    return Resource(arn, {"Arn": arn})


async def update_oidc(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    key = {"OpenIDConnectProviderArn": arn}
    new_ids, old_ids = set(props.get("ClientIdList") or []), set(old.get("ClientIdList") or [])
    for client in old_ids - new_ids:
        await ctx.call("iam", "RemoveClientIDFromOpenIDConnectProvider", {**key, "ClientID": client})
    for client in new_ids - old_ids:
        await ctx.call("iam", "AddClientIDToOpenIDConnectProvider", {**key, "ClientID": client})
    if props.get("ThumbprintList") != old.get("ThumbprintList"):
        await ctx.call("iam", "UpdateOpenIDConnectProviderThumbprint", {**key, "ThumbprintList": props.get("ThumbprintList") or []})
    await _retag(ctx, "OpenIDConnectProvider", key, props.get("Tags"), old.get("Tags"))
    return Resource(arn, {"Arn": arn})


async def delete_oidc(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteOpenIDConnectProvider", {"OpenIDConnectProviderArn": arn})


async def read_oidc(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": arn})
    url = got["Url"]
    return {"Url": url if url.startswith("https://") else f"https://{url}", "ClientIdList": got.get("ClientIDList", []),
            "ThumbprintList": got.get("ThumbprintList", [])}


async def create_saml(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"Name": props.get("Name") or ctx.physical_name(128), "SAMLMetadataDocument": props["SamlMetadataDocument"]}
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    arn = (await ctx.call("iam", "CreateSAMLProvider", request))["SAMLProviderArn"]
    return await _saml(ctx, arn)


async def _saml(ctx: ProvisionContext, arn: str) -> Resource:
    got = await ctx.call("iam", "GetSAMLProvider", {"SAMLProviderArn": arn})
    return Resource(arn, {"Arn": arn, "SamlProviderUUID": got.get("SAMLProviderUUID", "")})


async def update_saml(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if props["SamlMetadataDocument"] != old.get("SamlMetadataDocument"):
        await ctx.call("iam", "UpdateSAMLProvider", {"SAMLProviderArn": arn, "SAMLMetadataDocument": props["SamlMetadataDocument"]})
    await _retag(ctx, "SAMLProvider", {"SAMLProviderArn": arn}, props.get("Tags"), old.get("Tags"))
    return await _saml(ctx, arn)


async def delete_saml(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteSAMLProvider", {"SAMLProviderArn": arn})


# ---------------------------------------------------------------- server certificates and virtual MFA devices


async def create_server_certificate(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("ServerCertificateName") or ctx.physical_name(128)
    request: dict[str, Any] = {"ServerCertificateName": name, "CertificateBody": props["CertificateBody"], "PrivateKey": props["PrivateKey"]}
    for key in ("CertificateChain", "Path"):
        if props.get(key):
            request[key] = props[key]
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    meta = (await ctx.call("iam", "UploadServerCertificate", request))["ServerCertificateMetadata"]
    return Resource(name, {"Arn": meta["Arn"]})


async def update_server_certificate(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if props.get("Path", "/") != old.get("Path", "/"):
        await ctx.call("iam", "UpdateServerCertificate", {"ServerCertificateName": name, "NewPath": props.get("Path", "/")})
    await _retag(ctx, "ServerCertificate", {"ServerCertificateName": name}, props.get("Tags"), old.get("Tags"))
    meta = (await ctx.call("iam", "GetServerCertificate", {"ServerCertificateName": name}))["ServerCertificate"]["ServerCertificateMetadata"]
    return Resource(name, {"Arn": meta["Arn"]})


async def delete_server_certificate(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteServerCertificate", {"ServerCertificateName": name})


def _totp(seed: bytes, counter: int) -> str:
    """RFC 6238's six-digit code for one 30-second step: what an authenticator app shows."""
    digest = hmac.new(seed, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


async def _enable_mfa(ctx: ProvisionContext, serial: str, seed: bytes, users: list[str]) -> None:
    # CloudFormation holds the device's seed, so it can answer the two consecutive codes
    # EnableMFADevice asks for, as an authenticator app would.
    for user in users:
        counter = int(ctx.runtime.clock.now() // 30) - 1
        await ctx.call("iam", "EnableMFADevice", {"UserName": user, "SerialNumber": serial,
                                                  "AuthenticationCode1": _totp(seed, counter), "AuthenticationCode2": _totp(seed, counter + 1)})


async def create_mfa_device(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"VirtualMFADeviceName": props.get("VirtualMfaDeviceName") or ctx.physical_name(226)}
    if props.get("Path"):
        request["Path"] = props["Path"]
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    device = (await ctx.call("iam", "CreateVirtualMFADevice", request))["VirtualMFADevice"]
    serial, seed = device["SerialNumber"], device["Base32StringSeed"]
    await _enable_mfa(ctx, serial, base64.b32decode(seed if isinstance(seed, bytes) else seed.encode()), list(props.get("Users") or []))
    return Resource(serial, {"SerialNumber": serial})


async def update_mfa_device(ctx: ProvisionContext, serial: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _retag(ctx, "MFADevice", {"SerialNumber": serial}, props.get("Tags"), old.get("Tags"))
    return Resource(serial, {"SerialNumber": serial})


async def delete_mfa_device(ctx: ProvisionContext, serial: str, props: dict[str, Any]) -> None:
    for user in props.get("Users") or []:
        await _quiet(ctx, "DeactivateMFADevice", {"UserName": user, "SerialNumber": serial})
    await _quiet(ctx, "DeleteVirtualMFADevice", {"SerialNumber": serial})


RESOURCE_TYPES = {
    "AWS::IAM::Role": ResourceType(create_role, delete_role, update_role, replaces=frozenset({"RoleName", "Path"}), read=read_role),
    "AWS::IAM::User": ResourceType(create_user, delete_user, update_user, replaces=frozenset({"UserName"}), read=read_user),
    "AWS::IAM::Group": ResourceType(create_group, delete_group, update_group, replaces=frozenset({"GroupName"}), read=read_group),
    "AWS::IAM::UserToGroupAddition": ResourceType(create_addition, delete_addition, update_addition),
    "AWS::IAM::Policy": ResourceType(create_policy, delete_policy, update_policy),
    "AWS::IAM::ManagedPolicy": ResourceType(create_managed_policy, delete_managed_policy, update_managed_policy,
                                            replaces=frozenset({"ManagedPolicyName", "Path", "Description"}), read=read_managed_policy),
    "AWS::IAM::RolePolicy": _entity_policy("Role"),
    "AWS::IAM::UserPolicy": _entity_policy("User"),
    "AWS::IAM::GroupPolicy": _entity_policy("Group"),
    "AWS::IAM::InstanceProfile": ResourceType(create_instance_profile, delete_instance_profile, update_instance_profile,
                                              replaces=frozenset({"InstanceProfileName", "Path"})),
    "AWS::IAM::AccessKey": ResourceType(create_access_key, delete_access_key, update_access_key,
                                        replaces=frozenset({"UserName", "Serial"}), read=read_access_key),
    "AWS::IAM::ServiceLinkedRole": ResourceType(create_linked_role, delete_linked_role, update_linked_role,
                                                replaces=frozenset({"AWSServiceName", "CustomSuffix"})),
    "AWS::IAM::OIDCProvider": ResourceType(create_oidc, delete_oidc, update_oidc, replaces=frozenset({"Url"}), read=read_oidc),
    "AWS::IAM::SAMLProvider": ResourceType(create_saml, delete_saml, update_saml, replaces=frozenset({"Name"})),
    "AWS::IAM::ServerCertificate": ResourceType(create_server_certificate, delete_server_certificate, update_server_certificate,
                                                replaces=frozenset({"ServerCertificateName", "CertificateBody", "CertificateChain", "PrivateKey"})),
    # Users can't change without the device's codes changing hands again: a new device.
    "AWS::IAM::VirtualMFADevice": ResourceType(create_mfa_device, delete_mfa_device, update_mfa_device,
                                               replaces=frozenset({"VirtualMfaDeviceName", "Path", "Users"})),
}
