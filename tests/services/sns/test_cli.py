"""SNS through the AWS CLI (query protocol, its own argument shapes): topic, filtered subscription, publish, listing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import boto3

from cumulo.testing import CumuloServer


def aws(cumulo: CumuloServer, service: str, *args: str) -> Any:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    out = subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, service, *args, "--output", "json"],
                         capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None


def test_aws_cli(cumulo: CumuloServer) -> None:
    topic = aws(cumulo, "sns", "create-topic", "--name", "cli-topic", "--attributes", "DisplayName=CLI")["TopicArn"]
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="cli-queue")["QueueUrl"]
    queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sub = aws(cumulo, "sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", queue,
              "--attributes", json.dumps({"FilterPolicy": json.dumps({"kind": ["order"]}), "RawMessageDelivery": "true"}))["SubscriptionArn"]
    assert sub.startswith(topic)
    boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1").publish(
        TopicArn=topic, Message="skipped", MessageAttributes={"kind": {"DataType": "String", "StringValue": "noise"}})
    out = aws(cumulo, "sns", "publish", "--topic-arn", topic, "--message", "kept", "--message-attributes",
              json.dumps({"kind": {"DataType": "String", "StringValue": "order"}}))
    assert out["MessageId"]
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    assert [m["Body"] for m in got["Messages"]] == ["kept"]
