"""Alarms on the clock: metric alarms evaluated over stored data, composite alarms over
their children's states, state history, and the actions a state change sets off.

`evaluate_all` is the scheduler's tick. A metric alarm looks at its last
`EvaluationPeriods` periods (the period in progress counts once it has data;
before that the window ends at the last complete period), applies
`TreatMissingData` and `DatapointsToAlarm` (M out of N), and moves to ALARM, OK or
INSUFFICIENT_DATA. Composite alarms follow, their `AlarmRule` (ALARM(x), OK(x),
INSUFFICIENT_DATA(x), TRUE, FALSE, AND, OR, NOT, parentheses) read over the
children's new states. A change records history and runs the actions for the new
state: SNS topics (Publish), Lambda functions (an asynchronous Invoke with the
event AWS sends) and Auto Scaling policies (ExecutePolicy), all through
`services.call` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch import insight_data, logalarms, queries
from cumulo.services.cloudwatch.mathexpr import TS
from cumulo.services.cloudwatch.models import Alarm
from cumulo.state import Scope

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.cloudwatch")

MAX_HISTORY = 100
REGION_NAMES = {"us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "us-west-1": "US West (N. California)",
                "us-west-2": "US West (Oregon)", "eu-west-1": "EU (Ireland)", "eu-central-1": "EU (Frankfurt)"}

_COMPARE = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(ts * 1000) % 1000:03d}+0000"


# ---------------------------------------------------------------- metric alarms


Insight = dict[tuple[str, str], TS]


def _window(alarm: Alarm, scope: Scope, now: float, insight: Insight | None = None
            ) -> tuple[list[int], dict[int, float], dict[int, tuple[float, float]] | None]:
    """The evaluated period starts, the alarm's value per period, and the band (anomaly alarms)."""
    cfg = alarm.config
    n = int(cfg.get("EvaluationPeriods") or 1)
    if cfg.get("Metrics"):
        period = int(next((q["MetricStat"]["Period"] for q in cfg["Metrics"] if q.get("MetricStat")), None) or
                     next((q.get("Period") for q in cfg["Metrics"] if q.get("Period")), 60) or 60)
    else:
        period = int(cfg["Period"])
    current = int(now // period * period)
    start = current - (n - 1) * period
    values, band = _values(alarm, scope, start - period, current + period, insight)
    if current not in values:
        current -= period  # the period in progress has no data yet: end at the last complete one
        start -= period
    stamps = list(range(start, current + 1, period))
    return stamps, values, band


def _values(alarm: Alarm, scope: Scope, start: float, end: float,
            insight: Insight | None = None) -> tuple[dict[int, float], dict[int, tuple[float, float]] | None]:
    cfg = alarm.config
    if cfg.get("Metrics"):
        results = queries.run(scope, cfg["Metrics"], start, end, insight)
        chosen = next(q for q in cfg["Metrics"] if q.get("ReturnData", True) and q["Id"] != cfg.get("ThresholdMetricId"))
        value = results[chosen["Id"]]
        series = value if isinstance(value, TS) else TS({})
        band = None
        if cfg.get("ThresholdMetricId"):
            b = results.get(cfg["ThresholdMetricId"])
            if isinstance(b, list) and len(b) == 2:
                band = {t: (b[0].values[t], b[1].values[t]) for t in b[0].values if t in b[1].values}
        return series.values, band
    stat = cfg.get("Statistic") or cfg.get("ExtendedStatistic")
    metric = {"Namespace": cfg["Namespace"], "MetricName": cfg["MetricName"], "Dimensions": cfg.get("Dimensions") or []}
    ts = queries.metric_series(scope, {"Metric": metric, "Period": cfg["Period"], "Stat": stat, "Unit": cfg.get("Unit")}, start, end)
    return ts.values, None


def _breaches(alarm: Alarm, value: float, band: tuple[float, float] | None) -> bool:
    op = alarm.config["ComparisonOperator"]
    if band is not None or op.startswith("LessThanLowerOrGreaterThanUpper") or op in ("LessThanLowerThreshold", "GreaterThanUpperThreshold"):
        if band is None:
            return False
        low, high = band
        return {"LessThanLowerOrGreaterThanUpperThreshold": value < low or value > high,
                "LessThanLowerThreshold": value < low, "GreaterThanUpperThreshold": value > high}.get(op, False)
    return bool(_COMPARE[op](value, float(alarm.config.get("Threshold", 0.0))))


def evaluate_metric(alarm: Alarm, scope: Scope, now: float, insight: Insight | None = None) -> tuple[str, str, dict[str, Any]] | None:
    """The state the data calls for, its reason and reason data; None to keep the state.
    `insight`: the Contributor Insights series its math reads (INSIGHT_RULE_METRIC), read beforehand."""
    cfg = alarm.config
    n = int(cfg.get("EvaluationPeriods") or 1)
    m = int(cfg.get("DatapointsToAlarm") or n)
    treat = cfg.get("TreatMissingData") or "missing"
    stamps, values, band = _window(alarm, scope, now, insight)
    present = [(t, values[t]) for t in stamps if t in values]
    breaching = sum(1 for t, v in present if _breaches(alarm, v, band.get(t) if band is not None else None))
    missing = len(stamps) - len(present)
    if treat == "breaching":
        breaching += missing
    recent = [v for _, v in sorted(present, reverse=True)]
    data = {"version": "1.0", "queryDate": iso(now), "startDate": iso(stamps[0]) if stamps else iso(now),
            "statistic": cfg.get("Statistic") or cfg.get("ExtendedStatistic") or "", "period": cfg.get("Period") or 60,
            "recentDatapoints": recent, "threshold": cfg.get("Threshold", 0.0), "evaluatedDatapoints": [
                {"timestamp": iso(t), "sampleCount": 1.0, "value": v} for t, v in sorted(present, reverse=True)]}
    if not present and treat in ("missing", "ignore") and breaching < m:
        if treat == "ignore":
            return None
        return "INSUFFICIENT_DATA", f"Insufficient Data: {n} datapoint{'s were' if n != 1 else ' was'} unknown.", data
    shown = ", ".join(f"{v:g} ({datetime.fromtimestamp(t, tz=timezone.utc):%d/%m/%y %H:%M:%S})" for t, v in sorted(present, reverse=True))
    op = cfg["ComparisonOperator"]
    if breaching >= m:
        return "ALARM", f"Threshold Crossed: {breaching} out of the last {n} datapoints [{shown}] was {_words(op)} the threshold ({cfg.get('Threshold', 0.0):g}) (minimum {m} datapoint{'s' if m != 1 else ''} for OK -> ALARM transition).", data
    return "OK", f"Threshold Crossed: {len(present) - breaching} out of the last {n} datapoints [{shown}] was not {_words(op)} the threshold ({cfg.get('Threshold', 0.0):g}) (minimum 1 datapoint for ALARM -> OK transition).", data


def _words(op: str) -> str:
    return {"GreaterThanOrEqualToThreshold": "greater than or equal to", "GreaterThanThreshold": "greater than",
            "LessThanThreshold": "less than", "LessThanOrEqualToThreshold": "less than or equal to"}.get(op, "outside the band of")


# ---------------------------------------------------------------- composite alarms

# A state function is one token: alarm names may hold '-', '(' or spaces when quoted.
_RULE_TOKEN = re.compile(
    r'\s*((?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"(?:[^"\\]|\\.)*"|[^)\s]+)\s*\)|\(|\)|[A-Za-z_][A-Za-z0-9_]*|[^\s()"]+)',
    re.IGNORECASE,
)
_STATE_CALL = re.compile(r'^(ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"((?:[^"\\]|\\.)*)"|([^)\s]+))\s*\)$', re.IGNORECASE)


class RuleError(ValueError):
    pass


def parse_rule(rule: str) -> Any:
    """An AlarmRule as a nested tuple: ("and"|"or", a, b), ("not", a), ("state", STATE, name), ("const", bool)."""
    tokens = [m.group(1) for m in _RULE_TOKEN.finditer(rule)]
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        if pos >= len(tokens):
            raise RuleError("Unexpected end of the alarm rule")
        pos += 1
        return tokens[pos - 1]

    def expr() -> Any:
        node = term()
        while (p := peek()) is not None and p.upper() in ("AND", "OR"):
            op = take().lower()
            node = (op, node, term())
        return node

    def term() -> Any:
        tok = take()
        upper = tok.upper()
        if upper == "NOT":
            return ("not", term())
        if tok == "(":
            node = expr()
            if take() != ")":
                raise RuleError("Missing ')' in the alarm rule")
            return node
        if upper in ("TRUE", "FALSE"):
            return ("const", upper == "TRUE")
        call = _STATE_CALL.match(tok)
        if call:
            return ("state", call.group(1).upper(), call.group(2) if call.group(2) is not None else call.group(3))
        if upper in ("ALARM", "OK", "INSUFFICIENT_DATA"):
            raise RuleError(f"Expected an alarm name in parentheses after {tok}")
        raise RuleError(f"Unexpected '{tok}' in the alarm rule")

    node = expr()
    if peek() is not None:
        raise RuleError(f"Unexpected '{peek()}' in the alarm rule")
    return node


def rule_children(node: Any) -> set[str]:
    if node[0] == "state":
        return {node[2]}
    if node[0] in ("and", "or"):
        return rule_children(node[1]) | rule_children(node[2])
    if node[0] == "not":
        return rule_children(node[1])
    return set()


def rule_holds(node: Any, states: dict[str, str]) -> bool:
    kind = node[0]
    if kind == "const":
        return bool(node[1])
    if kind == "state":
        return states.get(node[2]) == node[1]
    if kind == "not":
        return not rule_holds(node[1], states)
    if kind == "and":
        return rule_holds(node[1], states) and rule_holds(node[2], states)
    return rule_holds(node[1], states) or rule_holds(node[2], states)


# ---------------------------------------------------------------- state changes and actions


def history(alarm: Alarm, kind: str, summary: str, data: dict[str, Any], now: float) -> None:
    alarm.history.append({"AlarmName": alarm.name, "AlarmType": alarm.kind, "Timestamp": now, "HistoryItemType": kind,
                          "HistorySummary": summary, "HistoryData": orjson.dumps(data).decode()})
    del alarm.history[:-MAX_HISTORY]


def change(alarm: Alarm, state: str, reason: str, reason_data: dict[str, Any] | str, now: float) -> str | None:
    """Set the state; returns the old state when it changed (actions are due), else None."""
    old = alarm.state
    alarm.state_updated = now
    alarm.reason = reason
    alarm.reason_data = reason_data if isinstance(reason_data, str) else orjson.dumps(reason_data).decode()
    if old == state:
        return None
    alarm.state = state
    alarm.state_transitioned = now
    history(alarm, "StateUpdate", f"Alarm updated from {old} to {state}", {
        "version": "1.0", "oldState": {"stateValue": old}, "newState": {"stateValue": state, "stateReason": reason}}, now)
    return old


async def act(runtime: Runtime, scope: Scope, alarm: Alarm, old: str, now: float) -> None:
    """Run the actions of the alarm's new state (unless disabled or suppressed)."""
    if not alarm.actions_enabled or alarm.suppressed_by:
        return
    for rule in scope.table("records/mute-rules").values():
        if alarm.name in (rule["MuteTargets"].get("AlarmNames") or []) and mute_status(rule, now) == "ACTIVE":
            history(alarm, "Action", f"Actions muted by alarm mute rule {rule['Name']}", {"actionState": "Muted"}, now)
            return
    key = {"ALARM": "AlarmActions", "OK": "OKActions", "INSUFFICIENT_DATA": "InsufficientDataActions"}[alarm.state]
    for arn in alarm.config.get(key) or []:
        try:
            await _action(runtime, scope, alarm, old, arn, now)
            history(alarm, "Action", f"Successfully executed action {arn}", {"actionState": "Succeeded", "notificationResource": arn}, now)
        except AwsError as error:
            history(alarm, "Action", f"Failed to execute action {arn}", {"actionState": "Failed", "error": error.message or error.code}, now)
            log.warning("alarm %s: action %s failed: %s", alarm.name, arn, error)


def mute_status(rule: dict[str, Any], now: float) -> str:
    if rule.get("StartDate") is not None and now < rule["StartDate"]:
        return "SCHEDULED"
    if rule.get("ExpireDate") is not None and now >= rule["ExpireDate"]:
        return "EXPIRED"
    return "ACTIVE"


def sns_message(scope: Scope, alarm: Alarm, old: str, now: float) -> dict[str, Any]:
    cfg = alarm.config
    msg: dict[str, Any] = {
        "AlarmName": alarm.name, "AlarmDescription": cfg.get("AlarmDescription"), "AWSAccountId": scope.account,
        "AlarmConfigurationUpdatedTimestamp": iso(alarm.config_updated), "NewStateValue": alarm.state, "NewStateReason": alarm.reason,
        "StateChangeTime": iso(now), "Region": REGION_NAMES.get(scope.region, scope.region), "AlarmArn": alarm.arn, "OldStateValue": old,
        "OKActions": cfg.get("OKActions") or [], "AlarmActions": cfg.get("AlarmActions") or [],
        "InsufficientDataActions": cfg.get("InsufficientDataActions") or [],
    }
    if alarm.kind == "CompositeAlarm":
        msg["AlarmRule"] = cfg.get("AlarmRule")
    elif alarm.kind == "LogAlarm":
        sq = cfg["ScheduledQueryConfiguration"]
        msg["Trigger"] = {"QueryString": sq["QueryString"], "AggregationExpression": sq["AggregationExpression"],
                          "LogGroupIdentifiers": sq.get("LogGroupIdentifiers") or [], "ScheduleConfiguration": sq["ScheduleConfiguration"],
                          "QueryResultsToEvaluate": cfg.get("QueryResultsToEvaluate"), "QueryResultsToAlarm": cfg.get("QueryResultsToAlarm"),
                          "ComparisonOperator": cfg.get("ComparisonOperator"), "Threshold": cfg.get("Threshold"),
                          "TreatMissingData": cfg.get("TreatMissingData") or "missing"}
    elif cfg.get("Metrics"):
        msg["Trigger"] = {"Metrics": cfg["Metrics"], "Period": cfg.get("Period"), "EvaluationPeriods": cfg.get("EvaluationPeriods"),
                          "ComparisonOperator": cfg.get("ComparisonOperator"), "Threshold": cfg.get("Threshold"),
                          "TreatMissingData": cfg.get("TreatMissingData") or "missing"}
    else:
        msg["Trigger"] = {
            "MetricName": cfg.get("MetricName"), "Namespace": cfg.get("Namespace"), "StatisticType": "Statistic" if cfg.get("Statistic") else "ExtendedStatistic",
            "Statistic": (cfg.get("Statistic") or cfg.get("ExtendedStatistic") or "").upper(), "Unit": cfg.get("Unit"),
            "Dimensions": [{"value": d["Value"], "name": d["Name"]} for d in cfg.get("Dimensions") or []],
            "Period": cfg.get("Period"), "EvaluationPeriods": cfg.get("EvaluationPeriods"), "DatapointsToAlarm": cfg.get("DatapointsToAlarm"),
            "ComparisonOperator": cfg.get("ComparisonOperator"), "Threshold": cfg.get("Threshold"),
            "TreatMissingData": cfg.get("TreatMissingData") or "missing", "EvaluateLowSampleCountPercentile": cfg.get("EvaluateLowSampleCountPercentile") or "",
        }
    return msg


def lambda_event(scope: Scope, alarm: Alarm, old: str, now: float) -> dict[str, Any]:
    cfg = alarm.config
    metrics = cfg.get("Metrics") or [{"id": "m1", "metricStat": {"metric": {"namespace": cfg.get("Namespace"), "name": cfg.get("MetricName"),
                                                                            "dimensions": {d["Name"]: d["Value"] for d in cfg.get("Dimensions") or []}},
                                                                 "period": cfg.get("Period"), "stat": cfg.get("Statistic") or cfg.get("ExtendedStatistic")},
                                      "returnData": True}]
    return {
        "source": "aws.cloudwatch", "alarmArn": alarm.arn, "accountId": scope.account, "time": iso(now), "region": scope.region,
        "alarmData": {
            "alarmName": alarm.name,
            "state": {"value": alarm.state, "reason": alarm.reason, "reasonData": alarm.reason_data, "timestamp": iso(now)},
            "previousState": {"value": old},
            "configuration": {"description": cfg.get("AlarmDescription", ""), "metrics": metrics} if alarm.kind == "MetricAlarm"
            else {"description": cfg.get("AlarmDescription", ""), "scheduledQueryConfiguration": cfg.get("ScheduledQueryConfiguration")}
            if alarm.kind == "LogAlarm" else {"alarmRule": cfg.get("AlarmRule"), "description": cfg.get("AlarmDescription", "")},
        },
    }


async def _action(runtime: Runtime, scope: Scope, alarm: Alarm, old: str, arn: str, now: float) -> None:
    parts = arn.split(":")
    service = parts[2] if len(parts) > 2 else ""
    account, region = (parts[4] if len(parts) > 4 else "") or scope.account, (parts[3] if len(parts) > 3 else "") or scope.region
    if service == "sns":
        msg = sns_message(scope, alarm, old, now)
        subject = f'{alarm.state}: "{alarm.name}" in {msg["Region"]}'
        await services.call(runtime, "sns", "Publish", {"TopicArn": arn, "Subject": subject[:100], "Message": orjson.dumps(msg).decode()}, account, region)
    elif service == "lambda":
        payload = orjson.dumps(lambda_event(scope, alarm, old, now))
        await services.call(runtime, "lambda", "Invoke", {"FunctionName": arn, "InvocationType": "Event", "Payload": payload}, account, region)
    elif service == "autoscaling":
        await services.call(runtime, "autoscaling", "ExecutePolicy", {"PolicyName": arn, "HonorCooldown": True}, account, region)
    else:
        raise AwsError("InvalidParameterValueException", f"cumulo cannot run the action {arn}")


async def evaluate_all(runtime: Runtime, now: float | None = None) -> int:
    """The tick: evaluate every alarm of every account and region; returns state changes."""
    now = runtime.clock.now()
    from cumulo.services.cloudwatch import publishers

    await publishers.publish_due(runtime, now)
    changed = 0
    for scope in runtime.store.scopes_of("cloudwatch"):
        changed += await evaluate_scope(runtime, scope, now)
    return changed


async def evaluate_scope(runtime: Runtime, scope: Scope, now: float) -> int:
    table = scope.table("alarms")
    due: list[tuple[Alarm, str]] = []
    for name, alarm in list(table.items()):
        if alarm.kind != "MetricAlarm":
            continue
        try:
            insight = await _insight(runtime, scope, alarm, now) if insight_data.named(alarm.config.get("Metrics") or []) else None
            verdict = evaluate_metric(alarm, scope, now, insight)
        except AwsError as error:
            log.warning("alarm %s cannot be evaluated: %s", name, error)
            continue
        if verdict is None:
            continue
        old = change(alarm, *verdict, now)
        table.touch(name)
        if old is not None:
            due.append((alarm, old))
    for alarm, found in await logalarms.evaluate(runtime, scope, now):
        old = change(alarm, found["state"], found["reason"], found["data"], now)
        table.touch(alarm.name)
        if old is not None:
            due.append((alarm, old))
    states = {n: a.state for n, a in table.items()}
    # Composite alarms may nest: settle them until nothing changes (bounded by their number).
    composites = [a for a in table.values() if a.kind == "CompositeAlarm"]
    for _ in range(len(composites)):
        moved = False
        for alarm in composites:
            try:
                holds = rule_holds(parse_rule(alarm.config["AlarmRule"]), states)
            except RuleError:
                continue
            state = "ALARM" if holds else "OK"
            reason = f"arn:aws:cloudwatch:{scope.region}:{scope.account}:alarm:{alarm.name} transitioned to {state}"
            if state != alarm.state:
                _suppress(alarm, states, now)
                old = change(alarm, state, reason, {"triggeringAlarms": sorted(rule_children(parse_rule(alarm.config["AlarmRule"])))}, now)
                table.touch(alarm.name)
                states[alarm.name] = state
                if old is not None:
                    due.append((alarm, old))
                    moved = True
        if not moved:
            break
    for alarm, old in due:
        await act(runtime, scope, alarm, old, now)
        table.touch(alarm.name)
    return len(due)


async def _insight(runtime: Runtime, scope: Scope, alarm: Alarm, now: float) -> Insight:
    """The Contributor Insights series an alarm's math names, over the periods it evaluates."""
    metrics = alarm.config["Metrics"]
    period = queries.period_of(metrics)
    n = int(alarm.config.get("EvaluationPeriods") or 1)
    current = int(now // period * period)
    return await insight_data.prefetch(runtime, scope, metrics, current - (n + 1) * period, current + period, period)


def _suppress(alarm: Alarm, states: dict[str, str], now: float) -> None:
    suppressor = alarm.config.get("ActionsSuppressor")
    if suppressor and states.get(suppressor) == "ALARM":
        alarm.suppressed_by = "Alarm"
        alarm.suppressed_reason = f"Alarm is in ALARM state because of suppressor alarm {suppressor}."
    else:
        alarm.suppressed_by = ""
        alarm.suppressed_reason = ""
