"""Pipes introspection under /_cumulo/pipes/.

- `GET runs`: every batch a pipe moved, oldest first: `{"runs": [{"pipe", "source",
  "target", "received", "delivered", "time"}]}` (received: read from the source and
  kept by the filters; delivered: what reached the target after enrichment).
- `POST {name}/poll[?accountId=&region=]`: run one poll of a pipe now.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.pipes import flow


def runs(runtime: Runtime, request: Request) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for scope in runtime.store.scopes_of(flow.SERVICE):
        table = scope.table("runs")
        out.extend(table.rows[k] for k in sorted(table.rows))
    return {"runs": sorted(out, key=lambda r: r["time"])}


async def poll(runtime: Runtime, request: Request, name: str) -> dict[str, Any]:
    query = dict(parse_qsl(request.query))
    scope = runtime.store.scope(flow.SERVICE, query.get("accountId") or runtime.config.default_account, query.get("region") or "us-east-1")
    pipe = scope.table("pipes").get(name)
    if pipe is None:
        return {"polled": False}
    moved = await flow.poll(runtime, pipe)
    if moved:
        scope.table("pipes").touch(name)
    return {"polled": True}
