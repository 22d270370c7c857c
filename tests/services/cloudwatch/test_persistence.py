"""CloudWatch state survives a restart; entities round-trip through the store; introspection."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
from fakecloud.client import FakeCloudSync

from cumulo.config import Config
from cumulo.services.cloudwatch.models import Alarm, Dashboard, Series
from cumulo.state import open_store
from cumulo.testing import ClockControl, CumuloServer


def test_state_survives_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    now = datetime.now(tz=timezone.utc)
    try:
        cw = boto3.client("cloudwatch", endpoint_url=first.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "Hits", "Values": [1, 2, 3], "Timestamp": now}])
        cw.put_metric_alarm(AlarmName="a", Namespace="App", MetricName="Hits", Statistic="Sum", Period=60, EvaluationPeriods=1,
                            Threshold=100, ComparisonOperator="GreaterThanThreshold")
        cw.set_alarm_state(AlarmName="a", StateValue="ALARM", StateReason="by hand")
        cw.put_dashboard(DashboardName="d", DashboardBody='{"widgets": []}')
    finally:
        first.stop()
    second = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        cw = boto3.client("cloudwatch", endpoint_url=second.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        points = cw.get_metric_statistics(Namespace="App", MetricName="Hits", StartTime=now - timedelta(minutes=1), EndTime=now + timedelta(minutes=1),
                                          Period=120, ExtendedStatistics=["p50"])["Datapoints"]
        assert [p["ExtendedStatistics"]["p50"] for p in points] == [2.0]
        alarm = cw.describe_alarms(AlarmNames=["a"])["MetricAlarms"][0]
        assert (alarm["StateValue"], alarm["StateReason"]) == ("ALARM", "by hand")
        assert cw.get_dashboard(DashboardName="d")["DashboardBody"] == '{"widgets": []}'
        assert len(cw.describe_alarm_history(AlarmName="a")["AlarmHistoryItems"]) == 2
    finally:
        second.stop()


def test_entities_round_trip(tmp_path: Path) -> None:
    store = open_store(str(tmp_path))
    scope = store.scope("cloudwatch", "000000000000", "us-east-1")
    series = Series("abc", "App", "Hits", (("Host", "a"),), "Count", 1.5, 3)
    alarm = Alarm("a", "arn:aws:cloudwatch:us-east-1:000000000000:alarm:a", "MetricAlarm", {"Threshold": 1.0}, tags={"k": "v"},
                  history=[{"HistoryItemType": "StateUpdate"}])
    dashboard = Dashboard("d", "arn", "{}", 2.0, 2)
    scope.table("series")["abc"] = series
    scope.table("points/abc")["0000000001"] = [(1.0, 1.0, 2.0, 2.0, 2.0, ((2.0, 1.0),))]
    scope.table("alarms")["a"] = alarm
    scope.table("dashboards")["d"] = dashboard
    log_alarm = Alarm("l", "arn:aws:cloudwatch:us-east-1:000000000000:alarm:l", "LogAlarm", {"Threshold": 2.0, "QueryResultsToEvaluate": 1})
    records = {
        "alarms": ("l", log_alarm),
        "log-alarm-runs": ("l", {"next_run": 60.0, "results": [{"time": 1.0, "values": [[{"host": "a"}, 3.0]]}], "error": ""}),
        "alarm-contributors": ("l", {"c1": {"ContributorId": "c1", "Attributes": {"host": "a"}, "State": "ALARM", "StateReason": "r",
                                            "StateTransitioned": 1.0}}),
        "records/resource-metrics": ("arn:aws:sqs:us-east-1:000000000000:q", {"ResourceArn": "arn:aws:sqs:us-east-1:000000000000:q",
                                                                               "CreatedAt": 1.0, "UpdatedAt": 2.0, "MetricSelections": []}),
        "records/otel-enrichment": ("account", {"Status": "Running", "IncludeFilters": [{"Namespace": "AWS/EC2", "MetricNames": []}],
                                                "ExcludeFilters": [], "CreatedAt": 1.0, "UpdatedAt": 1.0}),
        "records/datasets": ("default", {"KmsKeyArn": "arn:aws:kms:us-east-1:000000000000:key/abc", "AssociatedAt": 1.0}),
        "records/insight-rule-windows": ("r", [[1.0, 2.0], [3.0, None]]),
    }
    for table, (key, value) in records.items():
        scope.table(table)[key] = value
    store.commit()
    store.close()
    again = open_store(str(tmp_path))
    scope = again.scope("cloudwatch", "000000000000", "us-east-1")
    for table, (key, value) in records.items():
        assert scope.table(table)[key] == value
    assert scope.table("series")["abc"] == series
    assert scope.table("points/abc")["0000000001"] == [(1.0, 1.0, 2.0, 2.0, 2.0, ((2.0, 1.0),))]
    assert scope.table("alarms")["a"] == alarm
    assert scope.table("dashboards")["d"] == dashboard
    again.close()


def test_fakecloud_sdk_reads_metrics_and_alarms(cumulo: CumuloServer, cw: Any) -> None:
    cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "Hits", "Dimensions": [{"Name": "Host", "Value": "a"}], "Value": 4, "Unit": "Count"}])
    cw.put_metric_alarm(AlarmName="a", Namespace="App", MetricName="Hits", Statistic="Sum", Period=60, EvaluationPeriods=1,
                        Threshold=1, ComparisonOperator="GreaterThanThreshold", AlarmActions=["arn:aws:sns:us-east-1:000000000000:t"])
    fc = FakeCloudSync(cumulo.url)
    (metric,) = fc.cloudwatch.get_metrics().metrics
    assert (metric.namespace, metric.metric_name, metric.datapoint_count) == ("App", "Hits", 1)
    assert metric.dimensions[0].name == "Host" and metric.latest is not None and metric.latest.value == 4.0
    (alarm,) = fc.cloudwatch.get_alarms().alarms
    assert (alarm.name, alarm.type, alarm.threshold, alarm.alarm_actions) == ("a", "MetricAlarm", 1.0, ["arn:aws:sns:us-east-1:000000000000:t"])


def test_settings_log_alarms_and_contributors_survive_a_restart(tmp_path: Path) -> None:
    def clients(server: CumuloServer) -> tuple[Any, Any, Any]:
        args = {"endpoint_url": server.url, "region_name": "us-east-1", "aws_access_key_id": "test", "aws_secret_access_key": "test"}
        return boto3.client("cloudwatch", **args), boto3.client("kms", **args), boto3.client("logs", **args)

    table = "arn:aws:rds:us-east-1:000000000000:db:main"  # a service cumulo does not emulate: taken on trust
    first = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        cw, kms, logs = clients(first)
        cw.create_resource_metrics_configuration(ResourceArn=table, MetricSelections=[{"IncludeMetrics": ["ThrottledRequests"]}])
        cw.start_otel_enrichment(IncludeFilters=[{"Namespace": "AWS/EC2"}])
        grant = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                                                         "Action": "kms:*", "Resource": "*"}]}
        key = kms.create_key(Policy=json.dumps(grant), BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"]
        cw.associate_dataset_kms_key(DatasetIdentifier="default", KmsKeyArn=key)
        logs.create_log_group(logGroupName="/app")
        logs.create_log_stream(logGroupName="/app", logStreamName="s")
        now = first.runtime.clock.now()
        logs.put_log_events(logGroupName="/app", logStreamName="s", logEvents=[
            {"timestamp": int(now * 1000) + i, "message": f'{{"host": "{h}"}}'} for i, h in enumerate("aab")])
        cw.put_log_alarm(AlarmName="hosts", Threshold=2, ComparisonOperator="GreaterThanOrEqualToThreshold", QueryResultsToEvaluate=1,
                         QueryResultsToAlarm=1, ScheduledQueryConfiguration={
                             "QueryString": "", "LogGroupIdentifiers": ["/app"], "ScheduledQueryRoleARN": "arn:aws:iam::000000000000:role/r",
                             "AggregationExpression": "count(*) by host",
                             "ScheduleConfiguration": {"ScheduleExpression": "rate(1 minute)", "StartTimeOffset": 600}})
        ClockControl(first).advance(61)
        assert cw.describe_alarm_contributors(AlarmName="hosts")["AlarmContributors"][0]["ContributorAttributes"] == {"host": "a"}
    finally:
        first.stop()
    second = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        cw, _, _ = clients(second)
        got = cw.get_resource_metrics_configuration(ResourceArn=table)["ResourceMetricsConfiguration"]
        assert got["MetricSelections"] == [{"IncludeMetrics": ["ThrottledRequests"]}]
        assert cw.get_otel_enrichment()["IncludeFilters"] == [{"Namespace": "AWS/EC2"}]
        assert cw.get_dataset(DatasetIdentifier="default")["KmsKeyArn"] == key
        alarm = cw.describe_alarms(AlarmNames=["hosts"], AlarmTypes=["LogAlarm"])["LogAlarms"][0]
        assert alarm["StateValue"] == "ALARM" and alarm["ScheduledQueryConfiguration"]["AggregationExpression"] == "count(*) by host"
        assert [c["ContributorAttributes"] for c in cw.describe_alarm_contributors(AlarmName="hosts")["AlarmContributors"]] == [{"host": "a"}]
    finally:
        second.stop()
