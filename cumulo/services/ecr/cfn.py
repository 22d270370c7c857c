"""ECR's CloudFormation resource types, made through ECR's own API (cumulo.core.provisioning):
AWS::ECR::Repository (with its lifecycle and repository policies), RegistryPolicy,
ReplicationConfiguration, PullThroughCacheRule, RegistryScanningConfiguration and
RepositoryCreationTemplate. Templates spell members in PascalCase, the API in camelCase."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean


def _camel(value: Any) -> Any:
    """A template structure in the API's spelling (`ScanOnPush` -> `scanOnPush`)."""
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


async def _ignore_missing(call: Any, *codes: str) -> None:
    try:
        await call
    except AwsError as e:
        if e.code not in codes:
            raise


# AWS::ECR::Repository: Ref is the name.
async def _repository(ctx: ProvisionContext, name: str) -> Resource:
    repo = (await ctx.call("ecr", "DescribeRepositories", {"repositoryNames": [name]}))["repositories"][0]
    return Resource(name, {"Arn": repo["repositoryArn"], "RepositoryUri": repo["repositoryUri"]})


async def _apply_policies(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    lifecycle = (props.get("LifecyclePolicy") or {}).get("LifecyclePolicyText")
    if lifecycle:
        await ctx.call("ecr", "PutLifecyclePolicy", {"repositoryName": name, "lifecyclePolicyText": _text(lifecycle)})
    elif (old.get("LifecyclePolicy") or {}).get("LifecyclePolicyText"):
        await _ignore_missing(ctx.call("ecr", "DeleteLifecyclePolicy", {"repositoryName": name}), "LifecyclePolicyNotFoundException")
    if props.get("RepositoryPolicyText"):
        await ctx.call("ecr", "SetRepositoryPolicy", {"repositoryName": name, "policyText": _text(props["RepositoryPolicyText"])})
    elif old.get("RepositoryPolicyText"):
        await _ignore_missing(ctx.call("ecr", "DeleteRepositoryPolicy", {"repositoryName": name}), "RepositoryPolicyNotFoundException")


async def create_repository(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("RepositoryName") or ctx.physical_name(256, lowercase=True)
    request: dict[str, Any] = {"repositoryName": name}
    if props.get("ImageTagMutability"):
        request["imageTagMutability"] = props["ImageTagMutability"]
    if props.get("ImageTagMutabilityExclusionFilters"):
        request["imageTagMutabilityExclusionFilters"] = _camel(props["ImageTagMutabilityExclusionFilters"])
    if props.get("ImageScanningConfiguration"):
        request["imageScanningConfiguration"] = {"scanOnPush": boolean(props["ImageScanningConfiguration"].get("ScanOnPush"))}
    if props.get("EncryptionConfiguration"):
        request["encryptionConfiguration"] = _camel(props["EncryptionConfiguration"])
    if tags := ctx.tag_list(props.get("Tags")):
        request["tags"] = tags
    await ctx.call("ecr", "CreateRepository", request)
    await _apply_policies(ctx, name, props, {})
    return await _repository(ctx, name)


async def update_repository(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("ecr", "PutImageTagMutability", {
        "repositoryName": name, "imageTagMutability": props.get("ImageTagMutability") or "MUTABLE",
        **({"imageTagMutabilityExclusionFilters": _camel(props["ImageTagMutabilityExclusionFilters"])}
           if props.get("ImageTagMutabilityExclusionFilters") else {})})
    scan = boolean((props.get("ImageScanningConfiguration") or {}).get("ScanOnPush"))
    await ctx.call("ecr", "PutImageScanningConfiguration", {"repositoryName": name, "imageScanningConfiguration": {"scanOnPush": scan}})
    await _apply_policies(ctx, name, props, old)
    arn = (await _repository(ctx, name)).attributes["Arn"]
    new_tags, old_tags = ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags"))
    if gone := sorted(old_tags.keys() - new_tags.keys()):
        await ctx.call("ecr", "UntagResource", {"resourceArn": arn, "tagKeys": gone})
    if new_tags and new_tags != old_tags:
        await ctx.call("ecr", "TagResource", {"resourceArn": arn, "tags": [{"Key": k, "Value": v} for k, v in new_tags.items()]})
    return await _repository(ctx, name)


async def delete_repository(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _ignore_missing(ctx.call("ecr", "DeleteRepository", {"repositoryName": name, "force": boolean(props.get("EmptyOnDelete"))}),
                          "RepositoryNotFoundException")


async def read_repository(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    repo = (await ctx.call("ecr", "DescribeRepositories", {"repositoryNames": [name]}))["repositories"][0]
    current: dict[str, Any] = {"RepositoryName": name, "ImageTagMutability": repo["imageTagMutability"],
                               "ImageScanningConfiguration": {"ScanOnPush": repo["imageScanningConfiguration"]["scanOnPush"]}}
    try:
        text = (await ctx.call("ecr", "GetLifecyclePolicy", {"repositoryName": name}))["lifecyclePolicyText"]
        current["LifecyclePolicy"] = {"LifecyclePolicyText": text}
    except AwsError:
        pass
    return current


# Registry-wide singletons: Ref is the registry (account) id.
async def put_registry_policy(ctx: ProvisionContext, props: dict[str, Any], old: dict[str, Any] | None = None) -> Resource:
    await ctx.call("ecr", "PutRegistryPolicy", {"policyText": _text(props["PolicyText"])})
    return Resource(ctx.account, {"RegistryId": ctx.account})


async def delete_registry_policy(ctx: ProvisionContext, physical_id: str, props: dict[str, Any]) -> None:
    await _ignore_missing(ctx.call("ecr", "DeleteRegistryPolicy", {}), "RegistryPolicyNotFoundException")


async def put_replication(ctx: ProvisionContext, props: dict[str, Any], old: dict[str, Any] | None = None) -> Resource:
    await ctx.call("ecr", "PutReplicationConfiguration", {"replicationConfiguration": _camel(props["ReplicationConfiguration"])})
    return Resource(ctx.account, {"RegistryId": ctx.account})


async def delete_replication(ctx: ProvisionContext, physical_id: str, props: dict[str, Any]) -> None:
    await ctx.call("ecr", "PutReplicationConfiguration", {"replicationConfiguration": {"rules": []}})


async def put_scanning(ctx: ProvisionContext, props: dict[str, Any], old: dict[str, Any] | None = None) -> Resource:
    await ctx.call("ecr", "PutRegistryScanningConfiguration", {"scanType": props.get("ScanType") or "BASIC",
                                                              "rules": _camel(props.get("Rules") or [])})
    return Resource(ctx.account, {"RegistryId": ctx.account})


async def delete_scanning(ctx: ProvisionContext, physical_id: str, props: dict[str, Any]) -> None:
    await ctx.call("ecr", "PutRegistryScanningConfiguration", {"scanType": "BASIC", "rules": []})


# AWS::ECR::PullThroughCacheRule: Ref is the prefix.
async def create_pull_through(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {k[:1].lower() + k[1:]: v for k, v in props.items()
               if k in ("EcrRepositoryPrefix", "UpstreamRegistryUrl", "CredentialArn", "UpstreamRegistry",
                        "UpstreamRepositoryPrefix", "CustomRoleArn")}
    await ctx.call("ecr", "CreatePullThroughCacheRule", request)
    return Resource(props["EcrRepositoryPrefix"])


async def update_pull_through(ctx: ProvisionContext, prefix: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {"ecrRepositoryPrefix": prefix, **{k[:1].lower() + k[1:]: v for k, v in props.items() if k in ("CredentialArn", "CustomRoleArn")}}
    await ctx.call("ecr", "UpdatePullThroughCacheRule", request)
    return Resource(prefix)


async def delete_pull_through(ctx: ProvisionContext, prefix: str, props: dict[str, Any]) -> None:
    await _ignore_missing(ctx.call("ecr", "DeletePullThroughCacheRule", {"ecrRepositoryPrefix": prefix}),
                          "PullThroughCacheRuleNotFoundException")


# AWS::ECR::RepositoryCreationTemplate: Ref is the prefix.
def _template_request(props: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {"prefix": props["Prefix"], "appliedFor": props.get("AppliedFor") or []}
    for key in ("Description", "ImageTagMutability", "CustomRoleArn"):
        if props.get(key):
            request[key[:1].lower() + key[1:]] = props[key]
    for key in ("RepositoryPolicy", "LifecyclePolicy"):
        if props.get(key):
            request[key[:1].lower() + key[1:]] = _text(props[key])
    if props.get("EncryptionConfiguration"):
        request["encryptionConfiguration"] = _camel(props["EncryptionConfiguration"])
    if props.get("ImageTagMutabilityExclusionFilters"):
        request["imageTagMutabilityExclusionFilters"] = _camel(props["ImageTagMutabilityExclusionFilters"])
    if props.get("ResourceTags"):
        request["resourceTags"] = props["ResourceTags"]
    return request


async def create_template(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await ctx.call("ecr", "CreateRepositoryCreationTemplate", _template_request(props))
    return Resource(props["Prefix"])


async def update_template(ctx: ProvisionContext, prefix: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("ecr", "UpdateRepositoryCreationTemplate", _template_request(props))
    return Resource(prefix)


async def delete_template(ctx: ProvisionContext, prefix: str, props: dict[str, Any]) -> None:
    await _ignore_missing(ctx.call("ecr", "DeleteRepositoryCreationTemplate", {"prefix": prefix}), "TemplateNotFoundException")


def _updater(put: Any) -> Any:
    async def update(ctx: ProvisionContext, physical_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
        return await put(ctx, props)
    return update


RESOURCE_TYPES: dict[str, ResourceType] = {
    "AWS::ECR::Repository": ResourceType(create_repository, delete_repository, update_repository,
                                         frozenset({"RepositoryName", "EncryptionConfiguration"}), read_repository),
    "AWS::ECR::RegistryPolicy": ResourceType(put_registry_policy, delete_registry_policy, _updater(put_registry_policy)),
    "AWS::ECR::ReplicationConfiguration": ResourceType(put_replication, delete_replication, _updater(put_replication)),
    "AWS::ECR::RegistryScanningConfiguration": ResourceType(put_scanning, delete_scanning, _updater(put_scanning)),
    "AWS::ECR::PullThroughCacheRule": ResourceType(create_pull_through, delete_pull_through, update_pull_through,
                                                   frozenset({"EcrRepositoryPrefix", "UpstreamRegistryUrl", "UpstreamRegistry",
                                                              "UpstreamRepositoryPrefix"})),
    "AWS::ECR::RepositoryCreationTemplate": ResourceType(create_template, delete_template, update_template, frozenset({"Prefix"})),
}
