"""ECR's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision

LIFECYCLE = {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 3},
                        "action": {"type": "expire"}}]}
POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                                                  "Action": ["ecr:BatchGetImage"]}]}


def test_repository_create_update_read_delete(cumulo: CumuloServer, ecr: Any) -> None:
    kind = resource_types()["AWS::ECR::Repository"]
    props = {"ImageTagMutability": "IMMUTABLE", "ImageScanningConfiguration": {"ScanOnPush": "true"},
             "LifecyclePolicy": {"LifecyclePolicyText": json.dumps(LIFECYCLE)}, "RepositoryPolicyText": POLICY,
             "Tags": [{"Key": "team", "Value": "a"}]}
    ctx, made = cumulo.run(provision(cumulo.runtime, "AWS::ECR::Repository", props))
    name = made.physical_id
    assert name.startswith("stack-resource-") and made.attributes["RepositoryUri"].endswith("/" + name)
    repo = ecr.describe_repositories(repositoryNames=[name])["repositories"][0]
    assert repo["imageTagMutability"] == "IMMUTABLE" and repo["imageScanningConfiguration"] == {"scanOnPush": True}
    assert json.loads(ecr.get_repository_policy(repositoryName=name)["policyText"]) == POLICY
    assert ecr.list_tags_for_resource(resourceArn=made.attributes["Arn"])["tags"] == [{"Key": "team", "Value": "a"}]
    new = {"ImageTagMutability": "MUTABLE"}
    cumulo.run(kind.update(ctx, name, new, props))
    assert ecr.describe_repositories(repositoryNames=[name])["repositories"][0]["imageTagMutability"] == "MUTABLE"
    with pytest.raises(ClientError):
        ecr.get_lifecycle_policy(repositoryName=name)
    with pytest.raises(ClientError):
        ecr.get_repository_policy(repositoryName=name)
    assert cumulo.run(kind.read(ctx, name, new))["ImageTagMutability"] == "MUTABLE"
    cumulo.run(kind.delete(ctx, name, new))
    cumulo.run(kind.delete(ctx, name, new))  # already gone: no error
    assert ecr.describe_repositories()["repositories"] == []


def test_registry_resources(cumulo: CumuloServer, ecr: Any) -> None:
    types = resource_types()
    ctx, made = cumulo.run(provision(cumulo.runtime, "AWS::ECR::ReplicationConfiguration", {
        "ReplicationConfiguration": {"Rules": [{"Destinations": [{"Region": "eu-west-1", "RegistryId": "000000000000"}]}]}}))
    assert ecr.describe_registry()["replicationConfiguration"]["rules"][0]["destinations"][0]["region"] == "eu-west-1"
    cumulo.run(types["AWS::ECR::ReplicationConfiguration"].delete(ctx, made.physical_id, {}))
    assert ecr.describe_registry()["replicationConfiguration"]["rules"] == []
    ctx, rule = cumulo.run(provision(cumulo.runtime, "AWS::ECR::PullThroughCacheRule", {
        "EcrRepositoryPrefix": "mirror", "UpstreamRegistryUrl": "000000000000.dkr.ecr.us-west-2.localhost.localstack.cloud"}))
    assert rule.physical_id == "mirror"
    cumulo.run(types["AWS::ECR::PullThroughCacheRule"].delete(ctx, "mirror", {}))
    ctx, template = cumulo.run(provision(cumulo.runtime, "AWS::ECR::RepositoryCreationTemplate", {
        "Prefix": "auto", "AppliedFor": ["REPLICATION"], "LifecyclePolicy": LIFECYCLE}))
    assert ecr.describe_repository_creation_templates()["repositoryCreationTemplates"][0]["prefix"] == "auto"
    cumulo.run(types["AWS::ECR::RepositoryCreationTemplate"].delete(ctx, "auto", {}))
    ctx, policy = cumulo.run(provision(cumulo.runtime, "AWS::ECR::RegistryPolicy", {"PolicyText": POLICY}))
    assert policy.physical_id == "000000000000"
    cumulo.run(types["AWS::ECR::RegistryPolicy"].delete(ctx, policy.physical_id, {}))
    cumulo.run(types["AWS::ECR::RegistryPolicy"].delete(ctx, policy.physical_id, {}))
