"""Fixtures for the S3 tests: boto3 clients against the live in-process server, a bucket."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from cumulo.testing import CumuloServer


def client(cumulo: CumuloServer, region: str = "us-east-1", access_key: str = "test", **config: Any) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=cumulo.url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key="test",
        # A broken connection must fail fast, not wait out botocore's 60 s read timeout.
        config=Config(read_timeout=10, retries={"max_attempts": 1}, **config),
    )


@pytest.fixture
def make_client(cumulo: CumuloServer) -> Any:
    """`make_client(region=..., access_key=..., **botocore Config options)`."""
    return lambda region="us-east-1", access_key="test", **config: client(cumulo, region, access_key, **config)


@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    return client(cumulo)


@pytest.fixture
def bucket(s3: Any) -> str:
    s3.create_bucket(Bucket="test-bucket")
    return "test-bucket"
