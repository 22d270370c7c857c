"""Fixtures for the CloudWatch tests: a boto3 client (it speaks Smithy RPC v2 CBOR)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def cw(cumulo: CumuloServer) -> Any:
    return boto3.client("cloudwatch", endpoint_url=cumulo.url, region_name="us-east-1")
