"""SelectObjectContent: SQL over one object, answered as an event stream (engine in `select.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.s3 import archive, select, sse_c, sse_kms
from cumulo.services.s3.common import find_version, get_bucket, now
from cumulo.services.s3.models import Body


def _chunks(ctx: RequestContext, body: Body, key: sse_c.CustomerKey | None) -> Iterator[bytes]:
    """The object's plaintext (an SSE-C body decrypted with `key`), read as the query pulls."""
    seal = sse_c.seal_of(body)
    stream = sse_c.Keystream(key, seal.segments) if seal is not None and key is not None else None
    if body.data is not None:
        yield body.data if stream is None else stream.apply(body.data)
        return
    assert body.blob is not None
    with ctx.store.blobs.open(body.blob) as file:
        while chunk := file.read(1 << 20):
            yield chunk if stream is None else stream.apply(chunk)


async def select_object_content(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"])
    archive.check_readable(version, now(ctx))
    assert version.body is not None
    key = sse_c.unlock(req, version.body) or await sse_kms.unlock(ctx, version.body)
    query = select.run(_chunks(ctx, version.body, key), req)
    return {"Payload": select.events(query, req)}
