"""Finding keys, the rules of key states and usages, and KeyMetadata.

A `KeyId` may be a key id, a key ARN, an alias name or an alias ARN; an ARN
may name another account (cross-account use, which key policies govern) but
must name the caller's region. `alias/aws/<service>` names an AWS managed key,
created the first time anything uses it, as AWS does.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from datetime import datetime, timezone
from typing import Any

from cumulo.core.arns import partition
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import crypto, vault
from cumulo.services.kms.models import Alias, Key, Material
from cumulo.state import Scope

_ARN = re.compile(r"^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)/(.+)$")
ALIAS_NAME = re.compile(r"^alias/[a-zA-Z0-9/_-]+$")
# Operations that need the key Enabled (and its material present).
CRYPTO_OPS = frozenset(
    {
        "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "Sign", "Verify", "GenerateMac", "VerifyMac", "GetPublicKey",
        "DeriveSharedSecret", "Encapsulate", "Decapsulate",
    }
)


def utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def key_arn(partition: str, region: str, account: str, key_id: str) -> str:
    return f"arn:{partition}:kms:{region}:{account}:key/{key_id}"


def keys_of(scope: Scope) -> Any:
    return scope.table("keys")


def aliases_of(scope: Scope) -> Any:
    return scope.table("aliases")


def default_policy(account: str, region: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Id": "key-default-1",
            "Statement": [
                {
                    "Sid": "Enable IAM User Permissions",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition(region)}:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        },
        indent=2,
    )


def check_policy(policy: str) -> None:
    """A key policy must be a JSON policy document with statements (MalformedPolicyDocumentException)."""
    try:
        doc = json.loads(policy)
    except ValueError:
        raise wire.MalformedPolicyDocumentExceptionError("The new key policy will not allow you to update the key policy in the future.") from None
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise wire.MalformedPolicyDocumentExceptionError("The key policy has no Statement.")
    for s in statements:
        if not isinstance(s, dict) or s.get("Effect") not in ("Allow", "Deny") or not ("Action" in s or "NotAction" in s):
            raise wire.MalformedPolicyDocumentExceptionError("A statement of the key policy is missing Effect or Action.")
        if "Principal" not in s and "NotPrincipal" not in s:
            raise wire.MalformedPolicyDocumentExceptionError("Policy contains a statement with no principal.")


def find(ctx: RequestContext, key_id: str, *, aliases: bool = True, create_managed: bool = True) -> Key:
    """The key a KeyId names, or NotFoundException as AWS words it."""
    scope, ident = ctx.scope, key_id
    m = _ARN.match(key_id)
    if m is not None:
        _, region, account, kind, rest = m.groups()
        if region != ctx.region:
            raise wire.NotFoundExceptionError(f"Invalid arn {region}")
        scope = ctx.scope_for(account=account)
        ident = rest if kind == "key" else "alias/" + rest
    if ident.startswith("alias/"):
        if not aliases:
            raise wire.NotFoundExceptionError(f"Invalid keyId {key_id}")
        alias = aliases_of(scope).get(ident)
        if alias is None:
            if create_managed and ident.startswith("alias/aws/") and scope.account == ctx.account:
                return managed_key(ctx, ident)
            arn = f"arn:{partition(ctx.region)}:kms:{ctx.region}:{scope.account}:{ident}"
            raise wire.NotFoundExceptionError(f"Alias {arn} is not found.")
        ident = alias.key_id
    key = keys_of(scope).get(ident)
    if key is None:
        arn = key_arn(partition(ctx.region), ctx.region, scope.account, ident)
        raise wire.NotFoundExceptionError(f"Key '{arn}' does not exist")
    return key


def managed_key(ctx: RequestContext, alias_name: str) -> Key:
    """The AWS managed key behind `alias/aws/<service>`, made on first use."""
    service = alias_name.removeprefix("alias/aws/")
    key = new_key(ctx, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", description=f"Default key that protects my {service} data when no other key is defined")
    key.manager = "AWS"
    key.rotation_enabled = True
    key.next_rotation = key.created + 365 * 86400
    key.policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Id": f"auto-{service}",
            "Statement": [
                {
                    "Sid": f"Allow access through {service} for all principals in the account that are authorized to use {service}",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
                    "Resource": "*",
                    "Condition": {"StringEquals": {"kms:CallerAccount": ctx.account, "kms:ViaService": f"{service}.{ctx.region}.amazonaws.com"}},
                },
                {
                    "Sid": "Allow direct access to key metadata to the account",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition(ctx.region)}:iam::{ctx.account}:root"},
                    "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
                    "Resource": "*",
                },
            ],
        },
        indent=2,
    )
    keys_of(ctx.scope)[key.id] = key
    now = ctx.clock.now()
    aliases_of(ctx.scope)[alias_name] = Alias(alias_name, key.id, now, now)
    return key


def new_key(
    ctx: RequestContext, spec: str, usage: str, *, description: str = "", origin: str = "AWS_KMS", multi_region: bool = False,
    key_id: str = "", material: bytes | None = None,
) -> Key:
    key_id = key_id or (("mrk-" + uuid.uuid4().hex) if multi_region else str(uuid.uuid4()))
    now = ctx.clock.now()
    key = Key(
        id=key_id,
        arn=key_arn(partition(ctx.region), ctx.region, ctx.account, key_id),
        account=ctx.account,
        region=ctx.region,
        created=now,
        spec=spec,
        usage=usage,
        origin=origin,
        description=description,
        policy=default_policy(ctx.account, ctx.region),
        multi_region=multi_region,
        primary_region=ctx.region if multi_region else "",
    )
    if origin == "EXTERNAL":
        key.state = "PendingImport"
    elif origin == "AWS_KMS":
        add_material(ctx, key, material if material is not None else crypto.generate(spec))
    return key


# LocalStack's CreateKey tags for deterministic keys in tests: a chosen key id and
# chosen material (base64: 32 bytes for SYMMETRIC_DEFAULT, the HMAC key, or a DER
# PKCS#8 private key). They are consumed, not kept as tags.
CUSTOM_ID, CUSTOM_MATERIAL = "_custom_id_", "_custom_key_material_"


def custom_tags(ctx: RequestContext, tags: dict[str, str], spec: str) -> tuple[str, bytes | None]:
    import base64
    import binascii

    key_id = tags.pop(CUSTOM_ID, "")
    if key_id and (not re.fullmatch(r"[A-Za-z0-9-]{1,64}", key_id) or key_id in keys_of(ctx.scope)):
        raise AwsError("ValidationException", f"{CUSTOM_ID} {key_id!r} is not a free key id.")
    material = None
    if CUSTOM_MATERIAL in tags:
        try:
            material = base64.b64decode(tags.pop(CUSTOM_MATERIAL), validate=True)
        except (binascii.Error, ValueError):
            material = b""
        if not crypto.check_imported(spec, material):
            raise AwsError("ValidationException", f"{CUSTOM_MATERIAL} is not key material for a {spec} key.")
    return key_id, material


def add_material(ctx: RequestContext, key: Key, secret: bytes, rotation_type: str = "", **extra: Any) -> Material:
    mid = crypto.material_id(key.id, secret)
    for old in key.materials:
        if old.state == "CURRENT":
            old.state = "NON_CURRENT"
    material = Material(mid, vault.seal(ctx.runtime, mid, secret), ctx.clock.now(), "CURRENT", rotation_type, **extra)
    key.materials.append(material)
    return material


def secret_of(ctx: RequestContext, material: Material) -> bytes:
    return vault.unseal(ctx.runtime, material.id, material.wrapped)


def private_of(ctx: RequestContext, material: Material) -> Any:
    return vault.private_key(ctx.runtime, material.id, material.wrapped)


def save(ctx: RequestContext, key: Key) -> None:
    ctx.store.scope("kms", key.account, key.region).table("keys").touch(key.id)


def usable(ctx: RequestContext, key: Key, operation: str) -> Material:
    """The key's current material, if the key's state lets `operation` use it."""
    require_state(key, operation)
    material = key.current()
    if material is None:
        raise wire.KMSInvalidStateExceptionError(f"{key.arn} is pending import.")
    key.last_used = (operation, ctx.clock.now(), ctx.request_id)
    live = ctx.runtime.live.setdefault("kms-usage", {})
    counts = live.setdefault(key.arn, {})
    counts[operation] = counts.get(operation, 0) + 1
    return material


def require_state(key: Key, operation: str) -> None:
    state = key.state
    if state == "Enabled":
        return
    if state == "Disabled":
        if operation in CRYPTO_OPS or operation in ("EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand", "ReplicateKey", "UpdatePrimaryRegion"):
            raise wire.DisabledExceptionError(f"{key.arn} is disabled.")
        return
    if state == "PendingImport" and operation not in CRYPTO_OPS and operation not in ("EnableKey", "DisableKey", "EnableKeyRotation", "RotateKeyOnDemand"):
        return
    words = {"PendingDeletion": "pending deletion", "PendingReplicaDeletion": "pending replica deletion", "PendingImport": "pending import", "Unavailable": "unavailable"}
    raise wire.KMSInvalidStateExceptionError(f"{key.arn} is {words.get(state, state)}.")


def require_usage(key: Key, usage: str, operation: str) -> None:
    if key.usage != usage:
        raise wire.InvalidKeyUsageExceptionError(f"{key.arn} key usage is {key.usage} which is not valid for {operation}.")


def not_managed(key: Key, operation: str) -> None:
    """AWS managed keys are AWS's to change."""
    if key.manager == "AWS":
        raise AwsError("AccessDeniedException", f"{operation} is not permitted on an AWS managed key: {key.arn}", status=400)


def metadata(key: Key) -> wire.KeyMetadata:
    meta: wire.KeyMetadata = {
        "AWSAccountId": key.account,
        "KeyId": key.id,
        "Arn": key.arn,
        "CreationDate": utc(key.created),
        "Enabled": key.state == "Enabled",
        "Description": key.description,
        "KeyUsage": key.usage,
        "KeyState": key.state,
        "Origin": key.origin,
        "KeyManager": key.manager,
        "CustomerMasterKeySpec": key.spec,
        "KeySpec": key.spec,
        "MultiRegion": key.multi_region,
        **crypto.algorithms(key.spec, key.usage),  # type: ignore[typeddict-item]
    }
    if key.deletion_date is not None:
        meta["DeletionDate"] = utc(key.deletion_date)
    if key.pending_window is not None and key.state == "PendingReplicaDeletion":
        meta["PendingDeletionWindowInDays"] = key.pending_window
    if key.origin == "EXTERNAL":
        current = key.current()
        meta["ExpirationModel"] = current.expiration_model if current else "KEY_MATERIAL_EXPIRES"
        if current is not None and current.valid_to is not None:
            meta["ValidTo"] = utc(current.valid_to)
    if key.custom_key_store:
        meta["CustomKeyStoreId"] = key.custom_key_store
    current = key.current()
    if current is not None and key.spec == "SYMMETRIC_DEFAULT":
        meta["CurrentKeyMaterialId"] = current.id
    if key.multi_region:
        meta["MultiRegionConfiguration"] = multi_region_configuration(key)
    return meta


def multi_region_configuration(key: Key) -> wire.MultiRegionConfiguration:
    part = partition(key.region)
    primary_arn = key_arn(part, key.primary_region, key.account, key.id)
    return {
        "MultiRegionKeyType": "PRIMARY" if key.primary_region == key.region else "REPLICA",
        "PrimaryKey": {"Arn": primary_arn, "Region": key.primary_region},
        "ReplicaKeys": [{"Arn": key_arn(part, r, key.account, key.id), "Region": r} for r in replicas_of(key)],
    }


def replicas_of(key: Key) -> list[str]:
    """Every region holding a replica (asked of any member: the primary keeps the list)."""
    return list(key.replica_regions)


def tags_out(key: Key) -> list[wire.Tag]:
    return [{"TagKey": k, "TagValue": v} for k, v in key.tags.items()]


def tags_in(tags: list[wire.Tag] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for t in tags or []:
        if t["TagKey"].startswith("aws:"):
            raise wire.TagExceptionError("Tags beginning with aws: are reserved.")
        out[t["TagKey"]] = t["TagValue"]
    return out


def page(items: list[Any], limit: int | None, marker: str | None) -> tuple[list[Any], dict[str, Any]]:
    """A page of `items` after `marker` (an index), and NextMarker/Truncated."""
    start = 0
    if marker:
        try:
            start = int(marker)
        except ValueError:
            raise wire.InvalidMarkerExceptionError("The marker is not valid.") from None
        if start < 0 or start > len(items):
            raise wire.InvalidMarkerExceptionError("The marker is not valid.")
    size = limit or 100
    chunk = items[start : start + size]
    more = start + size < len(items)
    return chunk, ({"NextMarker": str(start + size), "Truncated": True} if more else {"Truncated": False})


def members(ctx: RequestContext, key: Key) -> list[Key]:
    """Every key of a multi-Region key's set (the key alone otherwise)."""
    if not key.multi_region:
        return [key]
    primary = keys_of(ctx.store.scope("kms", key.account, key.primary_region)).get(key.id)
    regions = [key.primary_region] + list((primary or key).replica_regions)
    found = []
    for region in regions:
        member = key if region == key.region else keys_of(ctx.store.scope("kms", key.account, region)).get(key.id)
        if member is not None:
            found.append(member)
    return found


def rotate(ctx: RequestContext, key: Key, rotation_type: str) -> None:
    """New current material for the key (and its replicas); old ciphertexts still decrypt."""
    material = add_material(ctx, key, crypto.generate(key.spec), rotation_type)
    if key.rotation_enabled:
        key.next_rotation = ctx.clock.now() + key.rotation_period * 86400.0
    for member in members(ctx, key):
        if member is key:
            continue
        for old in member.materials:
            if old.state == "CURRENT":
                old.state = "NON_CURRENT"
        member.materials.append(dataclasses.replace(material))
        member.next_rotation = key.next_rotation
        save(ctx, member)
    save(ctx, key)
