"""Helpers the API modules share: names, paging, tags, and starting an update."""

from __future__ import annotations

import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.cloudformation import deploy
from cumulo.services.cloudformation.models import Stack
from cumulo.services.cloudformation.phases import snapshot
from cumulo.core.errors import AwsError
from cumulo.services.cloudformation.models import ChangeSet
from cumulo.services.cloudformation.stacks import UPDATABLE, find, save, scope, stack_event
from cumulo.services.cloudformation.template import validation

NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]{0,127}$")
PAGE = 100


def check_name(name: str) -> None:
    if not NAME.match(name or ""):
        raise validation(f"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: "
                         "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*")


def page(items: list[Any], token: str | None, size: int = PAGE) -> tuple[list[Any], str | None]:
    start = int(token) if token and token.isdigit() else 0
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


def tags_of(req: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in req.get("Tags") or []}


def apply_options(stack: Stack, req: dict[str, Any]) -> None:
    """The stack settings a create or update request may carry."""
    if "NotificationARNs" in req:
        stack.notification_arns = list(req["NotificationARNs"] or [])
    if "Capabilities" in req:
        stack.capabilities = list(req["Capabilities"] or [])
    if "RoleARN" in req:
        stack.role_arn = req["RoleARN"]
    if "RollbackConfiguration" in req:
        stack.rollback_configuration = dict(req["RollbackConfiguration"] or {})
    if "DisableRollback" in req:
        stack.disable_rollback = bool(req["DisableRollback"])
    if "RetainExceptOnCreate" in req:
        stack.retain_except_on_create = bool(req["RetainExceptOnCreate"])
    if "ClientRequestToken" in req:
        stack.token = req["ClientRequestToken"] or ""


def begin_update(ctx: RequestContext, stack: Stack, sub: Any, req: dict[str, Any], tags: dict[str, str] | None) -> None:
    stack.previous = snapshot(stack)
    stack.template_body, stack.template = sub.body, sub.template
    stack.parameters, stack.resolved_parameters = sub.given, sub.resolved
    stack.description = str(sub.template.get("Description", ""))
    if tags is not None:
        stack.tags = tags
    apply_options(stack, req)
    stack.updated = ctx.clock.now()
    stack.operation = "UPDATE"
    stack.replaced = []
    save(ctx.runtime, ctx.account, ctx.region, stack)
    stack_event(ctx.runtime, ctx.account, ctx.region, stack, "UPDATE_IN_PROGRESS", "User Initiated")
    deploy.start(ctx.runtime, ctx.account, ctx.region, stack.stack_id)


# A stack that failed with rollback disabled keeps what it made and can be updated again: the
# update retries what failed (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html).
RETRYABLE = frozenset({"CREATE_FAILED", "UPDATE_FAILED"})


def updatable(stack: Stack) -> None:
    retryable = stack.status in RETRYABLE and (stack.disable_rollback or stack.on_failure == "DO_NOTHING")
    if (stack.status not in UPDATABLE and not retryable) or stack.operation:
        raise validation(f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.")




def _table(ctx: RequestContext) -> Any:
    return scope(ctx.runtime, ctx.account, ctx.region).table("changesets")


def find_change_set(ctx: RequestContext, name: str, stack_name: str | None) -> ChangeSet:
    sets = _table(ctx)
    if name.startswith("arn:"):
        cs = sets.get(name)
    else:
        if stack_name:
            stack = find(ctx.runtime, ctx.account, ctx.region, stack_name)
            cs = next((c for c in sets.values() if c.name == name and stack is not None and c.stack_id == stack.stack_id), None)
        else:
            named = [c for c in sets.values() if c.name == name]
            if len(named) > 1:
                raise validation("StackName must be specified if ChangeSetName is not specified as an ARN.")
            cs = named[0] if named else None
    if cs is None:
        raise AwsError("ChangeSetNotFoundException", f"ChangeSet [{name}] does not exist", status=404)
    return cs


