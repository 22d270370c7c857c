"""IAM roles (trust policies, session limits, boundaries, service-linked roles) and instance profiles."""

from __future__ import annotations

import json
import uuid

from cumulo.core.context import RequestContext
from cumulo.generated import iam as wire
from cumulo.services.iam import common as c
from cumulo.services.iam import views
from cumulo.services.iam.models import InstanceProfile, Role

# AWS's own names for the service-linked roles of common services; any other
# service gets "AWSServiceRoleFor" and its first DNS label, capitalized.
_LINKED_NAMES = {
    "autoscaling": "AutoScaling", "ecs": "ECS", "elasticloadbalancing": "ElasticLoadBalancing", "rds": "RDS",
    "elasticbeanstalk": "ElasticBeanstalk", "spot": "EC2Spot", "spotfleet": "EC2SpotFleet", "es": "AmazonElasticsearchService",
    "opensearchservice": "AmazonOpenSearchService", "lambda.amazonaws.com": "Lambda", "organizations": "Organizations",
    "eks": "AmazonEKS", "eks-nodegroup": "AmazonEKSNodegroup", "dynamodb.application-autoscaling": "ApplicationAutoScaling_DynamoDBTable",
    "ecs.application-autoscaling": "ApplicationAutoScaling_ECSService", "cloudtrail": "CloudTrail", "support": "Support",
    "trustedadvisor": "TrustedAdvisor", "config": "Config", "kafka": "Kafka", "elasticache": "ElastiCache",
    "guardduty": "AmazonGuardDuty", "securityhub": "SecurityHub", "sso": "SSO", "globalaccelerator": "GlobalAccelerator",
}


def _roles(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "roles")


def _profiles(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "instance_profiles")


def _the_role(ctx: RequestContext, name: str) -> Role:
    return c.get_by_name(_roles(ctx), name, "role")


def _the_profile(ctx: RequestContext, name: str) -> InstanceProfile:
    return c.get_by_name(_profiles(ctx), name, "instance profile")


def _max_session(value: int | None) -> int:
    # The model's range (3600..43200) is checked before the handler runs.
    return 3600 if value is None else value


def _trust(document: str) -> str:
    return c.check_document(document, kind="trust", limit=2048)


# ---------------------------------------------------------------- roles


def create_role(ctx: RequestContext, req: wire.CreateRoleRequest) -> wire.CreateRoleResponse:
    name = req["RoleName"]
    if name.lower() in _roles(ctx):
        raise c.exists("Role", name)
    role = Role(name, c.new_id("AROA"), c.check_path(req.get("Path")), c.now(ctx), _trust(req["AssumeRolePolicyDocument"]),
                description=req.get("Description", ""), max_session=_max_session(req.get("MaxSessionDuration")))
    c.add_tags(role.tags, req.get("Tags"))
    if req.get("PermissionsBoundary"):
        c.set_boundary(ctx, role, req["PermissionsBoundary"])
    _roles(ctx)[name.lower()] = role
    out = views.role(ctx, role)
    out.pop("RoleLastUsed", None)
    return {"Role": out}


def get_role(ctx: RequestContext, req: wire.GetRoleRequest) -> wire.GetRoleResponse:
    return {"Role": views.role(ctx, _the_role(ctx, req["RoleName"]))}


def list_roles(ctx: RequestContext, req: wire.ListRolesRequest) -> wire.ListRolesResponse:
    chosen = [r for r in _roles(ctx).values() if c.under(req.get("PathPrefix"), r.path)]
    return c.page(ctx, req, chosen, lambda r: r.name, "Roles", lambda r: views.role(ctx, r, full=False))  # type: ignore[return-value]


def update_role(ctx: RequestContext, req: wire.UpdateRoleRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    if "Description" in req:
        role.description = req["Description"]
    if "MaxSessionDuration" in req:
        role.max_session = _max_session(req["MaxSessionDuration"])
    _roles(ctx).touch(role.name.lower())


def update_role_description(ctx: RequestContext, req: wire.UpdateRoleDescriptionRequest) -> wire.UpdateRoleDescriptionResponse:
    role = _the_role(ctx, req["RoleName"])
    role.description = req["Description"]
    _roles(ctx).touch(role.name.lower())
    return {"Role": views.role(ctx, role)}


def update_assume_role_policy(ctx: RequestContext, req: wire.UpdateAssumeRolePolicyRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    if role.service_linked:
        raise wire.UnmodifiableEntityExceptionError(f"Cannot perform the operation on the protected role '{role.name}' - "
                                                    "this role is only modifiable by AWS")
    role.trust_policy = _trust(req["PolicyDocument"])
    _roles(ctx).touch(role.name.lower())


def delete_role(ctx: RequestContext, req: wire.DeleteRoleRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    if role.service_linked:
        raise wire.UnmodifiableEntityExceptionError(f"Cannot perform the operation on the protected role '{role.name}' - "
                                                    "this role is only modifiable by AWS")
    if role.attached or role.inline:
        raise wire.DeleteConflictExceptionError("Cannot delete entity, must detach all policies first.")
    if any(role.name in p.roles for p in _profiles(ctx).values()):
        raise wire.DeleteConflictExceptionError("Cannot delete entity, must remove _roles from instance profile first.")
    c.clear_boundary(ctx, role)
    del _roles(ctx)[role.name.lower()]


def tag_role(ctx: RequestContext, req: wire.TagRoleRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    c.add_tags(role.tags, req["Tags"])
    _roles(ctx).touch(role.name.lower())


def untag_role(ctx: RequestContext, req: wire.UntagRoleRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    c.remove_tags(role.tags, req["TagKeys"])
    _roles(ctx).touch(role.name.lower())


def list_role_tags(ctx: RequestContext, req: wire.ListRoleTagsRequest) -> wire.ListRoleTagsResponse:
    role = _the_role(ctx, req["RoleName"])
    return c.page(ctx, req, list(role.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]


def put_role_permissions_boundary(ctx: RequestContext, req: wire.PutRolePermissionsBoundaryRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    c.set_boundary(ctx, role, req["PermissionsBoundary"])
    _roles(ctx).touch(role.name.lower())


def delete_role_permissions_boundary(ctx: RequestContext, req: wire.DeleteRolePermissionsBoundaryRequest) -> None:
    role = _the_role(ctx, req["RoleName"])
    c.clear_boundary(ctx, role)
    _roles(ctx).touch(role.name.lower())


# ---------------------------------------------------------------- service-linked roles


def create_service_linked_role(ctx: RequestContext, req: wire.CreateServiceLinkedRoleRequest) -> wire.CreateServiceLinkedRoleResponse:
    service = req["AWSServiceName"]
    if not service.endswith(".amazonaws.com"):
        raise wire.InvalidInputExceptionError(f"Unrecognized service principal: {service}")
    short = service[: -len(".amazonaws.com")]
    label = _LINKED_NAMES.get(short) or _LINKED_NAMES.get(service) or short.split(".")[0].replace("-", " ").title().replace(" ", "")
    name = f"AWSServiceRoleFor{label}" + (f"_{req['CustomSuffix']}" if req.get("CustomSuffix") else "")
    if name.lower() in _roles(ctx):
        raise wire.InvalidInputExceptionError(f"Service role name {name} has been taken in this account, please try a different suffix.")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": [service]}, "Action": ["sts:AssumeRole"]}]})
    role = Role(name, c.new_id("AROA"), f"/aws-service-role/{service}/", c.now(ctx), trust,
                description=req.get("Description", ""), service_linked=True)
    _roles(ctx)[name.lower()] = role
    out = views.role(ctx, role)
    out.pop("RoleLastUsed", None)
    return {"Role": out}


def delete_service_linked_role(ctx: RequestContext, req: wire.DeleteServiceLinkedRoleRequest) -> wire.DeleteServiceLinkedRoleResponse:
    role = _the_role(ctx, req["RoleName"])
    if not role.service_linked:
        raise wire.InvalidInputExceptionError(f"Role {role.name} is not a service-linked role.")
    task = f"task{role.path}{role.name}/{uuid.uuid4()}"
    del _roles(ctx)[role.name.lower()]
    acct = c.account(ctx)
    acct.deletion_tasks[task] = role.name
    c.save_account(ctx, acct)
    return {"DeletionTaskId": task}


def get_service_linked_role_deletion_status(ctx: RequestContext, req: wire.GetServiceLinkedRoleDeletionStatusRequest) -> wire.GetServiceLinkedRoleDeletionStatusResponse:
    if req["DeletionTaskId"] not in c.account(ctx).deletion_tasks:
        raise wire.NoSuchEntityExceptionError(f"Deletion task {req['DeletionTaskId']} cannot be found.")
    return {"Status": "SUCCEEDED"}


# ---------------------------------------------------------------- role templates


def acquire_role(ctx: RequestContext, req: wire.AcquireRoleRequest) -> wire.AcquireRoleResponse:
    # Role templates are published by AWS services for partner flows; none exists locally.
    raise wire.NoSuchEntityExceptionError(f"The role template {req['TemplateArn']} cannot be found.")


def get_role_template_version(ctx: RequestContext, req: wire.GetRoleTemplateVersionRequest) -> wire.GetRoleTemplateVersionResponse:
    raise wire.NoSuchEntityExceptionError(f"The role template {req['TemplateArn']} cannot be found.")


# ---------------------------------------------------------------- instance profiles


def create_instance_profile(ctx: RequestContext, req: wire.CreateInstanceProfileRequest) -> wire.CreateInstanceProfileResponse:
    name = req["InstanceProfileName"]
    if name.lower() in _profiles(ctx):
        raise c.exists("Instance Profile", name)
    profile = InstanceProfile(name, c.new_id("AIPA"), c.check_path(req.get("Path")), c.now(ctx))
    c.add_tags(profile.tags, req.get("Tags"))
    _profiles(ctx)[name.lower()] = profile
    return {"InstanceProfile": views.instance_profile(ctx, profile, [])}


def _profile_view(ctx: RequestContext, profile: InstanceProfile) -> wire.InstanceProfile:
    return views.instance_profile(ctx, profile, [r for r in (_roles(ctx).get(n.lower()) for n in profile.roles) if r])


def get_instance_profile(ctx: RequestContext, req: wire.GetInstanceProfileRequest) -> wire.GetInstanceProfileResponse:
    return {"InstanceProfile": _profile_view(ctx, _the_profile(ctx, req["InstanceProfileName"]))}


def list_instance_profiles(ctx: RequestContext, req: wire.ListInstanceProfilesRequest) -> wire.ListInstanceProfilesResponse:
    chosen = [p for p in _profiles(ctx).values() if c.under(req.get("PathPrefix"), p.path)]
    return c.page(ctx, req, chosen, lambda p: p.name, "InstanceProfiles", lambda p: _profile_view(ctx, p))  # type: ignore[return-value]


def list_instance_profiles_for_role(ctx: RequestContext, req: wire.ListInstanceProfilesForRoleRequest) -> wire.ListInstanceProfilesForRoleResponse:
    role = _the_role(ctx, req["RoleName"])
    chosen = [p for p in _profiles(ctx).values() if role.name in p.roles]
    return c.page(ctx, req, chosen, lambda p: p.name, "InstanceProfiles", lambda p: _profile_view(ctx, p))  # type: ignore[return-value]


def add_role_to_instance_profile(ctx: RequestContext, req: wire.AddRoleToInstanceProfileRequest) -> None:
    profile, role = _the_profile(ctx, req["InstanceProfileName"]), _the_role(ctx, req["RoleName"])
    if profile.roles:
        raise wire.LimitExceededExceptionError("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
    profile.roles.append(role.name)
    _profiles(ctx).touch(profile.name.lower())


def remove_role_from_instance_profile(ctx: RequestContext, req: wire.RemoveRoleFromInstanceProfileRequest) -> None:
    profile, role = _the_profile(ctx, req["InstanceProfileName"]), _the_role(ctx, req["RoleName"])
    if role.name not in profile.roles:
        raise wire.NoSuchEntityExceptionError(f"The role with name {role.name} cannot be found in instance profile {profile.name}.")
    profile.roles.remove(role.name)
    _profiles(ctx).touch(profile.name.lower())


def delete_instance_profile(ctx: RequestContext, req: wire.DeleteInstanceProfileRequest) -> None:
    profile = _the_profile(ctx, req["InstanceProfileName"])
    if profile.roles:
        raise wire.DeleteConflictExceptionError("Cannot delete entity, must remove _roles from instance profile first.")
    del _profiles(ctx)[profile.name.lower()]


def tag_instance_profile(ctx: RequestContext, req: wire.TagInstanceProfileRequest) -> None:
    profile = _the_profile(ctx, req["InstanceProfileName"])
    c.add_tags(profile.tags, req["Tags"])
    _profiles(ctx).touch(profile.name.lower())


def untag_instance_profile(ctx: RequestContext, req: wire.UntagInstanceProfileRequest) -> None:
    profile = _the_profile(ctx, req["InstanceProfileName"])
    c.remove_tags(profile.tags, req["TagKeys"])
    _profiles(ctx).touch(profile.name.lower())


def list_instance_profile_tags(ctx: RequestContext, req: wire.ListInstanceProfileTagsRequest) -> wire.ListInstanceProfileTagsResponse:
    profile = _the_profile(ctx, req["InstanceProfileName"])
    return c.page(ctx, req, list(profile.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]
