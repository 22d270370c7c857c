"""Contributor Insights data read from CloudWatch Logs: the events a rule sees, and the
rule's metrics as time series for metric math (`INSIGHT_RULE_METRIC(rule, metric)`).

Reading needs `services.call` (async); metric math is synchronous, so `prefetch`
reads every rule an expression names before the queries run, and hands `queries.run`
the series by (rule, metric)
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-GraphReportData.html).
A rule sees only the events that arrived while it was ENABLED (its enabled spans,
kept in `records/insight-rule-windows`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch import insight_rules
from cumulo.services.cloudwatch.mathexpr import TS
from cumulo.state import Scope

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

PAGE = 10_000
_CALL = re.compile(r"""INSIGHT_RULE_METRIC\s*\(\s*(?:"([^"]+)"|'([^']+)')\s*,\s*(?:"(\w+)"|'(\w+)'|(\w+))""", re.IGNORECASE)


async def _groups(runtime: Runtime, scope: Scope, rule: insight_rules.Rule) -> list[dict[str, Any]]:
    """The FilterLogEvents target of each log group the rule reads (a trailing `*` is a prefix)."""
    targets: list[dict[str, Any]] = []
    for name in rule.log_groups:
        if not name.endswith("*"):
            targets.append({"logGroupName": name})
            continue
        token = None
        while True:
            req: dict[str, Any] = {"logGroupNamePrefix": name[:-1]} if name[:-1] else {}
            if token:
                req["nextToken"] = token
            page = await services.call(runtime, "logs", "DescribeLogGroups", req, scope.account, scope.region)
            targets += [{"logGroupName": g["logGroupName"]} for g in page.get("logGroups") or []]
            token = page.get("nextToken")
            if not token:
                break
    targets += [{"logGroupIdentifier": arn[:-2] if arn.endswith(":*") else arn} for arn in rule.log_group_arns if "*" not in arn]
    return targets


def _analysed(spans: list[list[float | None]] | None, ingested: float) -> bool:
    """Whether the rule was ENABLED when the event arrived (no record: a rule older than the record)."""
    if spans is None:
        return True
    if len(spans) == 1 and spans[0][1] is None:  # enabled once and never since disabled: the common case
        return ingested >= spans[0][0]  # type: ignore[operator]
    return any(s <= ingested and (e is None or ingested < e) for s, e in spans)  # type: ignore[operator]


async def observations(runtime: Runtime, scope: Scope, name: str, rule: insight_rules.Rule, start: float,
                       end: float) -> list[tuple[float, tuple[str, ...], float]]:
    """(timestamp s, contributor keys, value) of every event in [start, end) the rule counts."""
    out: list[tuple[float, tuple[str, ...], float]] = []
    spans = scope.table("records/insight-rule-windows").get(name)
    for target in await _groups(runtime, scope, rule):
        token = None
        while True:
            req = {**target, "startTime": int(start * 1000), "endTime": int(end * 1000) - 1, "limit": PAGE}
            if token:
                req["nextToken"] = token
            try:
                page = await services.call(runtime, "logs", "FilterLogEvents", req, scope.account, scope.region)
            except AwsError as error:
                if error.code == "ResourceNotFoundException":
                    break  # a log group the rule names but that does not exist contributes nothing
                raise
            for event in page.get("events") or []:
                if not _analysed(spans, event.get("ingestionTime", event["timestamp"]) / 1000.0):
                    continue
                seen = rule.observe(event["message"])
                if seen is not None:
                    out.append((event["timestamp"] / 1000.0, *seen))
            token = page.get("nextToken")
            if not token:
                break
    return out


def named(queries: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """The (rule, metric) pairs the queries' expressions ask INSIGHT_RULE_METRIC for."""
    found = set()
    for q in queries:
        for m in _CALL.finditer(q.get("Expression") or ""):
            found.add((m.group(1) or m.group(2), m.group(3) or m.group(4) or m.group(5)))
    return found


async def prefetch(runtime: Runtime, scope: Scope, queries: list[dict[str, Any]], start: float, end: float,
                   period: int) -> dict[tuple[str, str], TS]:
    """Each named rule's metrics as series over [start, end), by (rule, metric); a missing rule or
    metric is left out (the expression then fails as AWS's does)."""
    wanted = named(queries)
    out: dict[tuple[str, str], TS] = {}
    for rule_name in sorted({r for r, _ in wanted}):
        stored = scope.table("records/insight-rules").get(rule_name)
        if stored is None:
            continue
        try:
            rule = insight_rules.Rule.parse(stored["Definition"])
        except insight_rules.RuleError:
            continue
        metrics = sorted({m for r, m in wanted if r == rule_name and m in insight_rules.METRICS})
        if not metrics:
            continue
        seen = await observations(runtime, scope, rule_name, rule, start, end)
        report = insight_rules.report(rule, seen, start, end, period, 1, "Sum", metrics)
        for metric in metrics:
            out[(rule_name, metric)] = TS({int(p["Timestamp"]): float(p[metric]) for p in report["MetricDatapoints"]}, metric)
    return out
