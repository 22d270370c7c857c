"""State machines, their published versions, tags and definition checks."""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions import common
from cumulo.services.stepfunctions.asl import validate
from cumulo.services.stepfunctions.models import StateMachine, Version

MAX_TAGS = 50


def _check_definition(definition: str) -> None:
    found = validate.diagnostics(definition)
    if found:
        raise AwsError("InvalidDefinition", validate.message(found))


def _check_role(role: str) -> None:
    if not role.startswith("arn:") or ":role/" not in role:
        raise AwsError("InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {role}'")


def _describe(m: StateMachine) -> dict[str, Any]:
    out: dict[str, Any] = {
        "stateMachineArn": m.arn, "name": m.name, "status": m.status, "definition": m.definition,
        "roleArn": m.role_arn, "type": m.type, "creationDate": m.created, "revisionId": m.revision_id,
        "loggingConfiguration": m.logging or {"level": "OFF", "includeExecutionData": False},
        "tracingConfiguration": m.tracing or {"enabled": False},
        "encryptionConfiguration": m.encryption or {"type": "AWS_OWNED_KEY"},
    }
    if m.description:
        out["description"] = m.description
    return out


def _publish(ctx: RequestContext, m: StateMachine, description: str) -> str:
    table = common.versions(ctx.scope_for(*_home(m)))
    for v in table.values():  # publishing an unchanged revision answers its existing version
        if v.machine_arn == m.arn and v.revision_id == m.revision_id:
            return str(v.arn)
    number = m.next_version
    m.next_version += 1
    arn = f"{m.arn}:{number}"
    table[arn] = Version(arn, m.arn, number, m.definition, m.role_arn, m.revision_id, ctx.clock.now(), description)
    return arn


def _home(m: StateMachine) -> tuple[str, str]:
    parts = m.arn.split(":")
    return parts[4], parts[3]


def _add_tags(m: StateMachine, tags: list[dict[str, str]]) -> None:
    merged = {**m.tags, **{t.get("key", ""): t.get("value", "") for t in tags}}
    if len(merged) > MAX_TAGS:
        raise AwsError("TooManyTags", f"Too many tags: the maximum is {MAX_TAGS}", resourceName=m.arn)
    m.tags = merged


def _check_logging(config: dict[str, Any] | None) -> None:
    """AWS's rules for a loggingConfiguration: a level other than OFF needs exactly one
    log group destination, named by a log group ARN."""
    if not config:
        return
    destinations = config.get("destinations") or []
    if len(destinations) > 1 or ((config.get("level") or "OFF") != "OFF" and not destinations):
        raise AwsError("InvalidLoggingConfiguration", "Invalid Logging Configuration: Must specify exactly one Log Destination.")
    for each in destinations:
        arn = (each.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn", "")
        if not arn.startswith("arn:") or ":logs:" not in arn or ":log-group:" not in arn:
            raise AwsError("InvalidLoggingConfiguration", f"Invalid Logging Configuration: Invalid Log Group ARN: {arn}")


# ---------------------------------------------------------------- handlers


def create_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["name"]
    common.check_name(name)
    _check_role(req["roleArn"])
    kind = req.get("type") or "STANDARD"
    _check_definition(req["definition"])
    _check_logging(req.get("loggingConfiguration"))
    table = common.machines(ctx.scope)
    arn = ctx.arn(f"stateMachine:{name}", service="states")
    existing: StateMachine | None = table.get(name)
    if existing is not None:
        same = (existing.definition == req["definition"] and existing.role_arn == req["roleArn"] and existing.type == kind
                and (existing.logging or {}) == (req.get("loggingConfiguration") or existing.logging or {}))
        if not same:
            raise AwsError("StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'")
        return {"stateMachineArn": existing.arn, "creationDate": existing.created}
    now = ctx.clock.now()
    m = StateMachine(
        name=name, arn=arn, definition=req["definition"], role_arn=req["roleArn"], type=kind, created=now,
        revision_id=str(uuid.uuid4()), logging=req.get("loggingConfiguration") or {},
        tracing=req.get("tracingConfiguration") or {}, encryption=req.get("encryptionConfiguration") or {},
    )
    _add_tags(m, req.get("tags") or [])
    out: dict[str, Any] = {"stateMachineArn": arn, "creationDate": now}
    if req.get("publish"):
        out["stateMachineVersionArn"] = _publish(ctx, m, req.get("versionDescription", ""))
    elif req.get("versionDescription"):
        raise AwsError("ValidationException", "Version description can only be set when publishing a version")
    table[name] = m
    return out


def describe_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["stateMachineArn"]
    m = common.machine(ctx, arn)
    if arn != m.arn:  # a version ARN describes that version
        scope, _ = common.scope_of(ctx, arn, ("stateMachine",))
        v: Version | None = common.versions(scope).get(arn)
        if v is None:
            raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
        out = _describe(m) | {"stateMachineArn": v.arn, "definition": v.definition, "roleArn": v.role_arn,
                              "revisionId": v.revision_id, "creationDate": v.created}
        out.pop("description", None)
        if v.description:
            out["description"] = v.description
        return out
    return _describe(m)


def update_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m = common.machine(ctx, req["stateMachineArn"])
    if req["stateMachineArn"] != m.arn:
        raise AwsError("ValidationException", "Updating a version or alias of a state machine is not allowed; update the state machine itself")
    fields = ("definition", "roleArn", "loggingConfiguration", "tracingConfiguration", "encryptionConfiguration")
    if not any(f in req for f in fields) and not req.get("publish"):
        raise AwsError("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, "
                       "the EncryptionConfiguration or the TracingConfiguration must be specified")
    if "definition" in req:
        _check_definition(req["definition"])
    if "roleArn" in req:
        _check_role(req["roleArn"])
    _check_logging(req.get("loggingConfiguration"))
    changed = False
    for field, attr in (("definition", "definition"), ("roleArn", "role_arn")):
        if field in req and getattr(m, attr) != req[field]:
            setattr(m, attr, req[field])
            changed = True
    for field, attr in (("loggingConfiguration", "logging"), ("tracingConfiguration", "tracing"), ("encryptionConfiguration", "encryption")):
        if field in req:
            setattr(m, attr, req[field] or {})
    if changed:
        m.revision_id = str(uuid.uuid4())
    m.updated = ctx.clock.now()
    out: dict[str, Any] = {"updateDate": m.updated, "revisionId": m.revision_id}
    if req.get("publish"):
        out["stateMachineVersionArn"] = _publish(ctx, m, req.get("versionDescription", ""))
    common.machines(ctx.scope_for(*_home(m))).touch(m.name)
    return out


def delete_state_machine(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["stateMachineArn"]
    scope, rest = common.scope_of(ctx, arn, ("stateMachine",))
    if ":" in rest:
        raise AwsError("ValidationException", f"Invalid Arn: use DeleteStateMachineVersion or DeleteStateMachineAlias for '{arn}'")
    table = common.machines(scope)
    if rest in table:
        del table[rest]
        for table_of in (common.versions, common.aliases):
            other = table_of(scope)
            for key in [k for k, v in other.items() if v.machine_arn == arn]:
                del other[key]
    return {}  # deleting what does not exist succeeds, as on AWS


def list_state_machines(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    items = sorted(common.machines(ctx.scope).values(), key=lambda m: m.name)
    chunk, token = common.page(items, req, lambda m: m.name)
    out: dict[str, Any] = {"stateMachines": [
        {"stateMachineArn": m.arn, "name": m.name, "type": m.type, "creationDate": m.created} for m in chunk
    ]}
    if token:
        out["nextToken"] = token
    return out


def validate_state_machine_definition(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = validate.diagnostics(req["definition"])
    limit = req.get("maxResults") or 100
    diagnostics = [{"severity": "ERROR", "code": code, "message": text, **({"location": loc} if loc else {})}
                   for code, text, loc in found]
    return {"result": "FAIL" if found else "OK", "diagnostics": diagnostics[:limit], "truncated": len(diagnostics) > limit}


def publish_state_machine_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m = common.machine(ctx, req["stateMachineArn"])
    if req.get("revisionId") and req["revisionId"] != m.revision_id:
        raise AwsError("ConflictException", f"Failed to publish the State Machine version for revision {req['revisionId']}. "
                       f"The current State Machine revision is {m.revision_id}.")
    arn = _publish(ctx, m, req.get("description", ""))
    common.machines(ctx.scope_for(*_home(m))).touch(m.name)
    scope, _ = common.scope_of(ctx, arn, ("stateMachine",))
    return {"stateMachineVersionArn": arn, "creationDate": common.versions(scope)[arn].created}


def list_state_machine_versions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m = common.machine(ctx, req["stateMachineArn"])
    scope, _ = common.scope_of(ctx, m.arn, ("stateMachine",))
    items = sorted((v for v in common.versions(scope).values() if v.machine_arn == m.arn), key=lambda v: -v.number)
    chunk, token = common.page(items, req, lambda v: v.number)
    out: dict[str, Any] = {"stateMachineVersions": [{"stateMachineVersionArn": v.arn, "creationDate": v.created} for v in chunk]}
    if token:
        out["nextToken"] = token
    return out


def delete_state_machine_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["stateMachineVersionArn"]
    scope, rest = common.scope_of(ctx, arn, ("stateMachine",))
    if not rest.split(":")[-1].isdigit():
        raise AwsError("ValidationException", f"Invalid Arn: '{arn}' is not a state machine version ARN")
    for alias in common.aliases(scope).values():
        if any(r["stateMachineVersionArn"] == arn for r in alias.routing):
            raise AwsError("ConflictException", f"Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [{alias.name}]")
    table = common.versions(scope)
    if arn in table:
        del table[arn]
    return {}


def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"tags": common.tags_list(_tagged(ctx, req["resourceArn"]).tags)}


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m = _tagged(ctx, req["resourceArn"])
    _add_tags(m, req["tags"])
    common.machines(ctx.scope_for(*_home(m))).touch(m.name)
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    m = _tagged(ctx, req["resourceArn"])
    m.tags = {k: v for k, v in m.tags.items() if k not in set(req["tagKeys"])}
    common.machines(ctx.scope_for(*_home(m))).touch(m.name)
    return {}


def _tagged(ctx: RequestContext, arn: str) -> StateMachine:
    try:
        m = common.machine(ctx, arn)
    except AwsError as error:
        if error.code == "StateMachineDoesNotExist":
            raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'", resourceName=arn) from None
        raise
    if m.arn != arn:
        raise AwsError("InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
    return m


