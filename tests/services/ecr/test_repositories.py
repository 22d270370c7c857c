"""Repositories through boto3: create/describe/delete, tag mutability, scanning,
encryption, policies, tags, and AWS's errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.ecr.conftest import ACCOUNT, push_image

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "pull", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
     "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]})


def _code(e: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def test_create_describe_and_delete(ecr: Any, cumulo: Any) -> None:
    created = ecr.create_repository(repositoryName="team/app", imageScanningConfiguration={"scanOnPush": True},
                                    tags=[{"Key": "team", "Value": "a"}])["repository"]
    assert created["repositoryArn"] == f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/team/app"
    assert created["repositoryUri"] == f"{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud:{cumulo.port}/team/app"
    assert created["imageTagMutability"] == "MUTABLE"
    assert created["imageScanningConfiguration"] == {"scanOnPush": True}
    assert created["encryptionConfiguration"] == {"encryptionType": "AES256"}
    found = ecr.describe_repositories(repositoryNames=["team/app"])["repositories"]
    assert [r["repositoryName"] for r in found] == ["team/app"]
    assert ecr.list_tags_for_resource(resourceArn=created["repositoryArn"])["tags"] == [{"Key": "team", "Value": "a"}]
    ecr.delete_repository(repositoryName="team/app")
    with pytest.raises(ClientError) as e:
        ecr.describe_repositories(repositoryNames=["team/app"])
    assert _code(e) == ("RepositoryNotFoundException",
                        f"The repository with name 'team/app' does not exist in the registry with id '{ACCOUNT}'")


def test_duplicate_and_bad_names(ecr: Any) -> None:
    ecr.create_repository(repositoryName="app")
    with pytest.raises(ClientError) as e:
        ecr.create_repository(repositoryName="app")
    assert _code(e)[0] == "RepositoryAlreadyExistsException"
    with pytest.raises(ClientError) as e:
        ecr.create_repository(repositoryName="Bad_Name")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_paging(ecr: Any) -> None:
    for i in range(5):
        ecr.create_repository(repositoryName=f"r{i}")
    first = ecr.describe_repositories(maxResults=2)
    assert len(first["repositories"]) == 2 and first["nextToken"]
    names = [r["repositoryName"] for page in ecr.get_paginator("describe_repositories").paginate(PaginationConfig={"PageSize": 2})
             for r in page["repositories"]]
    assert names == [f"r{i}" for i in range(5)]


def test_delete_non_empty_needs_force(ecr: Any, repo: str) -> None:
    push_image(ecr, repo, "v1", [b"layer"])
    with pytest.raises(ClientError) as e:
        ecr.delete_repository(repositoryName=repo)
    assert _code(e)[0] == "RepositoryNotEmptyException"
    ecr.delete_repository(repositoryName=repo, force=True)
    assert ecr.describe_repositories()["repositories"] == []


def test_tag_mutability_with_exclusions(ecr: Any, repo: str) -> None:
    ecr.put_image_tag_mutability(repositoryName=repo, imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
                                 imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "latest*"}])
    push_image(ecr, repo, "v1", [b"one"])
    push_image(ecr, repo, "latest", [b"one"])
    with pytest.raises(ClientError) as e:
        push_image(ecr, repo, "v1", [b"two"])
    assert _code(e)[0] == "ImageTagAlreadyExistsException"
    push_image(ecr, repo, "latest", [b"two"])  # excluded from immutability
    with pytest.raises(ClientError) as e:
        ecr.put_image_tag_mutability(repositoryName=repo, imageTagMutability="IMMUTABLE_WITH_EXCLUSION")
    assert _code(e)[0] == "InvalidParameterException"


def test_encryption_with_kms(ecr: Any) -> None:
    repo = ecr.create_repository(repositoryName="secure", encryptionConfiguration={"encryptionType": "KMS"})["repository"]
    assert repo["encryptionConfiguration"]["encryptionType"] == "KMS"
    assert repo["encryptionConfiguration"]["kmsKey"].startswith("arn:aws:kms:us-east-1:")


def test_repository_policy(ecr: Any, repo: str) -> None:
    with pytest.raises(ClientError) as e:
        ecr.get_repository_policy(repositoryName=repo)
    assert _code(e)[0] == "RepositoryPolicyNotFoundException"
    ecr.set_repository_policy(repositoryName=repo, policyText=POLICY)
    assert json.loads(ecr.get_repository_policy(repositoryName=repo)["policyText"]) == json.loads(POLICY)
    with pytest.raises(ClientError) as e:
        ecr.set_repository_policy(repositoryName=repo, policyText='{"Statement": "nope"}')
    assert _code(e)[0] == "InvalidParameterException"
    ecr.delete_repository_policy(repositoryName=repo)
    with pytest.raises(ClientError):
        ecr.delete_repository_policy(repositoryName=repo)


def test_resource_tags(ecr: Any, repo: str) -> None:
    arn = ecr.describe_repositories()["repositories"][0]["repositoryArn"]
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    ecr.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(ClientError) as e:
        ecr.tag_resource(resourceArn=arn.replace("team/app", "nope"), tags=[{"Key": "a", "Value": "1"}])
    assert _code(e)[0] == "RepositoryNotFoundException"


def test_scanning_configuration(ecr: Any, repo: str) -> None:
    ecr.put_image_scanning_configuration(repositoryName=repo, imageScanningConfiguration={"scanOnPush": True})
    got = ecr.batch_get_repository_scanning_configuration(repositoryNames=[repo, "missing"])
    assert got["scanningConfigurations"][0]["scanOnPush"] is True
    assert got["failures"][0]["failureCode"] == "REPOSITORY_NOT_FOUND"


def test_through_the_aws_cli(cumulo: Any, aws_cli: Any = None) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    base = [sys.executable, "-m", "awscli", "ecr", "--endpoint-url", cumulo.url, "--output", "json"]
    out = subprocess.run([*base, "create-repository", "--repository-name", "cli-repo"], capture_output=True, text=True, env=env, check=True)
    assert json.loads(out.stdout)["repository"]["repositoryName"] == "cli-repo"
    password = subprocess.run([*base[:-2], "get-login-password"], capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert password and len(password) > 20


def test_customer_kms_key_is_checked(cumulo: Any, ecr: Any) -> None:
    import boto3

    kms = boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    repo = ecr.create_repository(repositoryName="cmk", encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key})["repository"]
    assert repo["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": key}
    with pytest.raises(ClientError) as e:
        ecr.create_repository(repositoryName="bad-key", encryptionConfiguration={
            "encryptionType": "KMS", "kmsKey": "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000"})
    assert _code(e)[0] == "KmsException"
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as e:
        ecr.create_repository(repositoryName="disabled-key", encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key})
    assert _code(e)[0] == "KmsException"
