"""SQS introspection endpoints: look at messages without receiving them, force time-driven work.

- `GET /_cumulo/sqs/messages` (= `/_fakecloud/sqs/messages`): every queue of
  every account and region with its messages, in the fakecloud SDK's shape
  (`{"queues": [{"queueUrl", "queueName", "region", "queueArn", "messages":
  [{"messageId", "body", "receiveCount", "inFlight", "createdAt"}]}]}`; the
  SDK's message dataclass rejects unknown keys, so no more keys than those).
- `POST .../sqs/expiration-processor/tick`: run retention expiry now.
- `POST .../sqs/{queue}/force-dlq[?accountId=&region=]`: move every available
  message of a queue to its dead-letter queue.
- LocalStack's developer endpoint, `/_aws/sqs/messages?QueueUrl=...` or
  `/_aws/sqs/messages/<region>/<account>/<queue>`: a ReceiveMessage answer
  holding the queue's messages, unchanged. `ShowInvisible=true` and
  `ShowDelayed=true` add in-flight and delayed ones. A GET answers XML (JSON
  with `Accept: application/json`); an SDK pointed at the endpoint (a POST of
  ReceiveMessage in the JSON protocol) gets the JSON protocol's answer.
None of these changes a message's visibility or receive count.
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

import orjson

from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.sqs import delivery, views
from cumulo.services.sqs.models import Queue
from cumulo.services.sqs.urls import queue_url_for_host

LOCALSTACK_RECEIPT_HANDLE = "SQS/BACKDOOR/ACCESS"
ALL_SYSTEM = views.system_attribute_names(["All"])
ALL_MESSAGE_ATTRIBUTES = views.attribute_filter(["All"])


def _json(value: Any, status: int = 200, content_type: str = "application/json") -> Response:
    return Response(status, {"Content-Type": content_type}, orjson.dumps(value))


def _url(runtime: Runtime, request: Request, queue: Queue) -> str:
    origin = runtime.config.sqs_endpoint_strategy == "origin"
    return queue_url_for_host(request.headers.get("host", ""), queue.account, queue.region, queue.name, runtime.config.port, origin)


def _all_queues(runtime: Runtime) -> list[Queue]:
    found: list[Queue] = []
    for scope in runtime.store.scopes_of("sqs"):
        found.extend(scope.table("queues").rows.values())
    return found


def list_messages(runtime: Runtime, request: Request) -> dict[str, Any]:
    now = runtime.clock.now()
    out = []
    for queue in _all_queues(runtime):
        table = delivery.messages(runtime.store, queue)
        listed = [
            {
                "messageId": m.message_id,
                "body": m.body,
                "receiveCount": m.receive_count,
                "inFlight": m.in_flight(now),
                "createdAt": datetime.fromtimestamp(m.sent, tz=timezone.utc).isoformat().replace("+00:00", "Z"),
            }
            for _, m in table.walk(sorted(table.rows))
            if not delivery.expired(queue, m, now)
        ]
        out.append(
            {
                "queueUrl": _url(runtime, request, queue),
                "queueName": queue.name,
                "region": queue.region,
                "queueArn": queue.arn,
                "messages": listed,
            }
        )
    return {"queues": out}


def expiration_tick(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"expiredMessages": delivery.expire_all(runtime, runtime.clock.now())}


def force_dlq(runtime: Runtime, request: Request, queue: str) -> Response | dict[str, Any]:
    params = dict(request.query_params)
    account = params.get("accountId") or runtime.config.default_account
    region = params.get("region") or runtime.config.default_region
    source: Queue | None = delivery.queues(runtime.store, account, region).get(queue)
    if source is None:
        return _json({"error": f"queue {queue} does not exist in {account}/{region}"}, 404)
    target = delivery.redrive_target(source)
    dead_letter = delivery.queue_by_arn(runtime.store, target[0]) if target else None
    if dead_letter is None:
        return _json({"error": f"queue {queue} has no dead-letter queue"}, 400)
    now = runtime.clock.now()
    movable = delivery.visible_keys(runtime.store, runtime, source, now)
    table = delivery.messages(runtime.store, source)
    for key in movable:
        delivery.transfer(runtime.store, runtime, source, table[key], dead_letter, now, dead_letter_source=source.arn)
    return {"movedMessages": len(movable)}


# ---------------------------------------------------------------- LocalStack's developer endpoint


def _flag(params: dict[str, str], name: str) -> bool:
    return params.get(name, "").lower() == "true"


async def peek(runtime: Runtime, request: Request, region: str = "", account: str = "", queue: str = "") -> Response:
    params = dict(request.query_params)
    body = await request.read()
    json_protocol = request.method == "POST" and "x-amz-target" in request.headers
    if json_protocol:
        params.update({k: str(v) for k, v in (orjson.loads(body or b"{}") or {}).items()})
    elif request.method == "POST" and body:
        params.update(parse_qsl(body.decode("utf-8", "replace")))
    target = _resolve(runtime, params, region, account, queue)
    if target is None:
        error = {"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."}
        return _json(error, 400, "application/x-amz-json-1.0")
    now = runtime.clock.now()
    show_invisible, show_delayed = _flag(params, "ShowInvisible"), _flag(params, "ShowDelayed")
    listed = []
    table = delivery.messages(runtime.store, target)
    for _, message in table.walk(sorted(table.rows)):
        if delivery.expired(target, message, now):
            continue
        if (message.in_flight(now) and not show_invisible) or (message.delayed(now) and not show_delayed):
            continue
        listed.append(views.render(message, LOCALSTACK_RECEIPT_HANDLE, ALL_SYSTEM, ALL_MESSAGE_ATTRIBUTES))
    if json_protocol:
        return _json({"Messages": listed}, content_type="application/x-amz-json-1.0")
    if "json" in request.headers.get("accept", ""):
        as_query = [_query_message(m) for m in listed]
        return _json(
            {
                "ReceiveMessageResponse": {
                    "ReceiveMessageResult": {"Message": as_query},
                    "ResponseMetadata": {"RequestId": str(uuid.uuid4())},
                }
            }
        )
    return Response(200, {"Content-Type": "text/xml"}, _xml(listed).encode())


def _resolve(runtime: Runtime, params: dict[str, str], region: str, account: str, name: str) -> Queue | None:
    if not name:
        url = params.get("QueueUrl", "")
        parts = [p for p in url.split("?", 1)[0].split("/") if p]
        if len(parts) < 2:
            return None
        account, name = parts[-2], parts[-1]
        host = url.split("://", 1)[-1].split("/", 1)[0]
        region = host.split(".")[1] if host.startswith("sqs.") else runtime.config.default_region
    queue: Queue | None = delivery.queues(runtime.store, account, region).get(name)
    return queue


def _query_message(message: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in message.items() if k not in ("Attributes", "MessageAttributes")}
    if "Attributes" in message:
        out["Attribute"] = [{"Name": n, "Value": v} for n, v in message["Attributes"].items()]
    if "MessageAttributes" in message:
        out["MessageAttribute"] = [{"Name": n, "Value": _query_value(v)} for n, v in message["MessageAttributes"].items()]
    return out


def _query_value(value: dict[str, Any]) -> dict[str, Any]:
    if "BinaryValue" in value:
        return {"DataType": value["DataType"], "BinaryValue": base64.b64encode(value["BinaryValue"]).decode()}
    return dict(value)


def _xml(messages: list[dict[str, Any]]) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<ReceiveMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">']
    parts.append("<ReceiveMessageResult>")
    for message in map(_query_message, messages):
        parts.append("<Message>")
        for key in ("MessageId", "ReceiptHandle", "MD5OfBody", "Body", "MD5OfMessageAttributes"):
            if key in message:
                parts.append(f"<{key}>{escape(message[key])}</{key}>")
        for attr in message.get("Attribute", []):
            parts.append(f"<Attribute><Name>{escape(attr['Name'])}</Name><Value>{escape(attr['Value'])}</Value></Attribute>")
        for attr in message.get("MessageAttribute", []):
            value = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in attr["Value"].items())
            parts.append(f"<MessageAttribute><Name>{escape(attr['Name'])}</Name><Value>{value}</Value></MessageAttribute>")
        parts.append("</Message>")
    parts.append(f"</ReceiveMessageResult><ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata>")
    parts.append("</ReceiveMessageResponse>")
    return "".join(parts)
