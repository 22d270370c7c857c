"""Parameter Store through boto3: types, hierarchies, versions, labels, tiers, filters, public parameters."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return str(excinfo.value.response["Error"]["Code"])


def test_put_get_string_and_overwrite_rules(ssm: Any) -> None:
    out = ssm.put_parameter(Name="/app/db/host", Value="db.local", Type="String", Description="the db")
    assert out == {"Version": 1, "Tier": "Standard", "ResponseMetadata": out["ResponseMetadata"]}
    p = ssm.get_parameter(Name="/app/db/host")["Parameter"]
    assert p["Value"] == "db.local" and p["Type"] == "String" and p["Version"] == 1 and p["DataType"] == "text"
    assert p["ARN"] == "arn:aws:ssm:us-east-1:000000000000:parameter/app/db/host"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/app/db/host", Value="other", Type="String")
    assert code(e) == "ParameterAlreadyExists"
    assert ssm.put_parameter(Name="/app/db/host", Value="db2", Overwrite=True)["Version"] == 2
    meta = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/app/db/host"]}])["Parameters"][0]
    assert meta["Description"] == "the db" and meta["Version"] == 2
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/app/db/host", Value="x", Overwrite=True, Tags=[{"Key": "a", "Value": "b"}])
    assert code(e) == "ValidationException"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="new-one", Value="x")
    assert code(e) == "ValidationException"


def test_stringlist_and_arn_lookup(ssm: Any) -> None:
    ssm.put_parameter(Name="zones", Value="a,b,c", Type="StringList")
    arn = "arn:aws:ssm:us-east-1:000000000000:parameter/zones"
    assert ssm.get_parameter(Name=arn)["Parameter"]["Value"] == "a,b,c"


@pytest.mark.parametrize("name", ["aws-thing", "/ssm/x", "a/b", "/a//b", "bad name", "/" + "/".join("x" * 16)])
def test_invalid_names(ssm: Any, name: str) -> None:
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name=name, Value="v", Type="String")
    assert code(e) in ("ValidationException", "HierarchyLevelLimitExceededException")


def test_not_found(ssm: Any) -> None:
    with pytest.raises(ClientError) as e:
        ssm.get_parameter(Name="/nope")
    assert code(e) == "ParameterNotFound"
    with pytest.raises(ClientError) as e:
        ssm.delete_parameter(Name="/nope")
    assert code(e) == "ParameterNotFound"


def test_get_parameters_reports_invalid(ssm: Any) -> None:
    ssm.put_parameter(Name="/a", Value="1", Type="String")
    out = ssm.get_parameters(Names=["/a", "/b", "/a:7"])
    assert [p["Name"] for p in out["Parameters"]] == ["/a"]
    assert sorted(out["InvalidParameters"]) == ["/a:7", "/b"]


def test_by_path_recursive_filters_and_paging(ssm: Any) -> None:
    for i in range(15):
        ssm.put_parameter(Name=f"/svc/conf/k{i:02d}", Value=str(i), Type="String")
    ssm.put_parameter(Name="/svc/conf/deep/x", Value="d", Type="StringList")
    ssm.put_parameter(Name="/svc/top", Value="t", Type="String")
    one = ssm.get_parameters_by_path(Path="/svc/conf")
    assert len(one["Parameters"]) == 10 and "NextToken" in one
    two = ssm.get_parameters_by_path(Path="/svc/conf", NextToken=one["NextToken"])
    names = [p["Name"] for p in one["Parameters"] + two["Parameters"]]
    assert len(names) == 15 and "/svc/conf/deep/x" not in names
    rec = ssm.get_paginator("get_parameters_by_path").paginate(Path="/svc", Recursive=True)
    allnames = [p["Name"] for page in rec for p in page["Parameters"]]
    assert len(allnames) == 17 and "/svc/conf/deep/x" in allnames
    lists = ssm.get_parameters_by_path(Path="/svc", Recursive=True, ParameterFilters=[{"Key": "Type", "Values": ["StringList"]}])
    assert [p["Name"] for p in lists["Parameters"]] == ["/svc/conf/deep/x"]
    with pytest.raises(ClientError) as e:
        ssm.get_parameters_by_path(Path="/svc", ParameterFilters=[{"Key": "Name", "Values": ["x"]}])
    assert code(e) == "InvalidFilterKey"
    with pytest.raises(ClientError) as e:
        ssm.get_parameters_by_path(Path="/svc", NextToken="garbage!!")
    assert code(e) == "InvalidNextToken"


def test_versions_history_labels_and_selectors(ssm: Any) -> None:
    for v in ("one", "two", "three"):
        ssm.put_parameter(Name="/lab", Value=v, Type="String", Overwrite=True)
    out = ssm.label_parameter_version(Name="/lab", ParameterVersion=1, Labels=["prod", "9bad", "awsx"])
    assert out["ParameterVersion"] == 1 and sorted(out["InvalidLabels"]) == ["9bad", "awsx"]
    assert ssm.get_parameter(Name="/lab:prod")["Parameter"]["Value"] == "one"
    assert ssm.get_parameter(Name="/lab:2")["Parameter"]["Value"] == "two"
    assert ssm.get_parameter(Name="/lab:2")["Parameter"]["Selector"] == ":2"
    ssm.label_parameter_version(Name="/lab", Labels=["prod"])  # moves to the latest
    assert ssm.get_parameter(Name="/lab:prod")["Parameter"]["Value"] == "three"
    history = ssm.get_parameter_history(Name="/lab")["Parameters"]
    assert [h["Version"] for h in history] == [1, 2, 3]
    assert history[0]["Labels"] == [] and history[2]["Labels"] == ["prod"]
    with pytest.raises(ClientError) as e:
        ssm.get_parameter(Name="/lab:9")
    assert code(e) == "ParameterVersionNotFound"
    with pytest.raises(ClientError) as e:
        ssm.label_parameter_version(Name="/lab", ParameterVersion=1, Labels=[f"l{i}" for i in range(11)])
    assert code(e) in ("ParameterVersionLabelLimitExceeded", "ValidationException")
    removed = ssm.unlabel_parameter_version(Name="/lab", ParameterVersion=3, Labels=["prod", "nope"])
    assert removed["RemovedLabels"] == ["prod"] and removed["InvalidLabels"] == ["nope"]
    ds = ssm.describe_parameters(ParameterFilters=[{"Key": "Label", "Values": ["prod"]}])
    assert ds["Parameters"] == []


def test_version_limit_drops_oldest_unless_labelled(ssm: Any) -> None:
    ssm.put_parameter(Name="/many", Value="0", Type="String")
    ssm.label_parameter_version(Name="/many", ParameterVersion=1, Labels=["keep"])
    for i in range(99):
        ssm.put_parameter(Name="/many", Value=str(i), Overwrite=True)
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/many", Value="x", Overwrite=True)
    assert code(e) == "ParameterMaxVersionLimitExceeded"
    ssm.unlabel_parameter_version(Name="/many", ParameterVersion=1, Labels=["keep"])
    assert ssm.put_parameter(Name="/many", Value="x", Overwrite=True)["Version"] == 101
    history = ssm.get_paginator("get_parameter_history").paginate(Name="/many")
    versions = [h["Version"] for page in history for h in page["Parameters"]]
    assert len(versions) == 100 and versions[0] == 2


def test_tiers_and_sizes(ssm: Any) -> None:
    big = "x" * 5000
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/big", Value=big, Type="String")
    assert code(e) == "ValidationException"
    assert ssm.put_parameter(Name="/big", Value=big, Type="String", Tier="Intelligent-Tiering")["Tier"] == "Advanced"
    assert ssm.put_parameter(Name="/small", Value="s", Type="String", Tier="Intelligent-Tiering")["Tier"] == "Standard"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/big", Value="s", Overwrite=True, Tier="Standard")
    assert code(e) == "ValidationException"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/huge", Value="x" * 9000, Type="String", Tier="Advanced")
    assert code(e) == "ValidationException"
    tiers = ssm.describe_parameters(ParameterFilters=[{"Key": "Tier", "Values": ["Advanced"]}])["Parameters"]
    assert [p["Name"] for p in tiers] == ["/big"]


def test_allowed_pattern_and_data_types(ssm: Any) -> None:
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/num", Value="abc", Type="String", AllowedPattern=r"^\d+$")
    assert code(e) == "ParameterPatternMismatchException"
    ssm.put_parameter(Name="/num", Value="42", Type="String", AllowedPattern=r"^\d+$")
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/num", Value="4x", Overwrite=True)
    assert code(e) == "ParameterPatternMismatchException"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/img", Value="not-an-ami", Type="String", DataType="aws:ec2:image")
    assert code(e) == "ValidationException"
    ssm.put_parameter(Name="/img", Value="ami-0123456789abcdef0", Type="String", DataType="aws:ec2:image")
    assert ssm.get_parameter(Name="/img")["Parameter"]["DataType"] == "aws:ec2:image"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/dt", Value="x", Type="String", DataType="weird")
    assert code(e) == "ValidationException"


def test_describe_filters(ssm: Any) -> None:
    ssm.put_parameter(Name="/team/a/one", Value="1", Type="String", Tags=[{"Key": "env", "Value": "prod"}])
    ssm.put_parameter(Name="/team/a/two", Value="2", Type="StringList")
    ssm.put_parameter(Name="/team/b/three", Value="3", Type="String")
    ssm.put_parameter(Name="plain", Value="4", Type="String")

    def names(**kw: Any) -> list[str]:
        return [p["Name"] for p in ssm.describe_parameters(**kw)["Parameters"]]

    assert names(ParameterFilters=[{"Key": "Path", "Values": ["/team"], "Option": "Recursive"}]) == ["/team/a/one", "/team/a/two", "/team/b/three"]
    assert names(ParameterFilters=[{"Key": "Path", "Values": ["/team"]}]) == []
    assert names(ParameterFilters=[{"Key": "Name", "Option": "BeginsWith", "Values": ["/team/a"]}]) == ["/team/a/one", "/team/a/two"]
    assert names(ParameterFilters=[{"Key": "Name", "Option": "Contains", "Values": ["thr"]}]) == ["/team/b/three"]
    assert names(ParameterFilters=[{"Key": "Type", "Values": ["StringList"]}]) == ["/team/a/two"]
    assert names(ParameterFilters=[{"Key": "tag:env", "Values": ["prod"]}]) == ["/team/a/one"]
    assert names(Filters=[{"Key": "Name", "Values": ["pla"]}]) == ["plain"]
    with pytest.raises(ClientError) as e:
        ssm.describe_parameters(ParameterFilters=[{"Key": "Path", "Option": "Equals", "Values": ["/team"]}])
    assert code(e) == "InvalidFilterOption"
    with pytest.raises(ClientError) as e:
        ssm.describe_parameters(Filters=[{"Key": "Name", "Values": ["x"]}], ParameterFilters=[{"Key": "Type", "Values": ["String"]}])
    assert code(e) == "ValidationException"
    pages = list(ssm.get_paginator("describe_parameters").paginate(PaginationConfig={"PageSize": 2}))
    assert sum(len(p["Parameters"]) for p in pages) == 4 and len(pages) == 2


def test_delete_parameters(ssm: Any) -> None:
    ssm.put_parameter(Name="/d1", Value="1", Type="String")
    out = ssm.delete_parameters(Names=["/d1", "/d2"])
    assert out["DeletedParameters"] == ["/d1"] and out["InvalidParameters"] == ["/d2"]


def test_tags(ssm: Any) -> None:
    ssm.put_parameter(Name="/t", Value="1", Type="String", Tags=[{"Key": "a", "Value": "1"}])
    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/t", Tags=[{"Key": "b", "Value": "2"}])
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/t")["TagList"]
    assert {t["Key"]: t["Value"] for t in tags} == {"a": "1", "b": "2"}
    ssm.remove_tags_from_resource(ResourceType="Parameter", ResourceId="/t", TagKeys=["a"])
    assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/t")["TagList"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(ClientError) as e:
        ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/none")
    assert code(e) == "InvalidResourceId"


def test_public_parameters(ssm: Any) -> None:
    region = ssm.get_parameter(Name="/aws/service/global-infrastructure/regions/eu-west-1/longName")["Parameter"]
    assert region["Value"] == "Europe (Ireland)"
    ami = ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")["Parameter"]
    again = ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")["Parameter"]
    assert ami["Value"].startswith("ami-") and ami["Value"] == again["Value"] and ami["DataType"] == "aws:ec2:image"
    listed = ssm.get_paginator("get_parameters_by_path").paginate(Path="/aws/service/ami-amazon-linux-latest")
    assert "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2" in [p["Name"] for page in listed for p in page["Parameters"]]
    with pytest.raises(ClientError) as e:
        ssm.get_parameter(Name="/aws/service/nothing/here")
    assert code(e) == "ParameterNotFound"


def test_policies_expire_on_the_clock(ssm: Any, cumulo_clock: Any) -> None:
    from datetime import datetime, timezone

    when = datetime.fromtimestamp(cumulo_clock.now() + 3 * 86400, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    policies = json.dumps([
        {"Type": "Expiration", "Version": "1.0", "Attributes": {"Timestamp": when}},
        {"Type": "ExpirationNotification", "Version": "1.0", "Attributes": {"Before": "1", "Unit": "Days"}},
    ])
    assert ssm.put_parameter(Name="/exp", Value="v", Type="String", Policies=policies, Tier="Intelligent-Tiering")["Tier"] == "Advanced"
    meta = ssm.describe_parameters()["Parameters"][0]
    assert {p["PolicyType"]: p["PolicyStatus"] for p in meta["Policies"]} == {"Expiration": "Pending", "ExpirationNotification": "Pending"}
    cumulo_clock.advance(2 * 86400 + 60)
    meta = ssm.describe_parameters()["Parameters"][0]
    assert {p["PolicyType"]: p["PolicyStatus"] for p in meta["Policies"]}["ExpirationNotification"] == "Finished"
    cumulo_clock.advance(86400)
    with pytest.raises(ClientError) as e:
        ssm.get_parameter(Name="/exp")
    assert code(e) == "ParameterNotFound"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/p2", Value="v", Type="String", Tier="Advanced", Policies='[{"Type":"Bogus","Attributes":{}}]')
    assert code(e) == "InvalidPolicyTypeException"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/p2", Value="v", Type="String", Tier="Standard", Policies=policies)
    assert code(e) == "ValidationException"


def test_changes_and_policy_actions_reach_eventbridge(ssm: Any, cumulo: Any, cumulo_clock: Any) -> None:
    import time
    from datetime import datetime, timezone

    import boto3

    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    events = boto3.client("events", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="ssm-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="ssm", EventPattern=json.dumps({"source": ["aws.ssm"]}))
    events.put_targets(Rule="ssm", Targets=[{"Id": "q", "Arn": arn}])

    def received(count: int) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + 20
        while len(got) < count:
            assert time.monotonic() < deadline, got
            for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
                got.append(json.loads(m["Body"]))
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        return got

    ssm.put_parameter(Name="/evt/p", Value="v", Type="String")
    (change,) = received(1)
    assert change["detail-type"] == "Parameter Store Change" and change["detail"] == {"operation": "Create", "name": "/evt/p", "type": "String", "description": ""}
    when = datetime.fromtimestamp(cumulo_clock.now() + 3600, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ssm.put_parameter(Name="/evt/exp", Value="v", Type="String", Tier="Advanced",
                      Policies=json.dumps([{"Type": "Expiration", "Version": "1.0", "Attributes": {"Timestamp": when}}]))
    received(1)
    cumulo_clock.advance(3700)
    (action,) = received(1)
    assert action["detail-type"] == "Parameter Store Policy Action" and action["detail"]["policy-type"] == "Expiration"
    assert action["resources"] == ["arn:aws:ssm:us-east-1:000000000000:parameter/evt/exp"]
