"""The phases of a stack operation, each moving the stack to its next status with the
events AWS writes: create (then rollback, or delete on OnFailure=DELETE), update
(then cleanup, or update rollback and its cleanup), delete.

A phase reads the stack's recorded state only, so after a restart it can run again
from the top: resources already done are skipped by their own status.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import with_previous_tags
from cumulo.services.cloudformation import graph
from cumulo.services.cloudformation.intrinsics import AttributeMissing
from cumulo.services.cloudformation.models import StackResource
from cumulo.services.cloudformation.schemas import tag_property
from cumulo.services.cloudformation.stacks import evaluator, exports, importers

if TYPE_CHECKING:
    from cumulo.services.cloudformation.deploy import Run

DONE_DELETING = ("DELETE_COMPLETE", "DELETE_SKIPPED")


def _failed_list(verb: str, names: list[str]) -> str:
    return f"The following resource(s) failed to {verb}: [{', '.join(sorted(names))}]. "


def outputs(run: Run, previous: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The template's Outputs, resolved; AWS's errors for an export another stack already
    has, or one that is removed or changed while another stack imports it."""
    s = run.stack
    ev = evaluator(run.runtime, run.account, run.region, s, record_imports=s.imports)
    out = []
    known = exports(run.runtime, run.account, run.region)
    try:
        for key, decl in (s.template.get("Outputs") or {}).items():
            cond = decl.get("Condition")
            if cond is not None and not ev.condition(cond):
                continue
            value = ev.resolve(decl["Value"])
            item: dict[str, Any] = {"OutputKey": key, "OutputValue": ",".join(map(str, value)) if isinstance(value, list) else _text(value)}
            if "Description" in decl:
                item["Description"] = str(ev.resolve(decl["Description"]))
            if isinstance(decl.get("Export"), dict) and "Name" in decl["Export"]:
                name = str(ev.resolve(decl["Export"]["Name"]))
                owner = known.get(name)
                if owner is not None and owner[1] != s.stack_id:
                    from cumulo.services.cloudformation.stacks import table

                    raise RuntimeError(f"Export with name {name} is already exported by stack {table(run.runtime, run.account, run.region)[owner[1]].name}")
                item["ExportName"] = name
            out.append(item)
    except (AwsError, AttributeMissing) as e:
        raise RuntimeError(getattr(e, "message", None) or str(e)) from None
    if previous:
        new = {o["ExportName"]: o["OutputValue"] for o in out if "ExportName" in o}
        for o in previous:
            export = o.get("ExportName")
            if not export:
                continue
            name = str(export)
            users = importers(run.runtime, run.account, run.region, name)
            if users and name not in new:
                raise RuntimeError(f"Cannot delete export {name} as it is in use by {', '.join(users)}")
            if users and new[name] != o["OutputValue"]:
                raise RuntimeError(f"Cannot update export {name} as it is in use by {', '.join(users)}")
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        import json

        return json.dumps(value)
    return str(value)


async def alarmed(run: Run) -> str:
    """A rollback trigger's alarm in ALARM (read from CloudWatch through services.call) as
    the failure reason, or "". Checked once the resources are done; the monitoring
    period after it is not waited for."""
    from cumulo.services import call

    triggers = (run.stack.rollback_configuration or {}).get("RollbackTriggers") or []
    for trigger in triggers:
        arn = str(trigger.get("Arn", ""))
        name = arn.split(":alarm:", 1)[-1]
        try:
            got = await call(run.runtime, "cloudwatch", "DescribeAlarms", {"AlarmNames": [name]}, run.account, run.region)
        except AwsError:
            continue
        alarms = got.get("MetricAlarms", []) + got.get("CompositeAlarms", [])
        if any(a.get("StateValue") == "ALARM" for a in alarms):
            return f"Rollback triggered by alarm [{arn}] in ALARM state"
    return ""


def _policy(template: dict[str, Any], name: str, key: str = "DeletionPolicy") -> str:
    res = (template.get("Resources") or {}).get(name) or {}
    policy = res.get(key, "Delete")
    return policy if isinstance(policy, str) else "Delete"


def _deletion_order(template: dict[str, Any], names: set[str]) -> dict[str, set[str]]:
    """For deleting `names`: each waits for the ones that depend on it."""
    try:
        deps = graph.dependencies({n: r for n, r in (template.get("Resources") or {}).items() if isinstance(r, dict)})
    except AwsError:
        deps = {}
    deps = {n: deps.get(n, set()) & names for n in names}
    return graph.dependents(deps)


# ---------------------------------------------------------------------------- create


async def create(run: Run) -> None:
    s = run.stack
    defs = run.definitions()
    deps = graph.dependencies(defs)
    if s.timeout:
        _arm_timeout(run)

    async def one(name: str) -> None:
        res = s.resources.get(name)
        if res is not None and res.status == "CREATE_COMPLETE":
            return  # made before a restart
        await run.create_one(name, defs[name])

    failed = await run.walk(deps, one)
    reason = ""
    timed_out = run.cancelled()
    if timed_out and run.delete_requested():
        # DeleteStack during the create: what was made is deleted, no rollback first.
        run.uncancel()
        s.operation = "DELETE"
        run.stack_status("DELETE_IN_PROGRESS", "User Initiated")
        return
    if timed_out:
        # TimeoutInMinutes passed on the cumulo clock: what ran was stopped.
        run.uncancel()
        reason = "Create timed out"
    elif not failed:
        try:
            s.outputs = outputs(run, None)
        except RuntimeError as e:
            reason = str(e)
        reason = reason or await alarmed(run)
    else:
        reason = _failed_list("create", failed)
    if not reason:
        s.operation = ""
        run.stack_status("CREATE_COMPLETE")
        return
    if s.on_failure == "DELETE":
        s.operation = "DELETE"
        run.stack_status("DELETE_IN_PROGRESS", reason)
    elif s.disable_rollback or s.on_failure == "DO_NOTHING":
        s.operation = ""
        run.stack_status("CREATE_FAILED", reason)
    else:
        s.operation = "ROLLBACK"
        run.stack_status("ROLLBACK_IN_PROGRESS", reason + "Rollback requested by user." if failed and not timed_out else reason)


def _arm_timeout(run: Run) -> None:
    """Stop the create when TimeoutInMinutes passes on the cumulo clock."""
    from cumulo.services.cloudformation.deploy import cancel

    s, runtime = run.stack, run.runtime
    started = s.created

    def expire() -> None:
        if s.operation == "CREATE" and s.created == started:
            cancel(runtime, s.stack_id)

    runtime.scheduler.at(started + float(s.timeout or 0) * 60, expire)


async def create_failed(run: Run) -> None:
    """A create interrupted by a restart, on a stack that does not roll back."""
    run.stack.operation = ""
    run.stack_status("CREATE_FAILED", "Stack creation interrupted by a restart of cumulo")


async def rollback(run: Run) -> None:
    s = run.stack
    left = {n for n, r in s.resources.items() if r.status not in DONE_DELETING}
    order = _deletion_order(s.template, left)
    failed = await run.walk(order, lambda n: run.delete_one(s.resources[n], _policy(s.template, n), rollback=True),
                            stop_on_failure=False)
    s.operation = ""
    if failed:
        run.stack_status("ROLLBACK_FAILED", _failed_list("delete", failed))
    else:
        run.stack_status("ROLLBACK_COMPLETE")


# ---------------------------------------------------------------------------- delete


async def delete(run: Run) -> None:
    s = run.stack
    for o in s.outputs:
        name = o.get("ExportName")
        if name and (users := [u for u in importers(run.runtime, run.account, run.region, name) if u != s.name]):
            s.operation = ""
            run.stack_status("DELETE_FAILED", f"Export {name} cannot be deleted as it is in use by {', '.join(users)}")
            return
    left = {n for n, r in s.resources.items() if r.status not in DONE_DELETING}
    order = _deletion_order(s.template, left)
    failed = await run.walk(order, lambda n: run.delete_one(s.resources[n], _policy(s.template, n)), stop_on_failure=False)
    s.operation = ""
    if failed:
        run.stack_status("DELETE_FAILED", _failed_list("delete", failed))
        return
    s.deleted = run.runtime.clock.now()
    s.outputs = []
    s.imports = []
    run.stack_status("DELETE_COMPLETE")


# ---------------------------------------------------------------------------- update


def snapshot(stack: Any) -> dict[str, Any]:
    """What an update rollback restores."""
    return {
        "template": copy.deepcopy(stack.template), "template_body": stack.template_body,
        "parameters": dict(stack.parameters), "resolved_parameters": dict(stack.resolved_parameters),
        "resources": copy.deepcopy(stack.resources), "outputs": copy.deepcopy(stack.outputs),
        "tags": dict(stack.tags), "imports": list(stack.imports), "description": stack.description,
    }


async def update(run: Run) -> None:
    s = run.stack
    assert s.previous is not None
    before: dict[str, StackResource] = s.previous["resources"]
    defs = run.definitions()
    deps = graph.dependencies(defs)
    s.imports = []

    async def one(name: str) -> None:
        res = s.resources.get(name)
        # One whose create failed (rollback disabled) has nothing to update: it is created again.
        if name in before and res is not None and res.status not in DONE_DELETING and not (res.status == "CREATE_FAILED" and not res.physical_id):
            await run.update_one(name, defs[name])
        else:
            await run.create_one(name, defs[name])

    failed = await run.walk(deps, one)
    reason = _failed_list("update", failed) if failed else ""
    if run.cancelled():
        reason = "Resource update cancelled"
        run.uncancel()
    if not reason:
        try:
            s.outputs = outputs(run, s.previous.get("outputs"))
        except RuntimeError as e:
            reason = str(e)
        reason = reason or await alarmed(run)
    if reason and s.disable_rollback:
        s.operation = ""
        run.stack_status("UPDATE_FAILED", reason)
        return
    if reason:
        s.operation = "UPDATE_ROLLBACK"
        run.stack_status("UPDATE_ROLLBACK_IN_PROGRESS", reason)
        return
    s.operation = "UPDATE_CLEANUP"
    run.stack_status("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")


async def update_cleanup(run: Run) -> None:
    s = run.stack
    prev = s.previous or {}
    defs = run.definitions()
    removed = {n for n, r in s.resources.items() if n not in defs and r.status not in DONE_DELETING}
    old_template = prev.get("template") or s.template
    for old in list(s.replaced):
        try:
            await run.delete_one(old, _policy(s.template, old.logical_id, "UpdateReplacePolicy"), in_stack=False)
        except Exception:  # noqa: BLE001 - AWS finishes the update and leaves the event
            pass
    s.replaced = []
    await run.walk(_deletion_order(old_template, removed),
                   lambda n: run.delete_one(s.resources[n], _policy(old_template, n)), stop_on_failure=False)
    for name in removed:
        s.resources.pop(name, None)
    s.previous = None
    s.update_policy = ""
    s.operation = ""
    run.stack_status("UPDATE_COMPLETE")


async def update_rollback(run: Run) -> None:
    s = run.stack
    prev = s.previous or {}
    before: dict[str, StackResource] = prev.get("resources", {})
    skip: list[str] = prev.get("skip", [])
    current = s.resources
    to_delete = [r for n, r in current.items() if n not in before and r.status not in DONE_DELETING and n not in skip]
    replaced_names = {r.logical_id for r in s.replaced}
    to_delete += [r for n, r in current.items() if n in replaced_names and n in before and r.physical_id != before[n].physical_id]
    # Made by this update in a retry of a create that had failed: there is nothing to go back to.
    to_delete += [r for n, r in current.items() if n in before and not before[n].physical_id and r.physical_id and r.status not in DONE_DELETING]
    # Modified in place: update them back to the properties they had.
    # An update that changed the stack's tags re-tagged every resource that takes tags: all go back.
    tags_back = prev.get("tags") is not None and prev["tags"] != s.tags
    changed = [n for n, r in current.items() if n in before and n not in replaced_names and n not in skip
               and r.physical_id == before[n].physical_id and r.status not in DONE_DELETING
               and (r.properties != before[n].properties or r.status == "UPDATE_FAILED" or tags_back and tag_property(r.type))]
    from cumulo.services.cloudformation.deploy import ResourceFailed, provider

    async def back(name: str) -> None:
        cur, old = current[name], before[name]
        impl = provider(cur.type)
        # A failed update may have changed part of the resource: roll back from what it tried.
        now = getattr(cur, "attempted", None) or cur.properties
        retag = tag_property(cur.type) if tags_back else None
        if impl is None or impl.update is None or now == old.properties and retag is None:
            run.event(name, cur.physical_id, cur.type, "UPDATE_COMPLETE")
            return
        run.event(name, cur.physical_id, cur.type, "UPDATE_IN_PROGRESS")
        ctx = run.context(name, cur.type)
        if retag is not None:
            # From the update's stack tags back to the stack's own.
            now = with_previous_tags(now, retag[0], ctx.tags, retag[1])
            ctx.tags = {**prev["tags"], **{k: v for k, v in ctx.tags.items() if k.startswith("aws:cloudformation:")}}
        try:
            made = await impl.update(ctx, cur.physical_id, old.properties, now)
        except AwsError as e:
            run.event(name, cur.physical_id, cur.type, "UPDATE_FAILED", e.message or e.code)
            raise ResourceFailed(e.message) from None
        cur.attempted = None
        cur.properties, cur.attributes = old.properties, dict(made.attributes) or old.attributes
        run.event(name, cur.physical_id, cur.type, "UPDATE_COMPLETE")

    failed = await run.walk({n: set() for n in changed}, back, stop_on_failure=False)
    if failed:
        s.operation = ""
        run.stack_status("UPDATE_ROLLBACK_FAILED", _failed_list("update", failed))
        return
    # The stack is its old self again; what the update made goes in cleanup.
    prev["new_template"] = s.template
    s.template, s.template_body = prev["template"], prev["template_body"]
    s.parameters, s.resolved_parameters = prev["parameters"], prev["resolved_parameters"]
    s.outputs, s.tags, s.imports = prev["outputs"], prev["tags"], prev["imports"]
    s.description = prev.get("description", s.description)
    restored = copy.deepcopy(before)
    for name, res in restored.items():
        if name in current and current[name].physical_id == res.physical_id:
            res.status, res.properties, res.attributes = current[name].status, current[name].properties, current[name].attributes
            if res.status.endswith("_FAILED"):
                res.status = "UPDATE_COMPLETE"
    s.resources = restored
    s.replaced = to_delete
    s.operation = "UPDATE_ROLLBACK_CLEANUP"
    run.stack_status("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")


async def update_rollback_cleanup(run: Run) -> None:
    s = run.stack
    prev = s.previous or {}
    new_template = prev.get("new_template") or s.template
    for res in list(s.replaced):
        try:
            await run.delete_one(res, _policy(new_template, res.logical_id), in_stack=False, rollback=True)
        except Exception:  # noqa: BLE001 - the rollback completes; the event says what was left
            pass
    s.replaced = []
    s.previous = None
    s.update_policy = ""
    s.operation = ""
    run.stack_status("UPDATE_ROLLBACK_COMPLETE")


async def import_(run: Run) -> None:
    """An IMPORT change set: the named resources join the stack as they are, once their
    provider reads each back (a resource that is not there fails the import)."""
    from cumulo.services.cloudformation.deploy import provider

    s = run.stack
    prev = s.previous or {}
    failed: list[str] = []
    for item in prev.get("import", []):
        name = item["LogicalResourceId"]
        definition = s.template["Resources"][name]
        res = StackResource(name, definition["Type"])
        s.resources[name] = res
        run.event(name, "", res.type, "IMPORT_IN_PROGRESS")
        ident = item.get("ResourceIdentifier") or {}
        res.physical_id = str(next(iter(ident.values()), ""))
        try:
            res.properties = await run.properties(name, definition)
        except Exception:  # noqa: BLE001 - an unresolvable property is kept as written
            res.properties = definition.get("Properties") or {}
        impl = provider(res.type)
        if impl is not None and impl.read is not None:
            try:
                await impl.read(run.context(name, res.type), res.physical_id, res.properties)
            except AwsError:
                run.event(name, res.physical_id, res.type, "IMPORT_FAILED",
                          f"Resource of type '{res.type}' with identifier '{res.physical_id}' was not found.")
                failed.append(name)
                continue
        run.event(name, res.physical_id, res.type, "IMPORT_COMPLETE", "Resource import completed.")
    if failed:
        s.operation = "IMPORT_ROLLBACK"
        run.stack_status("IMPORT_ROLLBACK_IN_PROGRESS", _failed_list("import", failed))
        return
    try:
        s.outputs = outputs(run, prev.get("outputs"))
    except RuntimeError:
        pass
    s.previous = None
    s.operation = ""
    run.stack_status("IMPORT_COMPLETE")


async def import_rollback(run: Run) -> None:
    """The imported resources leave the stack again, untouched (an import never deletes)."""
    s = run.stack
    prev = s.previous or {}
    for item in prev.get("import", []):
        res = s.resources.pop(item["LogicalResourceId"], None)
        if res is not None and res.status != "IMPORT_FAILED":
            run.event(res.logical_id, res.physical_id, res.type, "IMPORT_ROLLBACK_COMPLETE")
    if "template" in prev:
        s.template, s.template_body = prev["template"], prev["template_body"]
    s.previous = None
    s.operation = ""
    run.stack_status("IMPORT_ROLLBACK_COMPLETE")


PHASES: dict[str, Callable[[Run], Awaitable[None]]] = {
    "CREATE": create,
    "CREATE_FAILED": create_failed,
    "ROLLBACK": rollback,
    "DELETE": delete,
    "UPDATE": update,
    "UPDATE_CLEANUP": update_cleanup,
    "UPDATE_ROLLBACK": update_rollback,
    "UPDATE_ROLLBACK_CLEANUP": update_rollback_cleanup,
    "IMPORT": import_,
    "IMPORT_ROLLBACK": import_rollback,
}
