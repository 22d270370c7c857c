"""KMS grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant.

A grant names a key (by ARN), a grantee, an optional retiring principal, the
operations it allows (only those the key's type supports) and constraints on
the encryption context. A named grant is idempotent: the same name and
parameters give back the same grant.
"""

from __future__ import annotations

import secrets
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import crypto, keys
from cumulo.services.kms.grants import check_tokens, grant_id_of, token_for
from cumulo.services.kms.keys import find, utc
from cumulo.services.kms.models import Grant, Key

_BY_USAGE = {
    "ENCRYPT_DECRYPT": {"Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "DescribeKey", "CreateGrant", "RetireGrant"},
    "SIGN_VERIFY": {"Sign", "Verify", "GetPublicKey", "DescribeKey", "CreateGrant", "RetireGrant"},
    "GENERATE_VERIFY_MAC": {"GenerateMac", "VerifyMac", "DescribeKey", "CreateGrant", "RetireGrant"},
    "KEY_AGREEMENT": {"DeriveSharedSecret", "GetPublicKey", "DescribeKey", "CreateGrant", "RetireGrant"},
    "ENCAPSULATE_DECAPSULATE": {"Encapsulate", "Decapsulate", "GetPublicKey", "DescribeKey", "CreateGrant", "RetireGrant"},
}
_SYMMETRIC_ONLY = {"GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"}


def create_grant(ctx: RequestContext, req: wire.CreateGrantRequest) -> wire.CreateGrantResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = find(ctx, req["KeyId"], aliases=False)
    if key.state in ("PendingDeletion", "PendingReplicaDeletion", "PendingImport"):
        keys.require_state(key, "CreateGrant")
    grantee = req.get("GranteePrincipal") or req.get("GranteeServicePrincipal", "")  # type: ignore[typeddict-item]
    if not grantee:
        raise AwsError("ValidationException", "GranteePrincipal is required.")
    operations = list(req["Operations"])
    allowed = set(_BY_USAGE[key.usage]) | (_SYMMETRIC_ONLY if crypto.SPECS[key.spec].kind == "symmetric" else set())
    if crypto.SPECS[key.spec].kind == "rsa" and key.usage == "ENCRYPT_DECRYPT":
        allowed.add("GetPublicKey")
    bad = [op for op in operations if op not in allowed]
    if bad:
        raise AwsError("ValidationException", f"Grant operations {bad} are not valid for a {key.spec} key with key usage {key.usage}.")
    # Empty members are absent (the Terraform provider sends both, one empty).
    constraints: dict[str, Any] = {k: v for k, v in (req.get("Constraints") or {}).items() if v}
    if "EncryptionContextSubset" in constraints and "EncryptionContextEquals" in constraints:
        raise AwsError("ValidationException", "EncryptionContextSubset and EncryptionContextEquals cannot both be set.")
    name = req.get("Name", "")
    table = ctx.scope_for(account=key.account).table("grants")
    if name:
        for grant in table.values():
            if grant.key_id == key.id and grant.name == name:
                if grant.grantee == grantee and grant.operations == operations and grant.constraints == constraints and grant.retiring == req.get("RetiringPrincipal", ""):
                    return {"GrantId": grant.id, "GrantToken": grant.token}
    if sum(1 for g in table.values() if g.key_id == key.id) >= 50000:
        raise wire.LimitExceededExceptionError("The grant limit for the key is exceeded.")
    if req.get("DryRun"):
        raise wire.DryRunOperationExceptionError("The request would have succeeded, but the DryRun option is set.")
    grant_id = secrets.token_hex(32)
    grant = Grant(
        id=grant_id,
        key_id=key.id,
        key_arn=key.arn,
        token=token_for(grant_id),
        name=name,
        grantee=grantee,
        retiring=req.get("RetiringPrincipal", ""),
        operations=operations,
        constraints=constraints,
        issuing_account=f"arn:{keys.partition(ctx.region)}:iam::{ctx.account}:root",
        created=ctx.clock.now(),
    )
    table[grant_id] = grant
    return {"GrantId": grant_id, "GrantToken": grant.token}


def list_grants(ctx: RequestContext, req: wire.ListGrantsRequest) -> wire.ListGrantsResponse:
    key = find(ctx, req["KeyId"])
    rows = [
        _entry(g)
        for g in ctx.scope_for(account=key.account).table("grants").values()
        if g.key_id == key.id
        and ("GrantId" not in req or g.id == req["GrantId"])
        and ("GranteePrincipal" not in req or g.grantee == req["GranteePrincipal"])
    ]
    chunk, more = keys.page(rows, req.get("Limit"), req.get("Marker"))
    return {"Grants": chunk, **more}  # type: ignore[typeddict-item]


def list_retirable_grants(ctx: RequestContext, req: wire.ListRetirableGrantsRequest) -> wire.ListGrantsResponse:
    principal = req.get("RetiringPrincipal") or req.get("RetiringServicePrincipal")  # type: ignore[typeddict-item]
    if not principal:
        raise AwsError("ValidationException", "RetiringPrincipal is required.")
    rows = [_entry(g) for g in ctx.scope.table("grants").values() if g.retiring == principal]
    chunk, more = keys.page(rows, req.get("Limit"), req.get("Marker"))
    return {"Grants": chunk, **more}  # type: ignore[typeddict-item]


def retire_grant(ctx: RequestContext, req: wire.RetireGrantRequest) -> dict[str, Any]:
    table = ctx.scope.table("grants")
    if "GrantToken" in req:
        grant_id = grant_id_of(req["GrantToken"])
        if grant_id is None:
            raise wire.InvalidGrantTokenExceptionError("The grant token is invalid.")
    elif "KeyId" in req and "GrantId" in req:
        key = find(ctx, req["KeyId"], aliases=False)
        table = ctx.scope_for(account=key.account).table("grants")
        grant_id = req["GrantId"]
    else:
        raise AwsError("ValidationException", "Either GrantToken, or both KeyId and GrantId, must be given.")
    grant: Grant | None = table.get(grant_id)
    if grant is None or ("KeyId" in req and "GrantToken" not in req and grant.key_id != find(ctx, req["KeyId"], aliases=False).id):
        raise wire.InvalidGrantIdExceptionError("Grant ID not found.") if "GrantId" in req else wire.NotFoundExceptionError("Grant not found.")
    if req.get("DryRun"):
        raise wire.DryRunOperationExceptionError("The request would have succeeded, but the DryRun option is set.")
    del table[grant_id]
    return {}


def revoke_grant(ctx: RequestContext, req: wire.RevokeGrantRequest) -> dict[str, Any]:
    key: Key = find(ctx, req["KeyId"], aliases=False)
    table = ctx.scope_for(account=key.account).table("grants")
    grant = table.get(req["GrantId"])
    if grant is None or grant.key_id != key.id:
        raise wire.InvalidGrantIdExceptionError("Grant ID not found.")
    if req.get("DryRun"):
        raise wire.DryRunOperationExceptionError("The request would have succeeded, but the DryRun option is set.")
    del table[req["GrantId"]]
    return {}


def _entry(g: Grant) -> wire.GrantListEntry:
    entry: wire.GrantListEntry = {
        "KeyId": g.key_arn,
        "GrantId": g.id,
        "CreationDate": utc(g.created),
        "GranteePrincipal": g.grantee,
        "IssuingAccount": g.issuing_account,
        "Operations": list(g.operations),
    }
    if g.name:
        entry["Name"] = g.name
    if g.retiring:
        entry["RetiringPrincipal"] = g.retiring
    if g.constraints:
        entry["Constraints"] = g.constraints  # type: ignore[typeddict-item]
    return entry
