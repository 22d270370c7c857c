"""Fixtures for the Secrets Manager tests: boto3 clients against the live server."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def sm(cumulo: CumuloServer) -> Any:
    return boto3.client("secretsmanager", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def sm_west(cumulo: CumuloServer) -> Any:
    return boto3.client("secretsmanager", endpoint_url=cumulo.url, region_name="us-west-2")


@pytest.fixture
def kms(cumulo: CumuloServer) -> Any:
    return boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
