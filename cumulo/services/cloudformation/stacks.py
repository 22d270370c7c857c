"""Stacks in the store: finding them by name or id, writing their events (AWS's
order, timestamps that never go back), exports, and the evaluator a stack's template
is resolved with.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from cumulo.core.arns import partition
from cumulo.services.cloudformation import parameters
from cumulo.services.cloudformation.intrinsics import UNKNOWN, Evaluator, pseudo_parameters
from cumulo.services.cloudformation.models import Stack, StackEvent, events_table
from cumulo.services.cloudformation.template import validation

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope, Table

STACK_TYPE = "AWS::CloudFormation::Stack"
# Statuses a stack rests in (no operation running) and may be updated from.
UPDATABLE = frozenset({"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"})
GONE = "DELETE_COMPLETE"


def scope(runtime: Runtime, account: str, region: str) -> Scope:
    return runtime.store.scope("cloudformation", account, region)


def table(runtime: Runtime, account: str, region: str) -> Table:
    return scope(runtime, account, region).table("stacks")


def new_stack_id(account: str, region: str, name: str) -> str:
    return f"arn:{partition(region)}:cloudformation:{region}:{account}:stack/{name}/{uuid.uuid4()}"


def find(runtime: Runtime, account: str, region: str, name_or_id: str, *, deleted: bool = False) -> Stack | None:
    """The live stack named `name_or_id`, or the stack with that id (deleted or not)."""
    stacks = table(runtime, account, region)
    if name_or_id.startswith("arn:"):
        stack: Stack | None = stacks.get(name_or_id)
        return stack if stack is not None and (deleted or stack.status != GONE) else None
    for stack in stacks.values():
        if stack.name == name_or_id and stack.status != GONE:
            return stack
    # An alias (SetAlias) stands for its stack's name.
    aliased = scope(runtime, account, region).table("aliases").get(name_or_id)
    if aliased is not None:
        stack = stacks.get(aliased)
        if stack is not None and stack.status != GONE:
            return stack
    return None


def require(runtime: Runtime, account: str, region: str, name_or_id: str | None, *, deleted: bool = False) -> Stack:
    if not name_or_id:
        raise validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null")
    stack = find(runtime, account, region, name_or_id, deleted=deleted)
    if stack is None:
        raise validation(f"Stack with id {name_or_id} does not exist")
    return stack


def save(runtime: Runtime, account: str, region: str, stack: Stack) -> None:
    table(runtime, account, region)[stack.stack_id] = stack


def emit(runtime: Runtime, account: str, region: str, stack: Stack, logical_id: str, physical_id: str, type_name: str,
         status: str, reason: str = "", properties: str = "", *, touch: bool = True) -> StackEvent:
    """Write one stack event, move the resource (or the stack) to `status`, and commit."""
    now = runtime.clock.now()
    # Events of one stack never share or go back in time: readers sort by timestamp.
    stamp = max(round(now, 3), round(stack.last_event + 0.001, 3))
    stack.last_event = stamp
    stack.event_seq += 1
    event = StackEvent(str(uuid.uuid4()), stack.stack_id, stack.name, logical_id, physical_id, type_name, stamp, status,
                       reason, properties, stack.token)
    if logical_id == stack.name and type_name == STACK_TYPE and physical_id == stack.stack_id:
        stack.status, stack.reason = status, reason
    else:
        event.event_id = f"{logical_id}-{status}-{_iso(stamp)}"
        res = stack.resources.get(logical_id) if touch else None
        if res is not None:
            res.status, res.reason, res.updated = status, reason, stamp
    events = scope(runtime, account, region).table(events_table(stack.stack_id))
    events[f"{stack.event_seq:08d}"] = event
    save(runtime, account, region, stack)
    runtime.store.commit()
    if stack.notification_arns:
        _notify(runtime, account, region, stack, event)
    return event


def stack_event(runtime: Runtime, account: str, region: str, stack: Stack, status: str, reason: str = "") -> StackEvent:
    return emit(runtime, account, region, stack, stack.name, stack.stack_id, STACK_TYPE, status, reason)


def _iso(stamp: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def _notify(runtime: Runtime, account: str, region: str, stack: Stack, event: StackEvent) -> None:
    """Each event to the stack's SNS topics, in CloudFormation's key='value' lines."""
    import asyncio

    from cumulo.services import call

    text = "\n".join(f"{k}='{v}'" for k, v in (
        ("StackId", stack.stack_id), ("Timestamp", _iso(event.timestamp)), ("EventId", event.event_id),
        ("LogicalResourceId", event.logical_id), ("Namespace", stack.stack_id.split(":")[4]),
        ("PhysicalResourceId", event.physical_id), ("PrincipalId", account), ("ResourceProperties", event.properties),
        ("ResourceStatus", event.status), ("ResourceStatusReason", event.reason), ("ResourceType", event.type),
        ("StackName", stack.name), ("ClientRequestToken", event.token or "null"),
    )) + "\n"

    async def publish(topic: str) -> None:
        try:
            await call(runtime, "sns", "Publish", {"TopicArn": topic, "Subject": "AWS CloudFormation Notification", "Message": text},
                       account, topic.split(":")[3] or region)
        except Exception:  # noqa: BLE001 - a missing topic does not stop a stack
            pass

    for topic in stack.notification_arns:
        asyncio.get_running_loop().create_task(publish(topic))


def events_of(runtime: Runtime, account: str, region: str, stack_id: str) -> list[StackEvent]:
    rows = scope(runtime, account, region).table(events_table(stack_id))
    return [rows[k] for k in sorted(rows)]


# ---------------------------------------------------------------------------- exports


def exports(runtime: Runtime, account: str, region: str) -> dict[str, tuple[str, str]]:
    """Export name -> (value, exporting stack id), over the live stacks of a region."""
    out: dict[str, tuple[str, str]] = {}
    for stack in table(runtime, account, region).values():
        if stack.status == GONE or stack.status == "REVIEW_IN_PROGRESS":
            continue
        for output in stack.outputs:
            if output.get("ExportName"):
                out[output["ExportName"]] = (str(output["OutputValue"]), stack.stack_id)
    return out


def importers(runtime: Runtime, account: str, region: str, export: str) -> list[str]:
    """Names of the live stacks importing `export`."""
    return sorted(s.name for s in table(runtime, account, region).values() if s.status != GONE and export in s.imports)


# ---------------------------------------------------------------------------- evaluation


def evaluator(runtime: Runtime, account: str, region: str, stack: Stack, template: dict[str, Any] | None = None,
              record_imports: list[str] | None = None) -> Evaluator:
    tpl = stack.template if template is None else template
    declared = tpl.get("Parameters") or {}
    values = parameters.template_values(declared, {k: v for k, v in stack.parameters.items() if k in declared},
                                        stack.resolved_parameters)
    values.update(pseudo_parameters(account, region, stack.name, stack.stack_id, stack.notification_arns))
    resources = stack.resources

    def lookup(name: str) -> tuple[Any, dict[str, Any]]:
        res = resources.get(name)
        if res is None or not res.physical_id or res.status.endswith("_FAILED") and not res.attributes:
            return UNKNOWN, {}
        return res.physical_id, res.attributes

    def export(name: str) -> str | None:
        found = exports(runtime, account, region).get(name)
        if found is None:
            return None
        if record_imports is not None and name not in record_imports:
            record_imports.append(name)
        return found[0]

    return Evaluator(tpl, values, lookup, export, region)


def active_resources(ev: Evaluator, template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The template's resources whose Condition holds (or that have none)."""
    out = {}
    for name, res in (template.get("Resources") or {}).items():
        cond = res.get("Condition")
        if cond is None or ev.condition(cond):
            out[name] = res
    return out
