"""Fixtures for the EventBridge tests: boto3 clients, a queue to receive what rules deliver."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def events(cumulo: CumuloServer) -> Any:
    return boto3.client("events", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def sqs(cumulo: CumuloServer) -> Any:
    return boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def make_queue(sqs: Any) -> Callable[..., tuple[str, str]]:
    """make_queue(name, fifo=False) -> (url, arn)."""

    def make(name: str, **attributes: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    return make


@pytest.fixture
def drain(sqs: Any) -> Callable[[str], list[dict[str, Any]]]:
    """Every message now in a queue (received and deleted), bodies parsed as JSON where they are JSON."""

    def receive(url: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while True:
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]).get("Messages", [])
            if not got:
                return out
            for message in got:
                try:
                    message["Json"] = json.loads(message["Body"])
                except ValueError:
                    message["Json"] = None
                out.append(message)
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    return receive


def put(events: Any, source: str = "app.orders", detail_type: str = "Order Placed", detail: Any = None, **extra: Any) -> dict[str, Any]:
    entry = {"Source": source, "DetailType": detail_type, "Detail": json.dumps(detail if detail is not None else {"n": 1}), **extra}
    return events.put_events(Entries=[entry])
