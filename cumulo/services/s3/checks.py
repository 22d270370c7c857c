"""The input checks S3 makes before it stores a configuration or writes an object.

S3 leaves enum checks to itself (`validate_enums` is off for it), so each
configuration's enumerated values are checked here, as data: a value outside
its set is MalformedXML, as S3 answers a document its schema refuses. Rules
that are not enums (lifecycle day counts, Object Lock periods, grantee ids)
answer S3's own codes and messages.

Also here: the expected-bucket-owner headers (`x-amz-expected-bucket-owner`,
and `x-amz-source-expected-bucket-owner` for a copy's source), and whether a
bucket's Object Ownership setting disables ACLs.
"""

from __future__ import annotations

import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3.models import Bucket

STORAGE_CLASSES = frozenset((
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
    "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE", "FSX_OPENZFS", "FSX_ONTAP",
    "AWS_BACKUP_WARM", "AWS_BACKUP_LOW_COST_WARM",
))
SSE_ALGORITHMS = ("AES256", "aws:kms", "aws:kms:dsse", "aws:fsx", "aws:backup")
TRANSITION_CLASSES = frozenset(("GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"))
# Days an object must stay before a transition to these classes (S3 refuses fewer).
_MINIMUM_TRANSITION_DAYS = {"STANDARD_IA": 30, "ONEZONE_IA": 30}
_ACCOUNT = re.compile(r"^\d{12}$")
_CANONICAL_ID = re.compile(r"^[0-9a-f]{64}$")
_GROUP_URIS = frozenset((
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
    "http://acs.amazonaws.com/groups/s3/LogDelivery",
))
_PERMISSIONS = frozenset(("FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"))


def malformed_xml() -> AwsError:
    return AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)


def invalid_argument(message: str, name: str | None = None, value: Any = None) -> AwsError:
    extra: dict[str, Any] = {"ArgumentName": name, "ArgumentValue": str(value)} if name is not None else {}
    return AwsError("InvalidArgument", message, status=400, **extra)


def one_of(value: Any, allowed: frozenset[str] | tuple[str, ...]) -> None:
    """An enumerated member of a configuration document: MalformedXML when unknown."""
    if value is not None and value not in allowed:
        raise malformed_xml()


# ---------------------------------------------------------------- owners and ACLs


def expected_owner(ctx: RequestContext, bucket: Bucket, header: str = "x-amz-expected-bucket-owner") -> None:
    """A request naming the account it expects to own the bucket: a malformed id is
    InvalidBucketOwnerAWSAccountID, another owner is 403 AccessDenied."""
    expected = ctx.request.headers.get(header) if ctx.request is not None else None
    if expected is None:
        return
    if not _ACCOUNT.match(expected):
        raise AwsError("InvalidBucketOwnerAWSAccountID", "The value of the expected bucket owner parameter must be an AWS Account ID...", status=400)
    if expected != bucket.account:
        raise AwsError("AccessDenied", "Access Denied", status=403)


def acls_disabled(bucket: Bucket) -> bool:
    """BucketOwnerEnforced (the default since April 2023) turns ACLs off."""
    rules = (bucket.config.get("ownership") or {}).get("Rules") or [{}]
    return (rules[0].get("ObjectOwnership") or "BucketOwnerEnforced") == "BucketOwnerEnforced"


_GRANT_MEMBERS = ("GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP")


def check_acl_allowed(bucket: Bucket, req: dict[str, Any], *, object_write: bool = False) -> None:
    """With ACLs disabled, setting one fails (AccessControlListNotSupported). An object
    write may still say `bucket-owner-full-control`, which changes nothing
    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html)."""
    if not acls_disabled(bucket):
        return
    canned = req.get("ACL")
    sets_acl = bool(req.get("AccessControlPolicy")) or any(req.get(m) for m in _GRANT_MEMBERS)
    if object_write:
        sets_acl = sets_acl or canned not in (None, "bucket-owner-full-control")
    else:
        sets_acl = sets_acl or canned is not None
    if sets_acl:
        raise AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", status=400)


def check_grants(policy: dict[str, Any]) -> None:
    for grant in policy.get("Grants") or []:
        grantee = grant.get("Grantee") or {}
        kind = grantee.get("Type")
        one_of(grant.get("Permission"), _PERMISSIONS)
        if kind == "CanonicalUser" and not _CANONICAL_ID.match(grantee.get("ID") or ""):
            raise invalid_argument("Invalid id", "CanonicalUser/ID", grantee.get("ID"))
        if kind == "Group" and grantee.get("URI") not in _GROUP_URIS:
            raise invalid_argument("Invalid group uri", "Group/URI", grantee.get("URI"))
        if kind == "AmazonCustomerByEmail" and "@" not in (grantee.get("EmailAddress") or ""):
            raise invalid_argument("Invalid email address", "AmazonCustomerByEmail/EmailAddress", grantee.get("EmailAddress"))
        one_of(kind, ("CanonicalUser", "Group", "AmazonCustomerByEmail"))


# ---------------------------------------------------------------- objects and listings


def storage_class(value: str | None) -> None:
    if value is not None and value not in STORAGE_CLASSES:
        raise AwsError("InvalidStorageClass", "The storage class you specified is not valid", status=400, StorageClassRequested=value)


def encoding_type(value: str | None) -> None:
    if value is not None and value != "url":
        raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", value)


def version_marker(key_marker: str | None, version_id_marker: str | None) -> None:
    if version_id_marker is None:
        return
    if not key_marker:
        raise invalid_argument("A version-id marker cannot be specified without a key marker.", "version-id-marker", version_id_marker)
    if version_id_marker != "null" and not re.match(r"^[A-Za-z0-9._-]{32}$", version_id_marker):
        raise invalid_argument("Invalid version id specified", "version-id-marker", version_id_marker)


def object_tags(tags: dict[str, str]) -> None:
    for key in tags:
        if key.startswith("aws:"):
            raise AwsError("InvalidTag", "Your TagKey cannot be prefixed with aws:", status=400, TagKey=key)


# ---------------------------------------------------------------- bucket configurations


def request_payment(config: dict[str, Any]) -> None:
    if config.get("Payer") not in ("Requester", "BucketOwner"):
        raise malformed_xml()


def ownership(config: dict[str, Any]) -> None:
    rules = config.get("Rules") or []
    if len(rules) != 1:
        raise malformed_xml()
    one_of(rules[0].get("ObjectOwnership"), ("BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"))


def encryption(config: dict[str, Any]) -> None:
    rules = config.get("Rules") or []
    if not rules:
        raise malformed_xml()
    for rule in rules:
        default = rule.get("ApplyServerSideEncryptionByDefault") or {}
        algorithm = default.get("SSEAlgorithm")
        one_of(algorithm, SSE_ALGORITHMS)
        if default and algorithm is None:
            raise malformed_xml()
        if default.get("KMSMasterKeyID") and algorithm == "AES256":
            raise invalid_argument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
                                   "ApplyServerSideEncryptionByDefault")


def bucket_tags(tag_set: list[dict[str, str]]) -> None:
    if len(tag_set) > 50:
        raise AwsError("BadRequest", "Bucket tag count cannot be greater than 50", status=400)
    for tag in tag_set:
        key, value = tag.get("Key") or "", tag.get("Value") or ""
        if not key or len(key) > 128:
            raise AwsError("InvalidTag", "The TagKey you have provided is too long, max 128", status=400, TagKey=key)
        if len(value) > 256:
            raise AwsError("InvalidTag", "The TagValue you have provided is too long, max 256", status=400, TagKey=key, TagValue=value)


def object_lock(config: dict[str, Any]) -> None:
    if config.get("ObjectLockEnabled") != "Enabled":
        raise malformed_xml()
    rule = config.get("Rule")
    if rule is None:
        return
    retention = rule.get("DefaultRetention") or {}
    days, years, hold = retention.get("Days"), retention.get("Years"), retention.get("DefaultEventHold")
    one_of(retention.get("Mode"), ("GOVERNANCE", "COMPLIANCE"))
    # A default retention period, or a default event hold: exactly one.
    if retention.get("Mode") is None or [days, years, hold].count(None) != 2:
        raise malformed_xml()
    if hold is not None:
        if (hold.get("Days") is None) == (hold.get("Years") is None):
            raise malformed_xml()
        return
    name, period = ("Days", days) if days is not None else ("Years", years)
    if int(period or 0) <= 0:
        raise invalid_argument("Default retention period must be a positive integer value.", name, period)


def lifecycle(config: dict[str, Any]) -> None:
    rules = config.get("Rules") or []
    if not rules or len(rules) > 1000:
        raise malformed_xml()
    ids = [r.get("ID") for r in rules if r.get("ID")]
    if len(set(ids)) != len(ids):
        raise invalid_argument("Rule ID must be unique. Found same ID for more than one rule", "ID", ids[0])
    for rule in rules:
        one_of(rule.get("Status"), ("Enabled", "Disabled"))
        if rule.get("Status") is None:
            raise malformed_xml()
        if len(rule.get("ID") or "") > 255:
            raise invalid_argument("ID length should not exceed allowed limit of 255", "ID", rule["ID"])
        actions = ("Expiration", "Transitions", "NoncurrentVersionTransitions", "NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload")
        if not any(rule.get(a) for a in actions):
            raise AwsError("InvalidRequest", "At least one action needs to be specified in a rule", status=400)
        expiration = rule.get("Expiration") or {}
        if expiration.get("Days") is not None and expiration["Days"] <= 0:
            raise invalid_argument("'Days' for Expiration action must be a positive integer", "Days", expiration["Days"])
        for transition in rule.get("Transitions") or []:
            _transition(transition, "Days", "Transition")
        for transition in rule.get("NoncurrentVersionTransitions") or []:
            _transition(transition, "NoncurrentDays", "NoncurrentVersionTransition")


def _transition(transition: dict[str, Any], days_member: str, action: str) -> None:
    target = transition.get("StorageClass")
    one_of(target, TRANSITION_CLASSES)
    if target is None:
        raise malformed_xml()
    days = transition.get(days_member)
    minimum = _MINIMUM_TRANSITION_DAYS.get(target, 0)
    if days is not None and days < minimum:
        raise invalid_argument(f"'{days_member}' in {action} action must be greater than or equal to {minimum} for storageClass '{target}'",
                               days_member, days)


def inventory(config: dict[str, Any]) -> None:
    destination = (config.get("Destination") or {}).get("S3BucketDestination") or {}
    one_of(destination.get("Format"), ("CSV", "ORC", "Parquet"))
    one_of(config.get("IncludedObjectVersions"), ("All", "Current"))
    one_of((config.get("Schedule") or {}).get("Frequency"), ("Daily", "Weekly"))
    if not re.match(r"arn:aws[a-z-]*:s3:::", str(destination.get("Bucket") or "")):
        raise invalid_argument("Invalid bucket ARN.", "Bucket", destination.get("Bucket"))


# The ARN each kind of notification target must have (account and region as in any ARN).
_TARGET_ARNS = (
    ("QueueConfigurations", "QueueArn", re.compile(r"^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]{1,80}$")),
    ("TopicConfigurations", "TopicArn", re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$")),
    ("LambdaFunctionConfigurations", "LambdaFunctionArn",
     re.compile(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}(:[\w$-]+)?$")),
)


def notification_targets(config: dict[str, Any]) -> None:
    """Every target of a notification configuration is an ARN of its kind, or the
    configuration is refused as S3 refuses it (InvalidArgument naming the ARN)."""
    for section, member, pattern in _TARGET_ARNS:
        for target in config.get(section) or []:
            arn = target.get(member) or ""
            if not pattern.match(arn):
                raise AwsError("InvalidArgument", "The ARN is not well formed", status=400, ArgumentName=arn, ArgumentValue="The ARN is not well formed")
            if not target.get("Events"):
                raise malformed_xml()


def _malformed_policy(message: str) -> AwsError:
    return AwsError("MalformedPolicy", message, status=400)


def bucket_policy(bucket: str, doc: dict[str, Any]) -> None:
    """A bucket policy as S3 checks it: each statement has an Effect of Allow or Deny,
    a Principal, S3 actions and resources of this bucket (or its objects)."""
    version = doc.get("Version")
    if version is not None and version not in ("2012-10-17", "2008-10-17"):
        raise _malformed_policy("Invalid policy version")
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise _malformed_policy("Missing required field Statement")
    for statement in statements:
        if not isinstance(statement, dict):
            raise _malformed_policy("Statement is not an object")
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise _malformed_policy("Missing required field Effect" if effect is None else f"Invalid effect: {effect}")
        if "Principal" not in statement and "NotPrincipal" not in statement:
            raise _malformed_policy("Missing required field Principal")
        actions = statement.get("Action", statement.get("NotAction"))
        if actions is None:
            raise _malformed_policy("Missing required field Action")
        for action in [actions] if isinstance(actions, str) else actions:
            if not isinstance(action, str) or not re.match(r"^(\*|s3:[A-Za-z*?]+|s3-object-lambda:[A-Za-z*?]+)$", action):
                raise _malformed_policy("Policy has invalid action")
        resources = statement.get("Resource", statement.get("NotResource"))
        if resources is None:
            raise _malformed_policy("Missing required field Resource")
        for resource in [resources] if isinstance(resources, str) else resources:
            if not isinstance(resource, str) or not re.match(rf"^(arn:aws[a-z-]*:s3:::{re.escape(bucket)}(/.*)?|\*)$", resource):
                raise _malformed_policy("Policy has invalid resource")
