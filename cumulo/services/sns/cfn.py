"""SNS's CloudFormation resource types: AWS::SNS::Topic (with its inline `Subscription`
list), Subscription, TopicPolicy and TopicInlinePolicy, made through SNS's own API
(cumulo.core.provisioning)."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean

_GONE = {"NotFound", "NotFoundException"}
# Template property -> topic attribute, for plain values.
_TOPIC_ATTRIBUTES = ("DisplayName", "KmsMasterKeyId", "SignatureVersion", "TracingConfig", "ContentBasedDeduplication", "FifoThroughputScope")
_CLEARED = {"DisplayName": "", "KmsMasterKeyId": "", "SignatureVersion": "1", "TracingConfig": "PassThrough", "ContentBasedDeduplication": "false"}
# DeliveryStatusLogging protocol -> the attribute prefix SNS uses for it.
_LOGGING = {"http/s": "HTTP", "sqs": "SQS", "lambda": "Lambda", "firehose": "Firehose", "application": "Application"}
_SUBSCRIPTION_ATTRIBUTES = ("DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _in(ctx: ProvisionContext, region: str | None) -> ProvisionContext:
    if not region or region == ctx.region:
        return ctx
    return ProvisionContext(ctx.runtime, ctx.account, region, ctx.stack_name, ctx.stack_id, ctx.logical_id, ctx.tags)


def _tag_map(ctx: ProvisionContext, template_tags: Any) -> dict[str, str]:
    # SNS refuses the reserved aws: prefix to any caller, so aws:cloudformation:* tags are not put.
    return {k: v for k, v in ctx.tag_map(template_tags).items() if not k.startswith("aws:")}


def _region_of(arn: str) -> str:
    return arn.split(":")[3]


async def _quiet(ctx: ProvisionContext, op: str, request: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return await ctx.call("sns", op, request)
    except AwsError as e:
        if e.code not in _GONE:
            raise
        return None


# ---------------------------------------------------------------- AWS::SNS::Topic


def _topic_attributes(props: dict[str, Any]) -> dict[str, str]:
    attrs = {name: _text(props[name]) for name in _TOPIC_ATTRIBUTES if props.get(name) is not None}
    if props.get("ArchivePolicy"):
        attrs["ArchivePolicy"] = _text(props["ArchivePolicy"])
    for entry in props.get("DeliveryStatusLogging") or []:
        prefix = _LOGGING.get(entry["Protocol"].lower(), entry["Protocol"])
        for member, suffix in (("SuccessFeedbackRoleArn", "SuccessFeedbackRoleArn"), ("SuccessFeedbackSampleRate", "SuccessFeedbackSampleRate"),
                               ("FailureFeedbackRoleArn", "FailureFeedbackRoleArn")):
            if entry.get(member) is not None:
                attrs[f"{prefix}{suffix}"] = _text(entry[member])
    return attrs


def _topic(arn: str) -> Resource:
    return Resource(arn, {"TopicArn": arn, "TopicName": arn.rsplit(":", 1)[1]})


def _pairs(props: dict[str, Any]) -> set[tuple[str, str]]:
    return {(s["Protocol"], s["Endpoint"]) for s in props.get("Subscription") or []}


async def _subscribe_all(ctx: ProvisionContext, arn: str, pairs: set[tuple[str, str]]) -> None:
    for protocol, endpoint in sorted(pairs):
        await ctx.call("sns", "Subscribe", {"TopicArn": arn, "Protocol": protocol, "Endpoint": endpoint})


async def create_topic(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    fifo = boolean(props.get("FifoTopic"))
    name = props.get("TopicName") or ctx.physical_name(256, suffix=".fifo" if fifo else "")
    attrs = _topic_attributes(props)
    if fifo:
        attrs["FifoTopic"] = "true"
    request: dict[str, Any] = {"Name": name, "Attributes": attrs}
    if tags := _tag_map(ctx, props.get("Tags")):
        request["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    if props.get("DataProtectionPolicy"):
        request["DataProtectionPolicy"] = _text(props["DataProtectionPolicy"])
    arn = (await ctx.call("sns", "CreateTopic", request))["TopicArn"]
    try:
        await _subscribe_all(ctx, arn, _pairs(props))
    except AwsError:
        await delete_topic(ctx, arn, props)
        raise
    return _topic(arn)


async def update_topic(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    new_attrs, old_attrs = _topic_attributes(props), _topic_attributes(old)
    for name, value in new_attrs.items():
        if old_attrs.get(name) != value:
            await ctx.call("sns", "SetTopicAttributes", {"TopicArn": arn, "AttributeName": name, "AttributeValue": value})
    for name in old_attrs.keys() - new_attrs.keys():
        default = _CLEARED.get(name, "")
        await ctx.call("sns", "SetTopicAttributes", {"TopicArn": arn, "AttributeName": name, "AttributeValue": default})
    if props.get("DataProtectionPolicy") != old.get("DataProtectionPolicy"):
        await ctx.call("sns", "PutDataProtectionPolicy", {"ResourceArn": arn, "DataProtectionPolicy": _text(props.get("DataProtectionPolicy") or "")})
    new_tags, old_tags = _tag_map(ctx, props.get("Tags")), _tag_map(ctx, old.get("Tags"))
    if gone := sorted(old_tags.keys() - new_tags.keys()):
        await ctx.call("sns", "UntagResource", {"ResourceArn": arn, "TagKeys": gone})
    if new_tags and new_tags != old_tags:
        await ctx.call("sns", "TagResource", {"ResourceArn": arn, "Tags": [{"Key": k, "Value": v} for k, v in new_tags.items()]})
    wanted, had = _pairs(props), _pairs(old)
    if wanted != had:
        listed = (await ctx.call("sns", "ListSubscriptionsByTopic", {"TopicArn": arn})).get("Subscriptions", [])
        for sub in listed:
            if (sub["Protocol"], sub["Endpoint"]) in had - wanted and sub["SubscriptionArn"].startswith("arn:"):
                await _quiet(ctx, "Unsubscribe", {"SubscriptionArn": sub["SubscriptionArn"]})
        await _subscribe_all(ctx, arn, wanted - had)
    return _topic(arn)


async def delete_topic(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    # The topic's subscriptions (inline or not) go with it, as SNS does on DeleteTopic.
    listed = await _quiet(ctx, "ListSubscriptionsByTopic", {"TopicArn": arn})
    for sub in (listed or {}).get("Subscriptions", []):
        if sub["SubscriptionArn"].startswith("arn:") and (sub["Protocol"], sub["Endpoint"]) in _pairs(props):
            await _quiet(ctx, "Unsubscribe", {"SubscriptionArn": sub["SubscriptionArn"]})
    await _quiet(ctx, "DeleteTopic", {"TopicArn": arn})


async def read_topic(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    attrs = (await ctx.call("sns", "GetTopicAttributes", {"TopicArn": arn}))["Attributes"]
    current: dict[str, Any] = {"TopicName": arn.rsplit(":", 1)[1]}
    for name in (*_TOPIC_ATTRIBUTES, "FifoTopic"):
        if attrs.get(name):
            current[name] = attrs[name]
    listed = (await ctx.call("sns", "ListSubscriptionsByTopic", {"TopicArn": arn})).get("Subscriptions", [])
    if listed:
        current["Subscription"] = [{"Endpoint": s["Endpoint"], "Protocol": s["Protocol"]} for s in listed]
    return current


# ---------------------------------------------------------------- AWS::SNS::Subscription


def _subscription_attributes(props: dict[str, Any]) -> dict[str, str]:
    return {name: _text(props[name]) for name in _SUBSCRIPTION_ATTRIBUTES if props.get(name) is not None}


async def create_subscription(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    where = _in(ctx, props.get("Region") or _region_of(props["TopicArn"]))
    request: dict[str, Any] = {"TopicArn": props["TopicArn"], "Protocol": props["Protocol"], "ReturnSubscriptionArn": True}
    if props.get("Endpoint"):
        request["Endpoint"] = props["Endpoint"]
    if attrs := _subscription_attributes(props):
        request["Attributes"] = attrs
    arn = (await where.call("sns", "Subscribe", request))["SubscriptionArn"]
    return Resource(arn, {"Arn": arn})


async def update_subscription(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    where = _in(ctx, _region_of(arn))
    new_attrs, old_attrs = _subscription_attributes(props), _subscription_attributes(old)
    for name, value in new_attrs.items():
        if old_attrs.get(name) != value:
            await where.call("sns", "SetSubscriptionAttributes", {"SubscriptionArn": arn, "AttributeName": name, "AttributeValue": value})
    for name in old_attrs.keys() - new_attrs.keys():
        value = "false" if name == "RawMessageDelivery" else "MessageAttributes" if name == "FilterPolicyScope" else ""
        await where.call("sns", "SetSubscriptionAttributes", {"SubscriptionArn": arn, "AttributeName": name, "AttributeValue": value})
    return Resource(arn, {"Arn": arn})


async def delete_subscription(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    if arn.startswith("arn:"):  # "pending confirmation" has nothing to remove
        await _quiet(_in(ctx, _region_of(arn)), "Unsubscribe", {"SubscriptionArn": arn})


async def read_subscription(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    attrs = (await _in(ctx, _region_of(arn)).call("sns", "GetSubscriptionAttributes", {"SubscriptionArn": arn}))["Attributes"]
    current: dict[str, Any] = {"TopicArn": attrs["TopicArn"], "Protocol": attrs["Protocol"], "Endpoint": attrs["Endpoint"]}
    for name in _SUBSCRIPTION_ATTRIBUTES:
        if attrs.get(name):
            current[name] = json.loads(attrs[name]) if name in ("FilterPolicy", "RedrivePolicy", "DeliveryPolicy", "ReplayPolicy") else attrs[name]
    return current


# ---------------------------------------------------------------- policies


async def _set_policy(ctx: ProvisionContext, arn: str, document: Any) -> None:
    await ctx.call("sns", "SetTopicAttributes", {"TopicArn": arn, "AttributeName": "Policy", "AttributeValue": _text(document)})


async def _reset_policy(ctx: ProvisionContext, arn: str) -> None:
    # An empty policy is SNS's default one again (the topic owner's account only).
    try:
        await ctx.call("sns", "SetTopicAttributes", {"TopicArn": arn, "AttributeName": "Policy", "AttributeValue": ""})
    except AwsError as e:
        if e.code not in _GONE:
            raise


async def create_topic_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    for arn in props["Topics"]:
        await _set_policy(ctx, arn, props["PolicyDocument"])
    pid = ctx.physical_name()
    return Resource(pid, {"Id": pid})


async def update_topic_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    for arn in set(old.get("Topics") or []) - set(props["Topics"]):
        await _reset_policy(ctx, arn)
    for arn in props["Topics"]:
        await _set_policy(ctx, arn, props["PolicyDocument"])
    return Resource(pid, {"Id": pid})


async def delete_topic_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    for arn in props.get("Topics") or []:
        await _reset_policy(ctx, arn)


async def create_inline_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _set_policy(ctx, props["TopicArn"], props["PolicyDocument"])
    return Resource(props["TopicArn"])


async def update_inline_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _set_policy(ctx, arn, props["PolicyDocument"])
    return Resource(arn)


async def delete_inline_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _reset_policy(ctx, arn)


async def read_inline_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    attrs = (await ctx.call("sns", "GetTopicAttributes", {"TopicArn": arn}))["Attributes"]
    return {"TopicArn": arn, "PolicyDocument": json.loads(attrs["Policy"])}


RESOURCE_TYPES = {
    "AWS::SNS::Topic": ResourceType(create_topic, delete_topic, update_topic, replaces=frozenset({"TopicName", "FifoTopic"}), read=read_topic),
    "AWS::SNS::Subscription": ResourceType(create_subscription, delete_subscription, update_subscription,
                                           replaces=frozenset({"TopicArn", "Protocol", "Endpoint", "Region"}), read=read_subscription),
    "AWS::SNS::TopicPolicy": ResourceType(create_topic_policy, delete_topic_policy, update_topic_policy),
    "AWS::SNS::TopicInlinePolicy": ResourceType(create_inline_policy, delete_inline_policy, update_inline_policy,
                                                replaces=frozenset({"TopicArn"}), read=read_inline_policy),
}
