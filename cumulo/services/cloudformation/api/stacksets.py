"""Stack sets and their instances: one template deployed as a real stack in each
(account, region) of cumulo, through CloudFormation's own CreateStack/UpdateStack/
DeleteStack in that account and region (services.call). Each change is an operation,
run in the background and recorded (DescribeStackSetOperation, its results)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from cumulo.core.arns import partition
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cloudformation as wire
from cumulo.services.cloudformation import deploy, parameters, template
from cumulo.services.cloudformation.common import page, tags_of
from cumulo.services.cloudformation.models import StackSet, StackSetOperation
from cumulo.services.cloudformation.stacks import find, scope
from cumulo.services.cloudformation.submit import read_body
from cumulo.services.cloudformation.template import validation
from cumulo.services.cloudformation.views import tag_list, utc


def _sets(ctx: RequestContext) -> Any:
    return scope(ctx.runtime, ctx.account, ctx.region).table("stacksets")


def _ops(ctx: RequestContext) -> Any:
    return scope(ctx.runtime, ctx.account, ctx.region).table("stackset_ops")


def _stack_set(ctx: RequestContext, name: str) -> StackSet:
    sets = _sets(ctx)
    found = sets.get(name) or next((s for s in sets.values() if s.stack_set_id == name), None)
    if found is None or found.status == "DELETED":
        raise AwsError("StackSetNotFoundException", f"StackSet {name} not found", status=404)
    return found


def _arn(ctx: RequestContext, s: StackSet) -> str:
    return f"arn:{partition(ctx.region)}:cloudformation:{ctx.region}:{ctx.account}:stackset/{s.stack_set_id}"


def _view(ctx: RequestContext, s: StackSet) -> dict[str, Any]:
    return {
        "StackSetName": s.name, "StackSetId": s.stack_set_id, "Description": s.description, "Status": s.status,
        "TemplateBody": s.template_body, "Parameters": parameters.shown({}, s.parameters), "Capabilities": s.capabilities,
        "Tags": tag_list(s.tags), "StackSetARN": _arn(ctx, s), "AdministrationRoleARN": s.admin_role,
        "ExecutionRoleName": s.execution_role, "PermissionModel": s.permission_model,
        "AutoDeployment": s.auto_deployment or {"Enabled": False}, "ManagedExecution": s.managed_execution or {"Active": False},
        "StackSetDriftDetectionDetails": {"DriftStatus": "NOT_CHECKED"},
        "Regions": sorted(set(s.regions) | {i["Region"] for i in s.instances.values()}),
    }


async def create_stack_set(ctx: RequestContext, req: wire.CreateStackSetInput) -> dict[str, Any]:
    name = req.get("StackSetName", "")
    existing = _sets(ctx).get(name)
    if existing is not None and existing.status != "DELETED":
        raise AwsError("NameAlreadyExistsException", f"StackSet {name} already exists", status=409)
    if req.get("StackId"):
        stack = find(ctx.runtime, ctx.account, ctx.region, req["StackId"])
        if stack is None:
            raise validation(f"Stack with id {req['StackId']} does not exist")
        text = stack.template_body
    else:
        text = await read_body(ctx, dict(req), None)
    parsed = template.parse(text)
    declared = parsed.get("Parameters") or {}
    given = parameters.given_values(declared, [dict(p) for p in req.get("Parameters") or []], None)
    s = StackSet(name, f"{name}:{uuid.uuid4()}", "ACTIVE", text, given, list(req.get("Capabilities") or []),
                 tags_of(dict(req)), req.get("Description", ""), req.get("PermissionModel", "SELF_MANAGED"),
                 req.get("AdministrationRoleARN", f"arn:{partition(ctx.region)}:iam::{ctx.account}:role/AWSCloudFormationStackSetAdministrationRole"),
                 req.get("ExecutionRoleName", "AWSCloudFormationStackSetExecutionRole"),
                 auto_deployment=dict(req.get("AutoDeployment") or {}), managed_execution=dict(req.get("ManagedExecution") or {}),
                 created=ctx.clock.now())
    _sets(ctx)[name] = s
    return {"StackSetId": s.stack_set_id}


def describe_stack_set(ctx: RequestContext, req: wire.DescribeStackSetInput) -> dict[str, Any]:
    return {"StackSet": _view(ctx, _stack_set(ctx, req.get("StackSetName", "")))}


def list_stack_sets(ctx: RequestContext, req: wire.ListStackSetsInput) -> dict[str, Any]:
    wanted = req.get("Status")
    items = [s for s in _sets(ctx).values() if s.status == (wanted or s.status) and (wanted or s.status != "DELETED")]
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"Summaries": [{
        "StackSetName": s.name, "StackSetId": s.stack_set_id, "Description": s.description, "Status": s.status,
        "PermissionModel": s.permission_model, "AutoDeployment": s.auto_deployment or {"Enabled": False},
        "DriftStatus": "NOT_CHECKED", "ManagedExecution": s.managed_execution or {"Active": False}} for s in chunk]}
    if token:
        out["NextToken"] = token
    return out


def _targets(ctx: RequestContext, req: dict[str, Any]) -> list[tuple[str, str]]:
    accounts = list(req.get("Accounts") or (req.get("DeploymentTargets") or {}).get("Accounts") or [])
    if not accounts and (req.get("DeploymentTargets") or {}).get("OrganizationalUnitIds"):
        accounts = [ctx.account]  # cumulo has no Organizations: an OU is the caller's account
    if not accounts:
        raise validation("Accounts or DeploymentTargets must be specified.")
    return [(a, r) for a in accounts for r in req.get("Regions") or []]


def _operation(ctx: RequestContext, s: StackSet, action: str, req: dict[str, Any]) -> StackSetOperation:
    op_id = req.get("OperationId") or str(uuid.uuid4())
    if op_id in _ops(ctx):
        raise AwsError("OperationIdAlreadyExistsException", f"Operation {op_id} already exists", status=409)
    busy = any(o.stack_set == s.name and o.status in ("RUNNING", "QUEUED") for o in _ops(ctx).values())
    # Operations on one stack set run one after another (AWS queues them under managed execution).
    op = StackSetOperation(op_id, s.name, action, "QUEUED" if busy else "RUNNING", ctx.clock.now(),
                           preferences=dict(req.get("OperationPreferences") or {}))
    _ops(ctx)[op_id] = op
    return op


def _instance_key(account: str, region: str) -> str:
    return f"{account}/{region}"


async def _run(ctx: RequestContext, s: StackSet, op: StackSetOperation, targets: list[tuple[str, str]], action: str,
               overrides: list[dict[str, Any]] | None) -> None:
    from cumulo.services import call

    runtime = ctx.runtime
    failures = 0
    for account, region in targets:
        key = _instance_key(account, region)
        inst = s.instances.setdefault(key, {"Account": account, "Region": region, "Status": "OUTDATED", "StackId": "",
                                            "ParameterOverrides": []})
        if overrides is not None:
            inst["ParameterOverrides"] = overrides
        params = dict(s.parameters)
        params.update({p["ParameterKey"]: p.get("ParameterValue", "") for p in inst["ParameterOverrides"]})
        plist = [{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()]
        status, reason = "SUCCEEDED", ""
        try:
            if action == "DELETE":
                if inst["StackId"]:
                    await call(runtime, "cloudformation", "DeleteStack", {"StackName": inst["StackId"]}, account, region)
                    await deploy.wait(runtime, inst["StackId"])
                del s.instances[key]
            else:
                request = {"TemplateBody": s.template_body, "Parameters": plist, "Capabilities": s.capabilities or
                           ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"], "Tags": tag_list(s.tags)}
                if inst["StackId"]:
                    try:
                        await call(runtime, "cloudformation", "UpdateStack", {"StackName": inst["StackId"], **request}, account, region)
                    except AwsError as e:
                        if "No updates are to be performed" not in e.message:
                            raise
                else:
                    made = await call(runtime, "cloudformation", "CreateStack",
                                      {"StackName": f"StackSet-{s.name}-{uuid.uuid4()}", **request}, account, region)
                    inst["StackId"] = made["StackId"]
                await deploy.wait(runtime, inst["StackId"])
                stack = find(runtime, account, region, inst["StackId"], deleted=True)
                if stack is None or stack.status not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
                    raise AwsError("ValidationError", f"Stack {inst['StackId']} is {stack.status if stack else 'gone'}: {stack.reason if stack else ''}")
                inst["Status"], inst["StatusReason"] = "CURRENT", ""
        except AwsError as e:
            status, reason = "FAILED", e.message or e.code
            failures += 1
            if key in s.instances:
                s.instances[key]["Status"], s.instances[key]["StatusReason"] = "OUTDATED", reason
        op.results.append({"Account": account, "Region": region, "Status": status, "StatusReason": reason,
                           "AccountGateResult": {"Status": "SKIPPED", "StatusReason": "No account gate function"}})
        _sets(ctx).touch(s.name)
        _ops(ctx).touch(op.operation_id)
        runtime.store.commit()
    tolerance = int((op.preferences or {}).get("FailureToleranceCount", 0))
    op.status = "FAILED" if failures > tolerance else "SUCCEEDED"
    op.ended = runtime.clock.now()
    if action == "DELETE_SET":
        s.status = "DELETED"
    _ops(ctx).touch(op.operation_id)
    _sets(ctx).touch(s.name)
    runtime.store.commit()


def _start(ctx: RequestContext, s: StackSet, op: StackSetOperation, targets: list[tuple[str, str]], action: str,
           overrides: list[dict[str, Any]] | None = None) -> None:
    if action == "CREATE":
        # The instances exist (OUTDATED, pending) from the request on, as on AWS.
        for account, region in targets:
            s.instances.setdefault(_instance_key(account, region), {"Account": account, "Region": region, "Status": "OUTDATED",
                                                                    "StackId": "", "ParameterOverrides": list(overrides or [])})
        _sets(ctx).touch(s.name)
    locks = ctx.runtime.live.setdefault("cloudformation-stacksets", {})
    lock = locks.setdefault((ctx.account, ctx.region, s.name), asyncio.Lock())

    async def queued() -> None:
        async with lock:
            if op.status == "STOPPED":
                return
            op.status = "RUNNING"
            await _run(ctx, s, op, targets, action, overrides)

    asyncio.get_running_loop().create_task(queued())


def create_stack_instances(ctx: RequestContext, req: wire.CreateStackInstancesInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    targets = _targets(ctx, dict(req))
    op = _operation(ctx, s, "CREATE", dict(req))
    _start(ctx, s, op, targets, "CREATE", [dict(p) for p in req.get("ParameterOverrides") or []])
    return {"OperationId": op.operation_id}


def update_stack_instances(ctx: RequestContext, req: wire.UpdateStackInstancesInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    targets = _targets(ctx, dict(req))
    missing = [t for t in targets if _instance_key(*t) not in s.instances]
    if missing:
        raise AwsError("StackInstanceNotFoundException", f"Stack instance {missing[0][0]}/{missing[0][1]} not found", status=404)
    op = _operation(ctx, s, "UPDATE", dict(req))
    _start(ctx, s, op, targets, "UPDATE", [dict(p) for p in req.get("ParameterOverrides") or []])
    return {"OperationId": op.operation_id}


def delete_stack_instances(ctx: RequestContext, req: wire.DeleteStackInstancesInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    targets = [t for t in _targets(ctx, dict(req)) if _instance_key(*t) in s.instances]
    op = _operation(ctx, s, "DELETE", dict(req))
    if req.get("RetainStacks"):
        for t in targets:
            s.instances.pop(_instance_key(*t), None)
        targets = []
    _start(ctx, s, op, targets, "DELETE")
    return {"OperationId": op.operation_id}


async def update_stack_set(ctx: RequestContext, req: wire.UpdateStackSetInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    if req.get("TemplateBody") or req.get("TemplateURL") or req.get("UsePreviousTemplate"):
        if not req.get("UsePreviousTemplate"):
            s.template_body = await read_body(ctx, dict(req), None)
    parsed = template.parse(s.template_body)
    s.parameters = parameters.given_values(parsed.get("Parameters") or {}, [dict(p) for p in req.get("Parameters") or []], s.parameters)
    for key, attr in (("Description", "description"), ("AdministrationRoleARN", "admin_role"), ("ExecutionRoleName", "execution_role"),
                      ("PermissionModel", "permission_model")):
        if key in req:
            setattr(s, attr, req[key])  # type: ignore[literal-required]
    if "Capabilities" in req:
        s.capabilities = list(req["Capabilities"])
    if "Tags" in req:
        s.tags = tags_of(dict(req))
    if "AutoDeployment" in req:
        s.auto_deployment = dict(req["AutoDeployment"])
    if "ManagedExecution" in req:
        s.managed_execution = dict(req["ManagedExecution"])
    for region in req.get("Regions") or []:
        if region not in s.regions:
            s.regions.append(region)
    _sets(ctx).touch(s.name)
    op = _operation(ctx, s, "UPDATE", dict(req))
    targets = [(i["Account"], i["Region"]) for i in s.instances.values()]
    if req.get("Accounts") or req.get("DeploymentTargets"):
        targets = [t for t in _targets(ctx, dict(req)) if _instance_key(*t) in s.instances]
    _start(ctx, s, op, targets, "UPDATE")
    return {"OperationId": op.operation_id}


def delete_stack_set(ctx: RequestContext, req: wire.DeleteStackSetInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    if s.instances:
        raise AwsError("StackSetNotEmptyException", f"StackSet {s.name} is not empty", status=409)
    if any(o.stack_set == s.name and o.status == "RUNNING" for o in _ops(ctx).values()):
        raise AwsError("OperationInProgressException", f"Another operation is in progress on stack set {s.name}", status=409)
    s.status = "DELETED"
    _sets(ctx).touch(s.name)
    return {}


def _op_view(op: StackSetOperation, s: StackSet | None) -> dict[str, Any]:
    out: dict[str, Any] = {"OperationId": op.operation_id, "Action": op.action if op.action != "DRIFT" else "DETECT_DRIFT",
                           "Status": op.status, "CreationTimestamp": utc(op.created), "OperationPreferences": op.preferences,
                           "StatusDetails": {"FailedStackInstancesCount": sum(1 for r in op.results if r["Status"] == "FAILED")}}
    if s is not None:
        out["StackSetId"] = s.stack_set_id
        out["AdministrationRoleARN"], out["ExecutionRoleName"] = s.admin_role, s.execution_role
    if op.ended:
        out["EndTimestamp"] = utc(op.ended)
    return out


def _find_op(ctx: RequestContext, set_name: str, op_id: str) -> StackSetOperation:
    _stack_set(ctx, set_name)
    op = _ops(ctx).get(op_id)
    if op is None or op.stack_set != _stack_set(ctx, set_name).name:
        raise AwsError("OperationNotFoundException", f"Operation {op_id} not found", status=404)
    return op


def describe_stack_set_operation(ctx: RequestContext, req: wire.DescribeStackSetOperationInput) -> dict[str, Any]:
    op = _find_op(ctx, req.get("StackSetName", ""), req.get("OperationId", ""))
    return {"StackSetOperation": _op_view(op, _stack_set(ctx, op.stack_set))}


def list_stack_set_operations(ctx: RequestContext, req: wire.ListStackSetOperationsInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    items = sorted((o for o in _ops(ctx).values() if o.stack_set == s.name), key=lambda o: o.created, reverse=True)
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"Summaries": [{k: v for k, v in _op_view(o, None).items() if k in (
        "OperationId", "Action", "Status", "CreationTimestamp", "EndTimestamp", "StatusDetails", "OperationPreferences")} for o in chunk]}
    if token:
        out["NextToken"] = token
    return out


def list_stack_set_operation_results(ctx: RequestContext, req: wire.ListStackSetOperationResultsInput) -> dict[str, Any]:
    op = _find_op(ctx, req.get("StackSetName", ""), req.get("OperationId", ""))
    chunk, token = page(op.results, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"Summaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def stop_stack_set_operation(ctx: RequestContext, req: wire.StopStackSetOperationInput) -> dict[str, Any]:
    op = _find_op(ctx, req.get("StackSetName", ""), req.get("OperationId", ""))
    if op.status not in ("RUNNING", "QUEUED"):
        raise AwsError("InvalidOperationException", f"Operation {op.operation_id} is {op.status} and can not be stopped", status=400)
    op.status, op.ended = "STOPPED", ctx.clock.now()
    _ops(ctx).touch(op.operation_id)
    return {}


def _instance_view(s: StackSet, inst: dict[str, Any], full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"StackSetId": s.stack_set_id, "Region": inst["Region"], "Account": inst["Account"],
                           "Status": inst["Status"], "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED" if inst["Status"] == "CURRENT" else "FAILED"},
                           "DriftStatus": inst.get("DriftStatus", "NOT_CHECKED")}
    if inst.get("StackId"):
        out["StackId"] = inst["StackId"]
    if inst.get("StatusReason"):
        out["StatusReason"] = inst["StatusReason"]
    if full:
        out["ParameterOverrides"] = inst.get("ParameterOverrides", [])
    return out


def list_stack_instances(ctx: RequestContext, req: wire.ListStackInstancesInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    items = [i for i in s.instances.values() if (not req.get("StackInstanceAccount") or i["Account"] == req["StackInstanceAccount"])
             and (not req.get("StackInstanceRegion") or i["Region"] == req["StackInstanceRegion"])]
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"Summaries": [_instance_view(s, i, False) for i in chunk]}
    if token:
        out["NextToken"] = token
    return out


def describe_stack_instance(ctx: RequestContext, req: wire.DescribeStackInstanceInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    inst = s.instances.get(_instance_key(req.get("StackInstanceAccount", ""), req.get("StackInstanceRegion", "")))
    if inst is None:
        raise AwsError("StackInstanceNotFoundException",
                       f"Stack instance {req.get('StackInstanceAccount')}/{req.get('StackInstanceRegion')} of {s.name} not found", status=404)
    return {"StackInstance": _instance_view(s, inst, True)}


def import_stacks_to_stack_set(ctx: RequestContext, req: wire.ImportStacksToStackSetInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    ids = list(req.get("StackIds") or [])
    if not ids:
        raise validation("StackIds must be specified.")
    op = _operation(ctx, s, "CREATE", dict(req))
    for stack_id in ids:
        parts = stack_id.split(":")
        region, account = (parts[3], parts[4]) if len(parts) > 5 else (ctx.region, ctx.account)
        stack = find(ctx.runtime, account, region, stack_id)
        status = "SUCCEEDED" if stack is not None else "FAILED"
        if stack is not None:
            s.instances[_instance_key(account, region)] = {"Account": account, "Region": region, "Status": "CURRENT",
                                                           "StackId": stack.stack_id, "ParameterOverrides": []}
        op.results.append({"Account": account, "Region": region, "Status": status,
                           "StatusReason": "" if stack is not None else f"Stack {stack_id} does not exist"})
    op.status = "SUCCEEDED" if all(r["Status"] == "SUCCEEDED" for r in op.results) else "FAILED"
    op.ended = ctx.clock.now()
    _sets(ctx).touch(s.name)
    _ops(ctx).touch(op.operation_id)
    return {"OperationId": op.operation_id}


def list_stack_set_auto_deployment_targets(ctx: RequestContext, req: wire.ListStackSetAutoDeploymentTargetsInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    # Auto-deployment targets are organizational units; cumulo has no Organizations, so a
    # stack set (self- or service-managed) deploys to none automatically.
    del s
    return {"Summaries": []}


async def detect_stack_set_drift(ctx: RequestContext, req: wire.DetectStackSetDriftInput) -> dict[str, Any]:
    from cumulo.services import call

    s = _stack_set(ctx, req.get("StackSetName", ""))
    op = _operation(ctx, s, "DRIFT", dict(req))
    for inst in s.instances.values():
        if not inst.get("StackId"):
            continue
        try:
            await call(ctx.runtime, "cloudformation", "DetectStackDrift", {"StackName": inst["StackId"]}, inst["Account"], inst["Region"])
            stack = find(ctx.runtime, inst["Account"], inst["Region"], inst["StackId"])
            inst["DriftStatus"] = stack.drift if stack is not None else "NOT_CHECKED"
            op.results.append({"Account": inst["Account"], "Region": inst["Region"], "Status": "SUCCEEDED"})
        except AwsError as e:
            op.results.append({"Account": inst["Account"], "Region": inst["Region"], "Status": "FAILED", "StatusReason": e.message})
    op.status, op.ended = "SUCCEEDED", ctx.clock.now()
    _ops(ctx).touch(op.operation_id)
    _sets(ctx).touch(s.name)
    return {"OperationId": op.operation_id}


def list_stack_instance_resource_drifts(ctx: RequestContext, req: wire.ListStackInstanceResourceDriftsInput) -> dict[str, Any]:
    s = _stack_set(ctx, req.get("StackSetName", ""))
    _find_op(ctx, s.name, req.get("OperationId", ""))
    inst = s.instances.get(_instance_key(req.get("StackInstanceAccount", ""), req.get("StackInstanceRegion", "")))
    if inst is None:
        raise AwsError("StackInstanceNotFoundException", "Stack instance not found", status=404)
    stack = find(ctx.runtime, inst["Account"], inst["Region"], inst.get("StackId", "")) if inst.get("StackId") else None
    wanted = set(req.get("StackInstanceResourceDriftStatuses") or [])
    items: list[dict[str, Any]] = []
    for r in (stack.resources.values() if stack is not None else []):
        if stack is not None and r.drift_checked and (not wanted or r.drift in wanted):
            items.append({"StackId": stack.stack_id, "LogicalResourceId": r.logical_id, "PhysicalResourceId": r.physical_id,
                          "ResourceType": r.type, "StackResourceDriftStatus": r.drift, "Timestamp": utc(r.drift_checked),
                          "PropertyDifferences": []})
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"Summaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def _org(ctx: RequestContext) -> Any:
    return scope(ctx.runtime, ctx.account, ctx.region).table("organizations_access")


def activate_organizations_access(ctx: RequestContext, req: wire.ActivateOrganizationsAccessInput) -> dict[str, Any]:
    _org(ctx)["status"] = "ENABLED"
    return {}


def deactivate_organizations_access(ctx: RequestContext, req: wire.DeactivateOrganizationsAccessInput) -> dict[str, Any]:
    _org(ctx)["status"] = "DISABLED"
    return {}


def describe_organizations_access(ctx: RequestContext, req: wire.DescribeOrganizationsAccessInput) -> dict[str, Any]:
    return {"Status": _org(ctx).get("status", "DISABLED")}
