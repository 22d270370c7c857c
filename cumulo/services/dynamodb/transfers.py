"""S3 exports and imports: the file formats, and the S3 calls that move them.

Exports write what DynamoDB writes
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
under `<prefix>/AWSDynamoDB/<export id>/`, an empty `_started`, the gzipped
DynamoDB JSON data in `data/<name>.json.gz` (one `{"Item": ...}` per line for a
full export; `{"Metadata", "Keys", "NewImage", "OldImage"}` per change for an
incremental one), `manifest-files.json` (one line per data file) and
`manifest-summary.json`, each with its `.md5`. Imports read every object under
a prefix, in DynamoDB JSON or CSV, plain or gzipped
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataImport.Format.html).

All S3 access is `services.call(runtime, "s3", ...)`: S3's own handlers, its
own errors. An `AwsError` from S3 becomes the export's or import's failure
(`FailureCode` "S3" + S3's code), never the caller's error.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import uuid
from collections.abc import Iterator
from typing import Any

import orjson

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.models import Change, Table


class TransferFailed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


async def _s3(ctx: RequestContext, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    if services.get("s3") is None:
        raise TransferFailed("S3NotAvailable", "Amazon S3 is not available in this server")
    try:
        return await services.call(ctx.runtime, "s3", operation, params, ctx.account, ctx.region)
    except AwsError as error:
        raise TransferFailed(f"S3{error.code}", error.message) from None


async def write_object(ctx: RequestContext, bucket: str, key: str, body: bytes) -> None:
    await _s3(ctx, "PutObject", {"Bucket": bucket, "Key": key, "Body": body})


# ---------------------------------------------------------------- exports


def full_lines(items: list[dict[str, Any]]) -> Iterator[bytes]:
    for item in items:
        yield orjson.dumps({"Item": v.to_json(item)})


def incremental_lines(table: Table, changes: list[Change], view: str) -> Iterator[bytes]:
    for change in changes:
        image = change.new if change.new is not None else change.old
        assert image is not None
        line: dict[str, Any] = {
            "Metadata": {"WriteTimestampMicros": {"N": str(int(change.time * 1_000_000))}},
            "Keys": {name: image[name] for name in table.key_names()},
        }
        if change.new is not None:
            line["NewImage"] = change.new
        if view == "NEW_AND_OLD_IMAGES" and change.old is not None:
            line["OldImage"] = change.old
        yield orjson.dumps(v.to_json(line))


async def write_export(ctx: RequestContext, export_id: str, request: dict[str, Any], lines: list[bytes], summary: dict[str, Any]) -> str:
    """Write the export's files; returns the manifest summary's key."""
    bucket = request["S3Bucket"]
    base = f"{request['S3Prefix'].rstrip('/')}/AWSDynamoDB/{export_id}" if request.get("S3Prefix") else f"AWSDynamoDB/{export_id}"
    extra = {"ExpectedBucketOwner": request["S3BucketOwner"]} if request.get("S3BucketOwner") else {}
    if request.get("S3SseAlgorithm"):
        extra["ServerSideEncryption"] = "aws:kms" if request["S3SseAlgorithm"] == "KMS" else "AES256"
        if request.get("S3SseKmsKeyId"):
            extra["SSEKMSKeyId"] = request["S3SseKmsKeyId"]

    async def put(key: str, body: bytes) -> dict[str, Any]:
        return await _s3(ctx, "PutObject", {"Bucket": bucket, "Key": key, "Body": body, **extra})

    await put(f"{base}/_started", b"")
    files = []
    if lines:
        data = gzip.compress(b"\n".join(lines) + b"\n", mtime=0)
        key = f"{base}/data/{uuid.uuid4().hex[:26]}.json.gz"
        written = await put(key, data)
        files.append({"itemCount": len(lines), "md5Checksum": _b64md5(data), "etag": written.get("ETag", "").strip('"'),
                      "dataFileS3Key": key})
    manifest = b"".join(orjson.dumps(f) + b"\n" for f in files)
    await put(f"{base}/manifest-files.json", manifest)
    await put(f"{base}/manifest-files.md5", _b64md5(manifest).encode())
    summary = {**summary, "manifestFilesS3Key": f"{base}/manifest-files.json"}
    body = orjson.dumps(summary)
    await put(f"{base}/manifest-summary.json", body)
    await put(f"{base}/manifest-summary.md5", _b64md5(body).encode())
    return f"{base}/manifest-summary.json"


def _b64md5(data: bytes) -> str:
    import base64

    return base64.b64encode(hashlib.md5(data).digest()).decode()


# ---------------------------------------------------------------- imports


async def read_objects(ctx: RequestContext, source: dict[str, Any]) -> list[tuple[str, bytes]]:
    """(key, bytes) of every object under the source's prefix, in key order."""
    bucket, prefix = source["S3Bucket"], source.get("S3KeyPrefix") or ""
    extra = {"ExpectedBucketOwner": source["S3BucketOwner"]} if source.get("S3BucketOwner") else {}
    keys: list[str] = []
    token = None
    while True:
        page = await _s3(ctx, "ListObjectsV2", {"Bucket": bucket, "Prefix": prefix, **extra,
                                               **({"ContinuationToken": token} if token else {})})
        keys += [o["Key"] for o in page.get("Contents") or [] if not o["Key"].endswith("/")]
        token = page.get("NextContinuationToken")
        if not token:
            break
    if not keys:
        raise TransferFailed("S3NoObjects", f"No objects found under s3://{bucket}/{prefix}")
    out = []
    for key in keys:
        got = await _s3(ctx, "GetObject", {"Bucket": bucket, "Key": key, **extra})
        body = got.get("Body", b"")
        if not isinstance(body, (bytes, bytearray)):
            body = b"".join([chunk async for chunk in body])
        out.append((key, bytes(body)))
    return out


def decompress(data: bytes, kind: str) -> bytes:
    if kind == "GZIP":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            raise TransferFailed("InvalidCompression", "The input is not valid GZIP") from None
    if kind == "ZSTD":
        raise TransferFailed("UnsupportedCompression", "ZSTD input is not supported by this server")
    return data


IMPORT_LOG_GROUP = "/aws-dynamodb/imports"
LOGGED_ERRORS = 10_000  # DynamoDB logs the first errors of an import, not all of them


async def log_import_errors(ctx: RequestContext, import_arn: str, bucket: str, errors: list[tuple[str, int, str]]) -> None:
    """Each item that failed to import, as a CloudWatch Logs event in the import's own stream
    of `/aws-dynamodb/imports` (S3DataImport.Validation.html: "for each error, DynamoDB emits
    a CloudWatch log"): where in S3 the item was, the import, and why it failed."""
    if services.get("logs") is None:
        return
    stream = import_arn.rsplit("/", 1)[-1]
    now = int(ctx.clock.now() * 1000)
    for op, req in (("CreateLogGroup", {"logGroupName": IMPORT_LOG_GROUP}),
                    ("CreateLogStream", {"logGroupName": IMPORT_LOG_GROUP, "logStreamName": stream})):
        try:
            await services.call(ctx.runtime, "logs", op, req, ctx.account, ctx.region)
        except AwsError as error:
            if error.code != "ResourceAlreadyExistsException":
                return
    events = [{"timestamp": now, "message": orjson.dumps({
        "itemS3Pointer": {"bucket": bucket, "key": key, "itemIndex": index}, "importArn": import_arn, "errorMessages": [message],
    }).decode()} for key, index, message in errors[:LOGGED_ERRORS]]
    for start in range(0, len(events), 10_000):
        try:
            await services.call(ctx.runtime, "logs", "PutLogEvents", {
                "logGroupName": IMPORT_LOG_GROUP, "logStreamName": stream, "logEvents": events[start:start + 10_000]}, ctx.account, ctx.region)
        except AwsError:
            return


MALFORMED: dict[str, Any] = {}  # `parse` yields this object itself for a line that is not JSON at all


def parse(text: bytes, fmt: str, table: Table, options: dict[str, Any]) -> Iterator[dict[str, Any] | None]:
    """Items from one file; None for a line that is not a valid item (counted as an error).

    A line that is not JSON makes the object malformed: `MALFORMED` is yielded and
    the rest of the object is skipped, as DynamoDB does ("If the Amazon S3 object
    itself is malformed ... we may skip processing the remaining portion of the
    object", S3DataImport.Validation.html)."""
    if fmt == "DYNAMODB_JSON":
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                doc = orjson.loads(line)
            except orjson.JSONDecodeError:
                yield MALFORMED
                return
            try:
                yield v.from_json(doc["Item"])
            except (KeyError, TypeError, AttributeError, ValueError, AwsError):
                yield None
    elif fmt == "CSV":
        csv_options = options.get("Csv") or {}
        reader = csv.reader(io.StringIO(text.decode("utf-8", "replace")), delimiter=csv_options.get("Delimiter") or ",")
        header = csv_options.get("HeaderList") or next(reader, None) or []
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                yield None
                continue
            # CSV carries no types: key attributes take their defined type, the rest are strings.
            yield {name: v.from_json({name: {table.attribute_types.get(name, "S"): value}})[name]
                   for name, value in zip(header, row) if value != ""}
    else:
        raise TransferFailed("UnsupportedFormat", f"{fmt} input is not supported by this server")
