"""Dashboards, metric streams, anomaly detectors, Contributor Insights rules and tags through boto3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_dashboards(cw: Any) -> None:
    body = json.dumps({"widgets": [{"type": "metric", "x": 0, "y": 0, "width": 6, "height": 6,
                                    "properties": {"metrics": [["App", "Errors"]], "period": 60, "stat": "Sum", "region": "us-east-1"}}]})
    assert cw.put_dashboard(DashboardName="main", DashboardBody=body)["DashboardValidationMessages"] == []
    got = cw.get_dashboard(DashboardName="main")
    assert got["DashboardBody"] == body and got["DashboardArn"].endswith(":dashboard/main")
    assert [d["DashboardName"] for d in cw.list_dashboards()["DashboardEntries"]] == ["main"]
    with pytest.raises(ClientError) as e:
        cw.put_dashboard(DashboardName="bad", DashboardBody='{"widgets": [{"type": "pie"}]}')
    assert e.value.response["Error"]["Code"] == "InvalidParameterInput"
    with pytest.raises(ClientError) as e:
        cw.put_dashboard(DashboardName="bad", DashboardBody="not json")
    cw.delete_dashboards(DashboardNames=["main"])
    with pytest.raises(ClientError) as e:
        cw.get_dashboard(DashboardName="main")
    assert e.value.response["Error"]["Code"] == "ResourceNotFound"


def test_metric_streams(cw: Any) -> None:
    arn = cw.put_metric_stream(Name="s", FirehoseArn="arn:aws:firehose:us-east-1:000000000000:deliverystream/d",
                               RoleArn="arn:aws:iam::000000000000:role/r", OutputFormat="json",
                               IncludeFilters=[{"Namespace": "App"}], Tags=[{"Key": "k", "Value": "v"}])["Arn"]
    assert cw.get_metric_stream(Name="s")["State"] == "running"
    cw.stop_metric_streams(Names=["s"])
    assert cw.list_metric_streams()["Entries"][0]["State"] == "stopped"
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "k", "Value": "v"}]
    cw.delete_metric_stream(Name="s")
    with pytest.raises(ClientError):
        cw.get_metric_stream(Name="s")


def test_anomaly_detectors_and_insight_rules(cw: Any) -> None:
    ident = cw.put_anomaly_detector(SingleMetricAnomalyDetector={"Namespace": "App", "MetricName": "Errors", "Stat": "Sum"})["AnomalyDetectorId"]
    found = cw.describe_anomaly_detectors(Namespace="App")["AnomalyDetectors"]
    assert found[0]["AnomalyDetectorId"] == ident and found[0]["SingleMetricAnomalyDetector"]["Stat"] == "Sum"
    cw.delete_anomaly_detector(SingleMetricAnomalyDetector={"Namespace": "App", "MetricName": "Errors", "Stat": "Sum"})
    assert cw.describe_anomaly_detectors()["AnomalyDetectors"] == []
    rule = json.dumps({"Schema": {"Name": "CloudWatchLogRule", "Version": 1}, "LogGroupNames": ["/a"], "LogFormat": "JSON",
                       "Contribution": {"Keys": ["$.ip"], "Filters": []}, "AggregateOn": "Count"})
    cw.put_insight_rule(RuleName="top-ips", RuleDefinition=rule)
    cw.disable_insight_rules(RuleNames=["top-ips"])
    assert cw.describe_insight_rules()["InsightRules"][0]["State"] == "DISABLED"
    assert cw.delete_insight_rules(RuleNames=["top-ips", "nope"])["Failures"][0]["FailureResource"] == "nope"


def test_alarm_tags(cw: Any) -> None:
    cw.put_metric_alarm(AlarmName="t", Namespace="App", MetricName="E", Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1,
                        ComparisonOperator="GreaterThanThreshold", Tags=[{"Key": "a", "Value": "1"}])
    arn = cw.describe_alarms(AlarmNames=["t"])["MetricAlarms"][0]["AlarmArn"]
    cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "b", "Value": "2"}])
    cw.untag_resource(ResourceARN=arn, TagKeys=["a"])
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(ClientError) as e:
        cw.list_tags_for_resource(ResourceARN=arn + "x")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_alarm_mute_rules_hold_actions_back(cw: Any) -> None:
    cw.put_metric_alarm(AlarmName="m", Namespace="App", MetricName="E", Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1,
                        ComparisonOperator="GreaterThanThreshold", AlarmActions=["arn:aws:sns:us-east-1:000000000000:nowhere"])
    cw.put_alarm_mute_rule(Name="quiet", Rule={"Schedule": {"Expression": "cron(0 2 * * ? *)", "Duration": "PT1H"}}, MuteTargets={"AlarmNames": ["m"]})
    assert cw.get_alarm_mute_rule(AlarmMuteRuleName="quiet")["Status"] == "ACTIVE"
    assert len(cw.list_alarm_mute_rules(AlarmName="m")["AlarmMuteRuleSummaries"]) == 1
    cw.set_alarm_state(AlarmName="m", StateValue="ALARM", StateReason="x")
    actions = cw.describe_alarm_history(AlarmName="m", HistoryItemType="Action")["AlarmHistoryItems"]
    assert [a["HistorySummary"] for a in actions] == ["Actions muted by alarm mute rule quiet"]
    cw.delete_alarm_mute_rule(AlarmMuteRuleName="quiet")
    with pytest.raises(ClientError):
        cw.get_alarm_mute_rule(AlarmMuteRuleName="quiet")


def test_metric_data_query_definitions(cw: Any) -> None:
    out = cw.put_metric_data_query_definition(Id="errors", Expression="SUM(METRICS())", Path="team/a", Type="METRIC_MATH")
    assert out["Arn"].endswith(":metric-data-query-definition/errors")
    assert cw.get_metric_data_query_definition(Id="errors")["Expression"] == "SUM(METRICS())"
    assert [i["Id"] for i in cw.list_metric_data_query_definitions()["Items"]] == ["errors"]
    cw.delete_metric_data_query_definition(Id="errors")
    with pytest.raises(ClientError):
        cw.get_metric_data_query_definition(Id="errors")
