"""Versions and values: GetSecretValue, BatchGetSecretValue, PutSecretValue, ListSecretVersionIds,
UpdateSecretVersionStage."""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager import common, replication, stages, values
from cumulo.services.secretsmanager.api.secrets import _value_of, matches
from cumulo.services.secretsmanager.common import find, save, utc, writable
from cumulo.services.secretsmanager.models import Secret, Version


async def batch_get_secret_value(ctx: RequestContext, req: wire.BatchGetSecretValueRequest) -> wire.BatchGetSecretValueResponse:
    ids, filters = req.get("SecretIdList"), req.get("Filters")
    if ids and filters:
        raise wire.InvalidParameterExceptionError("Either 'SecretIdList' or 'Filters' must be provided, but not both.")
    if not ids and not filters:
        raise wire.InvalidParameterExceptionError("Either 'SecretIdList' or 'Filters' must be provided.")
    out_values: list[wire.SecretValueEntry] = []
    errors: list[wire.APIErrorType] = []
    token = None
    if ids:
        if "MaxResults" in req:
            raise wire.InvalidParameterExceptionError("'MaxResults' is only valid with 'Filters'.")
        targets: list[tuple[str, Secret | None]] = []
        for secret_id in ids:
            try:
                targets.append((secret_id, find(ctx, secret_id)))
            except AwsError as e:
                errors.append({"SecretId": secret_id, "ErrorCode": e.code, "Message": e.message})
    else:
        found = sorted((s for s in common.secrets_of(ctx.scope).values() if s.deleted is None and matches(s, filters or [])), key=lambda s: s.created)
        chunk, token = common.page(found, req.get("MaxResults"), req.get("NextToken"), default=20)
        targets = [(s.arn, s) for s in chunk]
    for secret_id, secret in targets:
        assert secret is not None
        try:
            out_values.append(await _read(ctx, secret, None, stages.CURRENT))  # type: ignore[arg-type]
        except AwsError as e:
            errors.append({"SecretId": secret_id, "ErrorCode": e.code, "Message": e.message})
    out: wire.BatchGetSecretValueResponse = {"SecretValues": out_values, "Errors": errors}
    if token:
        out["NextToken"] = token
    return out


async def get_secret_value(ctx: RequestContext, req: wire.GetSecretValueRequest) -> wire.GetSecretValueResponse:
    secret = find(ctx, req["SecretId"])
    return await _read(ctx, secret, req.get("VersionId"), req.get("VersionStage"))  # type: ignore[return-value]


def list_secret_version_ids(ctx: RequestContext, req: wire.ListSecretVersionIdsRequest) -> wire.ListSecretVersionIdsResponse:
    secret = find(ctx, req["SecretId"])
    rows: list[wire.SecretVersionsListEntry] = []
    for v in sorted(secret.versions.values(), key=lambda v: v.created, reverse=True):
        if not v.stages and not req.get("IncludeDeprecated"):
            continue
        row: wire.SecretVersionsListEntry = {"VersionId": v.id, "VersionStages": list(v.stages), "CreatedDate": utc(v.created)}
        if v.kms_key_arn:
            row["KmsKeyIds"] = [secret.kms_key_id or values.DEFAULT_KEY]
        if v.last_accessed is not None:
            row["LastAccessedDate"] = common.day(v.last_accessed)
        rows.append(row)
    chunk, token = common.page(rows, req.get("MaxResults"), req.get("NextToken"))
    out: wire.ListSecretVersionIdsResponse = {"Versions": chunk, "ARN": secret.arn, "Name": secret.name}
    if token:
        out["NextToken"] = token
    return out


async def put_secret_value(ctx: RequestContext, req: wire.PutSecretValueRequest) -> wire.PutSecretValueResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    value = _value_of(req, required=True)
    assert value is not None
    token = req.get("ClientRequestToken") or str(uuid.uuid4())
    labels = list(req.get("VersionStages") or [stages.CURRENT])
    if len(labels) > 20:
        raise wire.LimitExceededExceptionError("A version can have at most 20 staging labels.")
    same = secret.versions.get(token)
    if same is not None and same.data_key:
        if same.digest != values.digest(*value):
            raise wire.ResourceExistsExceptionError("You can't modify an existing version, you can only create a new version.")
        return {"ARN": secret.arn, "Name": secret.name, "VersionId": token, "VersionStages": list(same.stages)}
    version = await values.seal(ctx, secret, token, value[0], value[1], [])
    secret = find(ctx, req["SecretId"])
    placeholder = secret.versions.get(token)
    if placeholder is not None:
        # The version a rotation made for its token (AWSPENDING, no value yet) gets its value.
        version.stages = list(placeholder.stages)
    secret.versions[token] = version
    stages.attach(secret, version, labels)
    secret.last_changed = ctx.clock.now()
    save(ctx, secret)
    await replication.sync(ctx, secret)
    return {"ARN": secret.arn, "Name": secret.name, "VersionId": token, "VersionStages": list(version.stages)}


def update_secret_version_stage(ctx: RequestContext, req: wire.UpdateSecretVersionStageRequest) -> wire.UpdateSecretVersionStageResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    label = req["VersionStage"]
    holder = secret.version_with(label)
    remove_from, move_to = req.get("RemoveFromVersionId"), req.get("MoveToVersionId")
    if holder is not None and move_to != holder.id and remove_from != holder.id:
        raise wire.InvalidParameterExceptionError(
            f"The staging label {label} is currently attached to version {holder.id}, so you must explicitly reference that version in RemoveFromVersionId."
        )
    if label == stages.CURRENT and move_to is None:
        raise wire.InvalidParameterExceptionError("You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.")
    if remove_from is not None:
        if remove_from not in secret.versions:
            raise wire.InvalidParameterExceptionError(f"The version {remove_from} does not exist.")
        if label not in secret.versions[remove_from].stages:
            raise wire.InvalidParameterExceptionError(f"The staging label {label} is not attached to version {remove_from}.")
    if move_to is not None:
        target = secret.versions.get(move_to)
        if target is None:
            raise wire.ResourceNotFoundExceptionError(f"Secrets Manager can't find the specified secret version: {move_to}.")
        if len(target.stages) >= 20 and label not in target.stages:
            raise wire.LimitExceededExceptionError("A version can have at most 20 staging labels.")
        stages.attach(secret, target, [label])
    elif remove_from is not None:
        stages.detach(secret, secret.versions[remove_from], label)
    secret.last_changed = ctx.clock.now()
    save(ctx, secret)
    replication.sync_labels(ctx, secret)
    return {"ARN": secret.arn, "Name": secret.name}


# ---------------------------------------------------------------- helpers


def pick(secret: Secret, version_id: str | None, stage: str | None) -> Version:
    """The version GetSecretValue means: by id, by label, or both (they must agree)."""
    if version_id is not None:
        version = secret.versions.get(version_id)
        if version is None or (stage is not None and stage not in version.stages):
            raise wire.ResourceNotFoundExceptionError(
                f"Secrets Manager can't find the specified secret value for VersionId: {version_id}" + (f" and staging label: {stage}" if stage else "")
            )
        return version
    label = stage or stages.CURRENT
    found = secret.version_with(label)
    if found is None:
        raise wire.ResourceNotFoundExceptionError(f"Secrets Manager can't find the specified secret value for staging label: {label}")
    return found


async def _read(ctx: RequestContext, secret: Secret, version_id: str | None, stage: str | None) -> dict[str, Any]:
    version = pick(secret, version_id, stage)
    if not version.data_key:
        raise wire.ResourceNotFoundExceptionError(
            f"Secrets Manager can't find the specified secret value for VersionId: {version.id}" + (f" and staging label: {stage}" if stage else "")
        )
    value = await values.open_(ctx, secret, version)
    now = ctx.clock.now()
    # LastAccessedDate has a day's resolution: write it only when the day changes.
    if secret.last_accessed is None or int(secret.last_accessed // 86400) != int(now // 86400):
        secret.last_accessed = version.last_accessed = now
        save(ctx, secret)
    return {
        "ARN": secret.arn,
        "Name": secret.name,
        "VersionId": version.id,
        **values.value_fields(version, value),
        "VersionStages": list(version.stages),
        "CreatedDate": utc(version.created),
    }
