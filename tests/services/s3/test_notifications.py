"""Notifications to Lambda: a real Python function receives S3's event (through an
`Event` invoke) and forwards it to an SQS queue, where the test reads it. Topic and
EventBridge configurations are kept, and skipped while cumulo lacks those services."""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

import boto3

FORWARDER = '''
import json, os
import boto3

def handler(event, context):
    sqs = boto3.client("sqs")
    sqs.send_message(QueueUrl=os.environ["FORWARD_TO"], MessageBody=json.dumps(event))
'''


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


def _receive(sqs: Any, url: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2).get("Messages", [])
        if messages:
            return json.loads(messages[0]["Body"])
    raise AssertionError("no event reached the queue")


def test_object_created_reaches_a_lambda_function(cumulo: Any, s3: Any, bucket: str) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="forwarded")["QueueUrl"]
    boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1").create_topic(Name="t")  # S3 checks that a topic exists
    arn = lam.create_function(
        FunctionName="s3-forwarder", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
        Handler="app.handler", Code={"ZipFile": _zip(FORWARDER)}, Timeout=20,
        Environment={"Variables": {"FORWARD_TO": url}},
    )["FunctionArn"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "LambdaFunctionConfigurations": [{
            "Id": "to-lambda", "LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": ".jpg"}]}},
        }],
        "TopicConfigurations": [{"TopicArn": "arn:aws:sns:us-east-1:000000000000:t", "Events": ["s3:ObjectRemoved:*"]}],
        "EventBridgeConfiguration": {},
    })
    stored = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert stored["LambdaFunctionConfigurations"][0]["LambdaFunctionArn"] == arn
    assert stored["TopicConfigurations"][0]["TopicArn"].endswith(":t") and "EventBridgeConfiguration" in stored

    s3.put_object(Bucket=bucket, Key="skipped.txt", Body=b"not a picture")
    s3.put_object(Bucket=bucket, Key="photos/cat.jpg", Body=b"meow")
    s3.delete_object(Bucket=bucket, Key="photos/cat.jpg")  # to the topic, which has no subscribers
    event = _receive(sqs, url)
    (record,) = event["Records"]
    assert record["eventSource"] == "aws:s3" and record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["configurationId"] == "to-lambda"
    assert record["s3"]["bucket"]["name"] == bucket
    assert record["s3"]["object"]["key"] == "photos/cat.jpg" and record["s3"]["object"]["size"] == 4


def test_an_empty_configuration_turns_notifications_off(cumulo: Any, s3: Any, bucket: str) -> None:
    # `<NotificationConfiguration/>` is how clients (Terraform's destroy among them) clear it.
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="uploads")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [{"Id": "q", "QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}],
    })
    assert _receive(sqs, url)["Event"] == "s3:TestEvent"
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    stored = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert "QueueConfigurations" not in stored
    s3.put_object(Bucket=bucket, Key="after.txt", Body=b"x")
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", []) == []
