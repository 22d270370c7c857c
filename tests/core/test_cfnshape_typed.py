"""core/cfnshape.typed: template values converted to the types of an operation's input shape, members kept."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cumulo.core.cfnshape import typed


def test_numbers_booleans_strings_and_blobs_follow_the_shape() -> None:
    got = typed("lambda", "CreateFunction", {
        "FunctionName": "f", "Timeout": "30", "MemorySize": 256.0, "Publish": "True", "Description": 5,
        "Code": {"ZipFile": "text"}, "Environment": {"Variables": {"N": 1, "B": True}}, "Unknown": "7"})
    assert got == {"FunctionName": "f", "Timeout": 30, "MemorySize": 256, "Publish": True, "Description": "5",
                   "Code": {"ZipFile": b"text"}, "Environment": {"Variables": {"N": "1", "B": "true"}}, "Unknown": "7"}


def test_nested_lists_and_values_that_are_not_numbers() -> None:
    got = typed("dynamodb", "CreateTable", {
        "TableName": "t", "ProvisionedThroughput": {"ReadCapacityUnits": "5", "WriteCapacityUnits": "x"},
        "GlobalSecondaryIndexes": [{"IndexName": "i", "ProvisionedThroughput": {"ReadCapacityUnits": "1", "WriteCapacityUnits": 2}}]})
    assert got["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": "x"}  # left for validation to name
    assert got["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"] == {"ReadCapacityUnits": 1, "WriteCapacityUnits": 2}


@given(st.integers(min_value=-(2**40), max_value=2**40), st.booleans())
def test_a_quoted_value_comes_back_as_the_value(number: int, flag: bool) -> None:
    params: dict[str, Any] = {"QueueUrl": "u", "MaxNumberOfMessages": str(number), "WaitTimeSeconds": number}
    assert typed("sqs", "ReceiveMessage", params)["MaxNumberOfMessages"] == number
    assert typed("s3", "PutPublicAccessBlock", {"Bucket": "b", "PublicAccessBlockConfiguration": {"BlockPublicAcls": str(flag).lower()}})[
        "PublicAccessBlockConfiguration"]["BlockPublicAcls"] is flag
