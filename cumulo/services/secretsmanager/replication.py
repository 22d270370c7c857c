"""Replication: replica secrets in other Regions (and, associated, in other accounts),
kept in step with their primary.

A replica is a `Secret` in the other scope with the same name, the primary's
ARN suffix, `primary_region` set, and every version re-encrypted under the
replica's own KMS key in its Region (a KMS Decrypt in the primary's Region and a
GenerateDataKey in the replica's). Writes go to the primary only; each write
then brings its replicas up to date: new versions sealed, labels and metadata
copied.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager import values
from cumulo.services.secretsmanager.models import Secret


def _replica_scope(ctx: RequestContext, account: str, region: str) -> Any:
    return ctx.store.scope("secretsmanager", account, region).table("secrets")


def replica_arn(secret: Secret, region: str, account: str | None = None) -> str:
    parts = secret.arn.split(":", 6)
    parts[3] = region
    if account:
        parts[4] = account
    return ":".join(parts)


async def add(ctx: RequestContext, secret: Secret, regions: list[Any], force: bool) -> None:
    for entry in regions:
        region = entry.get("Region")
        if not region:
            raise wire.InvalidParameterExceptionError("Each entry of AddReplicaRegions needs a Region.")
        if region == secret.region:
            secret.replicas[region] = {"KmsKeyId": entry.get("KmsKeyId", ""), "Status": "Failed", "StatusMessage": "A replica can't be in the primary Region."}
            continue
        table = _replica_scope(ctx, secret.account, region)
        there: Secret | None = table.get(secret.name)
        if there is not None and not force and there.primary_region != secret.region:
            secret.replicas[region] = {
                "KmsKeyId": entry.get("KmsKeyId", ""), "Status": "Failed",
                "StatusMessage": "Replication failed: Secret name already exists in the destination Region.",
            }
            continue
        secret.replicas[region] = {"KmsKeyId": entry.get("KmsKeyId", ""), "Status": "InProgress"}
    ctx.store.scope("secretsmanager", secret.account, secret.region).table("secrets")[secret.name] = secret
    await sync(ctx, secret)


async def sync(ctx: RequestContext, secret: Secret) -> None:
    """Bring every replica of `secret` up to date (new versions re-encrypted in their Region)."""
    for region, status in list(secret.replicas.items()):
        if status["Status"] == "Failed":
            continue
        await _sync_one(ctx, secret, secret.account, region, status.get("KmsKeyId", ""))
        status["Status"] = "InSync"
        status.pop("StatusMessage", None)
    for link in secret.cross_account_replicas:
        account, region = link["ReplicaSecretARN"].split(":")[4], link["ReplicaSecretARN"].split(":")[3]
        await _sync_one(ctx, secret, account, region, "", cross_account=True)
        link["ReplicationStatus"] = "InSync" if by_arn(ctx, link["ReplicaSecretARN"]) is not None else "Failed"
    if secret.replicas or secret.cross_account_replicas:
        ctx.store.scope("secretsmanager", secret.account, secret.region).table("secrets").touch(secret.name)


def sync_labels(ctx: RequestContext, secret: Secret) -> None:
    """Copy labels and metadata (no new versions) to the replicas."""
    for region in secret.replicas:
        table = _replica_scope(ctx, secret.account, region)
        replica: Secret | None = table.get(secret.name)
        if replica is None:
            continue
        _copy_metadata(secret, replica)
        for vid, version in secret.versions.items():
            if vid in replica.versions:
                replica.versions[vid].stages = list(version.stages)
        table.touch(secret.name)


def by_arn(ctx: RequestContext, arn: str) -> Secret | None:
    """The secret an ARN names in its own account and Region."""
    parts = arn.split(":")
    if len(parts) < 7:
        return None
    for secret in _replica_scope(ctx, parts[4], parts[3]).values():
        if secret.arn == arn:
            return secret  # type: ignore[no-any-return]
    return None


async def _sync_one(ctx: RequestContext, secret: Secret, account: str, region: str, kms_key: str, cross_account: bool = False) -> None:
    table = _replica_scope(ctx, account, region)
    if cross_account:
        link = next(link["ReplicaSecretARN"] for link in secret.cross_account_replicas if link["ReplicaSecretARN"].split(":")[4] == account)
        found = by_arn(ctx, link)
        if found is None:
            return
        replica = found
    else:
        replica = table.get(secret.name)
    arn = replica_arn(secret, region)
    if not cross_account and (replica is None or replica.primary_region != secret.region):
        replica = Secret(name=secret.name, arn=arn, account=account, region=region, created=ctx.clock.now())
    assert replica is not None
    if cross_account:
        replica.cross_account_primary = secret.arn
    else:
        replica.primary_region = secret.region
        replica.kms_key_id = kms_key
    _copy_metadata(secret, replica)
    for vid in [v for v in replica.versions if v not in secret.versions]:
        del replica.versions[vid]
    for vid, version in secret.versions.items():
        if vid not in replica.versions and not version.data_key:
            replica.versions[vid] = dataclasses.replace(version, stages=list(version.stages))
        elif vid not in replica.versions:
            plain = await values.open_(ctx, secret, version)
            replica.versions[vid] = await values.seal(ctx, replica, vid, plain, version.binary, version.stages)
            replica.versions[vid].created = version.created
        replica.versions[vid].stages = list(version.stages)
    table[replica.name] = replica


def _copy_metadata(secret: Secret, replica: Secret) -> None:
    replica.description = secret.description
    replica.tags = [dict(t) for t in secret.tags]
    replica.type = secret.type
    replica.last_changed = secret.last_changed
    replica.rotation_enabled = secret.rotation_enabled
    replica.rotation_lambda = secret.rotation_lambda
    replica.rotation_rules = dict(secret.rotation_rules)
    replica.last_rotated = secret.last_rotated
    replica.next_rotation = secret.next_rotation


def remove(ctx: RequestContext, secret: Secret, region: str) -> None:
    table = _replica_scope(ctx, secret.account, region)
    replica: Secret | None = table.get(secret.name)
    if replica is not None and replica.primary_region == secret.region:
        del table[secret.name]
    secret.replicas.pop(region, None)


def promote(replica: Secret) -> Secret:
    """A replica cut loose from its primary: a standalone secret in its Region."""
    return dataclasses.replace(replica, primary_region="", replicas={})
