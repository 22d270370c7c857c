"""Fixtures for the SSM tests: a boto3 client against the live server."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def ssm(cumulo: CumuloServer) -> Any:
    return boto3.client("ssm", endpoint_url=cumulo.url, region_name="us-east-1")
