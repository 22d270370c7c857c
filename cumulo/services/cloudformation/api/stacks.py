"""Stack operations: create, update, delete, describe, events, resources, policies,
termination protection, and the operations that steer a running or failed one."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cloudformation as wire
from cumulo.services.cloudformation import deploy, views
from cumulo.services.cloudformation.models import Stack
from cumulo.services.cloudformation.stacks import (
    GONE, events_of, find, new_stack_id, require, save, stack_event, table,
)
from cumulo.services.cloudformation.common import apply_options, begin_update, check_name, page, tags_of, updatable
from cumulo.services.cloudformation.submit import submit
from cumulo.services.cloudformation.template import validation

async def create_stack(ctx: RequestContext, req: wire.CreateStackInput) -> dict[str, Any]:
    name = req.get("StackName", "")
    check_name(name)
    if find(ctx.runtime, ctx.account, ctx.region, name) is not None:
        raise AwsError("AlreadyExistsException", f"Stack [{name}] already exists", status=400)
    if "OnFailure" in req and "DisableRollback" in req:
        raise validation("You cannot specify both DisableRollback and OnFailure.")
    stack_id = new_stack_id(ctx.account, ctx.region, name)
    stub = Stack(stack_id, name, "CREATE_IN_PROGRESS", ctx.clock.now())
    sub = await submit(ctx, dict(req), name, None)
    stack = stub
    stack.template_body, stack.template = sub.body, sub.template
    stack.parameters, stack.resolved_parameters = sub.given, sub.resolved
    stack.description = str(sub.template.get("Description", ""))
    stack.tags = tags_of(dict(req))
    apply_options(stack, dict(req))
    stack.on_failure = req.get("OnFailure", "ROLLBACK")
    stack.timeout = req.get("TimeoutInMinutes")
    stack.termination_protection = bool(req.get("EnableTerminationProtection"))
    if req.get("StackPolicyBody"):
        stack.policy = req["StackPolicyBody"]
    stack.operation = "CREATE"
    save(ctx.runtime, ctx.account, ctx.region, stack)
    stack_event(ctx.runtime, ctx.account, ctx.region, stack, "CREATE_IN_PROGRESS", "User Initiated")
    deploy.start(ctx.runtime, ctx.account, ctx.region, stack_id)
    return {"StackId": stack_id}


async def update_stack(ctx: RequestContext, req: wire.UpdateStackInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    updatable(stack)
    sub = await submit(ctx, dict(req), stack.name, stack, previous_params=stack.parameters)
    tags = tags_of(dict(req)) if "Tags" in req else None
    if req.get("StackPolicyBody"):
        stack.policy = req["StackPolicyBody"]
    if (sub.template == stack.template and sub.given == stack.parameters and (tags is None or tags == stack.tags)
            and sub.resolved == stack.resolved_parameters
            and ("NotificationARNs" not in req or list(req["NotificationARNs"]) == stack.notification_arns)):
        raise validation("No updates are to be performed.")
    if req.get("StackPolicyDuringUpdateBody"):
        stack.update_policy = req["StackPolicyDuringUpdateBody"]
    begin_update(ctx, stack, sub, dict(req), tags)
    return {"StackId": stack.stack_id}


async def delete_stack(ctx: RequestContext, req: wire.DeleteStackInput) -> dict[str, Any]:
    stack = find(ctx.runtime, ctx.account, ctx.region, req.get("StackName", ""))
    if stack is None or stack.status == GONE:
        return {}
    if stack.termination_protection:
        raise validation(f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled")
    retain = list(req.get("RetainResources") or [])
    if retain and stack.status != "DELETE_FAILED":
        raise validation(f"Invalid operation on stack [{stack.stack_id}]: RetainResources can only be specified when the stack is in the DELETE_FAILED state")
    if stack.status == "DELETE_IN_PROGRESS":
        return {}
    stack.retain_resources = retain
    stack.deletion_mode = req.get("DeletionMode", "STANDARD")
    if stack.deletion_mode == "FORCE_DELETE_STACK":
        for res in stack.resources.values():
            if res.status == "DELETE_FAILED":
                stack.retain_resources.append(res.logical_id)
    if stack.status == "REVIEW_IN_PROGRESS":
        stack.deleted = ctx.clock.now()
        stack_event(ctx.runtime, ctx.account, ctx.region, stack, "DELETE_COMPLETE")
        return {}
    if deploy.running(ctx.runtime, stack.stack_id):
        deploy.delete_after(ctx.runtime, stack.stack_id, stack.operation)
        return {}
    if req.get("ClientRequestToken"):
        stack.token = req["ClientRequestToken"]
    stack.operation = "DELETE"
    stack_event(ctx.runtime, ctx.account, ctx.region, stack, "DELETE_IN_PROGRESS", "User Initiated")
    deploy.start(ctx.runtime, ctx.account, ctx.region, stack.stack_id)
    return {}


def describe_stacks(ctx: RequestContext, req: wire.DescribeStacksInput) -> dict[str, Any]:
    name = req.get("StackName")
    if name:
        stacks = [require(ctx.runtime, ctx.account, ctx.region, name, deleted=True)]
    else:
        stacks = [s for s in table(ctx.runtime, ctx.account, ctx.region).values() if s.status != GONE]
        stacks.sort(key=lambda s: s.created, reverse=True)
    items, token = page(stacks, req.get("NextToken"))
    out: dict[str, Any] = {"Stacks": [views.stack(s) for s in items]}
    if token:
        out["NextToken"] = token
    return out


def list_stacks(ctx: RequestContext, req: wire.ListStacksInput) -> dict[str, Any]:
    wanted = set(req.get("StackStatusFilter") or [])
    stacks = [s for s in table(ctx.runtime, ctx.account, ctx.region).values() if not wanted or s.status in wanted]
    stacks.sort(key=lambda s: s.created, reverse=True)
    items, token = page(stacks, req.get("NextToken"))
    out: dict[str, Any] = {"StackSummaries": [views.summary(s) for s in items]}
    if token:
        out["NextToken"] = token
    return out


def describe_stack_events(ctx: RequestContext, req: wire.DescribeStackEventsInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"), deleted=True)
    events = list(reversed(events_of(ctx.runtime, ctx.account, ctx.region, stack.stack_id)))
    items, token = page(events, req.get("NextToken"))
    out: dict[str, Any] = {"StackEvents": [views.event(e) for e in items]}
    if token:
        out["NextToken"] = token
    return out


def _listed(stack: Stack) -> list[Any]:
    return [r for r in stack.resources.values() if r.status != "DELETE_COMPLETE" or stack.status == GONE]


def describe_stack_resource(ctx: RequestContext, req: wire.DescribeStackResourceInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"), deleted=True)
    res = stack.resources.get(req.get("LogicalResourceId", ""))
    if res is None:
        raise validation(f"Resource {req.get('LogicalResourceId')} does not exist for stack {stack.name}")
    return {"StackResourceDetail": views.resource(stack, res, detail=True)}


def describe_stack_resources(ctx: RequestContext, req: wire.DescribeStackResourcesInput) -> dict[str, Any]:
    name, physical = req.get("StackName"), req.get("PhysicalResourceId")
    if name:
        stack = require(ctx.runtime, ctx.account, ctx.region, name, deleted=True)
    elif physical:
        found = [s for s in table(ctx.runtime, ctx.account, ctx.region).values() if s.status != GONE
                 and any(r.physical_id == physical for r in s.resources.values())]
        if not found:
            raise validation(f"Stack for {physical} does not exist")
        stack = found[0]
    else:
        raise validation("Either StackName or PhysicalResourceId must be specified.")
    resources = _listed(stack)
    if req.get("LogicalResourceId"):
        resources = [r for r in resources if r.logical_id == req["LogicalResourceId"]]
    return {"StackResources": [views.stack_resource(stack, r) for r in resources]}


def list_stack_resources(ctx: RequestContext, req: wire.ListStackResourcesInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"), deleted=True)
    items, token = page(_listed(stack), req.get("NextToken"))
    out: dict[str, Any] = {"StackResourceSummaries": [views.resource_summary(stack, r) for r in items]}
    if token:
        out["NextToken"] = token
    return out


def update_termination_protection(ctx: RequestContext, req: wire.UpdateTerminationProtectionInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    if stack.parent_id:
        raise validation("Termination protection cannot be updated on nested stacks; update the root stack")
    stack.termination_protection = bool(req.get("EnableTerminationProtection"))
    save(ctx.runtime, ctx.account, ctx.region, stack)
    return {"StackId": stack.stack_id}


async def set_stack_policy(ctx: RequestContext, req: wire.SetStackPolicyInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    text = req.get("StackPolicyBody")
    if req.get("StackPolicyURL"):
        from cumulo.services.cloudformation.transforms import fetch_s3

        text = await fetch_s3(ctx.runtime, ctx.account, ctx.region, req["StackPolicyURL"])
    try:
        json.loads(text or "")
    except ValueError:
        raise validation("Error validating stack policy: Invalid stack policy") from None
    stack.policy = text or ""
    save(ctx.runtime, ctx.account, ctx.region, stack)
    return {}


def get_stack_policy(ctx: RequestContext, req: wire.GetStackPolicyInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    return {"StackPolicyBody": stack.policy} if stack.policy else {}


def cancel_update_stack(ctx: RequestContext, req: wire.CancelUpdateStackInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    if stack.status != "UPDATE_IN_PROGRESS":
        raise validation(f"CancelUpdateStack cannot be called from current stack status. ({stack.status})")
    deploy.cancel(ctx.runtime, stack.stack_id)
    return {}


def continue_update_rollback(ctx: RequestContext, req: wire.ContinueUpdateRollbackInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    if stack.status != "UPDATE_ROLLBACK_FAILED":
        raise validation(f"Stack {stack.name} is in {stack.status} state and can not continue rollback; "
                         "the stack must be in UPDATE_ROLLBACK_FAILED")
    if stack.previous is not None:
        stack.previous["skip"] = list(req.get("ResourcesToSkip") or [])
        for name in stack.previous["skip"]:
            if name in stack.previous["resources"] and name in stack.resources:
                stack.previous["resources"][name] = stack.resources[name]
    stack.operation = "UPDATE_ROLLBACK"
    stack_event(ctx.runtime, ctx.account, ctx.region, stack, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated")
    deploy.start(ctx.runtime, ctx.account, ctx.region, stack.stack_id)
    return {}


def rollback_stack(ctx: RequestContext, req: wire.RollbackStackInput) -> dict[str, Any]:
    """A stack left in CREATE_FAILED or UPDATE_FAILED (DisableRollback) rolls back now."""
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    if stack.status == "CREATE_FAILED":
        stack.operation = "ROLLBACK"
        stack_event(ctx.runtime, ctx.account, ctx.region, stack, "ROLLBACK_IN_PROGRESS", "User Initiated")
    elif stack.status == "UPDATE_FAILED" and stack.previous is not None:
        stack.operation = "UPDATE_ROLLBACK"
        stack_event(ctx.runtime, ctx.account, ctx.region, stack, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated")
    else:
        raise validation(f"Stack {stack.stack_id} is in {stack.status} state and can not be rolled back.")
    deploy.start(ctx.runtime, ctx.account, ctx.region, stack.stack_id)
    return {"StackId": stack.stack_id}


def signal_resource(ctx: RequestContext, req: wire.SignalResourceInput) -> dict[str, Any]:
    from cumulo.services.cloudformation import callbacks

    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    res = stack.resources.get(req.get("LogicalResourceId", ""))
    if res is None:
        raise validation(f"Resource {req.get('LogicalResourceId')} does not exist for stack {stack.name}")
    if not res.status.endswith("_IN_PROGRESS"):
        raise validation(f"Resource {res.logical_id} is in {res.status} state and can not be signaled")
    callbacks.record(ctx.runtime, ctx.account, ctx.region, callbacks.signal_token(stack.stack_id, res.logical_id),
                     {"UniqueId": req.get("UniqueId", ""), "Status": req.get("Status", "")})
    return {}
