"""Topic handlers: create, delete, attributes, listing, permissions, data protection, tags."""

from __future__ import annotations

import json
import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import sns as wire
from cumulo.services.sns import attributes, replay
from cumulo.services.sns import policy as access
from cumulo.services.sns.envelope import iso
from cumulo.services.sns.api.common import page, parse_topic_arn, topic, topic_subscriptions, touch_topic
from cumulo.services.sns.errors import invalid
from cumulo.services.sns.models import Topic, archive_table, dedup_table, subs_table

_NAME = re.compile(r"^[\w-]{1,256}$")
MAX_TAGS = 50


def _check_name(name: str, fifo: bool) -> None:
    if fifo:
        if not name.endswith(".fifo") or not _NAME.match(name[:-5]) or len(name) > 256:
            raise invalid(
                "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, "
                "numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
            )
    elif not _NAME.match(name):
        raise invalid("Topic Name")


def create_topic(ctx: RequestContext, req: wire.CreateTopicInput) -> wire.CreateTopicResponse:
    name = req["Name"]
    given = dict(req.get("Attributes") or {})
    fifo = given.get("FifoTopic", "false").lower() == "true"
    _check_name(name, fifo)
    values = {k: attributes.check_topic_attribute(fifo, k, v, creating=True) for k, v in given.items()}
    values.pop("FifoTopic", None)
    tags = {t["Key"]: t["Value"] for t in req.get("Tags") or []}
    table = ctx.scope.table("topics")
    existing: Topic | None = table.get(name)
    if existing is not None:
        if any(existing.attributes.get(k, "") != v for k, v in values.items() if k != "Policy") or existing.fifo != fifo:
            raise invalid("Attributes Reason: Topic already exists with different attributes")
        if tags and any(existing.tags.get(k) != v for k, v in tags.items()):
            raise invalid("Tags Reason: Topic already exists with different tags")
        return {"TopicArn": existing.arn}
    _check_tags(tags)
    t = Topic(name, ctx.account, ctx.region, ctx.clock.now(), values, tags, fifo=fifo)
    if fifo and "ContentBasedDeduplication" not in t.attributes:
        t.attributes["ContentBasedDeduplication"] = "false"
    if req.get("DataProtectionPolicy"):
        t.data_protection_policy = _check_data_protection(req["DataProtectionPolicy"])
    table[name] = t
    return {"TopicArn": t.arn}


def delete_topic(ctx: RequestContext, req: wire.DeleteTopicInput) -> dict[str, Any]:
    account, region, name = parse_topic_arn(req["TopicArn"])
    scope = ctx.store.scope("sns", account, region)
    if name in scope.table("topics"):
        del scope.table("topics")[name]
        for table in (subs_table(name), dedup_table(name), archive_table(name)):
            scope.table(table).clear()
    return {}  # deleting a topic that does not exist succeeds, as on AWS


def get_topic_attributes(ctx: RequestContext, req: wire.GetTopicAttributesInput) -> wire.GetTopicAttributesResponse:
    t = topic(ctx, req["TopicArn"])
    access.check(ctx, t, "GetTopicAttributes")
    view = attributes.topic_view(t, list(topic_subscriptions(ctx, t).rows.values()))
    oldest = replay.beginning(ctx.runtime, t)
    if oldest is not None:
        view["BeginningArchiveTime"] = iso(oldest)
    return {"Attributes": view}


def set_topic_attributes(ctx: RequestContext, req: wire.SetTopicAttributesInput) -> dict[str, Any]:
    t = topic(ctx, req["TopicArn"])
    access.check(ctx, t, "SetTopicAttributes")
    name, value = req["AttributeName"], req.get("AttributeValue") or ""
    value = attributes.check_topic_attribute(t.fifo, name, value)
    if value == "" and name != "DisplayName":
        t.attributes.pop(name, None)
    else:
        t.attributes[name] = value
    touch_topic(ctx, t)
    return {}


def list_topics(ctx: RequestContext, req: wire.ListTopicsInput) -> dict[str, Any]:
    topics = sorted(ctx.scope.table("topics").rows.values(), key=lambda t: t.name)
    chunk, token = page(topics, req.get("NextToken"))
    out: dict[str, Any] = {"Topics": [{"TopicArn": t.arn} for t in chunk]}
    if token:
        out["NextToken"] = token
    return out


def _policy(t: Topic) -> dict[str, Any]:
    return json.loads(t.attributes.get("Policy") or attributes.default_policy(t))


def add_permission(ctx: RequestContext, req: wire.AddPermissionInput) -> dict[str, Any]:
    t = topic(ctx, req["TopicArn"])
    access.check(ctx, t, "AddPermission")
    policy = _policy(t)
    statements = policy.setdefault("Statement", [])
    if any(s.get("Sid") == req["Label"] for s in statements):
        raise invalid("Statement already exists")
    accounts = req["AWSAccountId"]
    actions = req["ActionName"]
    if not accounts or not actions:
        raise invalid("AWSAccountId and ActionName must not be empty")
    principals = [f"arn:aws:iam::{a}:root" for a in accounts]
    statements.append({
        "Sid": req["Label"],
        "Effect": "Allow",
        "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
        "Action": [f"SNS:{a}" for a in actions] if len(actions) > 1 else f"SNS:{actions[0]}",
        "Resource": t.arn,
    })
    t.attributes["Policy"] = json.dumps(policy, separators=(",", ":"))
    touch_topic(ctx, t)
    return {}


def remove_permission(ctx: RequestContext, req: wire.RemovePermissionInput) -> dict[str, Any]:
    t = topic(ctx, req["TopicArn"])
    access.check(ctx, t, "RemovePermission")
    policy = _policy(t)
    kept = [s for s in policy.get("Statement", []) if s.get("Sid") != req["Label"]]
    if len(kept) == len(policy.get("Statement", [])):
        raise invalid("Statement does not exist")
    policy["Statement"] = kept
    t.attributes["Policy"] = json.dumps(policy, separators=(",", ":"))
    touch_topic(ctx, t)
    return {}


def get_data_protection_policy(ctx: RequestContext, req: wire.GetDataProtectionPolicyInput) -> wire.GetDataProtectionPolicyResponse:
    t = topic(ctx, req["ResourceArn"], "ResourceArn")
    return {"DataProtectionPolicy": t.data_protection_policy} if t.data_protection_policy else {}


def put_data_protection_policy(ctx: RequestContext, req: wire.PutDataProtectionPolicyInput) -> dict[str, Any]:
    t = topic(ctx, req["ResourceArn"], "ResourceArn")
    t.data_protection_policy = _check_data_protection(req["DataProtectionPolicy"])
    touch_topic(ctx, t)
    return {}


def _check_data_protection(text: str) -> str:
    try:
        policy = json.loads(text)
    except ValueError:
        raise invalid("DataProtectionPolicy failed to parse as JSON") from None
    if not isinstance(policy, dict) or not isinstance(policy.get("Statement"), list):
        raise invalid("DataProtectionPolicy must be an object with a Statement list")
    return text


def _tagged(ctx: RequestContext, arn: str) -> Topic:
    try:
        return topic(ctx, arn, "ResourceArn")
    except AwsError:
        raise AwsError("ResourceNotFound", "Resource does not exist") from None


def _check_tags(tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise AwsError("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded")
    for key in tags:
        if key.lower().startswith("aws:"):
            raise invalid("Tags Reason: Tag keys must not start with aws:")


def tag_resource(ctx: RequestContext, req: wire.TagResourceRequest) -> dict[str, Any]:
    t = _tagged(ctx, req["ResourceArn"])
    merged = {**t.tags, **{tag["Key"]: tag["Value"] for tag in req["Tags"]}}
    _check_tags(merged)
    t.tags = merged
    touch_topic(ctx, t)
    return {}


def untag_resource(ctx: RequestContext, req: wire.UntagResourceRequest) -> dict[str, Any]:
    t = _tagged(ctx, req["ResourceArn"])
    for key in req["TagKeys"]:
        t.tags.pop(key, None)
    touch_topic(ctx, t)
    return {}


def list_tags_for_resource(ctx: RequestContext, req: wire.ListTagsForResourceRequest) -> wire.ListTagsForResourceResponse:
    t = _tagged(ctx, req["ResourceArn"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in t.tags.items()]}
