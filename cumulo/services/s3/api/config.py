"""Bucket configuration handlers: stored as sent and returned exactly.

CORS, policy, lifecycle, website, encryption, tagging, logging, request
payment, accelerate, notifications, ownership controls, public access block,
object lock and ACLs. Only CORS (preflights, `cors.py`) and notifications
(`notifications.py`) act on what is stored; the rest is a faithful round trip.
Each configuration lives in `Bucket.config` under its own name; an absent one
is the "not found" error S3 documents for it.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import checks, notifications
from cumulo.services.s3.common import buckets, find_version, get_bucket, objects, owner
from cumulo.services.s3.models import Bucket

_DEFAULT_ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}]}


def _store(ctx: RequestContext, bucket: Bucket, name: str, value: Any) -> dict[str, Any]:
    bucket.config[name] = value
    buckets(ctx).touch(bucket.name)
    return {}


def _load(bucket: Bucket, name: str, code: str, message: str) -> Any:
    value = bucket.config.get(name)
    if value is None:
        raise AwsError(code, message, status=404, BucketName=bucket.name)
    return value


def _drop(ctx: RequestContext, bucket: Bucket, name: str) -> dict[str, Any]:
    if bucket.config.pop(name, None) is not None:
        buckets(ctx).touch(bucket.name)
    return {}


def _put(ctx: RequestContext, req: dict[str, Any], name: str, member: str) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return _store(ctx, bucket, name, req.get(member) or {})


# ---------------------------------------------------------------- CORS

def put_bucket_cors(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rules = (req.get("CORSConfiguration") or {}).get("CORSRules") or []
    for rule in rules:
        for method in rule.get("AllowedMethods") or []:
            if method not in ("GET", "PUT", "HEAD", "POST", "DELETE"):
                raise AwsError("InvalidRequest", f"Found unsupported HTTP method in CORS config. Unsupported method is {method}", status=400)
    return _put(ctx, req, "cors", "CORSConfiguration")


def get_bucket_cors(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return dict(_load(bucket, "cors", "NoSuchCORSConfiguration", "The CORS configuration does not exist"))


def delete_bucket_cors(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _drop(ctx, get_bucket(ctx, req["Bucket"]), "cors")


# ---------------------------------------------------------------- policy

def put_bucket_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    policy = req.get("Policy") or ""
    try:
        parsed = json.loads(policy)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise AwsError("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", status=400)
    checks.bucket_policy(bucket.name, parsed)
    return _store(ctx, bucket, "policy", policy)


def get_bucket_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return {"Policy": _load(bucket, "policy", "NoSuchBucketPolicy", "The bucket policy does not exist")}


def delete_bucket_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _drop(ctx, get_bucket(ctx, req["Bucket"]), "policy")


# ---------------------------------------------------------------- lifecycle

# The x-amz-transition-default-minimum-object-size S3 assumes when a client sends none.
DEFAULT_MINIMUM_SIZE = "all_storage_classes_128K"


def put_bucket_lifecycle_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    checks.lifecycle(req.get("LifecycleConfiguration") or {})
    minimum = req.get("TransitionDefaultMinimumObjectSize") or DEFAULT_MINIMUM_SIZE
    bucket.config["lifecycle_minimum_size"] = minimum
    _store(ctx, bucket, "lifecycle", req.get("LifecycleConfiguration") or {})
    return {"TransitionDefaultMinimumObjectSize": minimum}


def get_bucket_lifecycle_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    value = _load(bucket, "lifecycle", "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist")
    return {**value, "TransitionDefaultMinimumObjectSize": bucket.config.get("lifecycle_minimum_size", DEFAULT_MINIMUM_SIZE)}


def delete_bucket_lifecycle(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    bucket.config.pop("lifecycle_minimum_size", None)
    return _drop(ctx, bucket, "lifecycle")


# ---------------------------------------------------------------- website

def put_bucket_website(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _put(ctx, req, "website", "WebsiteConfiguration")


def get_bucket_website(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return dict(_load(bucket, "website", "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration"))


def delete_bucket_website(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _drop(ctx, get_bucket(ctx, req["Bucket"]), "website")


# ---------------------------------------------------------------- encryption (default SSE-S3, as on AWS since 2023)

def put_bucket_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    checks.encryption(req.get("ServerSideEncryptionConfiguration") or {})
    return _put(ctx, req, "encryption", "ServerSideEncryptionConfiguration")


def get_bucket_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return {"ServerSideEncryptionConfiguration": bucket.config.get("encryption") or _DEFAULT_ENCRYPTION}


def delete_bucket_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _drop(ctx, get_bucket(ctx, req["Bucket"]), "encryption")


# ---------------------------------------------------------------- tagging

def put_bucket_tagging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    tag_set = (req.get("Tagging") or {}).get("TagSet") or []
    checks.bucket_tags(tag_set)
    if len({t["Key"] for t in tag_set}) != len(tag_set):
        raise AwsError("InvalidTag", "Cannot provide multiple Tags with the same key", status=400)
    for tag in tag_set:
        if tag["Key"].startswith("aws:"):
            raise AwsError("InvalidTag", "System tags cannot be added/updated by requester", status=400)
    bucket.tags = list(tag_set)
    buckets(ctx).touch(bucket.name)
    return {}


def get_bucket_tagging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    if not bucket.tags:
        raise AwsError("NoSuchTagSet", "The TagSet does not exist", status=404, BucketName=bucket.name)
    return {"TagSet": bucket.tags}


def delete_bucket_tagging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    bucket.tags = None
    buckets(ctx).touch(bucket.name)
    return {}


# ---------------------------------------------------------------- logging, request payment, accelerate

def put_bucket_logging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    enabled = (req.get("BucketLoggingStatus") or {}).get("LoggingEnabled")
    if enabled is not None:
        target = buckets(ctx).get(enabled.get("TargetBucket") or "")
        if target is None:
            raise AwsError("InvalidTargetBucketForLogging", "The target bucket for logging does not exist", status=400,
                           TargetBucket=enabled.get("TargetBucket"))
        if target.account != bucket.account:
            raise AwsError("InvalidTargetBucketForLogging", "The owner for the bucket to be logged and the target bucket must be the same.",
                           status=400, TargetBucket=target.name)
        if target.region != bucket.region:
            raise AwsError("CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed. ", status=403,
                           TargetBucketLocation=target.region)
        checks.check_grants({"Grants": [{"Grantee": g.get("Grantee"), "Permission": "FULL_CONTROL" if g.get("Permission") != "READ" else "READ"}
                                        for g in enabled.get("TargetGrants") or []]})
    return _store(ctx, bucket, "logging", req.get("BucketLoggingStatus") or {})


def get_bucket_logging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return dict(get_bucket(ctx, req["Bucket"]).config.get("logging") or {})


def put_bucket_request_payment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    checks.request_payment(req.get("RequestPaymentConfiguration") or {})
    return _put(ctx, req, "request_payment", "RequestPaymentConfiguration")


def get_bucket_request_payment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Payer": "BucketOwner", **(get_bucket(ctx, req["Bucket"]).config.get("request_payment") or {})}


def put_bucket_accelerate_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if "." in req["Bucket"]:
        raise AwsError("InvalidRequest", "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names", status=400)
    return _put(ctx, req, "accelerate", "AccelerateConfiguration")


def get_bucket_accelerate_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return dict(get_bucket(ctx, req["Bucket"]).config.get("accelerate") or {})


# ---------------------------------------------------------------- notifications

async def put_bucket_notification_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    config = req.get("NotificationConfiguration") or {}
    checks.notification_targets(config)
    if not req.get("SkipDestinationValidation"):
        await notifications.validate_and_test(ctx, bucket, config)
    # An empty <EventBridgeConfiguration/> is how a bucket turns EventBridge on: it counts.
    if not any(config.values()) and "EventBridgeConfiguration" not in config:
        return _drop(ctx, bucket, "notification")
    return _store(ctx, bucket, "notification", config)


def get_bucket_notification_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return dict(get_bucket(ctx, req["Bucket"]).config.get("notification") or {})


# ---------------------------------------------------------------- ownership, public access block, object lock

def put_bucket_ownership_controls(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    checks.ownership(req.get("OwnershipControls") or {})
    return _put(ctx, req, "ownership", "OwnershipControls")


def get_bucket_ownership_controls(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return {"OwnershipControls": _load(bucket, "ownership", "OwnershipControlsNotFoundError", "The bucket ownership controls were not found")}


def delete_bucket_ownership_controls(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _drop(ctx, get_bucket(ctx, req["Bucket"]), "ownership")


def put_public_access_block(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _put(ctx, req, "public_access_block", "PublicAccessBlockConfiguration")


def get_public_access_block(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    value = _load(bucket, "public_access_block", "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
    return {"PublicAccessBlockConfiguration": value}


def delete_public_access_block(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _drop(ctx, get_bucket(ctx, req["Bucket"]), "public_access_block")


def put_object_lock_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    checks.object_lock(req.get("ObjectLockConfiguration") or {})
    if bucket.versioning != "Enabled":
        raise AwsError("InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", status=409)
    return _store(ctx, bucket, "object_lock", req.get("ObjectLockConfiguration") or {})


def get_object_lock_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    value = _load(bucket, "object_lock", "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
    return {"ObjectLockConfiguration": value}


# ---------------------------------------------------------------- ACLs

_GROUPS = {
    "AllUsers": "http://acs.amazonaws.com/groups/global/AllUsers",
    "AuthenticatedUsers": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
    "LogDelivery": "http://acs.amazonaws.com/groups/s3/LogDelivery",
}
_CANNED: dict[str, list[tuple[str, str]]] = {
    "private": [],
    "public-read": [("AllUsers", "READ")],
    "public-read-write": [("AllUsers", "READ"), ("AllUsers", "WRITE")],
    "authenticated-read": [("AuthenticatedUsers", "READ")],
    "log-delivery-write": [("LogDelivery", "WRITE"), ("LogDelivery", "READ_ACP")],
    "bucket-owner-read": [],
    "bucket-owner-full-control": [],
    "aws-exec-read": [],
}


def canned_policy(canned: str, account: str) -> dict[str, Any]:
    me = owner(account)
    grants: list[dict[str, Any]] = [{"Grantee": {**me, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}]
    grants += [{"Grantee": {"Type": "Group", "URI": _GROUPS[group]}, "Permission": perm} for group, perm in _CANNED.get(canned, [])]
    return {"Owner": me, "Grants": grants}


def _acl_from(req: dict[str, Any], account: str) -> dict[str, Any]:
    if req.get("AccessControlPolicy"):
        policy = dict(req["AccessControlPolicy"])
        checks.check_grants(policy)
        policy.setdefault("Owner", owner(account))
        return policy
    canned = req.get("ACL") or "private"
    if canned not in _CANNED:
        raise AwsError("InvalidArgument", "", status=400, ArgumentName="x-amz-acl", ArgumentValue=canned)
    return canned_policy(canned, account)


def _acl_out(stored: dict[str, Any] | None, account: str) -> dict[str, Any]:
    if stored is None:
        return canned_policy("private", account)
    if "canned" in stored:
        return canned_policy(stored["canned"], account)
    # AWS no longer returns DisplayName, for the owner or any grantee, whatever was sent.
    grants = [{**g, "Grantee": {k: x for k, x in (g.get("Grantee") or {}).items() if k != "DisplayName"}} for g in stored.get("Grants") or []]
    return {"Owner": owner(account), "Grants": grants}


def put_bucket_acl(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    checks.check_acl_allowed(bucket, req)
    bucket.acl = _acl_from(req, bucket.account)
    buckets(ctx).touch(bucket.name)
    return {}


def get_bucket_acl(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return _acl_out(bucket.acl, bucket.account)


def put_object_acl(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    checks.check_acl_allowed(bucket, req)
    version.acl = _acl_from(req, bucket.account)
    objects(ctx, bucket.name).touch(version.key)
    return {}


def get_object_acl(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    return _acl_out(version.acl, bucket.account)
