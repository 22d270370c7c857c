"""Resource-based policies on tables and streams: revisions, conditional puts, validation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from .conftest import make_table

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "dynamodb:GetItem", "Resource": "*"}]})


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_put_get_delete_with_revisions(ddb: Any, table: str) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    with pytest.raises(ClientError) as exc:
        ddb.get_resource_policy(ResourceArn=arn)
    assert code(exc) == "PolicyNotFoundException"
    first = ddb.put_resource_policy(ResourceArn=arn, Policy=POLICY)["RevisionId"]
    got = ddb.get_resource_policy(ResourceArn=arn)
    assert got == {"Policy": POLICY, "RevisionId": first, "ResponseMetadata": got["ResponseMetadata"]}
    with pytest.raises(ClientError) as exc:
        ddb.put_resource_policy(ResourceArn=arn, Policy=POLICY, ExpectedRevisionId="stale")
    assert code(exc) == "PolicyNotFoundException"
    assert exc.value.response["Error"]["Message"] == (
        "Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id stale, "
        f"but the policy associated to target table {table} has revision id {first}.")
    # The same document again is no change: its revision stays.
    assert ddb.put_resource_policy(ResourceArn=arn, Policy=POLICY, ExpectedRevisionId=first)["RevisionId"] == first
    with pytest.raises(ClientError) as exc:
        ddb.put_resource_policy(ResourceArn=arn, Policy=POLICY, ExpectedRevisionId="NO_POLICY")
    assert exc.value.response["Error"]["Message"] == (
        "Resource-based policy not found for the provided ResourceArn: Requested policy update expecting none to be present "
        f"for table {table}, but a policy exists with revision id {first}.")
    other = POLICY.replace("GetItem", "PutItem")
    second = ddb.put_resource_policy(ResourceArn=arn, Policy=other, ExpectedRevisionId=first)["RevisionId"]
    assert int(second) > int(first)  # revision ids are timestamps: later ones compare greater
    with pytest.raises(ClientError) as exc:
        ddb.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=first)
    assert code(exc) == "PolicyNotFoundException"
    assert ddb.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=second)["RevisionId"] == second
    with pytest.raises(ClientError) as exc:
        ddb.delete_resource_policy(ResourceArn=arn)
    assert code(exc) == "PolicyNotFoundException"


def test_documents_are_validated(ddb: Any, table: str) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    for bad in ("not json", json.dumps({"Version": "2012-10-17"}), json.dumps({"Statement": [{"Effect": "Maybe", "Action": "*"}]}),
                json.dumps({"Statement": [{"Effect": "Allow"}]})):
        with pytest.raises(ClientError) as exc:
            ddb.put_resource_policy(ResourceArn=arn, Policy=bad)
        assert code(exc) == "ValidationException", bad
    with pytest.raises(ClientError) as exc:
        ddb.put_resource_policy(ResourceArn=arn.replace(table, "missing"), Policy=POLICY)
    assert code(exc) == "ResourceNotFoundException"


def test_stream_policy_and_policy_at_creation(ddb: Any) -> None:
    make_table(ddb, "withpolicy", ResourcePolicy=POLICY, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    table = ddb.describe_table(TableName="withpolicy")["Table"]
    assert ddb.get_resource_policy(ResourceArn=table["TableArn"])["Policy"] == POLICY
    stream_arn = table["LatestStreamArn"]
    ddb.put_resource_policy(ResourceArn=stream_arn, Policy=POLICY)
    assert ddb.get_resource_policy(ResourceArn=stream_arn)["Policy"] == POLICY
    ddb.delete_table(TableName="withpolicy")
    make_table(ddb, "withpolicy")
    with pytest.raises(ClientError) as exc:
        ddb.get_resource_policy(ResourceArn=table["TableArn"])
    assert code(exc) == "PolicyNotFoundException"


def test_missing_table_is_named(ddb: Any, table: str) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"] + "-gone"
    for call in (lambda: ddb.get_resource_policy(ResourceArn=arn), lambda: ddb.put_resource_policy(ResourceArn=arn, Policy=POLICY),
                 lambda: ddb.delete_resource_policy(ResourceArn=arn)):
        with pytest.raises(ClientError) as exc:
            call()
        assert exc.value.response["Error"] == {"Code": "ResourceNotFoundException", "Message": f"Requested resource not found: Table: {table}-gone not found"}
