"""KMS key lifecycle: create, describe, enable/disable, deletion, policies, tags, rotation, multi-Region."""

from __future__ import annotations

import dataclasses
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import crypto, keys
from cumulo.services.kms.keys import find, keys_of, metadata, require_state, utc
from cumulo.services.kms.models import Key

DAY = 86400.0
MAX_ON_DEMAND = 10


def cancel_key_deletion(ctx: RequestContext, req: wire.CancelKeyDeletionRequest) -> wire.CancelKeyDeletionResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    if key.state != "PendingDeletion":
        raise wire.KMSInvalidStateExceptionError(f"{key.arn} is not pending deletion.")
    key.state = "Disabled" if key.current() is not None or key.origin != "EXTERNAL" else "PendingImport"
    key.deletion_date = key.pending_window = None
    keys.save(ctx, key)
    return {"KeyId": key.arn}


def create_key(ctx: RequestContext, req: wire.CreateKeyRequest) -> wire.CreateKeyResponse:
    spec = req.get("KeySpec") or req.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    if "KeySpec" in req and "CustomerMasterKeySpec" in req:
        raise AwsError("ValidationException", "You cannot specify KeySpec and CustomerMasterKeySpec in the same request.")
    usage = req.get("KeyUsage", "ENCRYPT_DECRYPT")
    origin = req.get("Origin", "AWS_KMS")
    if spec in crypto.UNSUPPORTED:
        raise wire.UnsupportedOperationExceptionError(f"{crypto.UNSUPPORTED[spec]} are not supported by cumulo: the cryptography package cannot compute them.")
    if usage not in crypto.SPECS[spec].usages:
        raise AwsError("ValidationException", f"KeyUsage {usage} is not compatible with KeySpec {spec}")
    multi_region = bool(req.get("MultiRegion"))
    store_id = req.get("CustomKeyStoreId", "")
    if origin in ("AWS_CLOUDHSM", "EXTERNAL_KEY_STORE") or store_id:
        from cumulo.services.kms.api.stores import store_for_key

        store_for_key(ctx, store_id, origin)
    if origin == "EXTERNAL" and spec != "SYMMETRIC_DEFAULT" and crypto.SPECS[spec].kind not in ("rsa", "ec", "hmac", "ed25519"):
        raise wire.UnsupportedOperationExceptionError(f"Importing key material is not supported for {spec} keys.")
    if "Policy" in req:
        keys.check_policy(req["Policy"])
    tags = keys.tags_in(req.get("Tags"))
    custom_id, custom_material = keys.custom_tags(ctx, tags, spec)
    key = keys.new_key(
        ctx, spec, usage, description=req.get("Description", ""), origin=origin, multi_region=multi_region, key_id=custom_id, material=custom_material
    )
    if "Policy" in req:
        key.policy = req["Policy"]
    key.tags = tags
    keys_of(ctx.scope)[key.id] = key
    return {"KeyMetadata": metadata(key)}


def describe_key(ctx: RequestContext, req: wire.DescribeKeyRequest) -> wire.DescribeKeyResponse:
    return {"KeyMetadata": metadata(find(ctx, req["KeyId"]))}


def disable_key(ctx: RequestContext, req: wire.DisableKeyRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "DisableKey")
    require_state(key, "DisableKey")
    key.state = "Disabled"
    keys.save(ctx, key)
    return {}


def disable_key_rotation(ctx: RequestContext, req: wire.DisableKeyRotationRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "DisableKeyRotation")
    _rotatable(key, "DisableKeyRotation")
    require_state(key, "DisableKeyRotation")
    for member in keys.members(ctx, key):
        member.rotation_enabled = False
        member.next_rotation = None
        keys.save(ctx, member)
    return {}


def enable_key(ctx: RequestContext, req: wire.EnableKeyRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "EnableKey")
    require_state(key, "EnableKey")
    key.state = "Enabled"
    keys.save(ctx, key)
    return {}


def enable_key_rotation(ctx: RequestContext, req: wire.EnableKeyRotationRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "EnableKeyRotation")
    _rotatable(key, "EnableKeyRotation")
    if key.origin == "EXTERNAL":
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} origin is EXTERNAL which is not valid for this operation.")
    require_state(key, "EnableKeyRotation")
    if key.multi_region and key.primary_region != key.region:
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} is a multi-Region replica key: rotation is set on its primary key.")
    period = req.get("RotationPeriodInDays", 365)
    for member in keys.members(ctx, key):
        if not member.rotation_enabled or member.rotation_period != period:
            member.next_rotation = ctx.clock.now() + period * DAY
        member.rotation_enabled = True
        member.rotation_period = period
        keys.save(ctx, member)
    return {}


def get_key_last_usage(ctx: RequestContext, req: wire.GetKeyLastUsageRequest) -> wire.GetKeyLastUsageResponse:
    key = find(ctx, req["KeyId"])
    out: wire.GetKeyLastUsageResponse = {"KeyId": key.arn, "KeyCreationDate": utc(key.created), "TrackingStartDate": utc(key.created)}
    last = key.last_used
    if last is not None:
        out["KeyLastUsage"] = {"Operation": last[0], "Timestamp": utc(last[1]), "KmsRequestId": last[2]}
    return out


def get_key_policy(ctx: RequestContext, req: wire.GetKeyPolicyRequest) -> wire.GetKeyPolicyResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    _policy_name(req.get("PolicyName", "default"))
    return {"Policy": key.policy, "PolicyName": "default"}


def get_key_rotation_status(ctx: RequestContext, req: wire.GetKeyRotationStatusRequest) -> wire.GetKeyRotationStatusResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    # Keys that cannot rotate answer "not enabled" (the Terraform provider reads every key's status).
    out: wire.GetKeyRotationStatusResponse = {"KeyId": key.arn, "KeyRotationEnabled": key.rotation_enabled}
    if key.rotation_enabled:
        out["RotationPeriodInDays"] = key.rotation_period
        if key.next_rotation is not None:
            out["NextRotationDate"] = utc(key.next_rotation)
    if key.on_demand_started is not None:
        out["OnDemandRotationStartDate"] = utc(key.on_demand_started)
    return out


def list_key_policies(ctx: RequestContext, req: wire.ListKeyPoliciesRequest) -> wire.ListKeyPoliciesResponse:
    find(ctx, req["KeyId"], aliases=False)
    return {"PolicyNames": ["default"], "Truncated": False}


def list_key_rotations(ctx: RequestContext, req: wire.ListKeyRotationsRequest) -> wire.ListKeyRotationsResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    if key.spec != "SYMMETRIC_DEFAULT":
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} key spec {key.spec} does not support key rotation.")
    every = req.get("IncludeKeyMaterial") == "ALL_KEY_MATERIAL"
    rows: list[wire.RotationsListEntry] = []
    for m in key.materials:
        if not every and not m.rotation_type:
            continue
        row: wire.RotationsListEntry = {"KeyId": key.arn, "KeyMaterialId": m.id, "KeyMaterialState": m.state}
        if m.rotation_type:
            row["RotationDate"] = utc(m.created)
            row["RotationType"] = m.rotation_type
        if key.origin == "EXTERNAL":
            row["ImportState"] = "IMPORTED" if m.imported else "PENDING_IMPORT"
            row["ExpirationModel"] = m.expiration_model or "KEY_MATERIAL_DOES_NOT_EXPIRE"
            if m.description:
                row["KeyMaterialDescription"] = m.description
            if m.valid_to is not None:
                row["ValidTo"] = utc(m.valid_to)
        rows.append(row)
    chunk, more = keys.page(rows, req.get("Limit"), req.get("Marker"))
    return {"Rotations": chunk, **more}  # type: ignore[typeddict-item]


def list_keys(ctx: RequestContext, req: wire.ListKeysRequest) -> wire.ListKeysResponse:
    rows: list[wire.KeyListEntry] = [{"KeyId": k.id, "KeyArn": k.arn} for k in keys_of(ctx.scope).values()]
    chunk, more = keys.page(rows, req.get("Limit"), req.get("Marker"))
    return {"Keys": chunk, **more}  # type: ignore[typeddict-item]


def list_resource_tags(ctx: RequestContext, req: wire.ListResourceTagsRequest) -> wire.ListResourceTagsResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    chunk, more = keys.page(sorted(keys.tags_out(key), key=lambda t: t["TagKey"]), req.get("Limit"), req.get("Marker"))
    return {"Tags": chunk, **more}  # type: ignore[typeddict-item]


def put_key_policy(ctx: RequestContext, req: wire.PutKeyPolicyRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "PutKeyPolicy")
    _policy_name(req.get("PolicyName", "default"))
    keys.check_policy(req["Policy"])
    require_state(key, "PutKeyPolicy")
    key.policy = req["Policy"]
    keys.save(ctx, key)
    return {}


def replicate_key(ctx: RequestContext, req: wire.ReplicateKeyRequest) -> wire.ReplicateKeyResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    target = req["ReplicaRegion"]
    if not key.multi_region:
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} is not a multi-Region key.")
    if key.primary_region != key.region:
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} is not a multi-Region primary key.")
    require_state(key, "ReplicateKey")
    if target == key.region or target in key.replica_regions:
        raise wire.AlreadyExistsExceptionError(f"Key {keys.key_arn(keys.partition(target), target, key.account, key.id)} already exists")
    if "Policy" in req:
        keys.check_policy(req["Policy"])
    replica = dataclasses.replace(
        key,
        arn=keys.key_arn(keys.partition(target), target, key.account, key.id),
        region=target,
        created=ctx.clock.now(),
        description=req.get("Description", key.description),
        policy=req.get("Policy") or keys.default_policy(key.account, target),
        tags=keys.tags_in(req.get("Tags")),
        materials=[dataclasses.replace(m) for m in key.materials],
        replica_regions=[],
        imports=[],
        last_used=None,
        deletion_date=None,
        pending_window=None,
    )
    key.replica_regions.append(target)
    keys_of(ctx.scope_for(region=target))[replica.id] = replica
    for member in keys.members(ctx, key):
        if member is not replica:
            member.replica_regions = list(key.replica_regions)
            keys.save(ctx, member)
    replica.replica_regions = list(key.replica_regions)
    return {"ReplicaKeyMetadata": metadata(replica), "ReplicaPolicy": replica.policy, "ReplicaTags": keys.tags_out(replica)}


def rotate_key_on_demand(ctx: RequestContext, req: wire.RotateKeyOnDemandRequest) -> wire.RotateKeyOnDemandResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "RotateKeyOnDemand")
    _rotatable(key, "RotateKeyOnDemand")
    if key.multi_region and key.primary_region != key.region:
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} is a multi-Region replica key: rotate its primary key.")
    require_state(key, "RotateKeyOnDemand")
    if sum(1 for m in key.materials if m.rotation_type == "ON_DEMAND") >= MAX_ON_DEMAND:
        raise wire.LimitExceededExceptionError(f"{key.arn} has reached the maximum number of on-demand rotations.")
    if key.origin == "EXTERNAL":
        pending = next((m for m in key.materials if m.state == "PENDING_ROTATION" and m.imported), None)
        if pending is None:
            raise wire.KMSInvalidStateExceptionError(f"{key.arn} has no new key material imported for rotation.")
        for m in key.materials:
            if m.state == "CURRENT":
                m.state = "NON_CURRENT"
        pending.state, pending.rotation_type, pending.created = "CURRENT", "ON_DEMAND", ctx.clock.now()
        keys.save(ctx, key)
    else:
        keys.rotate(ctx, key, "ON_DEMAND")
    key.on_demand_started = ctx.clock.now()
    return {"KeyId": key.arn}


def schedule_key_deletion(ctx: RequestContext, req: wire.ScheduleKeyDeletionRequest) -> wire.ScheduleKeyDeletionResponse:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "ScheduleKeyDeletion")
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        raise wire.KMSInvalidStateExceptionError(f"{key.arn} is pending deletion.")
    window = req.get("PendingWindowInDays", 30)
    if not 7 <= window <= 30:
        raise AwsError("ValidationException", f"1 validation error detected: Value '{window}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30")
    now = ctx.clock.now()
    key.pending_window = window
    if key.multi_region and key.primary_region == key.region and key.replica_regions:
        # A primary waits for its replicas, then its own window starts.
        key.state = "PendingReplicaDeletion"
        key.deletion_date = None
    else:
        key.state = "PendingDeletion"
        key.deletion_date = now + window * DAY
    keys.save(ctx, key)
    out: wire.ScheduleKeyDeletionResponse = {"KeyId": key.arn, "KeyState": key.state, "PendingWindowInDays": window}
    if key.deletion_date is not None:
        out["DeletionDate"] = utc(key.deletion_date)
    return out


def tag_resource(ctx: RequestContext, req: wire.TagResourceRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "TagResource")
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        require_state(key, "TagResource")
    tags = keys.tags_in(req["Tags"])
    if len({**key.tags, **tags}) > 50:
        raise wire.LimitExceededExceptionError("A KMS key can have at most 50 tags.")
    key.tags.update(tags)
    keys.save(ctx, key)
    return {}


def untag_resource(ctx: RequestContext, req: wire.UntagResourceRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "UntagResource")
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        require_state(key, "UntagResource")
    for name in req["TagKeys"]:
        key.tags.pop(name, None)
    keys.save(ctx, key)
    return {}


def update_key_description(ctx: RequestContext, req: wire.UpdateKeyDescriptionRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    keys.not_managed(key, "UpdateKeyDescription")
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        require_state(key, "UpdateKeyDescription")
    key.description = req["Description"]
    keys.save(ctx, key)
    return {}


def update_primary_region(ctx: RequestContext, req: wire.UpdatePrimaryRegionRequest) -> dict[str, Any]:
    key = find(ctx, req["KeyId"], aliases=False)
    target = req["PrimaryRegion"]
    if not key.multi_region:
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} is not a multi-Region key.")
    if key.primary_region != key.region:
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} is not the primary key of its multi-Region key set.")
    require_state(key, "UpdatePrimaryRegion")
    if target not in key.replica_regions:
        raise wire.NotFoundExceptionError(f"Key {keys.key_arn(keys.partition(target), target, key.account, key.id)} does not exist")
    regions = [key.region] + [r for r in key.replica_regions if r != target]
    for member in keys.members(ctx, key):
        member.primary_region = target
        member.replica_regions = list(regions)
        if member.region == target:
            member.rotation_enabled, member.rotation_period, member.next_rotation = key.rotation_enabled, key.rotation_period, key.next_rotation
        keys.save(ctx, member)
    return {}


# ---------------------------------------------------------------- helpers


def _policy_name(name: str) -> None:
    if name != "default":
        raise wire.NotFoundExceptionError(f"No such policy exists: {name}")


def _rotatable(key: Key, operation: str) -> None:
    if key.spec != "SYMMETRIC_DEFAULT" or key.custom_key_store:
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} key spec {key.spec} is not valid for {operation}: only symmetric encryption keys rotate.")
