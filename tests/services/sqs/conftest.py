"""Fixtures for the SQS tests: a boto3 client (JSON protocol), raw query-protocol calls, queues."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import boto3
import httpx
import pytest

from cumulo.testing import ClockControl, CumuloServer

QUERY_AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"


@pytest.fixture
def sqs(cumulo: CumuloServer) -> Any:
    return boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def queue(sqs: Any) -> str:
    return sqs.create_queue(QueueName="orders")["QueueUrl"]


@pytest.fixture
def fifo_queue(sqs: Any) -> str:
    return sqs.create_queue(QueueName="orders.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]


class QueryResponse:
    """A query-protocol answer: status, headers, and the XML with namespaces stripped."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.headers = response.headers
        self.text = response.text
        self.root = ET.fromstring(response.content)
        for element in self.root.iter():
            element.tag = element.tag.rsplit("}", 1)[-1]

    def texts(self, tag: str) -> list[str]:
        return [e.text or "" for e in self.root.iter(tag)]

    def text_of(self, tag: str) -> str:
        found = self.texts(tag)
        assert found, f"no <{tag}> in {self.text}"
        return found[0]


@pytest.fixture
def query(cumulo: CumuloServer) -> Callable[..., QueryResponse]:
    """POST a form to the server as old SDKs and scripts do: query(Action="SendMessage", ...)."""

    def call(path: str = "/", **form: str) -> QueryResponse:
        response = httpx.post(
            cumulo.url + path, data={"Version": "2012-11-05", **form}, headers={"Authorization": QUERY_AUTH}
        )
        return QueryResponse(response)

    return call


@pytest.fixture
def run_ticks(cumulo_clock: ClockControl) -> Callable[[float], None]:
    """Advance the clock; the server's scheduler runs SQS's periodic work that fell due."""
    return cumulo_clock.advance
