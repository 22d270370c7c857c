"""The IaC generator (resource scans and generated templates), stack refactors, hook
results, DescribeEvents and stack aliases.

A resource scan lists what cumulo's stacks manage in the region (the resources made
outside stacks have no common listing here: each service lists its own); a generated
template reads each chosen resource back through its provider's `read`, so its
properties are the resource's real ones.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import yaml

from cumulo.core.arns import partition
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cloudformation as wire
from cumulo.services.cloudformation.common import page
from cumulo.services.cloudformation.stacks import GONE, events_of, find, require, save, scope, table
from cumulo.services.cloudformation.template import parse, validation
from cumulo.services.cloudformation.views import utc


def _t(ctx: RequestContext, name: str) -> Any:
    return scope(ctx.runtime, ctx.account, ctx.region).table(name)


def _arn(ctx: RequestContext, kind: str, ident: str) -> str:
    return f"arn:{partition(ctx.region)}:cloudformation:{ctx.region}:{ctx.account}:{kind}/{ident}"


# ---------------------------------------------------------------------------- resource scans


def start_resource_scan(ctx: RequestContext, req: wire.StartResourceScanInput) -> dict[str, Any]:
    scan_id = _arn(ctx, "resourceScan", str(uuid.uuid4()))
    types = [t for f in req.get("ScanFilters") or [] for t in f.get("Types") or []]
    found = []
    for stack in table(ctx.runtime, ctx.account, ctx.region).values():
        if stack.status == GONE:
            continue
        for r in stack.resources.values():
            if r.physical_id and r.status not in ("DELETE_COMPLETE", "DELETE_SKIPPED") and (
                    not types or any(r.type == t or (t.endswith("*") and r.type.startswith(t[:-1])) for t in types)):
                found.append({"ResourceType": r.type, "ResourceIdentifier": {"PhysicalResourceId": r.physical_id},
                              "ManagedByStack": True})
    now = ctx.clock.now()
    _t(ctx, "scans")[scan_id] = {"ResourceScanId": scan_id, "Status": "COMPLETE", "StatusReason": "", "StartTime": now,
                                 "EndTime": now, "PercentageCompleted": 100.0, "Resources": found,
                                 "ResourceTypes": sorted({r["ResourceType"] for r in found}), "ScanFilters": list(req.get("ScanFilters") or [])}
    return {"ResourceScanId": scan_id}


def _scan(ctx: RequestContext, scan_id: str) -> dict[str, Any]:
    scan = _t(ctx, "scans").get(scan_id)
    if scan is None:
        raise AwsError("ResourceScanNotFoundException", f"Resource scan {scan_id} not found", status=400)
    return scan  # type: ignore[no-any-return]


def describe_resource_scan(ctx: RequestContext, req: wire.DescribeResourceScanInput) -> dict[str, Any]:
    scan = _scan(ctx, req.get("ResourceScanId", ""))
    return {"ResourceScanId": scan["ResourceScanId"], "Status": scan["Status"], "StatusReason": scan["StatusReason"],
            "StartTime": utc(scan["StartTime"]), "EndTime": utc(scan["EndTime"]), "PercentageCompleted": scan["PercentageCompleted"],
            "ResourceTypes": scan["ResourceTypes"], "ResourcesScanned": len(scan["Resources"]), "ResourcesRead": len(scan["Resources"]),
            "ScanFilters": scan["ScanFilters"]}


def list_resource_scans(ctx: RequestContext, req: wire.ListResourceScansInput) -> dict[str, Any]:
    items = [{"ResourceScanId": s["ResourceScanId"], "Status": s["Status"], "StartTime": utc(s["StartTime"]),
              "EndTime": utc(s["EndTime"]), "PercentageCompleted": s["PercentageCompleted"], "ScanType": "FULL"}
             for s in _t(ctx, "scans").values()]
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"ResourceScanSummaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_resource_scan_resources(ctx: RequestContext, req: wire.ListResourceScanResourcesInput) -> dict[str, Any]:
    scan = _scan(ctx, req.get("ResourceScanId", ""))
    prefix, ident = req.get("ResourceTypePrefix", ""), req.get("ResourceIdentifier", "")
    items = [r for r in scan["Resources"] if r["ResourceType"].startswith(prefix)
             and (not ident or ident in json.dumps(r["ResourceIdentifier"]))]
    if req.get("TagKey") or req.get("TagValue"):
        items = []  # the scan records no tags for the resources it lists
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"Resources": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_resource_scan_related_resources(ctx: RequestContext, req: wire.ListResourceScanRelatedResourcesInput) -> dict[str, Any]:
    scan = _scan(ctx, req.get("ResourceScanId", ""))
    wanted = {json.dumps(r.get("ResourceIdentifier", {}), sort_keys=True) for r in req.get("Resources") or []}
    # Related: resources of the same stack as one asked about.
    stacks = {s.stack_id: s for s in table(ctx.runtime, ctx.account, ctx.region).values() if s.status != GONE}
    related: list[dict[str, Any]] = []
    for stack in stacks.values():
        ids = {json.dumps({"PhysicalResourceId": r.physical_id}, sort_keys=True) for r in stack.resources.values()}
        if ids & wanted:
            related += [r for r in scan["Resources"] if json.dumps(r["ResourceIdentifier"], sort_keys=True) in ids - wanted]
    chunk, token = page(related, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"RelatedResources": chunk}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------------------- generated templates


async def _build(ctx: RequestContext, resources: list[dict[str, Any]]) -> dict[str, Any]:
    from cumulo.core.provisioning import ProvisionContext
    from cumulo.services.cloudformation.deploy import provider

    out: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}
    for i, r in enumerate(resources):
        name = r.get("LogicalResourceId") or f"{r['ResourceType'].split('::')[-1]}{i:05d}"
        physical = next(iter((r.get("ResourceIdentifier") or {}).values()), "")
        props: dict[str, Any] = {}
        impl = provider(r["ResourceType"])
        if impl is not None and impl.read is not None and physical:
            pctx = ProvisionContext(ctx.runtime, ctx.account, ctx.region, "generated", "", name, {}, r["ResourceType"])
            try:
                props = await impl.read(pctx, str(physical), {})
            except AwsError:
                props = {}
        out["Resources"][name] = {"Type": r["ResourceType"], "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                                  "Properties": props}
    return out


async def create_generated_template(ctx: RequestContext, req: wire.CreateGeneratedTemplateInput) -> dict[str, Any]:
    name = req.get("GeneratedTemplateName", "")
    if any(g["GeneratedTemplateName"] == name for g in _t(ctx, "generated").values()):
        raise AwsError("AlreadyExistsException", f"Generated template {name} already exists", status=400)
    gid = _arn(ctx, "generatedtemplate", str(uuid.uuid4()))
    resources = [dict(r) for r in req.get("Resources") or []]
    now = ctx.clock.now()
    _t(ctx, "generated")[gid] = {"GeneratedTemplateId": gid, "GeneratedTemplateName": name, "Resources": resources,
                                 "Status": "COMPLETE", "StatusReason": "", "CreationTime": now, "LastUpdatedTime": now,
                                 "StackId": req.get("StackName", ""), "TemplateConfiguration": dict(req.get("TemplateConfiguration") or {}),
                                 "Template": await _build(ctx, resources)}
    return {"GeneratedTemplateId": gid}


def _generated(ctx: RequestContext, name: str) -> dict[str, Any]:
    for g in _t(ctx, "generated").values():
        if name in (g["GeneratedTemplateId"], g["GeneratedTemplateName"]):
            return g  # type: ignore[no-any-return]
    raise AwsError("GeneratedTemplateNotFoundException", f"Generated template {name} not found", status=404)


def describe_generated_template(ctx: RequestContext, req: wire.DescribeGeneratedTemplateInput) -> dict[str, Any]:
    g = _generated(ctx, req.get("GeneratedTemplateName", ""))
    return {"GeneratedTemplateId": g["GeneratedTemplateId"], "GeneratedTemplateName": g["GeneratedTemplateName"],
            "Resources": [{"ResourceType": r["ResourceType"], "LogicalResourceId": r.get("LogicalResourceId", ""),
                           "ResourceIdentifier": r.get("ResourceIdentifier", {}), "ResourceStatus": "COMPLETE", "Warnings": []}
                          for r in g["Resources"]],
            "Status": g["Status"], "StatusReason": g["StatusReason"], "CreationTime": utc(g["CreationTime"]),
            "LastUpdatedTime": utc(g["LastUpdatedTime"]), "TotalWarnings": 0,
            "Progress": {"ResourcesSucceeded": len(g["Resources"]), "ResourcesFailed": 0, "ResourcesProcessing": 0, "ResourcesPending": 0},
            "TemplateConfiguration": g["TemplateConfiguration"], **({"StackId": g["StackId"]} if g["StackId"] else {})}


def get_generated_template(ctx: RequestContext, req: wire.GetGeneratedTemplateInput) -> dict[str, Any]:
    g = _generated(ctx, req.get("GeneratedTemplateName", ""))
    text = yaml.safe_dump(g["Template"], sort_keys=False) if req.get("Format") == "YAML" else json.dumps(g["Template"], indent=2)
    return {"Status": g["Status"], "TemplateBody": text}


def list_generated_templates(ctx: RequestContext, req: wire.ListGeneratedTemplatesInput) -> dict[str, Any]:
    items = [{"GeneratedTemplateId": g["GeneratedTemplateId"], "GeneratedTemplateName": g["GeneratedTemplateName"],
              "Status": g["Status"], "StatusReason": g["StatusReason"], "CreationTime": utc(g["CreationTime"]),
              "LastUpdatedTime": utc(g["LastUpdatedTime"]), "NumberOfResources": len(g["Resources"])}
             for g in _t(ctx, "generated").values()]
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"Summaries": chunk}
    if token:
        out["NextToken"] = token
    return out


async def update_generated_template(ctx: RequestContext, req: wire.UpdateGeneratedTemplateInput) -> dict[str, Any]:
    g = _generated(ctx, req.get("GeneratedTemplateName", ""))
    if req.get("NewGeneratedTemplateName"):
        g["GeneratedTemplateName"] = req["NewGeneratedTemplateName"]
    remove = set(req.get("RemoveResources") or [])
    g["Resources"] = [r for r in g["Resources"] if r.get("LogicalResourceId") not in remove] + [dict(r) for r in req.get("AddResources") or []]
    if req.get("TemplateConfiguration"):
        g["TemplateConfiguration"] = dict(req["TemplateConfiguration"])
    g["Template"] = await _build(ctx, g["Resources"])
    g["LastUpdatedTime"] = ctx.clock.now()
    _t(ctx, "generated").touch(g["GeneratedTemplateId"])
    return {"GeneratedTemplateId": g["GeneratedTemplateId"]}


def delete_generated_template(ctx: RequestContext, req: wire.DeleteGeneratedTemplateInput) -> dict[str, Any]:
    g = _generated(ctx, req.get("GeneratedTemplateName", ""))
    del _t(ctx, "generated")[g["GeneratedTemplateId"]]
    return {}


# ---------------------------------------------------------------------------- stack refactors


def create_stack_refactor(ctx: RequestContext, req: wire.CreateStackRefactorInput) -> dict[str, Any]:
    definitions = list(req.get("StackDefinitions") or [])
    if not definitions:
        raise validation("StackDefinitions must be specified.")
    for d in definitions:
        if not d.get("TemplateBody"):
            raise validation("Each stack definition needs a TemplateBody")
        parse(d["TemplateBody"])
        if find(ctx.runtime, ctx.account, ctx.region, d.get("StackName", "")) is None and not req.get("EnableStackCreation"):
            raise validation(f"Stack [{d.get('StackName')}] does not exist and EnableStackCreation is false")
    actions = []
    for m in req.get("ResourceMappings") or []:
        src, dst = m.get("Source", {}), m.get("Destination", {})
        stack = find(ctx.runtime, ctx.account, ctx.region, src.get("StackName", ""))
        res = stack.resources.get(src.get("LogicalResourceId", "")) if stack is not None else None
        if res is None:
            raise validation(f"Resource {src.get('LogicalResourceId')} does not exist in stack {src.get('StackName')}")
        actions.append({"Action": "MOVE", "Entity": "RESOURCE", "PhysicalResourceId": res.physical_id, "ResourceIdentifier": res.physical_id,
                        "Description": f"Move {src.get('LogicalResourceId')} to {dst.get('StackName')}", "Detection": "MANUAL",
                        "DetectionReason": "Resource mapping provided", "TagResources": [], "UntagResources": [],
                        "ResourceMapping": {"Source": src, "Destination": dst}})
    rid = str(uuid.uuid4())
    _t(ctx, "refactors")[rid] = {"StackRefactorId": rid, "Description": req.get("Description", ""), "Definitions": definitions,
                                 "Actions": actions, "Status": "CREATE_COMPLETE", "ExecutionStatus": "AVAILABLE",
                                 "EnableStackCreation": bool(req.get("EnableStackCreation")),
                                 "StackIds": [], "StatusReason": ""}
    return {"StackRefactorId": rid}


def _refactor(ctx: RequestContext, rid: str) -> dict[str, Any]:
    r = _t(ctx, "refactors").get(rid)
    if r is None:
        raise AwsError("StackRefactorNotFoundException", f"Stack refactor {rid} not found", status=404)
    return r  # type: ignore[no-any-return]


def describe_stack_refactor(ctx: RequestContext, req: wire.DescribeStackRefactorInput) -> dict[str, Any]:
    r = _refactor(ctx, req.get("StackRefactorId", ""))
    return {k: r[k] for k in ("StackRefactorId", "Description", "ExecutionStatus", "Status", "StatusReason", "StackIds")}


def list_stack_refactors(ctx: RequestContext, req: wire.ListStackRefactorsInput) -> dict[str, Any]:
    wanted = set(req.get("ExecutionStatusFilter") or [])
    items = [{k: r[k] for k in ("StackRefactorId", "Description", "ExecutionStatus", "Status", "StatusReason")}
             for r in _t(ctx, "refactors").values() if not wanted or r["ExecutionStatus"] in wanted]
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"StackRefactorSummaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_stack_refactor_actions(ctx: RequestContext, req: wire.ListStackRefactorActionsInput) -> dict[str, Any]:
    r = _refactor(ctx, req.get("StackRefactorId", ""))
    chunk, token = page(r["Actions"], req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"StackRefactorActions": chunk}
    if token:
        out["NextToken"] = token
    return out


def execute_stack_refactor(ctx: RequestContext, req: wire.ExecuteStackRefactorInput) -> dict[str, Any]:
    from cumulo.services.cloudformation.models import Stack
    from cumulo.services.cloudformation.stacks import new_stack_id, stack_event

    r = _refactor(ctx, req.get("StackRefactorId", ""))
    if r["ExecutionStatus"] != "AVAILABLE":
        raise AwsError("InvalidOperationException", f"Stack refactor {r['StackRefactorId']} is {r['ExecutionStatus']}", status=400)
    stacks = {}
    for d in r["Definitions"]:
        stack = find(ctx.runtime, ctx.account, ctx.region, d["StackName"])
        if stack is None:
            stack = Stack(new_stack_id(ctx.account, ctx.region, d["StackName"]), d["StackName"], "CREATE_COMPLETE", ctx.clock.now())
        stacks[d["StackName"]] = (stack, d)
    for action in r["Actions"]:
        src, dst = action["ResourceMapping"]["Source"], action["ResourceMapping"]["Destination"]
        source = find(ctx.runtime, ctx.account, ctx.region, src["StackName"])
        target = stacks.get(dst["StackName"], (None, None))[0]
        if source is None or target is None or src["LogicalResourceId"] not in source.resources:
            continue
        moved = source.resources.pop(src["LogicalResourceId"])
        moved.logical_id = dst["LogicalResourceId"]
        target.resources[moved.logical_id] = moved
    for stack, d in stacks.values():
        stack.template_body, stack.template = d["TemplateBody"], parse(d["TemplateBody"])
        stack.updated = ctx.clock.now()
        save(ctx.runtime, ctx.account, ctx.region, stack)
        stack_event(ctx.runtime, ctx.account, ctx.region, stack, "UPDATE_COMPLETE" if stack.status != "CREATE_COMPLETE" else stack.status,
                    "Stack refactor executed")
    r["ExecutionStatus"], r["StackIds"] = "EXECUTE_COMPLETE", [s.stack_id for s, _ in stacks.values()]
    _t(ctx, "refactors").touch(r["StackRefactorId"])
    return {}


# ---------------------------------------------------------------------------- hooks, events, aliases


def get_hook_result(ctx: RequestContext, req: wire.GetHookResultInput) -> dict[str, Any]:
    # No hooks are registered in cumulo, so no invocation has a result to show.
    raise AwsError("HookResultNotFoundException", f"Hook result {req.get('HookResultId')} not found", status=404)


def list_hook_results(ctx: RequestContext, req: wire.ListHookResultsInput) -> dict[str, Any]:
    out: dict[str, Any] = {"HookResults": []}
    if req.get("TargetType"):
        out["TargetType"], out["TargetId"] = req["TargetType"], req.get("TargetId", "")
    return out


def describe_events(ctx: RequestContext, req: wire.DescribeEventsInput) -> dict[str, Any]:
    if req.get("ChangeSetName"):
        from cumulo.services.cloudformation.common import find_change_set

        cs = find_change_set(ctx, req["ChangeSetName"], req.get("StackName"))
        stacks = [require(ctx.runtime, ctx.account, ctx.region, cs.stack_id, deleted=True)]
    elif req.get("StackName"):
        stacks = [require(ctx.runtime, ctx.account, ctx.region, req["StackName"], deleted=True)]
    else:
        stacks = sorted(table(ctx.runtime, ctx.account, ctx.region).values(), key=lambda s: s.created)
    out_events = []
    for stack in stacks:
        out_events += _operation_events(ctx, stack, dict(req))
    out_events.sort(key=lambda e: e["Timestamp"], reverse=True)
    chunk, token = page(out_events, req.get("NextToken"))
    out: dict[str, Any] = {"OperationEvents": chunk}
    if token:
        out["NextToken"] = token
    return out


def _operation_events(ctx: RequestContext, stack: Any, req: dict[str, Any]) -> list[dict[str, Any]]:
    failed_only = bool((req.get("Filters") or {}).get("FailedEvents"))
    out_events: list[dict[str, Any]] = []
    operation = ""
    for e in events_of(ctx.runtime, ctx.account, ctx.region, stack.stack_id):
        if e.logical_id == stack.name and e.status.endswith("IN_PROGRESS") and e.reason == "User Initiated":
            operation = e.event_id
        if req.get("OperationId") and operation != req["OperationId"]:
            continue
        if failed_only and not e.status.endswith("FAILED"):
            continue
        item: dict[str, Any] = {"EventId": e.event_id, "StackId": e.stack_id, "OperationId": operation,
                                "OperationType": e.status.split("_")[0] + "_STACK" if e.status.split("_")[0] in ("CREATE", "UPDATE", "DELETE") else "ROLLBACK",
                                "EventType": "STACK_EVENT" if e.logical_id == stack.name else "PROVISIONING_ERROR" if e.status.endswith("FAILED") else "STACK_EVENT",
                                "LogicalResourceId": e.logical_id, "PhysicalResourceId": e.physical_id, "ResourceType": e.type,
                                "Timestamp": utc(e.timestamp), "ResourceStatus": e.status}
        if e.reason:
            item["ResourceStatusReason"] = e.reason
        out_events.append(item)
    return out_events


def set_alias(ctx: RequestContext, req: wire.SetAliasInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    alias = req.get("AliasName", "")
    aliases = _t(ctx, "aliases")
    if alias in aliases and aliases[alias] != stack.stack_id or find(ctx.runtime, ctx.account, ctx.region, alias) not in (None, stack):
        raise AwsError("AlreadyExistsException", f"Alias [{alias}] already exists", status=400)
    if sum(1 for v in aliases.values() if v == stack.stack_id) >= 5:
        raise AwsError("LimitExceededException", f"Stack {stack.name} has the maximum number of aliases", status=400)
    aliases[alias] = stack.stack_id
    return {}


def remove_alias(ctx: RequestContext, req: wire.RemoveAliasInput) -> dict[str, Any]:
    aliases = _t(ctx, "aliases")
    if req.get("AliasName", "") not in aliases:
        raise validation(f"Alias [{req.get('AliasName')}] does not exist")
    del aliases[req["AliasName"]]
    return {}
