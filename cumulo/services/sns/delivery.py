"""Fan-out: a published notification to every subscription its filter policy admits.

- SQS and Lambda are delivered while Publish runs, through `services.call` (SendMessage with the
  envelope or the raw body and attributes, FIFO group and deduplication ids; an `Event` Invoke with
  the `Records[].Sns` event, whose retries are Lambda's own). Both land in the same store commit as
  the publish, so an acknowledged message is never lost. Delivering in publish order keeps a FIFO
  topic's group order in a FIFO queue.
- HTTP/S deliveries (and subscription confirmations) become `Delivery` rows before Publish answers
  and run on the event loop; a failed POST is retried per the delivery policy (immediate, pre-backoff,
  backoff, post-backoff phases) at cumulo-clock times, picked up by the `run_due` tick, so a test
  moves the clock instead of waiting; a restart resumes them. When retries run out, or at once for a
  client-side failure of SQS/Lambda (queue or function gone), the message goes to the subscription's
  dead-letter queue (RedrivePolicy) if it has one.
- Email, email-json, SMS and application endpoints are recorded in the `ledger` table.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import uuid
from collections import deque
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core import outbound
from cumulo.core.errors import AwsError
from cumulo.services.sns import envelope, filter_policy, smtp_client
from cumulo.services.sns.attributes import DEFAULT_HTTP_RETRY
from cumulo.services.sns.models import Delivery, LedgerEntry, Notification, Subscription, Topic, seq_key, subs_table

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Table

log = logging.getLogger("cumulo.sns")
LEDGER_PROTOCOLS = {"email", "email-json", "sms", "application"}
PUBLISHED_KEPT = 10_000
OUTBOUND = 32


def scope_of(runtime: Runtime, arn: str) -> tuple[str, str]:
    parts = arn.split(":")
    return parts[4], parts[3]


def subscriptions(runtime: Runtime, topic: Topic) -> Table:
    return runtime.store.scope("sns", topic.account, topic.region).table(subs_table(topic.name))


def find_subscription(runtime: Runtime, arn: str) -> tuple[Topic | None, Subscription | None]:
    parts = arn.split(":")
    if len(parts) != 7:
        return None, None
    scope = runtime.store.scope("sns", parts[4], parts[3])
    topic = scope.table("topics").get(parts[5])
    if topic is None:
        return None, None
    return topic, scope.table(subs_table(parts[5])).get(parts[6])


def record_published(runtime: Runtime, n: Notification) -> None:
    """The in-memory log behind GET /_cumulo/sns/messages (fakecloud's shape). Each entry keeps the
    scope it was published in: a reset drops scopes, and with them what the log shows (`published`)."""
    log_ = runtime.live.get("sns-published")
    if log_ is None:
        log_ = runtime.live["sns-published"] = deque(maxlen=PUBLISHED_KEPT)
    account, region = scope_of(runtime, n.topic_arn)
    log_.append((runtime.store.scope("sns", account, region), n))


def published(runtime: Runtime) -> list[Notification]:
    scopes = runtime.store.scopes
    return [n for scope, n in runtime.live.get("sns-published") or () if scopes.get(scope.key) is scope]


def _outcomes(runtime: Runtime) -> deque[tuple[Any, dict[str, Any]]]:
    found = runtime.live.get("sns-outcomes")
    if found is None:
        found = runtime.live["sns-outcomes"] = deque(maxlen=PUBLISHED_KEPT)
    return found


def outcomes(runtime: Runtime) -> list[dict[str, Any]]:
    """What became of recent deliveries (every protocol), newest last; a reset clears them (see `published`)."""
    scopes = runtime.store.scopes
    return [o for scope, o in _outcomes(runtime) if scopes.get(scope.key) is scope]


def _outcome(runtime: Runtime, sub: Subscription, n: Notification, error: str = "", attempts: int = 1) -> None:
    account, region = scope_of(runtime, sub.topic_arn)
    _outcomes(runtime).append((runtime.store.scope("sns", account, region), {
        "subscriptionArn": sub.arn, "messageId": n.message_id, "protocol": sub.protocol, "endpoint": sub.endpoint,
        "status": "failed" if error else "delivered", "attempts": attempts, "error": error}))


async def fan_out(runtime: Runtime, topic: Topic, n: Notification) -> int:
    """Deliver to every confirmed subscription that admits the message; returns how many."""
    count = 0
    for sub in list(subscriptions(runtime, topic).rows.values()):
        if not sub.confirmed:
            continue
        attrs = sub.attributes
        policy = attrs.get("FilterPolicy")
        if policy and not filter_policy.admits(policy, attrs.get("FilterPolicyScope", "MessageAttributes"), n.attributes, n.body_for(sub.protocol)):
            continue
        await deliver(runtime, topic, sub, n)
        count += 1
    return count


def _raw(sub: Subscription) -> bool:
    return sub.attributes.get("RawMessageDelivery") == "true"


def body_for(runtime: Runtime, topic: Topic, sub: Subscription, n: Notification) -> str:
    body = n.body_for(sub.protocol)
    if _raw(sub):
        return body
    version = topic.attributes.get("SignatureVersion") or "1"
    return json.dumps(envelope.notification(runtime, n, sub, version, body), separators=(",", ":"))


async def deliver(runtime: Runtime, topic: Topic, sub: Subscription, n: Notification) -> None:
    protocol = sub.protocol
    try:
        if protocol == "sqs":
            await to_queue(runtime, sub.endpoint, body_for(runtime, topic, sub, n), n.attributes if _raw(sub) else None, n)
        elif protocol == "lambda":
            version = topic.attributes.get("SignatureVersion") or "1"
            event = envelope.lambda_event(runtime, n, sub, version, n.body_for("lambda"))
            account, region = scope_of(runtime, sub.endpoint)
            params = {"FunctionName": sub.endpoint, "InvocationType": "Event", "Payload": json.dumps(event).encode()}
            await services.call(runtime, "lambda", "Invoke", params, account, region)
        elif protocol in ("http", "https"):
            enqueue(runtime, topic, sub, n, "Notification")
        elif protocol == "firehose":
            await _to_firehose(runtime, sub, body_for(runtime, topic, sub, n))
        elif protocol in LEDGER_PROTOCOLS:
            body = body_for(runtime, topic, sub, n) if protocol == "email-json" else n.body_for(protocol)
            ledger(runtime, topic.account, topic.region, protocol, sub.endpoint, sub.arn, topic.arn, n, body)
            if protocol in ("email", "email-json") and runtime.config.smtp_relay:
                enqueue(runtime, topic, sub, n, "Notification")
                return
        if protocol not in ("http", "https"):
            _outcome(runtime, sub, n)
    except AwsError as error:
        # A client-side failure (the queue or function is gone, refused the message): no retries.
        _outcome(runtime, sub, n, f"{error.code}: {error.message}")
        await dead_letter(runtime, topic, sub, n)


async def _to_firehose(runtime: Runtime, sub: Subscription, body: str) -> None:
    if services.get("firehose") is None:
        raise AwsError("InvalidParameter", "cumulo has no Firehose service yet")
    account, region = scope_of(runtime, sub.endpoint)
    name = sub.endpoint.split("/")[-1]
    await services.call(runtime, "firehose", "PutRecord", {"DeliveryStreamName": name, "Record": {"Data": body.encode()}}, account, region)


def _queue_url_cache(runtime: Runtime) -> dict[str, str]:
    cache = runtime.live.get("sns-queue-urls")
    if cache is None:
        cache = runtime.live["sns-queue-urls"] = {}
    return cache


async def to_queue(runtime: Runtime, arn: str, body: str, attributes: dict[str, Any] | None, n: Notification | None) -> None:
    parts = arn.split(":")
    if len(parts) != 6:
        raise AwsError("InvalidParameter", f"Invalid SQS endpoint ARN: {arn}")
    region, account, name = parts[3], parts[4], parts[5]
    cache = _queue_url_cache(runtime)
    url = cache.get(arn)
    if url is None:
        url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": name, "QueueOwnerAWSAccountId": account}, account, region))["QueueUrl"]
        cache[arn] = url
    message: dict[str, Any] = {"QueueUrl": url, "MessageBody": body}
    if attributes:
        message["MessageAttributes"] = {k: _sqs_attribute(v) for k, v in attributes.items()}
    if name.endswith(".fifo") and n is not None:
        message["MessageGroupId"] = n.group_id or "default"
        message["MessageDeduplicationId"] = n.dedup_id or n.message_id
    try:
        await services.call(runtime, "sqs", "SendMessage", message, account, region)
    except AwsError as error:
        if error.code in ("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"):
            cache.pop(arn, None)
        raise


def _sqs_attribute(value: dict[str, Any]) -> dict[str, Any]:
    out = {"DataType": value["DataType"]}
    if "StringValue" in value:
        out["StringValue"] = value["StringValue"]
    else:
        out["BinaryValue"] = value.get("BinaryValue", b"")
    return out


async def dead_letter(runtime: Runtime, topic: Topic, sub: Subscription, n: Notification) -> None:
    policy = sub.attributes.get("RedrivePolicy")
    if not policy:
        return
    target = json.loads(policy).get("deadLetterTargetArn", "")
    try:
        await to_queue(runtime, target, body_for(runtime, topic, sub, n), n.attributes if _raw(sub) else None, n)
    except AwsError as error:
        log.warning("sns: dead-letter queue %s refused message %s: %s", target, n.message_id, error)


def ledger(runtime: Runtime, account: str, region: str, protocol: str, endpoint: str, sub_arn: str, topic_arn: str, n: Notification, body: str) -> None:
    table = runtime.store.scope("sns", account, region).table("ledger")
    key = f"{runtime.clock.now():020.6f}-{uuid.uuid4().hex[:8]}"
    table[key] = LedgerEntry(key, protocol, endpoint, sub_arn, topic_arn, n.message_id, body, n.subject, dict(n.attributes), n.timestamp,
                             "json" if n.structured is not None else None)


# ---------------------------------------------------------------- HTTP/S: stored, retried on the clock


def enqueue(runtime: Runtime, topic: Topic, sub: Subscription, n: Notification, kind: str) -> None:
    now = runtime.clock.now()
    table = runtime.store.scope("sns", topic.account, topic.region).table("deliveries")
    d = Delivery(uuid.uuid4().hex, sub.arn, n, now, now, kind=kind, subscription=sub if kind == "UnsubscribeConfirmation" else None)
    table[d.id] = d
    _start(runtime, topic.account, topic.region, d.id)


def _start(runtime: Runtime, account: str, region: str, did: str) -> None:
    running: set[str] = runtime.live.setdefault("sns-running", set())
    if did in running:
        return
    running.add(did)
    tasks: set[asyncio.Task[None]] = runtime.live.setdefault("sns-tasks", set())
    task = asyncio.get_running_loop().create_task(attempt(runtime, account, region, did))
    tasks.add(task)

    def done(t: asyncio.Task[None]) -> None:
        tasks.discard(t)
        running.discard(did)

    task.add_done_callback(done)


def run_due(runtime: Runtime, now: float) -> None:
    """Tick: start every stored delivery whose next attempt is due (retries, and after a restart)."""
    running: set[str] = runtime.live.setdefault("sns-running", set())
    for scope in runtime.store.scopes_of("sns"):
        for did, d in list(scope.table("deliveries").rows.items()):
            if d.next_attempt <= now and did not in running:
                _start(runtime, scope.account, scope.region, did)


def retry_policy(topic: Topic, sub: Subscription) -> dict[str, Any]:
    policy = dict(DEFAULT_HTTP_RETRY)
    if topic.attributes.get("DeliveryPolicy"):
        given = json.loads(topic.attributes["DeliveryPolicy"]).get("http") or {}
        policy.update(given.get("defaultHealthyRetryPolicy") or {})
    if sub.attributes.get("DeliveryPolicy"):
        policy.update(json.loads(sub.attributes["DeliveryPolicy"]).get("healthyRetryPolicy") or {})
    return policy


def retry_delay(policy: dict[str, Any], retry: int) -> float:
    """Seconds before retry number `retry` (1-based), through the four phases of a delivery policy."""
    lo, hi = float(policy["minDelayTarget"]), float(policy["maxDelayTarget"])
    total = int(policy["numRetries"])
    no_delay, min_delay, max_delay = int(policy["numNoDelayRetries"]), int(policy["numMinDelayRetries"]), int(policy["numMaxDelayRetries"])
    if retry <= no_delay:
        return 0.0
    if retry <= no_delay + min_delay:
        return lo
    if retry > total - max_delay:
        return hi
    steps = max(1, total - no_delay - min_delay - max_delay)
    i = retry - no_delay - min_delay  # 1 .. steps
    fraction = i / steps
    fn = policy.get("backoffFunction", "linear")
    if fn == "exponential":
        value = lo * math.pow(hi / lo, fraction)
    elif fn == "geometric":
        value = lo + (hi - lo) * fraction * fraction
    elif fn == "arithmetic":
        value = lo + (hi - lo) * (i * (i + 1) / 2) / (steps * (steps + 1) / 2)
    else:
        value = lo + (hi - lo) * fraction
    return min(hi, max(lo, value))


def _headers(kind: str, d: Delivery, sub: Subscription, topic: Topic, raw: bool) -> dict[str, str]:
    headers = {
        "Content-Type": "text/plain; charset=UTF-8",
        "User-Agent": "Amazon Simple Notification Service Agent",
        "x-amz-sns-message-type": kind,
        "x-amz-sns-message-id": d.notification.message_id,
        "x-amz-sns-topic-arn": topic.arn,
    }
    if kind == "Notification":
        headers["x-amz-sns-subscription-arn"] = sub.arn
        if raw:
            headers["x-amz-sns-rawdelivery"] = "true"
    return headers


def _outbound(runtime: Runtime) -> asyncio.Semaphore:
    """At most OUTBOUND connections to endpoints at once: a burst of publishes to a webhook queues
    here instead of opening thousands of sockets."""
    gate = runtime.live.get("sns-outbound")
    if gate is None:
        gate = runtime.live["sns-outbound"] = asyncio.Semaphore(OUTBOUND)
    return gate


async def attempt(runtime: Runtime, account: str, region: str, did: str) -> None:
    """POST a stored delivery; on failure retry at once (no-delay phase) or at the policy's next time."""
    table = runtime.store.scope("sns", account, region).table("deliveries")
    while True:
        d: Delivery | None = table.get(did)
        if d is None:
            return
        topic, sub = find_subscription(runtime, d.subscription_arn)
        if d.subscription is not None and topic is None:
            parts = d.subscription_arn.split(":")
            topic = runtime.store.scope("sns", parts[4], parts[3]).table("topics").get(parts[5])
        sub = sub or d.subscription
        if topic is None or sub is None:
            del table[did]
            runtime.store.commit()
            return
        version = topic.attributes.get("SignatureVersion") or "1"
        if d.kind == "Notification":
            body = d.notification.body_for("email") if sub.protocol == "email" else body_for(runtime, topic, sub, d.notification)
        else:
            doc = envelope.confirmation(runtime, d.kind, d.notification.message_id, sub, sub.token, d.notification.timestamp, version)
            body = json.dumps(doc, separators=(",", ":"))
        async with _outbound(runtime):
            if sub.protocol in ("email", "email-json"):
                error = await _email(runtime, topic, sub, d, body)
                status = None if error else 200
            else:
                status, _, error = await outbound.post(sub.endpoint, body.encode(), _headers(d.kind, d, sub, topic, _raw(sub)))
        if table.get(did) is not d:
            return  # reset meanwhile
        d.attempts += 1
        if status is not None and 200 <= status < 300:
            del table[did]
            if d.kind == "Notification":
                _outcome(runtime, sub, d.notification, attempts=d.attempts)
            runtime.store.commit()
            return
        d.last_error = error or f"HTTP {status}"
        policy = retry_policy(topic, sub)
        if d.attempts > int(policy["numRetries"]):
            del table[did]
            _outcome(runtime, sub, d.notification, d.last_error, d.attempts)
            if d.kind == "Notification":
                await dead_letter(runtime, topic, sub, d.notification)
            runtime.store.commit()
            return
        d.next_attempt = runtime.clock.now() + retry_delay(policy, d.attempts)
        table.touch(did)
        runtime.store.commit()
        if d.next_attempt > runtime.clock.now():
            return  # the run_due tick starts it when the clock gets there


async def _email(runtime: Runtime, topic: Topic, sub: Subscription, d: Delivery, body: str) -> str:
    """An email through the configured relay, as SNS writes them: the topic's DisplayName as sender."""
    sender = f"{topic.attributes.get('DisplayName') or 'AWS Notifications'} <no-reply@sns.amazonaws.com>"
    if d.kind == "SubscriptionConfirmation":
        subject = "AWS Notification - Subscription Confirmation"
        text = (f"You have chosen to subscribe to the topic:\n{topic.arn}\n\nTo confirm this subscription, click or visit the link below "
                f"(If this was in error no action is necessary):\n{envelope.subscribe_url(runtime, topic.arn, sub.token)}\n")
    else:
        subject = d.notification.subject or "AWS Notification Message"
        if sub.protocol == "email":
            body = (f"{body}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below "
                    f"to unsubscribe:\n{envelope.unsubscribe_url(runtime, sub.arn)}\n")
        text = body
    return await smtp_client.send(runtime.config.smtp_relay, sender, sub.endpoint, subject, text)


def pending(runtime: Runtime) -> list[Delivery]:
    return [d for scope in runtime.store.scopes_of("sns") for d in scope.table("deliveries").rows.values()]


def next_sequence(topic: Topic) -> str:
    seq = topic.next_seq
    topic.next_seq += 1
    return seq_key(seq)
