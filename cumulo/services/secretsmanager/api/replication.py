"""Replication handlers: ReplicateSecretToRegions, RemoveRegionsFromReplication,
StopReplicationToReplica, AssociateCrossAccountReplica, DisassociateCrossAccountReplica."""

from __future__ import annotations

from cumulo.core.context import RequestContext
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager import common, replication
from cumulo.services.secretsmanager.common import find, save, writable


async def associate_cross_account_replica(
    ctx: RequestContext, req: wire.AssociateCrossAccountReplicaRequest
) -> wire.AssociateCrossAccountReplicaResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    target = req["CrossAccountReplicaARN"]
    parts = target.split(":")
    if len(parts) < 7 or parts[2] != "secretsmanager":
        raise wire.InvalidParameterExceptionError(f"{target} is not a secret ARN.")
    if parts[4] == secret.account:
        raise wire.InvalidParameterExceptionError("A cross-account replica must be in another account.")
    if any(link["ReplicaSecretARN"] == target for link in secret.cross_account_replicas):
        raise wire.InvalidRequestExceptionError(f"{target} is already a replica of this secret.")
    replica = replication.by_arn(ctx, target)
    if replica is None:
        raise wire.ResourceNotFoundExceptionError(f"Secrets Manager can't find the replica secret {target}.")
    if replica.cross_account_primary and replica.cross_account_primary != secret.arn:
        raise wire.InvalidRequestExceptionError(f"{target} names another primary secret ({replica.cross_account_primary}).")
    secret.cross_account_replicas.append({"ReplicaSecretARN": target, "ReplicationStatus": "InProgress", **({"ReplicationRoleARN": req["ReplicationRoleARN"]} if "ReplicationRoleARN" in req else {})})
    save(ctx, secret)
    await replication.sync(ctx, secret)
    return {"ARN": secret.arn, "CrossAccountReplicaARN": target, "ReplicationStatus": "InSync"}


def disassociate_cross_account_replica(
    ctx: RequestContext, req: wire.DisassociateCrossAccountReplicaRequest
) -> wire.DisassociateCrossAccountReplicaResponse:
    secret = find(ctx, req["SecretId"])
    target = req["CrossAccountReplicaARN"]
    kept = [link for link in secret.cross_account_replicas if link["ReplicaSecretARN"] != target]
    if len(kept) == len(secret.cross_account_replicas):
        raise wire.ResourceNotFoundExceptionError(f"{target} is not a cross-account replica of this secret.")
    secret.cross_account_replicas = kept
    save(ctx, secret)
    replica = replication.by_arn(ctx, target)
    if replica is not None and replica.cross_account_primary == secret.arn:
        replica.cross_account_primary = ""
        ctx.store.scope("secretsmanager", replica.account, replica.region).table("secrets").touch(replica.name)
    return {"ARN": secret.arn, "CrossAccountReplicaARN": target}


def remove_regions_from_replication(ctx: RequestContext, req: wire.RemoveRegionsFromReplicationRequest) -> wire.RemoveRegionsFromReplicationResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    for region in req["RemoveReplicaRegions"]:
        if region not in secret.replicas:
            raise wire.InvalidParameterExceptionError(f"{region} is not a replica Region of this secret.")
    for region in req["RemoveReplicaRegions"]:
        replication.remove(ctx, secret, region)
    save(ctx, secret)
    return {"ARN": secret.arn, "ReplicationStatus": common.replication_status(secret)}


async def replicate_secret_to_regions(ctx: RequestContext, req: wire.ReplicateSecretToRegionsRequest) -> wire.ReplicateSecretToRegionsResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    await replication.add(ctx, secret, req["AddReplicaRegions"], req.get("ForceOverwriteReplicaSecret", False))
    return {"ARN": secret.arn, "ReplicationStatus": common.replication_status(secret)}


def stop_replication_to_replica(ctx: RequestContext, req: wire.StopReplicationToReplicaRequest) -> wire.StopReplicationToReplicaResponse:
    replica = find(ctx, req["SecretId"])
    if not replica.primary_region or replica.primary_region == replica.region:
        raise wire.InvalidRequestExceptionError("StopReplicationToReplica is only valid on a replica secret, in the replica's Region.")
    primary_table = ctx.store.scope("secretsmanager", replica.account, replica.primary_region).table("secrets")
    primary = primary_table.get(replica.name)
    if primary is not None:
        primary.replicas.pop(replica.region, None)
        primary_table.touch(primary.name)
    save(ctx, replication.promote(replica))
    return {"ARN": replica.arn}
