"""Entities as IAM answers them: the output shapes, built from state."""

from __future__ import annotations

from cumulo.core.context import RequestContext
from cumulo.generated import iam as wire
from cumulo.services.iam.common import boundary, encoded, tag_list, utc
from cumulo.services.iam.models import Group, InstanceProfile, ManagedPolicy, Role, User


def user_arn(account: str, user: User) -> str:
    return f"arn:aws:iam::{account}:user{user.path}{user.name}"


def role_arn(account: str, role: Role) -> str:
    return f"arn:aws:iam::{account}:role{role.path}{role.name}"


def user(ctx: RequestContext, u: User, *, tags: bool = True) -> wire.User:
    out: wire.User = {"Path": u.path, "UserName": u.name, "UserId": u.id, "Arn": user_arn(ctx.account, u),
                      "CreateDate": utc(u.created)}
    if u.password_last_used:
        out["PasswordLastUsed"] = utc(u.password_last_used)
    if u.boundary:
        out["PermissionsBoundary"] = boundary(u.boundary)
    if tags and u.tags:
        out["Tags"] = tag_list(u.tags)
    return out


def group(ctx: RequestContext, g: Group) -> wire.Group:
    return {"Path": g.path, "GroupName": g.name, "GroupId": g.id,
            "Arn": f"arn:aws:iam::{ctx.account}:group{g.path}{g.name}", "CreateDate": utc(g.created)}


def role(ctx: RequestContext, r: Role, *, full: bool = True) -> wire.Role:
    out: wire.Role = {"Path": r.path, "RoleName": r.name, "RoleId": r.id, "Arn": role_arn(ctx.account, r),
                      "CreateDate": utc(r.created), "AssumeRolePolicyDocument": encoded(r.trust_policy),
                      "MaxSessionDuration": r.max_session}
    if r.description:
        out["Description"] = r.description
    if full:
        if r.boundary:
            out["PermissionsBoundary"] = boundary(r.boundary)
        if r.tags:
            out["Tags"] = tag_list(r.tags)
        last: wire.RoleLastUsed = {}
        if r.last_used:
            last = {"LastUsedDate": utc(r.last_used), "Region": r.last_used_region}
        out["RoleLastUsed"] = last
    return out


def policy(p: ManagedPolicy, *, tags: bool = True) -> wire.Policy:
    out: wire.Policy = {
        "PolicyName": p.name, "PolicyId": p.id, "Arn": p.arn, "Path": p.path, "DefaultVersionId": p.default,
        "AttachmentCount": p.attachments, "PermissionsBoundaryUsageCount": p.boundary_uses, "IsAttachable": True,
        "CreateDate": utc(p.created), "UpdateDate": utc(p.updated),
    }
    if p.description:
        out["Description"] = p.description
    if tags and p.tags:
        out["Tags"] = tag_list(p.tags)
    return out


def version(p: ManagedPolicy, version_id: str, *, document: bool = True) -> wire.PolicyVersion:
    v = p.versions[version_id]
    out: wire.PolicyVersion = {"VersionId": v.id, "IsDefaultVersion": v.id == p.default, "CreateDate": utc(v.created)}
    if document:
        out["Document"] = encoded(v.document)
    return out


def instance_profile(ctx: RequestContext, ip: InstanceProfile, _roles: list[Role]) -> wire.InstanceProfile:
    out: wire.InstanceProfile = {
        "Path": ip.path, "InstanceProfileName": ip.name, "InstanceProfileId": ip.id,
        "Arn": f"arn:aws:iam::{ctx.account}:instance-profile{ip.path}{ip.name}", "CreateDate": utc(ip.created),
        "Roles": [role(ctx, r, full=False) for r in _roles],
    }
    if ip.tags:
        out["Tags"] = tag_list(ip.tags)
    return out
