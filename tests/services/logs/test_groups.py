"""Log groups and streams through boto3: lifecycle, retention on the clock, tags, policies."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl


def test_group_lifecycle(logs: Any) -> None:
    logs.create_log_group(logGroupName="/a/one", tags={"team": "x"})
    logs.create_log_group(logGroupName="/a/two", logGroupClass="INFREQUENT_ACCESS")
    with pytest.raises(ClientError) as e:
        logs.create_log_group(logGroupName="/a/one")
    assert e.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    groups = logs.describe_log_groups(logGroupNamePrefix="/a/")["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/a/one", "/a/two"]
    assert groups[0]["arn"].endswith(":log-group:/a/one:*")
    assert groups[1]["logGroupClass"] == "INFREQUENT_ACCESS"
    assert logs.list_tags_log_group(logGroupName="/a/one")["tags"] == {"team": "x"}
    logs.tag_resource(resourceArn=groups[0]["logGroupArn"], tags={"env": "dev"})
    assert logs.list_tags_for_resource(resourceArn=groups[0]["logGroupArn"])["tags"] == {"team": "x", "env": "dev"}
    logs.untag_resource(resourceArn=groups[0]["logGroupArn"], tagKeys=["team"])
    assert logs.list_tags_for_resource(resourceArn=groups[0]["logGroupArn"])["tags"] == {"env": "dev"}
    logs.delete_log_group(logGroupName="/a/one")
    with pytest.raises(ClientError) as e:
        logs.delete_log_group(logGroupName="/a/one")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_describe_pages(logs: Any) -> None:
    for i in range(7):
        logs.create_log_group(logGroupName=f"g{i}")
    names = []
    for page in logs.get_paginator("describe_log_groups").paginate(PaginationConfig={"PageSize": 3}):
        names += [g["logGroupName"] for g in page["logGroups"]]
    assert names == [f"g{i}" for i in range(7)]


def test_streams(logs: Any, stream: tuple[str, str]) -> None:
    group, _ = stream
    logs.create_log_stream(logGroupName=group, logStreamName="s2")
    with pytest.raises(ClientError) as e:
        logs.create_log_stream(logGroupName=group, logStreamName="s2")
    assert e.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    logs.put_log_events(logGroupName=group, logStreamName="s2", logEvents=[{"timestamp": int(time.time() * 1000), "message": "x"}])
    listed = logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime", descending=True)["logStreams"]
    assert listed[0]["logStreamName"] == "s2" and listed[0]["storedBytes"] > 0
    logs.delete_log_stream(logGroupName=group, logStreamName="s2")
    assert [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group)["logStreams"]] == ["s1"]


def test_retention_on_the_clock(logs: Any, stream: tuple[str, str], cumulo_clock: ClockControl) -> None:
    group, name = stream
    with pytest.raises(ClientError) as e:
        logs.put_retention_policy(logGroupName=group, retentionInDays=2)
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["retentionInDays"] == 1
    now = int(cumulo_clock.now() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": now, "message": "old"}])
    cumulo_clock.advance(86_400 / 2)
    later = int(cumulo_clock.now() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": later, "message": "new"}])
    cumulo_clock.advance(86_400 / 2 + 120)
    events = logs.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True)["events"]
    assert [e["message"] for e in events] == ["new"]
    logs.delete_retention_policy(logGroupName=group)
    assert "retentionInDays" not in logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]


def test_deletion_protection(logs: Any) -> None:
    logs.create_log_group(logGroupName="keep", deletionProtectionEnabled=True)
    with pytest.raises(ClientError) as e:
        logs.delete_log_group(logGroupName="keep")
    assert e.value.response["Error"]["Code"] == "OperationAbortedException"
    logs.put_log_group_deletion_protection(logGroupIdentifier="keep", deletionProtectionEnabled=False)
    logs.delete_log_group(logGroupName="keep")


def test_kms_key(logs: Any, stream: tuple[str, str]) -> None:
    group, _ = stream
    key = "arn:aws:kms:us-east-1:000000000000:key/abc"
    logs.associate_kms_key(logGroupName=group, kmsKeyId=key)
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["kmsKeyId"] == key
    logs.disassociate_kms_key(logGroupName=group)
    assert "kmsKeyId" not in logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]


def test_data_protection_masks(logs: Any, stream: tuple[str, str]) -> None:
    import json

    group, name = stream
    policy = json.dumps({
        "Name": "p", "Version": "2021-06-01",
        "Statement": [
            {"Sid": "audit", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Audit": {"FindingsDestination": {}}}},
            {"Sid": "mask", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Deidentify": {"MaskConfig": {}}}},
        ],
    })
    logs.put_data_protection_policy(logGroupIdentifier=group, policyDocument=policy)
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["dataProtectionStatus"] == "ACTIVATED"
    import time

    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": int(time.time() * 1000), "message": "mail bob@example.com now"}])
    masked = logs.get_log_events(logGroupName=group, logStreamName=name)["events"][0]["message"]
    assert masked == "mail **** now"
    plain = logs.get_log_events(logGroupName=group, logStreamName=name, unmask=True)["events"][0]["message"]
    assert plain == "mail bob@example.com now"
    assert logs.get_data_protection_policy(logGroupIdentifier=group)["policyDocument"] == policy
    logs.delete_data_protection_policy(logGroupIdentifier=group)
    assert "policyDocument" not in logs.get_data_protection_policy(logGroupIdentifier=group)


def test_index_policy(logs: Any, stream: tuple[str, str]) -> None:
    group, _ = stream
    logs.put_index_policy(logGroupIdentifier=group, policyDocument='{"Fields": ["requestId"]}')
    assert logs.describe_index_policies(logGroupIdentifiers=[group])["indexPolicies"][0]["policyDocument"] == '{"Fields": ["requestId"]}'
    assert logs.describe_field_indexes(logGroupIdentifiers=[group])["fieldIndexes"][0]["fieldIndexName"] == "requestId"
    logs.delete_index_policy(logGroupIdentifier=group)
    assert logs.describe_index_policies(logGroupIdentifiers=[group])["indexPolicies"] == []
