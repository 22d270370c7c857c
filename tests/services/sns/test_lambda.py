"""SNS and Lambda: a Lambda subscription gets the Records[].Sns event (invoked asynchronously), and a
function's async destination can be a topic."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

from .conftest import bodies

APP = '''
def handler(event, context):
    return {"seen": event}
'''


def make_zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


@pytest.fixture
def lam(cumulo: CumuloServer) -> Any:
    return boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def function(lam: Any) -> Callable[[str], str]:
    def create(name: str) -> str:
        return lam.create_function(FunctionName=name, Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                                   Handler="app.handler", Code={"ZipFile": make_zip(APP)}, Timeout=5)["FunctionArn"]

    return create


def test_lambda_subscription_gets_the_sns_event(sns: Any, lam: Any, topic: str, function: Callable[[str], str], make_queue: Any, drain: Any) -> None:
    results_url, results = make_queue("results")
    arn = function("listener")
    lam.put_function_event_invoke_config(FunctionName="listener", DestinationConfig={"OnSuccess": {"Destination": results}})
    sub = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)["SubscriptionArn"]
    message_id = sns.publish(TopicArn=topic, Message="for the function", Subject="s",
                             MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})["MessageId"]
    [record] = bodies(drain(results_url, wait=20))
    [event] = record["requestPayload"]["Records"]
    assert event["EventSource"] == "aws:sns" and event["EventVersion"] == "1.0" and event["EventSubscriptionArn"] == sub
    sns_part = event["Sns"]
    assert sns_part["MessageId"] == message_id and sns_part["Message"] == "for the function" and sns_part["Subject"] == "s"
    assert sns_part["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    assert sns_part["SigningCertUrl"].endswith("/_cumulo/sns/cert.pem") and "UnsubscribeUrl" in sns_part
    assert record["responsePayload"]["seen"]["Records"][0]["Sns"]["Message"] == "for the function"


def test_a_lambda_destination_can_be_a_topic(sns: Any, lam: Any, topic: str, function: Callable[[str], str], make_queue: Any, drain: Any) -> None:
    url, queue = make_queue("from-lambda")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)
    function("worker")
    lam.put_function_event_invoke_config(FunctionName="worker", DestinationConfig={"OnSuccess": {"Destination": topic}})
    lam.invoke(FunctionName="worker", InvocationType="Event", Payload=json.dumps({"job": 7}).encode())
    [doc] = bodies(drain(url, wait=20))
    record = json.loads(doc["Message"])
    assert doc["TopicArn"] == topic and record["requestPayload"] == {"job": 7} and record["responsePayload"] == {"seen": {"job": 7}}
