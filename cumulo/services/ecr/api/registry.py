"""Registry-wide handlers: registry policy, replication (and backfills), scanning
configuration, pull-through cache rules, repository creation templates, account
settings, signing configuration and pull-time update exclusions."""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ecr as t
from cumulo.generated.ecr import (
    ExclusionAlreadyExistsExceptionError,
    ExclusionNotFoundExceptionError,
    InvalidParameterExceptionError,
    PullThroughCacheRuleAlreadyExistsExceptionError,
    PullThroughCacheRuleNotFoundExceptionError,
    RegistryPolicyNotFoundExceptionError,
    ReplicationBackfillInvalidStatusExceptionError,
    ReplicationBackfillNotFoundExceptionError,
    SigningConfigurationNotFoundExceptionError,
    TemplateAlreadyExistsExceptionError,
    TemplateNotFoundExceptionError,
    ValidationExceptionError,
)
from cumulo.services.ecr import common, lifecycle, pullthrough, replication
from cumulo.services.ecr.api.repositories import check_mutability, check_policy, page
from cumulo.services.ecr.models import Registry

ACCOUNT_SETTINGS = {"BASIC_SCAN_TYPE_VERSION": ("AWS_NATIVE", ("AWS_NATIVE", "CLAIR")),
                    "REGISTRY_POLICY_SCOPE": ("V2", ("V1", "V2"))}


def _settings(ctx: RequestContext) -> Registry:
    return common.registry(ctx.store, ctx.account, ctx.region)


def _save(ctx: RequestContext, settings: Registry) -> None:
    common.save_registry(ctx.store, ctx.account, ctx.region, settings)


def describe_registry(ctx: RequestContext, req: t.DescribeRegistryRequest) -> t.DescribeRegistryResponse:
    return {"registryId": ctx.account, "replicationConfiguration": _settings(ctx).replication}  # type: ignore[typeddict-item]


def put_registry_policy(ctx: RequestContext, req: t.PutRegistryPolicyRequest) -> t.PutRegistryPolicyResponse:
    settings = _settings(ctx)
    settings.policy = check_policy(req["policyText"])
    _save(ctx, settings)
    return {"registryId": ctx.account, "policyText": settings.policy}


def _registry_policy(ctx: RequestContext) -> str:
    policy = _settings(ctx).policy
    if not policy:
        raise RegistryPolicyNotFoundExceptionError(f"Registry policy does not exist in the registry with id '{ctx.account}'")
    return policy


def get_registry_policy(ctx: RequestContext, req: t.GetRegistryPolicyRequest) -> t.GetRegistryPolicyResponse:
    return {"registryId": ctx.account, "policyText": _registry_policy(ctx)}


def delete_registry_policy(ctx: RequestContext, req: t.DeleteRegistryPolicyRequest) -> t.DeleteRegistryPolicyResponse:
    text = _registry_policy(ctx)
    settings = _settings(ctx)
    settings.policy = ""
    _save(ctx, settings)
    return {"registryId": ctx.account, "policyText": text}


def put_replication_configuration(ctx: RequestContext, req: t.PutReplicationConfigurationRequest) -> t.PutReplicationConfigurationResponse:
    config: dict[str, Any] = dict(req["replicationConfiguration"])  # type: ignore[arg-type]
    for rule in config.get("rules") or []:
        for dest in rule.get("destinations") or []:
            if (dest["region"], dest["registryId"]) == (ctx.region, ctx.account):
                raise InvalidParameterExceptionError(
                    "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: 'Replication "
                    "destination cannot be the same as the source registry'")
    settings = _settings(ctx)
    settings.replication = config
    _save(ctx, settings)
    return {"replicationConfiguration": config}  # type: ignore[typeddict-item]


def get_registry_scanning_configuration(ctx: RequestContext, req: t.GetRegistryScanningConfigurationRequest) -> t.GetRegistryScanningConfigurationResponse:
    return {"registryId": ctx.account, "scanningConfiguration": _settings(ctx).scanning}  # type: ignore[typeddict-item]


def put_registry_scanning_configuration(ctx: RequestContext, req: t.PutRegistryScanningConfigurationRequest) -> t.PutRegistryScanningConfigurationResponse:
    settings = _settings(ctx)
    settings.scanning = {"scanType": req.get("scanType") or "BASIC", "rules": [dict(r) for r in req.get("rules") or []]}
    _save(ctx, settings)
    return {"registryScanningConfiguration": settings.scanning}  # type: ignore[typeddict-item]


# Pull-through cache rules.
def _rule_view(ctx: RequestContext, rule: dict[str, Any]) -> dict[str, Any]:
    return {"registryId": ctx.account, **rule}


def _rule(ctx: RequestContext, prefix: str) -> dict[str, Any]:
    rule = _settings(ctx).pull_through.get(prefix)
    if rule is None:
        raise PullThroughCacheRuleNotFoundExceptionError(
            f"The pull through cache rule with prefix '{prefix}' does not exist in the registry with id '{ctx.account}'")
    return rule


def create_pull_through_cache_rule(ctx: RequestContext, req: t.CreatePullThroughCacheRuleRequest) -> t.CreatePullThroughCacheRuleResponse:
    common.registry_id(ctx.account, req.get("registryId"))
    settings = _settings(ctx)
    prefix = req["ecrRepositoryPrefix"]
    if prefix in settings.pull_through:
        raise PullThroughCacheRuleAlreadyExistsExceptionError(
            f"A pull through cache rule with prefix '{prefix}' already exists in the registry with id '{ctx.account}'")
    rule: dict[str, Any] = {"ecrRepositoryPrefix": prefix, "upstreamRegistryUrl": req["upstreamRegistryUrl"],
                            "createdAt": ctx.clock.now(), "updatedAt": ctx.clock.now(),
                            "upstreamRegistry": req.get("upstreamRegistry") or "ecr"}
    for key in ("credentialArn", "customRoleArn", "upstreamRepositoryPrefix"):
        if req.get(key):
            rule[key] = req[key]  # type: ignore[literal-required]
    settings.pull_through[prefix] = rule
    _save(ctx, settings)
    return _rule_view(ctx, {k: v for k, v in rule.items() if k != "updatedAt"})  # type: ignore[return-value]


def describe_pull_through_cache_rules(ctx: RequestContext, req: t.DescribePullThroughCacheRulesRequest) -> t.DescribePullThroughCacheRulesResponse:
    prefixes = req.get("ecrRepositoryPrefixes")
    rules = [_rule(ctx, p) for p in prefixes] if prefixes else list(_settings(ctx).pull_through.values())
    chunk, token = page(rules, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"pullThroughCacheRules": [_rule_view(ctx, r) for r in chunk]}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


def update_pull_through_cache_rule(ctx: RequestContext, req: t.UpdatePullThroughCacheRuleRequest) -> t.UpdatePullThroughCacheRuleResponse:
    settings = _settings(ctx)
    rule = _rule(ctx, req["ecrRepositoryPrefix"])
    for key in ("credentialArn", "customRoleArn"):
        if req.get(key):
            rule[key] = req[key]  # type: ignore[literal-required]
    rule["updatedAt"] = ctx.clock.now()
    _save(ctx, settings)
    return {k: v for k, v in _rule_view(ctx, rule).items()  # type: ignore[return-value]
            if k in ("ecrRepositoryPrefix", "registryId", "updatedAt", "credentialArn", "customRoleArn", "upstreamRepositoryPrefix")}


def delete_pull_through_cache_rule(ctx: RequestContext, req: t.DeletePullThroughCacheRuleRequest) -> t.DeletePullThroughCacheRuleResponse:
    settings = _settings(ctx)
    rule = _rule(ctx, req["ecrRepositoryPrefix"])
    del settings.pull_through[req["ecrRepositoryPrefix"]]
    _save(ctx, settings)
    return {k: v for k, v in _rule_view(ctx, rule).items() if k not in ("updatedAt", "upstreamRegistry")}  # type: ignore[return-value]


def validate_pull_through_cache_rule(ctx: RequestContext, req: t.ValidatePullThroughCacheRuleRequest) -> t.ValidatePullThroughCacheRuleResponse:
    rule = _rule(ctx, req["ecrRepositoryPrefix"])
    out = {k: v for k, v in _rule_view(ctx, rule).items()
           if k in ("ecrRepositoryPrefix", "registryId", "upstreamRegistryUrl", "credentialArn", "customRoleArn", "upstreamRepositoryPrefix")}
    if pullthrough.upstream_of(rule) is not None:
        out["isValid"] = True
    else:
        out["isValid"] = False
        out["failure"] = (f"The upstream registry '{rule['upstreamRegistryUrl']}' is not reachable: cumulo runs offline, "
                          "only another cumulo registry can be an upstream")
    return out  # type: ignore[return-value]


# Repository creation templates.
def _template(ctx: RequestContext, req: Any, existing: dict[str, Any] | None) -> dict[str, Any]:
    template = dict(existing or {"prefix": req["prefix"], "createdAt": ctx.clock.now()})
    for key in ("description", "encryptionConfiguration", "resourceTags", "imageTagMutability",
                "imageTagMutabilityExclusionFilters", "repositoryPolicy", "lifecyclePolicy", "appliedFor", "customRoleArn"):
        if key in req:
            template[key] = req[key]
    if template.get("repositoryPolicy"):
        check_policy(template["repositoryPolicy"], "repositoryPolicy")
    if template.get("lifecyclePolicy"):
        lifecycle.parse_policy(template["lifecyclePolicy"])
    template.setdefault("imageTagMutability", "MUTABLE")
    check_mutability(template["imageTagMutability"], template.get("imageTagMutabilityExclusionFilters"))
    template.setdefault("encryptionConfiguration", {"encryptionType": "AES256"})
    template["updatedAt"] = ctx.clock.now()
    return template


def _template_named(ctx: RequestContext, prefix: str) -> dict[str, Any]:
    template = _settings(ctx).templates.get(prefix)
    if template is None:
        raise TemplateNotFoundExceptionError(f"The specified repository creation template with prefix '{prefix}' does not exist")
    return template


def create_repository_creation_template(ctx: RequestContext, req: t.CreateRepositoryCreationTemplateRequest) -> t.CreateRepositoryCreationTemplateResponse:
    settings = _settings(ctx)
    if req["prefix"] in settings.templates:
        raise TemplateAlreadyExistsExceptionError(f"The repository creation template with prefix '{req['prefix']}' already exists")
    settings.templates[req["prefix"]] = template = _template(ctx, req, None)
    _save(ctx, settings)
    return {"registryId": ctx.account, "repositoryCreationTemplate": template}  # type: ignore[typeddict-item]


def update_repository_creation_template(ctx: RequestContext, req: t.UpdateRepositoryCreationTemplateRequest) -> t.UpdateRepositoryCreationTemplateResponse:
    settings = _settings(ctx)
    settings.templates[req["prefix"]] = template = _template(ctx, req, _template_named(ctx, req["prefix"]))
    _save(ctx, settings)
    return {"registryId": ctx.account, "repositoryCreationTemplate": template}  # type: ignore[typeddict-item]


def delete_repository_creation_template(ctx: RequestContext, req: t.DeleteRepositoryCreationTemplateRequest) -> t.DeleteRepositoryCreationTemplateResponse:
    settings = _settings(ctx)
    template = _template_named(ctx, req["prefix"])
    del settings.templates[req["prefix"]]
    _save(ctx, settings)
    return {"registryId": ctx.account, "repositoryCreationTemplate": template}  # type: ignore[typeddict-item]


def describe_repository_creation_templates(ctx: RequestContext, req: t.DescribeRepositoryCreationTemplatesRequest) -> t.DescribeRepositoryCreationTemplatesResponse:
    prefixes = req.get("prefixes")
    templates = [_template_named(ctx, p) for p in prefixes] if prefixes else list(_settings(ctx).templates.values())
    chunk, token = page(templates, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"registryId": ctx.account, "repositoryCreationTemplates": chunk}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


# Account settings.
def _setting_name(name: str) -> tuple[str, tuple[str, ...]]:
    found = ACCOUNT_SETTINGS.get(name)
    if found is None:
        raise ValidationExceptionError(f"Account setting '{name}' is not supported: {', '.join(ACCOUNT_SETTINGS)}")
    return found


def get_account_setting(ctx: RequestContext, req: t.GetAccountSettingRequest) -> t.GetAccountSettingResponse:
    default, _ = _setting_name(req["name"])
    return {"name": req["name"], "value": _settings(ctx).account_settings.get(req["name"], default)}


def put_account_setting(ctx: RequestContext, req: t.PutAccountSettingRequest) -> t.PutAccountSettingResponse:
    _, allowed = _setting_name(req["name"])
    if req["value"] not in allowed:
        raise ValidationExceptionError(f"Value '{req['value']}' is not valid for account setting '{req['name']}': {', '.join(allowed)}")
    settings = _settings(ctx)
    settings.account_settings[req["name"]] = req["value"]
    _save(ctx, settings)
    return {"name": req["name"], "value": req["value"]}


# Signing configuration.
def put_signing_configuration(ctx: RequestContext, req: t.PutSigningConfigurationRequest) -> t.PutSigningConfigurationResponse:
    settings = _settings(ctx)
    settings.signing = dict(req["signingConfiguration"])  # type: ignore[arg-type]
    _save(ctx, settings)
    return {"signingConfiguration": settings.signing}  # type: ignore[typeddict-item]


def _signing(ctx: RequestContext) -> dict[str, Any]:
    signing = _settings(ctx).signing
    if signing is None:
        raise SigningConfigurationNotFoundExceptionError(f"Signing configuration does not exist in the registry with id '{ctx.account}'")
    return signing


def get_signing_configuration(ctx: RequestContext, req: t.GetSigningConfigurationRequest) -> t.GetSigningConfigurationResponse:
    return {"registryId": ctx.account, "signingConfiguration": _signing(ctx)}  # type: ignore[typeddict-item]


def delete_signing_configuration(ctx: RequestContext, req: t.DeleteSigningConfigurationRequest) -> t.DeleteSigningConfigurationResponse:
    signing = _signing(ctx)
    settings = _settings(ctx)
    settings.signing = None
    _save(ctx, settings)
    return {"registryId": ctx.account, "signingConfiguration": signing}  # type: ignore[typeddict-item]


# Pull-time update exclusions: principals whose pulls do not update lastRecordedPullTime.
def register_pull_time_update_exclusion(ctx: RequestContext, req: t.RegisterPullTimeUpdateExclusionRequest) -> t.RegisterPullTimeUpdateExclusionResponse:
    settings = _settings(ctx)
    arn = req["principalArn"]
    if arn in settings.pull_time_exclusions:
        raise ExclusionAlreadyExistsExceptionError(f"A pull time update exclusion for '{arn}' already exists")
    settings.pull_time_exclusions[arn] = ctx.clock.now()
    _save(ctx, settings)
    return {"principalArn": arn, "createdAt": settings.pull_time_exclusions[arn]}  # type: ignore[typeddict-item]


def deregister_pull_time_update_exclusion(ctx: RequestContext, req: t.DeregisterPullTimeUpdateExclusionRequest) -> t.DeregisterPullTimeUpdateExclusionResponse:
    settings = _settings(ctx)
    arn = req["principalArn"]
    if settings.pull_time_exclusions.pop(arn, None) is None:
        raise ExclusionNotFoundExceptionError(f"No pull time update exclusion exists for '{arn}'")
    _save(ctx, settings)
    return {"principalArn": arn}


def list_pull_time_update_exclusions(ctx: RequestContext, req: t.ListPullTimeUpdateExclusionsRequest) -> t.ListPullTimeUpdateExclusionsResponse:
    arns = list(_settings(ctx).pull_time_exclusions)
    chunk, token = page(arns, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"pullTimeUpdateExclusions": chunk}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


# Replication backfills: copy what is already in the registry to one destination, now.
def start_replication_backfill(ctx: RequestContext, req: t.StartReplicationBackfillRequest) -> t.StartReplicationBackfillResponse:
    common.registry_id(ctx.account, req.get("registryId"))
    dest: dict[str, str] = dict(req["destination"])  # type: ignore[arg-type]
    now = ctx.clock.now()
    results, failed = [], 0
    for repo in list(common.repositories(ctx.store, ctx.account, ctx.region).values()):
        for image in list(common.images(ctx.store, repo).values()):
            tags = common.image_tags(repo).get(image.digest, [])
            status = "COMPLETE"
            try:
                target = replication.ensure_repository(ctx.store, dest["registryId"], dest["region"], repo.name, "REPLICATION", now, repo)
                for tag in tags or [None]:  # type: ignore[list-item]
                    replication.copy_image(ctx.store, repo, image, target, tag, now)
            except AwsError:
                status, failed = "FAILED", failed + 1
            results.append({"repositoryName": repo.name, "imageId": {"imageDigest": image.digest}, "status": status})
    backfill_id = str(uuid.uuid4())
    summary = {"replicationBackfillId": backfill_id, "destination": dest, "status": "COMPLETE", "startedAt": now,
               "endedAt": now, "progress": {"totalReplicationCount": len(results), "completedReplicationCount": len(results) - failed,
                                            "failedReplicationCount": failed, "failureCodes": []}}
    settings = _settings(ctx)
    settings.backfills[backfill_id] = {"summary": summary, "results": results}
    _save(ctx, settings)
    return {"replicationBackfillId": backfill_id, "registryId": ctx.account, "destination": dest,  # type: ignore[typeddict-item]
            "status": "COMPLETE", "startedAt": now}  # type: ignore[typeddict-item]


def _backfill(ctx: RequestContext, backfill_id: str) -> dict[str, Any]:
    found = _settings(ctx).backfills.get(backfill_id)
    if found is None:
        raise ReplicationBackfillNotFoundExceptionError(f"Replication backfill '{backfill_id}' does not exist in the registry with id '{ctx.account}'")
    return found


def stop_replication_backfill(ctx: RequestContext, req: t.StopReplicationBackfillRequest) -> t.StopReplicationBackfillResponse:
    found = _backfill(ctx, req["replicationBackfillId"])
    raise ReplicationBackfillInvalidStatusExceptionError(
        f"Replication backfill '{req['replicationBackfillId']}' is {found['summary']['status']} and cannot be stopped")


def list_replication_backfills(ctx: RequestContext, req: t.ListReplicationBackfillsRequest) -> t.ListReplicationBackfillsResponse:
    summaries = [b["summary"] for b in _settings(ctx).backfills.values()]
    chunk, token = page(summaries, req.get("nextToken"), req.get("maxResults"), 50)
    out: dict[str, Any] = {"registryId": ctx.account, "backfills": chunk}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


def describe_replication_backfill_results(ctx: RequestContext, req: t.DescribeReplicationBackfillResultsRequest) -> t.DescribeReplicationBackfillResultsResponse:
    found = _backfill(ctx, req["replicationBackfillId"])
    results = found["results"]
    if req.get("resultStatusFilter"):
        results = [r for r in results if r["status"] == req["resultStatusFilter"]]
    chunk, token = page(results, req.get("nextToken"), req.get("maxResults"))
    summary = found["summary"]
    out: dict[str, Any] = {"registryId": ctx.account, **{k: v for k, v in summary.items() if k != "failureCode"},
                           "results": chunk}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]
