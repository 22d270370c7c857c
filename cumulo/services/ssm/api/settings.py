"""Service settings, resource policies, default host management, and change calendar state."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ssm as t
from cumulo.services.ssm import documents
from cumulo.services.ssm.common import arn, new_uuid, page, table

__all__ = [
    "delete_resource_policy", "deregister_default_host_management_configuration", "get_calendar_state", "get_resource_policies",
    "get_service_setting", "put_resource_policy", "register_default_host_management_configuration", "reset_service_setting",
    "update_service_setting",
]
# Setting id -> (default value, allowed values or None for free text).
SETTINGS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "/ssm/parameter-store/default-parameter-tier": ("Standard", ("Standard", "Advanced", "Intelligent-Tiering")),
    "/ssm/parameter-store/high-throughput-enabled": ("false", ("true", "false")),
    "/ssm/managed-instance/activation-tier": ("standard", ("standard", "advanced")),
    "/ssm/managed-instance/default-ec2-instance-management-role": ("", None),
    "/ssm/opsinsights/opscenter": ("Disabled", ("Enabled", "Disabled")),
    "/ssm/automation/customer-script-log-destination": ("None", ("CloudWatch", "None")),
    "/ssm/automation/customer-script-log-group-name": ("", None),
    "/ssm/documents/console/public-sharing-permission": ("Enable", ("Enable", "Disable")),
    "/ssm/appmanager/appmanager-enabled": ("False", ("True", "False")),
    "/ssm/automation/enable-adaptive-concurrency": ("False", ("True", "False")),
}
HOST_ROLE = "/ssm/managed-instance/default-ec2-instance-management-role"


def _setting_id(given: str) -> str:
    if given.startswith("arn:"):
        given = "/" + given.split(":servicesetting/", 1)[-1].lstrip("/")
    if given not in SETTINGS:
        raise AwsError("ServiceSettingNotFound", f"The service setting {given} was not found.")
    return given


def _setting(ctx: RequestContext, setting_id: str) -> dict[str, Any]:
    stored = table(ctx, "settings").get(setting_id)
    if stored is not None:
        return dict(stored)
    return {"SettingId": setting_id, "SettingValue": SETTINGS[setting_id][0], "LastModifiedDate": 0.0, "LastModifiedUser": "System",
            "ARN": arn(ctx, f"servicesetting{setting_id}"), "Status": "Default"}


def get_service_setting(ctx: RequestContext, req: t.GetServiceSettingRequest) -> dict[str, Any]:
    return {"ServiceSetting": _setting(ctx, _setting_id(req["SettingId"]))}


def _update(ctx: RequestContext, setting_id: str, value: str) -> None:
    allowed = SETTINGS[setting_id][1]
    if allowed is not None and value not in allowed:
        raise AwsError("ValidationException", f"The value {value} is not valid for {setting_id}. Valid values: {', '.join(allowed)}.", status=400)
    table(ctx, "settings")[setting_id] = {"SettingId": setting_id, "SettingValue": value, "LastModifiedDate": ctx.clock.now(),
                                          "LastModifiedUser": ctx.principal.arn, "ARN": arn(ctx, f"servicesetting{setting_id}"), "Status": "Customized"}


def update_service_setting(ctx: RequestContext, req: t.UpdateServiceSettingRequest) -> dict[str, Any]:
    _update(ctx, _setting_id(req["SettingId"]), req["SettingValue"])
    return {}


def reset_service_setting(ctx: RequestContext, req: t.ResetServiceSettingRequest) -> dict[str, Any]:
    setting_id = _setting_id(req["SettingId"])
    settings = table(ctx, "settings")
    if setting_id in settings:
        del settings[setting_id]
    setting = _setting(ctx, setting_id)
    setting.update({"LastModifiedDate": ctx.clock.now(), "LastModifiedUser": ctx.principal.arn, "Status": "Default"})
    return {"ServiceSetting": setting}


def register_default_host_management_configuration(ctx: RequestContext, req: t.RegisterDefaultHostManagementConfigurationRequest) -> dict[str, Any]:
    current = _setting(ctx, HOST_ROLE)["SettingValue"]
    role = req.get("RoleArn") or "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole"
    if current and current != role and not req.get("Overwrite"):
        raise AwsError("ValidationException", "A default host management role is already registered; set Overwrite to replace it.", status=400)
    _update(ctx, HOST_ROLE, role)
    return {"RoleArn": role}


def deregister_default_host_management_configuration(ctx: RequestContext, req: t.DeregisterDefaultHostManagementConfigurationRequest) -> dict[str, Any]:
    settings = table(ctx, "settings")
    if HOST_ROLE in settings:
        del settings[HOST_ROLE]
    return {}


# ---------------------------------------------------------------- resource policies


def _policy_target(ctx: RequestContext, resource_arn: str) -> None:
    """Resource policies attach to OpsItemGroups and to advanced-tier parameters."""
    if ":opsitemgroup/" in resource_arn:
        return
    if ":parameter/" in resource_arn:
        name = resource_arn.split(":parameter/", 1)[1]
        param = table(ctx, "parameters").get("/" + name) or table(ctx, "parameters").get(name)
        if param is None:
            raise AwsError("ResourceNotFoundException", f"The parameter {resource_arn} does not exist.")
        if param.current.tier != "Advanced":
            raise AwsError("ResourcePolicyInvalidParameterException", "Resource policies can only be attached to advanced-tier parameters.", ParameterNames=["ResourceArn"])
        return
    raise AwsError("ResourcePolicyInvalidParameterException", f"Resource policies are not supported for {resource_arn}.", ParameterNames=["ResourceArn"])


def _policy_hash(policy: str) -> str:
    return hashlib.sha256(policy.encode()).hexdigest()


def put_resource_policy(ctx: RequestContext, req: t.PutResourcePolicyRequest) -> dict[str, Any]:
    resource_arn = req["ResourceArn"]
    _policy_target(ctx, resource_arn)
    try:
        doc = json.loads(req["Policy"])
    except ValueError:
        raise AwsError("MalformedResourcePolicyDocumentException", "The policy document is not valid JSON.") from None
    if not isinstance(doc, dict) or "Statement" not in doc:
        raise AwsError("MalformedResourcePolicyDocumentException", "The policy document must have a Statement.")
    policies = table(ctx, "policies")
    stored = list(policies.get(resource_arn) or [])
    policy_id = req.get("PolicyId")
    if policy_id:
        for i, existing in enumerate(stored):
            if existing["PolicyId"] == policy_id:
                if req.get("PolicyHash") != existing["PolicyHash"]:
                    raise AwsError("ResourcePolicyConflictException", "The policy hash doesn't match the current policy: it changed since you read it.")
                stored[i] = {"PolicyId": policy_id, "PolicyHash": _policy_hash(req["Policy"]), "Policy": req["Policy"]}
                break
        else:
            raise AwsError("ResourcePolicyNotFoundException", f"No policy {policy_id} on {resource_arn}.")
    else:
        if len(stored) >= 10:
            raise AwsError("ResourcePolicyLimitExceededException", "A resource can have at most 10 policies.", Limit=10, LimitType="PolicyCount")
        policy_id = new_uuid()
        stored.append({"PolicyId": policy_id, "PolicyHash": _policy_hash(req["Policy"]), "Policy": req["Policy"]})
    policies[resource_arn] = stored
    return {"PolicyId": policy_id, "PolicyHash": _policy_hash(req["Policy"])}


def get_resource_policies(ctx: RequestContext, req: t.GetResourcePoliciesRequest) -> dict[str, Any]:
    _policy_target(ctx, req["ResourceArn"])
    chunk, token = page(list(table(ctx, "policies").get(req["ResourceArn"]) or []), req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Policies": chunk}
    if token:
        out["NextToken"] = token
    return out


def delete_resource_policy(ctx: RequestContext, req: t.DeleteResourcePolicyRequest) -> dict[str, Any]:
    _policy_target(ctx, req["ResourceArn"])
    policies = table(ctx, "policies")
    stored = list(policies.get(req["ResourceArn"]) or [])
    for existing in stored:
        if existing["PolicyId"] == req["PolicyId"]:
            if existing["PolicyHash"] != req["PolicyHash"]:
                raise AwsError("ResourcePolicyConflictException", "The policy hash doesn't match the current policy.")
            policies[req["ResourceArn"]] = [p for p in stored if p is not existing]
            return {}
    raise AwsError("ResourcePolicyNotFoundException", f"No policy {req['PolicyId']} on {req['ResourceArn']}.")


# ---------------------------------------------------------------- change calendars

_WHEN = re.compile(r"^(DTSTART|DTEND)(?:;TZID=([^:]+))?(?:;VALUE=DATE)?:(\d{8})(?:T(\d{6})(Z?))?", re.M)


def _events(content: str) -> list[tuple[float, float]]:
    from zoneinfo import ZoneInfo

    out = []
    for block in content.split("BEGIN:VEVENT")[1:]:
        times: dict[str, float] = {}
        for kind, zone, day, clock, utc in _WHEN.findall(block.split("END:VEVENT")[0]):
            tz = UTC if utc or not zone else ZoneInfo(zone)
            moment = datetime.strptime(day + (clock or "000000"), "%Y%m%d%H%M%S").replace(tzinfo=tz)
            times[kind] = moment.timestamp()
        if "DTSTART" in times:
            out.append((times["DTSTART"], times.get("DTEND", times["DTSTART"] + 86400)))
    return out


def get_calendar_state(ctx: RequestContext, req: t.GetCalendarStateRequest) -> dict[str, Any]:
    when = ctx.clock.now()
    if req.get("AtTime"):
        try:
            when = datetime.fromisoformat(req["AtTime"].replace("Z", "+00:00")).timestamp()
        except ValueError:
            raise AwsError("ValidationException", f"AtTime {req['AtTime']} is not an ISO 8601 time.", status=400) from None
    state = "OPEN"
    transitions: list[float] = []
    for name in req["CalendarNames"]:
        doc = documents.find(ctx, name)
        if doc.document_type != "ChangeCalendar":
            raise AwsError("InvalidDocumentType", f"Document {name} is not a ChangeCalendar document.")
        content = documents.version_of(doc, None).content
        default_open = "DEFAULT_CLOSED" not in content
        inside = any(start <= when < end for start, end in _events(content))
        # Events flip the calendar's default: closed during events of a default-open calendar.
        if (default_open and inside) or (not default_open and not inside):
            state = "CLOSED"
        transitions += [b for start, end in _events(content) for b in (start, end) if b > when]
    out: dict[str, Any] = {"State": state, "AtTime": datetime.fromtimestamp(when, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if transitions:
        out["NextTransitionTime"] = datetime.fromtimestamp(min(transitions), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return out
