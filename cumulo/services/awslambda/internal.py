"""Lambda introspection endpoints, under /_cumulo/ (full records) and /_fakecloud/ (the fakecloud SDK's shapes).

- `GET lambda/invocations[?functionName=]`: recent invocations, oldest first. Under
  /_cumulo/: request id, function, version, type, source, payload, result or
  error, duration, cold start. Under /_fakecloud/: `{functionArn, payload,
  source, timestamp}` only (its SDK rejects other keys).
- `GET lambda/warm-containers` (= `lambda/environments`): the live execution environments.
- `POST lambda/{function}/evict-container`, `POST lambda/evict`: stop a function's
  (or every) environment, so the next invoke starts cold.
- `GET lambda/function-code/{account}/{function}/{latest|N}.zip[?region=]` and
  `GET lambda/layer-content/{account}/{layer}/{N}.zip`: the stored packages
  (GetFunction's `Code.Location` points here).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.runtimes import executor_for
from cumulo.services.awslambda.models import Code, Function


def _fakecloud(request: Request) -> bool:
    return request.path.startswith("/_fakecloud/")


def _query(request: Request, name: str) -> str:
    return next((v for k, v in request.query_params if k == name), "")


def invocations(runtime: Runtime, request: Request) -> dict[str, Any]:
    wanted = _query(request, "functionName")
    rows = [r for r in executor_for(runtime).history if not wanted or r["functionName"] == wanted]
    if _fakecloud(request):
        keys = ("functionArn", "payload", "source", "timestamp")
        return {"invocations": [{k: r[k] for k in keys} for r in rows]}
    return {"invocations": list(rows)}


def warm_containers(runtime: Runtime, request: Request) -> dict[str, Any]:
    envs = executor_for(runtime).environments()
    if _fakecloud(request):
        return {
            "containers": [
                {"functionName": e.spec.name, "runtime": e.spec.runtime, "containerId": f"pid-{e.pid}", "lastUsedSecsAgo": int(e.describe()["idleSeconds"])}  # type: ignore[call-overload]
                for e in envs
            ]
        }
    return {"environments": [e.describe() for e in envs]}


def evict(runtime: Runtime, request: Request, function: str | None = None) -> dict[str, Any]:
    executor = executor_for(runtime)
    if function is None:
        count = executor.evict()
    else:
        name = unquote(function)
        arns = {e.spec.function_arn for e in executor.environments() if name in (e.spec.name, e.spec.function_arn)}
        count = sum(executor.evict(arn) for arn in arns)
    return {"evicted": count > 0} if _fakecloud(request) else {"evicted": count}


def _zip(runtime: Runtime, code: Code | None) -> Response:
    if code is None or code.blob is None:
        return Response(404, {"Content-Type": "application/json"}, b'{"error": "no such package"}')
    return Response(200, {"Content-Type": "application/zip", "Content-Length": str(code.size)}, runtime.store.blobs.iter_range(code.blob))


def _regions(runtime: Runtime, request: Request, account: str) -> list[Any]:
    region = _query(request, "region")
    return [s for s in runtime.store.scopes_of("lambda") if s.account == account and (not region or s.region == region)]


def function_code(runtime: Runtime, request: Request, account: str, function: str, file: str) -> Response:
    qualifier = unquote(file).removesuffix(".zip")
    for scope in _regions(runtime, request, account):
        fn: Function | None = scope.table("functions").get(unquote(function))
        if fn is not None:
            version = fn.latest if qualifier in ("latest", "$LATEST") else fn.versions.get(qualifier)
            return _zip(runtime, version.code if version else None)
    return _zip(runtime, None)


def layer_content(runtime: Runtime, request: Request, account: str, layer: str, file: str) -> Response:
    number = unquote(file).removesuffix(".zip")
    for scope in _regions(runtime, request, account):
        found = scope.table("layers").get(unquote(layer))
        if found is not None and number.isdigit() and int(number) in found.versions:
            return _zip(runtime, found.versions[int(number)].code)
    return _zip(runtime, None)


def reap(runtime: Runtime, now: float) -> None:
    """Stop environments idle too long (real time: processes age in real time)."""
    executor = runtime.live.get("lambda")
    if executor is not None:
        executor.reap()
