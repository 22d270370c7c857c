"""Change sets: CreateChangeSet (CREATE on a REVIEW_IN_PROGRESS stack, UPDATE, IMPORT),
DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets, DescribeChangeSetHooks."""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.core.arns import partition
from cumulo.generated import cloudformation as wire
from cumulo.services.cloudformation import changesets, deploy, parameters, views
from cumulo.services.cloudformation.common import _table, apply_options, find_change_set, begin_update, check_name, page, tags_of, updatable
from cumulo.services.cloudformation.models import ChangeSet, Stack
from cumulo.services.cloudformation.phases import snapshot
from cumulo.services.cloudformation.stacks import find, new_stack_id, save, stack_event
from cumulo.services.cloudformation.submit import Submitted, submit
from cumulo.services.cloudformation.template import validation

NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set."


async def create_change_set(ctx: RequestContext, req: wire.CreateChangeSetInput) -> dict[str, Any]:
    name, cs_name = req.get("StackName", ""), req.get("ChangeSetName", "")
    kind = req.get("ChangeSetType", "UPDATE")
    stack = find(ctx.runtime, ctx.account, ctx.region, name)
    if kind == "CREATE" or kind == "IMPORT" and (stack is None or stack.status == "REVIEW_IN_PROGRESS"):
        check_name(name)
        if stack is not None and stack.status != "REVIEW_IN_PROGRESS":
            raise validation(f"Stack [{name}] already exists and cannot be created again with the changeSet [{cs_name}].")
    elif stack is None:
        raise validation(f"Stack [{name}] does not exist")
    else:
        updatable(stack)
    if stack is not None and any(c.name == cs_name and c.stack_id == stack.stack_id for c in _table(ctx).values()):
        raise AwsError("AlreadyExistsException", f"ChangeSet [{cs_name}] already exists", status=400)
    sub = await submit(ctx, dict(req), name, stack if kind != "CREATE" else None,
                       previous_params=stack.parameters if stack is not None and kind != "CREATE" else None)
    new_stack = stack is None
    if stack is None:
        stack = Stack(new_stack_id(ctx.account, ctx.region, name), name, "REVIEW_IN_PROGRESS", ctx.clock.now())
        stack.tags = tags_of(dict(req))
        stack.operation = ""
    cs_id = f"arn:{partition(ctx.region)}:cloudformation:{ctx.region}:{ctx.account}:changeSet/{cs_name}/{uuid.uuid4()}"
    cs = ChangeSet(cs_id, cs_name, stack.stack_id, stack.name, kind, ctx.clock.now(), template_body=sub.body,
                   template=sub.template, parameters=sub.given, description=req.get("Description", ""),
                   capabilities=list(req.get("Capabilities") or []), role_arn=req.get("RoleARN", ""),
                   include_nested=bool(req.get("IncludeNestedStacks")), on_stack_failure=req.get("OnStackFailure", ""),
                   import_existing=bool(req.get("ImportExistingResources")))
    cs.tags = tags_of(dict(req)) if "Tags" in req else None
    cs.notification_arns = list(req["NotificationARNs"]) if "NotificationARNs" in req else None
    cs.resources_to_import = [dict(r) for r in req.get("ResourcesToImport") or []]
    cs.changes_resolved = sub.resolved
    cs.deployment_mode = req.get("DeploymentMode", "")
    cs.rollback_configuration = dict(req.get("RollbackConfiguration") or {})
    cs.deployment_config = dict(req.get("DeploymentConfig") or {})  # type: ignore[typeddict-item]
    tags_changed = cs.tags is not None and cs.tags != stack.tags
    if kind == "IMPORT":
        declared = [r["LogicalResourceId"] for r in cs.resources_to_import]
        resources = sub.template.get("Resources") or {}
        missing = [n for n in declared if n not in resources]
        if missing:
            raise validation(f"Resources [{', '.join(missing)}] to import are not in the template")
        unpoliced = [n for n in declared if "DeletionPolicy" not in resources[n]]
        if unpoliced:
            raise validation(f"The following resources to import [{', '.join(unpoliced)}] must have DeletionPolicy attribute specified in the template.")
        others = [n for n in resources if n not in declared and n not in stack.resources]
        if others:
            raise validation(f"There are additional resources [{', '.join(others)}] in the template that are not being imported; "
                             "an import change set can only import resources")
        cs.changes = [{"Type": "Resource", "ResourceChange": {
            "Action": "Import", "LogicalResourceId": r["LogicalResourceId"], "ResourceType": r["ResourceType"],
            "PhysicalResourceId": str(next(iter(r.get("ResourceIdentifier", {}).values()), "")), "Scope": [], "Details": []}}
            for r in cs.resources_to_import]
    else:
        cs.changes = changesets.compute(ctx.runtime, ctx.account, ctx.region, stack, sub.template, sub.given, sub.resolved, tags_changed)
    if kind == "UPDATE" and not cs.changes and sub.given == stack.parameters and not tags_changed and sub.template == stack.template:
        cs.status, cs.execution_status, cs.reason = "FAILED", "UNAVAILABLE", NO_CHANGES
    save(ctx.runtime, ctx.account, ctx.region, stack)
    if new_stack:
        stack_event(ctx.runtime, ctx.account, ctx.region, stack, "REVIEW_IN_PROGRESS", "User Initiated")
    _table(ctx)[cs_id] = cs
    return {"Id": cs_id, "StackId": stack.stack_id}


def describe_change_set(ctx: RequestContext, req: wire.DescribeChangeSetInput) -> dict[str, Any]:
    cs = find_change_set(ctx, req.get("ChangeSetName", ""), req.get("StackName"))
    out = views.change_set_summary(cs)
    declared = cs.template.get("Parameters") or {}
    out.update({
        "Parameters": parameters.shown(declared, cs.parameters),
        "NotificationARNs": cs.notification_arns or [], "Capabilities": cs.capabilities,
        "Tags": views.tag_list(cs.tags or {}), "RollbackConfiguration": cs.rollback_configuration,
    })
    if cs.on_stack_failure:
        out["OnStackFailure"] = cs.on_stack_failure
    if cs.deployment_config:
        out["DeploymentConfig"] = cs.deployment_config
    if cs.deployment_mode:
        out["DeploymentMode"] = cs.deployment_mode
    items, token = page(cs.changes, req.get("NextToken"), 300)
    out["Changes"] = items
    if token:
        out["NextToken"] = token
    return out


def execute_change_set(ctx: RequestContext, req: wire.ExecuteChangeSetInput) -> dict[str, Any]:
    cs = find_change_set(ctx, req.get("ChangeSetName", ""), req.get("StackName"))
    if cs.execution_status != "AVAILABLE":
        raise AwsError("InvalidChangeSetStatusException",
                       f"ChangeSet [{cs.change_set_id}] cannot be executed in its current execution status of [{cs.execution_status}]",
                       status=400)
    stack = find(ctx.runtime, ctx.account, ctx.region, cs.stack_id)
    if stack is None:
        raise validation(f"Stack [{cs.stack_name}] does not exist")
    options: dict[str, Any] = {"Capabilities": cs.capabilities}
    if cs.rollback_configuration:
        options["RollbackConfiguration"] = cs.rollback_configuration
    if cs.notification_arns is not None:
        options["NotificationARNs"] = cs.notification_arns
    if cs.role_arn:
        options["RoleARN"] = cs.role_arn
    for key in ("DisableRollback", "RetainExceptOnCreate", "ClientRequestToken"):
        if key in req:
            options[key] = req[key]  # type: ignore[literal-required]
    resolved = cs.changes_resolved
    sub = Submitted(cs.template_body, {}, cs.template, cs.parameters, resolved)
    stack.change_set_id = cs.change_set_id
    if cs.type == "CREATE":
        stack.template_body, stack.template = cs.template_body, cs.template
        stack.parameters, stack.resolved_parameters = cs.parameters, resolved
        stack.description = str(cs.template.get("Description", ""))
        if cs.tags is not None:
            stack.tags = cs.tags
        apply_options(stack, options)
        if cs.on_stack_failure:
            stack.on_failure = cs.on_stack_failure
        stack.operation = "CREATE"
        save(ctx.runtime, ctx.account, ctx.region, stack)
        stack_event(ctx.runtime, ctx.account, ctx.region, stack, "CREATE_IN_PROGRESS", "User Initiated")
        deploy.start(ctx.runtime, ctx.account, ctx.region, stack.stack_id)
    elif cs.type == "IMPORT":
        if stack.status == "REVIEW_IN_PROGRESS" and cs.tags is not None:
            stack.tags = cs.tags
        stack.previous = snapshot(stack)
        stack.previous["import"] = cs.resources_to_import
        stack.template_body, stack.template = cs.template_body, cs.template
        stack.operation = "IMPORT"
        save(ctx.runtime, ctx.account, ctx.region, stack)
        stack_event(ctx.runtime, ctx.account, ctx.region, stack, "IMPORT_IN_PROGRESS", "User Initiated")
        deploy.start(ctx.runtime, ctx.account, ctx.region, stack.stack_id)
    else:
        updatable(stack)
        begin_update(ctx, stack, sub, options, cs.tags)
    cs.execution_status = "EXECUTE_COMPLETE"
    sets = _table(ctx)
    for other in sets.values():
        if other.stack_id == stack.stack_id and other.change_set_id != cs.change_set_id and other.execution_status == "AVAILABLE":
            other.execution_status = "OBSOLETE"
            sets.touch(other.change_set_id)
    sets.touch(cs.change_set_id)
    return {}


def delete_change_set(ctx: RequestContext, req: wire.DeleteChangeSetInput) -> dict[str, Any]:
    name, stack_name = req.get("ChangeSetName", ""), req.get("StackName")
    if stack_name and not name.startswith("arn:"):
        # A change set named on a stack that has none by that name: AWS answers success (the CDK
        # deletes `cdk-deploy-change-set` before every deploy of a deployed stack, counting on it);
        # only a stack that does not exist (a deleted one included) is an error.
        stack = find(ctx.runtime, ctx.account, ctx.region, stack_name)
        if stack is None:
            raise validation(f"Stack [{stack_name}] does not exist")
        if not any(c.name == name and c.stack_id == stack.stack_id for c in _table(ctx).values()):
            return {}
    cs = find_change_set(ctx, name, stack_name)
    if cs.execution_status == "EXECUTE_IN_PROGRESS":
        raise AwsError("InvalidChangeSetStatusException", f"ChangeSet [{cs.change_set_id}] cannot be deleted in its current status", status=400)
    del _table(ctx)[cs.change_set_id]
    return {}


def list_change_sets(ctx: RequestContext, req: wire.ListChangeSetsInput) -> dict[str, Any]:
    stack = find(ctx.runtime, ctx.account, ctx.region, req.get("StackName", ""))
    if stack is None:
        raise validation(f"Stack [{req.get('StackName')}] does not exist")
    sets = sorted((c for c in _table(ctx).values() if c.stack_id == stack.stack_id), key=lambda c: c.created)
    items, token = page(sets, req.get("NextToken"))
    out: dict[str, Any] = {"Summaries": [views.change_set_summary(c) for c in items]}
    if token:
        out["NextToken"] = token
    return out


def describe_change_set_hooks(ctx: RequestContext, req: wire.DescribeChangeSetHooksInput) -> dict[str, Any]:
    cs = find_change_set(ctx, req.get("ChangeSetName", ""), req.get("StackName"))
    # No hooks are registered in cumulo, so a change set invokes none.
    return {"ChangeSetId": cs.change_set_id, "ChangeSetName": cs.name, "Hooks": [], "Status": "UNAVAILABLE",
            "StackId": cs.stack_id, "StackName": cs.stack_name}
