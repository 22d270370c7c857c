"""SQS handlers, one per operation of the model, in model order.

Handlers resolve the queue a request names, check what the model cannot
(AWS's semantic rules and wording), and leave the mechanics to the engines:
`delivery` (messages), `fifo`, `attributes`, `permissions`, `move_tasks`.
They return plain dicts shaped like the output shapes; both wire protocols
(JSON and query) are the protocol layer's business.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.sqs import attributes, delivery, fifo, kms, move_tasks, permissions, validation, views
from cumulo.services.sqs.digests import md5_of_attributes, md5_of_body
from cumulo.services.sqs.models import Message, Queue
from cumulo.services.sqs.urls import parse_queue_url, queue_url

NOT_FOUND = "The specified queue does not exist."
MAX_WAIT = 20
MAX_TAGS = 50
PURGE_INTERVAL = 60.0


def _queue(ctx: RequestContext, url: str) -> Queue:
    account, region, name = parse_queue_url(ctx, url)
    queue: Queue | None = delivery.queues(ctx.store, account, region).get(name)
    if queue is None:
        raise AwsError("QueueDoesNotExist", NOT_FOUND)
    return queue


def _touch(ctx: RequestContext, queue: Queue) -> None:
    delivery.queues(ctx.store, queue.account, queue.region).touch(queue.name)


def _url(ctx: RequestContext, queue: Queue) -> str:
    return queue_url(ctx, queue.account, queue.region, queue.name)


def _lookup(ctx: RequestContext) -> attributes.Lookup:
    return lambda arn: delivery.queue_by_arn(ctx.store, arn)


def _normalized(ctx: RequestContext, queue_name: str, arn: str, fifo_queue: bool, given: dict[str, str]) -> dict[str, str]:
    changes = {
        name: attributes.normalize(queue_name, arn, fifo_queue, name, value, _lookup(ctx)) for name, value in given.items()
    }
    attributes.check_sse(changes)
    return changes


def _batch(entries: list[dict[str, Any]], shape: str, one: Any) -> dict[str, Any]:
    """Run `one(entry)` per entry; an AwsError fails that entry only."""
    validation.check_batch(entries, shape)
    successful: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for entry in entries:
        try:
            successful.append({"Id": entry["Id"], **one(entry)})
        except AwsError as error:
            failed.append(validation.failure(entry["Id"], error))
    return {"Successful": successful, "Failed": failed}


# ---------------------------------------------------------------- handlers, in model order


def add_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    permissions.add(queue, req["Label"], req.get("AWSAccountIds", []), req.get("Actions", []))
    queue.modified = ctx.clock.now()
    _touch(ctx, queue)
    return {}


def cancel_message_move_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    task = move_tasks.cancel(ctx.store, req["TaskHandle"])
    return {"ApproximateNumberOfMessagesMoved": task.moved}


def _change_visibility(ctx: RequestContext, queue: Queue, handle: str, timeout: int) -> None:
    validation.check_visibility(timeout)
    now = ctx.clock.now()
    message, nonce = delivery.find(ctx.store, queue, handle)
    if message is None:
        raise validation.parameter_out_of_range(
            "ReceiptHandle", handle, "Message does not exist or is not available for visibility timeout change."
        )
    if queue.fifo and not delivery.handle_current(queue, message, nonce, now):
        raise _expired_handle(handle)
    if not message.in_flight(now) or not delivery.handle_current(queue, message, nonce, now):
        raise AwsError("MessageNotInflight", "Message does not exist or is not available for visibility timeout change.")
    assert message.received_at is not None
    if now + timeout - message.received_at > validation.MAX_VISIBILITY:
        raise validation.parameter_out_of_range(
            "VisibilityTimeout", timeout, "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]"
        )
    delivery.set_visible_at(ctx.store, ctx.runtime, queue, message, now + timeout)
    if timeout == 0:
        ctx.runtime.signals.notify(delivery.signal_key(queue))


def change_message_visibility(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    _change_visibility(ctx, queue, req["ReceiptHandle"], req["VisibilityTimeout"])
    return {}


def change_message_visibility_batch(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])

    def one(entry: dict[str, Any]) -> dict[str, Any]:
        _change_visibility(ctx, queue, entry["ReceiptHandle"], entry.get("VisibilityTimeout", 0))
        return {}

    return _batch(req["Entries"], "ChangeMessageVisibilityBatchRequestEntry", one)


def create_queue(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["QueueName"]
    given: dict[str, str] = dict(req.get("Attributes") or {})
    fifo_flag = given.get("FifoQueue", "").strip().lower()
    if fifo_flag not in ("", "true", "false"):
        raise attributes.invalid("FifoQueue")
    is_fifo = fifo_flag == "true"
    if name.endswith(".fifo") and not is_fifo:
        raise validation.invalid_parameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
    validation.check_queue_name(name, is_fifo)
    table = delivery.queues(ctx.store, ctx.account, ctx.region)
    arn = ctx.arn(name)
    changes = _normalized(ctx, name, arn, is_fifo, given)
    existing: Queue | None = table.get(name)
    if existing is not None:
        # Idempotent only when every attribute given matches the queue's.
        current = {**attributes.defaults(existing.fifo), **existing.attributes}
        for attr, value in changes.items():
            if current.get(attr, "") != value and not (attr == "FifoQueue" and value == "false" and not existing.fifo):
                raise AwsError(
                    "QueueNameExists", f"A queue already exists with the same name and a different value for attribute {attr}"
                )
        return {"QueueUrl": _url(ctx, existing)}
    tags: dict[str, str] = dict(req.get("tags") or {})
    if len(tags) > MAX_TAGS:
        raise validation.invalid_parameter(f"Too many tags added for queue {name}.")
    now = ctx.clock.now()
    queue = Queue(name=name, account=ctx.account, region=ctx.region, created=now, modified=now, fifo=is_fifo, tags=tags)
    queue.attributes = attributes.defaults(is_fifo)
    changes.pop("FifoQueue", None)
    attributes.apply(queue, changes)
    table[name] = queue
    return {"QueueUrl": _url(ctx, queue)}


def _expired_handle(handle: str) -> AwsError:
    """A FIFO receipt handle whose visibility timeout ran out (the message may since
    have gone to another receiver): AWS refuses to act on it."""
    return validation.parameter_out_of_range("ReceiptHandle", handle, "The receipt handle has expired.")


def _delete(ctx: RequestContext, queue: Queue, handle: str) -> None:
    if not queue.fifo:  # any handle the message was received with will do: no need to read it back
        key, _ = delivery.parse_receipt_handle(queue, handle)
        if key in delivery.messages(ctx.store, queue):
            delivery.remove_message(ctx.store, ctx.runtime, queue, key)
        return
    message, nonce = delivery.find(ctx.store, queue, handle)
    if message is None:
        return  # already deleted: deleting again succeeds
    if not delivery.handle_current(queue, message, nonce, ctx.clock.now()):
        raise _expired_handle(handle)
    delivery.remove_message(ctx.store, ctx.runtime, queue, message.key)


def delete_message(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _delete(ctx, _queue(ctx, req["QueueUrl"]), req["ReceiptHandle"])
    return {}


def delete_message_batch(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])

    def one(entry: dict[str, Any]) -> dict[str, Any]:
        _delete(ctx, queue, entry["ReceiptHandle"])
        return {}

    return _batch(req["Entries"], "DeleteMessageBatchRequestEntry", one)


def delete_queue(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    delivery.clear_messages(ctx.store, ctx.runtime, queue)
    fifo.clear(ctx.store, queue)
    del delivery.queues(ctx.store, queue.account, queue.region)[queue.name]
    # Long polls on the queue end now, empty.
    ctx.runtime.signals.notify(delivery.signal_key(queue))
    return {}


def get_queue_attributes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    names = attributes.requested(req.get("AttributeNames") or [], queue.fifo)
    if not names:
        return {}
    now = ctx.clock.now()
    counted = delivery.counts(ctx.store, ctx.runtime, queue, now) if any(n.startswith("Approximate") for n in names) else (0, 0, 0)
    computed = {
        "QueueArn": queue.arn,
        "ApproximateNumberOfMessages": str(counted[0]),
        "ApproximateNumberOfMessagesNotVisible": str(counted[1]),
        "ApproximateNumberOfMessagesDelayed": str(counted[2]),
        "CreatedTimestamp": str(int(queue.created)),
        "LastModifiedTimestamp": str(int(queue.modified)),
    }
    out: dict[str, str] = {}
    for name in names:
        if name == "KmsDataKeyReusePeriodSeconds" and "KmsMasterKeyId" not in queue.attributes:
            continue  # AWS reports it for SSE-KMS queues only
        value = computed.get(name, queue.attributes.get(name))
        if value is not None:
            out[name] = value
    return {"Attributes": out} if out else {}


def get_queue_url(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    account = req.get("QueueOwnerAWSAccountId") or ctx.account
    queue: Queue | None = delivery.queues(ctx.store, account, ctx.region).get(req["QueueName"])
    if queue is None:
        raise AwsError("QueueDoesNotExist", NOT_FOUND)
    return {"QueueUrl": _url(ctx, queue)}


def _page(items: list[str], token: str | None, limit: int | None) -> tuple[list[str], str | None]:
    """One page of a sorted list; the token is the last item returned, encoded."""
    start = 0
    if token:
        try:
            after = base64.urlsafe_b64decode(token.encode()).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise validation.invalid_parameter("Invalid NextToken value.") from None
        start = next((i for i, item in enumerate(items) if item > after), len(items))
    if limit is None:
        return items[start : start + 1000], None
    if not 1 <= limit <= 1000:
        raise validation.parameter_out_of_range("MaxResults", limit, "Must be between 1 and 1000, if provided.")
    page = items[start : start + limit]
    more = start + limit < len(items)
    return page, base64.urlsafe_b64encode(page[-1].encode()).decode() if more and page else None


def list_dead_letter_source_queues(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    target = _queue(ctx, req["QueueUrl"])
    table = delivery.queues(ctx.store, target.account, target.region)
    sources = sorted(
        q.name for q in table.rows.values() if (r := delivery.redrive_target(q)) is not None and r[0] == target.arn
    )
    page, token = _page(sources, req.get("NextToken"), req.get("MaxResults"))
    out: dict[str, Any] = {"queueUrls": [_url(ctx, table[n]) for n in page]}
    if token:
        out["NextToken"] = token
    return out


def list_message_move_tasks(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    limit = req.get("MaxResults", 1)
    if not 1 <= limit <= 10:
        raise validation.parameter_out_of_range("MaxResults", limit, "Must be between 1 and 10, if provided.")
    return {"Results": move_tasks.listing(ctx.store, req["SourceArn"], limit)}


def list_queue_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    return {"Tags": dict(queue.tags)} if queue.tags else {}


def list_queues(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = delivery.queues(ctx.store, ctx.account, ctx.region)
    prefix = req.get("QueueNamePrefix") or ""
    names = sorted(n for n in table.rows if n.startswith(prefix))
    page, token = _page(names, req.get("NextToken"), req.get("MaxResults"))
    out: dict[str, Any] = {}
    if page:
        out["QueueUrls"] = [_url(ctx, table[n]) for n in page]
    if token:
        out["NextToken"] = token
    return out


def purge_queue(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    now = ctx.clock.now()
    if queue.purged_at is not None and now - queue.purged_at < PURGE_INTERVAL:
        raise AwsError(
            "PurgeQueueInProgress", f"Only one PurgeQueue operation on {queue.name} is allowed every {int(PURGE_INTERVAL)} seconds."
        )
    delivery.clear_messages(ctx.store, ctx.runtime, queue)
    fifo.clear(ctx.store, queue)  # a purged FIFO queue takes the same deduplication ids again
    queue.purged_at = now
    _touch(ctx, queue)
    return {}


async def receive_message(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    await kms.check(ctx, queue)
    limit = req.get("MaxNumberOfMessages", 1)
    if not 1 <= limit <= 10:
        raise validation.parameter_out_of_range("MaxNumberOfMessages", limit, "Must be between 1 and 10, if provided.")
    wait = req.get("WaitTimeSeconds")
    if wait is None:
        wait = queue.int_attr("ReceiveMessageWaitTimeSeconds")
    elif not 0 <= wait <= MAX_WAIT:
        raise validation.parameter_out_of_range("WaitTimeSeconds", wait, f"Must be >= 0 and <= {MAX_WAIT}, if provided.")
    visibility = req.get("VisibilityTimeout")
    if visibility is None:
        visibility = queue.int_attr("VisibilityTimeout")
    validation.check_visibility(visibility)
    system_names = views.system_attribute_names([*req.get("AttributeNames", []), *req.get("MessageSystemAttributeNames", [])])
    wanted = views.attribute_filter(req.get("MessageAttributeNames", []))
    attempt = req.get("ReceiveRequestAttemptId") if queue.fifo else None

    store, clock = ctx.store, ctx.clock
    deadline = clock.now() + wait
    key = delivery.signal_key(queue)
    while True:
        now = clock.now()
        current: Queue | None = delivery.queues(store, queue.account, queue.region).get(queue.name)
        if current is not queue:
            return {}  # deleted (or replaced) while we waited
        received: list[Message] | None = None
        if attempt:
            received = fifo.replay_attempt(queue, delivery.messages(store, queue), attempt, now)
        if received is None:
            received = delivery.receive(store, ctx.runtime, queue, now, limit, visibility)
            if attempt and received:
                fifo.record_attempt(queue, attempt, received, now)
                _touch(ctx, queue)
        if received or now >= deadline:
            break
        # Wake on a send, or within a second to see delays and visibility timeouts
        # run out (also after the clock is moved).
        await ctx.runtime.signals.wait(key, min(deadline - now, 1.0))
    if not received:
        return {}
    return {
        "Messages": [views.render(m, delivery.receipt_handle(queue, m), system_names, wanted) for m in received]
    }


def remove_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    permissions.remove(queue, req["Label"])
    queue.modified = ctx.clock.now()
    _touch(ctx, queue)
    return {}


def _send(ctx: RequestContext, queue: Queue, entry: dict[str, Any]) -> dict[str, Any]:
    """SendMessage's work, for one message (SendMessageBatch runs it per entry)."""
    body = entry.get("MessageBody", "")
    validation.check_body(body)
    attrs = validation.check_message_attributes(entry.get("MessageAttributes") or {})
    system = validation.check_system_attributes(entry.get("MessageSystemAttributes") or {})
    md5_system = md5_of_attributes(system)  # of what the client sent
    trace = ctx.request.headers.get("x-amzn-trace-id") if ctx.request is not None else None
    if trace and "AWSTraceHeader" not in system:
        # The X-Ray trace of the sending request travels with the message (as AWS does).
        system = {**system, "AWSTraceHeader": {"DataType": "String", "StringValue": trace}}
    validation.check_size(validation.message_size(body, attrs), queue.int_attr("MaximumMessageSize"))
    delay = entry.get("DelaySeconds")
    group_id = entry.get("MessageGroupId")
    dedup_id = entry.get("MessageDeduplicationId")
    now = ctx.clock.now()
    if queue.fifo:
        if delay is not None and delay != 0:
            raise validation.parameter_out_of_range(
                "DelaySeconds", delay, "The request include parameter that is not valid for this queue type."
            )
        if not group_id:
            raise AwsError("MissingParameter", "The request must contain the parameter MessageGroupId.")
        validation.check_group_or_dedup_id("MessageGroupId", group_id)
        if dedup_id is None:
            if queue.attributes.get("ContentBasedDeduplication") != "true":
                raise validation.invalid_parameter(
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
                )
            dedup_id = fifo.content_dedup_id(body)
        validation.check_group_or_dedup_id("MessageDeduplicationId", dedup_id)
    else:
        if dedup_id is not None:
            raise validation.parameter_out_of_range(
                "MessageDeduplicationId", dedup_id, "The request include parameter that is not valid for this queue type."
            )
        if group_id is not None:  # fair queues: a tenant id on a standard queue
            validation.check_group_or_dedup_id("MessageGroupId", group_id)
        if delay is not None:
            validation.check_delay(delay)
    md5_body = md5_of_body(body)
    md5_attrs = md5_of_attributes(attrs)
    answer: dict[str, Any] = {"MD5OfMessageBody": md5_body}
    if md5_attrs:
        answer["MD5OfMessageAttributes"] = md5_attrs
    if md5_system:
        answer["MD5OfMessageSystemAttributes"] = md5_system
    if queue.fifo:
        assert dedup_id is not None and group_id is not None
        seen = fifo.duplicate(ctx.store, queue, dedup_id, group_id, now)
        if seen is not None:
            answer["MessageId"] = seen.message_id
            if seen.sequence_number:
                answer["SequenceNumber"] = seen.sequence_number
            return answer
    message = delivery.new_message(
        queue,
        now,
        body,
        md5_body,
        delay=queue.int_attr("DelaySeconds") if delay is None or queue.fifo else delay,
        sender_id=ctx.principal.user_id or ctx.account,
        attributes=attrs,
        md5_attributes=md5_attrs,
        system_attributes=system,
        md5_system_attributes=md5_system,
        group_id=group_id,
        dedup_id=dedup_id,
    )
    if queue.fifo:
        assert dedup_id is not None and group_id is not None
        fifo.remember(ctx.store, ctx.runtime, queue, dedup_id, group_id, message, now)
    delivery.store_message(ctx.store, ctx.runtime, queue, message)
    answer["MessageId"] = message.message_id
    if message.sequence_number:
        answer["SequenceNumber"] = message.sequence_number
    return answer


async def send_message(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    await kms.check(ctx, queue)
    return _send(ctx, queue, req)


async def send_message_batch(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    await kms.check(ctx, queue)
    entries = req["Entries"]
    validation.check_batch(entries, "SendMessageBatchRequestEntry")
    total = sum(
        validation.message_size(e.get("MessageBody", ""), e.get("MessageAttributes") or {})
        for e in entries
        if all("DataType" in v for v in (e.get("MessageAttributes") or {}).values())
    )
    if total > validation.MAX_BATCH_BYTES:
        raise AwsError(
            "BatchRequestTooLong",
            f"Batch requests cannot be longer than {validation.MAX_BATCH_BYTES} bytes. You have sent {total} bytes.",
        )
    return _batch(entries, "SendMessageBatchRequestEntry", lambda entry: _send(ctx, queue, entry))


def set_queue_attributes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    given: dict[str, str] = dict(req.get("Attributes") or {})
    if "FifoQueue" in given and not queue.fifo:
        raise attributes.unknown("FifoQueue")
    if "FifoQueue" in given and given["FifoQueue"].strip().lower() != "true":
        raise attributes.invalid("FifoQueue", "Modifying queue type is not supported.")
    changes = _normalized(ctx, queue.name, queue.arn, queue.fifo, given)
    changes.pop("FifoQueue", None)
    attributes.apply(queue, changes)
    queue.modified = ctx.clock.now()
    _touch(ctx, queue)
    return {}


def start_message_move_task(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    task = move_tasks.start(
        ctx.store, ctx.runtime, req["SourceArn"], req.get("DestinationArn"), req.get("MaxNumberOfMessagesPerSecond"), ctx.clock.now()
    )
    return {"TaskHandle": move_tasks.task_handle(task)}


def tag_queue(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    if not req.get("Tags"):
        raise AwsError("MissingParameter", "The request must contain the parameter Tags.")
    merged = {**queue.tags, **req["Tags"]}
    if len(merged) > MAX_TAGS:
        raise validation.invalid_parameter(f"Too many tags added for queue {queue.name}.")
    queue.tags = merged
    _touch(ctx, queue)
    return {}


def untag_queue(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = _queue(ctx, req["QueueUrl"])
    if not req.get("TagKeys"):
        raise AwsError("MissingParameter", "The request must contain the parameter TagKeys.")
    for key in req["TagKeys"]:
        queue.tags.pop(key, None)
    _touch(ctx, queue)
    return {}

