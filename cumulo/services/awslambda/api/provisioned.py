"""Provisioned concurrency: Put/Get/Delete/ListProvisionedConcurrencyConfigs, and the tick that makes them READY.

https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
- A config belongs to a published version or an alias (never `$LATEST`, never a
  weighted alias), one per version: an alias and the version it points to
  cannot both have one. Provisioned environments count against the function's
  reserved concurrency, else against the account's unreserved pool (which must
  keep 100).
- Put answers `IN_PROGRESS` and asks the executor to start that many
  environments of the version (`Executor.provision`): they run the function's
  init before any invocation, and invocations use them warm. The `provision`
  tick reports `READY` (all allocated) once `PROVISIONING_SECONDS` of cumulo
  time have passed and the environments are up, or `FAILED` when they cannot
  start here (a runtime this machine lacks). After a restart, the tick starts
  the environments of every stored config again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.runtimes import Unsupported, executor_for
from cumulo.services.awslambda import roles, views
from cumulo.services.awslambda.api.settings import ACCOUNT_CONCURRENCY, MIN_UNRESERVED, reserved_total
from cumulo.services.awslambda.invoking import spec_for
from cumulo.services.awslambda.models import Function, ProvisionedConcurrency, Version
from cumulo.services.awslambda.names import conflict, get_function, invalid, not_found, save_settings, settings_of, timestamp

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.lambda")

PROVISIONING_SECONDS = 5.0


def _target(ctx: RequestContext, req: dict[str, Any]) -> tuple[Function, Version, str]:
    """The function, the published version a qualifier stands for, and the qualifier."""
    fn, qualifier = get_function(ctx, req["FunctionName"], req.get("Qualifier") or None)
    if not qualifier or qualifier == "$LATEST":
        raise invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
    version = fn.versions.get(qualifier)
    if version is None:
        alias = fn.aliases.get(qualifier)
        if alias is None:
            raise not_found(f"Function not found: {fn.arn}:{qualifier}")
        if alias.weights:
            raise conflict("Alias with weights can not be used with Provisioned Concurrency")
        version = fn.versions.get(alias.function_version)
        if version is None:
            raise invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
    return fn, version, qualifier


def _version_of(fn: Function, qualifier: str) -> str:
    alias = fn.aliases.get(qualifier)
    return alias.function_version if alias is not None else qualifier


def _view(pc: ProvisionedConcurrency) -> dict[str, Any]:
    out: dict[str, Any] = {
        "RequestedProvisionedConcurrentExecutions": pc.requested,
        "AvailableProvisionedConcurrentExecutions": pc.allocated,
        "AllocatedProvisionedConcurrentExecutions": pc.allocated,
        "Status": pc.status,
        "LastModified": pc.last_modified,
    }
    if pc.reason:
        out["StatusReason"] = pc.reason
    return out


def put_provisioned_concurrency_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, version, qualifier = _target(ctx, req)
    wanted = int(req["ProvisionedConcurrentExecutions"])
    settings = settings_of(ctx, fn)
    for other in settings.provisioned:
        if other != qualifier and _version_of(fn, other) == version.version:
            raise conflict(
                f"Alias and version of the same function cannot both have Provisioned Concurrency: {fn.arn}:{other} already provisions version {version.version}."
            )
    total = wanted + sum(pc.requested for q, pc in settings.provisioned.items() if q != qualifier)
    if fn.reserved_concurrency is not None:
        if total > fn.reserved_concurrency:
            raise invalid("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
    elif total > ACCOUNT_CONCURRENCY - reserved_total(ctx) - MIN_UNRESERVED:
        raise invalid(
            f"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [{ACCOUNT_CONCURRENCY - reserved_total(ctx)}]."
        )
    now = ctx.clock.now()
    pc = settings.provisioned[qualifier] = ProvisionedConcurrency(wanted, timestamp(now), now + PROVISIONING_SECONDS)
    save_settings(ctx, fn, settings)
    _start(ctx.runtime, fn, version, wanted)
    return _view(pc)


def get_provisioned_concurrency_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _, qualifier = _target(ctx, req)
    pc = settings_of(ctx, fn).provisioned.get(qualifier)
    if pc is None:
        raise AwsError("ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function", status=404, Type="User")
    return _view(pc)


def delete_provisioned_concurrency_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, version, qualifier = _target(ctx, req)
    settings = settings_of(ctx, fn)
    if settings.provisioned.pop(qualifier, None) is not None:
        save_settings(ctx, fn, settings)
        executor_for(ctx.runtime).unprovision(fn.arn, version.version)
    return {}


def list_provisioned_concurrency_configs(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    rows = [{"FunctionArn": f"{fn.arn}:{q}", **_view(pc)} for q, pc in sorted(settings_of(ctx, fn).provisioned.items())]
    return views.paginate(rows, req, "ProvisionedConcurrencyConfigs")


# ---------------------------------------------------------------- the environments


def _start(runtime: Runtime, fn: Function, version: Version, count: int) -> None:
    """Start the version's environments in the background (the answer does not wait for their init)."""
    starting: dict[str, str] = runtime.live.setdefault("lambda-provisioning", {})
    key = f"{fn.arn}:{version.version}"
    starting[key] = ""
    executor = executor_for(runtime)

    async def provision() -> None:
        try:
            await executor.provision(await spec_for(runtime, executor, fn, version), count, roles.RoleIssuer(runtime))
            starting.pop(key, None)
        except Unsupported as error:
            starting[key] = str(error)  # read by the tick, which reports FAILED
        except Exception as error:  # noqa: BLE001 - a background task: report, never crash the loop
            log.exception("provisioning %s failed", key)
            starting[key] = f"The execution environments could not start: {error}"

    executor.spawn(provision())


def advance(runtime: Runtime, now: float) -> None:
    """Tick: IN_PROGRESS configs whose environments are up become READY; lost environments start again."""
    executor = executor_for(runtime)
    starting: dict[str, str] = runtime.live.setdefault("lambda-provisioning", {})
    changed = False
    for scope in runtime.store.scopes_of("lambda"):
        functions = scope.table("functions")
        for name, settings in list(scope.table("settings").rows.items()):
            fn = functions.get(name)
            if fn is None or not settings.provisioned:
                continue
            for qualifier, pc in settings.provisioned.items():
                number = _version_of(fn, qualifier)
                version = fn.versions.get(number)
                if version is None:
                    continue
                key = f"{fn.arn}:{number}"
                failure = starting.get(key)
                if failure:
                    if pc.status != "FAILED":
                        pc.status, pc.reason, pc.allocated = "FAILED", failure, 0
                        scope.table("settings").touch(name)
                        changed = True
                    continue
                if failure is None and not any(k.startswith(key + ":") for k in executor.provisioned):
                    _start(runtime, fn, version, pc.requested)  # e.g. after a restart
                    continue
                if pc.status == "IN_PROGRESS" and now >= pc.ready_at and executor.warm(fn.arn, number) >= pc.requested:
                    pc.status, pc.allocated = "READY", pc.requested
                    scope.table("settings").touch(name)
                    changed = True
    if changed:
        runtime.store.commit()
