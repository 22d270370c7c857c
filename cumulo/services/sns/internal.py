"""SNS introspection and the URLs SNS messages carry.

- `GET /_cumulo/sns/messages` (= `/_fakecloud/sns/messages`): every published message, in the
  fakecloud SDK's shape `{"messages": [{"messageId", "topicArn", "message", "subject", "timestamp"}]}`
  (its dataclass rejects unknown keys, so no more than those).
- `GET /_cumulo/sns/deliveries`: the delivery ledger (email, email-json, SMS, application endpoints),
  the HTTP/S deliveries still pending (with attempts and next attempt time), and the outcome of recent
  deliveries of every protocol (`outcomes`; `failed` are those that failed).
- `GET .../sns/sms`: SMS sent, fakecloud's `{"messages": [{"phoneNumber", "message"}]}`.
- `GET .../sns/pending-confirmations`, `POST .../sns/confirm-subscription {"subscriptionArn"}`: fakecloud's.
- `GET .../sns/cert.pem`: the certificate at every message's SigningCertURL.
- `GET .../sns/confirm?TopicArn=&Token=`: a SubscriptionConfirmation's SubscribeURL (answers like
  ConfirmSubscription); `GET .../sns/unsubscribe?SubscriptionArn=`: every notification's UnsubscribeURL.
- `POST .../sns/opt-out {"phoneNumber", "accountId"?, "region"?}`: a phone replying STOP.
- LocalStack's: `/_aws/sns/platform-endpoint-messages` and `/_aws/sns/sms-messages` (GET, and DELETE to
  clear; `accountId`, `region`, `endpointArn` / `phoneNumber` narrow them), and
  `/_aws/sns/subscription-tokens/<subscription arn>`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.sns import delivery, envelope, replay, signing
from cumulo.services.sns.models import LedgerEntry, Subscription, Topic, subs_table

NS = "http://sns.amazonaws.com/doc/2010-03-31/"


def _json(value: Any, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "application/json"}, json.dumps(value).encode())


def _xml(body: str, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "text/xml"}, body.encode())


def _params(request: Request) -> dict[str, str]:
    return dict(request.query_params)


async def _body(request: Request) -> dict[str, Any]:
    data = await request.read()
    try:
        value = json.loads(data) if data else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def list_messages(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"messages": [
        {"messageId": n.message_id, "topicArn": n.topic_arn, "message": n.message, "subject": n.subject, "timestamp": envelope.iso(n.timestamp)}
        for n in delivery.published(runtime)
    ]}


def _ledger(runtime: Runtime, params: dict[str, str], protocols: tuple[str, ...]) -> list[tuple[Any, LedgerEntry]]:
    found = []
    for scope in runtime.store.scopes_of("sns"):
        if params.get("accountId") and scope.account != params["accountId"]:
            continue
        if params.get("region") and scope.region != params["region"]:
            continue
        table = scope.table("ledger")
        for key in sorted(table.rows):
            entry = table.rows[key]
            if entry.protocol in protocols:
                found.append((table, entry))
    return found


def deliveries(runtime: Runtime, request: Request) -> dict[str, Any]:
    params = _params(request)
    ledger = [
        {"protocol": e.protocol, "endpoint": e.endpoint, "subscriptionArn": e.subscription_arn, "topicArn": e.topic_arn,
         "messageId": e.message_id, "message": e.body, "subject": e.subject, "messageAttributes": envelope.attributes_json(e.attributes),
         "timestamp": envelope.iso(e.timestamp)}
        for _, e in _ledger(runtime, params, ("email", "email-json", "sms", "application"))
        if not params.get("protocol") or e.protocol == params["protocol"]
    ]
    pending = [
        {"id": d.id, "subscriptionArn": d.subscription_arn, "kind": d.kind, "messageId": d.notification.message_id, "attempts": d.attempts,
         "nextAttempt": envelope.iso(d.next_attempt), "lastError": d.last_error}
        for d in delivery.pending(runtime)
    ]
    done = delivery.outcomes(runtime)
    return {"delivered": ledger, "pending": pending, "outcomes": done, "failed": [o for o in done if o["status"] == "failed"]}


def sms(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"messages": [{"phoneNumber": e.endpoint, "message": e.body} for _, e in _ledger(runtime, {}, ("sms",))]}


def _all_subscriptions(runtime: Runtime) -> list[tuple[Topic, Subscription]]:
    out: list[tuple[Topic, Subscription]] = []
    for scope in runtime.store.scopes_of("sns"):
        for topic in scope.table("topics").rows.values():
            out.extend((topic, s) for s in scope.table(subs_table(topic.name)).rows.values())
    return out


def pending_confirmations(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"pendingConfirmations": [
        {"subscriptionArn": s.arn, "topicArn": s.topic_arn, "protocol": s.protocol, "endpoint": s.endpoint, "token": s.token}
        for _, s in _all_subscriptions(runtime) if not s.confirmed
    ]}


async def _confirm(runtime: Runtime, topic: Topic, sub: Subscription) -> None:
    if not sub.confirmed:
        sub.confirmed = True
        runtime.store.scope("sns", topic.account, topic.region).table(subs_table(topic.name)).touch(sub.id)
        if sub.attributes.get("ReplayPolicy"):
            await replay.start(runtime, topic, sub)


async def confirm_by_arn(runtime: Runtime, request: Request) -> Response:
    arn = (await _body(request)).get("subscriptionArn", "")
    topic, sub = delivery.find_subscription(runtime, arn)
    if topic is None or sub is None:
        return _json({"error": f"no subscription {arn}"}, 404)
    await _confirm(runtime, topic, sub)
    return _json({"confirmed": True})


async def subscribe_url(runtime: Runtime, request: Request) -> Response:
    """The SubscribeURL of a SubscriptionConfirmation: a GET confirms, as on AWS."""
    params = _params(request)
    topic_arn, token = params.get("TopicArn", ""), params.get("Token", "")
    for topic, sub in _all_subscriptions(runtime):
        if topic.arn == topic_arn and sub.token and sub.token == token:
            if not sub.confirmed:
                sub.attributes["ConfirmationWasAuthenticated"] = "false"  # an unsigned GET of the link
            await _confirm(runtime, topic, sub)
            return _xml(
                f'<ConfirmSubscriptionResponse xmlns="{NS}"><ConfirmSubscriptionResult><SubscriptionArn>{escape(sub.arn)}</SubscriptionArn>'
                f"</ConfirmSubscriptionResult><ResponseMetadata><RequestId>{sub.id}</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>"
            )
    return _xml(f'<ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type><Code>InvalidParameter</Code>'
                "<Message>Invalid parameter: Token</Message></Error></ErrorResponse>", 400)


def unsubscribe_url(runtime: Runtime, request: Request) -> Response:
    arn = _params(request).get("SubscriptionArn", "")
    topic, sub = delivery.find_subscription(runtime, arn)
    if sub is not None and sub.authenticate_on_unsubscribe:
        return _xml(f'<ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type><Code>AuthorizationError</Code>'
                    "<Message>This subscription can only be removed by an authenticated Unsubscribe call</Message></Error></ErrorResponse>", 403)
    if topic is not None and sub is not None:
        del runtime.store.scope("sns", topic.account, topic.region).table(subs_table(topic.name))[sub.id]
        topic.deleted_subscriptions += 1
        runtime.store.scope("sns", topic.account, topic.region).table("topics").touch(topic.name)
    return _xml(f'<UnsubscribeResponse xmlns="{NS}"><ResponseMetadata><RequestId>{escape(arn)}</RequestId></ResponseMetadata></UnsubscribeResponse>')


def certificate(runtime: Runtime, request: Request) -> Response:
    return Response(200, {"Content-Type": "application/x-pem-file"}, signing.certificate(runtime))


async def opt_out(runtime: Runtime, request: Request) -> dict[str, Any]:
    body = await _body(request)
    phone = body.get("phoneNumber", "")
    account = body.get("accountId") or runtime.config.default_account
    region = body.get("region") or runtime.config.default_region
    runtime.store.scope("sns", account, region).table("opted_out")[phone] = runtime.clock.now()
    return {"optedOut": phone}


def _localstack_message(e: LedgerEntry, target: str) -> dict[str, Any]:
    return {target: e.endpoint, "TopicArn": e.topic_arn or None, "SubscriptionArn": e.subscription_arn or None, "MessageId": e.message_id,
            "Message": e.body, "MessageAttributes": envelope.attributes_json(e.attributes), "MessageStructure": e.structure, "Subject": e.subject}


def _localstack(runtime: Runtime, request: Request, protocol: str, param: str, target: str, key: str) -> dict[str, Any]:
    params = _params(request)
    found = [(t, e) for t, e in _ledger(runtime, params, (protocol,)) if not params.get(param) or e.endpoint == params[param]]
    if request.method == "DELETE":
        for table, e in found:
            del table[e.key]
        return {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for _, e in found:
        grouped.setdefault(e.endpoint, []).append(_localstack_message(e, target))
    return {key: grouped, "region": params.get("region") or runtime.config.default_region}


def platform_messages(runtime: Runtime, request: Request) -> dict[str, Any]:
    return _localstack(runtime, request, "application", "endpointArn", "TargetArn", "platform_endpoint_messages")


def sms_messages(runtime: Runtime, request: Request) -> dict[str, Any]:
    return _localstack(runtime, request, "sms", "phoneNumber", "PhoneNumber", "sms_messages")


def subscription_token(runtime: Runtime, request: Request, subscription_arn: str) -> Response:
    arn = unquote(subscription_arn)
    _, sub = delivery.find_subscription(runtime, arn)
    if sub is None or not sub.token:
        return _json({"error": "The subscription does not exist or has no pending confirmation", "subscription_arn": arn}, 404)
    return _json({"subscription_token": sub.token, "subscription_arn": arn})
