"""Running a function version: from stored configuration to the executor and back.

Used by Invoke (all types), event source mappings and async retries, so each
has the same checks: reserved concurrency (`TooManyRequestsException`, reason
`ReservedFunctionConcurrentInvocationLimitExceeded`), runtimes that cannot run
here (`InvalidRuntimeException`, naming what is missing), and one introspection
record per invocation (`/_cumulo/lambda/invocations`).

Alias routing: an alias with `AdditionalVersionWeights` sends each invocation
to the extra version with its weight's probability, else to its main version.
"""

from __future__ import annotations

import base64
import logging
import random
import secrets
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.runtimes import Executor, FunctionSpec, Invocation, Outcome, Throttled, Unsupported, executor_for
from cumulo.services.awslambda import images, roles, telemetry
from cumulo.services.awslambda.code import sha_hex
from cumulo.services.awslambda.models import Alias, Function, Version
from cumulo.services.awslambda.names import parse_layer_version

if TYPE_CHECKING:
    from collections.abc import Callable

    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.lambda")

TAIL_BYTES = 4096


def pick_version(fn: Function, alias: Alias | None, default: Version) -> Version:
    if alias is None or not alias.weights:
        return default
    roll = random.random()
    for number, weight in alias.weights.items():
        if roll < weight and number in fn.versions:
            return fn.versions[number]
        roll -= weight
    return default


async def spec_for(runtime: Runtime, executor: Executor, fn: Function, v: Version) -> FunctionSpec:
    account, region = fn.arn.split(":")[4], fn.arn.split(":")[3]
    blobs = runtime.store.blobs
    image_config = v.extra.get("ImageConfig") or {}
    if v.code.blob is None and executor.mode == "process" and len(v.code.sha256) == 64:
        # An image in cumulo's ECR, run from its unpacked layers (images.py says which images can be).
        unpacked = await images.unpack(runtime, executor.work, v.code.image_uri, v.code.sha256, (v.architectures or ["x86_64"])[0])
        run = images.plan(unpacked, v.code.image_uri, image_config)
        opt = await executor.opt_dir([run.opt_dir] if run.opt_dir else [])
        return FunctionSpec(
            function_arn=fn.arn, name=fn.name, version=v.version, runtime=run.runtime, handler=run.handler,
            code_dir=run.task_root, opt_dir=opt, environment=tuple(sorted({**run.environment, **v.environment}.items())),
            memory_mb=v.memory_size, timeout=float(v.timeout), account=account, region=region,
            architecture=(v.architectures or ["x86_64"])[0], log_group=f"/aws/lambda/{fn.name}", role=v.role,
            workdir=str(run.workdir))
    registry_auth = ""
    if v.code.blob is None and len(v.code.sha256) == 64:  # in cumulo's ECR: the engine pulls it from cumulo, by digest
        image, registry_auth = await images.for_engine(runtime, v.code.image_uri, v.code.sha256)
        code_dir = executor.empty_dir()
    elif v.code.blob is None:  # a container image elsewhere: the docker executor runs it as it is
        image, code_dir = v.code.image_uri, executor.empty_dir()
    else:
        image, code_dir = "", await executor.code_dir(blobs.path(v.code.blob), sha_hex(v.code))
    layer_dirs = []
    for arn in v.layers:
        l_account, l_region, name, number = parse_layer_version(arn)
        layer = runtime.store.scope("lambda", l_account, l_region).table("layers").get(name)
        lv = layer.versions.get(number) if layer is not None else None
        if lv is None or lv.code.blob is None:
            continue  # a deleted layer version: AWS keeps a copy for its users; we have none
        layer_dirs.append(await executor.code_dir(blobs.path(lv.code.blob), sha_hex(lv.code)))
    return FunctionSpec(
        function_arn=fn.arn,
        name=fn.name,
        version=v.version,
        runtime=v.runtime,
        handler=v.handler,
        code_dir=code_dir,
        opt_dir=await executor.opt_dir(layer_dirs),
        environment=tuple(sorted(v.environment.items())),
        memory_mb=v.memory_size,
        timeout=float(v.timeout),
        account=account,
        region=region,
        architecture=(v.architectures or ["x86_64"])[0],
        log_group=f"/aws/lambda/{fn.name}",
        role=v.role,
        image=image,
        entrypoint=tuple(image_config.get("EntryPoint") or ()),
        command=tuple(image_config.get("Command") or ()),
        workdir=image_config.get("WorkingDirectory") or "",
        registry_auth=registry_auth,
    )


def trace_id() -> str:
    return f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)};Parent={secrets.token_hex(8)};Sampled=0"


async def run(
    runtime: Runtime,
    fn: Function,
    v: Version,
    payload: bytes,
    *,
    request_id: str,
    invoked_arn: str,
    kind: str = "RequestResponse",
    source: str = "",
    client_context: str = "",
    on_chunk: Callable[[bytes], None] | None = None,
) -> Outcome:
    """Invoke `v` of `fn` once; raises AwsError for throttling and runtimes that cannot run here."""
    executor = executor_for(runtime)
    started = time.time()
    record: dict[str, Any] = {
        "requestId": request_id,
        "functionArn": invoked_arn,
        "functionName": fn.name,
        "version": v.version,
        "invocationType": kind,
        "source": source or "api",
        "payload": payload.decode("utf-8", "replace"),
        "timestamp": datetime.fromtimestamp(started, tz=timezone.utc).isoformat().replace("+00:00", "Z"),
    }
    executor.history.append(record)
    try:
        spec = await spec_for(runtime, executor, fn, v)
        outcome = await executor.invoke(
            spec,
            Invocation(request_id, payload or b"{}", invoked_arn, client_context, trace_id=trace_id(), on_chunk=on_chunk),
            fn.reserved_concurrency,
            roles.RoleIssuer(runtime),
        )
    except Throttled:
        record["error"] = "TooManyRequestsException"
        await telemetry.publish_metrics(runtime, fn, None, 0, throttled=True)
        raise AwsError(
            "TooManyRequestsException", "Rate Exceeded.", status=429, Type="User", Reason="ReservedFunctionConcurrentInvocationLimitExceeded"
        ) from None
    except Unsupported as error:
        record["error"] = str(error)
        raise AwsError("InvalidRuntimeException", str(error), status=502, Type="User") from None
    except AwsError as error:  # the role could not be assumed for a new environment
        record["error"] = error.code
        raise
    record.update(
        {
            "result": None if outcome.failed else outcome.payload.decode("utf-8", "replace"),
            "error": outcome.payload.decode("utf-8", "replace") if outcome.failed else None,
            "functionError": "Unhandled" if outcome.failed else None,
            "durationMs": round(outcome.duration_ms, 3),
            "coldStart": outcome.cold,
        }
    )
    await telemetry.ship_logs(runtime, fn, v, outcome, request_id)
    await telemetry.publish_metrics(runtime, fn, outcome, executor.in_flight[fn.arn] + 1)
    return outcome


def log_tail(outcome: Outcome) -> str:
    """The last 4 KB of the invocation's log, base64-encoded, as `X-Amz-Log-Result`."""
    return base64.b64encode(outcome.logs.encode()[-TAIL_BYTES:]).decode()


def find(runtime: Runtime, function_arn: str) -> tuple[Function, Version, Alias | None] | None:
    """The function version an ARN (maybe qualified) names now, or None if it is gone."""
    parts = function_arn.split(":")
    if len(parts) < 7:
        return None
    region, account, name = parts[3], parts[4], parts[6]
    qualifier = parts[7] if len(parts) > 7 else None
    fn = runtime.store.scope("lambda", account, region).table("functions").get(name)
    if fn is None:
        return None
    if qualifier is None or qualifier == "$LATEST":
        return fn, fn.latest, None
    if qualifier in fn.versions:
        return fn, fn.versions[qualifier], None
    alias = fn.aliases.get(qualifier)
    if alias is None:
        return None
    target = fn.version(alias.function_version) or fn.latest
    return fn, pick_version(fn, alias, target), alias
