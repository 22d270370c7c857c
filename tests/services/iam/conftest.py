"""Fixtures for the IAM tests: a boto3 IAM client against the live server, and documents."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
READ_QUEUES = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:GetQueueAttributes"], "Resource": "*"}]})


@pytest.fixture
def iam(cumulo: CumuloServer) -> Any:
    return boto3.client("iam", endpoint_url=cumulo.url, region_name="us-east-1")
