"""CloudWatch's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from typing import Any

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.sample_stack import deploy

ALARM = {"MetricName": "Errors", "Namespace": "App", "Statistic": "Sum", "Period": "60", "EvaluationPeriods": "1",
         "Threshold": "5", "ComparisonOperator": "GreaterThanThreshold", "Dimensions": [{"Name": "Fn", "Value": "f"}]}


def test_alarm_and_composite(cumulo: CumuloServer, cw: Any) -> None:
    ctx, alarm = make(cumulo, "AWS::CloudWatch::Alarm", {**ALARM, "Tags": [{"Key": "k", "Value": "v"}]})
    got = cw.describe_alarms(AlarmNames=[alarm.physical_id])["MetricAlarms"][0]
    assert alarm.physical_id.startswith("stack-Resource-") and alarm.attributes["Arn"] == got["AlarmArn"]
    assert (got["Period"], got["Threshold"], got["Dimensions"]) == (60, 5.0, [{"Name": "Fn", "Value": "f"}])
    assert cw.list_tags_for_resource(ResourceARN=got["AlarmArn"])["Tags"] == [{"Key": "k", "Value": "v"}]
    update(cumulo, "AWS::CloudWatch::Alarm", ctx, alarm.physical_id, {**ALARM, "Threshold": 10, "TreatMissingData": "breaching"}, ALARM)
    got = cw.describe_alarms(AlarmNames=[alarm.physical_id])["MetricAlarms"][0]
    assert (got["Threshold"], got["TreatMissingData"]) == (10.0, "breaching")
    assert read(cumulo, "AWS::CloudWatch::Alarm", ctx, alarm.physical_id, ALARM)["Threshold"] == 10.0

    cprops = {"AlarmName": "all", "AlarmRule": f'ALARM("{alarm.physical_id}")', "ActionsEnabled": "false"}
    cctx, comp = make(cumulo, "AWS::CloudWatch::CompositeAlarm", cprops)
    got = cw.describe_alarms(AlarmNames=["all"], AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0]
    assert comp.attributes["Arn"] == got["AlarmArn"] and got["ActionsEnabled"] is False
    update(cumulo, "AWS::CloudWatch::CompositeAlarm", cctx, "all", {**cprops, "AlarmDescription": "d"}, cprops)
    assert cw.describe_alarms(AlarmNames=["all"], AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0]["AlarmDescription"] == "d"
    assert read(cumulo, "AWS::CloudWatch::CompositeAlarm", cctx, "all", cprops)["AlarmDescription"] == "d"
    delete(cumulo, "AWS::CloudWatch::CompositeAlarm", cctx, "all", cprops)
    delete(cumulo, "AWS::CloudWatch::Alarm", ctx, alarm.physical_id, ALARM)
    got = cw.describe_alarms(AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    assert got["MetricAlarms"] == [] and got["CompositeAlarms"] == []


def test_dashboard_and_anomaly_detector(cumulo: CumuloServer, cw: Any) -> None:
    body = {"widgets": [{"type": "text", "x": 0, "y": 0, "width": 6, "height": 3, "properties": {"markdown": "hi"}}]}
    ctx, dash = make(cumulo, "AWS::CloudWatch::Dashboard", {"DashboardBody": json.dumps(body)})
    assert json.loads(cw.get_dashboard(DashboardName=dash.physical_id)["DashboardBody"]) == body
    body2 = {"widgets": []}
    update(cumulo, "AWS::CloudWatch::Dashboard", ctx, dash.physical_id, {"DashboardBody": json.dumps(body2)}, {})
    assert json.loads(cw.get_dashboard(DashboardName=dash.physical_id)["DashboardBody"]) == body2
    assert json.loads(read(cumulo, "AWS::CloudWatch::Dashboard", ctx, dash.physical_id, {})["DashboardBody"]) == body2
    delete(cumulo, "AWS::CloudWatch::Dashboard", ctx, dash.physical_id, {})
    assert cw.list_dashboards()["DashboardEntries"] == []

    props = {"MetricName": "Latency", "Namespace": "App", "Stat": "Average", "Dimensions": [{"Name": "Api", "Value": "a"}]}
    actx, det = make(cumulo, "AWS::CloudWatch::AnomalyDetector", props)
    got = cw.describe_anomaly_detectors()["AnomalyDetectors"]
    assert got[0]["SingleMetricAnomalyDetector"]["MetricName"] == "Latency"
    delete(cumulo, "AWS::CloudWatch::AnomalyDetector", actx, det.physical_id, props)
    assert cw.describe_anomaly_detectors()["AnomalyDetectors"] == []


def test_insight_rule_and_metric_stream(cumulo: CumuloServer, cw: Any) -> None:
    body = {"Schema": {"Name": "CloudWatchLogRule", "Version": 1}, "LogGroupNames": ["/app"], "LogFormat": "JSON",
            "Contribution": {"Keys": ["$.ip"], "Filters": []}, "AggregateOn": "Count"}
    props = {"RuleName": "ips", "RuleBody": json.dumps(body), "RuleState": "ENABLED"}
    ctx, rule = make(cumulo, "AWS::CloudWatch::InsightRule", props)
    got = cw.describe_insight_rules()["InsightRules"]
    assert [(r["Name"], r["State"]) for r in got] == [("ips", "ENABLED")] and rule.attributes["RuleName"] == "ips"
    assert rule.physical_id == rule.attributes["Arn"] == rule.attributes["Id"] == "arn:aws:cloudwatch:us-east-1:000000000000:insight-rule/ips"
    assert cw.list_tags_for_resource(ResourceARN=rule.attributes["Arn"])["Tags"] == []
    update(cumulo, "AWS::CloudWatch::InsightRule", ctx, rule.physical_id, {**props, "RuleState": "DISABLED"}, props)
    assert cw.describe_insight_rules()["InsightRules"][0]["State"] == "DISABLED"
    delete(cumulo, "AWS::CloudWatch::InsightRule", ctx, rule.physical_id, props)
    assert cw.describe_insight_rules()["InsightRules"] == []

    sprops = {"FirehoseArn": "arn:aws:firehose:us-east-1:000000000000:deliverystream/s", "RoleArn": "arn:aws:iam::000000000000:role/r",
              "OutputFormat": "json", "IncludeFilters": [{"Namespace": "AWS/EC2"}]}
    sctx, stream = make(cumulo, "AWS::CloudWatch::MetricStream", sprops)
    got = cw.get_metric_stream(Name=stream.physical_id)
    assert stream.attributes["Arn"] == got["Arn"] and stream.attributes["State"] == got["State"]
    update(cumulo, "AWS::CloudWatch::MetricStream", sctx, stream.physical_id, {**sprops, "OutputFormat": "opentelemetry1.0"}, sprops)
    assert cw.get_metric_stream(Name=stream.physical_id)["OutputFormat"] == "opentelemetry1.0"
    delete(cumulo, "AWS::CloudWatch::MetricStream", sctx, stream.physical_id, sprops)
    assert cw.list_metric_streams()["Entries"] == []


def test_alarm_mute_rule(cumulo: CumuloServer, cw: Any) -> None:
    props = {"Rule": {"Schedule": {"Expression": "cron(0 22 * * ? *)", "Duration": "PT8H", "Timezone": "UTC"}},
             "MuteTargets": {"AlarmNames": ["a"]}, "Description": "nights"}
    ctx, rule = make(cumulo, "AWS::CloudWatch::AlarmMuteRule", props)
    got = cw.get_alarm_mute_rule(AlarmMuteRuleName=rule.physical_id.rsplit(":", 1)[1])
    assert rule.attributes["Arn"] == rule.physical_id == got["AlarmMuteRuleArn"] and rule.attributes["Status"] == got["Status"]
    update(cumulo, "AWS::CloudWatch::AlarmMuteRule", ctx, rule.physical_id, {**props, "Description": "weekends"}, props)
    assert cw.get_alarm_mute_rule(AlarmMuteRuleName=rule.physical_id.rsplit(":", 1)[1])["Description"] == "weekends"
    delete(cumulo, "AWS::CloudWatch::AlarmMuteRule", ctx, rule.physical_id, props)
    assert cw.list_alarm_mute_rules().get("AlarmMuteRuleSummaries", []) == []


def test_sample_template_deploys(cumulo: CumuloServer, cw: Any) -> None:
    stack = deploy(cumulo, "cloudwatch.yaml")
    assert {r["Type"] for r in stack.template["Resources"].values()} == {t for t in resource_types() if t.startswith("AWS::CloudWatch::")}
    assert cw.describe_alarms(AlarmNames=[stack.physical("Errors")])["MetricAlarms"]
    stack.delete()
    assert cw.describe_alarms()["MetricAlarms"] == [] and cw.list_dashboards()["DashboardEntries"] == []


def test_log_alarm(cumulo: CumuloServer, cw: Any) -> None:
    props = {"ScheduledQueryConfiguration": {"QueryString": "filter level = 'ERROR'", "LogGroupIdentifiers": ["/app"],
                                             "ScheduledQueryRoleArn": "arn:aws:iam::000000000000:role/r", "AggregationExpression": "count(*)",
                                             "ScheduleConfiguration": {"ScheduleExpression": "rate(5 minutes)", "StartTimeOffset": "300"}},
             "QueryResultsToEvaluate": "2", "QueryResultsToAlarm": "1", "Threshold": "3", "ComparisonOperator": "GreaterThanThreshold",
             "Tags": [{"Key": "k", "Value": "v"}]}
    ctx, alarm = make(cumulo, "AWS::CloudWatch::LogAlarm", props)
    got = cw.describe_alarms(AlarmNames=[alarm.physical_id], AlarmTypes=["LogAlarm"])["LogAlarms"][0]
    assert alarm.attributes["Arn"] == got["AlarmArn"] and got["Threshold"] == 3.0
    assert got["ScheduledQueryConfiguration"]["ScheduledQueryRoleARN"] == "arn:aws:iam::000000000000:role/r"
    assert cw.list_tags_for_resource(ResourceARN=got["AlarmArn"])["Tags"] == [{"Key": "k", "Value": "v"}]
    update(cumulo, "AWS::CloudWatch::LogAlarm", ctx, alarm.physical_id, {**props, "Threshold": "7"}, props)
    assert read(cumulo, "AWS::CloudWatch::LogAlarm", ctx, alarm.physical_id, props)["Threshold"] == 7.0
    delete(cumulo, "AWS::CloudWatch::LogAlarm", ctx, alarm.physical_id, props)
    assert cw.describe_alarms(AlarmTypes=["LogAlarm"])["LogAlarms"] == []
