"""Browser-based POST uploads: `POST /<bucket>` with a multipart/form-data body.

The form's fields come first (key, policy, signature, credentials, metadata,
content headers, success_action_*), then `file`; fields after the file are
ignored, as S3 ignores them. The body is parsed as it streams
(python-multipart) and the file part goes straight into the blob store, so an
upload of any size holds one chunk in memory.

The policy (base64 JSON: `expiration` and `conditions`) is always enforced:
every field must be allowed by a condition (exact match, `eq`, `starts-with`),
`content-length-range` bounds the file, and an expired policy is refused. Its
signature (SigV4 `x-amz-signature` over the base64 policy, or SigV2
`signature`) is checked when `CUMULO_VERIFY_SIGNATURES` is on.
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from python_multipart.multipart import MultipartParser, parse_options_header

from cumulo import auth
from cumulo.auth import sigv2, sigv4
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.core.http import StreamingBody
from cumulo.services.s3.api.objects import store_object

FIELD_LIMIT = 20 * 1024  # S3 caps the form fields before the file at 20 KB
CONTENT_FIELDS = {
    "cache-control": "CacheControl", "content-disposition": "ContentDisposition",
    "content-encoding": "ContentEncoding", "content-type": "ContentType", "expires": "Expires",
}
# Fields no policy condition has to allow.
UNCHECKED = frozenset(("policy", "x-amz-signature", "signature", "awsaccesskeyid", "file"))


def _bad_form(message: str) -> AwsError:
    return AwsError("InvalidArgument", message, status=400)


def _denied(message: str) -> AwsError:
    return AwsError("AccessDenied", "Invalid according to Policy: " + message, status=403)


# ---------------------------------------------------------------- reading the body


async def _events(chunks: AsyncIterator[bytes], boundary: bytes) -> AsyncIterator[tuple[str, Any]]:
    """("part", (name, filename, content type)), ("data", bytes), ("end", None) as the body streams."""
    pending: list[tuple[str, Any]] = []
    header: dict[str, bytearray] = {"field": bytearray(), "value": bytearray()}
    headers: dict[str, bytes] = {}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        headers[bytes(header["field"]).lower().decode("latin-1")] = bytes(header["value"])
        header["field"], header["value"] = bytearray(), bytearray()

    def on_headers_finished() -> None:
        _, params = parse_options_header(headers.get("content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        pending.append(("part", (name, None if filename is None else filename.decode("utf-8", "replace"),
                                 headers.get("content-type", b"").decode("latin-1"))))
        headers.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        pending.append(("data", data[start:end]))

    parser = MultipartParser(boundary, {
        "on_header_field": on_header_field, "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": lambda: pending.append(("end", None)),
    })
    async for chunk in chunks:
        try:
            parser.write(chunk)
        except Exception as error:  # python-multipart's parse errors
            raise AwsError("MalformedPOSTRequest",
                           "The body of your POST request is not well-formed multipart/form-data.", status=400) from error
        for event in pending:
            yield event
        pending.clear()
    parser.finalize()
    for event in pending:
        yield event


async def read_fields(request_body: AsyncIterator[bytes], boundary: bytes) -> tuple[dict[str, str], str | None, str, AsyncIterator[bytes] | None]:
    """The fields before the file, the file's name and content type, and its data still streaming."""
    events = _events(request_body, boundary)
    fields: dict[str, str] = {}
    size = 0
    async for kind, value in events:
        if kind != "part":
            continue
        name, filename, content_type = value
        if name.lower() == "file":
            return fields, filename, content_type, _file_data(events)
        data = bytearray()
        async for kind2, piece in events:
            if kind2 == "end":
                break
            data += piece
            size += len(piece)
            if size > FIELD_LIMIT:
                raise AwsError("MaxPostPreDataLengthExceeded",
                               "Your POST request fields preceeding the upload file was too large.", status=400)
        fields[name.lower()] = data.decode("utf-8", "replace")
    return fields, None, "", None


async def _file_data(events: AsyncIterator[tuple[str, Any]]) -> AsyncIterator[bytes]:
    async for kind, value in events:
        if kind == "end":
            break
        if kind == "data":
            yield value
    async for _ in events:  # the rest of the body (fields after the file are ignored)
        pass


# ---------------------------------------------------------------- the policy


def read_policy(encoded: str) -> dict[str, Any]:
    try:
        policy = json.loads(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        raise _bad_form("Invalid Policy: Invalid JSON.") from None
    if not isinstance(policy, dict) or not isinstance(policy.get("conditions"), list):
        raise _bad_form("Invalid Policy: Invalid 'conditions' value: must be a List.")
    if "expiration" not in policy:
        raise _bad_form("Invalid Policy: Policy missing expiration.")
    return policy


def check_policy(policy: dict[str, Any], fields: dict[str, str], bucket: str, now: float) -> tuple[int, float]:
    """Refuse fields the policy does not allow; the (min, max) file size it allows."""
    try:
        expires = datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise _bad_form("Invalid Policy: Invalid 'expiration' value: '" + str(policy["expiration"]) + "'") from None
    if now > expires:
        raise _denied("Policy expired.")
    values = {**fields, "bucket": bucket}
    covered: set[str] = {"bucket"}
    low, high = 0, float("inf")
    for condition in policy["conditions"]:
        if isinstance(condition, dict):
            for name, expected in condition.items():
                _check(["eq", "$" + name, expected], values, covered)
        elif isinstance(condition, list) and condition and str(condition[0]).lower() == "content-length-range":
            try:
                low, high = int(condition[1]), int(condition[2])
            except (IndexError, TypeError, ValueError):
                raise _bad_form("Invalid Policy: Invalid 'content-length-range' condition.") from None
        elif isinstance(condition, list) and len(condition) == 3:
            _check(condition, values, covered)
        else:
            raise _bad_form("Invalid Policy: Invalid Condition: " + json.dumps(condition))
    extra = [name for name in fields
             if name not in covered and name not in UNCHECKED and not name.startswith("x-ignore-")]
    if extra:
        raise _denied("Extra input fields: " + ", ".join(extra))
    return low, high


def _check(condition: list[Any], values: dict[str, str], covered: set[str]) -> None:
    operator, target, expected = str(condition[0]).lower(), str(condition[1]), str(condition[2])
    name = target.lstrip("$").lower()
    covered.add(name)
    actual = values.get(name, "")
    if operator == "eq":
        ok = actual == expected
    elif operator == "starts-with":
        # content-type may be a comma-separated list, each part checked.
        parts = actual.split(",") if name == "content-type" else [actual]
        ok = all(part.strip().startswith(expected) for part in parts)
    else:
        raise _bad_form("Invalid Policy: Invalid Condition: " + json.dumps(condition))
    if not ok:
        raise _denied("Policy Condition failed: " + json.dumps(condition))


def check_signature(ctx: RequestContext, fields: dict[str, str]) -> None:
    """The policy's signature, against the secret of the key the form names."""
    policy = fields.get("policy", "")
    if "x-amz-signature" in fields:
        credential = fields.get("x-amz-credential", "").split("/")
        if len(credential) != 5 or fields.get("x-amz-algorithm") != sigv4.ALGORITHM:
            raise _bad_form("Invalid according to Policy: x-amz-credential and x-amz-algorithm are required")
        access_key, provided = credential[0], fields["x-amz-signature"]
        secret = auth.secret_of(ctx.runtime, access_key)
        if secret is None:
            raise auth.unknown_key("s3", access_key)
        expected = sigv4.sign(sigv4.signing_key(secret, credential[1], credential[2], credential[3]), policy)
    elif "signature" in fields:
        access_key, provided = fields.get("awsaccesskeyid", ""), fields["signature"]
        secret = auth.secret_of(ctx.runtime, access_key)
        if secret is None:
            raise auth.unknown_key("s3", access_key)
        expected = sigv2.sign(secret, policy)
    else:
        raise _bad_form("Bucket POST must contain a field named 'x-amz-signature' (or 'Signature' with "
                        "'AWSAccessKeyId').  If it is specified, please check the order of the fields.")
    if not hmac.compare_digest(expected, provided):
        raise auth.mismatch("s3", access_key, provided, "", policy)


# ---------------------------------------------------------------- the upload


async def _bounded(data: AsyncIterator[bytes], high: float) -> AsyncIterator[bytes]:
    size = 0
    async for chunk in data:
        size += len(chunk)
        if size > high:
            raise AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
                           status=400, ProposedSize=str(size), MaxSizeAllowed=str(int(high)))
        yield chunk


async def post_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The form upload; answers as PutObject (ETag, version), with the status and
    document `success_action_status` asks for, or a 303 to `success_action_redirect`."""
    request = ctx.request
    assert request is not None
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise AwsError("MalformedPOSTRequest",
                       "The body of your POST request is not well-formed multipart/form-data.", status=400)
    bucket = req["Bucket"]
    fields, filename, file_type, data = await read_fields(StreamingBody(request).__aiter__(), boundary)
    if data is None:
        raise _bad_form("POST requires exactly one file upload per request.")
    if "key" not in fields:
        raise _bad_form("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.")
    key = fields["key"].replace("${filename}", filename or "")
    fields["key"] = key
    low, high = 0, float("inf")
    if "policy" in fields:
        if ctx.runtime.config.verify_signatures:
            check_signature(ctx, fields)
        low, high = check_policy(read_policy(fields["policy"]), fields, bucket, ctx.clock.now())
    put: dict[str, Any] = {"Bucket": bucket, "Key": key, "Body": _bounded(data, high),
                           "Metadata": {n[len("x-amz-meta-"):]: v for n, v in fields.items() if n.startswith("x-amz-meta-")}}
    for name, member in CONTENT_FIELDS.items():
        if name in fields:
            put[member] = fields[name]
    if "ContentType" not in put and file_type:
        put["ContentType"] = file_type
    for name, member in (("x-amz-storage-class", "StorageClass"), ("tagging", "Tagging"),
                         ("x-amz-server-side-encryption", "ServerSideEncryption")):
        if name in fields:
            put[member] = fields[name]
    out = await store_object(ctx, put, "ObjectCreated:Post", minimum_size=low)
    _answer(ctx, fields, bucket, key, out)
    return out


def _answer(ctx: RequestContext, fields: dict[str, str], bucket: str, key: str, out: dict[str, Any]) -> None:
    request = ctx.request
    assert request is not None
    location = f"http://{request.host}/{bucket}/{quote(key)}"
    headers = {"Location": location}
    redirect = fields.get("success_action_redirect") or fields.get("redirect")
    if redirect:
        query = urlencode({"bucket": bucket, "key": key, "etag": out["ETag"]})
        headers["Location"] = redirect + ("&" if "?" in redirect else "?") + query
        ctx.extras["status"] = 303
    else:
        status = fields.get("success_action_status", "204")
        ctx.extras["status"] = int(status) if status in ("200", "201", "204") else 204
        if status == "201":
            ctx.extras["document"] = ("PostResponse", {"Location": location, "Bucket": bucket, "Key": key, "ETag": out["ETag"]})
    ctx.extras["headers"] = headers
