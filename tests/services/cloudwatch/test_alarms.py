"""Alarms through boto3: evaluated on the moved clock, composite rules, history, actions."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import datetime, timezone
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer

ROLE = "arn:aws:iam::000000000000:role/r"


def _state(cw: Any, name: str) -> str:
    alarms = cw.describe_alarms(AlarmNames=[name], AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    return (alarms["MetricAlarms"] + alarms["CompositeAlarms"])[0]["StateValue"]


def _put(cw: Any, clock: ClockControl, value: float, name: str = "Errors") -> None:
    cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": name, "Value": value, "Timestamp": datetime.fromtimestamp(clock.now(), tz=timezone.utc)}])


def _alarm(cw: Any, name: str = "errors-high", **extra: Any) -> None:
    params: dict[str, Any] = {"AlarmName": name, "Namespace": "App", "MetricName": "Errors", "Statistic": "Sum", "Period": 60,
                              "EvaluationPeriods": 1, "Threshold": 5, "ComparisonOperator": "GreaterThanOrEqualToThreshold"}
    params.update(extra)
    cw.put_metric_alarm(**params)


def test_alarm_moves_on_the_clock(cw: Any, cumulo_clock: ClockControl) -> None:
    _alarm(cw, TreatMissingData="notBreaching")
    assert _state(cw, "errors-high") == "INSUFFICIENT_DATA"
    _put(cw, cumulo_clock, 7)
    cumulo_clock.advance(10)
    assert _state(cw, "errors-high") == "ALARM"
    reason = cw.describe_alarms(AlarmNames=["errors-high"])["MetricAlarms"][0]
    assert "Threshold Crossed" in reason["StateReason"] and json.loads(reason["StateReasonData"])["recentDatapoints"] == [7.0]
    cumulo_clock.advance(120)  # no new data: missing periods count as not breaching
    assert _state(cw, "errors-high") == "OK"
    history = cw.describe_alarm_history(AlarmName="errors-high", HistoryItemType="StateUpdate")["AlarmHistoryItems"]
    assert [h["HistorySummary"] for h in history] == ["Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM"]


def test_m_out_of_n_and_missing_data(cw: Any, cumulo_clock: ClockControl) -> None:
    _alarm(cw, EvaluationPeriods=3, DatapointsToAlarm=2, TreatMissingData="missing")
    cumulo_clock.set(int(cumulo_clock.now()) // 60 * 60 + 5)
    _put(cw, cumulo_clock, 9)
    cumulo_clock.advance(60)
    _put(cw, cumulo_clock, 1)
    cumulo_clock.advance(10)
    assert _state(cw, "errors-high") == "OK"
    cumulo_clock.advance(50)
    _put(cw, cumulo_clock, 9)
    cumulo_clock.advance(10)
    assert _state(cw, "errors-high") == "ALARM"
    cumulo_clock.advance(3600)
    assert _state(cw, "errors-high") == "INSUFFICIENT_DATA"


def test_set_alarm_state_and_actions_flags(cw: Any) -> None:
    _alarm(cw)
    cw.set_alarm_state(AlarmName="errors-high", StateValue="ALARM", StateReason="testing")
    alarm = cw.describe_alarms(AlarmNames=["errors-high"])["MetricAlarms"][0]
    assert (alarm["StateValue"], alarm["StateReason"]) == ("ALARM", "testing")
    cw.disable_alarm_actions(AlarmNames=["errors-high"])
    assert cw.describe_alarms(AlarmNames=["errors-high"])["MetricAlarms"][0]["ActionsEnabled"] is False
    cw.enable_alarm_actions(AlarmNames=["errors-high"])
    with pytest.raises(ClientError) as e:
        cw.set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x")
    assert e.value.response["Error"]["Code"] == "ResourceNotFound"
    assert cw.describe_alarms_for_metric(Namespace="App", MetricName="Errors")["MetricAlarms"][0]["AlarmName"] == "errors-high"
    cw.delete_alarms(AlarmNames=["errors-high"])
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_composite_alarm(cw: Any, cumulo_clock: ClockControl) -> None:
    _alarm(cw, "a")
    _alarm(cw, "b", MetricName="Other")
    with pytest.raises(ClientError):
        cw.put_composite_alarm(AlarmName="c", AlarmRule='ALARM("a") AND ALARM("missing")')
    cw.put_composite_alarm(AlarmName="c", AlarmRule='ALARM("a") AND NOT ALARM(b)')
    cw.set_alarm_state(AlarmName="a", StateValue="ALARM", StateReason="x")
    cumulo_clock.advance(1)
    httpx.post(f"{cw.meta.endpoint_url}/_cumulo/cloudwatch/alarms/evaluate")
    # a is re-evaluated from data (none: INSUFFICIENT_DATA), so c follows it back.
    assert _state(cw, "c") == "OK"
    _put(cw, cumulo_clock, 10)
    httpx.post(f"{cw.meta.endpoint_url}/_cumulo/cloudwatch/alarms/evaluate")
    assert _state(cw, "a") == "ALARM" and _state(cw, "c") == "ALARM"
    out = cw.describe_alarms(ParentsOfAlarmName="a")
    assert [a["AlarmName"] for a in out["CompositeAlarms"]] == ["c"]
    kids = cw.describe_alarms(ChildrenOfAlarmName="c")
    assert sorted(a["AlarmName"] for a in kids["MetricAlarms"]) == ["a", "b"]
    with pytest.raises(ClientError):
        cw.delete_alarms(AlarmNames=["a"])


def test_math_alarm(cw: Any, cumulo_clock: ClockControl) -> None:
    cw.put_metric_alarm(AlarmName="ratio", EvaluationPeriods=1, Threshold=50, ComparisonOperator="GreaterThanThreshold", Metrics=[
        {"Id": "e", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Errors"}, "Period": 60, "Stat": "Sum"}, "ReturnData": False},
        {"Id": "r", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Requests"}, "Period": 60, "Stat": "Sum"}, "ReturnData": False},
        {"Id": "pct", "Expression": "100 * e / r", "ReturnData": True},
    ])
    _put(cw, cumulo_clock, 6)
    _put(cw, cumulo_clock, 10, "Requests")
    httpx.post(f"{cw.meta.endpoint_url}/_cumulo/cloudwatch/alarms/evaluate")
    assert _state(cw, "ratio") == "ALARM"


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


def test_sqs_depth_alarm_invokes_lambda(cw: Any, cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    fn = lam.create_function(FunctionName="on-alarm", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                             Code={"ZipFile": _zip("def handler(event, context):\n    return event['alarmData']['state']['value']\n")})["FunctionArn"]
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="work")["QueueUrl"]
    cw.put_metric_alarm(AlarmName="backlog", Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
                        Dimensions=[{"Name": "QueueName", "Value": "work"}], Statistic="Maximum", Period=60, EvaluationPeriods=1,
                        Threshold=3, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[fn])
    for i in range(4):
        sqs.send_message(QueueUrl=url, MessageBody=str(i))
    cumulo_clock.advance(60)
    assert _state(cw, "backlog") == "ALARM"
    deadline = time.monotonic() + 20
    while True:
        rows = [r for r in httpx.get(f"{cumulo.url}/_cumulo/lambda/invocations").json()["invocations"] if r["functionName"] == "on-alarm"]
        if rows or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    event = json.loads(rows[0]["payload"])
    assert event["source"] == "aws.cloudwatch" and event["alarmData"]["alarmName"] == "backlog"
    assert event["alarmData"]["state"]["value"] == "ALARM" and event["alarmData"]["previousState"]["value"] == "INSUFFICIENT_DATA"
    actions = cw.describe_alarm_history(AlarmName="backlog", HistoryItemType="Action")["AlarmHistoryItems"]
    assert actions and "Successfully executed action" in actions[0]["HistorySummary"]
    assert cw.list_metrics(Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible")["Metrics"]


@pytest.mark.skipif("sns" not in __import__("cumulo.services", fromlist=["IMPLEMENTED"]).IMPLEMENTED, reason="SNS is not in cumulo yet")
def test_sqs_depth_alarm_notifies_an_sns_topic(cw: Any, cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    sns = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1")
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    topic = sns.create_topic(Name="alarms")["TopicArn"]
    inbox = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=inbox_arn, Attributes={"RawMessageDelivery": "true"})
    work = sqs.create_queue(QueueName="work")["QueueUrl"]
    cw.put_metric_alarm(AlarmName="backlog", Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
                        Dimensions=[{"Name": "QueueName", "Value": "work"}], Statistic="Maximum", Period=60, EvaluationPeriods=1,
                        Threshold=2, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
    for i in range(3):
        sqs.send_message(QueueUrl=work, MessageBody=str(i))
    cumulo_clock.advance(60)
    assert _state(cw, "backlog") == "ALARM"
    got = sqs.receive_message(QueueUrl=inbox, WaitTimeSeconds=5).get("Messages", [])
    body = json.loads(got[0]["Body"])
    assert (body["AlarmName"], body["NewStateValue"], body["OldStateValue"]) == ("backlog", "ALARM", "INSUFFICIENT_DATA")
    assert body["Trigger"]["MetricName"] == "ApproximateNumberOfMessagesVisible"
