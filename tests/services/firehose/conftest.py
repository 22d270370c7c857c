"""Fixtures for the Firehose tests: clients, a bucket, a delivery stream to S3, and reading objects back."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/firehose"


@pytest.fixture
def firehose(cumulo: CumuloServer) -> Any:
    return boto3.client("firehose", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    return boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def bucket(s3: Any) -> str:
    s3.create_bucket(Bucket="landing")
    return "landing"


def objects(s3: Any, bucket: str, prefix: str = "") -> dict[str, bytes]:
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]
    return {k: s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys}


def s3_destination(bucket: str, **extra: Any) -> dict[str, Any]:
    return {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{bucket}", "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}, **extra}
