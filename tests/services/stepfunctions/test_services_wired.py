"""Step Functions with the services that landed beside it: tasks publishing to SNS and putting
events on an EventBridge bus, and an EventBridge rule starting an execution as its target."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3

from cumulo.testing import CumuloServer
from tests.services.stepfunctions.conftest import finished


def receive(sqs: Any, url: str, count: int, timeout: float = 20.0) -> list[str]:
    got: list[str] = []
    deadline = time.monotonic() + timeout
    while len(got) < count and time.monotonic() < deadline:
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            got.append(m["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return got


def test_sns_publish_and_eventbridge_put_events_tasks(cumulo: CumuloServer, run: Callable[..., dict[str, Any]]) -> None:
    kw = {"endpoint_url": cumulo.url, "region_name": "us-east-1"}
    sns, sqs, events = boto3.client("sns", **kw), boto3.client("sqs", **kw), boto3.client("events", **kw)
    topic = sns.create_topic(Name="sfn-out")["TopicArn"]
    url = sqs.create_queue(QueueName="sfn-seen")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    events.put_rule(Name="from-sfn", EventPattern=json.dumps({"source": ["orders"]}))
    events.put_targets(Rule="from-sfn", Targets=[{"Id": "q", "Arn": queue_arn}])
    out = run({
        "StartAt": "Publish",
        "States": {
            "Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                        "Parameters": {"TopicArn": topic, "Message.$": "$.note"}, "ResultPath": "$.published", "Next": "Emit"},
            "Emit": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                     "Parameters": {"Entries": [{"Source": "orders", "DetailType": "placed", "Detail.$": "States.JsonToString($.order)"}]},
                     "ResultPath": "$.emitted", "End": True},
        },
    }, {"note": "hello from a state machine", "order": {"id": 7}})
    assert out["status"] == "SUCCEEDED", out
    result = json.loads(out["output"])
    assert result["published"]["MessageId"] and result["emitted"]["FailedEntryCount"] == 0
    got = receive(sqs, url, 2)
    assert "hello from a state machine" in got  # raw delivery of the published message
    [event] = [json.loads(g) for g in got if g.startswith("{")]
    assert event["source"] == "orders" and event["detail-type"] == "placed" and event["detail"] == {"id": 7}


def test_an_eventbridge_rule_starts_an_execution(cumulo: CumuloServer, sfn: Any, machine: Callable[..., str]) -> None:
    events = boto3.client("events", endpoint_url=cumulo.url, region_name="us-east-1")
    arn = machine({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}, name="on-event")
    events.put_rule(Name="to-sfn", EventPattern=json.dumps({"source": ["billing"]}))
    events.put_targets(Rule="to-sfn", Targets=[{"Id": "sfn", "Arn": arn, "RoleArn": "arn:aws:iam::000000000000:role/events"}])
    events.put_events(Entries=[{"Source": "billing", "DetailType": "invoice", "Detail": json.dumps({"n": 1})}])
    deadline = time.monotonic() + 20
    executions: list[dict[str, Any]] = []
    while not executions and time.monotonic() < deadline:
        executions = sfn.list_executions(stateMachineArn=arn)["executions"]
        time.sleep(0.1)
    [execution] = executions
    done = finished(sfn, execution["executionArn"])
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["input"])["detail"] == {"n": 1} and json.loads(done["input"])["source"] == "billing"


def test_status_changes_reach_eventbridge(cumulo: CumuloServer, sfn: Any, run: Callable[..., dict[str, Any]]) -> None:
    kw = {"endpoint_url": cumulo.url, "region_name": "us-east-1"}
    sqs, events = boto3.client("sqs", **kw), boto3.client("events", **kw)
    url = sqs.create_queue(QueueName="sfn-status")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="sfn-status", EventPattern=json.dumps({"source": ["aws.states"], "detail-type": ["Step Functions Execution Status Change"]}))
    events.put_targets(Rule="sfn-status", Targets=[{"Id": "q", "Arn": queue_arn}])
    done = run({"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Nope", "Cause": "on purpose"}}})
    assert done["status"] == "FAILED"
    got = [json.loads(b) for b in receive(sqs, url, 2)]
    assert sorted(e["detail"]["status"] for e in got) == ["FAILED", "RUNNING"]
    failed = next(e for e in got if e["detail"]["status"] == "FAILED")
    assert failed["resources"] == [done["executionArn"]] and failed["detail"]["error"] == "Nope" and failed["detail"]["cause"] == "on purpose"
