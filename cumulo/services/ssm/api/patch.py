"""Patch Manager handlers: baselines (yours and AWS's per operating system), patch groups, defaults, patch states.

cumulo has no patch catalogue of its own (no managed instance reports patches),
so patch listings are empty and filtered as AWS filters them; baselines, groups
and defaults are stored and read back exactly. AWS-owned default baselines
exist per operating system, as in every account.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ssm as t
from cumulo.services.ssm import instances
from cumulo.services.ssm.api.tags import drop_tags, set_tags
from cumulo.services.ssm.common import hex_id, page, resources, table
from cumulo.services.ssm.models import Resource

__all__ = [
    "create_patch_baseline", "delete_patch_baseline", "deregister_patch_baseline_for_patch_group", "describe_available_patches",
    "describe_effective_patches_for_patch_baseline", "describe_instance_patch_states", "describe_instance_patch_states_for_patch_group",
    "describe_instance_patches", "describe_patch_baselines", "describe_patch_group_state", "describe_patch_groups",
    "describe_patch_properties", "get_default_patch_baseline", "get_deployable_patch_snapshot_for_instance", "get_patch_baseline",
    "get_patch_baseline_for_patch_group", "register_default_patch_baseline", "register_patch_baseline_for_patch_group",
    "update_patch_baseline",
]
AWS_OWNER = "075727635805"
SYSTEMS = ("WINDOWS", "AMAZON_LINUX", "AMAZON_LINUX_2", "AMAZON_LINUX_2022", "UBUNTU", "REDHAT_ENTERPRISE_LINUX", "SUSE", "CENTOS",
           "ORACLE_LINUX", "DEBIAN", "MACOS", "RASPBIAN", "ROCKY_LINUX", "ALMA_LINUX", "AMAZON_LINUX_2023")
FIELDS = ("Name", "OperatingSystem", "GlobalFilters", "ApprovalRules", "ApprovedPatches", "ApprovedPatchesComplianceLevel",
          "ApprovedPatchesEnableNonSecurity", "RejectedPatches", "RejectedPatchesAction", "Description", "Sources",
          "AvailableSecurityUpdatesComplianceStatus")
MAX_BASELINES = 50
PROPERTIES = {
    "PRODUCT": {"WINDOWS": ["WindowsServer2016", "WindowsServer2019", "WindowsServer2022", "WindowsServer2025"],
                "AMAZON_LINUX_2": ["AmazonLinux2", "AmazonLinux2.0"], "AMAZON_LINUX_2023": ["AmazonLinux2023"],
                "UBUNTU": ["Ubuntu20.04", "Ubuntu22.04", "Ubuntu24.04"]},
    "CLASSIFICATION": {"WINDOWS": ["CriticalUpdates", "SecurityUpdates", "Updates", "UpdateRollups", "ServicePacks", "Drivers"],
                       "*": ["Security", "Bugfix", "Enhancement", "Recommended", "Newpackage"]},
    "MSRC_SEVERITY": {"WINDOWS": ["Critical", "Important", "Moderate", "Low", "Unspecified"]},
    "SEVERITY": {"*": ["Critical", "Important", "Medium", "Low"]},
    "PRIORITY": {"UBUNTU": ["Required", "Important", "Standard", "Optional", "Extra"], "DEBIAN": ["Required", "Important", "Standard", "Optional", "Extra"]},
    "PRODUCT_FAMILY": {"WINDOWS": ["Windows", "Office"]},
}


def _aws_id(region: str, os_name: str) -> str:
    digest = hashlib.sha256(f"{region}|{os_name}".encode()).hexdigest()[:17]
    return f"arn:aws:ssm:{region}:{AWS_OWNER}:patchbaseline/pb-{digest}"


def _aws_baseline(ctx: RequestContext, os_name: str) -> Resource:
    name = "AWS-DefaultPatchBaseline" if os_name == "WINDOWS" else f"AWS-{os_name.title().replace('_', '')}DefaultPatchBaseline"
    rules = {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Security"] if os_name != "WINDOWS" else ["CriticalUpdates", "SecurityUpdates"]}]},
                             "ComplianceLevel": "UNSPECIFIED", "ApproveAfterDays": 7, "EnableNonSecurity": False}]}
    body = {"BaselineId": _aws_id(ctx.region, os_name), "Name": name, "OperatingSystem": os_name, "GlobalFilters": {"PatchFilters": []},
            "ApprovalRules": rules, "ApprovedPatches": [], "ApprovedPatchesComplianceLevel": "UNSPECIFIED", "ApprovedPatchesEnableNonSecurity": False,
            "RejectedPatches": [], "RejectedPatchesAction": "ALLOW_AS_DEPENDENCY", "Description": f"Default patch baseline for {os_name} provided by AWS.",
            "Sources": [], "CreatedDate": 1546300800.0, "ModifiedDate": 1546300800.0}
    return Resource(id=str(body["BaselineId"]), body=body, created=1546300800.0, extra={"aws": True})


def _all(ctx: RequestContext) -> list[Resource]:
    return [_aws_baseline(ctx, os_name) for os_name in SYSTEMS] + sorted(resources(ctx, "baseline").values(), key=lambda r: r.created)


def _find(ctx: RequestContext, baseline_id: str) -> Resource:
    if not baseline_id.split("/")[-1].startswith("pb-"):
        raise AwsError("InvalidResourceId", f"Invalid baseline id {baseline_id}.")
    for baseline in _all(ctx):
        if baseline.id == baseline_id or baseline.id.endswith("/" + baseline_id):
            return baseline
    raise AwsError("DoesNotExistException", f"Patch Baseline {baseline_id} does not exist.")


def _defaults(ctx: RequestContext) -> Any:
    return table(ctx, "patch_defaults")


def _groups(ctx: RequestContext) -> Any:
    return table(ctx, "patch_groups")


def create_patch_baseline(ctx: RequestContext, req: t.CreatePatchBaselineRequest) -> dict[str, Any]:
    baselines = resources(ctx, "baseline")
    token = req.get("ClientToken")
    if token:
        for b in baselines.values():
            if b.extra.get("token") == token:
                if b.body["Name"] != req["Name"]:
                    raise AwsError("IdempotentParameterMismatch", "The client token was already used with other parameters.")
                return {"BaselineId": b.id}
    if len(baselines) >= MAX_BASELINES:
        raise AwsError("ResourceLimitExceededException", "You have reached the maximum number of patch baselines.")
    baseline_id = hex_id("pb-")
    now = ctx.clock.now()
    body: dict[str, Any] = {"BaselineId": baseline_id, "OperatingSystem": "WINDOWS", "ApprovedPatches": [], "RejectedPatches": [],
                            "ApprovedPatchesComplianceLevel": "UNSPECIFIED", "ApprovedPatchesEnableNonSecurity": False,
                            "RejectedPatchesAction": "ALLOW_AS_DEPENDENCY", "GlobalFilters": {"PatchFilters": []},
                            "ApprovalRules": {"PatchRules": []}, "Sources": [], "CreatedDate": now, "ModifiedDate": now}
    body.update({k: req[k] for k in FIELDS if k in req})  # type: ignore[literal-required]
    baselines[baseline_id] = Resource(id=baseline_id, body=body, created=now, extra={"token": token})
    set_tags(ctx, "PatchBaseline", baseline_id, req.get("Tags"))
    return {"BaselineId": baseline_id}


def get_patch_baseline(ctx: RequestContext, req: t.GetPatchBaselineRequest) -> dict[str, Any]:
    baseline = _find(ctx, req["BaselineId"])
    groups = [g for g, b in _groups(ctx).items() if b == baseline.id]
    return {**baseline.body, "PatchGroups": groups}


def update_patch_baseline(ctx: RequestContext, req: t.UpdatePatchBaselineRequest) -> dict[str, Any]:
    baseline = resources(ctx, "baseline").get(req["BaselineId"])
    if baseline is None:
        raise AwsError("DoesNotExistException", f"Patch Baseline {req['BaselineId']} does not exist.")
    body = dict(baseline.body)
    if req.get("Replace"):
        for key in ("GlobalFilters", "ApprovalRules", "Description", "Sources"):
            body.pop(key, None)
        body.update({"ApprovedPatches": [], "RejectedPatches": []})
    body.update({k: req[k] for k in FIELDS if k in req})  # type: ignore[literal-required]
    body["ModifiedDate"] = ctx.clock.now()
    baseline.body = body
    resources(ctx, "baseline")[baseline.id] = baseline
    return dict(body)


def delete_patch_baseline(ctx: RequestContext, req: t.DeletePatchBaselineRequest) -> dict[str, Any]:
    baseline_id = req["BaselineId"]
    if baseline_id in _defaults(ctx).values():
        raise AwsError("ResourceInUseException", "The baseline is the default baseline for its operating system.")
    if baseline_id in _groups(ctx).values():
        raise AwsError("ResourceInUseException", "The baseline is registered with a patch group.")
    if baseline_id in resources(ctx, "baseline"):
        del resources(ctx, "baseline")[baseline_id]
        drop_tags(ctx, "PatchBaseline", baseline_id)
    return {"BaselineId": baseline_id}


def _identity(ctx: RequestContext, b: Resource) -> dict[str, Any]:
    os_name = b.body.get("OperatingSystem", "WINDOWS")
    default = _defaults(ctx).get(os_name, _aws_id(ctx.region, os_name))
    out = {"BaselineId": b.id, "BaselineName": b.body["Name"], "OperatingSystem": os_name, "DefaultBaseline": default == b.id}
    if b.body.get("Description"):
        out["BaselineDescription"] = b.body["Description"]
    return out


def describe_patch_baselines(ctx: RequestContext, req: t.DescribePatchBaselinesRequest) -> dict[str, Any]:
    items = [_identity(ctx, b) for b in _all(ctx)]
    for f in req.get("Filters") or []:
        key, values = f.get("Key"), f.get("Values") or []
        if key == "NAME_PREFIX":
            items = [i for i in items if any(i["BaselineName"].startswith(v) for v in values)]
        elif key == "OWNER":
            items = [i for i in items if ("AWS" if i["BaselineId"].startswith("arn:") else "Self") in values or "All" in values]
        elif key == "OPERATING_SYSTEM":
            items = [i for i in items if i["OperatingSystem"] in values]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"BaselineIdentities": chunk}
    if token:
        out["NextToken"] = token
    return out


def register_default_patch_baseline(ctx: RequestContext, req: t.RegisterDefaultPatchBaselineRequest) -> dict[str, Any]:
    baseline = _find(ctx, req["BaselineId"])
    _defaults(ctx)[baseline.body["OperatingSystem"]] = baseline.id
    return {"BaselineId": baseline.id}


def get_default_patch_baseline(ctx: RequestContext, req: t.GetDefaultPatchBaselineRequest) -> dict[str, Any]:
    os_name = req.get("OperatingSystem", "WINDOWS")
    return {"BaselineId": _defaults(ctx).get(os_name, _aws_id(ctx.region, os_name)), "OperatingSystem": os_name}


def register_patch_baseline_for_patch_group(ctx: RequestContext, req: t.RegisterPatchBaselineForPatchGroupRequest) -> dict[str, Any]:
    baseline = _find(ctx, req["BaselineId"])
    group = req["PatchGroup"]
    groups = _groups(ctx)
    for other_group, other_id in groups.items():
        if other_group == group and _find(ctx, other_id).body["OperatingSystem"] == baseline.body["OperatingSystem"]:
            raise AwsError("AlreadyExistsException", f"Patch Group baseline already has a baseline registered for OperatingSystem {baseline.body['OperatingSystem']}.")
    groups[group] = baseline.id
    return {"BaselineId": baseline.id, "PatchGroup": group}


def deregister_patch_baseline_for_patch_group(ctx: RequestContext, req: t.DeregisterPatchBaselineForPatchGroupRequest) -> dict[str, Any]:
    groups = _groups(ctx)
    if groups.get(req["PatchGroup"]) != req["BaselineId"]:
        raise AwsError("InvalidResourceId", f"Patch Baseline {req['BaselineId']} is not registered for patch group {req['PatchGroup']}.")
    del groups[req["PatchGroup"]]
    return {"BaselineId": req["BaselineId"], "PatchGroup": req["PatchGroup"]}


def get_patch_baseline_for_patch_group(ctx: RequestContext, req: t.GetPatchBaselineForPatchGroupRequest) -> dict[str, Any]:
    os_name = req.get("OperatingSystem", "WINDOWS")
    registered = _groups(ctx).get(req["PatchGroup"])
    baseline_id = registered if registered else _defaults(ctx).get(os_name, _aws_id(ctx.region, os_name))
    return {"BaselineId": baseline_id, "PatchGroup": req["PatchGroup"], "OperatingSystem": os_name}


def describe_patch_groups(ctx: RequestContext, req: t.DescribePatchGroupsRequest) -> dict[str, Any]:
    items = [{"PatchGroup": g, "BaselineIdentity": _identity(ctx, _find(ctx, b))} for g, b in sorted(_groups(ctx).items())]
    for f in req.get("Filters") or []:
        if f.get("Key") == "NAME_PREFIX":
            items = [i for i in items if any(i["PatchGroup"].startswith(v) for v in f.get("Values") or [])]
        elif f.get("Key") == "OPERATING_SYSTEM":
            items = [i for i in items if i["BaselineIdentity"]["OperatingSystem"] in (f.get("Values") or [])]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Mappings": chunk}
    if token:
        out["NextToken"] = token
    return out


def describe_patch_group_state(ctx: RequestContext, req: t.DescribePatchGroupStateRequest) -> dict[str, Any]:
    keys = ("Instances", "InstancesWithInstalledPatches", "InstancesWithInstalledOtherPatches", "InstancesWithInstalledPendingRebootPatches",
            "InstancesWithInstalledRejectedPatches", "InstancesWithMissingPatches", "InstancesWithFailedPatches", "InstancesWithNotApplicablePatches",
            "InstancesWithUnreportedNotApplicablePatches", "InstancesWithCriticalNonCompliantPatches", "InstancesWithSecurityNonCompliantPatches",
            "InstancesWithOtherNonCompliantPatches", "InstancesWithAvailableSecurityUpdates")
    return {key: 0 for key in keys}


def describe_patch_properties(ctx: RequestContext, req: t.DescribePatchPropertiesRequest) -> dict[str, Any]:
    table_ = PROPERTIES[req["Property"]]
    values = table_.get(req["OperatingSystem"]) or table_.get("*") or []
    key = {"PRODUCT": "Name", "PRODUCT_FAMILY": "Name", "CLASSIFICATION": "Name", "MSRC_SEVERITY": "Name", "PRIORITY": "Name", "SEVERITY": "Name"}[req["Property"]]
    chunk, token = page([{key: v} for v in values], req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Properties": chunk}
    if token:
        out["NextToken"] = token
    return out


def _empty(req: dict[str, Any], member: str) -> dict[str, Any]:
    chunk, _ = page(list[Any](), req.get("NextToken"), req.get("MaxResults"), 50)
    return {member: chunk}


def describe_available_patches(ctx: RequestContext, req: t.DescribeAvailablePatchesRequest) -> dict[str, Any]:
    return _empty(dict(req), "Patches")


def describe_effective_patches_for_patch_baseline(ctx: RequestContext, req: t.DescribeEffectivePatchesForPatchBaselineRequest) -> dict[str, Any]:
    _find(ctx, req["BaselineId"])
    return _empty(dict(req), "EffectivePatches")


def describe_instance_patch_states(ctx: RequestContext, req: t.DescribeInstancePatchStatesRequest) -> dict[str, Any]:
    return _empty(dict(req), "InstancePatchStates")


def describe_instance_patch_states_for_patch_group(ctx: RequestContext, req: t.DescribeInstancePatchStatesForPatchGroupRequest) -> dict[str, Any]:
    return _empty(dict(req), "InstancePatchStates")


def describe_instance_patches(ctx: RequestContext, req: t.DescribeInstancePatchesRequest) -> dict[str, Any]:
    if req["InstanceId"] not in instances.all_instances(ctx) and not req["InstanceId"].startswith("i-"):
        raise AwsError("InvalidInstanceId", f"Instance {req['InstanceId']} is not valid.")
    return _empty(dict(req), "Patches")


def get_deployable_patch_snapshot_for_instance(ctx: RequestContext, req: t.GetDeployablePatchSnapshotForInstanceRequest) -> dict[str, Any]:
    info = instances.all_instances(ctx).get(req["InstanceId"])
    product = "AmazonLinux2023" if info is None else str(info.body.get("PlatformName", "Linux")).replace(" ", "")
    url = f"https://patch-baseline-snapshot-{ctx.region}.s3.{ctx.region}.amazonaws.com/{ctx.account}/{req['SnapshotId']}"
    return {"InstanceId": req["InstanceId"], "SnapshotId": req["SnapshotId"], "SnapshotDownloadUrl": url, "Product": product}
