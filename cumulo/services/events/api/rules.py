"""Rules, their targets, TestEventPattern, and tags (of buses and rules)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, ValidationError
from cumulo.engines import event_patterns, schedules
from cumulo.services.events import lookup, transform
from cumulo.services.events.models import DEFAULT_BUS, Rule, rule_key

MAX_TARGETS = 5


def check_pattern(text: str) -> event_patterns.Pattern:
    """A pattern's JSON, or InvalidEventPatternException with AWS's wording."""
    try:
        return event_patterns.parse(text)
    except (ValueError, TypeError) as error:
        reason = getattr(error, "reason", None) or str(error)
        raise AwsError("InvalidEventPatternException", f"Event pattern is not valid. Reason: {reason}") from None


def check_schedule(expression: str) -> schedules.Schedule:
    try:
        schedule = schedules.parse(expression)
    except schedules.ScheduleError:
        raise ValidationError(message="Parameter ScheduleExpression is not valid.") from None
    if schedule.kind == "at":
        raise ValidationError(message="Parameter ScheduleExpression is not valid.")
    return schedule


def next_fire(rule: Rule, after: float) -> float | None:
    if rule.schedule is None:
        return None
    schedule = schedules.parse(rule.schedule)
    moment = datetime.fromtimestamp(after, UTC)
    fire = schedule.next_after(moment, anchor=datetime.fromtimestamp(rule.created, UTC))
    return fire.timestamp() if fire is not None else None


def _view(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"Name": rule.name, "Arn": rule.arn, "State": rule.state, "EventBusName": rule.bus}
    for key, value in (("EventPattern", rule.event_pattern), ("ScheduleExpression", rule.schedule),
                       ("Description", rule.description), ("RoleArn", rule.role_arn), ("ManagedBy", rule.managed_by)):
        if value is not None:
            out[key] = value
    return out


def put_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    now = ctx.clock.now()
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req.get("EventBusName"), now=now)
    pattern, schedule = req.get("EventPattern"), req.get("ScheduleExpression")
    if not pattern and not schedule:
        raise ValidationError(message="Parameter(s) EventPattern or ScheduleExpression must be specified.")
    if pattern:
        check_pattern(pattern)
    if schedule:
        check_schedule(schedule)
        if bus.name != DEFAULT_BUS:
            raise ValidationError(message="ScheduleExpression is supported only on the default event bus.")
    rules = lookup.rules(ctx.store, bus.account, bus.region)
    key = rule_key(bus.name, req["Name"])
    rule: Rule | None = rules.get(key)
    if rule is not None and rule.managed_by:
        raise AwsError("ManagedRuleException", f"Rule {rule.name} is managed by {rule.managed_by} and cannot be changed.")
    if rule is None:
        rule = Rule(req["Name"], bus.name, bus.account, bus.region, now, created_by=ctx.account,
                    tags={t["Key"]: t["Value"] for t in req.get("Tags") or []})
    rule.event_pattern = pattern or None
    rule.schedule = schedule or None
    rule.state = req.get("State") or ("ENABLED" if key not in rules else rule.state)
    rule.description = req.get("Description")
    rule.role_arn = req.get("RoleArn")
    rule.next_fire = next_fire(rule, now)
    rules[key] = rule
    return {"RuleArn": rule.arn}


def delete_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    now = ctx.clock.now()
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req.get("EventBusName"), now=now)
    rules = lookup.rules(ctx.store, bus.account, bus.region)
    rule: Rule | None = rules.get(rule_key(bus.name, req["Name"]))
    if rule is None:
        return {}
    if rule.managed_by and not req.get("Force"):
        raise AwsError("ManagedRuleException", f"Rule {rule.name} is managed by {rule.managed_by}; use Force to delete it.")
    if rule.targets:
        raise ValidationError(message="Rule can't be deleted since it has targets.")
    del rules[rule_key(bus.name, rule.name)]
    return {}


def describe_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rule = lookup.rule(ctx.store, ctx.account, ctx.region, req["Name"], req.get("EventBusName"), now=ctx.clock.now())
    out = _view(rule)
    if rule.created_by:
        out["CreatedBy"] = rule.created_by
    return out


def _set_state(ctx: RequestContext, req: dict[str, Any], state: str) -> dict[str, Any]:
    now = ctx.clock.now()
    rule = lookup.rule(ctx.store, ctx.account, ctx.region, req["Name"], req.get("EventBusName"), now=now)
    if rule.managed_by:
        raise AwsError("ManagedRuleException", f"Rule {rule.name} is managed by {rule.managed_by} and cannot be changed.")
    rule.state = state
    rule.next_fire = next_fire(rule, now)
    lookup.rules(ctx.store, rule.account, rule.region).touch(rule_key(rule.bus, rule.name))
    return {}


def enable_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _set_state(ctx, req, "ENABLED")


def disable_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _set_state(ctx, req, "DISABLED")


def list_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req.get("EventBusName"), now=ctx.clock.now())
    prefix = req.get("NamePrefix") or ""
    found = [_view(r) for r in lookup.rules_of(ctx.store, bus.account, bus.region, bus.name) if r.name.startswith(prefix)]
    chunk, token = lookup.page(found, req)
    return {"Rules": chunk, **({"NextToken": token} if token else {})}


def list_rule_names_by_target(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req.get("EventBusName"), now=ctx.clock.now())
    found = [r.name for r in lookup.rules_of(ctx.store, bus.account, bus.region, bus.name)
             if any(t["Arn"] == req["TargetArn"] for t in r.targets.values())]
    chunk, token = lookup.page(found, req)
    return {"RuleNames": chunk, **({"NextToken": token} if token else {})}


# ---------------------------------------------------------------- targets


def _check_target(target: dict[str, Any]) -> None:
    transform.check_target_input(target)
    arn = target["Arn"]
    if not arn.startswith("arn:") or arn.count(":") < 5:
        raise ValidationError(message=f"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.")
    if ":sqs:" in arn and arn.endswith(".fifo") and not (target.get("SqsParameters") or {}).get("MessageGroupId"):
        raise ValidationError(message="Parameter(s) SqsParameters must be specified for target: " + target["Id"] + ".")
    policy = target.get("RetryPolicy") or {}
    if "MaximumEventAgeInSeconds" in policy and not 60 <= policy["MaximumEventAgeInSeconds"] <= 86400:
        raise ValidationError(message="MaximumEventAgeInSeconds must be between 60 and 86400.")
    if "MaximumRetryAttempts" in policy and not 0 <= policy["MaximumRetryAttempts"] <= 185:
        raise ValidationError(message="MaximumRetryAttempts must be between 0 and 185.")
    dlq = (target.get("DeadLetterConfig") or {}).get("Arn")
    if dlq is not None and ":sqs:" not in dlq:
        raise ValidationError(message="Dead-letter queue ARN must be an Amazon SQS queue ARN.")


def put_targets(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rule = lookup.rule(ctx.store, ctx.account, ctx.region, req["Rule"], req.get("EventBusName"), now=ctx.clock.now())
    if rule.managed_by:
        raise AwsError("ManagedRuleException", f"Rule {rule.name} is managed by {rule.managed_by} and cannot be changed.")
    failed: list[dict[str, Any]] = []
    ids = [t["Id"] for t in req["Targets"]]
    if len(set(ids)) != len(ids):
        raise ValidationError(message="Targets must have unique ids.")
    new = [t for t in req["Targets"] if t["Id"] not in rule.targets]
    if len(rule.targets) + len(new) > MAX_TARGETS:
        raise AwsError("LimitExceededException", f"The requested resource exceeds the maximum number allowed. Max targets per rule: {MAX_TARGETS}.")
    for target in req["Targets"]:
        try:
            _check_target(target)
        except ValidationError as error:
            failed.append({"TargetId": target["Id"], "ErrorCode": "ValidationException", "ErrorMessage": error.message})
            continue
        rule.targets[target["Id"]] = {k: v for k, v in target.items() if v is not None}
    lookup.rules(ctx.store, rule.account, rule.region).touch(rule_key(rule.bus, rule.name))
    return {"FailedEntryCount": len(failed), "FailedEntries": failed}


def remove_targets(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rule = lookup.rule(ctx.store, ctx.account, ctx.region, req["Rule"], req.get("EventBusName"), now=ctx.clock.now())
    if rule.managed_by and not req.get("Force"):
        raise AwsError("ManagedRuleException", f"Rule {rule.name} is managed by {rule.managed_by}; use Force to change it.")
    failed = []
    for target_id in req["Ids"]:
        if rule.targets.pop(target_id, None) is None:
            failed.append({"TargetId": target_id, "ErrorCode": "ResourceNotFoundException",
                           "ErrorMessage": f"Target {target_id} does not exist on rule {rule.name}."})
    lookup.rules(ctx.store, rule.account, rule.region).touch(rule_key(rule.bus, rule.name))
    return {"FailedEntryCount": len(failed), "FailedEntries": failed}


def list_targets_by_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rule = lookup.rule(ctx.store, ctx.account, ctx.region, req["Rule"], req.get("EventBusName"), now=ctx.clock.now())
    chunk, token = lookup.page(list(rule.targets.values()), req)
    return {"Targets": chunk, **({"NextToken": token} if token else {})}


# ---------------------------------------------------------------- TestEventPattern


def test_event_pattern(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    pattern = check_pattern(req["EventPattern"])
    try:
        event = orjson.loads(req["Event"])
    except orjson.JSONDecodeError:
        raise ValidationError(message="Parameter Event is not valid.") from None
    if not isinstance(event, dict):
        raise ValidationError(message="Parameter Event is not valid.")
    missing = [f for f in ("id", "account", "source", "time", "region", "detail-type") if f not in event]
    if missing:
        raise ValidationError(message=f"Parameter Event is not valid. Reason: Provided Event is missing required field: {missing[0]}.")
    return {"Result": event_patterns.matches(pattern, event)}


# ---------------------------------------------------------------- tags


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    resource = lookup.resource_by_arn(ctx.store, ctx.account, ctx.region, req["ResourceARN"], now=ctx.clock.now())
    resource.tags.update({t["Key"]: t["Value"] for t in req["Tags"]})
    _touch(ctx, resource)
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    resource = lookup.resource_by_arn(ctx.store, ctx.account, ctx.region, req["ResourceARN"], now=ctx.clock.now())
    for key in req["TagKeys"]:
        resource.tags.pop(key, None)
    _touch(ctx, resource)
    return {}


def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    resource = lookup.resource_by_arn(ctx.store, ctx.account, ctx.region, req["ResourceARN"], now=ctx.clock.now())
    return {"Tags": [{"Key": k, "Value": v} for k, v in sorted(resource.tags.items())]}


def _touch(ctx: RequestContext, resource: Any) -> None:
    if isinstance(resource, Rule):
        lookup.rules(ctx.store, resource.account, resource.region).touch(rule_key(resource.bus, resource.name))
    else:
        lookup.buses(ctx.store, resource.account, resource.region, now=ctx.clock.now()).touch(resource.name)
