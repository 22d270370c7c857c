"""Fixtures for the Scheduler tests: boto3 clients and a queue factory."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/scheduler"


@pytest.fixture
def scheduler(cumulo: CumuloServer) -> Any:
    return boto3.client("scheduler", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def sqs(cumulo: CumuloServer) -> Any:
    return boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def make_queue(sqs: Any) -> Any:
    def make(name: str, **attributes: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    return make


@pytest.fixture
def drain(sqs: Any) -> Any:
    def receive(url: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while True:
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]).get("Messages", [])
            if not got:
                return out
            for message in got:
                out.append(message)
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    return receive
