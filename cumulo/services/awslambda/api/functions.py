"""Functions: create, read, list, update code and configuration, delete.

A new or updated function answers `State: Pending` / `LastUpdateStatus:
InProgress`, as AWS does, and is `Active` / `Successful` by the next read, so
waiters (`function_active_v2`, `function_updated_v2`) pass at once.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.runtimes import executor_for
from cumulo.services.awslambda import code as packages
from cumulo.services.awslambda import images, roles, views
from cumulo.services.awslambda.api import signing
from cumulo.services.awslambda.api.versions import publish
from cumulo.services.awslambda.models import Function, Version
from cumulo.services.awslambda.names import (
    check_revision,
    conflict,
    function_arn,
    get_function as find_function,
    invalid,
    new_revision,
    parse,
    parse_layer_version,
    resolve,
    settings_of,
    table_of,
    timestamp,
)

# Set by Lambda itself (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html).
RESERVED_ENV = frozenset(
    "_HANDLER _X_AMZN_TRACE_ID AWS_DEFAULT_REGION AWS_REGION AWS_EXECUTION_ENV AWS_LAMBDA_FUNCTION_NAME "
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE AWS_LAMBDA_FUNCTION_VERSION AWS_LAMBDA_INITIALIZATION_TYPE "
    "AWS_LAMBDA_LOG_GROUP_NAME AWS_LAMBDA_LOG_STREAM_NAME AWS_ACCESS_KEY AWS_ACCESS_KEY_ID "
    "AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_LAMBDA_RUNTIME_API LAMBDA_TASK_ROOT LAMBDA_RUNTIME_DIR".split()
)
# Members kept as given and shown back unchanged.
EXTRA = (
    "VpcConfig", "DeadLetterConfig", "KMSKeyArn", "FileSystemConfigs", "ImageConfig", "EphemeralStorage", "SnapStart", "LoggingConfig",
    "TracingConfig", "CapacityProviderConfig", "DurableConfig", "TenancyConfig", "RuntimeConfig",
)


def _apply_config(ctx: RequestContext, v: Version, req: dict[str, Any]) -> None:
    """Copy the configuration members a request sets onto a version."""
    for member, attr in (("Runtime", "runtime"), ("Handler", "handler"), ("Role", "role"), ("Description", "description"), ("Timeout", "timeout"), ("MemorySize", "memory_size")):
        if member in req:
            setattr(v, attr, req[member])
    if "Environment" in req:
        variables = dict((req["Environment"] or {}).get("Variables") or {})
        reserved = sorted(k for k in variables if k in RESERVED_ENV)
        if reserved:
            raise invalid(
                "Lambda was unable to configure your environment variables because the environment variables you have provided "
                f"contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {', '.join(reserved)}"
            )
        v.environment = variables
    if "Layers" in req:
        layers = list(req["Layers"] or [])
        for arn in layers:
            account, region, name, number = parse_layer_version(arn)
            layer = ctx.scope_for(account, region).table("layers").get(name)
            if layer is None or number not in layer.versions:
                raise invalid(f"Layer version {arn} does not exist.")
        if len({parse_layer_version(a)[2] for a in layers}) != len(layers):
            raise invalid("Two different versions of the same layer are not allowed to be referenced in the same function.")
        if len(layers) > 5:
            raise invalid("Cannot reference more than 5 layers.")
        v.layers = layers
    if req.get("Architectures"):
        v.architectures = list(req["Architectures"])
    for member in EXTRA:
        if member in req:
            v.extra[member] = req[member]
    if "DeadLetterConfig" in req and not (req["DeadLetterConfig"] or {}).get("TargetArn"):
        v.extra.pop("DeadLetterConfig", None)


async def create_function(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, name, qualifier, account, region = parse(ctx, req["FunctionName"])
    if qualifier:
        raise invalid("Unsupported function name: qualifiers are not allowed in CreateFunction.")
    if name in table:
        raise conflict(f"Function already exist: {name}")
    package_type = req.get("PackageType") or ("Image" if (req.get("Code") or {}).get("ImageUri") else "Zip")
    if package_type == "Zip" and not req.get("Runtime"):
        raise invalid("The runtime parameter is required for functions defined with a .zip file deployment package.")
    if package_type == "Zip" and not req.get("Handler"):
        raise invalid("The handler parameter is required for functions defined with a .zip file deployment package.")
    signing.check_deployment(ctx, req.get("CodeSigningConfigArn") or "", package_type)
    await roles.assume(ctx.runtime, req["Role"], name, account, region)  # AWS assumes it once here: a role it cannot is refused
    now = timestamp(ctx.clock.now())
    latest = Version("$LATEST", await packages.read_code(ctx, req.get("Code") or {}), "", "", req["Role"], package_type=package_type, last_modified=now, revision_id=new_revision())
    _apply_config(ctx, latest, req)
    fn = Function(name, function_arn(account, region, name), latest, tags=dict(req.get("Tags") or {}))
    table[name] = fn
    if req.get("CodeSigningConfigArn"):
        signing.attach(ctx, fn, req["CodeSigningConfigArn"])
    extra: dict[str, Any] = {}
    shown = latest
    if req.get("Publish"):
        # The answer describes version 1, under the function's unqualified ARN (as AWS answers).
        shown, extra["FunctionArn"] = publish(ctx, fn, ""), fn.arn
    return views.configuration(ctx, fn, shown, State="Pending", StateReason="The function is being created.", StateReasonCode="Creating", **extra)


def _code_location(ctx: RequestContext, fn: Function, v: Version) -> dict[str, Any]:
    if v.code.image_uri:
        resolved = images.resolved_uri(v.code.image_uri, v.code.sha256) if len(v.code.sha256) == 64 else v.code.image_uri
        return {"RepositoryType": "ECR", "ImageUri": v.code.image_uri, "ResolvedImageUri": resolved}
    host = ctx.request.host if ctx.request is not None and ctx.request.host else f"{ctx.runtime.config.host}:{ctx.runtime.config.port}"
    _, _, _, region, account, *_ = fn.arn.split(":")
    qualifier = "latest" if v.version == "$LATEST" else v.version
    return {"RepositoryType": "S3", "Location": f"http://{host}/_cumulo/lambda/function-code/{account}/{fn.name}/{qualifier}.zip?region={region}"}


def _named_latest(ctx: RequestContext, req: dict[str, Any], fn: Function) -> dict[str, Any]:
    """$LATEST asked for by name (`Qualifier=$LATEST`, or `f:$LATEST`) is shown under its qualified ARN."""
    _, _, qualifier, _, _ = parse(ctx, req["FunctionName"], req.get("Qualifier"))
    return {"FunctionArn": f"{fn.arn}:$LATEST"} if qualifier == "$LATEST" else {}


def get_function(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, v, _ = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    config = views.configuration(ctx, fn, v, **_named_latest(ctx, req, fn))
    out: dict[str, Any] = {"Configuration": config, "Code": _code_location(ctx, fn, v)}
    if fn.tags:
        out["Tags"] = dict(fn.tags)
    if fn.reserved_concurrency is not None:
        out["Concurrency"] = {"ReservedConcurrentExecutions": fn.reserved_concurrency}
    return out


def get_function_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, v, _ = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    return views.configuration(ctx, fn, v, **_named_latest(ctx, req, fn))


def list_functions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    every = req.get("FunctionVersion") == "ALL"
    rows: list[dict[str, Any]] = []
    for name in sorted(ctx.scope.table("functions")):
        fn = ctx.scope.table("functions")[name]
        rows.append(views.configuration(ctx, fn, fn.latest))
        if every:
            rows.extend(views.configuration(ctx, fn, fn.versions[n]) for n in sorted(fn.versions, key=int))
    return views.paginate(rows, req, "Functions")


async def update_function_code(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = find_function(ctx, req["FunctionName"])
    latest = fn.latest
    check_revision(latest.revision_id, req.get("RevisionId"))
    signing.check_deployment(ctx, settings_of(ctx, fn).code_signing_config, latest.package_type)
    new_code = await packages.read_code(ctx, req)
    if req.get("DryRun"):
        packages.release(ctx, [new_code], [])
        return views.configuration(ctx, fn, latest, CodeSha256=new_code.sha256, CodeSize=new_code.size)
    old = latest.code
    latest.code = new_code
    if req.get("Architectures"):
        latest.architectures = list(req["Architectures"])
    latest.last_modified = timestamp(ctx.clock.now())
    latest.revision_id = new_revision()
    packages.release(ctx, [old], [latest.code, *(v.code for v in fn.versions.values())])
    table_of(ctx, fn).touch(fn.name)
    executor_for(ctx.runtime).evict(fn.arn)
    shown = publish(ctx, fn, "") if req.get("Publish") else latest
    return views.configuration(ctx, fn, shown, LastUpdateStatus="InProgress")


async def update_function_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = find_function(ctx, req["FunctionName"])
    latest = fn.latest
    check_revision(latest.revision_id, req.get("RevisionId"))
    if "Role" in req:
        _, _, _, region, account, *_ = fn.arn.split(":")
        await roles.assume(ctx.runtime, req["Role"], fn.name, account, region)
    _apply_config(ctx, latest, req)
    latest.last_modified = timestamp(ctx.clock.now())
    latest.revision_id = new_revision()
    table_of(ctx, fn).touch(fn.name)
    executor_for(ctx.runtime).evict(fn.arn)
    return views.configuration(ctx, fn, latest, LastUpdateStatus="InProgress")


def delete_function(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, name, qualifier, account, region = parse(ctx, req["FunctionName"], req.get("Qualifier"))
    fn, _ = find_function(ctx, req["FunctionName"], req.get("Qualifier"))
    if qualifier and qualifier != "$LATEST":
        version = fn.versions.get(qualifier)
        if version is None:
            return {}  # deleting a version that is gone succeeds, as on AWS
        users = sorted(a.name for a in fn.aliases.values() if a.function_version == qualifier or qualifier in a.weights)
        if users:
            raise conflict(f"Unable to delete version because the following aliases reference it: [{', '.join(users)}]")
        del fn.versions[qualifier]
        packages.release(ctx, [version.code], [fn.latest.code, *(v.code for v in fn.versions.values())])
        table.touch(name)
        return {}
    if qualifier == "$LATEST":
        raise invalid("$LATEST version cannot be deleted without deleting the function.")
    del table[name]
    packages.release(ctx, [fn.latest.code, *(v.code for v in fn.versions.values())], [])
    ctx.scope_for(account, region).table("settings").pop(name, None)
    executor = executor_for(ctx.runtime)
    for number in fn.versions:
        executor.unprovision(fn.arn, number)
    executor.evict(fn.arn)
    return {}
