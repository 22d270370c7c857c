"""Introspection under /_cumulo/apigateway/: the data plane's recent requests."""

from __future__ import annotations

from typing import Any

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.apigateway.dataplane import requests_log


def list_requests(runtime: Runtime, request: Request) -> dict[str, Any]:
    """The last requests served (API, stage, method, resource, integration, status, latency),
    oldest first; `?apiId=` and `?stage=` filter."""
    query = dict(request.query_params)
    rows = [r for r in requests_log(runtime)
            if (not query.get("apiId") or r["apiId"] == query["apiId"]) and (not query.get("stage") or r["stage"] == query["stage"])]
    return {"requests": rows}
