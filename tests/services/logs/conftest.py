"""Fixtures for the CloudWatch Logs tests: a boto3 client and a group with a stream."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def logs(cumulo: CumuloServer) -> Any:
    return boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def stream(logs: Any) -> tuple[str, str]:
    logs.create_log_group(logGroupName="/app/web")
    logs.create_log_stream(logGroupName="/app/web", logStreamName="s1")
    return "/app/web", "s1"
