"""IAM users and groups: create, rename, tag, delete (refused while anything hangs on them), membership."""

from __future__ import annotations

from cumulo.core.context import RequestContext
from cumulo.generated import iam as wire
from cumulo.services.iam import common as c
from cumulo.services.iam import views
from cumulo.services.iam.models import Group, User


def _users(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "users")


def _groups(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "groups")


def _the_user(ctx: RequestContext, name: str) -> User:
    return c.get_by_name(_users(ctx), name, "user")


def _the_group(ctx: RequestContext, name: str) -> Group:
    return c.get_by_name(_groups(ctx), name, "group")


def _caller_user_name(ctx: RequestContext) -> str | None:
    """The name of the IAM user making the request; None for the root user and roles."""
    marker = f"arn:aws:iam::{ctx.principal.account}:user/"
    if ctx.principal.arn.startswith(marker):
        return ctx.principal.arn.rsplit("/", 1)[-1]
    return None


def _user_or_caller(ctx: RequestContext, name: str | None) -> User | None:
    """`UserName` when given, else the caller (None: the root user, who has no IAM user)."""
    name = name or _caller_user_name(ctx)
    return _the_user(ctx, name) if name else None


# ---------------------------------------------------------------- users


def create_user(ctx: RequestContext, req: wire.CreateUserRequest) -> wire.CreateUserResponse:
    name = req["UserName"]
    if name.lower() in _users(ctx):
        raise c.exists("User", name)
    user = User(name, c.new_id("AIDA"), c.check_path(req.get("Path")), c.now(ctx))
    c.add_tags(user.tags, req.get("Tags"))
    if req.get("PermissionsBoundary"):
        c.set_boundary(ctx, user, req["PermissionsBoundary"])
    _users(ctx)[name.lower()] = user
    return {"User": views.user(ctx, user)}


def get_user(ctx: RequestContext, req: wire.GetUserRequest) -> wire.GetUserResponse:
    user = _user_or_caller(ctx, req.get("UserName"))
    if user is None:
        # The root user: AWS answers with the account as the user id and no name.
        return {"User": {"Path": "/", "UserId": ctx.account, "Arn": f"arn:aws:iam::{ctx.account}:root",  # type: ignore[typeddict-item]
                         "CreateDate": c.utc(0)}}
    return {"User": views.user(ctx, user)}


def list_users(ctx: RequestContext, req: wire.ListUsersRequest) -> wire.ListUsersResponse:
    chosen = [u for u in _users(ctx).values() if c.under(req.get("PathPrefix"), u.path)]
    return c.page(ctx, req, chosen, lambda u: u.name, "Users", lambda u: views.user(ctx, u, tags=False))  # type: ignore[return-value]


def update_user(ctx: RequestContext, req: wire.UpdateUserRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    table = _users(ctx)
    if req.get("NewPath"):
        user.path = c.check_path(req["NewPath"])
    new = req.get("NewUserName")
    if new and new != user.name:
        if new.lower() in table and new.lower() != user.name.lower():
            raise c.exists("User", new)
        old = user.name
        del table[old.lower()]
        user.name = new
        for group_name in user.groups:
            group = _the_group(ctx, group_name)
            group.members = [new if m == old else m for m in group.members]
            _groups(ctx).touch(group.name.lower())
        index = _key_index(ctx)
        for key_id in user.access_keys:
            index[key_id] = (ctx.account, new)
        for serial in user.mfa:
            device = c.table(ctx, "mfa").get(serial)
            if device is not None:
                device.user = new
                c.table(ctx, "mfa").touch(serial)
    table[user.name.lower()] = user


def delete_user(ctx: RequestContext, req: wire.DeleteUserRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    blockers = [
        (user.access_keys, "access keys"), (user.login, "login profile"), (user.mfa, "MFA devices"),
        (user.signing_certs, "signing certificates"), (user.ssh_keys, "SSH public keys"),
        (user.service_credentials, "service specific credentials"), (user.groups, "groups"),
        (user.inline, "policies"), (user.attached, "policies"),
    ]
    for held, what in blockers:
        if held:
            raise wire.DeleteConflictExceptionError(f"Cannot delete entity, must {'remove users from group' if what == 'groups' else 'detach all policies' if what == 'policies' else 'delete ' + what} first.")
    c.clear_boundary(ctx, user)
    del _users(ctx)[user.name.lower()]


def tag_user(ctx: RequestContext, req: wire.TagUserRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    c.add_tags(user.tags, req["Tags"])
    _users(ctx).touch(user.name.lower())


def untag_user(ctx: RequestContext, req: wire.UntagUserRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    c.remove_tags(user.tags, req["TagKeys"])
    _users(ctx).touch(user.name.lower())


def list_user_tags(ctx: RequestContext, req: wire.ListUserTagsRequest) -> wire.ListUserTagsResponse:
    user = _the_user(ctx, req["UserName"])
    return c.page(ctx, req, list(user.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]


def put_user_permissions_boundary(ctx: RequestContext, req: wire.PutUserPermissionsBoundaryRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    c.set_boundary(ctx, user, req["PermissionsBoundary"])
    _users(ctx).touch(user.name.lower())


def delete_user_permissions_boundary(ctx: RequestContext, req: wire.DeleteUserPermissionsBoundaryRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    c.clear_boundary(ctx, user)
    _users(ctx).touch(user.name.lower())


# ---------------------------------------------------------------- groups


def create_group(ctx: RequestContext, req: wire.CreateGroupRequest) -> wire.CreateGroupResponse:
    name = req["GroupName"]
    if name.lower() in _groups(ctx):
        raise c.exists("Group", name)
    group = Group(name, c.new_id("AGPA"), c.check_path(req.get("Path")), c.now(ctx))
    _groups(ctx)[name.lower()] = group
    return {"Group": views.group(ctx, group)}


def get_group(ctx: RequestContext, req: wire.GetGroupRequest) -> wire.GetGroupResponse:
    group = _the_group(ctx, req["GroupName"])
    members = [_the_user(ctx, m) for m in group.members]
    out = c.page(ctx, req, members, lambda u: u.name, "Users", lambda u: views.user(ctx, u, tags=False))
    out["Group"] = views.group(ctx, group)
    return out  # type: ignore[return-value]


def list_groups(ctx: RequestContext, req: wire.ListGroupsRequest) -> wire.ListGroupsResponse:
    chosen = [g for g in _groups(ctx).values() if c.under(req.get("PathPrefix"), g.path)]
    return c.page(ctx, req, chosen, lambda g: g.name, "Groups", lambda g: views.group(ctx, g))  # type: ignore[return-value]


def list_groups_for_user(ctx: RequestContext, req: wire.ListGroupsForUserRequest) -> wire.ListGroupsForUserResponse:
    user = _the_user(ctx, req["UserName"])
    chosen = [_the_group(ctx, g) for g in user.groups]
    return c.page(ctx, req, chosen, lambda g: g.name, "Groups", lambda g: views.group(ctx, g))  # type: ignore[return-value]


def update_group(ctx: RequestContext, req: wire.UpdateGroupRequest) -> None:
    group = _the_group(ctx, req["GroupName"])
    table = _groups(ctx)
    if req.get("NewPath"):
        group.path = c.check_path(req["NewPath"])
    new = req.get("NewGroupName")
    if new and new != group.name:
        if new.lower() in table and new.lower() != group.name.lower():
            raise c.exists("Group", new)
        old = group.name
        del table[old.lower()]
        group.name = new
        for member in group.members:
            user = _the_user(ctx, member)
            user.groups = [new if g == old else g for g in user.groups]
            _users(ctx).touch(user.name.lower())
    table[group.name.lower()] = group


def delete_group(ctx: RequestContext, req: wire.DeleteGroupRequest) -> None:
    group = _the_group(ctx, req["GroupName"])
    if group.members:
        raise wire.DeleteConflictExceptionError("Cannot delete entity, must remove users from group first.")
    if group.inline or group.attached:
        raise wire.DeleteConflictExceptionError("Cannot delete entity, must delete _policies first.")
    del _groups(ctx)[group.name.lower()]


def add_user_to_group(ctx: RequestContext, req: wire.AddUserToGroupRequest) -> None:
    group, user = _the_group(ctx, req["GroupName"]), _the_user(ctx, req["UserName"])
    if group.name in user.groups:
        return
    if len(user.groups) >= c.MAX_GROUPS_PER_USER:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for GroupsPerUser: {c.MAX_GROUPS_PER_USER}")
    user.groups.append(group.name)
    group.members.append(user.name)
    _users(ctx).touch(user.name.lower())
    _groups(ctx).touch(group.name.lower())


def remove_user_from_group(ctx: RequestContext, req: wire.RemoveUserFromGroupRequest) -> None:
    group, user = _the_group(ctx, req["GroupName"]), _the_user(ctx, req["UserName"])
    if group.name not in user.groups:
        raise wire.NoSuchEntityExceptionError(f"The user with name {user.name} cannot be found in group {group.name}.")
    user.groups.remove(group.name)
    group.members.remove(user.name)
    _users(ctx).touch(user.name.lower())
    _groups(ctx).touch(group.name.lower())


def _key_index(ctx: RequestContext):  # type: ignore[no-untyped-def]
    """access key id -> (account, user name), across accounts (see models.KEY_INDEX)."""
    from cumulo.services.iam.models import KEY_INDEX

    return ctx.store.scope("iam", *KEY_INDEX).table("access_keys")
