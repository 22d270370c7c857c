"""State machine aliases: a name routing executions to one or two versions by weight."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions import common
from cumulo.services.stepfunctions.models import Alias, StateMachine


def _check_routing(ctx: RequestContext, m: StateMachine, routing: list[dict[str, Any]]) -> None:
    if not 1 <= len(routing) <= 2:
        raise AwsError("ValidationException", "Routing configuration must contain one or two versions")
    if sum(r.get("weight", 0) for r in routing) != 100:
        raise AwsError("ValidationException", "Sum of routing configuration weights must be equal to 100")
    seen = set()
    for r in routing:
        arn = r.get("stateMachineVersionArn", "")
        scope, rest = common.scope_of(ctx, arn, ("stateMachine",))
        if rest.split(":")[0] != m.name or not rest.split(":")[-1].isdigit():
            raise AwsError("ValidationException", f"Routing configuration must reference versions of {m.arn}: '{arn}'")
        if arn not in common.versions(scope):
            raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'", resourceName=arn)
        if arn in seen:
            raise AwsError("ValidationException", "Routing configuration must not contain duplicate versions")
        seen.add(arn)


def _alias(ctx: RequestContext, arn: str) -> tuple[Any, Alias]:
    scope, rest = common.scope_of(ctx, arn, ("stateMachine",))
    if rest.count(":") != 1 or rest.split(":")[1].isdigit():
        raise AwsError("InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
    alias: Alias | None = common.aliases(scope).get(arn)
    if alias is None:
        raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'", resourceName=arn)
    return scope, alias


def create_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["name"]
    common.check_name(name)
    if name.isdigit():
        raise AwsError("InvalidName", f"Invalid Name: '{name}' (an alias name must not be a version number)")
    routing = req["routingConfiguration"]
    first = routing[0]["stateMachineVersionArn"] if routing else ""
    machine_arn = ":".join(first.split(":")[:7])
    try:
        m = common.machine(ctx, machine_arn)
    except AwsError as error:
        if error.code == "StateMachineDoesNotExist":
            raise AwsError("ResourceNotFound", f"Resource not found: '{first}'", resourceName=first) from None
        raise
    _check_routing(ctx, m, routing)
    scope, _ = common.scope_of(ctx, m.arn, ("stateMachine",))
    arn = f"{m.arn}:{name}"
    table = common.aliases(scope)
    existing: Alias | None = table.get(arn)
    if existing is not None:
        if existing.routing == routing and existing.description == req.get("description", ""):
            return {"stateMachineAliasArn": arn, "creationDate": existing.created}
        raise AwsError("ConflictException", f"Failed to create alias because an alias with the same name and a different routing configuration already exists: '{arn}'")
    now = ctx.clock.now()
    table[arn] = Alias(arn, m.arn, name, req.get("description", ""), routing, now, now)
    return {"stateMachineAliasArn": arn, "creationDate": now}


def describe_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, alias = _alias(ctx, req["stateMachineAliasArn"])
    return {"stateMachineAliasArn": alias.arn, "name": alias.name, "description": alias.description,
            "routingConfiguration": alias.routing, "creationDate": alias.created, "updateDate": alias.updated}


def update_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, alias = _alias(ctx, req["stateMachineAliasArn"])
    if "description" not in req and "routingConfiguration" not in req:
        raise AwsError("ValidationException", "Either the description or the routing configuration must be specified")
    if "routingConfiguration" in req:
        _check_routing(ctx, common.machine(ctx, alias.machine_arn), req["routingConfiguration"])
        alias.routing = req["routingConfiguration"]
    if "description" in req:
        alias.description = req["description"]
    alias.updated = ctx.clock.now()
    common.aliases(scope).touch(alias.arn)
    return {"updateDate": alias.updated}


def delete_state_machine_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["stateMachineAliasArn"]
    scope, rest = common.scope_of(ctx, arn, ("stateMachine",))
    table = common.aliases(scope)
    if arn in table:
        del table[arn]
    return {}


def list_state_machine_aliases(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m = common.machine(ctx, req["stateMachineArn"])
    scope, _ = common.scope_of(ctx, m.arn, ("stateMachine",))
    items = sorted((a for a in common.aliases(scope).values() if a.machine_arn == m.arn), key=lambda a: a.name)
    chunk, token = common.page(items, req, lambda a: a.name)
    out: dict[str, Any] = {"stateMachineAliases": [{"stateMachineAliasArn": a.arn, "creationDate": a.created} for a in chunk]}
    if token:
        out["nextToken"] = token
    return out
