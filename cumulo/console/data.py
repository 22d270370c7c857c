"""The data behind resources, and every change the console makes: through the services' own handlers.

Nothing here writes state. Each endpoint runs operations with `services.call`,
exactly as a client calling the API would (same validation, same handler, same
commit, same cross-service effects), as the root of the account it names:

    POST console/api/call/{service}/{operation}?account=&region=   body: the operation's input (JSON)
         -> the operation's output as JSON; an AWS error as 400 {"error": {"code", "message"}}
    GET  console/api/s3/object?bucket=&key=[&versionId=]            GetObject, streamed as a download
    GET  console/api/s3/presign?bucket=&key=[&expires=]             a presigned GetObject URL (SigV4, the first
                                                                    CUMULO_ACCESS_KEYS pair), for sharing
    PUT  console/api/s3/object?bucket=&key=                         PutObject with the request body
    POST console/api/lambda/invoke?function=&account=&region=       Invoke (LogType Tail): body is the payload
    GET  console/api/lambda/code?function=&account=&region=[&file=] the package's files (GetFunction's
                                                                    Code.Location), or one file's text

The generic call takes the input as JSON; timestamps (epoch seconds or ISO 8601) and
blobs (text) are made into what a parsed request holds, from the operation's model.
It covers the rest of the console's data views: S3 listings,
SQS SendMessage/PurgeQueue, DynamoDB Scan/Query/PutItem/DeleteItem, Step
Functions executions and their history, CloudWatch Logs events. Peeking at SQS
messages uses SQS's own /_cumulo/sqs/peek, which changes no visibility.
"""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlsplit

import orjson
from botocore.model import OperationNotFoundError, Shape

from cumulo import services
from cumulo.console.browse import plain
from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.protocol.models import service_model

MAX_FILE = 512 * 1024  # a code file shown as text up to this size


def _json(value: Any, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "application/json"}, orjson.dumps(value))


def _where(runtime: Runtime, request: Request) -> tuple[str, str]:
    params = dict(request.query_params)
    account = params.get("account") or runtime.config.default_account
    region = params.get("region") or runtime.config.default_region
    if account in ("_global", "global"):
        account = runtime.config.default_account
    if region in ("_global", "global"):
        region = runtime.config.default_region
    return account, region


def _error(error: AwsError) -> Response:
    return _json({"error": {"code": error.code, "message": error.message}}, error.status or 400)


async def _drain(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    chunks = []
    async for chunk in body:
        chunks.append(chunk)
    return b"".join(chunks)


async def call(runtime: Runtime, request: Request, service: str, operation: str) -> Response | dict[str, Any]:
    if service not in services.IMPLEMENTED:
        return _json({"error": {"code": "UnknownService", "message": f"cumulo does not implement {service}"}}, 404)
    try:
        params = orjson.loads(await request.read() or b"{}")
    except orjson.JSONDecodeError as e:
        return _json({"error": {"code": "BadJSON", "message": str(e)}}, 400)
    if not isinstance(params, dict):
        return _json({"error": {"code": "BadJSON", "message": "the input is a JSON object"}}, 400)
    account, region = _where(runtime, request)
    try:
        shape = service_model(service).operation_model(operation).input_shape
    except OperationNotFoundError:
        return _json({"error": {"code": "UnknownOperation", "message": f"{service} has no operation {operation}"}}, 404)
    try:
        result = await services.call(runtime, service, operation, _typed(shape, params), account, region)
    except AwsError as error:
        return _error(error)
    out = {}
    for k, v in (result or {}).items():
        out[k] = plain(await _drain(v)) if hasattr(v, "__aiter__") else plain(v)
    return out


def _typed(shape: Shape | None, value: Any) -> Any:
    """JSON input made into what a parsed request holds: timestamps (epoch seconds or ISO 8601 text)
    as datetimes, blobs (text) as bytes; everything else as sent."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {k: _typed(members.get(k), v) for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_typed(shape.member, v) for v in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {k: _typed(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, timezone.utc)
    if kind == "timestamp" and isinstance(value, str):
        try:
            return datetime.fromtimestamp(float(value), timezone.utc)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value  # left for validation to refuse
    if kind == "blob" and isinstance(value, str):
        return value.encode()
    return value


async def s3_get(runtime: Runtime, request: Request) -> Response:
    params = dict(request.query_params)
    account, region = _where(runtime, request)
    req = {"Bucket": params.get("bucket", ""), "Key": params.get("key", "")}
    if params.get("versionId"):
        req["VersionId"] = params["versionId"]
    try:
        out = await services.call(runtime, "s3", "GetObject", req, account, region)
    except AwsError as error:
        return _error(error)
    name = req["Key"].rsplit("/", 1)[-1] or "object"
    headers = {
        "Content-Type": out.get("ContentType") or "application/octet-stream",
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}" if params.get("download") else "inline",
        "X-Content-Type-Options": "nosniff",
        # An object's bytes are the user's, not the console's: shown sandboxed, never run as a page of this origin.
        "Content-Security-Policy": "sandbox",
    }
    if out.get("ContentLength") is not None:
        headers["Content-Length"] = str(out["ContentLength"])
    body = out.get("Body")
    return Response(200, headers, body if body is not None else b"")


def s3_presign(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
    """A presigned GET for an object, signed as botocore signs one, on the host the console was reached at."""
    import botocore.session
    from botocore.config import Config as BotoConfig

    params = dict(request.query_params)
    _, region = _where(runtime, request)
    try:
        expires = int(params.get("expires") or 3600)
    except ValueError:
        return _json({"error": {"code": "BadExpires", "message": "expires is a number of seconds"}}, 400)
    key_id, _, secret = (runtime.config.access_keys.split(",")[0] or "test:test").partition(":")
    client = botocore.session.get_session().create_client(
        "s3", endpoint_url=f"http://{request.host or f'127.0.0.1:{runtime.config.port}'}", region_name=region,
        aws_access_key_id=key_id, aws_secret_access_key=secret or "test", config=BotoConfig(signature_version="s3v4", s3={"addressing_style": "path"}))
    url = client.generate_presigned_url("get_object", Params={"Bucket": params.get("bucket", ""), "Key": params.get("key", "")}, ExpiresIn=expires)
    return {"url": url, "expires": expires}


async def s3_put(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
    params = dict(request.query_params)
    account, region = _where(runtime, request)
    req: dict[str, Any] = {"Bucket": params.get("bucket", ""), "Key": params.get("key", ""), "Body": await request.read()}
    content_type = request.headers.get("content-type")
    if content_type:
        req["ContentType"] = content_type
    try:
        out = await services.call(runtime, "s3", "PutObject", req, account, region)
    except AwsError as error:
        return _error(error)
    return {"ETag": out.get("ETag"), "VersionId": out.get("VersionId")}


async def lambda_invoke(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
    params = dict(request.query_params)
    account, region = _where(runtime, request)
    payload = await request.read() or b"{}"
    req = {"FunctionName": params.get("function", ""), "Payload": payload, "LogType": "Tail"}
    if params.get("qualifier"):
        req["Qualifier"] = params["qualifier"]
    try:
        out = await services.call(runtime, "lambda", "Invoke", req, account, region)
    except AwsError as error:
        return _error(error)
    result = await _drain(out.get("Payload"))
    logs = base64.b64decode(out["LogResult"]).decode("utf-8", "replace") if out.get("LogResult") else ""
    return {
        "StatusCode": out.get("StatusCode"),
        "FunctionError": out.get("FunctionError"),
        "ExecutedVersion": out.get("ExecutedVersion"),
        "Payload": result.decode("utf-8", "replace"),
        "Logs": logs,
    }


async def lambda_code(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
    """The files of a function's package, read from where GetFunction's Code.Location points."""
    from cumulo.internal import InternalEndpoints

    params = dict(request.query_params)
    account, region = _where(runtime, request)
    try:
        out = await services.call(runtime, "lambda", "GetFunction", {"FunctionName": params.get("function", "")}, account, region)
    except AwsError as error:
        return _error(error)
    location = (out.get("Code") or {}).get("Location") or ""
    if not location:
        image = (out.get("Code") or {}).get("ImageUri")
        return {"files": [], "note": f"an image function ({image})" if image else "no package"}
    url = urlsplit(location)
    # Asked of the same internal endpoint a client's download would reach (with the token, when one is required).
    fetch = Request("GET", url.path, url.query, {"x-cumulo-token": runtime.config.console_token})
    answer = await InternalEndpoints(runtime).handle(fetch)
    if answer.status != 200:
        return _json({"error": {"code": "NoPackage", "message": f"the package answered {answer.status}"}}, 404)
    package = await _drain(answer.body)
    try:
        archive = zipfile.ZipFile(io.BytesIO(package))
    except zipfile.BadZipFile:
        return _json({"error": {"code": "BadZip", "message": "the package is not a zip file"}}, 400)
    wanted = params.get("file")
    if wanted:
        try:
            info = archive.getinfo(wanted)
        except KeyError:
            return _json({"error": {"code": "NoFile", "message": f"no {wanted} in the package"}}, 404)
        data = archive.read(info)[:MAX_FILE]
        try:
            return {"file": wanted, "size": info.file_size, "text": data.decode("utf-8")}
        except UnicodeDecodeError:
            return {"file": wanted, "size": info.file_size, "binary": True}
    return {
        "codeSize": len(package),
        "sha256": (out.get("Configuration") or {}).get("CodeSha256"),
        "files": [{"name": i.filename, "size": i.file_size} for i in archive.infolist() if not i.is_dir()],
    }
