"""Firehose introspection.

- `GET /_cumulo/firehose/deliveries`: every object written (and every HTTP POST made),
  with its stream, destination, target, record count, size, time and any error;
  plus each stream's records still buffered.
- `POST /_cumulo/firehose/{name}/flush[?accountId=&region=]`: deliver a stream's buffer now.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.firehose import delivery
from cumulo.services.firehose.models import buffer_table


def deliveries(runtime: Runtime, request: Request) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    buffered: list[dict[str, Any]] = []
    for scope in runtime.store.scopes_of("firehose"):
        for d in scope.table("deliveries").rows.values():
            out.append({"deliveryStreamName": d.stream, "accountId": scope.account, "region": scope.region, "destinationId": d.destination,
                        "target": d.target, "records": d.records, "bytes": d.bytes, "timestamp": d.at, "error": d.error or None})
        for stream in scope.table("streams").rows.values():
            buffered.append({"deliveryStreamName": stream.name, "accountId": scope.account, "region": scope.region,
                             "records": sum(len(b.datas) for b in scope.table(buffer_table(stream.name)).rows.values()), "bytes": stream.buffer_bytes})
    return {"deliveries": sorted(out, key=lambda d: d["timestamp"]), "buffered": buffered}


async def flush(runtime: Runtime, request: Request, name: str) -> dict[str, Any]:
    query = dict(parse_qsl(request.query))
    flushed = 0
    for scope in runtime.store.scopes_of("firehose"):
        if name in scope.table("streams") and query.get("accountId", scope.account) == scope.account and query.get("region", scope.region) == scope.region:
            flushed += await delivery.flush(runtime, scope.account, scope.region, name)
    return {"flushed": flushed}
