"""Registry-wide settings: replication that copies on push (regions and accounts),
backfills, pull-through cache from another cumulo registry, creation templates,
registry policy, scanning configuration, account settings, signing and exclusions."""

from __future__ import annotations

import json
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from tests.services.ecr.conftest import ACCOUNT, OCI_MANIFEST, digest, manifest_for, push_image

OTHER = "111111111111"


def _client(cumulo: Any, region: str = "us-east-1", account: str | None = None) -> Any:
    # cumulo takes a 12-digit access key id as the account to act in (moto's convention)
    key = account or "test"
    return boto3.client("ecr", endpoint_url=cumulo.url, region_name=region, aws_access_key_id=key, aws_secret_access_key="x")


def test_replication_copies_on_push(cumulo: Any, ecr: Any, repo: str) -> None:
    ecr.put_replication_configuration(replicationConfiguration={"rules": [{
        "destinations": [{"region": "eu-west-1", "registryId": ACCOUNT}],
        "repositoryFilters": [{"filter": "team", "filterType": "PREFIX_MATCH"}]}]})
    assert ecr.describe_registry()["replicationConfiguration"]["rules"][0]["destinations"][0]["region"] == "eu-west-1"
    d = push_image(ecr, repo, "v1", [b"replicated layer"])
    west = _client(cumulo, "eu-west-1")
    replica = west.describe_images(repositoryName=repo)["imageDetails"][0]
    assert replica["imageDigest"] == d and replica["imageTags"] == ["v1"]
    status = ecr.describe_image_replication_status(repositoryName=repo, imageId={"imageDigest": d})["replicationStatuses"]
    assert status == [{"region": "eu-west-1", "registryId": ACCOUNT, "status": "COMPLETE"}]
    # the layer is there too, and stored once server-wide
    url = west.get_download_url_for_layer(repositoryName=repo, layerDigest=digest(b"replicated layer"))["downloadUrl"]
    assert httpx.get(url).content == b"replicated layer"
    blobs = {b["digest"]: b for b in httpx.get(f"{cumulo.url}/_cumulo/ecr/blobs").json()["blobs"]}
    assert blobs[digest(b"replicated layer")]["repositories"] == 2
    ecr.create_repository(repositoryName="elsewhere")
    push_image(ecr, "elsewhere", "v1", [b"not replicated"])
    assert [r["repositoryName"] for r in west.describe_repositories()["repositories"]] == [repo]


def test_replication_to_another_account_and_backfill(cumulo: Any, ecr: Any, repo: str) -> None:
    before = push_image(ecr, repo, "before", [b"existing"])
    ecr.put_replication_configuration(replicationConfiguration={"rules": [{"destinations": [{"region": "us-east-1", "registryId": OTHER}]}]})
    after = push_image(ecr, repo, "after", [b"new"])
    other = _client(cumulo, account=OTHER)
    assert {i["imageDigest"] for i in other.describe_images(repositoryName=repo)["imageDetails"]} == {after}
    started = ecr.start_replication_backfill(destination={"region": "us-east-1", "registryId": OTHER})
    assert started["status"] == "COMPLETE"
    assert {i["imageDigest"] for i in other.describe_images(repositoryName=repo)["imageDetails"]} == {before, after}
    results = ecr.describe_replication_backfill_results(replicationBackfillId=started["replicationBackfillId"])
    assert results["progress"]["totalReplicationCount"] == 2
    assert ecr.list_replication_backfills()["backfills"][0]["replicationBackfillId"] == started["replicationBackfillId"]


def test_pull_through_cache_from_another_cumulo_registry(cumulo: Any, ecr: Any, registry: httpx.Client) -> None:
    upstream = _client(cumulo, "us-west-2")
    upstream.create_repository(repositoryName="library/base")
    d = push_image(upstream, "library/base", "1.0", [b"base layer"])
    ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="mirror",
                                       upstreamRegistryUrl=f"{ACCOUNT}.dkr.ecr.us-west-2.localhost.localstack.cloud")
    assert ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="mirror")["isValid"] is True
    got = ecr.batch_get_image(repositoryName="mirror/library/base", imageIds=[{"imageTag": "1.0"}])["images"][0]
    assert got["imageId"]["imageDigest"] == d
    assert ecr.describe_repositories(repositoryNames=["mirror/library/base"])["repositories"]
    # through the registry too
    layer = registry.get(f"/v2/mirror/library/base/blobs/{digest(b'base layer')}")
    assert layer.content == b"base layer"


def test_unreachable_upstream(ecr: Any, registry: httpx.Client) -> None:
    ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io",
                                       upstreamRegistry="docker-hub", credentialArn="arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/hub")
    validated = ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="hub")
    assert validated["isValid"] is False and "offline" in validated["failure"]
    with pytest.raises(ClientError) as e:
        ecr.batch_get_image(repositoryName="hub/library/alpine", imageIds=[{"imageTag": "3"}])
    assert e.value.response["Error"]["Code"] == "UnableToGetUpstreamImageException"
    assert registry.get("/v2/hub/library/alpine/manifests/3").status_code == 404
    with pytest.raises(ClientError) as e:
        ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io")
    assert e.value.response["Error"]["Code"] == "PullThroughCacheRuleAlreadyExistsException"
    ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix="hub")
    assert ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"] == []


def test_creation_template_applies_on_push(ecr: Any, registry: httpx.Client) -> None:
    ecr.create_repository_creation_template(prefix="auto", appliedFor=["CREATE_ON_PUSH"], imageTagMutability="IMMUTABLE",
                                            resourceTags=[{"Key": "made-by", "Value": "template"}])
    config = b"{}"
    registry.post("/v2/auto/svc/blobs/uploads/", params={"digest": digest(config)}, content=config)
    r = registry.put("/v2/auto/svc/manifests/v1", content=manifest_for(config, []).encode(), headers={"content-type": OCI_MANIFEST})
    assert r.status_code == 201
    repo = ecr.describe_repositories(repositoryNames=["auto/svc"])["repositories"][0]
    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert ecr.list_tags_for_resource(resourceArn=repo["repositoryArn"])["tags"] == [{"Key": "made-by", "Value": "template"}]
    assert registry.post("/v2/manual/svc/blobs/uploads/").status_code == 404  # no template: NAME_UNKNOWN
    templates = ecr.describe_repository_creation_templates()["repositoryCreationTemplates"]
    assert templates[0]["prefix"] == "auto"
    ecr.update_repository_creation_template(prefix="auto", description="changed")
    ecr.delete_repository_creation_template(prefix="auto")
    with pytest.raises(ClientError) as e:
        ecr.delete_repository_creation_template(prefix="auto")
    assert e.value.response["Error"]["Code"] == "TemplateNotFoundException"


def test_registry_policy_and_scanning(ecr: Any) -> None:
    with pytest.raises(ClientError) as e:
        ecr.get_registry_policy()
    assert e.value.response["Error"]["Code"] == "RegistryPolicyNotFoundException"
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                                                                 "Action": ["ecr:ReplicateImage"], "Resource": "*"}]})
    ecr.put_registry_policy(policyText=policy)
    assert json.loads(ecr.get_registry_policy()["policyText"]) == json.loads(policy)
    ecr.delete_registry_policy()
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[
        {"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "scan-*", "filterType": "WILDCARD"}]}])
    assert ecr.get_registry_scanning_configuration()["scanningConfiguration"]["rules"][0]["scanFrequency"] == "SCAN_ON_PUSH"
    ecr.create_repository(repositoryName="scan-me")
    push_image(ecr, "scan-me", "v1", [b"x"])
    assert ecr.describe_images(repositoryName="scan-me")["imageDetails"][0]["imageScanStatus"]["status"] == "COMPLETE"


def test_account_settings_signing_and_exclusions(ecr: Any, repo: str) -> None:
    assert ecr.get_account_setting(name="BASIC_SCAN_TYPE_VERSION")["value"] == "AWS_NATIVE"
    ecr.put_account_setting(name="BASIC_SCAN_TYPE_VERSION", value="CLAIR")
    assert ecr.get_account_setting(name="BASIC_SCAN_TYPE_VERSION")["value"] == "CLAIR"
    with pytest.raises(ClientError) as e:
        ecr.put_account_setting(name="BASIC_SCAN_TYPE_VERSION", value="NOPE")
    assert e.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as e:
        ecr.get_signing_configuration()
    assert e.value.response["Error"]["Code"] == "SigningConfigurationNotFoundException"
    profile = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/cumulo"
    ecr.put_signing_configuration(signingConfiguration={"rules": [{"signingProfileArn": profile}]})
    d = push_image(ecr, repo, "v1", [b"x"])
    statuses = ecr.describe_image_signing_status(repositoryName=repo, imageId={"imageDigest": d})["signingStatuses"]
    assert statuses[0]["status"] == "FAILED" and "offline" in statuses[0]["failureReason"]
    ecr.delete_signing_configuration()
    principal = "arn:aws:iam::000000000000:role/scanner"
    ecr.register_pull_time_update_exclusion(principalArn=principal)
    with pytest.raises(ClientError) as e:
        ecr.register_pull_time_update_exclusion(principalArn=principal)
    assert e.value.response["Error"]["Code"] == "ExclusionAlreadyExistsException"
    assert ecr.list_pull_time_update_exclusions()["pullTimeUpdateExclusions"] == [principal]
    ecr.deregister_pull_time_update_exclusion(principalArn=principal)
    assert ecr.list_pull_time_update_exclusions()["pullTimeUpdateExclusions"] == []


def test_a_registry_push_replicates_too(cumulo: Any, ecr: Any, registry: httpx.Client, repo: str) -> None:
    ecr.put_replication_configuration(replicationConfiguration={"rules": [{"destinations": [{"region": "ap-south-1", "registryId": ACCOUNT}]}]})
    config, layer = b"{}", b"pushed over the registry"
    for blob in (config, layer):
        registry.post(f"/v2/{repo}/blobs/uploads/", params={"digest": digest(blob)}, content=blob)
    manifest = manifest_for(config, [layer]).encode()
    assert registry.put(f"/v2/{repo}/manifests/v7", content=manifest, headers={"content-type": OCI_MANIFEST}).status_code == 201
    replica = _client(cumulo, "ap-south-1").batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "v7"}])["images"][0]
    assert replica["imageManifest"].encode() == manifest


def test_cross_account_api_calls_follow_the_repository_policy(cumulo: Any, ecr: Any, repo: str) -> None:
    d = push_image(ecr, repo, "v1", [b"shared over the api"])
    other = _client(cumulo, account=OTHER)
    with pytest.raises(ClientError) as e:
        other.batch_get_image(registryId=ACCOUNT, repositoryName=repo, imageIds=[{"imageTag": "v1"}])
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
    ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages"]}]}))
    got = other.batch_get_image(registryId=ACCOUNT, repositoryName=repo, imageIds=[{"imageTag": "v1"}])["images"][0]
    assert got["imageId"]["imageDigest"] == d and got["registryId"] == ACCOUNT
    assert other.describe_images(registryId=ACCOUNT, repositoryName=repo)["imageDetails"][0]["imageDigest"] == d
    with pytest.raises(ClientError) as e:
        other.batch_delete_image(registryId=ACCOUNT, repositoryName=repo, imageIds=[{"imageTag": "v1"}])
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
