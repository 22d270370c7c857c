"""Rotation handlers: RotateSecret and CancelRotateSecret (the steps run in `rotation`)."""

from __future__ import annotations

import uuid

from cumulo.core.context import RequestContext
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager import rotation, stages
from cumulo.services.secretsmanager.common import find, save, writable


def cancel_rotate_secret(ctx: RequestContext, req: wire.CancelRotateSecretRequest) -> wire.CancelRotateSecretResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    if not secret.rotation_enabled and rotation.pending_token(secret) is None:
        raise wire.InvalidRequestExceptionError("Secrets Manager can't cancel rotation because rotation isn't enabled for this secret.")
    secret.rotation_enabled = False
    secret.next_rotation = None
    out: wire.CancelRotateSecretResponse = {"ARN": secret.arn, "Name": secret.name}
    token = rotation.pending_token(secret)
    if token is not None:
        out["VersionId"] = token
    save(ctx, secret)
    return out


async def rotate_secret(ctx: RequestContext, req: wire.RotateSecretRequest) -> wire.RotateSecretResponse:
    secret = find(ctx, req["SecretId"])
    writable(secret)
    if "RotationRules" in req:
        rotation.check_rules(dict(req["RotationRules"]))
    lambda_arn = req.get("RotationLambdaARN") or secret.rotation_lambda
    external = "ExternalSecretRotationMetadata" in req or "ExternalSecretRotationRoleArn" in req
    if not lambda_arn and not external and not secret.external_rotation_role:
        raise wire.InvalidRequestExceptionError("No Lambda rotation function ARN is associated with this secret.")
    if secret.version_with(stages.CURRENT) is None:
        raise wire.InvalidRequestExceptionError("A secret must have a current version (AWSCURRENT) to be rotated.")
    now = ctx.clock.now()
    secret.rotation_lambda = lambda_arn or ""
    if "RotationRules" in req:
        secret.rotation_rules = dict(req["RotationRules"])
    if "ExternalSecretRotationMetadata" in req:
        secret.external_rotation = [{"Key": m.get("Key", ""), "Value": m.get("Value", "")} for m in req["ExternalSecretRotationMetadata"]]
    if "ExternalSecretRotationRoleArn" in req:
        secret.external_rotation_role = req["ExternalSecretRotationRoleArn"]
    secret.rotation_enabled = True
    immediately = req.get("RotateImmediately", True)
    pending = rotation.pending_token(secret)
    if pending is not None and immediately and req.get("ClientRequestToken", pending) != pending:
        # AWSPENDING on a version that is not AWSCURRENT: a rotation is still in progress (or failed).
        raise wire.InvalidRequestExceptionError("A previous rotation isn't complete. That rotation will be reattempted.")
    token = req.get("ClientRequestToken") or pending or str(uuid.uuid4())
    out: wire.RotateSecretResponse = {"ARN": secret.arn, "Name": secret.name}
    if not immediately:
        secret.next_rotation = rotation.next_rotation(secret, secret.last_rotated or now)
        save(ctx, secret)
        if secret.rotation_lambda:
            await rotation.test_configuration(ctx.runtime, secret.account, secret.region, secret.name)
        return out
    if not secret.rotation_lambda:
        # Managed external secrets rotate with their partner; there is none here to call.
        secret.next_rotation = rotation.next_rotation(secret, now)
        save(ctx, secret)
        return out
    rotation.prepare(secret, token, now)
    save(ctx, secret)
    await rotation.rotate(ctx.runtime, secret.account, secret.region, secret.name, token, "RotateSecret")
    out["VersionId"] = token
    return out
