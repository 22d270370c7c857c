"""Code signing configs: create, read, list, update, delete, and attaching one to a function.

https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html
A function's config (`FunctionSettings.code_signing_config`) is checked when
code is deployed (CreateFunction, UpdateFunctionCode): cumulo has no AWS
Signer, so every zip deployed here is unsigned, and an `Enforce` policy
blocks it with `CodeVerificationFailedException` while `Warn` (the default)
lets it through, as AWS does for unsigned code. Container images are not
subject to code signing. Deleting a config still attached to a function is a
`ResourceConflictException`.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.awslambda import views
from cumulo.services.awslambda.models import CodeSigningConfig, Function
from cumulo.services.awslambda.names import conflict, get_function, not_found, save_settings, settings_of, timestamp

_ID_CHARS = string.ascii_lowercase + string.digits


def _view(csc: CodeSigningConfig) -> dict[str, Any]:
    return {
        "CodeSigningConfigId": csc.ident,
        "CodeSigningConfigArn": csc.arn,
        "Description": csc.description,
        "AllowedPublishers": {"SigningProfileVersionArns": list(csc.publishers)},
        "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": csc.policy},
        "LastModified": csc.last_modified,
    }


def find(ctx: RequestContext, arn: str, *, missing: str = "ResourceNotFoundException") -> CodeSigningConfig:
    """The config an ARN names (in its own account and region); `missing` is the error code when there is none."""
    parts = arn.split(":")
    csc = ctx.scope_for(parts[4], parts[3]).table("signing").get(parts[-1]) if len(parts) >= 7 else None
    if csc is None or csc.arn != arn:
        raise AwsError(missing, f"The code signing configuration cannot be found. Check that the provided configuration is not deleted: {arn}.", status=404, Type="User")
    return csc


def check_deployment(ctx: RequestContext, arn: str, package_type: str) -> None:
    """Refuse to deploy unsigned code under an `Enforce` config (all code deployed here is unsigned)."""
    if not arn or package_type != "Zip":
        return
    csc = find(ctx, arn, missing="CodeSigningConfigNotFoundException")
    if csc.policy == "Enforce":
        raise AwsError(
            "CodeVerificationFailedException",
            "Lambda cannot deploy the function. The function or layer might be signed using a signature that the client is not configured to accept. "
            f"Check the provided signature for the deployment package: the package is not signed, and code signing config {arn} enforces signatures.",
            status=400,
            Type="User",
        )


def create_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    ident = "csc-" + "".join(secrets.choice(_ID_CHARS) for _ in range(17))
    csc = CodeSigningConfig(
        ident,
        ctx.arn(f"code-signing-config:{ident}"),
        list(req["AllowedPublishers"]["SigningProfileVersionArns"]),
        (req.get("CodeSigningPolicies") or {}).get("UntrustedArtifactOnDeployment") or "Warn",
        req.get("Description", ""),
        timestamp(ctx.clock.now()),
        dict(req.get("Tags") or {}),
    )
    ctx.scope.table("signing")[ident] = csc
    return {"CodeSigningConfig": _view(csc)}


def get_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"CodeSigningConfig": _view(find(ctx, req["CodeSigningConfigArn"]))}


def list_code_signing_configs(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rows = [_view(c) for c in sorted(ctx.scope.table("signing").values(), key=lambda c: (c.last_modified, c.ident))]
    return views.paginate(rows, req, "CodeSigningConfigs")


def update_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    csc = find(ctx, req["CodeSigningConfigArn"])
    if "Description" in req:
        csc.description = req["Description"]
    if req.get("AllowedPublishers"):
        csc.publishers = list(req["AllowedPublishers"]["SigningProfileVersionArns"])
    if (req.get("CodeSigningPolicies") or {}).get("UntrustedArtifactOnDeployment"):
        csc.policy = req["CodeSigningPolicies"]["UntrustedArtifactOnDeployment"]
    csc.last_modified = timestamp(ctx.clock.now())
    ctx.scope_for(*_scope(csc.arn)).table("signing").touch(csc.ident)
    return {"CodeSigningConfig": _view(csc)}


def _scope(arn: str) -> tuple[str, str]:
    parts = arn.split(":")
    return parts[4], parts[3]


def _users(ctx: RequestContext, arn: str) -> list[str]:
    """ARNs of the functions this config is attached to."""
    account, region = _scope(arn)
    scope = ctx.scope_for(account, region)
    functions = scope.table("functions")
    return [functions[name].arn for name, s in sorted(scope.table("settings").items()) if s.code_signing_config == arn and name in functions]


def delete_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    csc = find(ctx, req["CodeSigningConfigArn"])
    if _users(ctx, csc.arn):
        raise conflict(f"The code signing configuration {csc.arn} cannot be deleted because it is used by one or more functions.")
    del ctx.scope_for(*_scope(csc.arn)).table("signing")[csc.ident]
    return {}


def list_functions_by_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    csc = find(ctx, req["CodeSigningConfigArn"])
    return views.paginate(_users(ctx, csc.arn), req, "FunctionArns")


def attach(ctx: RequestContext, fn: Function, arn: str) -> None:
    settings = settings_of(ctx, fn)
    settings.code_signing_config = arn
    save_settings(ctx, fn, settings)


def put_function_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    csc = find(ctx, req["CodeSigningConfigArn"], missing="CodeSigningConfigNotFoundException")
    attach(ctx, fn, csc.arn)
    return {"CodeSigningConfigArn": csc.arn, "FunctionName": fn.name}


def get_function_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    # A function without a config answers an empty ARN, not an error.
    return {"CodeSigningConfigArn": settings_of(ctx, fn).code_signing_config, "FunctionName": fn.name}


def delete_function_code_signing_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    if not settings_of(ctx, fn).code_signing_config:
        raise not_found(f"The function {fn.arn} has no code signing config attached.")
    attach(ctx, fn, "")
    return {}
