"""WriteGetObjectResponse: what an S3 Object Lambda function sends back for a GetObject.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_WriteGetObjectResponse.html

The function gets a route and token in its event's `getObjectContext`; its
response (status, error, the forwarded `x-amz-fwd-header-*` members, metadata
and body) is stored under route/token in the global scope, once: a token is
single-use, so a second write is refused. `GET /_cumulo/s3/object-lambda/{route}/{token}`
reads it back (`internal.py`), since cumulo has no Object Lambda access points
that would return it to the original caller.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import bodies
from cumulo.services.s3.common import now, scope

TABLE = "object_lambda_responses"


async def write_get_object_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    key = f"{req['RequestRoute']}/{req['RequestToken']}"
    table = scope(ctx).table(TABLE)
    if key in table:
        raise AwsError("ValidationError", "The request token has already been used to write a response", status=400)
    status = req.get("StatusCode") or 200
    if status >= 400 and not req.get("ErrorCode"):
        raise AwsError("ValidationError", "ErrorCode is required when StatusCode is an error status", status=400)
    body = await bodies.store(ctx, req.get("Body"))
    fields = {k: v for k, v in req.items() if k not in ("Body", "RequestRoute", "RequestToken") and v is not None}
    table[key] = {"fields": fields, "status": status, "body": body, "written": now(ctx), "account": ctx.account}
    return {}
