"""Fixtures for the DynamoDB tests: boto3 clients and resources against the live server, and tables."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer


@pytest.fixture
def ddb(cumulo: CumuloServer) -> Any:
    return boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def resource(cumulo: CumuloServer) -> Any:
    return boto3.resource("dynamodb", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def streams(cumulo: CumuloServer) -> Any:
    return boto3.client("dynamodbstreams", endpoint_url=cumulo.url, region_name="us-east-1")


def make_table(ddb: Any, name: str = "items", *, range_type: str | None = "S", **extra: Any) -> str:
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    defs = [{"AttributeName": "pk", "AttributeType": "S"}]
    if range_type:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        defs.append({"AttributeName": "sk", "AttributeType": range_type})
    defs += extra.pop("more_definitions", [])
    ddb.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=defs, BillingMode="PAY_PER_REQUEST", **extra)
    return name


@pytest.fixture
def table(ddb: Any) -> str:
    """pk (S) + sk (S)."""
    return make_table(ddb)


@pytest.fixture
def simple(ddb: Any) -> str:
    """pk (S) only."""
    return make_table(ddb, "simple", range_type=None)


@pytest.fixture
def numbers(ddb: Any) -> str:
    """pk (S) + sk (N)."""
    return make_table(ddb, "numbers", range_type="N")
