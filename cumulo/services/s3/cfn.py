"""S3's CloudFormation resource types, AWS::S3::Bucket and AWS::S3::BucketPolicy, made
through S3's own API (cumulo.core.provisioning).

A bucket's template properties are CloudFormation's shapes, which differ from the
API's (`CorsConfiguration.CorsRules[].MaxAge` is `CORSRules[].MaxAgeSeconds`,
`WebsiteConfiguration.IndexDocument` a string, lifecycle rules flattened): each
sub-configuration has a converter to the API's request and is put, or deleted when
the template drops it, through its own operation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean
from cumulo.core.cfnshape import typed

_GONE = {"NoSuchBucket"}
# Regions whose website endpoint is `s3-website-<region>` (the rest use `s3-website.<region>`).
_DASH_WEBSITE = {"us-east-1", "us-west-1", "us-west-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
                 "eu-west-1", "sa-east-1", "us-gov-west-1"}


async def _call(ctx: ProvisionContext, op: str, request: dict[str, Any]) -> dict[str, Any]:
    return await ctx.call("s3", op, typed("s3", op, request))


def _canned_acl(value: str) -> str:
    """The template's `AccessControl` (`Private`, `PublicRead`, `BucketOwnerFullControl`...) as the
    API's canned ACL (`private`, `public-read`, `bucket-owner-full-control`); an unknown name is sent
    as it is, for S3 to refuse."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", value).lower() if re.fullmatch(r"(?:[A-Z][a-z]+)+", value) else value


def _id(rule: dict[str, Any], out: dict[str, Any]) -> None:
    if "Id" in rule:
        out["ID"] = rule["Id"]


# ---------------------------------------------------------------- template shape -> API shape


def _cors(config: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in config.get("CorsRules") or []:
        out = {k: rule[k] for k in ("AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposedHeaders") if k in rule}
        _id(rule, out)
        if "MaxAge" in rule:
            out["MaxAgeSeconds"] = rule["MaxAge"]
        rules.append(out)
    return {"CORSConfiguration": {"CORSRules": rules}}


def _lifecycle_filter(rule: dict[str, Any]) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    if rule.get("Prefix") is not None:
        parts["Prefix"] = rule["Prefix"]
    tags = [{"Key": t["Key"], "Value": t["Value"]} for t in rule.get("TagFilters") or []]
    for key in ("ObjectSizeGreaterThan", "ObjectSizeLessThan"):
        if rule.get(key) is not None:
            parts[key] = rule[key]
    if tags:
        parts["Tags"] = tags
    count = len(parts) + (len(tags) - 1 if tags else 0)
    if count == 0:
        return {"Prefix": ""}
    if count == 1:
        if tags:
            return {"Tag": tags[0]}
        return parts
    return {"And": parts}


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"Status": rule["Status"], "Filter": _lifecycle_filter(rule)}
    _id(rule, out)
    expiration: dict[str, Any] = {}
    if rule.get("ExpirationInDays") is not None:
        expiration["Days"] = rule["ExpirationInDays"]
    if rule.get("ExpirationDate"):
        expiration["Date"] = rule["ExpirationDate"]
    if rule.get("ExpiredObjectDeleteMarker") is not None:
        expiration["ExpiredObjectDeleteMarker"] = rule["ExpiredObjectDeleteMarker"]
    if expiration:
        out["Expiration"] = expiration
    transitions = list(rule.get("Transitions") or []) + ([rule["Transition"]] if rule.get("Transition") else [])
    if transitions:
        out["Transitions"] = [{"StorageClass": t["StorageClass"], **({"Days": t["TransitionInDays"]} if "TransitionInDays" in t else {}),
                               **({"Date": t["TransitionDate"]} if "TransitionDate" in t else {})} for t in transitions]
    noncurrent = dict(rule.get("NoncurrentVersionExpiration") or {})
    if rule.get("NoncurrentVersionExpirationInDays") is not None:
        noncurrent["NoncurrentDays"] = rule["NoncurrentVersionExpirationInDays"]
    if noncurrent:
        out["NoncurrentVersionExpiration"] = noncurrent
    nc_transitions = list(rule.get("NoncurrentVersionTransitions") or []) + (
        [rule["NoncurrentVersionTransition"]] if rule.get("NoncurrentVersionTransition") else [])
    if nc_transitions:
        out["NoncurrentVersionTransitions"] = [
            {"StorageClass": t["StorageClass"], "NoncurrentDays": t["TransitionInDays"],
             **({"NewerNoncurrentVersions": t["NewerNoncurrentVersions"]} if "NewerNoncurrentVersions" in t else {})}
            for t in nc_transitions]
    if rule.get("AbortIncompleteMultipartUpload"):
        out["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return out


def _lifecycle(config: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {"LifecycleConfiguration": {"Rules": [_lifecycle_rule(r) for r in config.get("Rules") or []]}}
    if config.get("TransitionDefaultMinimumObjectSize"):
        request["TransitionDefaultMinimumObjectSize"] = config["TransitionDefaultMinimumObjectSize"]
    return request


def _encryption(config: dict[str, Any]) -> dict[str, Any]:
    return {"ServerSideEncryptionConfiguration": {"Rules": list(config.get("ServerSideEncryptionConfiguration") or [])}}


def _notification_filter(entry: dict[str, Any], out: dict[str, Any]) -> None:
    rules = ((entry.get("Filter") or {}).get("S3Key") or {}).get("Rules")
    if rules:
        out["Filter"] = {"Key": {"FilterRules": [{"Name": r["Name"], "Value": r["Value"]} for r in rules]}}


def _notifications(config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for template_key, api_key, target, api_target in (("LambdaConfigurations", "LambdaFunctionConfigurations", "Function", "LambdaFunctionArn"),
                                                      ("QueueConfigurations", "QueueConfigurations", "Queue", "QueueArn"),
                                                      ("TopicConfigurations", "TopicConfigurations", "Topic", "TopicArn")):
        entries = []
        for entry in config.get(template_key) or []:
            converted = {api_target: entry[target], "Events": [entry["Event"]]}
            _notification_filter(entry, converted)
            entries.append(converted)
        if entries:
            out[api_key] = entries
    if boolean((config.get("EventBridgeConfiguration") or {}).get("EventBridgeEnabled")):
        out["EventBridgeConfiguration"] = {}
    return {"NotificationConfiguration": out}


def _website(config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if config.get("IndexDocument"):
        out["IndexDocument"] = {"Suffix": config["IndexDocument"]}
    if config.get("ErrorDocument"):
        out["ErrorDocument"] = {"Key": config["ErrorDocument"]}
    if config.get("RedirectAllRequestsTo"):
        out["RedirectAllRequestsTo"] = config["RedirectAllRequestsTo"]
    if config.get("RoutingRules"):
        out["RoutingRules"] = [{"Redirect": r.get("RedirectRule") or {}, **({"Condition": r["RoutingRuleCondition"]} if r.get("RoutingRuleCondition") else {})}
                               for r in config["RoutingRules"]]
    return {"WebsiteConfiguration": out}


def _logging(config: dict[str, Any]) -> dict[str, Any]:
    enabled: dict[str, Any] = {"TargetBucket": config.get("DestinationBucketName", ""), "TargetPrefix": config.get("LogFilePrefix", "")}
    if config.get("TargetObjectKeyFormat"):
        enabled["TargetObjectKeyFormat"] = config["TargetObjectKeyFormat"]
    return {"BucketLoggingStatus": {"LoggingEnabled": enabled}}


def _replication(config: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in config.get("Rules") or []:
        out = {k: v for k, v in rule.items() if k != "Id"}
        _id(rule, out)
        rules.append(out)
    return {"ReplicationConfiguration": {"Role": config["Role"], "Rules": rules}}


# Template property -> (its put operation, its request from the property, the delete
# operation that undoes it, or the put request that restores the default).
_Convert = Callable[[dict[str, Any]], dict[str, Any]]
_CONFIGS: dict[str, tuple[str, _Convert, str | dict[str, Any]]] = {
    "VersioningConfiguration": ("PutBucketVersioning", lambda c: {"VersioningConfiguration": {"Status": c["Status"]}},
                                {"VersioningConfiguration": {"Status": "Suspended"}}),
    "CorsConfiguration": ("PutBucketCors", _cors, "DeleteBucketCors"),
    "LifecycleConfiguration": ("PutBucketLifecycleConfiguration", _lifecycle, "DeleteBucketLifecycle"),
    "BucketEncryption": ("PutBucketEncryption", _encryption, "DeleteBucketEncryption"),
    "PublicAccessBlockConfiguration": ("PutPublicAccessBlock", lambda c: {"PublicAccessBlockConfiguration": c}, "DeletePublicAccessBlock"),
    "OwnershipControls": ("PutBucketOwnershipControls", lambda c: {"OwnershipControls": c}, "DeleteBucketOwnershipControls"),
    "WebsiteConfiguration": ("PutBucketWebsite", _website, "DeleteBucketWebsite"),
    "AccelerateConfiguration": ("PutBucketAccelerateConfiguration", lambda c: {"AccelerateConfiguration": {"Status": c["AccelerationStatus"]}},
                                {"AccelerateConfiguration": {"Status": "Suspended"}}),
    "LoggingConfiguration": ("PutBucketLogging", _logging, {"BucketLoggingStatus": {}}),
    "ReplicationConfiguration": ("PutBucketReplication", _replication, "DeleteBucketReplication"),
    "ObjectLockConfiguration": ("PutObjectLockConfiguration", lambda c: {"ObjectLockConfiguration": c}, ""),
    # Last: S3 checks each destination as it is put (and sends its test event).
    "NotificationConfiguration": ("PutBucketNotificationConfiguration", _notifications, {"NotificationConfiguration": {}}),
}
# Per-id configuration sets: property -> (put, delete, the id member in the API's configuration).
_SETS = {
    "MetricsConfigurations": ("PutBucketMetricsConfiguration", "DeleteBucketMetricsConfiguration", "MetricsConfiguration"),
    "IntelligentTieringConfigurations": ("PutBucketIntelligentTieringConfiguration", "DeleteBucketIntelligentTieringConfiguration",
                                         "IntelligentTieringConfiguration"),
    "InventoryConfigurations": ("PutBucketInventoryConfiguration", "DeleteBucketInventoryConfiguration", "InventoryConfiguration"),
    "AnalyticsConfigurations": ("PutBucketAnalyticsConfiguration", "DeleteBucketAnalyticsConfiguration", "AnalyticsConfiguration"),
}


def _destination(template: dict[str, Any]) -> dict[str, Any]:
    """A template's report destination (BucketArn, Format, BucketAccountId, Prefix) as the API's S3BucketDestination."""
    out: dict[str, Any] = {"Bucket": template["BucketArn"], "Format": template["Format"]}
    if template.get("BucketAccountId"):
        out["AccountId"] = template["BucketAccountId"]
    if template.get("Prefix"):
        out["Prefix"] = template["Prefix"]
    return {"S3BucketDestination": out}


def _filter(entry: dict[str, Any], *extra: str) -> dict[str, Any] | None:
    """Prefix, TagFilters (and `extra` members) as the API's Filter: one condition alone, several under And."""
    parts: dict[str, Any] = {}
    for key in ("Prefix", *extra):
        if entry.get(key):
            parts[key] = entry[key]
    tags = [{"Key": t["Key"], "Value": t["Value"]} for t in entry.get("TagFilters") or []]
    if tags:
        parts["Tags"] = tags
    if not parts:
        return None
    if len(parts) == 1 and "Tags" not in parts:
        return parts
    if len(parts) == 1 and len(tags) == 1:
        return {"Tag": tags[0]}
    return {"And": parts}


def _set_entry(prop: str, entry: dict[str, Any]) -> dict[str, Any]:
    """One entry of a per-id configuration set, template shape -> the API's."""
    out: dict[str, Any] = {"Id": entry["Id"]}
    if prop == "InventoryConfigurations":
        out.update({"IsEnabled": boolean(entry["Enabled"]), "IncludedObjectVersions": entry["IncludedObjectVersions"],
                    "Schedule": {"Frequency": entry["ScheduleFrequency"]}, "Destination": _destination(entry["Destination"])})
        if entry.get("OptionalFields"):
            out["OptionalFields"] = entry["OptionalFields"]
        if entry.get("Prefix"):
            out["Filter"] = {"Prefix": entry["Prefix"]}
        return out
    if prop == "IntelligentTieringConfigurations":
        out.update({"Status": entry["Status"], "Tierings": entry["Tierings"]})
        if entry.get("Prefix") or entry.get("TagFilters"):
            out["Filter"] = {"And": {**({"Prefix": entry["Prefix"]} if entry.get("Prefix") else {}), "Tags": entry.get("TagFilters") or []}}
        return out
    if (found := _filter(entry, *(("AccessPointArn",) if prop == "MetricsConfigurations" else ()))) is not None:
        out["Filter"] = found
    if prop == "AnalyticsConfigurations":
        analysis = entry.get("StorageClassAnalysis") or {}
        export = analysis.get("DataExport")
        out["StorageClassAnalysis"] = {"DataExport": {"OutputSchemaVersion": export["OutputSchemaVersion"],
                                                      "Destination": _destination(export["Destination"])}} if export else {}
    return out


async def _apply(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any], *, creating: bool = False) -> None:
    for prop, (put, convert, undo) in _CONFIGS.items():
        new_value, old_value = props.get(prop), old.get(prop)
        if new_value == old_value:
            continue
        if new_value is not None:
            await _call(ctx, put, {"Bucket": name, **convert(new_value)})
        elif isinstance(undo, dict):
            await _call(ctx, put, {"Bucket": name, **undo})
        elif undo:
            await _call(ctx, undo, {"Bucket": name})
    for prop, (put, delete, member) in _SETS.items():
        wanted = {e["Id"]: e for e in props.get(prop) or []}
        had = {e["Id"]: e for e in old.get(prop) or []}
        for gone in had.keys() - wanted.keys():
            await _call(ctx, delete, {"Bucket": name, "Id": gone})
        for entry_id, entry in wanted.items():
            if had.get(entry_id) != entry:
                await _call(ctx, put, {"Bucket": name, "Id": entry_id, member: _set_entry(prop, entry)})
    if props.get("AccessControl") != old.get("AccessControl") and not creating:
        await _call(ctx, "PutBucketAcl", {"Bucket": name, "ACL": _canned_acl(props.get("AccessControl") or "Private")})
    if creating or props.get("Tags") != old.get("Tags"):
        # S3 refuses the aws: prefix to any caller, so aws:cloudformation:* tags are not put.
        tags = [t for t in ctx.tag_list(props.get("Tags")) if not t["Key"].startswith("aws:")]
        if tags:
            await _call(ctx, "PutBucketTagging", {"Bucket": name, "Tagging": {"TagSet": tags}})
        elif not creating:
            await _call(ctx, "DeleteBucketTagging", {"Bucket": name})


def _bucket(ctx: ProvisionContext, name: str) -> Resource:
    region = ctx.region
    website = f"s3-website-{region}" if region in _DASH_WEBSITE else f"s3-website.{region}"
    suffix = "amazonaws.com.cn" if ctx.partition == "aws-cn" else "amazonaws.com"
    return Resource(name, {
        "Arn": f"arn:{ctx.partition}:s3:::{name}",
        "DomainName": f"{name}.s3.{suffix}",
        "RegionalDomainName": f"{name}.s3.{region}.{suffix}",
        "DualStackDomainName": f"{name}.s3.dualstack.{region}.{suffix}",
        "WebsiteURL": f"http://{name}.{website}.{suffix}",
    })


async def create_bucket(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("BucketName") or ctx.physical_name(63, lowercase=True)
    request: dict[str, Any] = {"Bucket": name}
    if ctx.region != "us-east-1":
        request["CreateBucketConfiguration"] = {"LocationConstraint": ctx.region}
    if props.get("AccessControl"):
        request["ACL"] = _canned_acl(props["AccessControl"])
    if boolean(props.get("ObjectLockEnabled")) or (props.get("ObjectLockConfiguration") or {}).get("ObjectLockEnabled") == "Enabled":
        request["ObjectLockEnabledForBucket"] = True
    ownership = ((props.get("OwnershipControls") or {}).get("Rules") or [{}])[0].get("ObjectOwnership")
    if ownership:
        request["ObjectOwnership"] = ownership
    await _call(ctx, "CreateBucket", request)
    try:
        await _apply(ctx, name, props, {}, creating=True)
    except AwsError:
        # A bucket whose configuration failed is not left behind half-made.
        await delete_bucket(ctx, name, props)
        raise
    return _bucket(ctx, name)


async def update_bucket(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _apply(ctx, name, props, old)
    return _bucket(ctx, name)


async def delete_bucket(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    # A bucket with objects fails with BucketNotEmpty, as on AWS.
    try:
        await _call(ctx, "DeleteBucket", {"Bucket": name})
    except AwsError as e:
        if e.code not in _GONE:
            raise


async def _optional(ctx: ProvisionContext, op: str, name: str) -> dict[str, Any] | None:
    try:
        return await _call(ctx, op, {"Bucket": name})
    except AwsError as e:
        if e.code in _GONE:
            raise
        return None


async def read_bucket(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    current: dict[str, Any] = {"BucketName": name}
    versioning = await _call(ctx, "GetBucketVersioning", {"Bucket": name})
    if versioning.get("Status"):
        current["VersioningConfiguration"] = {"Status": versioning["Status"]}
    if cors := await _optional(ctx, "GetBucketCors", name):
        current["CorsConfiguration"] = {"CorsRules": [
            {**{k: r[k] for k in ("AllowedHeaders", "AllowedMethods", "AllowedOrigins", "ExposedHeaders") if k in r},
             **({"Id": r["ID"]} if "ID" in r else {}), **({"MaxAge": r["MaxAgeSeconds"]} if "MaxAgeSeconds" in r else {})}
            for r in cors.get("CORSRules", [])]}
    if encryption := await _optional(ctx, "GetBucketEncryption", name):
        current["BucketEncryption"] = {"ServerSideEncryptionConfiguration": encryption["ServerSideEncryptionConfiguration"]["Rules"]}
    if block := await _optional(ctx, "GetPublicAccessBlock", name):
        current["PublicAccessBlockConfiguration"] = block["PublicAccessBlockConfiguration"]
    if tags := await _optional(ctx, "GetBucketTagging", name):
        current["Tags"] = tags.get("TagSet", [])
    return current


# ---------------------------------------------------------------- AWS::S3::BucketPolicy


async def put_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    document = props["PolicyDocument"]
    await _call(ctx, "PutBucketPolicy", {"Bucket": props["Bucket"], "Policy": document if isinstance(document, str) else json.dumps(document)})
    return Resource(props["Bucket"])


async def update_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    return await put_policy(ctx, props)


async def delete_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    try:
        await _call(ctx, "DeleteBucketPolicy", {"Bucket": props["Bucket"]})
    except AwsError as e:
        if e.code not in _GONE:
            raise


async def read_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> dict[str, Any]:
    policy = (await _call(ctx, "GetBucketPolicy", {"Bucket": props["Bucket"]}))["Policy"]
    return {"Bucket": props["Bucket"], "PolicyDocument": json.loads(policy)}


RESOURCE_TYPES = {
    "AWS::S3::Bucket": ResourceType(create_bucket, delete_bucket, update_bucket, replaces=frozenset({"BucketName", "ObjectLockEnabled"}), read=read_bucket),
    "AWS::S3::BucketPolicy": ResourceType(put_policy, delete_policy, update_policy, replaces=frozenset({"Bucket"}), read=read_policy),
}
