"""Documents through boto3: create, versions, default version, formats, sharing, AWS-owned documents."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError

COMMAND = {
    "schemaVersion": "2.2",
    "description": "say hello",
    "parameters": {"who": {"type": "String", "default": "world", "description": "whom"}},
    "mainSteps": [{"action": "aws:runShellScript", "name": "hello", "inputs": {"runCommand": ["echo hello {{ who }}"]}}],
}


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def test_create_describe_get(ssm: Any) -> None:
    d = ssm.create_document(Name="hello", Content=json.dumps(COMMAND), DocumentType="Command", Tags=[{"Key": "k", "Value": "v"}])["DocumentDescription"]
    assert d["Name"] == "hello" and d["Status"] == "Active" and d["DocumentVersion"] == "1" and d["SchemaVersion"] == "2.2"
    assert d["Parameters"] == [{"Name": "who", "Type": "String", "Description": "whom", "DefaultValue": "world"}]
    assert d["PlatformTypes"] == ["Linux", "MacOS"] and d["Owner"] == "000000000000" and d["HashType"] == "Sha256"
    got = ssm.get_document(Name="hello")
    assert json.loads(got["Content"]) == COMMAND and got["DocumentFormat"] == "JSON"
    as_yaml = ssm.get_document(Name="hello", DocumentFormat="YAML")
    assert yaml.safe_load(as_yaml["Content"]) == COMMAND
    assert ssm.describe_document(Name="hello")["Document"]["Tags"] == [{"Key": "k", "Value": "v"}]
    with pytest.raises(ClientError) as e:
        ssm.create_document(Name="hello", Content=json.dumps(COMMAND))
    assert code(e) == "DocumentAlreadyExists"


def test_bad_content(ssm: Any) -> None:
    with pytest.raises(ClientError) as e:
        ssm.create_document(Name="bad", Content="{not json")
    assert code(e) == "InvalidDocumentContent"
    with pytest.raises(ClientError) as e:
        ssm.create_document(Name="bad", Content=json.dumps({**COMMAND, "schemaVersion": "0.3"}))
    assert code(e) == "InvalidDocumentSchemaVersion"
    with pytest.raises(ClientError) as e:
        ssm.create_document(Name="bad", Content=json.dumps({"schemaVersion": "2.2", "mainSteps": []}))
    assert code(e) == "InvalidDocumentContent"
    with pytest.raises(ClientError) as e:
        ssm.create_document(Name="AWS-Mine", Content=json.dumps(COMMAND))
    assert code(e) in ("ValidationException", "DocumentAlreadyExists")


def test_yaml_versions_and_default(ssm: Any) -> None:
    ssm.create_document(Name="auto", Content=yaml.safe_dump({**COMMAND, "schemaVersion": "0.3"}), DocumentFormat="YAML", DocumentType="Automation", VersionName="v1")
    second = {**COMMAND, "schemaVersion": "0.3", "description": "second"}
    d = ssm.update_document(Name="auto", Content=yaml.safe_dump(second), DocumentFormat="YAML", DocumentVersion="$LATEST", VersionName="v2")["DocumentDescription"]
    assert d["DocumentVersion"] == "2" and d["LatestVersion"] == "2" and d["DefaultVersion"] == "1"
    with pytest.raises(ClientError) as e:
        ssm.update_document(Name="auto", Content=yaml.safe_dump(second), DocumentFormat="YAML", DocumentVersion="$LATEST")
    assert code(e) == "DuplicateDocumentContent"
    with pytest.raises(ClientError) as e:
        ssm.update_document(Name="auto", Content="schemaVersion: '0.3'\nmainSteps: [{name: a, action: aws:sleep}]", DocumentFormat="YAML", VersionName="v1")
    assert code(e) == "DuplicateDocumentVersionName"
    with pytest.raises(ClientError) as e:
        ssm.update_document(Name="auto", Content="x: 1", DocumentFormat="YAML", DocumentVersion="1")
    assert code(e) == "InvalidDocumentVersion"
    out = ssm.update_document_default_version(Name="auto", DocumentVersion="2")["Description"]
    assert out == {"Name": "auto", "DefaultVersion": "2", "DefaultVersionName": "v2"}
    versions = ssm.list_document_versions(Name="auto")["DocumentVersions"]
    assert [(v["DocumentVersion"], v["IsDefaultVersion"], v["VersionName"]) for v in versions] == [("1", False, "v1"), ("2", True, "v2")]
    assert yaml.safe_load(ssm.get_document(Name="auto", VersionName="v1")["Content"])["description"] == "say hello"
    with pytest.raises(ClientError) as e:
        ssm.delete_document(Name="auto", DocumentVersion="2")
    assert code(e) == "InvalidDocumentOperation"
    ssm.delete_document(Name="auto", DocumentVersion="1")
    assert [v["DocumentVersion"] for v in ssm.list_document_versions(Name="auto")["DocumentVersions"]] == ["2"]
    ssm.delete_document(Name="auto")
    with pytest.raises(ClientError) as e:
        ssm.describe_document(Name="auto")
    assert code(e) == "InvalidDocument"


def test_aws_owned_documents(ssm: Any) -> None:
    d = ssm.describe_document(Name="AWS-RunShellScript")["Document"]
    assert d["Owner"] == "Amazon" and d["DocumentType"] == "Command"
    assert {p["Name"] for p in d["Parameters"]} >= {"commands", "workingDirectory", "executionTimeout"}
    assert "aws:runShellScript" in ssm.get_document(Name="AWS-RunShellScript")["Content"]
    amazon = ssm.list_documents(Filters=[{"Key": "Owner", "Values": ["Amazon"]}])["DocumentIdentifiers"]
    assert "AWS-RunPowerShellScript" in [d["Name"] for d in amazon]
    with pytest.raises(ClientError) as e:
        ssm.delete_document(Name="AWS-RunShellScript")
    assert code(e) == "InvalidDocumentOperation"


def test_list_filters_and_sharing(ssm: Any) -> None:
    ssm.create_document(Name="mine-cmd", Content=json.dumps(COMMAND), Tags=[{"Key": "team", "Value": "x"}])
    ssm.create_document(Name="mine-auto", Content=json.dumps({**COMMAND, "schemaVersion": "0.3"}), DocumentType="Automation")
    own = ssm.list_documents(Filters=[{"Key": "Owner", "Values": ["Self"]}])["DocumentIdentifiers"]
    assert [d["Name"] for d in own] == ["mine-auto", "mine-cmd"]
    autos = ssm.list_documents(Filters=[{"Key": "Owner", "Values": ["Self"]}, {"Key": "DocumentType", "Values": ["Automation"]}])
    assert [d["Name"] for d in autos["DocumentIdentifiers"]] == ["mine-auto"]
    tagged = ssm.list_documents(Filters=[{"Key": "tag:team", "Values": ["x"]}])["DocumentIdentifiers"]
    assert [d["Name"] for d in tagged] == ["mine-cmd"]
    ssm.modify_document_permission(Name="mine-cmd", PermissionType="Share", AccountIdsToAdd=["111122223333"])
    perm = ssm.describe_document_permission(Name="mine-cmd", PermissionType="Share")
    assert perm["AccountIds"] == ["111122223333"] and perm["AccountSharingInfoList"][0]["SharedDocumentVersion"] == "$DEFAULT"
    ssm.modify_document_permission(Name="mine-cmd", PermissionType="Share", AccountIdsToRemove=["111122223333"])
    assert ssm.describe_document_permission(Name="mine-cmd", PermissionType="Share")["AccountIds"] == []
    pages = list(ssm.get_paginator("list_documents").paginate(PaginationConfig={"PageSize": 3}))
    assert sum(len(p["DocumentIdentifiers"]) for p in pages) == len(ssm.list_documents(MaxResults=50)["DocumentIdentifiers"])


def test_metadata_reviews(ssm: Any) -> None:
    ssm.create_document(Name="tmpl", Content=json.dumps({**COMMAND, "schemaVersion": "0.3"}), DocumentType="Automation")
    ssm.update_document_metadata(Name="tmpl", DocumentReviews={"Action": "SendForReview", "Comment": [{"Type": "Comment", "Content": "pls"}]})
    ssm.update_document_metadata(Name="tmpl", DocumentReviews={"Action": "Approve"})
    history = ssm.list_document_metadata_history(Name="tmpl", Metadata="DocumentReviews")["Metadata"]["ReviewerResponse"]
    assert [h["ReviewStatus"] for h in history] == ["PENDING", "APPROVED"]
    assert ssm.describe_document(Name="tmpl")["Document"]["ReviewStatus"] == "APPROVED"


def test_shared_document_readable_by_arn_from_the_other_account(ssm: Any, cumulo: Any) -> None:
    import boto3

    ssm.create_document(Name="team-doc", Content=json.dumps(COMMAND))
    other = boto3.client("ssm", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x")
    arn = "arn:aws:ssm:us-east-1:000000000000:document/team-doc"
    with pytest.raises(ClientError) as e:
        other.get_document(Name=arn)
    assert code(e) == "InvalidDocument"
    ssm.modify_document_permission(Name="team-doc", PermissionType="Share", AccountIdsToAdd=["111122223333"])
    assert json.loads(other.get_document(Name=arn)["Content"]) == COMMAND
    assert other.describe_document(Name=arn)["Document"]["Owner"] == "000000000000"
