"""Alarms: metric and composite alarms, their state, history and actions."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.engines import schedules
from cumulo.generated import cloudwatch as wire
from cumulo.services.cloudwatch import alarms as engine
from cumulo.services.cloudwatch import datapoints
from cumulo.services.cloudwatch.datapoints import epoch, invalid
from cumulo.services.cloudwatch.models import Alarm

MAX_ACTIONS = 5
_METRIC_KEYS = ("AlarmDescription", "OKActions", "AlarmActions", "InsufficientDataActions", "MetricName", "Namespace", "Statistic",
                "ExtendedStatistic", "Dimensions", "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
                "ComparisonOperator", "TreatMissingData", "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId")
_LOG_KEYS = ("AlarmDescription", "ScheduledQueryConfiguration", "ActionLogLineCount", "ActionLogLineRoleArn", "OKActions", "AlarmActions",
             "InsufficientDataActions", "QueryResultsToEvaluate", "QueryResultsToAlarm", "Threshold", "ComparisonOperator",
             "TreatMissingData", "WarmUpConfiguration", "ActionConfiguration")
_TREAT = ("breaching", "notBreaching", "ignore", "missing")
_COMPOSITE_KEYS = ("AlarmDescription", "OKActions", "AlarmActions", "InsufficientDataActions", "AlarmRule", "ActionsSuppressor",
                   "ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod")


def _alarms(ctx: RequestContext) -> Any:
    return ctx.scope.table("alarms")


def _arn(ctx: RequestContext, name: str) -> str:
    return f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:alarm:{name}"


def _check_actions(req: dict[str, Any]) -> None:
    for key in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        actions = req.get(key) or []
        if len(actions) > MAX_ACTIONS:
            raise invalid(f"The collection {key} must not have a size greater than {MAX_ACTIONS}.")
        for arn in actions:
            if not arn.startswith("arn:"):
                raise invalid(f"Invalid arn syntax: {arn}")


def _tags(req: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in req.get("Tags") or []}


def _store(ctx: RequestContext, name: str, kind: str, config: dict[str, Any], req: dict[str, Any]) -> None:
    table = _alarms(ctx)
    now = ctx.clock.now()
    alarm = table.get(name)
    if alarm is not None and alarm.kind != kind:
        raise invalid(f"The alarm {name} exists as a {alarm.kind}.")
    if alarm is None:
        alarm = Alarm(name, _arn(ctx, name), kind, config, state_updated=now, state_transitioned=now, config_updated=now, tags=_tags(req))
        engine.history(alarm, "ConfigurationUpdate", f'Alarm "{name}" created', {"type": "Create", "createdAlarm": config}, now)
    else:
        alarm.config = config
        alarm.config_updated = now
        alarm.tags.update(_tags(req))
        engine.history(alarm, "ConfigurationUpdate", f'Alarm "{name}" updated', {"type": "Update", "updatedAlarm": config}, now)
    alarm.actions_enabled = req.get("ActionsEnabled", True) is not False
    table[name] = alarm


def put_metric_alarm(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _check_actions(req)
    metrics = req.get("Metrics")
    single = [k for k in ("MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period") if req.get(k)]
    if metrics and single:
        raise AwsError("InvalidParameterCombinationException", f"The parameters Metrics and {single[0]} are mutually exclusive and you have specified both.", status=400)
    if not metrics:
        for key in ("MetricName", "Namespace", "Period"):
            if not req.get(key):
                raise AwsError("MissingRequiredParameterException", f"The parameter {key} is required.", status=400)
        if bool(req.get("Statistic")) == bool(req.get("ExtendedStatistic")):
            raise AwsError("InvalidParameterCombinationException", "Exactly one of Statistic and ExtendedStatistic must be specified.", status=400)
        if req.get("ExtendedStatistic") and not datapoints.valid_statistic(req["ExtendedStatistic"]):
            raise invalid(f"The value {req['ExtendedStatistic']} for parameter ExtendedStatistic is not supported.")
        if req["Period"] < 10 and req["Period"] not in (10, 30) or (req["Period"] >= 60 and req["Period"] % 60):
            raise invalid("Period must be 10, 30 or a multiple of 60.")
    else:
        returned = [q for q in metrics if q.get("ReturnData", True) and q["Id"] != req.get("ThresholdMetricId")]
        if len(returned) != 1:
            raise invalid("Exactly one element of the metrics list should return data.")
    m = req.get("DatapointsToAlarm")
    if m is not None and m > req["EvaluationPeriods"]:
        raise invalid("DatapointsToAlarm must be less than or equal to EvaluationPeriods.")
    op = req.get("ComparisonOperator")
    if not op:
        raise AwsError("MissingRequiredParameterException", "The parameter ComparisonOperator is required.", status=400)
    if "Threshold" not in req and not req.get("ThresholdMetricId"):
        raise invalid("Either Threshold or ThresholdMetricId must be specified.")
    config = {k: req[k] for k in _METRIC_KEYS if k in req}
    _store(ctx, req["AlarmName"], "MetricAlarm", config, req)
    return {}


def put_composite_alarm(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _check_actions(req)
    try:
        rule = engine.parse_rule(req["AlarmRule"])
    except engine.RuleError as error:
        raise invalid(f"AlarmRule is invalid: {error}") from None
    table = _alarms(ctx)
    for child in engine.rule_children(rule):
        if child not in table and not child.startswith("arn:"):
            raise invalid(f"Could not save the composite alarm as alarms [{child}] in the alarm rule do not exist")
    if req["AlarmName"] in engine.rule_children(rule):
        raise invalid("A composite alarm cannot refer to itself.")
    config = {k: req[k] for k in _COMPOSITE_KEYS if k in req}
    _store(ctx, req["AlarmName"], "CompositeAlarm", config, req)
    return {}


def put_log_alarm(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A log alarm: stored beside metric and composite alarms, run on the clock by `logalarms`."""
    _check_actions(req)
    name = req["AlarmName"]
    existing = _alarms(ctx).get(name)
    if existing is not None and existing.kind != "LogAlarm":
        raise wire.ResourceConflictError(f"The alarm {name} already exists as a {existing.kind}.")
    sq = req["ScheduledQueryConfiguration"]
    schedule = sq["ScheduleConfiguration"]
    try:
        schedules.parse(schedule["ScheduleExpression"])
    except schedules.ScheduleError as error:
        raise invalid(f"The ScheduleExpression {schedule['ScheduleExpression']} is invalid: {error.reason}") from None
    if int(schedule.get("EndTimeOffset") or 0) >= int(schedule["StartTimeOffset"]):
        raise invalid("EndTimeOffset must be less than StartTimeOffset.")
    if len(sq.get("LogGroupIdentifiers") or []) > 50:
        raise invalid("A log alarm can query at most 50 log groups.")
    if req["QueryResultsToAlarm"] > req["QueryResultsToEvaluate"]:
        raise invalid("QueryResultsToAlarm must be less than or equal to QueryResultsToEvaluate.")
    if not 0 <= req.get("ActionLogLineCount", 0) <= 50:
        raise invalid("ActionLogLineCount must be between 0 and 50.")
    if req.get("TreatMissingData") and req["TreatMissingData"] not in _TREAT:
        raise invalid(f"TreatMissingData must be one of {', '.join(_TREAT)}.")
    config = {k: req[k] for k in _LOG_KEYS if k in req}
    _store(ctx, name, "LogAlarm", config, req)
    # A new configuration starts a new schedule and a new run of results.
    for table in ("log-alarm-runs", "alarm-contributors"):
        if name in ctx.scope.table(table):
            del ctx.scope.table(table)[name]
    return {}


def _view(alarm: Alarm) -> dict[str, Any]:
    out: dict[str, Any] = {
        "AlarmName": alarm.name, "AlarmArn": alarm.arn, "AlarmConfigurationUpdatedTimestamp": alarm.config_updated,
        "ActionsEnabled": alarm.actions_enabled, "StateValue": alarm.state, "StateReason": alarm.reason,
        "StateUpdatedTimestamp": alarm.state_updated, "StateTransitionedTimestamp": alarm.state_transitioned,
        "OKActions": [], "AlarmActions": [], "InsufficientDataActions": [],
    }
    if alarm.reason_data:
        out["StateReasonData"] = alarm.reason_data
    out.update(alarm.config)
    if alarm.kind == "MetricAlarm":
        out.setdefault("Dimensions", [])
        if "Metrics" not in out:
            out.setdefault("TreatMissingData", "missing")
    elif alarm.kind == "LogAlarm":
        out.setdefault("TreatMissingData", "missing")
    else:
        if alarm.suppressed_by:
            out["ActionsSuppressedBy"] = alarm.suppressed_by
            out["ActionsSuppressedReason"] = alarm.suppressed_reason
        else:
            out["ActionsSuppressedBy"] = "None"
    return out


def _page(items: list[Any], token: str | None, size: int | None) -> tuple[list[Any], str | None]:
    start = 0
    if token:
        if not token.isdigit():
            raise AwsError("InvalidNextToken", "The service found the next token invalid.", status=400)
        start = int(token)
    size = size or 50
    return items[start:start + size], (str(start + size) if start + size < len(items) else None)


def describe_alarms(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _alarms(ctx)
    names = set(req.get("AlarmNames") or [])
    types = set(req.get("AlarmTypes") or ["MetricAlarm"] if not (req.get("ChildrenOfAlarmName") or req.get("ParentsOfAlarmName")) else ["MetricAlarm", "CompositeAlarm", "LogAlarm"])
    if req.get("AlarmNames") or req.get("AlarmNamePrefix"):
        types = set(req.get("AlarmTypes") or ["MetricAlarm", "CompositeAlarm"]) if req.get("AlarmTypes") else {"MetricAlarm"}
    if req.get("AlarmNames") and req.get("AlarmNamePrefix"):
        raise AwsError("InvalidParameterCombinationException", "AlarmNames and AlarmNamePrefix are mutually exclusive.", status=400)
    chosen: list[Alarm] = []
    children: set[str] | None = None
    parents: set[str] | None = None
    if req.get("ChildrenOfAlarmName"):
        parent = table.get(req["ChildrenOfAlarmName"])
        children = engine.rule_children(engine.parse_rule(parent.config["AlarmRule"])) if parent and parent.kind == "CompositeAlarm" else set()
    if req.get("ParentsOfAlarmName"):
        child = req["ParentsOfAlarmName"]
        parents = {a.name for a in table.values() if a.kind == "CompositeAlarm" and child in engine.rule_children(engine.parse_rule(a.config["AlarmRule"]))}
    for name, alarm in sorted(table.items()):
        if alarm.kind not in types:
            continue
        if names and name not in names:
            continue
        if req.get("AlarmNamePrefix") and not name.startswith(req["AlarmNamePrefix"]):
            continue
        if req.get("StateValue") and alarm.state != req["StateValue"]:
            continue
        if req.get("ActionPrefix") and not any(a.startswith(req["ActionPrefix"]) for k in ("OKActions", "AlarmActions", "InsufficientDataActions") for a in alarm.config.get(k) or []):
            continue
        if children is not None and name not in children:
            continue
        if parents is not None and name not in parents:
            continue
        chosen.append(alarm)
    items, token = _page(chosen, req.get("NextToken"), req.get("MaxRecords"))
    out: dict[str, Any] = {"MetricAlarms": [_view(a) for a in items if a.kind == "MetricAlarm"],
                           "CompositeAlarms": [_view(a) for a in items if a.kind == "CompositeAlarm"]}
    if "LogAlarm" in types:
        runs = ctx.scope.table("log-alarm-runs")
        out["LogAlarms"] = [_view(a) | ({"EvaluationState": "EVALUATION_ERROR"} if (runs.get(a.name) or {}).get("error") else {})
                            for a in items if a.kind == "LogAlarm"]
    if token:
        out["NextToken"] = token
    return out


def describe_alarms_for_metric(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    dims = datapoints.dims_of(req.get("Dimensions"))
    found = []
    for _, alarm in sorted(_alarms(ctx).items()):
        cfg = alarm.config
        if alarm.kind != "MetricAlarm":
            continue
        if cfg.get("Metrics"):
            hit = any(q.get("MetricStat") and q["MetricStat"]["Metric"].get("MetricName") == req["MetricName"]
                      and q["MetricStat"]["Metric"].get("Namespace") == req["Namespace"] for q in cfg["Metrics"])
        else:
            hit = cfg.get("MetricName") == req["MetricName"] and cfg.get("Namespace") == req["Namespace"]
            hit = hit and (not req.get("Dimensions") or datapoints.dims_of(cfg.get("Dimensions")) == dims)
            hit = hit and all(not req.get(k) or cfg.get(k) == req[k] for k in ("Statistic", "ExtendedStatistic", "Period", "Unit"))
        if hit:
            found.append(_view(alarm))
    return {"MetricAlarms": found}


def describe_alarm_history(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _alarms(ctx)
    types = set(req.get("AlarmTypes") or ["MetricAlarm", "CompositeAlarm", "LogAlarm"])
    start = epoch(req.get("StartDate")) if req.get("StartDate") else None
    end = epoch(req.get("EndDate")) if req.get("EndDate") else None
    items = []
    sources = [table[req["AlarmName"]]] if req.get("AlarmName") and req["AlarmName"] in table else [] if req.get("AlarmName") else list(table.values())
    sources += [h for h in ctx.scope.table("deleted-history").values() if not req.get("AlarmName") or h.name == req["AlarmName"]]
    for alarm in sources:
        for h in alarm.history:
            if h["AlarmType"] not in types:
                continue
            if req.get("AlarmContributorId") and h.get("AlarmContributorId") != req["AlarmContributorId"]:
                continue
            if req.get("HistoryItemType") and h["HistoryItemType"] != req["HistoryItemType"]:
                continue
            if (start is not None and h["Timestamp"] < start) or (end is not None and h["Timestamp"] > end):
                continue
            items.append(dict(h))
    items.sort(key=lambda h: h["Timestamp"], reverse=(req.get("ScanBy") or "TimestampDescending") == "TimestampDescending")
    page, token = _page(items, req.get("NextToken"), req.get("MaxRecords") or 100)
    return {"AlarmHistoryItems": page, **({"NextToken": token} if token else {})}


def delete_alarms(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _alarms(ctx)
    missing = [n for n in req["AlarmNames"] if n not in table]
    if missing:
        raise AwsError("ResourceNotFound", f"{missing[0]} not found", status=404)
    names = set(req["AlarmNames"])
    for alarm in table.values():
        if alarm.kind == "CompositeAlarm" and alarm.name not in names:
            used = engine.rule_children(engine.parse_rule(alarm.config["AlarmRule"])) & names
            if used:
                raise invalid(f"Alarm {sorted(used)[0]} is used by the composite alarm {alarm.name}.")
    for name in req["AlarmNames"]:
        # History outlives the alarm, as AWS keeps it for two weeks.
        alarm = table[name]
        engine.history(alarm, "ConfigurationUpdate", f'Alarm "{name}" deleted', {"type": "Delete"}, ctx.clock.now())
        ctx.scope.table("deleted-history")[f"{name}/{ctx.clock.now()}"] = alarm
        del table[name]
        for extra in ("log-alarm-runs", "alarm-contributors"):
            if name in ctx.scope.table(extra):
                del ctx.scope.table(extra)[name]
    return {}


async def set_alarm_state(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _alarms(ctx)
    alarm = table.get(req["AlarmName"])
    if alarm is None:
        raise AwsError("ResourceNotFound", f"Alarm {req['AlarmName']} not found", status=404)
    data = req.get("StateReasonData") or ""
    if data:
        import orjson

        try:
            orjson.loads(data)
        except orjson.JSONDecodeError:
            raise AwsError("InvalidFormatFault", "StateReasonData is not valid JSON.", status=400) from None
    now = ctx.clock.now()
    old = engine.change(alarm, req["StateValue"], req["StateReason"], data, now)
    table.touch(alarm.name)
    if old is not None:
        await engine.act(ctx.runtime, ctx.scope, alarm, old, now)
    return {}


def _actions(ctx: RequestContext, names: list[str], enabled: bool) -> None:
    table = _alarms(ctx)
    for name in names:
        alarm = table.get(name)
        if alarm is not None and alarm.actions_enabled != enabled:
            alarm.actions_enabled = enabled
            engine.history(alarm, "ConfigurationUpdate", f'Alarm "{name}" actions {"enabled" if enabled else "disabled"}', {}, ctx.clock.now())
            table.touch(name)


def enable_alarm_actions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _actions(ctx, req["AlarmNames"], True)
    return {}


def disable_alarm_actions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _actions(ctx, req["AlarmNames"], False)
    return {}
