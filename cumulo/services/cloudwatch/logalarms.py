"""Log alarms on the clock: a scheduled Logs Insights query, its aggregated values
compared with the threshold, M out of N query results.

A log alarm (PutLogAlarm) runs `QueryString | stats AggregationExpression` over its
log groups on its `ScheduleExpression` (rate or cron, `engines.schedules`), each
run reading the window [run - StartTimeOffset, run - EndTimeOffset] through
CloudWatch Logs' StartQuery and GetQueryResults (`services.call`). A run gives one
value per row: with `... by host` each row is a contributor, identified by its
group fields. The alarm keeps the last `QueryResultsToEvaluate` results; a
contributor is in ALARM when `QueryResultsToAlarm` of them breach the threshold,
and the alarm is in ALARM while any contributor is
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutLogAlarm.html).
`TreatMissingData` reads a run without the contributor (or a failed run) as
missing, breaching, not breaching, or ignored, as for metric alarms.

Run state lives beside the alarm, in `log-alarm-runs` (alarm name -> next run
and recent results), and contributors in `alarm-contributors` (alarm name ->
contributor id -> attributes and state), read by DescribeAlarmContributors.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.engines import schedules
from cumulo.services.cloudwatch.models import Alarm
from cumulo.state import Scope

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.cloudwatch")

MAX_HISTORY = 100  # as alarms.MAX_HISTORY

_BY = re.compile(r"\bby\s+(.+?)\s*(?:\||$)", re.IGNORECASE)
_ALIAS = re.compile(r"\s+as\s+", re.IGNORECASE)
_COMPARE = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}


def query_string(config: dict[str, Any]) -> str:
    """The Insights query one run executes: the alarm's query, then its aggregation."""
    sq = config["ScheduledQueryConfiguration"]
    aggregation = sq["AggregationExpression"].strip()
    if not aggregation.lower().startswith("stats "):
        aggregation = f"stats {aggregation}"
    query = sq["QueryString"].strip()
    return f"{query} | {aggregation}" if query else aggregation


def group_fields(config: dict[str, Any]) -> list[str]:
    """The fields an aggregation groups by (`avg(ms) by host, bin(1m) as t` -> host, t)."""
    found = _BY.search(config["ScheduledQueryConfiguration"]["AggregationExpression"])
    if not found:
        return []
    return [_ALIAS.split(part.strip())[-1].strip() for part in found.group(1).split(",") if part.strip()]


def values(rows: list[list[dict[str, str]]], fields: list[str]) -> list[tuple[dict[str, str], float]]:
    """(contributor attributes, aggregated value) per result row."""
    out = []
    for row in rows:
        attrs = {c["field"]: c.get("value", "") for c in row if c["field"] in fields}
        number = None
        for cell in row:
            if cell["field"] in fields or cell["field"].startswith("@ptr"):
                continue
            try:
                number = float(cell.get("value", ""))
                break
            except ValueError:
                continue
        if number is not None:
            out.append((attrs, number))
    return out


def contributor_id(attrs: dict[str, str]) -> str:
    text = "\x00".join(f"{k}={v}" for k, v in sorted(attrs.items()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


async def _run(runtime: Runtime, scope: Scope, alarm: Alarm, at: float) -> dict[str, Any]:
    """One scheduled run: its time and values, or its error."""
    sq = alarm.config["ScheduledQueryConfiguration"]
    schedule = sq["ScheduleConfiguration"]
    start = int(at - int(schedule["StartTimeOffset"]))
    end = int(at - int(schedule.get("EndTimeOffset") or 0))
    request = {"logGroupIdentifiers": list(sq.get("LogGroupIdentifiers") or []), "queryString": query_string(alarm.config),
               "startTime": start, "endTime": max(end, start)}
    try:
        query = await services.call(runtime, "logs", "StartQuery", request, scope.account, scope.region)
        rows: list[list[dict[str, str]]] = []
        token = None
        while True:
            page = await services.call(runtime, "logs", "GetQueryResults",
                                       {"queryId": query["queryId"], **({"nextToken": token} if token else {})}, scope.account, scope.region)
            rows += page.get("results") or []
            token = page.get("nextToken")
            if not token:
                break
    except AwsError as error:
        return {"time": at, "error": f"{error.code}: {error.message}"}
    return {"time": at, "values": [[attrs, value] for attrs, value in values(rows, group_fields(alarm.config))]}


def _breaches(config: dict[str, Any], value: float) -> bool:
    compare = _COMPARE.get(config["ComparisonOperator"])
    # Band operators need an anomaly model, which a log alarm has none of: never breaching.
    return bool(compare(value, float(config["Threshold"]))) if compare else False


def verdict(alarm: Alarm, results: list[dict[str, Any]], now: float) -> tuple[str, str, dict[str, Any], dict[str, dict[str, Any]]] | None:
    """The alarm's state, reason and reason data, and each contributor's state; None to keep the state."""
    cfg = alarm.config
    n, m = int(cfg["QueryResultsToEvaluate"]), int(cfg["QueryResultsToAlarm"])
    treat = cfg.get("TreatMissingData") or "missing"
    recent = results[-n:]
    if not recent:
        return None
    keys: dict[str, dict[str, str]] = {}
    for result in recent:
        for attrs, _ in result.get("values") or []:
            keys.setdefault(contributor_id(attrs), attrs)
    contributors: dict[str, dict[str, Any]] = {}
    for ident, attrs in keys.items():
        breaching = present = 0
        for result in recent:
            found = [v for a, v in result.get("values") or [] if contributor_id(a) == ident]
            if found:
                present += 1
                breaching += _breaches(cfg, found[0])
            elif treat == "breaching":
                breaching += 1
        state = "ALARM" if breaching >= m else "OK"
        reason = (f"{breaching} out of the last {len(recent)} query results breached the threshold ({float(cfg['Threshold']):g})"
                  f" (minimum {m} for ALARM).")
        contributors[ident] = {"ContributorId": ident, "Attributes": attrs, "State": state, "StateReason": reason, "Present": present}
    data = {"version": "1.0", "queryDate": _iso(now), "threshold": float(cfg["Threshold"]),
            "evaluatedQueryResults": [{"timestamp": _iso(r["time"]), **({"error": r["error"]} if "error" in r else
                                                                         {"values": [v for _, v in r["values"]]})} for r in reversed(recent)]}
    alarming = [c for c in contributors.values() if c["State"] == "ALARM"]
    if alarming:
        worst = alarming[0]
        return "ALARM", f"Threshold Crossed: {worst['StateReason']}", data, contributors
    if not contributors and treat == "breaching" and len(recent) >= m:
        return "ALARM", f"Threshold Crossed: the last {len(recent)} query results returned no data, treated as breaching.", data, contributors
    if contributors or treat == "notBreaching":
        return "OK", f"Threshold Crossed: fewer than {m} of the last {len(recent)} query results breached the threshold.", data, contributors
    if treat == "ignore":
        return None
    return "INSUFFICIENT_DATA", f"Insufficient Data: the last {len(recent)} query results returned no data.", data, contributors


def history_item(alarm: Alarm, contributor: dict[str, Any], old: str, now: float) -> None:
    """An AlarmContributorStateUpdate in the alarm's history (bounded as its other items are)."""
    data = {"version": "1.0", "oldState": {"stateValue": old},
            "newState": {"stateValue": contributor["State"], "stateReason": contributor["StateReason"]}}
    alarm.history.append({
        "AlarmName": alarm.name, "AlarmType": alarm.kind, "Timestamp": now, "HistoryItemType": "AlarmContributorStateUpdate",
        "HistorySummary": f"Alarm contributor updated from {old} to {contributor['State']}", "HistoryData": orjson.dumps(data).decode(),
        "AlarmContributorId": contributor["ContributorId"], "AlarmContributorAttributes": dict(contributor["Attributes"]),
    })
    del alarm.history[:-MAX_HISTORY]


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(ts * 1000) % 1000:03d}+0000"


def next_run(alarm: Alarm, after: float) -> float | None:
    sq = alarm.config["ScheduledQueryConfiguration"]
    schedule = schedules.parse(sq["ScheduleConfiguration"]["ScheduleExpression"])
    anchor = datetime.fromtimestamp(alarm.config_updated, tz=UTC)
    found = schedule.next_after(datetime.fromtimestamp(after, tz=UTC), anchor=anchor)
    return found.timestamp() if found is not None else None


async def evaluate(runtime: Runtime, scope: Scope, now: float) -> list[tuple[Alarm, dict[str, Any]]]:
    """Run the log alarms that are due; (alarm, {state, reason, data}) verdicts for `alarms` to apply."""
    table = scope.table("alarms")
    runs = scope.table("log-alarm-runs")
    out: list[tuple[Alarm, dict[str, Any]]] = []
    for name, alarm in list(table.items()):
        if alarm.kind != "LogAlarm":
            continue
        state = runs.get(name) or {"results": []}
        due = state.get("next_run")
        try:
            if due is None:
                due = next_run(alarm, alarm.config_updated)
        except schedules.ScheduleError:
            continue
        if due is None or due > now:
            if state.get("next_run") != due:
                runs[name] = {**state, "next_run": due}
            continue
        warm = alarm.config.get("WarmUpConfiguration") or {}
        result = await _run(runtime, scope, alarm, now)
        if "error" in result:
            log.warning("log alarm %s: the query failed: %s", name, result["error"])
        results = [*state["results"], result][-int(alarm.config["QueryResultsToEvaluate"]):]
        runs[name] = {"next_run": next_run(alarm, now), "results": results, "error": result.get("error", "")}
        if warm and warm.get("OnlyStartEvaluatingAfterWarmUpPeriodEnds") and now < alarm.config_updated + 60 * int(warm["WarmUpPeriodDurationInMinutes"]):
            continue
        found = verdict(alarm, results, now)
        if found is None:
            continue
        new, reason, data, contributors = found
        _contributors(scope, alarm, contributors, now)
        out.append((alarm, {"state": new, "reason": reason, "data": data}))
    return out


def _contributors(scope: Scope, alarm: Alarm, found: dict[str, dict[str, Any]], now: float) -> None:
    """Record each contributor's state, keeping when it last moved (and a history item when it
    does); single-value alarms have none."""
    name = alarm.name
    table = scope.table("alarm-contributors")
    if not found or all(not c["Attributes"] for c in found.values()):
        if name in table:
            del table[name]
        return
    old = table.get(name) or {}
    kept = {}
    for ident, c in found.items():
        before = old.get(ident)
        since = before["StateTransitioned"] if before is not None and before["State"] == c["State"] else now
        if since == now:
            old_state = before["State"] if before is not None else "OK"
            if old_state != c["State"]:
                history_item(alarm, c, old_state, now)
        kept[ident] = {"ContributorId": ident, "Attributes": c["Attributes"], "State": c["State"], "StateReason": c["StateReason"],
                       "StateTransitioned": since}
    table[name] = kept
