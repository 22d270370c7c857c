"""CloudWatch's CloudFormation resource types, made through CloudWatch's own API
(cumulo.core.provisioning): metric, composite and log alarms, dashboards, anomaly
detectors, Contributor Insights rules and metric streams."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.cfnshape import absent, api_input, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

_GONE = ("ResourceNotFound", "ResourceNotFoundException", "DashboardNotFoundError")


async def _call(ctx: ProvisionContext, operation: str, props: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    return await ctx.call("cloudwatch", operation, api_input("cloudwatch", operation, props, **fixed))


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("cloudwatch", operation, request)
    except AwsError as e:
        if not absent(e, *_GONE):
            raise


async def _retag(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("cloudwatch", "UntagResource", {"ResourceARN": arn, "TagKeys": remove})
    if put:
        await ctx.call("cloudwatch", "TagResource", {"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in put.items()]})


# ------------------------------------------------------------------ alarms


_LISTS = {"MetricAlarm": "MetricAlarms", "CompositeAlarm": "CompositeAlarms", "LogAlarm": "LogAlarms"}


async def _alarm_arn(ctx: ProvisionContext, name: str, kind: str) -> str:
    got = await ctx.call("cloudwatch", "DescribeAlarms", {"AlarmNames": [name], "AlarmTypes": [kind]})
    alarms = got.get(_LISTS[kind]) or []
    return str(alarms[0]["AlarmArn"]) if alarms else ctx.arn("cloudwatch", f"alarm:{name}")


def _alarm_type(kind: str, put: str, keys: tuple[str, ...]) -> ResourceType:
    """The provider of one kind of alarm: made and changed by its own Put operation, read back
    through DescribeAlarms; the three kinds differ only in those."""

    async def create(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
        name = props.get("AlarmName") or ctx.physical_name(255)
        await _call(ctx, put, props, AlarmName=name, Tags=ctx.tag_list(props.get("Tags")) or None)
        return Resource(name, {"Arn": await _alarm_arn(ctx, name, kind)})

    async def update(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
        await _call(ctx, put, props, AlarmName=name)
        arn = await _alarm_arn(ctx, name, kind)
        await _retag(ctx, arn, props, old)
        return Resource(name, {"Arn": arn})

    async def read(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
        got = (await ctx.call("cloudwatch", "DescribeAlarms", {"AlarmNames": [name], "AlarmTypes": [kind]})).get(_LISTS[kind]) or []
        if not got:
            raise AwsError("ResourceNotFound", f"Alarm {name} not found", status=404)
        return {k: got[0][k] for k in keys if k in got[0]}

    return ResourceType(create, delete_alarm, update, replaces=frozenset({"AlarmName"}), read=read)


async def delete_alarm(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteAlarms", {"AlarmNames": [name]})


_METRIC_ALARM_KEYS = ("AlarmName", "MetricName", "Namespace", "Statistic", "Period", "EvaluationPeriods", "Threshold",
                      "ComparisonOperator", "TreatMissingData", "AlarmDescription", "DatapointsToAlarm", "ActionsEnabled")
_COMPOSITE_ALARM_KEYS = ("AlarmName", "AlarmRule", "AlarmDescription", "ActionsEnabled")
_LOG_ALARM_KEYS = ("AlarmName", "AlarmDescription", "ActionsEnabled", "QueryResultsToEvaluate", "QueryResultsToAlarm", "Threshold",
                   "ComparisonOperator", "TreatMissingData", "ScheduledQueryConfiguration")


# ------------------------------------------------------------------ dashboards


async def create_dashboard(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("DashboardName") or ctx.physical_name(255)
    await _put_dashboard(ctx, name, props)
    return Resource(name)


async def _put_dashboard(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    body = props["DashboardBody"]
    got = await ctx.call("cloudwatch", "PutDashboard", {"DashboardName": name, "DashboardBody": body if isinstance(body, str) else json.dumps(body)})
    if got.get("DashboardValidationMessages"):
        message = got["DashboardValidationMessages"][0]
        raise AwsError("InvalidParameterInput", f"{message.get('DataPath', '')}: {message.get('Message', '')}", status=400)


async def update_dashboard(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _put_dashboard(ctx, name, props)
    return Resource(name)


async def read_dashboard(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("cloudwatch", "GetDashboard", {"DashboardName": name})
    return {"DashboardName": name, "DashboardBody": got["DashboardBody"]}


async def delete_dashboard(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteDashboards", {"DashboardNames": [name]})


# ------------------------------------------------------------------ anomaly detectors


def _detector(props: dict[str, Any]) -> dict[str, Any]:
    """The detector's identity as DeleteAnomalyDetector takes it: the single-metric form
    (from the template's flat properties when it uses the older form) or the math form."""
    out: dict[str, Any] = {}
    if props.get("MetricMathAnomalyDetector"):
        out["MetricMathAnomalyDetector"] = props["MetricMathAnomalyDetector"]
    else:
        single = dict(props.get("SingleMetricAnomalyDetector") or {})
        for key in ("MetricName", "Namespace", "Dimensions", "Stat"):
            if key in props and key not in single:
                single[key] = props[key]
        out["SingleMetricAnomalyDetector"] = single
    return out


async def create_anomaly_detector(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {k: v for k, v in props.items() if k not in ("MetricName", "Namespace", "Dimensions", "Stat")}
    await _call(ctx, "PutAnomalyDetector", {**request, **_detector(props)})
    ident = ctx.physical_name()
    return Resource(ident, {"Id": ident})


async def delete_anomaly_detector(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteAnomalyDetector", api_input("cloudwatch", "DeleteAnomalyDetector", _detector(props)))


# ------------------------------------------------------------------ insight rules and metric streams


def _rule_body(props: dict[str, Any]) -> str:
    body = props["RuleBody"]
    return body if isinstance(body, str) else json.dumps(body)


async def _insight_rule(ctx: ProvisionContext, name: str, props: dict[str, Any], tags: list[dict[str, str]] | None) -> Resource:
    state = props.get("RuleState") or "ENABLED"
    await _call(ctx, "PutInsightRule", props, RuleName=name, RuleDefinition=_rule_body(props), RuleState=state, Tags=tags)
    # Ref and Id are the rule's ARN.
    arn = ctx.arn("cloudwatch", f"insight-rule/{name}")
    return Resource(arn, {"Arn": arn, "Id": arn, "RuleName": name})


def _rule_name(arn: str) -> str:
    return arn.split(":insight-rule/", 1)[1] if ":insight-rule/" in arn else arn


async def create_insight_rule(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    return await _insight_rule(ctx, props.get("RuleName") or ctx.physical_name(128), props, ctx.tag_list(props.get("Tags")) or None)


async def update_insight_rule(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    made = await _insight_rule(ctx, _rule_name(arn), props, None)
    await _retag(ctx, made.attributes["Arn"], props, old)
    return made


async def delete_insight_rule(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteInsightRules", {"RuleNames": [_rule_name(arn)]})


async def _stream(ctx: ProvisionContext, name: str) -> Resource:
    got = await ctx.call("cloudwatch", "GetMetricStream", {"Name": name})
    return Resource(name, {"Arn": got["Arn"], "State": got.get("State", ""), "CreationDate": _iso(got.get("CreationDate")),
                           "LastUpdateDate": _iso(got.get("LastUpdateDate"))})


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def create_metric_stream(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(255)
    await _call(ctx, "PutMetricStream", props, Name=name, Tags=ctx.tag_list(props.get("Tags")) or None)
    return await _stream(ctx, name)


async def update_metric_stream(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "PutMetricStream", props, Name=name)
    made = await _stream(ctx, name)
    await _retag(ctx, made.attributes["Arn"], props, old)
    return made


async def delete_metric_stream(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteMetricStream", {"Name": name})


# ------------------------------------------------------------------ alarm mute rules


def _mute_name(arn: str) -> str:
    return arn.rsplit(":alarm-mute-rule:", 1)[-1]


async def _mute_rule(ctx: ProvisionContext, name: str) -> Resource:
    got = await ctx.call("cloudwatch", "GetAlarmMuteRule", {"AlarmMuteRuleName": name})
    arn = got.get("AlarmMuteRuleArn") or ctx.arn("cloudwatch", f"alarm-mute-rule:{name}")
    return Resource(arn, {"Arn": arn, "Status": got.get("Status", ""), "MuteType": got.get("MuteType", ""),
                          "LastUpdatedTimestamp": _iso(got.get("LastUpdatedTimestamp"))})


async def create_mute_rule(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(255)
    await _call(ctx, "PutAlarmMuteRule", props, Name=name, Tags=ctx.tag_list(props.get("Tags")) or None)
    return await _mute_rule(ctx, name)


async def update_mute_rule(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "PutAlarmMuteRule", props, Name=_mute_name(arn))
    await _retag(ctx, arn, props, old)
    return await _mute_rule(ctx, _mute_name(arn))


async def delete_mute_rule(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteAlarmMuteRule", {"AlarmMuteRuleName": _mute_name(arn)})


RESOURCE_TYPES = {
    "AWS::CloudWatch::Alarm": _alarm_type("MetricAlarm", "PutMetricAlarm", _METRIC_ALARM_KEYS),
    "AWS::CloudWatch::CompositeAlarm": _alarm_type("CompositeAlarm", "PutCompositeAlarm", _COMPOSITE_ALARM_KEYS),
    "AWS::CloudWatch::LogAlarm": _alarm_type("LogAlarm", "PutLogAlarm", _LOG_ALARM_KEYS),
    "AWS::CloudWatch::Dashboard": ResourceType(create_dashboard, delete_dashboard, update_dashboard, replaces=frozenset({"DashboardName"}),
                                                read=read_dashboard),
    # Every property of an anomaly detector is create-only: any change makes a new one.
    "AWS::CloudWatch::AnomalyDetector": ResourceType(create_anomaly_detector, delete_anomaly_detector),
    "AWS::CloudWatch::InsightRule": ResourceType(create_insight_rule, delete_insight_rule, update_insight_rule, replaces=frozenset({"RuleName"})),
    "AWS::CloudWatch::AlarmMuteRule": ResourceType(create_mute_rule, delete_mute_rule, update_mute_rule, replaces=frozenset({"Name"})),
    "AWS::CloudWatch::MetricStream": ResourceType(create_metric_stream, delete_metric_stream, update_metric_stream, replaces=frozenset({"Name"})),
}
