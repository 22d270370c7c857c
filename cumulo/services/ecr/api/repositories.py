"""Repository handlers: create/describe/delete, tag mutability, scanning, repository
policies, resource tags and lifecycle policies."""

from __future__ import annotations

import fnmatch
from typing import Any

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.engines.policy.document import PolicyError, parse
from cumulo.generated import ecr as t
from cumulo.generated.ecr import (
    InvalidParameterExceptionError,
    InvalidTagParameterExceptionError,
    KmsExceptionError,
    LifecyclePolicyNotFoundExceptionError,
    LifecyclePolicyPreviewNotFoundExceptionError,
    RepositoryAlreadyExistsExceptionError,
    RepositoryNotEmptyExceptionError,
    RepositoryNotFoundExceptionError,
    RepositoryPolicyNotFoundExceptionError,
    TooManyTagsExceptionError,
)
from cumulo.services.ecr import access, common, images, layers, lifecycle
from cumulo.services.ecr.models import Repository

MAX_TAGS = 50


def page(items: list[Any], token: str | None, limit: int | None, default: int = 100) -> tuple[list[Any], str | None]:
    """A slice of `items` from an opaque token (the start index) and the next token."""
    start = 0
    if token:
        try:
            start = int(token)
        except ValueError:
            raise InvalidParameterExceptionError("Invalid parameter at 'nextToken' failed to satisfy constraint: 'invalid token'") from None
    size = limit or default
    chunk = items[start:start + size]
    return chunk, (str(start + size) if start + size < len(items) else None)


def uri(repo: Repository, host_suffix: str = "localhost.localstack.cloud:4566") -> str:
    return f"{repo.account}.dkr.ecr.{repo.region}.{host_suffix}/{repo.name}"


def registry_host(ctx: RequestContext, account: str | None = None, region: str | None = None) -> str:
    port = ctx.runtime.config.port
    return f"{account or ctx.account}.dkr.ecr.{region or ctx.region}.localhost.localstack.cloud:{port}"


def view(ctx: RequestContext, repo: Repository) -> dict[str, Any]:
    found: dict[str, Any] = {
        "repositoryArn": repo.arn,
        "registryId": repo.account,
        "repositoryName": repo.name,
        "repositoryUri": f"{registry_host(ctx, repo.account, repo.region)}/{repo.name}",
        "createdAt": repo.created,
        "imageTagMutability": repo.tag_mutability,
        "imageScanningConfiguration": {"scanOnPush": repo.scan_on_push},
        "encryptionConfiguration": dict(repo.encryption),
    }
    if repo.mutability_exclusions:
        found["imageTagMutabilityExclusionFilters"] = [dict(f) for f in repo.mutability_exclusions]
    return found


def check_policy(text: str, what: str = "policyText") -> str:
    try:
        parse(text, "resource")
    except PolicyError as e:
        raise InvalidParameterExceptionError(f"Invalid parameter at '{what}' failed to satisfy constraint: 'Invalid repository policy provided: {e}'") from None
    except ValueError:
        raise InvalidParameterExceptionError(f"Invalid parameter at '{what}' failed to satisfy constraint: 'Invalid repository policy provided'") from None
    return text


def check_mutability(mutability: str, filters: list[dict[str, str]] | None) -> list[dict[str, str]]:
    filters = list(filters or [])
    if mutability.endswith("_WITH_EXCLUSION") and not filters:
        raise InvalidParameterExceptionError(
            f"Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
            f"'must be provided when imageTagMutability is {mutability}'")
    if filters and not mutability.endswith("_WITH_EXCLUSION"):
        raise InvalidParameterExceptionError(
            "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
            "'may only be provided when imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION'")
    return [dict(f) for f in filters]


def check_encryption(ctx: RequestContext, config: dict[str, Any] | None) -> dict[str, str]:
    if not config:
        return {"encryptionType": "AES256"}
    kind = config["encryptionType"]
    key = config.get("kmsKey")
    if kind == "AES256" and key:
        raise InvalidParameterExceptionError("Invalid parameter at 'encryptionConfiguration' failed to satisfy "
                                             "constraint: 'kmsKey may only be specified with KMS encryption'")
    found = {"encryptionType": kind}
    if kind.startswith("KMS"):
        found["kmsKey"] = key or ctx.arn("alias/aws/ecr", service="kms")
    return found


def create(ctx: RequestContext, name: str, *, account: str | None = None, region: str | None = None,
           tags: list[dict[str, str]] | None = None, mutability: str = "MUTABLE", filters: list[dict[str, str]] | None = None,
           scan_on_push: bool = False, encryption: dict[str, str] | None = None) -> Repository:
    account, region = account or ctx.account, region or ctx.region
    common.check_name(name)
    table = common.repositories(ctx.store, account, region)
    if name in table:
        raise RepositoryAlreadyExistsExceptionError(
            f"The repository with name '{name}' already exists in the registry with id '{account}'")
    repo = Repository(name, account, region, ctx.arn(f"repository/{name}", account=account, region=region),
                      ctx.clock.now(), mutability, check_mutability(mutability, filters), scan_on_push,
                      encryption or {"encryptionType": "AES256"}, _tags(tags or []))
    table[name] = repo
    return repo


def _tags(tags: list[dict[str, str]], start: dict[str, str] | None = None) -> dict[str, str]:
    found = dict(start or {})
    for tag in tags:
        if not tag.get("Key"):
            raise InvalidTagParameterExceptionError("The tag key must not be empty.")
        found[tag["Key"]] = tag.get("Value", "")
    if len(found) > MAX_TAGS:
        raise TooManyTagsExceptionError(f"Resource has more than {MAX_TAGS} tags.")
    return found


def _repo(ctx: RequestContext, req: Any) -> Repository:
    return access.repository_for(ctx, req)


async def _check_kms_key(ctx: RequestContext, config: dict[str, Any] | None) -> None:
    """A customer key must exist and be enabled in cumulo's KMS (services.call), as ECR checks."""
    key = (config or {}).get("kmsKey")
    if not key or services.get("kms") is None:
        return
    try:
        found = await services.call(ctx.runtime, "kms", "DescribeKey", {"KeyId": key}, ctx.account, ctx.region)
    except AwsError as e:
        raise KmsExceptionError(f"KMS key {key} is not valid: {e.message}", kmsError=e.code) from None
    if found["KeyMetadata"].get("KeyState") != "Enabled":
        raise KmsExceptionError(f"KMS key {key} is not enabled (state {found['KeyMetadata'].get('KeyState')})", kmsError="DisabledException")


async def create_repository(ctx: RequestContext, req: t.CreateRepositoryRequest) -> t.CreateRepositoryResponse:
    account = common.registry_id(ctx.account, req.get("registryId"))
    await _check_kms_key(ctx, req.get("encryptionConfiguration"))  # type: ignore[arg-type]
    scanning = req.get("imageScanningConfiguration") or {}
    repo = create(ctx, req["repositoryName"], account=account, tags=list(req.get("tags") or []),  # type: ignore[arg-type]
                  mutability=req.get("imageTagMutability") or "MUTABLE",
                  filters=list(req.get("imageTagMutabilityExclusionFilters") or []),  # type: ignore[arg-type]
                  scan_on_push=bool(scanning.get("scanOnPush")),
                  encryption=check_encryption(ctx, req.get("encryptionConfiguration")))  # type: ignore[arg-type]
    return {"repository": view(ctx, repo)}  # type: ignore[typeddict-item]


def describe_repositories(ctx: RequestContext, req: t.DescribeRepositoriesRequest) -> t.DescribeRepositoriesResponse:
    account = common.registry_id(ctx.account, req.get("registryId"))
    table = common.repositories(ctx.store, account, ctx.region)
    names = req.get("repositoryNames")
    if names:
        if req.get("nextToken") or req.get("maxResults"):
            raise InvalidParameterExceptionError(
                "Invalid parameter at 'maxResults' failed to satisfy constraint: 'maxResults and nextToken cannot be "
                "used with repositoryNames'")
        found = [common.repository(ctx.store, account, ctx.region, n) for n in names]
        return {"repositories": [view(ctx, r) for r in found]}  # type: ignore[typeddict-item,misc]
    repos = sorted(table.values(), key=lambda r: r.created)
    chunk, token = page(repos, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"repositories": [view(ctx, r) for r in chunk]}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


def delete_repository(ctx: RequestContext, req: t.DeleteRepositoryRequest) -> t.DeleteRepositoryResponse:
    repo = _repo(ctx, req)
    table = common.images(ctx.store, repo)
    if len(table) and not req.get("force"):
        raise RepositoryNotEmptyExceptionError(
            f"The repository with name '{repo.name}' in registry with id '{repo.account}' cannot be deleted because "
            "it still contains images")
    shown = view(ctx, repo)
    table.clear()
    for upload in [u for u in layers.uploads(ctx.store, repo.account, repo.region).values() if u.repository == repo.name]:
        layers.abort(ctx.store, repo, upload)
    del common.repositories(ctx.store, repo.account, repo.region)[repo.name]
    common.release_layers(ctx.store, repo, list(repo.layers))
    return {"repository": shown}  # type: ignore[typeddict-item]


def put_image_tag_mutability(ctx: RequestContext, req: t.PutImageTagMutabilityRequest) -> t.PutImageTagMutabilityResponse:
    repo = _repo(ctx, req)
    repo.tag_mutability = req["imageTagMutability"]
    repo.mutability_exclusions = check_mutability(repo.tag_mutability, req.get("imageTagMutabilityExclusionFilters"))  # type: ignore[arg-type]
    common.touch(ctx.store, repo)
    out: dict[str, Any] = {"registryId": repo.account, "repositoryName": repo.name,
                           "imageTagMutability": repo.tag_mutability}
    if repo.mutability_exclusions:
        out["imageTagMutabilityExclusionFilters"] = repo.mutability_exclusions
    return out  # type: ignore[return-value]


def put_image_scanning_configuration(ctx: RequestContext, req: t.PutImageScanningConfigurationRequest) -> t.PutImageScanningConfigurationResponse:
    repo = _repo(ctx, req)
    repo.scan_on_push = bool(req["imageScanningConfiguration"].get("scanOnPush"))
    common.touch(ctx.store, repo)
    return {"registryId": repo.account, "repositoryName": repo.name,
            "imageScanningConfiguration": {"scanOnPush": repo.scan_on_push}}


def batch_get_repository_scanning_configuration(
        ctx: RequestContext, req: t.BatchGetRepositoryScanningConfigurationRequest) -> t.BatchGetRepositoryScanningConfigurationResponse:
    configs, failures = [], []
    settings = common.registry(ctx.store, ctx.account, ctx.region)
    for name in req["repositoryNames"]:
        repo: Repository | None = common.repositories(ctx.store, ctx.account, ctx.region).get(name)
        if repo is None:
            failures.append({"repositoryName": name, "failureCode": "REPOSITORY_NOT_FOUND",
                             "failureReason": "REPOSITORY_NOT_FOUND"})
            continue
        applied = []
        frequency = "SCAN_ON_PUSH" if repo.scan_on_push else "MANUAL"
        for rule in settings.scanning.get("rules") or []:
            matched = [f for f in rule.get("repositoryFilters") or [] if fnmatch.fnmatchcase(name, f.get("filter", ""))]
            if matched:
                applied.extend(matched)
                frequency = rule.get("scanFrequency", frequency)
        configs.append({"repositoryArn": repo.arn, "repositoryName": name, "scanOnPush": images.scan_on_push(ctx.store, repo),
                        "scanFrequency": frequency, "appliedScanFilters": applied})
    return {"scanningConfigurations": configs, "failures": failures}  # type: ignore[typeddict-item]


def set_repository_policy(ctx: RequestContext, req: t.SetRepositoryPolicyRequest) -> t.SetRepositoryPolicyResponse:
    repo = _repo(ctx, req)
    repo.policy = check_policy(req["policyText"])
    common.touch(ctx.store, repo)
    return {"registryId": repo.account, "repositoryName": repo.name, "policyText": repo.policy}


def _policy(repo: Repository) -> str:
    if not repo.policy:
        raise RepositoryPolicyNotFoundExceptionError(
            f"Repository policy does not exist for the repository with name '{repo.name}' in the registry with id '{repo.account}'")
    return repo.policy


def get_repository_policy(ctx: RequestContext, req: t.GetRepositoryPolicyRequest) -> t.GetRepositoryPolicyResponse:
    repo = _repo(ctx, req)
    return {"registryId": repo.account, "repositoryName": repo.name, "policyText": _policy(repo)}


def delete_repository_policy(ctx: RequestContext, req: t.DeleteRepositoryPolicyRequest) -> t.DeleteRepositoryPolicyResponse:
    repo = _repo(ctx, req)
    text = _policy(repo)
    repo.policy = ""
    common.touch(ctx.store, repo)
    return {"registryId": repo.account, "repositoryName": repo.name, "policyText": text}


def _by_arn(ctx: RequestContext, arn: str) -> Repository:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "ecr" or not parts[5].startswith("repository/"):
        raise InvalidParameterExceptionError(f"Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN {arn}'")
    name = parts[5][len("repository/"):]
    repo: Repository | None = common.repositories(ctx.store, parts[4], parts[3]).get(name)
    if repo is None:
        raise RepositoryNotFoundExceptionError(
            f"The repository with name '{name}' does not exist in the registry with id '{parts[4]}'")
    return repo


def tag_resource(ctx: RequestContext, req: t.TagResourceRequest) -> t.TagResourceResponse:
    repo = _by_arn(ctx, req["resourceArn"])
    repo.resource_tags = _tags(list(req["tags"]), repo.resource_tags)  # type: ignore[arg-type]
    common.touch(ctx.store, repo)
    return {}


def untag_resource(ctx: RequestContext, req: t.UntagResourceRequest) -> t.UntagResourceResponse:
    repo = _by_arn(ctx, req["resourceArn"])
    for key in req["tagKeys"]:
        repo.resource_tags.pop(key, None)
    common.touch(ctx.store, repo)
    return {}


def list_tags_for_resource(ctx: RequestContext, req: t.ListTagsForResourceRequest) -> t.ListTagsForResourceResponse:
    repo = _by_arn(ctx, req["resourceArn"])
    return {"tags": [{"Key": k, "Value": v} for k, v in repo.resource_tags.items()]}


def put_lifecycle_policy(ctx: RequestContext, req: t.PutLifecyclePolicyRequest) -> t.PutLifecyclePolicyResponse:
    repo = _repo(ctx, req)
    lifecycle.parse_policy(req["lifecyclePolicyText"])
    repo.lifecycle_policy = req["lifecyclePolicyText"]
    repo.lifecycle_updated = ctx.clock.now()
    common.touch(ctx.store, repo)
    return {"registryId": repo.account, "repositoryName": repo.name, "lifecyclePolicyText": repo.lifecycle_policy}


def _lifecycle(repo: Repository) -> str:
    if not repo.lifecycle_policy:
        raise LifecyclePolicyNotFoundExceptionError(
            f"Lifecycle policy does not exist for the repository with name '{repo.name}' in the registry with id '{repo.account}'")
    return repo.lifecycle_policy


def get_lifecycle_policy(ctx: RequestContext, req: t.GetLifecyclePolicyRequest) -> t.GetLifecyclePolicyResponse:
    repo = _repo(ctx, req)
    return {"registryId": repo.account, "repositoryName": repo.name, "lifecyclePolicyText": _lifecycle(repo),
            "lastEvaluatedAt": repo.lifecycle_updated}  # type: ignore[typeddict-item]


def delete_lifecycle_policy(ctx: RequestContext, req: t.DeleteLifecyclePolicyRequest) -> t.DeleteLifecyclePolicyResponse:
    repo = _repo(ctx, req)
    text = _lifecycle(repo)
    repo.lifecycle_policy = ""
    common.touch(ctx.store, repo)
    return {"registryId": repo.account, "repositoryName": repo.name, "lifecyclePolicyText": text,
            "lastEvaluatedAt": repo.lifecycle_updated}  # type: ignore[typeddict-item]


def start_lifecycle_policy_preview(ctx: RequestContext, req: t.StartLifecyclePolicyPreviewRequest) -> t.StartLifecyclePolicyPreviewResponse:
    repo = _repo(ctx, req)
    text = req.get("lifecyclePolicyText") or _lifecycle(repo)
    rules = lifecycle.parse_policy(text)
    expired = lifecycle.evaluate(ctx.store, repo, rules, ctx.clock.now())
    results = [lifecycle.preview_result(repo, image, rule) for image, rule in expired]
    repo.preview = {"status": "COMPLETE", "text": text, "results": results}
    common.touch(ctx.store, repo)
    return {"registryId": repo.account, "repositoryName": repo.name, "lifecyclePolicyText": text, "status": "IN_PROGRESS"}


def get_lifecycle_policy_preview(ctx: RequestContext, req: t.GetLifecyclePolicyPreviewRequest) -> t.GetLifecyclePolicyPreviewResponse:
    repo = _repo(ctx, req)
    if repo.preview is None:
        raise LifecyclePolicyPreviewNotFoundExceptionError(
            f"Lifecycle policy preview does not exist for the repository with name '{repo.name}' in the registry with id '{repo.account}'")
    results = repo.preview["results"]
    wanted = req.get("imageIds")
    if wanted:
        digests = {common.find_image(ctx.store, repo, dict(i)).digest for i in wanted}  # type: ignore[arg-type]
        results = [r for r in results if r["imageDigest"] in digests]
    if req.get("filter", {}).get("tagStatus") in ("TAGGED", "UNTAGGED"):
        tagged = req["filter"]["tagStatus"] == "TAGGED"
        results = [r for r in results if bool(r.get("imageTags")) == tagged]
    chunk, token = page(results, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {
        "registryId": repo.account, "repositoryName": repo.name, "lifecyclePolicyText": repo.preview["text"],
        "status": repo.preview["status"], "previewResults": chunk,
        "summary": {"expiringImageTotalCount": len(repo.preview["results"])},
    }
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]

