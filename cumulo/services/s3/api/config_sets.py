"""Bucket configurations kept by id (analytics, inventory, metrics, S3
Intelligent-Tiering), ABAC, the policy status, and the legacy notification and
lifecycle operations.

- Id-keyed configurations live in `Bucket.config[<kind>]` as {id: configuration},
  stored as sent; the query `id` must name the document's `Id`. A missing one is
  404 `NoSuchConfiguration`. Lists page 100 at a time, in id order, with an
  opaque continuation token (the last id returned).
- The legacy `PutBucketNotification`/`PutBucketLifecycle` (and their Gets) read
  and write the same stored state as the newer forms. On the wire they are the
  same requests as the newer operations (same URI; XML the older and newer
  shapes both read), so the router hands them to the newer handlers; the
  handlers here translate the older shapes for internal callers
  (`services.call`): one configuration per target type, `Transition` singular.
- `GetBucketPolicyStatus` is computed from the stored policy (`public.py`).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import checks, public
from cumulo.services.s3.api.config import (
    get_bucket_lifecycle_configuration,
    put_bucket_lifecycle_configuration,
    put_bucket_notification_configuration,
)
from cumulo.services.s3.common import buckets, get_bucket
from cumulo.services.s3.models import Bucket

PAGE = 100
LIMIT = 1000  # configurations of one kind per bucket (https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-configurations.html)


def _no_such_configuration() -> AwsError:
    return AwsError("NoSuchConfiguration", "The specified configuration does not exist.", status=404)


def _configs(bucket: Bucket, kind: str) -> dict[str, Any]:
    return bucket.config.get(kind) or {}


def _put_one(ctx: RequestContext, req: dict[str, Any], kind: str, member: str) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    document = req.get(member) or {}
    config_id = req["Id"]
    if document.get("Id") != config_id:
        raise AwsError("InvalidArgument", "Document ID does not match the specified configuration ID.", status=400,
                       ArgumentName="id", ArgumentValue=config_id)
    current = dict(_configs(bucket, kind))
    if config_id not in current and len(current) >= LIMIT:
        raise AwsError("TooManyConfigurations", "You are attempting to create a new configuration but have already reached the limit.", status=400)
    current[config_id] = document
    bucket.config[kind] = current
    buckets(ctx).touch(bucket.name)
    return {}


def _get_one(ctx: RequestContext, req: dict[str, Any], kind: str, member: str) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    document = _configs(bucket, kind).get(req["Id"])
    if document is None:
        raise _no_such_configuration()
    return {member: document}


def _delete_one(ctx: RequestContext, req: dict[str, Any], kind: str) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    current = dict(_configs(bucket, kind))
    if current.pop(req["Id"], None) is None:
        raise _no_such_configuration()
    if current:
        bucket.config[kind] = current
    else:
        bucket.config.pop(kind, None)
    buckets(ctx).touch(bucket.name)
    return {}


def _list(ctx: RequestContext, req: dict[str, Any], kind: str, member: str) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    token = req.get("ContinuationToken")
    after = ""
    if token:
        try:
            after = base64.urlsafe_b64decode(token.encode()).decode()
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise AwsError("InvalidArgument", "The continuation token provided is incorrect", status=400,
                           ArgumentName="continuation-token", ArgumentValue=token) from None
    ids = sorted(i for i in _configs(bucket, kind) if i > after)
    page = ids[:PAGE]
    out: dict[str, Any] = {"IsTruncated": len(ids) > PAGE}
    if token:
        out["ContinuationToken"] = token
    if page:
        out[member] = [_configs(bucket, kind)[i] for i in page]
    if len(ids) > PAGE:
        out["NextContinuationToken"] = base64.urlsafe_b64encode(page[-1].encode()).decode()
    return out


# ---------------------------------------------------------------- analytics

def put_bucket_analytics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _put_one(ctx, req, "analytics", "AnalyticsConfiguration")


def get_bucket_analytics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _get_one(ctx, req, "analytics", "AnalyticsConfiguration")


def delete_bucket_analytics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _delete_one(ctx, req, "analytics")


def list_bucket_analytics_configurations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _list(ctx, req, "analytics", "AnalyticsConfigurationList")


# ---------------------------------------------------------------- inventory

def put_bucket_inventory_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    checks.inventory(req.get("InventoryConfiguration") or {})
    return _put_one(ctx, req, "inventory", "InventoryConfiguration")


def get_bucket_inventory_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _get_one(ctx, req, "inventory", "InventoryConfiguration")


def delete_bucket_inventory_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _delete_one(ctx, req, "inventory")


def list_bucket_inventory_configurations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _list(ctx, req, "inventory", "InventoryConfigurationList")


# ---------------------------------------------------------------- metrics

def put_bucket_metrics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _put_one(ctx, req, "metrics", "MetricsConfiguration")


def get_bucket_metrics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _get_one(ctx, req, "metrics", "MetricsConfiguration")


def delete_bucket_metrics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _delete_one(ctx, req, "metrics")


def list_bucket_metrics_configurations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _list(ctx, req, "metrics", "MetricsConfigurationList")


# ---------------------------------------------------------------- S3 Intelligent-Tiering

# Days an object must go unaccessed before each archive tier, as S3 bounds them
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intelligent-tiering-overview.html).
_TIER_DAYS = {"ARCHIVE_ACCESS": (90, 730), "DEEP_ARCHIVE_ACCESS": (180, 730)}


def put_bucket_intelligent_tiering_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    document = req.get("IntelligentTieringConfiguration") or {}
    for tiering in document.get("Tierings") or []:
        low, high = _TIER_DAYS.get(tiering.get("AccessTier", ""), (0, 0))
        days = tiering.get("Days", 0)
        if not low <= days <= high:
            raise AwsError("InvalidArgument", f"Days for {tiering.get('AccessTier')} must be between {low} and {high}", status=400,
                           ArgumentName="Days", ArgumentValue=str(days))
    return _put_one(ctx, req, "intelligent_tiering", "IntelligentTieringConfiguration")


def get_bucket_intelligent_tiering_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _get_one(ctx, req, "intelligent_tiering", "IntelligentTieringConfiguration")


def delete_bucket_intelligent_tiering_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _delete_one(ctx, req, "intelligent_tiering")


def list_bucket_intelligent_tiering_configurations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _list(ctx, req, "intelligent_tiering", "IntelligentTieringConfigurationList")


# ---------------------------------------------------------------- ABAC (attribute-based access control with bucket tags)

def put_bucket_abac(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    status = (req.get("AbacStatus") or {}).get("Status")
    if status not in ("Enabled", "Disabled"):
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
    bucket.config["abac"] = {"Status": status}
    buckets(ctx).touch(bucket.name)
    return {}


def get_bucket_abac(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return {"AbacStatus": dict(bucket.config.get("abac") or {"Status": "Disabled"})}


# ---------------------------------------------------------------- policy status

def get_bucket_policy_status(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    policy = bucket.config.get("policy")
    if policy is None:
        raise AwsError("NoSuchBucketPolicy", "The bucket policy does not exist", status=404, BucketName=bucket.name)
    return {"PolicyStatus": {"IsPublic": public.policy_is_public(json.loads(policy))}}


# ---------------------------------------------------------------- legacy notification configuration

# Legacy element -> (newer list member, destination member).
_LEGACY_NOTIFICATIONS = {
    "TopicConfiguration": ("TopicConfigurations", "Topic", "TopicArn"),
    "QueueConfiguration": ("QueueConfigurations", "Queue", "QueueArn"),
    "CloudFunctionConfiguration": ("LambdaFunctionConfigurations", "CloudFunction", "LambdaFunctionArn"),
}


async def put_bucket_notification(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    legacy = req.get("NotificationConfiguration") or {}
    config: dict[str, Any] = {}
    for element, (member, old_target, new_target) in _LEGACY_NOTIFICATIONS.items():
        item = legacy.get(element)
        if not item or not item.get(old_target):
            continue
        events = list(item.get("Events") or ([item["Event"]] if item.get("Event") else []))
        entry: dict[str, Any] = {new_target: item[old_target], "Events": events}
        if item.get("Id"):
            entry["Id"] = item["Id"]
        config[member] = [entry]
    return await put_bucket_notification_configuration(ctx, {"Bucket": req["Bucket"], "NotificationConfiguration": config})


def get_bucket_notification(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stored = get_bucket(ctx, req["Bucket"]).config.get("notification") or {}
    out: dict[str, Any] = {}
    for element, (member, old_target, new_target) in _LEGACY_NOTIFICATIONS.items():
        entries = stored.get(member) or []
        if not entries:
            continue
        first = entries[0]  # the legacy form holds one configuration per destination type
        events = list(first.get("Events") or [])
        item: dict[str, Any] = {old_target: first[new_target], "Events": events}
        if events:
            item["Event"] = events[0]
        if first.get("Id"):
            item["Id"] = first["Id"]
        out[element] = item
    return out


# ---------------------------------------------------------------- legacy lifecycle

def put_bucket_lifecycle(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for legacy in (req.get("LifecycleConfiguration") or {}).get("Rules") or []:
        rule = {k: v for k, v in legacy.items() if k not in ("Transition", "NoncurrentVersionTransition")}
        if legacy.get("Transition"):
            rule["Transitions"] = [legacy["Transition"]]
        if legacy.get("NoncurrentVersionTransition"):
            rule["NoncurrentVersionTransitions"] = [legacy["NoncurrentVersionTransition"]]
        rules.append(rule)
    put_bucket_lifecycle_configuration(ctx, {"Bucket": req["Bucket"], "LifecycleConfiguration": {"Rules": rules}})
    return {}


_LEGACY_RULE_MEMBERS = ("Expiration", "ID", "Prefix", "Status", "NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload")


def get_bucket_lifecycle(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stored = get_bucket_lifecycle_configuration(ctx, {"Bucket": req["Bucket"]})
    rules = []
    for rule in stored.get("Rules") or []:
        legacy = {k: v for k, v in rule.items() if k in _LEGACY_RULE_MEMBERS}
        if legacy.get("Prefix") is None:
            legacy["Prefix"] = (rule.get("Filter") or {}).get("Prefix") or ""
        if rule.get("Transitions"):
            legacy["Transition"] = rule["Transitions"][0]
        if rule.get("NoncurrentVersionTransitions"):
            legacy["NoncurrentVersionTransition"] = rule["NoncurrentVersionTransitions"][0]
        rules.append(legacy)
    return {"Rules": rules}
