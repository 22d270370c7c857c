"""Deployment packages: from the request (`ZipFile`, `S3Bucket`/`S3Key`, `ImageUri`) to a stored blob.

`CodeSha256` is the base64 SHA-256 of the zip's bytes, as AWS computes it, and
`CodeSize` their length. Packages come from S3 through `services.call`, so a
bucket created in cumulo's S3 works as on AWS. A zip is checked to be a zip
when it arrives, not at its first invocation.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.awslambda import images
from cumulo.services.awslambda.models import Code
from cumulo.services.awslambda.names import invalid

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext

MAX_ZIP = 50 * 1024 * 1024  # direct upload limit (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)
MAX_UNZIPPED = 250 * 1024 * 1024


async def read_code(ctx: RequestContext, req: dict[str, Any], *, kind: str = "function") -> Code:
    """Store the package a CreateFunction/UpdateFunctionCode/PublishLayerVersion request carries."""
    if req.get("ImageUri"):
        uri = req["ImageUri"]
        # An image in cumulo's ECR is resolved to its digest now (CodeSha256 is its hex), as Lambda does.
        digest = await images.resolve(ctx.runtime, uri)
        sha = digest.split(":", 1)[1] if digest else base64.b64encode(hashlib.sha256(uri.encode()).digest()).decode()
        return Code(None, sha, 0, image_uri=uri)
    data = req.get("ZipFile")
    if data is None and req.get("S3Bucket"):
        data = await _from_s3(ctx, req)
    if data is None:
        raise invalid("Please provide a source for function code." if kind == "function" else "Please provide a source for layer content.")
    if isinstance(data, str):
        data = data.encode()
    return store_zip(ctx, bytes(data))


def store_zip(ctx: RequestContext, data: bytes) -> Code:
    if len(data) > MAX_ZIP:
        raise AwsError("RequestEntityTooLargeException", "Request must be smaller than 69905067 bytes for the CreateFunction operation", status=413, Type="User")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise invalid("Could not unzip uploaded file. Please check your file, then try to upload again.") from None
    if unzipped > MAX_UNZIPPED:
        raise invalid(f"Unzipped size must be smaller than {MAX_UNZIPPED} bytes")
    ref = ctx.store.blobs.write_bytes(data, service="lambda")
    return Code(ref, base64.b64encode(hashlib.sha256(data).digest()).decode(), len(data))


async def _from_s3(ctx: RequestContext, req: dict[str, Any]) -> bytes:
    bucket, key = req["S3Bucket"], req.get("S3Key", "")
    params: dict[str, Any] = {"Bucket": bucket, "Key": key}
    if req.get("S3ObjectVersion"):
        params["VersionId"] = req["S3ObjectVersion"]
    if services.get("s3") is None:
        raise invalid("Error occurred while GetObject. S3 Error Code: NotImplemented. S3 Error Message: S3 is not available in cumulo yet")
    try:
        result = await services.call(ctx.runtime, "s3", "GetObject", params, ctx.account, ctx.region)
    except AwsError as error:
        raise invalid(f"Error occurred while GetObject. S3 Error Code: {error.code}. S3 Error Message: {error.message}") from None
    body = result.get("Body", b"")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "read"):
        return bytes(await body.read())
    return b"".join([chunk async for chunk in body])


def release(ctx: RequestContext, codes: list[Code], keep: list[Code]) -> None:
    """Delete the blobs of `codes` that no code in `keep` still uses."""
    kept = {c.blob.id for c in keep if c.blob is not None}
    for code in codes:
        if code.blob is not None and code.blob.id not in kept:
            kept.add(code.blob.id)
            ctx.store.blobs.delete(code.blob)


def sha_hex(code: Code) -> str:
    return base64.b64decode(code.sha256).hex()
