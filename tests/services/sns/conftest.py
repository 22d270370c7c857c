"""Fixtures for the SNS tests: boto3 clients, queues to subscribe, and reading what arrived."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def sns(cumulo: CumuloServer) -> Any:
    return boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def sqs(cumulo: CumuloServer) -> Any:
    return boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def topic(sns: Any) -> str:
    return sns.create_topic(Name="orders")["TopicArn"]


@pytest.fixture
def make_queue(sqs: Any) -> Callable[..., tuple[str, str]]:
    """(url, arn) of a new queue."""

    def make(name: str, **attributes: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    return make


@pytest.fixture
def drain(sqs: Any) -> Callable[..., list[dict[str, Any]]]:
    """Every message now in a queue (received and deleted), waiting up to `wait` seconds for `count`."""

    def receive(url: str, count: int = 1, wait: float = 5.0, **kwargs: Any) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + wait
        while True:
            batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0, MessageAttributeNames=["All"],
                                        AttributeNames=["All"], **kwargs).get("Messages", [])
            for m in batch:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            got.extend(batch)
            if len(got) >= count or time.monotonic() > deadline:
                return got
            if not batch:
                time.sleep(0.05)

    return receive


def bodies(messages: list[dict[str, Any]]) -> list[Any]:
    return [json.loads(m["Body"]) for m in messages]
