"""Subscription handlers: subscribe (with the HTTP/S and email confirmation handshakes), confirm,
unsubscribe, attributes (filter policies, raw delivery, redrive, replay), listing."""

from __future__ import annotations

import json
import re
import secrets
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import sns as wire
from cumulo.services.sns import attributes, delivery, envelope, filter_policy, policy, replay
from cumulo.services.sns.api.common import page, subscription, topic, topic_subscriptions, touch_subscription, touch_topic
from cumulo.services.sns.errors import invalid
from cumulo.services.sns.models import Notification, Subscription, Topic, new_id, subs_table

PROTOCOLS = ("http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose")
AUTO_CONFIRMED = {"sqs", "lambda", "application", "firehose", "sms"}
PENDING = "pending confirmation"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{7,15}$")


def _check_endpoint(t: Topic, protocol: str, endpoint: str) -> None:
    if protocol not in PROTOCOLS:
        raise invalid(f"Amazon SNS does not support this protocol string: {protocol}")
    if protocol in ("http", "https") and not endpoint.lower().startswith(protocol + "://"):
        raise invalid("Endpoint must match the specified protocol")
    parts = endpoint.split(":")
    if protocol == "sqs":
        if len(parts) != 6 or parts[2] != "sqs":
            raise invalid("SQS endpoint ARN")
        if parts[5].endswith(".fifo") and not t.fifo:
            raise invalid("Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics")
    elif protocol == "lambda" and (len(parts) < 7 or parts[2] != "lambda"):
        raise invalid("Lambda endpoint ARN")
    elif protocol == "firehose" and (len(parts) != 6 or parts[2] != "firehose"):
        raise invalid("Firehose endpoint ARN")
    elif protocol == "application" and (len(parts) != 6 or parts[2] != "sns" or not parts[5].startswith("endpoint/")):
        raise invalid("Application endpoint ARN")
    elif protocol in ("email", "email-json") and not _EMAIL.match(endpoint):
        raise invalid("Email address")
    elif protocol == "sms" and not _PHONE.match(endpoint.replace("-", "").replace(" ", "")):
        raise invalid(f"Invalid SMS endpoint: {endpoint}")
    if t.fifo and protocol != "sqs":  # FIFO topics deliver to SQS queues only
        raise invalid(f"Invalid protocol type: {protocol}")


async def subscribe(ctx: RequestContext, req: wire.SubscribeInput) -> wire.SubscribeResponse:
    t = topic(ctx, req["TopicArn"])
    policy.check(ctx, t, "Subscribe")
    protocol = (req["Protocol"] or "").lower()
    endpoint = req.get("Endpoint") or ""
    _check_endpoint(t, protocol, endpoint)
    table = topic_subscriptions(ctx, t)
    given = dict(req.get("Attributes") or {})
    if protocol == "firehose" and not given.get("SubscriptionRoleArn"):
        raise invalid("Attributes Reason: SubscriptionRoleArn is required for firehose subscriptions")
    sub = Subscription(str(uuid.uuid4()), t.arn, protocol, endpoint, ctx.account, ctx.clock.now())
    for name, value in _ordered(given):
        sub.attributes[name] = attributes.check_subscription_attribute(sub, name, value)
    for existing in table.rows.values():
        if existing.protocol == protocol and existing.endpoint == endpoint:
            if any(existing.attributes.get(k, "") != v for k, v in given.items()):
                raise invalid("Attributes Reason: Subscription already exists with different attributes")
            shown = existing.arn if existing.confirmed or req.get("ReturnSubscriptionArn") else PENDING
            return {"SubscriptionArn": shown}
    _check_policy_limit(table, given)
    # A queue of another account must confirm: SNS sends the SubscriptionConfirmation into the queue.
    foreign_queue = protocol == "sqs" and endpoint.split(":")[4] not in (ctx.account, t.account)
    sub.confirmed = protocol in AUTO_CONFIRMED and not foreign_queue
    if not sub.confirmed:
        sub.token = secrets.token_hex(64)
    table[sub.id] = sub
    if protocol in ("http", "https") or (protocol in ("email", "email-json") and ctx.runtime.config.smtp_relay):
        n = Notification(new_id(), t.arn, "", ctx.clock.now())
        delivery.enqueue(ctx.runtime, t, sub, n, "SubscriptionConfirmation")
    elif foreign_queue:
        version = t.attributes.get("SignatureVersion") or "1"
        doc = envelope.confirmation(ctx.runtime, "SubscriptionConfirmation", new_id(), sub, sub.token, ctx.clock.now(), version)
        try:
            await delivery.to_queue(ctx.runtime, endpoint, json.dumps(doc, separators=(",", ":")), None, None)
        except AwsError:
            pass  # the queue is not there (yet): the subscription stays pending, as on AWS
    if sub.attributes.get("ReplayPolicy") and sub.confirmed:
        await replay.start(ctx.runtime, t, sub)
    return {"SubscriptionArn": sub.arn if sub.confirmed or req.get("ReturnSubscriptionArn") else PENDING}


def _ordered(given: dict[str, str]) -> list[tuple[str, str]]:
    """The scope before the policy, so the policy is checked against the scope it will have."""
    return sorted(given.items(), key=lambda kv: kv[0] != "FilterPolicyScope")


def _check_policy_limit(table: Any, given: dict[str, str]) -> None:
    if given.get("FilterPolicy") and sum(1 for s in table.rows.values() if s.attributes.get("FilterPolicy")) >= filter_policy.MAX_POLICIES_PER_TOPIC:
        raise AwsError("FilterPolicyLimitExceeded", "Filter policy limit exceeded")


def confirm(ctx: RequestContext, t: Topic, token: str) -> Subscription:
    for sub in topic_subscriptions(ctx, t).rows.values():
        if sub.token and secrets.compare_digest(sub.token, token):
            if not sub.confirmed:
                sub.confirmed = True
                touch_subscription(ctx, t, sub)
            return sub
    raise invalid("Token")


async def confirm_subscription(ctx: RequestContext, req: wire.ConfirmSubscriptionInput) -> wire.ConfirmSubscriptionResponse:
    t = topic(ctx, req["TopicArn"])
    sub = confirm(ctx, t, req["Token"])
    if str(req.get("AuthenticateOnUnsubscribe", "")).lower() == "true":
        sub.authenticate_on_unsubscribe = True
        touch_subscription(ctx, t, sub)
    if sub.attributes.get("ReplayPolicy"):
        await replay.start(ctx.runtime, t, sub)
    return {"SubscriptionArn": sub.arn}


def unsubscribe(ctx: RequestContext, req: wire.UnsubscribeInput) -> dict[str, Any]:
    try:
        t, sub = subscription(ctx, req["SubscriptionArn"])
    except AwsError as error:
        if error.code == "NotFound":
            return {}  # already gone: AWS answers success
        raise
    del topic_subscriptions(ctx, t)[sub.id]
    t.deleted_subscriptions += 1
    touch_topic(ctx, t)
    if sub.protocol in ("http", "https") and sub.confirmed:
        # The endpoint hears of it, with a token that would subscribe it again.
        sub.token = secrets.token_hex(64)
        delivery.enqueue(ctx.runtime, t, sub, Notification(new_id(), t.arn, "", ctx.clock.now()), "UnsubscribeConfirmation")
    return {}


def get_subscription_attributes(ctx: RequestContext, req: wire.GetSubscriptionAttributesInput) -> wire.GetSubscriptionAttributesResponse:
    _, sub = subscription(ctx, req["SubscriptionArn"])
    return {"Attributes": attributes.subscription_view(sub)}


async def set_subscription_attributes(ctx: RequestContext, req: wire.SetSubscriptionAttributesInput) -> dict[str, Any]:
    t, sub = subscription(ctx, req["SubscriptionArn"])
    name, value = req["AttributeName"], req.get("AttributeValue") or ""
    if name == "FilterPolicy" and value and not sub.attributes.get("FilterPolicy"):
        _check_policy_limit(topic_subscriptions(ctx, t), {"FilterPolicy": value})
    value = attributes.check_subscription_attribute(sub, name, value)
    if value == "":
        sub.attributes.pop(name, None)
    else:
        sub.attributes[name] = value
    touch_subscription(ctx, t, sub)
    if name == "ReplayPolicy" and value and sub.confirmed:
        await replay.start(ctx.runtime, t, sub)
    return {}


def _listed(sub: Subscription) -> dict[str, str]:
    return {"SubscriptionArn": sub.arn if sub.confirmed else "PendingConfirmation", "Owner": sub.owner, "Protocol": sub.protocol,
            "Endpoint": sub.endpoint, "TopicArn": sub.topic_arn}


def list_subscriptions(ctx: RequestContext, req: wire.ListSubscriptionsInput) -> dict[str, Any]:
    subs: list[Subscription] = []
    for name in sorted(ctx.scope.table("topics").rows):
        subs.extend(sorted(ctx.scope.table(subs_table(name)).rows.values(), key=lambda s: s.created))
    chunk, token = page(subs, req.get("NextToken"))
    out: dict[str, Any] = {"Subscriptions": [_listed(s) for s in chunk]}
    if token:
        out["NextToken"] = token
    return out


def list_subscriptions_by_topic(ctx: RequestContext, req: wire.ListSubscriptionsByTopicInput) -> dict[str, Any]:
    t = topic(ctx, req["TopicArn"])
    policy.check(ctx, t, "ListSubscriptionsByTopic")
    subs = sorted(topic_subscriptions(ctx, t).rows.values(), key=lambda s: s.created)
    chunk, token = page(subs, req.get("NextToken"))
    out: dict[str, Any] = {"Subscriptions": [_listed(s) for s in chunk]}
    if token:
        out["NextToken"] = token
    return out

