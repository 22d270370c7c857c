"""Kinesis handlers for enhanced fan-out consumers (SubscribeToShard is with the records)."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.kinesis import consumers, tokens
from cumulo.services.kinesis.models import Consumer
from cumulo.services.kinesis.streams import find

MAX_CONSUMERS = 20


def deregister_stream_consumer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream, consumer = consumers.find_consumer(ctx, req)
    del stream.consumers[consumer.name]
    scope.table("streams").touch(stream.name)
    return {}


def describe_stream_consumer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, stream, consumer = consumers.find_consumer(ctx, req)
    return {"ConsumerDescription": {**consumers.view(consumer), "StreamARN": stream.arn}}


def list_stream_consumers(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, stream = find(ctx, {"StreamARN": req["StreamARN"]})
    names = sorted(stream.consumers)
    if req.get("NextToken"):
        (after,) = tokens.read(req["NextToken"], "consumers", 1)
        names = [n for n in names if n > after]
    limit = req.get("MaxResults") or 100
    page = names[:limit]
    out: dict[str, Any] = {"Consumers": [consumers.view(stream.consumers[n]) for n in page]}
    if len(names) > limit:
        out["NextToken"] = tokens.make("consumers", page[-1])
    return out


def register_stream_consumer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, stream = find(ctx, {"StreamARN": req["StreamARN"]})
    name = req["ConsumerName"]
    if name in stream.consumers:
        raise AwsError("ResourceInUseException", f"Consumer {name} under stream {stream.name} under account {stream.account} already exists.")
    if len(stream.consumers) >= MAX_CONSUMERS:
        raise AwsError("LimitExceededException", f"Stream {stream.name} under account {stream.account} already has {MAX_CONSUMERS} consumers.")
    now = ctx.clock.now()
    delay = float(getattr(ctx.runtime.config, "kinesis_status_delay", 0.0) or 0.0)
    consumer = Consumer(name, consumers.consumer_arn(stream, name, now), now, "CREATING" if delay > 0 else "ACTIVE", now + delay, dict(req.get("Tags") or {}))
    stream.consumers[name] = consumer
    scope.table("streams").touch(stream.name)
    return {"Consumer": consumers.view(consumer)}
