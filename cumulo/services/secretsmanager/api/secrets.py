"""Secrets: CreateSecret, DescribeSecret, ListSecrets, UpdateSecret, DeleteSecret, RestoreSecret, tags."""

from __future__ import annotations

import re
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager import common, replication, stages, values
from cumulo.services.secretsmanager.common import find, save, secrets_of, utc, writable
from cumulo.services.secretsmanager.models import Secret

DAY = 86400.0
_NAME = re.compile(r"^[\w/+=.@-]+$")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


async def create_secret(ctx: RequestContext, req: wire.CreateSecretRequest) -> wire.CreateSecretResponse:
    name = req["Name"]
    if not _NAME.match(name):
        raise wire.InvalidParameterExceptionError("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
    value = _value_of(req, required=False)
    table = secrets_of(ctx.scope)
    existing: Secret | None = table.get(name)
    token = req.get("ClientRequestToken") or str(uuid.uuid4())
    if existing is not None:
        if existing.deleted is not None:
            raise wire.InvalidRequestExceptionError("You can't create this secret because a secret with this name is already scheduled for deletion.")
        same = existing.versions.get(token)
        if same is not None and value is not None and same.digest == values.digest(*value):
            return {"ARN": existing.arn, "Name": existing.name, "VersionId": token}
        raise wire.ResourceExistsExceptionError(f"The operation failed because the secret {name} already exists.")
    if req.get("Tags"):
        _check_tags(req["Tags"], ctx.request is None)
    now = ctx.clock.now()
    secret = Secret(
        name=name, arn=common.new_arn(ctx.account, ctx.region, name), account=ctx.account, region=ctx.region, created=now,
        description=req.get("Description", ""), kms_key_id=req.get("KmsKeyId", ""), type=req.get("Type", ""),
        tags=[{"Key": t["Key"], "Value": t["Value"]} for t in req.get("Tags", [])], last_changed=now, cross_account_primary=req.get("CrossAccountPrimaryARN", ""),
    )
    out: wire.CreateSecretResponse = {"ARN": secret.arn, "Name": name}
    if value is not None:
        version = await values.seal(ctx, secret, token, value[0], value[1], [stages.CURRENT])
        secret.versions[token] = version
        out["VersionId"] = token
    save(ctx, secret)
    if req.get("AddReplicaRegions"):
        await replication.add(ctx, secret, req["AddReplicaRegions"], req.get("ForceOverwriteReplicaSecret", False))
        out["ReplicationStatus"] = common.replication_status(secret)
    return out


def delete_secret(ctx: RequestContext, req: wire.DeleteSecretRequest) -> wire.DeleteSecretResponse:
    secret = find(ctx, req["SecretId"], deleted_ok=True)
    writable(secret)
    force = req.get("ForceDeleteWithoutRecovery", False)
    window = req.get("RecoveryWindowInDays")
    if force and window is not None:
        raise wire.InvalidParameterExceptionError("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
    if window is not None and not 7 <= window <= 30:
        raise wire.InvalidParameterExceptionError("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
    if secret.replicas:
        raise wire.InvalidRequestExceptionError("You can't delete secret with one or more replicas. Remove the replica Regions first.")
    now = ctx.clock.now()
    if force:
        del secrets_of(ctx.store.scope("secretsmanager", secret.account, secret.region))[secret.name]
        return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": utc(now)}
    if secret.deleted is not None:
        raise wire.InvalidRequestExceptionError(common.MARKED)
    secret.deleted = now
    secret.deletion_date = now + (window or 30) * DAY
    save(ctx, secret)
    return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": utc(secret.deletion_date)}


def describe_secret(ctx: RequestContext, req: wire.DescribeSecretRequest) -> wire.DescribeSecretResponse:
    return common.describe(find(ctx, req["SecretId"], deleted_ok=True))  # type: ignore[return-value]


def get_random_password(ctx: RequestContext, req: wire.GetRandomPasswordRequest) -> wire.GetRandomPasswordResponse:
    from cumulo.services.secretsmanager.password import generate

    return {"RandomPassword": generate(req)}


def list_secrets(ctx: RequestContext, req: wire.ListSecretsRequest) -> wire.ListSecretsResponse:
    include_deleted = req.get("IncludePlannedDeletion", False)
    found = [s for s in secrets_of(ctx.scope).values() if (include_deleted or s.deleted is None) and matches(s, req.get("Filters", []))]
    order = req.get("SortBy", "created-date")
    sort_key = {
        "name": lambda s: s.name,
        "created-date": lambda s: s.created,
        "last-accessed-date": lambda s: s.last_accessed or 0.0,
        "last-changed-date": lambda s: s.last_changed or 0.0,
    }[order]
    found.sort(key=sort_key, reverse=req.get("SortOrder", "desc" if order != "name" else "asc") == "desc")
    chunk, token = common.page(found, req.get("MaxResults"), req.get("NextToken"))
    out: wire.ListSecretsResponse = {"SecretList": [common.describe(s, listing=True) for s in chunk]}  # type: ignore[misc]
    if token:
        out["NextToken"] = token
    return out


def restore_secret(ctx: RequestContext, req: wire.RestoreSecretRequest) -> wire.RestoreSecretResponse:
    secret = find(ctx, req["SecretId"], deleted_ok=True)
    secret.deleted = secret.deletion_date = None
    save(ctx, secret)
    return {"ARN": secret.arn, "Name": secret.name}


def tag_resource(ctx: RequestContext, req: wire.TagResourceRequest) -> dict[str, Any]:
    secret = find(ctx, req["SecretId"])
    _check_tags(req["Tags"], ctx.request is None)
    merged = {t["Key"]: t["Value"] for t in secret.tags}
    merged.update({t["Key"]: t["Value"] for t in req["Tags"]})
    if len(merged) > 50:
        raise wire.InvalidRequestExceptionError("A secret can have at most 50 tags.")
    secret.tags = [{"Key": k, "Value": v} for k, v in merged.items()]
    save(ctx, secret)
    return {}


def untag_resource(ctx: RequestContext, req: wire.UntagResourceRequest) -> dict[str, Any]:
    secret = find(ctx, req["SecretId"])
    gone = set(req["TagKeys"])
    secret.tags = [t for t in secret.tags if t["Key"] not in gone]
    save(ctx, secret)
    return {}


async def update_secret(ctx: RequestContext, req: wire.UpdateSecretRequest) -> wire.UpdateSecretResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    value = _value_of(req, required=False)
    now = ctx.clock.now()
    out: wire.UpdateSecretResponse = {"ARN": secret.arn, "Name": secret.name}
    if "Description" in req:
        secret.description = req["Description"]
    if "Type" in req:
        secret.type = req["Type"]
    if "KmsKeyId" in req:
        # New versions use the new key; existing ones stay under theirs (AWS re-encrypts only
        # AWSCURRENT and AWSPREVIOUS lazily, which reads the same to a client).
        secret.kms_key_id = req["KmsKeyId"]
    if value is not None:
        token = req.get("ClientRequestToken") or str(uuid.uuid4())
        same = secret.versions.get(token)
        if same is not None:
            if same.digest != values.digest(*value):
                raise wire.ResourceExistsExceptionError("You can't modify an existing version, you can only create a new version.")
        else:
            version = await values.seal(ctx, secret, token, value[0], value[1], [])
            secret = find(ctx, req["SecretId"])
            secret.versions[token] = version
            stages.attach(secret, version, [stages.CURRENT])
        out["VersionId"] = token
    secret.last_changed = now
    save(ctx, secret)
    await replication.sync(ctx, secret)
    return out


# ---------------------------------------------------------------- helpers


def _value_of(req: Any, *, required: bool) -> tuple[bytes, bool] | None:
    text, blob = req.get("SecretString"), req.get("SecretBinary")
    if text is not None and blob is not None:
        raise wire.InvalidParameterExceptionError("You can't specify both a binary secret value and a string secret value in the same secret.")
    if text is not None:
        return text.encode("utf-8"), False
    if blob is not None:
        return bytes(blob), True
    if required:
        raise wire.InvalidRequestExceptionError("You must provide either SecretString or SecretBinary.")
    return None


def _check_tags(tags: list[wire.Tag], internal: bool = False) -> None:
    # The aws: prefix is AWS's own: refused from clients, taken from internal calls
    # (CloudFormation's aws:cloudformation:* tags).
    for t in tags:
        if "Key" not in t or "Value" not in t:
            raise wire.InvalidParameterExceptionError("Each tag needs a Key and a Value.")
        if t["Key"].startswith("aws:") and not internal:
            raise wire.InvalidParameterExceptionError("Invalid tag key: keys starting with aws: are reserved.")


def matches(secret: Secret, filters: list[wire.Filter]) -> bool:
    """ListSecrets filters, as AWS documents them: every filter holds; within one, any
    value does (a `!` value negates). `name`, `tag-key`, `tag-value`, `primary-region`
    and `owning-service` match the start of the value, case-sensitive; `description`
    matches words of the description, `all` any word of name, description or tags,
    both not case-sensitive (https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_search-secret.html)."""
    for f in filters:
        key, wanted = f.get("Key"), f.get("Values", [])
        if key is None:
            continue
        fields = _fields(secret, key)
        positive = [v for v in wanted if not v.startswith("!")]
        negative = [v[1:] for v in wanted if v.startswith("!")]
        if positive and not any(_hit(key, v, fields) for v in positive):
            return False
        if negative and any(_hit(key, v, fields) for v in negative):
            return False
    return True


def _words(text: str) -> list[str]:
    """Words as AWS's search splits them: at punctuation, a lower-to-upper case change, and letters against digits."""
    return [w.lower() for w in _WORD.findall(text)]


def _hit(key: str, value: str, fields: list[str]) -> bool:
    if key == "description":
        words = [w for field in fields for w in _words(field)]
        return all(any(w.startswith(v) for w in words) for v in _words(value))
    if key == "all":
        words = [w for field in fields for w in _words(field)]
        return any(any(w.startswith(v) for w in words) for v in _words(value))
    return any(field.startswith(value) for field in fields)


def _fields(secret: Secret, key: str) -> list[str]:
    if key == "name":
        return [secret.name]
    if key == "description":
        return [secret.description]
    if key == "tag-key":
        return [t["Key"] for t in secret.tags]
    if key == "tag-value":
        return [t["Value"] for t in secret.tags]
    if key == "primary-region":
        return [secret.primary_region] if secret.primary_region else []
    if key == "owning-service":
        return [secret.owning_service] if secret.owning_service else []
    return [secret.name, secret.description, *(t["Key"] for t in secret.tags), *(t["Value"] for t in secret.tags)]
