"""SelectObjectContent: SQL over one object, answered as an event stream (engine in `select.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.s3 import archive, select
from cumulo.services.s3.common import find_version, get_bucket, now
from cumulo.services.s3.models import Body


def _chunks(ctx: RequestContext, body: Body) -> Iterator[bytes]:
    if body.data is not None:
        yield body.data
        return
    assert body.blob is not None
    with ctx.store.blobs.open(body.blob) as file:
        while chunk := file.read(1 << 20):
            yield chunk


def select_object_content(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"])
    archive.check_readable(version, now(ctx))
    assert version.body is not None
    query = select.run(_chunks(ctx, version.body), req)
    return {"Payload": select.events(query, req)}
