"""S3's Signature Version 2: `Authorization: AWS key:signature` and presigned
query URLs (`AWSAccessKeyId`, `Expires`, `Signature`), which boto3 still makes
by default for `generate_presigned_url` on S3.

    StringToSign = Verb \n Content-MD5 \n Content-Type \n Date-or-Expires \n
                   CanonicalizedAmzHeaders CanonicalizedResource
    Signature    = Base64(HMAC-SHA1(secret, UTF-8(StringToSign)))

https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
The resource is the path-style path (`/bucket/key`, the bucket taken from the
Host of virtual-hosted requests) plus the sub-resources and response overrides
of the query, sorted, with their values decoded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import unquote

from cumulo.auth.errors import AuthError, mismatch

# Query parameters that are part of the resource signed (the documented list, and
# the sub-resources S3 has gained since, which SDKs sign the same way).
SUBRESOURCES = frozenset((
    "accelerate", "acl", "analytics", "cors", "delete", "encryption", "intelligent-tiering", "inventory",
    "legal-hold", "lifecycle", "location", "logging", "metrics", "notification", "object-lock", "ownershipControls",
    "partNumber", "policy", "policyStatus", "publicAccessBlock", "replication", "requestPayment", "restore",
    "retention", "select", "select-type", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
    "versions", "website",
    "response-cache-control", "response-content-disposition", "response-content-encoding",
    "response-content-language", "response-content-type", "response-expires",
))
_SPACES = re.compile(r"\s+")


def from_header(authorization: str) -> tuple[str, str]:
    """(access key, signature) of `AWS key:signature`."""
    access_key, sep, signature = authorization[4:].strip().rpartition(":")
    if not sep or not access_key:
        raise AuthError("InvalidArgument", "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature",
                        status=400, ArgumentName="Authorization", ArgumentValue=authorization)
    return access_key, signature


def canonical_resource(path: str, query: str) -> str:
    subresources = []
    for item in query.split("&"):
        name, eq, value = item.partition("=")
        name = unquote(name)
        if name in SUBRESOURCES:
            subresources.append((name, unquote(value) if eq else None))
    subresources.sort(key=lambda pair: pair[0])
    if not subresources:
        return path
    return path + "?" + "&".join(name if value is None else f"{name}={value}" for name, value in subresources)


def string_to_sign(method: str, resource: str, query: str, headers: dict[str, str], date: str) -> str:
    amz = sorted((name, _SPACES.sub(" ", value).strip()) for name, value in headers.items()
                 if name.startswith("x-amz-"))
    amz_lines = "".join(f"{name}:{value}\n" for name, value in amz)
    if "x-amz-date" in headers and date == headers.get("date", ""):
        date = ""  # x-amz-date, signed among the x-amz-* headers, stands in for Date
    return (f"{method}\n{headers.get('content-md5', '')}\n{headers.get('content-type', '')}\n{date}\n"
            f"{amz_lines}{canonical_resource(resource, query)}")


def sign(secret: str, text: str) -> str:
    return base64.b64encode(hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()).decode()


def verify(method: str, resources: list[str], query: str, headers: dict[str, str], date: str,
           access_key: str, secret: str, provided: str) -> None:
    """Raise `SignatureDoesNotMatch` unless the signature matches for one of `resources`
    (the path-style path; with the slash a virtual-hosted bucket root was signed with)."""
    first = ""
    for resource in resources:
        text = string_to_sign(method, resource, query, headers, date)
        if hmac.compare_digest(sign(secret, text), provided):
            return
        first = first or text
    raise mismatch("s3", access_key, provided, "", first)
