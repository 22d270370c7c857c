"""Finding secrets, their ARNs, and the shapes DescribeSecret and ListSecrets share.

A SecretId is a name or an ARN; a partial ARN (without the six random
characters AWS appends to the name) names the secret too.
"""

from __future__ import annotations

import secrets as _random
import string
from datetime import datetime, timezone
from typing import Any

from cumulo.core.arns import partition
from cumulo.core.context import RequestContext
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager.models import Secret
from cumulo.services.secretsmanager.stages import stages_map
from cumulo.state import Scope

NOT_FOUND = "Secrets Manager can't find the specified secret."
MARKED = "You can't perform this operation on the secret because it was marked for deletion."
_SUFFIX = string.ascii_letters + string.digits


def utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def day(epoch: float) -> datetime:
    """LastAccessedDate: AWS keeps the day only."""
    d = utc(epoch)
    return d.replace(hour=0, minute=0, second=0, microsecond=0)


def new_arn(account: str, region: str, name: str) -> str:
    suffix = "".join(_random.choice(_SUFFIX) for _ in range(6))
    return f"arn:{partition(region)}:secretsmanager:{region}:{account}:secret:{name}-{suffix}"


def secrets_of(scope: Scope) -> Any:
    return scope.table("secrets")


def find(ctx: RequestContext, secret_id: str, *, deleted_ok: bool = False) -> Secret:
    """The secret a SecretId names; ResourceNotFoundException, or InvalidRequestException
    for one marked for deletion (unless `deleted_ok`)."""
    scope = ctx.scope
    if secret_id.startswith("arn:"):
        parts = secret_id.split(":", 6)
        if len(parts) < 7 or parts[2] != "secretsmanager" or parts[5] != "secret":
            raise wire.ResourceNotFoundExceptionError(NOT_FOUND)
        if parts[3] != ctx.region:
            raise wire.ResourceNotFoundExceptionError(NOT_FOUND)
        scope = ctx.scope_for(account=parts[4])
        table = secrets_of(scope)
        rest = parts[6]
        secret = table.get(rest[:-7]) if len(rest) > 7 and rest[-7] == "-" else None
        if secret is None or secret.arn != secret_id:
            secret = table.get(rest)  # a partial ARN: the name alone
    else:
        secret = secrets_of(scope).get(secret_id)
    if secret is None:
        raise wire.ResourceNotFoundExceptionError(NOT_FOUND)
    if secret.deleted is not None and not deleted_ok:
        raise wire.InvalidRequestExceptionError(MARKED)
    return secret  # type: ignore[no-any-return]


def writable(secret: Secret) -> None:
    """A replica (in-Region or cross-account) changes only through its primary."""
    if secret.primary_region and secret.primary_region != secret.region:
        raise wire.InvalidRequestExceptionError(
            f"Operation is not permitted on a replica secret. Make the change on the primary secret in {secret.primary_region}."
        )
    if secret.cross_account_primary and secret.versions:
        raise wire.InvalidRequestExceptionError(
            f"Operation is not permitted on a replica secret. Make the change on the primary secret {secret.cross_account_primary}."
        )


def save(ctx: RequestContext, secret: Secret) -> None:
    ctx.store.scope("secretsmanager", secret.account, secret.region).table("secrets")[secret.name] = secret


def rotation_rules_out(secret: Secret) -> dict[str, Any]:
    return dict(secret.rotation_rules)


def describe(secret: Secret, listing: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name, "CreatedDate": utc(secret.created)}
    if secret.description:
        out["Description"] = secret.description
    if secret.kms_key_id:
        out["KmsKeyId"] = secret.kms_key_id
    if secret.type:
        out["Type"] = secret.type
    if secret.rotation_enabled or secret.rotation_lambda:
        out["RotationEnabled"] = secret.rotation_enabled
    if secret.rotation_lambda:
        out["RotationLambdaARN"] = secret.rotation_lambda
    if secret.rotation_rules:
        out["RotationRules"] = rotation_rules_out(secret)
    if secret.external_rotation:
        out["ExternalSecretRotationMetadata"] = [dict(m) for m in secret.external_rotation]
    if secret.external_rotation_role:
        out["ExternalSecretRotationRoleArn"] = secret.external_rotation_role
    if secret.last_rotated is not None:
        out["LastRotatedDate"] = utc(secret.last_rotated)
    if secret.last_changed is not None:
        out["LastChangedDate"] = utc(secret.last_changed)
    if secret.last_accessed is not None:
        out["LastAccessedDate"] = day(secret.last_accessed)
    if secret.deleted is not None:
        out["DeletedDate"] = utc(secret.deleted)
    if secret.rotation_enabled and secret.next_rotation is not None:
        out["NextRotationDate"] = utc(secret.next_rotation)
    if secret.tags:
        out["Tags"] = [dict(t) for t in secret.tags]
    out["SecretVersionsToStages" if listing else "VersionIdsToStages"] = stages_map(secret)
    if secret.owning_service:
        out["OwningService"] = secret.owning_service
    if secret.primary_region:
        out["PrimaryRegion"] = secret.primary_region
    if not listing and secret.replicas:
        out["ReplicationStatus"] = replication_status(secret)
    if not listing and secret.cross_account_replicas:
        out["CrossAccountReplicas"] = [dict(r) for r in secret.cross_account_replicas]
    if not listing and secret.cross_account_primary:
        out["CrossAccountPrimary"] = {"PrimarySecretARN": secret.cross_account_primary, "ReplicationStatus": "InSync"}
    return out


def replication_status(secret: Secret) -> list[wire.ReplicationStatusType]:
    rows: list[wire.ReplicationStatusType] = []
    for region, status in secret.replicas.items():
        row: wire.ReplicationStatusType = {"Region": region, "KmsKeyId": status.get("KmsKeyId") or "alias/aws/secretsmanager", "Status": status["Status"]}
        if status.get("StatusMessage"):
            row["StatusMessage"] = status["StatusMessage"]
        rows.append(row)
    return rows


def page(items: list[Any], max_results: int | None, token: str | None, default: int = 100) -> tuple[list[Any], str | None]:
    start = 0
    if token:
        try:
            start = int(token)
        except ValueError:
            raise wire.InvalidNextTokenExceptionError("The NextToken value is invalid.") from None
        if not 0 <= start <= len(items):
            raise wire.InvalidNextTokenExceptionError("The NextToken value is invalid.")
    size = max_results or default
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)
