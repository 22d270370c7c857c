"""EventBridge Pipes handlers, one per operation, in model order.

Handlers record the pipe and its desired state; `flow.step` (a tick) moves
the current state (CREATING -> RUNNING, STOPPING -> STOPPED, ...) and runs
the pipe, so every transition is observable and follows the clock.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, ValidationError
from cumulo.engines import event_patterns
from cumulo.services.pipes.flow import SERVICE
from cumulo.services.pipes.models import Pipe

SOURCES = {"sqs", "dynamodb", "kinesis", "mq", "kafka"}


def _pipes(ctx: RequestContext) -> Any:
    return ctx.store.scope(SERVICE, ctx.account, ctx.region).table("pipes")


def _pipe(ctx: RequestContext, name: str) -> Pipe:
    found: Pipe | None = _pipes(ctx).get(name)
    if found is None:
        raise AwsError("NotFoundException", f"Pipe {name} does not exist.")
    return found


def _check_filters(params: dict[str, Any]) -> None:
    for f in (params.get("FilterCriteria") or {}).get("Filters") or []:
        if f.get("Pattern"):
            try:
                event_patterns.parse(f["Pattern"])
            except (ValueError, TypeError) as error:
                raise ValidationError(message=f"Invalid FilterCriteria pattern: {getattr(error, 'reason', None) or error}") from None


def _check_arn(arn: str, what: str) -> str:
    if what == "source" and arn.startswith("smk://"):
        return "kafka"  # a self-managed Kafka cluster: recorded; cumulo does not poll Kafka
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn":
        raise ValidationError(message=f"1 validation error detected: Value '{arn}' at '{what}' failed to satisfy constraint: Member must be a valid ARN.")
    return parts[2]


def _summary(pipe: Pipe) -> dict[str, Any]:
    return {"Arn": pipe.arn, "Name": pipe.name, "DesiredState": pipe.desired_state, "CurrentState": pipe.current_state,
            "CreationTime": pipe.created, "LastModifiedTime": pipe.modified}


def create_pipe(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipes = _pipes(ctx)
    if req["Name"] in pipes:
        raise AwsError("ConflictException", f"Pipe {req['Name']} already exists.", ResourceId=req["Name"], ResourceType="pipe")
    if _check_arn(req["Source"], "source") not in SOURCES:
        raise ValidationError(message=f"Source {req['Source']} is not a supported pipe source.")
    _check_arn(req["Target"], "target")
    if req.get("Enrichment"):
        _check_arn(req["Enrichment"], "enrichment")
    _check_filters(req.get("SourceParameters") or {})
    now = ctx.clock.now()
    pipe = Pipe(req["Name"], ctx.account, ctx.region, req["Source"], req["Target"], req["RoleArn"], now, now,
                desired_state=req.get("DesiredState") or "RUNNING", description=req.get("Description"),
                source_parameters=req.get("SourceParameters") or {}, enrichment=req.get("Enrichment") or None,
                enrichment_parameters=req.get("EnrichmentParameters") or {}, target_parameters=req.get("TargetParameters") or {},
                log_configuration=req.get("LogConfiguration"), kms_key=req.get("KmsKeyIdentifier"), tags=dict(req.get("Tags") or {}))
    pipes[pipe.name] = pipe
    return _summary(pipe)


def delete_pipe(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipe = _pipe(ctx, req["Name"])
    del _pipes(ctx)[pipe.name]
    return {**_summary(pipe), "CurrentState": "DELETING"}


def describe_pipe(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipe = _pipe(ctx, req["Name"])
    out = {**_summary(pipe), "Source": pipe.source, "Target": pipe.target, "RoleArn": pipe.role_arn, "Tags": pipe.tags,
           "SourceParameters": pipe.source_parameters, "TargetParameters": pipe.target_parameters,
           "EnrichmentParameters": pipe.enrichment_parameters}
    for key, value in (("Description", pipe.description), ("Enrichment", pipe.enrichment), ("StateReason", pipe.state_reason),
                       ("LogConfiguration", pipe.log_configuration), ("KmsKeyIdentifier", pipe.kms_key)):
        if value is not None:
            out[key] = value
    return out


def list_pipes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipes = _pipes(ctx)
    found = []
    for name in sorted(pipes):
        p: Pipe = pipes[name]
        if req.get("NamePrefix") and not name.startswith(req["NamePrefix"]):
            continue
        if any(req.get(k) and req[k] != v for k, v in (("DesiredState", p.desired_state), ("CurrentState", p.current_state))):
            continue
        if req.get("SourcePrefix") and not p.source.startswith(req["SourcePrefix"]):
            continue
        if req.get("TargetPrefix") and not p.target.startswith(req["TargetPrefix"]):
            continue
        found.append({**_summary(p), "Source": p.source, "Target": p.target, **({"Enrichment": p.enrichment} if p.enrichment else {}),
                      **({"StateReason": p.state_reason} if p.state_reason else {})})
    token = req.get("NextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise ValidationError(message="The NextToken is not valid.") from None
    limit = req.get("Limit") or 100
    out: dict[str, Any] = {"Pipes": found[start : start + limit]}
    if start + limit < len(found):
        out["NextToken"] = str(start + limit)
    return out


def start_pipe(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipe = _pipe(ctx, req["Name"])
    if pipe.current_state == "DELETING":
        raise AwsError("ConflictException", f"Pipe {pipe.name} is {pipe.current_state} and cannot be started now.",
                       ResourceId=pipe.name, ResourceType="pipe")
    pipe.desired_state = "RUNNING"
    # In a transition (CREATING, UPDATING) the new desired state is where it ends.
    if pipe.current_state in ("STOPPED", "STOPPING", "START_FAILED", "STOP_FAILED"):
        pipe.current_state = "STARTING"
    pipe.modified = ctx.clock.now()
    _pipes(ctx).touch(pipe.name)
    return _summary(pipe)


def stop_pipe(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipe = _pipe(ctx, req["Name"])
    if pipe.current_state == "DELETING":
        raise AwsError("ConflictException", f"Pipe {pipe.name} is {pipe.current_state} and cannot be stopped now.",
                       ResourceId=pipe.name, ResourceType="pipe")
    pipe.desired_state = "STOPPED"
    if pipe.current_state in ("RUNNING", "STARTING", "START_FAILED", "STOP_FAILED"):
        pipe.current_state = "STOPPING"
    pipe.modified = ctx.clock.now()
    _pipes(ctx).touch(pipe.name)
    return _summary(pipe)


def update_pipe(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipe = _pipe(ctx, req["Name"])
    if req.get("SourceParameters"):
        _check_filters(req["SourceParameters"])
        pipe.source_parameters = {**pipe.source_parameters, **req["SourceParameters"]}
    for key, attr in (("Description", "description"), ("Enrichment", "enrichment"), ("Target", "target"),
                      ("LogConfiguration", "log_configuration"), ("KmsKeyIdentifier", "kms_key")):
        if key in req:
            setattr(pipe, attr, req[key] or None)
    if req.get("Target"):
        _check_arn(req["Target"], "target")
    if "EnrichmentParameters" in req:
        pipe.enrichment_parameters = req["EnrichmentParameters"] or {}
    if "TargetParameters" in req:
        pipe.target_parameters = req["TargetParameters"] or {}
    pipe.role_arn = req["RoleArn"]
    if req.get("DesiredState"):
        pipe.desired_state = req["DesiredState"]
    pipe.current_state = "UPDATING"
    pipe.modified = ctx.clock.now()
    _pipes(ctx).touch(pipe.name)
    return _summary(pipe)


def _by_arn(ctx: RequestContext, arn: str) -> Pipe:
    name = arn.rsplit("pipe/", 1)[-1] if ":pipe/" in arn else ""
    pipe = _pipes(ctx).get(name)
    if pipe is None or pipe.arn != arn:
        raise AwsError("NotFoundException", f"Pipe {arn} does not exist.")
    return pipe


def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"tags": dict(_by_arn(ctx, req["resourceArn"]).tags)}


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipe = _by_arn(ctx, req["resourceArn"])
    pipe.tags.update(req["tags"])
    _pipes(ctx).touch(pipe.name)
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pipe = _by_arn(ctx, req["resourceArn"])
    for key in req["tagKeys"]:
        pipe.tags.pop(key, None)
    _pipes(ctx).touch(pipe.name)
    return {}
