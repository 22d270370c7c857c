"""Log alarms through boto3: a scheduled Logs Insights query on the moved clock, M out of N
results, contributors per group, actions; DescribeAlarmContributors."""

from __future__ import annotations

import json
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer

ROLE = "arn:aws:iam::000000000000:role/alarms"


@pytest.fixture
def logs(cumulo: CumuloServer) -> Any:
    client = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")
    client.create_log_group(logGroupName="/app")
    client.create_log_stream(logGroupName="/app", logStreamName="s")
    return client


def _log(logs: Any, clock: ClockControl, *events: dict[str, Any]) -> None:
    now = int(clock.now() * 1000)
    logs.put_log_events(logGroupName="/app", logStreamName="s",
                        logEvents=[{"timestamp": now + i, "message": json.dumps(e)} for i, e in enumerate(events)])


def _alarm(cw: Any, name: str = "errors", aggregation: str = "count(*)", **extra: Any) -> None:
    params: dict[str, Any] = {
        "AlarmName": name, "Threshold": 2, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "QueryResultsToEvaluate": 1, "QueryResultsToAlarm": 1,
        "ScheduledQueryConfiguration": {
            "QueryString": "filter level = 'ERROR'", "LogGroupIdentifiers": ["/app"], "ScheduledQueryRoleARN": ROLE,
            "ScheduleConfiguration": {"ScheduleExpression": "rate(5 minutes)", "StartTimeOffset": 600},
            "AggregationExpression": aggregation,
        },
    }
    params.update(extra)
    cw.put_log_alarm(**params)


def _log_alarm(cw: Any, name: str) -> dict[str, Any]:
    found = cw.describe_alarms(AlarmNames=[name], AlarmTypes=["LogAlarm"])
    assert found["MetricAlarms"] == [] and found["CompositeAlarms"] == []
    return found["LogAlarms"][0]  # type: ignore[no-any-return]


def test_log_alarm_moves_on_the_clock(cw: Any, logs: Any, cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    sns = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1")
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    _alarm(cw, AlarmActions=[topic], AlarmDescription="too many errors", Tags=[{"Key": "team", "Value": "core"}])
    alarm = _log_alarm(cw, "errors")
    assert alarm["StateValue"] == "INSUFFICIENT_DATA" and alarm["AlarmDescription"] == "too many errors"
    assert alarm["ScheduledQueryConfiguration"]["AggregationExpression"] == "count(*)"
    assert (alarm["QueryResultsToEvaluate"], alarm["Threshold"], alarm["TreatMissingData"]) == (1, 2.0, "missing")
    assert cw.describe_alarms(AlarmNames=["errors"])["MetricAlarms"] == []  # only metric alarms unless asked
    assert cw.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"] == [{"Key": "team", "Value": "core"}]

    _log(logs, cumulo_clock, {"level": "ERROR"}, {"level": "INFO"}, {"level": "ERROR"}, {"level": "ERROR"})
    cumulo_clock.advance(120)  # not due yet
    assert _log_alarm(cw, "errors")["StateValue"] == "INSUFFICIENT_DATA"
    cumulo_clock.advance(200)
    alarm = _log_alarm(cw, "errors")
    assert alarm["StateValue"] == "ALARM", alarm["StateReason"]
    assert json.loads(alarm["StateReasonData"])["evaluatedQueryResults"][0]["values"] == [3.0]
    history = cw.describe_alarm_history(AlarmName="errors", HistoryItemType="Action")["AlarmHistoryItems"]
    assert history and "Successfully executed action" in history[0]["HistorySummary"]
    assert cw.describe_alarm_contributors(AlarmName="errors")["AlarmContributors"] == []  # one value: no contributors

    cumulo_clock.advance(700)  # the errors leave the query window: count(*) is 0
    assert _log_alarm(cw, "errors")["StateValue"] == "OK"
    kinds = [h["HistorySummary"] for h in cw.describe_alarm_history(AlarmName="errors", HistoryItemType="StateUpdate")["AlarmHistoryItems"]]
    assert kinds == ["Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM"]


def test_m_out_of_n_query_results(cw: Any, logs: Any, cumulo_clock: ClockControl) -> None:
    _alarm(cw, QueryResultsToEvaluate=3, QueryResultsToAlarm=2,
           ScheduledQueryConfiguration={"QueryString": "filter level = 'ERROR'", "LogGroupIdentifiers": ["/app"], "ScheduledQueryRoleARN": ROLE,
                                        "ScheduleConfiguration": {"ScheduleExpression": "rate(5 minutes)", "StartTimeOffset": 400},
                                        "AggregationExpression": "count(*)"})
    _log(logs, cumulo_clock, {"level": "ERROR"}, {"level": "ERROR"})
    cumulo_clock.advance(301)  # first run: 1 of 1 breaching, fewer than 2
    assert _log_alarm(cw, "errors")["StateValue"] == "OK"
    _log(logs, cumulo_clock, {"level": "ERROR"}, {"level": "ERROR"})
    cumulo_clock.advance(299)
    assert _log_alarm(cw, "errors")["StateValue"] == "ALARM"


def test_contributors_per_group(cw: Any, logs: Any, cumulo_clock: ClockControl) -> None:
    _alarm(cw, "by-host", aggregation="count(*) as errors by host")
    _log(logs, cumulo_clock, *[{"level": "ERROR", "host": "a"}] * 3, {"level": "ERROR", "host": "b"}, {"level": "INFO", "host": "c"})
    cumulo_clock.advance(310)
    assert _log_alarm(cw, "by-host")["StateValue"] == "ALARM"
    contributors = cw.describe_alarm_contributors(AlarmName="by-host")["AlarmContributors"]
    assert [c["ContributorAttributes"] for c in contributors] == [{"host": "a"}]
    seen = next(a for a in httpx.get(f"{cw.meta.endpoint_url}/_cumulo/cloudwatch/alarms").json()["alarms"] if a["name"] == "by-host")
    assert seen["type"] == "LogAlarm" and seen["nextRun"] and len(seen["queryResults"]) == 1
    assert sorted(c["Attributes"]["host"] for c in seen["contributors"]) == ["a", "b"]
    assert len(contributors[0]["ContributorId"]) <= 16 and "StateTransitionedTimestamp" in contributors[0]
    moved = cw.describe_alarm_history(AlarmName="by-host", AlarmContributorId=contributors[0]["ContributorId"])["AlarmHistoryItems"]
    assert [(h["HistoryItemType"], h["AlarmContributorAttributes"]) for h in moved] == [("AlarmContributorStateUpdate", {"host": "a"})]

    with pytest.raises(ClientError) as e:
        cw.describe_alarm_contributors(AlarmName="nope")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    cw.put_metric_alarm(AlarmName="plain", Namespace="App", MetricName="E", Statistic="Sum", Period=60, EvaluationPeriods=1,
                        Threshold=1, ComparisonOperator="GreaterThanThreshold")
    assert cw.describe_alarm_contributors(AlarmName="plain")["AlarmContributors"] == []
    with pytest.raises(ClientError) as e:
        cw.describe_alarm_contributors(AlarmName="by-host", NextToken="garbage")
    assert e.value.response["Error"]["Code"] == "InvalidNextToken"

    cw.delete_alarms(AlarmNames=["by-host"])
    with pytest.raises(ClientError):
        cw.describe_alarm_contributors(AlarmName="by-host")


def test_failed_queries_and_bad_input(cw: Any, logs: Any, cumulo_clock: ClockControl) -> None:
    _alarm(cw, "lost", TreatMissingData="breaching",
           ScheduledQueryConfiguration={"QueryString": "", "LogGroupIdentifiers": ["/missing"], "ScheduledQueryRoleARN": ROLE,
                                        "ScheduleConfiguration": {"ScheduleExpression": "cron(0/5 * * * ? *)", "StartTimeOffset": 300},
                                        "AggregationExpression": "count(*)"})
    cumulo_clock.advance(301)
    alarm = _log_alarm(cw, "lost")
    assert alarm["EvaluationState"] == "EVALUATION_ERROR" and alarm["StateValue"] == "ALARM"

    cw.put_metric_alarm(AlarmName="metric", Namespace="App", MetricName="E", Statistic="Sum", Period=60, EvaluationPeriods=1,
                        Threshold=1, ComparisonOperator="GreaterThanThreshold")
    with pytest.raises(ClientError) as e:
        _alarm(cw, "metric")
    assert e.value.response["Error"]["Code"] == "ResourceConflict"
    for bad in ({"QueryResultsToAlarm": 2}, {"TreatMissingData": "sometimes"}, {"ActionLogLineCount": 51},
                {"ScheduledQueryConfiguration": {"QueryString": "", "ScheduledQueryRoleARN": ROLE, "AggregationExpression": "count(*)",
                                                 "ScheduleConfiguration": {"ScheduleExpression": "every minute", "StartTimeOffset": 60}}},
                {"ScheduledQueryConfiguration": {"QueryString": "", "ScheduledQueryRoleARN": ROLE, "AggregationExpression": "count(*)",
                                                 "ScheduleConfiguration": {"ScheduleExpression": "rate(1 minute)", "StartTimeOffset": 60,
                                                                           "EndTimeOffset": 60}}}):
        with pytest.raises(ClientError) as e:
            _alarm(cw, "bad", **bad)
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert cw.describe_alarms(AlarmNames=["bad"], AlarmTypes=["LogAlarm"])["LogAlarms"] == []


def test_composite_alarm_over_a_log_alarm(cw: Any, logs: Any, cumulo_clock: ClockControl) -> None:
    _alarm(cw)
    cw.put_composite_alarm(AlarmName="app-down", AlarmRule='ALARM("errors")')
    assert [a["AlarmName"] for a in cw.describe_alarms(ChildrenOfAlarmName="app-down")["LogAlarms"]] == ["errors"]
    _log(logs, cumulo_clock, *[{"level": "ERROR"}] * 2)
    cumulo_clock.advance(310)
    got = cw.describe_alarms(AlarmNames=["app-down"], AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0]
    assert got["StateValue"] == "ALARM"
