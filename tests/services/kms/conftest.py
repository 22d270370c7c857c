"""Fixtures for the KMS tests: boto3 clients against the live server."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def kms(cumulo: CumuloServer) -> Any:
    return boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def kms_west(cumulo: CumuloServer) -> Any:
    return boto3.client("kms", endpoint_url=cumulo.url, region_name="us-west-2")


@pytest.fixture
def key(kms: Any) -> str:
    return kms.create_key(Description="test key")["KeyMetadata"]["KeyId"]
