"""Managed policies (versions, default version, tags, who uses them), attachments,
and inline policies on users, groups and roles."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import iam as wire
from cumulo.services.iam import common as c
from cumulo.services.iam import managed, views
from cumulo.services.iam.api.roles import _roles, _the_role
from cumulo.services.iam.api.users import _groups, _the_group, _the_user, _users
from cumulo.services.iam.models import ManagedPolicy, PolicyVersion


def _policies(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "policies")


def _customer_policy(ctx: RequestContext, policy_arn: str) -> ManagedPolicy:
    found = _policies(ctx).get(policy_arn)
    if found is None:
        if policy_arn.startswith(managed.PREFIX) and managed.get(policy_arn):
            raise wire.InvalidInputExceptionError(f"Cannot perform the operation on the AWS managed policy {policy_arn}.")
        raise wire.NoSuchEntityExceptionError(f"Policy {policy_arn} does not exist or is not attachable.")
    return found


# ---------------------------------------------------------------- managed policies


def create_policy(ctx: RequestContext, req: wire.CreatePolicyRequest) -> wire.CreatePolicyResponse:
    path = c.check_path(req.get("Path"))
    arn = c.arn(ctx, "policy", path, req["PolicyName"])
    if any(p.name.lower() == req["PolicyName"].lower() for p in _policies(ctx).values()):
        raise wire.EntityAlreadyExistsExceptionError(f"A policy called {req['PolicyName']} already exists. Duplicate names are not allowed.")
    document = c.check_document(req["PolicyDocument"])
    now = c.now(ctx)
    policy = ManagedPolicy(req["PolicyName"], c.new_id("ANPA"), path, arn, now, now, description=req.get("Description", ""),
                           versions={"v1": PolicyVersion("v1", document, now)})
    c.add_tags(policy.tags, req.get("Tags"))
    _policies(ctx)[arn] = policy
    return {"Policy": views.policy(policy)}


def get_policy(ctx: RequestContext, req: wire.GetPolicyRequest) -> wire.GetPolicyResponse:
    return {"Policy": views.policy(c.find_policy(ctx, req["PolicyArn"]))}


def delete_policy(ctx: RequestContext, req: wire.DeletePolicyRequest) -> None:
    policy = _customer_policy(ctx, req["PolicyArn"])
    if policy.attachments or policy.boundary_uses:
        raise wire.DeleteConflictExceptionError("Cannot delete a policy attached to entities.")
    if len(policy.versions) > 1:
        raise wire.DeleteConflictExceptionError("Cannot delete a policy with non-default versions: delete them first.")
    del _policies(ctx)[policy.arn]


def list_policies(ctx: RequestContext, req: wire.ListPoliciesRequest) -> wire.ListPoliciesResponse:
    scope = req.get("Scope", "All")
    chosen: list[ManagedPolicy] = []
    if scope in ("All", "Local"):
        chosen.extend(_policies(ctx).values())
    if scope in ("All", "AWS"):
        if req.get("OnlyAttached"):
            chosen.extend(p for p in (c.find_policy(ctx, a) for a in c.table(ctx, "aws_attachments")) if p.attachments)
        else:
            chosen.extend(filter(None, (managed.get(a) for a in managed.catalogue())))
    chosen = [p for p in chosen if c.under(req.get("PathPrefix"), p.path)]
    if req.get("OnlyAttached"):
        chosen = [p for p in chosen if p.attachments]
    usage = req.get("PolicyUsageFilter")
    if usage == "PermissionsBoundary":
        chosen = [p for p in chosen if p.boundary_uses]
    elif usage == "PermissionsPolicy":
        chosen = [p for p in chosen if p.attachments]
    return c.page(ctx, req, chosen, lambda p: p.arn, "Policies", lambda p: views.policy(p, tags=False))  # type: ignore[return-value]


def create_policy_version(ctx: RequestContext, req: wire.CreatePolicyVersionRequest) -> wire.CreatePolicyVersionResponse:
    policy = _customer_policy(ctx, req["PolicyArn"])
    if len(policy.versions) >= c.MAX_POLICY_VERSIONS:
        raise wire.LimitExceededExceptionError(
            f"A managed policy can have up to {c.MAX_POLICY_VERSIONS} versions. Before you create a new version, "
            "you must delete an existing version.")
    document = c.check_document(req["PolicyDocument"])
    version_id = f"v{policy.next_version}"
    policy.next_version += 1
    policy.versions[version_id] = PolicyVersion(version_id, document, c.now(ctx))
    if req.get("SetAsDefault"):
        policy.default = version_id
    policy.updated = c.now(ctx)
    _policies(ctx)[policy.arn] = policy
    return {"PolicyVersion": views.version(policy, version_id, document=False)}


def _version(policy: ManagedPolicy, version_id: str) -> str:
    if version_id not in policy.versions:
        raise wire.NoSuchEntityExceptionError(f"Policy {policy.arn} version {version_id} does not exist or is not attachable.")
    return version_id


def get_policy_version(ctx: RequestContext, req: wire.GetPolicyVersionRequest) -> wire.GetPolicyVersionResponse:
    policy = c.find_policy(ctx, req["PolicyArn"])
    return {"PolicyVersion": views.version(policy, _version(policy, req["VersionId"]))}


def list_policy_versions(ctx: RequestContext, req: wire.ListPolicyVersionsRequest) -> wire.ListPolicyVersionsResponse:
    policy = c.find_policy(ctx, req["PolicyArn"])
    ordered = sorted(policy.versions, key=lambda v: -int(v[1:]))
    out = c.page(ctx, req, ordered, lambda v: f"{10**6 - int(v[1:]):07d}", "Versions",
                 lambda v: views.version(policy, v, document=False))
    return out  # type: ignore[return-value]


def delete_policy_version(ctx: RequestContext, req: wire.DeletePolicyVersionRequest) -> None:
    policy = _customer_policy(ctx, req["PolicyArn"])
    version_id = _version(policy, req["VersionId"])
    if version_id == policy.default:
        raise wire.DeleteConflictExceptionError("Cannot delete the default version of a policy.")
    del policy.versions[version_id]
    _policies(ctx)[policy.arn] = policy


def set_default_policy_version(ctx: RequestContext, req: wire.SetDefaultPolicyVersionRequest) -> None:
    policy = _customer_policy(ctx, req["PolicyArn"])
    policy.default = _version(policy, req["VersionId"])
    policy.updated = c.now(ctx)
    _policies(ctx)[policy.arn] = policy


def tag_policy(ctx: RequestContext, req: wire.TagPolicyRequest) -> None:
    policy = _customer_policy(ctx, req["PolicyArn"])
    c.add_tags(policy.tags, req["Tags"])
    _policies(ctx)[policy.arn] = policy


def untag_policy(ctx: RequestContext, req: wire.UntagPolicyRequest) -> None:
    policy = _customer_policy(ctx, req["PolicyArn"])
    c.remove_tags(policy.tags, req["TagKeys"])
    _policies(ctx)[policy.arn] = policy


def list_policy_tags(ctx: RequestContext, req: wire.ListPolicyTagsRequest) -> wire.ListPolicyTagsResponse:
    policy = _customer_policy(ctx, req["PolicyArn"])
    return c.page(ctx, req, list(policy.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]


def list_entities_for_policy(ctx: RequestContext, req: wire.ListEntitiesForPolicyRequest) -> wire.ListEntitiesForPolicyResponse:
    arn = c.find_policy(ctx, req["PolicyArn"]).arn
    kind, usage, prefix = req.get("EntityFilter"), req.get("PolicyUsageFilter"), req.get("PathPrefix")

    def uses(entity: Any) -> bool:
        attached, bounded = arn in entity.attached, getattr(entity, "boundary", "") == arn
        if usage == "PermissionsPolicy":
            return attached
        if usage == "PermissionsBoundary":
            return bounded
        return attached or bounded

    found: list[tuple[str, str, dict[str, str]]] = []
    if kind in (None, "User", "LocalManagedPolicy", "AWSManagedPolicy"):
        found += [("u", u.name, {"UserName": u.name, "UserId": u.id}) for u in _users(ctx).values() if uses(u) and c.under(prefix, u.path)]
    if kind in (None, "Group", "LocalManagedPolicy", "AWSManagedPolicy"):
        found += [("g", g.name, {"GroupName": g.name, "GroupId": g.id}) for g in _groups(ctx).values() if uses(g) and c.under(prefix, g.path)]
    if kind in (None, "Role", "LocalManagedPolicy", "AWSManagedPolicy"):
        found += [("r", r.name, {"RoleName": r.name, "RoleId": r.id}) for r in _roles(ctx).values() if uses(r) and c.under(prefix, r.path)]
    out = c.page(ctx, req, found, lambda e: e[0] + e[1], "_all", lambda e: e)
    chosen = out.pop("_all")
    out["PolicyUsers"] = [e[2] for e in chosen if e[0] == "u"]
    out["PolicyGroups"] = [e[2] for e in chosen if e[0] == "g"]
    out["PolicyRoles"] = [e[2] for e in chosen if e[0] == "r"]
    return out  # type: ignore[return-value]


# ---------------------------------------------------------------- attachments


def attach_user_policy(ctx: RequestContext, req: wire.AttachUserPolicyRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    if c.attach(ctx, user.attached, req["PolicyArn"]):
        _users(ctx).touch(user.name.lower())


def attach_group_policy(ctx: RequestContext, req: wire.AttachGroupPolicyRequest) -> None:
    group = _the_group(ctx, req["GroupName"])
    if c.attach(ctx, group.attached, req["PolicyArn"]):
        _groups(ctx).touch(group.name.lower())


def attach_role_policy(ctx: RequestContext, req: wire.AttachRolePolicyRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    if c.attach(ctx, role.attached, req["PolicyArn"]):
        _roles(ctx).touch(role.name.lower())


def detach_user_policy(ctx: RequestContext, req: wire.DetachUserPolicyRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    c.detach(ctx, user.attached, req["PolicyArn"])
    _users(ctx).touch(user.name.lower())


def detach_group_policy(ctx: RequestContext, req: wire.DetachGroupPolicyRequest) -> None:
    group = _the_group(ctx, req["GroupName"])
    c.detach(ctx, group.attached, req["PolicyArn"])
    _groups(ctx).touch(group.name.lower())


def detach_role_policy(ctx: RequestContext, req: wire.DetachRolePolicyRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    c.detach(ctx, role.attached, req["PolicyArn"])
    _roles(ctx).touch(role.name.lower())


def _attached_page(ctx: RequestContext, req: Any, attached: list[str]) -> Any:
    chosen = [a for a in attached if c.under(req.get("PathPrefix"), c.find_policy(ctx, a).path)]
    return c.page(ctx, req, chosen, c.policy_name_of, "AttachedPolicies",
                  lambda a: {"PolicyName": c.policy_name_of(a), "PolicyArn": a})


def list_attached_user_policies(ctx: RequestContext, req: wire.ListAttachedUserPoliciesRequest) -> wire.ListAttachedUserPoliciesResponse:
    return _attached_page(ctx, req, _the_user(ctx, req["UserName"]).attached)


def list_attached_group_policies(ctx: RequestContext, req: wire.ListAttachedGroupPoliciesRequest) -> wire.ListAttachedGroupPoliciesResponse:
    return _attached_page(ctx, req, _the_group(ctx, req["GroupName"]).attached)


def list_attached_role_policies(ctx: RequestContext, req: wire.ListAttachedRolePoliciesRequest) -> wire.ListAttachedRolePoliciesResponse:
    return _attached_page(ctx, req, _the_role(ctx, req["RoleName"]).attached)


# ---------------------------------------------------------------- inline policies


def _put_inline(entity: Any, name: str, document: str, kind: str) -> None:
    entity.inline[name] = c.check_document(document, limit=c.INLINE_SIZE[kind])


def _get_inline(entity: Any, name: str, kind: str) -> str:
    if name not in entity.inline:
        raise wire.NoSuchEntityExceptionError(f"The {kind} policy with name {name} cannot be found.")
    return entity.inline[name]


def put_user_policy(ctx: RequestContext, req: wire.PutUserPolicyRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    _put_inline(user, req["PolicyName"], req["PolicyDocument"], "user")
    _users(ctx).touch(user.name.lower())


def put_group_policy(ctx: RequestContext, req: wire.PutGroupPolicyRequest) -> None:
    group = _the_group(ctx, req["GroupName"])
    _put_inline(group, req["PolicyName"], req["PolicyDocument"], "group")
    _groups(ctx).touch(group.name.lower())


def put_role_policy(ctx: RequestContext, req: wire.PutRolePolicyRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    _put_inline(role, req["PolicyName"], req["PolicyDocument"], "role")
    _roles(ctx).touch(role.name.lower())


def get_user_policy(ctx: RequestContext, req: wire.GetUserPolicyRequest) -> wire.GetUserPolicyResponse:
    user = _the_user(ctx, req["UserName"])
    doc = _get_inline(user, req["PolicyName"], "user")
    return {"UserName": user.name, "PolicyName": req["PolicyName"], "PolicyDocument": c.encoded(doc)}


def get_group_policy(ctx: RequestContext, req: wire.GetGroupPolicyRequest) -> wire.GetGroupPolicyResponse:
    group = _the_group(ctx, req["GroupName"])
    doc = _get_inline(group, req["PolicyName"], "group")
    return {"GroupName": group.name, "PolicyName": req["PolicyName"], "PolicyDocument": c.encoded(doc)}


def get_role_policy(ctx: RequestContext, req: wire.GetRolePolicyRequest) -> wire.GetRolePolicyResponse:
    role = _the_role(ctx, req["RoleName"])
    doc = _get_inline(role, req["PolicyName"], "role")
    return {"RoleName": role.name, "PolicyName": req["PolicyName"], "PolicyDocument": c.encoded(doc)}


def delete_user_policy(ctx: RequestContext, req: wire.DeleteUserPolicyRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    _get_inline(user, req["PolicyName"], "user")
    del user.inline[req["PolicyName"]]
    _users(ctx).touch(user.name.lower())


def delete_group_policy(ctx: RequestContext, req: wire.DeleteGroupPolicyRequest) -> None:
    group = _the_group(ctx, req["GroupName"])
    _get_inline(group, req["PolicyName"], "group")
    del group.inline[req["PolicyName"]]
    _groups(ctx).touch(group.name.lower())


def delete_role_policy(ctx: RequestContext, req: wire.DeleteRolePolicyRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    _get_inline(role, req["PolicyName"], "role")
    del role.inline[req["PolicyName"]]
    _roles(ctx).touch(role.name.lower())


def _names(ctx: RequestContext, req: Any, entity: Any) -> Any:
    return c.page(ctx, req, list(entity.inline), lambda n: n, "PolicyNames", lambda n: n)


def list_user_policies(ctx: RequestContext, req: wire.ListUserPoliciesRequest) -> wire.ListUserPoliciesResponse:
    return _names(ctx, req, _the_user(ctx, req["UserName"]))


def list_group_policies(ctx: RequestContext, req: wire.ListGroupPoliciesRequest) -> wire.ListGroupPoliciesResponse:
    return _names(ctx, req, _the_group(ctx, req["GroupName"]))


def list_role_policies(ctx: RequestContext, req: wire.ListRolePoliciesRequest) -> wire.ListRolePoliciesResponse:
    return _names(ctx, req, _the_role(ctx, req["RoleName"]))
