"""Finding enhanced fan-out consumers by ARN, or by stream ARN and name.

A consumer's ARN is its stream's ARN, `/consumer/<name>:<creation epoch>`, as AWS writes it.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.kinesis.models import Consumer, Stream
from cumulo.services.kinesis.streams import find, parse_arn
from cumulo.state import Scope


def consumer_arn(stream: Stream, name: str, created: float) -> str:
    return f"{stream.arn}/consumer/{name}:{int(created)}"


def find_consumer(ctx: RequestContext, req: dict[str, Any]) -> tuple[Scope, Stream, Consumer]:
    arn = req.get("ConsumerARN")
    if arn:
        account, region, stream_name = parse_arn(arn)
        name = arn.rsplit("/consumer/", 1)[-1].rsplit(":", 1)[0]
        scope, stream = find(ctx, {"StreamARN": f"{arn.split('/consumer/')[0]}"})
        consumer = stream.consumers.get(name)
        if consumer is None or consumer.arn != arn:
            raise AwsError("ResourceNotFoundException", f"Consumer {arn} under account {account} not found.")
        return scope, stream, consumer
    if not req.get("StreamARN") or not req.get("ConsumerName"):
        raise AwsError("InvalidArgumentException", "Either ConsumerARN or both StreamARN and ConsumerName must be provided.")
    scope, stream = find(ctx, {"StreamARN": req["StreamARN"]})
    consumer = stream.consumers.get(req["ConsumerName"])
    if consumer is None:
        raise AwsError("ResourceNotFoundException", f"Consumer {req['ConsumerName']} under stream {stream.name} under account {stream.account} not found.")
    return scope, stream, consumer


def view(consumer: Consumer) -> dict[str, Any]:
    return {"ConsumerName": consumer.name, "ConsumerARN": consumer.arn, "ConsumerStatus": consumer.status, "ConsumerCreationTimestamp": consumer.created}
