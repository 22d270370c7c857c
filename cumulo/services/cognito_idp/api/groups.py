"""Groups with precedence and IAM roles, and their members (kept on each user)."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_idp as wire
from cumulo.services.cognito_idp import common
from cumulo.services.cognito_idp.models import UserPool


def _group(ctx: RequestContext, pool: UserPool, name: str) -> dict[str, Any]:
    found: dict[str, Any] | None = common.named(ctx, pool, "groups").get(name)
    if found is None:
        raise AwsError("ResourceNotFoundException", "Group not found.")
    return found


def _view(group: dict[str, Any]) -> dict[str, Any]:
    return {k: (common.utc(v) if k.endswith("Date") else v) for k, v in group.items()}


def create_group(ctx: RequestContext, req: wire.CreateGroupRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    table = common.named(ctx, pool, "groups")
    if req["GroupName"] in table:
        raise AwsError("GroupExistsException", "A group with the name already exists.")
    now = ctx.clock.now()
    group: dict[str, Any] = {"GroupName": req["GroupName"], "UserPoolId": pool.id, "CreationDate": now, "LastModifiedDate": now}
    for name in ("Description", "RoleArn", "Precedence"):
        if name in req:
            group[name] = req[name]  # type: ignore[literal-required]
    table[group["GroupName"]] = group
    return {"Group": _view(group)}


def get_group(ctx: RequestContext, req: wire.GetGroupRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"Group": _view(_group(ctx, pool, req["GroupName"]))}


def update_group(ctx: RequestContext, req: wire.UpdateGroupRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    group = _group(ctx, pool, req["GroupName"])
    for name in ("Description", "RoleArn", "Precedence"):
        if name in req:
            group[name] = req[name]  # type: ignore[literal-required]
    group["LastModifiedDate"] = ctx.clock.now()
    common.named(ctx, pool, "groups").touch(group["GroupName"])
    return {"Group": _view(group)}


def delete_group(ctx: RequestContext, req: wire.DeleteGroupRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    group = _group(ctx, pool, req["GroupName"])
    del common.named(ctx, pool, "groups")[group["GroupName"]]
    users = common.users(ctx, pool)
    for key, user in users.items():
        if group["GroupName"] in user.groups:
            user.groups.discard(group["GroupName"])
            users.touch(key)
    return {}


def list_groups(ctx: RequestContext, req: wire.ListGroupsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    found = sorted(common.named(ctx, pool, "groups").values(), key=lambda g: g["CreationDate"])
    chunk, token = common.page(found, req.get("Limit"), req.get("NextToken"))
    return {"Groups": [_view(g) for g in chunk], **({"NextToken": token} if token else {})}


def admin_add_user_to_group(ctx: RequestContext, req: wire.AdminAddUserToGroupRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    group = _group(ctx, pool, req["GroupName"])
    user = common.user(ctx, pool, req["Username"])
    user.groups.add(group["GroupName"])
    common.save_user(ctx, pool, user)
    return {}


def admin_remove_user_from_group(ctx: RequestContext, req: wire.AdminRemoveUserFromGroupRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    group = _group(ctx, pool, req["GroupName"])
    user = common.user(ctx, pool, req["Username"])
    user.groups.discard(group["GroupName"])
    common.save_user(ctx, pool, user)
    return {}


def admin_list_groups_for_user(ctx: RequestContext, req: wire.AdminListGroupsForUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    found = sorted(common.ordered_groups(ctx, pool, user.groups), key=lambda g: g["CreationDate"])
    chunk, token = common.page(found, req.get("Limit"), req.get("NextToken"))
    return {"Groups": [_view(g) for g in chunk], **({"NextToken": token} if token else {})}


def list_users_in_group(ctx: RequestContext, req: wire.ListUsersInGroupRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    group = _group(ctx, pool, req["GroupName"])
    found = sorted((u for u in common.users(ctx, pool).values() if group["GroupName"] in u.groups), key=lambda u: u.created)
    chunk, token = common.page(found, req.get("Limit"), req.get("NextToken"))
    return {"Users": [common.user_view(u) for u in chunk], **({"NextToken": token} if token else {})}
