"""Contributors: Contributor Insights reports over CloudWatch Logs, and the contributors
of multi-contributor alarms.

GetInsightRuleReport reads the events of the rule's log groups for the time range
from CloudWatch Logs (`insight_data`, through `services.call`) and evaluates the rule
over them (`insight_rules`); as on AWS, a rule sees only the events that arrived
while it was ENABLED. DescribeAlarmContributors lists the contributors of an alarm
that evaluates per contributor (a log alarm whose aggregation groups `by` fields)
which are in ALARM; other alarms have none.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import cloudwatch as wire
from cumulo.services.cloudwatch import insight_data, insight_rules
from cumulo.services.cloudwatch.datapoints import epoch

DEFAULT_CONTRIBUTORS = 10
MAX_CONTRIBUTORS = 100
CONTRIBUTORS_PAGE = 100


async def get_insight_rule_report(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stored = ctx.scope.table("records/insight-rules").get(req["RuleName"])
    if stored is None:
        raise wire.ResourceNotFoundExceptionError(f"Rule {req['RuleName']} does not exist.", ResourceType="InsightRule",
                                                  ResourceId=req["RuleName"])
    start, end = epoch(req["StartTime"]), epoch(req["EndTime"])
    if end <= start:
        raise wire.InvalidParameterValueExceptionError("The parameter EndTime must be greater than StartTime.")
    period = int(req["Period"])
    if period < 1:
        raise wire.InvalidParameterValueExceptionError("The parameter Period must be at least 1.")
    count = req.get("MaxContributorCount", DEFAULT_CONTRIBUTORS)
    if not 1 <= count <= MAX_CONTRIBUTORS:
        raise wire.InvalidParameterValueExceptionError(f"The parameter MaxContributorCount must be between 1 and {MAX_CONTRIBUTORS}.")
    order_by = req.get("OrderBy") or "Sum"
    if order_by not in ("Sum", "Maximum"):
        raise wire.InvalidParameterValueExceptionError("The parameter OrderBy must be Sum or Maximum.")
    metrics = list(dict.fromkeys(req.get("Metrics") or []))
    unknown = [m for m in metrics if m not in insight_rules.METRICS]
    if unknown:
        raise wire.InvalidParameterValueExceptionError(
            f"The metric {unknown[0]} is not valid; use one of {', '.join(insight_rules.METRICS)}.")
    try:
        rule = insight_rules.Rule.parse(stored["Definition"])
    except insight_rules.RuleError as error:
        raise wire.InvalidParameterValueExceptionError(str(error)) from None
    observations = await insight_data.observations(ctx.runtime, ctx.scope, req["RuleName"], rule, start, end)
    return insight_rules.report(rule, observations, start, end, period, count, order_by, metrics)


def describe_alarm_contributors(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["AlarmName"]
    if name not in ctx.scope.table("alarms"):
        raise wire.ResourceNotFoundExceptionError(f"Alarm {name} does not exist.", ResourceType="Alarm", ResourceId=name)
    contributors = ctx.scope.table("alarm-contributors").get(name) or {}
    alarming = [c for _, c in sorted(contributors.items()) if c["State"] == "ALARM"]
    start = 0
    if req.get("NextToken"):
        if not req["NextToken"].isdigit():
            raise wire.InvalidNextTokenError("The service found the next token invalid.")
        start = int(req["NextToken"])
    page = alarming[start:start + CONTRIBUTORS_PAGE]
    out: dict[str, Any] = {"AlarmContributors": [
        {"ContributorId": c["ContributorId"], "ContributorAttributes": dict(c["Attributes"]), "StateReason": c["StateReason"],
         "StateTransitionedTimestamp": c["StateTransitioned"]} for c in page]}
    if start + CONTRIBUTORS_PAGE < len(alarming):
        out["NextToken"] = str(start + CONTRIBUTORS_PAGE)
    return out
