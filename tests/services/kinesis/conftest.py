"""Fixtures for the Kinesis tests: a boto3 client, a stream, and a helper to read a shard."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def kinesis(cumulo: CumuloServer) -> Any:
    return boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def stream(kinesis: Any) -> str:
    kinesis.create_stream(StreamName="events", ShardCount=2)
    return "events"


def read_all(kinesis: Any, stream: str, shard: str, kind: str = "TRIM_HORIZON", **extra: Any) -> list[dict[str, Any]]:
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType=kind, **extra)["ShardIterator"]
    out: list[dict[str, Any]] = []
    while iterator:
        got = kinesis.get_records(ShardIterator=iterator)
        out += got["Records"]
        if not got["Records"]:
            break
        iterator = got.get("NextShardIterator")
    return out
