"""Bucket handlers: create, head, delete, list, location, versioning.

Bucket names are global: one `buckets` table for every account, so a name
taken by another account is `BucketAlreadyExists` and one's own is
`BucketAlreadyOwnedByYou` (except in us-east-1, where S3 answers 200 again,
https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html).
"""

from __future__ import annotations

import base64
import ipaddress
import re
from typing import Any

from cumulo.core.arns import arn
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import bodies, keyindex
from cumulo.services.s3.common import buckets, get_bucket, now, objects, owner, timestamp, uploads
from cumulo.services.s3.models import Bucket

_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
_BAD_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BAD_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# Location constraints that name another region than their own spelling.
_LEGACY_CONSTRAINTS = {"EU": "eu-west-1"}


def validate_name(name: str) -> None:
    """https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"""
    ok = bool(_NAME.match(name)) and ".." not in name and ".-" not in name and "-." not in name
    ok = ok and not name.startswith(_BAD_PREFIXES) and not name.endswith(_BAD_SUFFIXES)
    if ok:
        try:
            ipaddress.IPv4Address(name)
            ok = False
        except ValueError:
            pass
    if not ok:
        raise AwsError("InvalidBucketName", "The specified bucket is not valid.", status=400, BucketName=name)


def _region_for(ctx: RequestContext, constraint: str | None) -> str:
    region = ctx.region
    if constraint == "us-east-1" or constraint == "":
        raise AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", status=400, LocationConstraint=constraint)
    if constraint is None:
        if region != "us-east-1":
            raise AwsError(
                "IllegalLocationConstraintException",
                "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
                status=400,
            )
        return "us-east-1"
    target = _LEGACY_CONSTRAINTS.get(constraint, constraint)
    if not _REGION.match(target):
        raise AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", status=400, LocationConstraint=constraint)
    if region != "us-east-1" and target != region:
        raise AwsError(
            "IllegalLocationConstraintException",
            f"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.",
            status=400,
        )
    return target


# CreateBucket's enumerated options (the protocol leaves S3's enums to S3's own errors).
_CANNED_ACLS = frozenset(("private", "public-read", "public-read-write", "authenticated-read"))
_OWNERSHIPS = frozenset(("BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"))
_NAMESPACES = frozenset(("account-regional", "global"))
_XML_ENUMS = (("Location", "Type", ("AvailabilityZone", "LocalZone")),
              ("Bucket", "DataRedundancy", ("SingleAvailabilityZone", "SingleLocalZone")),
              ("Bucket", "Type", ("Directory",)))


def _invalid_argument(message: str, name: str, value: str) -> AwsError:
    return AwsError("InvalidArgument", message, status=400, ArgumentName=name, ArgumentValue=value)


def _check_create_options(req: dict[str, Any], config: dict[str, Any]) -> None:
    """Refuse what S3 refuses: unknown header values as InvalidArgument, unknown XML
    values as MalformedXML, and ACLs on a bucket whose ownership setting disables them
    (BucketOwnerEnforced, the default since April 2023:
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html)."""
    acl, ownership, namespace = req.get("ACL"), req.get("ObjectOwnership"), req.get("BucketNamespace")
    if acl is not None and acl not in _CANNED_ACLS:
        raise _invalid_argument("", "x-amz-acl", acl)
    if ownership is not None and ownership not in _OWNERSHIPS:
        raise _invalid_argument(f"Invalid x-amz-object-ownership header: {ownership}", "x-amz-object-ownership", ownership)
    if namespace is not None and namespace not in _NAMESPACES:
        raise _invalid_argument(f"Invalid x-amz-bucket-namespace header: {namespace}", "x-amz-bucket-namespace", namespace)
    for parent, member, allowed in _XML_ENUMS:
        value = (config.get(parent) or {}).get(member)
        if value is not None and value not in allowed:
            raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema",
                           status=400)
    if acl not in (None, "private") and (ownership or "BucketOwnerEnforced") == "BucketOwnerEnforced":
        raise AwsError("InvalidBucketAclWithObjectOwnership",
                       "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", status=400)


def create_bucket(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["Bucket"]
    validate_name(name)
    config = req.get("CreateBucketConfiguration") or {}
    _check_create_options(req, config)
    region = _region_for(ctx, config.get("LocationConstraint"))
    table = buckets(ctx)
    existing: Bucket | None = table.get(name)
    if existing is not None:
        if existing.account != ctx.account:
            raise AwsError(
                "BucketAlreadyExists",
                "The requested bucket name is not available. The bucket namespace is shared by all users of the system. "
                "Please select a different name and try again.",
                status=409,
                BucketName=name,
            )
        if not (region == "us-east-1" and existing.region == "us-east-1"):
            raise AwsError(
                "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.",
                status=409,
                BucketName=name,
            )
        return {"Location": f"/{name}"}
    bucket = Bucket(name=name, account=ctx.account, region=region, created=now(ctx))
    bucket.config["ownership"] = {"Rules": [{"ObjectOwnership": req.get("ObjectOwnership", "BucketOwnerEnforced")}]}
    bucket.config["public_access_block"] = {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
    }
    if req.get("ObjectLockEnabledForBucket"):
        bucket.versioning = "Enabled"
        bucket.config["object_lock"] = {"ObjectLockEnabled": "Enabled"}
    if req.get("ACL"):
        bucket.acl = {"canned": req["ACL"]}
    if config.get("Tags"):
        bucket.tags = list(config["Tags"])
    table[name] = bucket
    keyindex.started(ctx, name)
    return {"Location": f"/{name}", "BucketArn": ctx.arn(name, region="", account="")}


def head_bucket(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return {"BucketRegion": bucket.region, "AccessPointAlias": False, "BucketArn": arn("s3", "", "", bucket.name, home=bucket.region)}


def delete_bucket(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    table = objects(ctx, bucket.name)
    if len(table):
        raise AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", status=409, BucketName=bucket.name)
    in_progress = uploads(ctx, bucket.name)
    for upload in list(in_progress.values()):
        for part in upload.parts.values():
            bodies.discard(ctx, part.body)
    in_progress.clear()
    keyindex.dropped(ctx, bucket.name)
    del buckets(ctx)[bucket.name]
    return {}


def list_buckets(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("Prefix") or ""
    region = req.get("BucketRegion")
    mine = sorted(
        (b for b in buckets(ctx).values() if b.account == ctx.account and b.name.startswith(prefix) and (region is None or b.region == region)),
        key=lambda b: b.name,
    )
    start = _decode_token(req.get("ContinuationToken"))
    if start:
        mine = [b for b in mine if b.name > start]
    limit = req.get("MaxBuckets")
    out: dict[str, Any] = {"Owner": owner(ctx.account)}
    if limit is not None and len(mine) > limit:
        mine = mine[:limit]
        out["ContinuationToken"] = base64.urlsafe_b64encode(mine[-1].name.encode()).decode()
    out["Buckets"] = [{"Name": b.name, "CreationDate": timestamp(b.created), "BucketRegion": b.region, "BucketArn": arn("s3", "", "", b.name, home=b.region)} for b in mine]
    if prefix:
        out["Prefix"] = prefix
    return out


def _decode_token(token: str | None) -> str:
    if not token:
        return ""
    try:
        return base64.urlsafe_b64decode(token.encode()).decode()
    except ValueError:
        raise AwsError("InvalidArgument", "The continuation token provided is incorrect", status=400, ArgumentName="continuation-token") from None


def get_bucket_location(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    # us-east-1 buckets have no location constraint: an empty element.
    return {"LocationConstraint": None if bucket.region == "us-east-1" else bucket.region}


def put_bucket_versioning(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    config = req.get("VersioningConfiguration") or {}
    status = config.get("Status")
    if status is None:
        raise AwsError("IllegalVersioningConfigurationException", "The Versioning element must be specified", status=400)
    if config.get("MFADelete") not in (None, "Enabled", "Disabled") or status not in ("Enabled", "Suspended"):
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
    if status == "Suspended" and "object_lock" in bucket.config:
        raise AwsError("InvalidBucketState", "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.", status=409)
    if status == "Suspended" and "replication" in bucket.config:
        raise AwsError("InvalidBucketState", "A replication configuration is present on this bucket, so the versioning state cannot be changed.", status=409)
    bucket.versioning = status
    if config.get("MFADelete"):
        bucket.mfa_delete = config["MFADelete"]
    buckets(ctx).touch(bucket.name)
    return {}


def get_bucket_versioning(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    out: dict[str, Any] = {}
    if bucket.versioning:
        out["Status"] = bucket.versioning
    if bucket.mfa_delete:
        out["MFADelete"] = bucket.mfa_delete
    return out
