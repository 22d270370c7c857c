"""S3 introspection endpoints.

- `GET /_cumulo/s3/object-lambda/{route}/{token}`: the response an Object Lambda
  function wrote with WriteGetObjectResponse for that route and token, as JSON
  `{"statusCode", "fields": {member: value}, "body": base64}`; 404 when none.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson

from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.s3.api.object_lambda import TABLE
from cumulo.services.s3.models import GLOBAL


def object_lambda_response(runtime: Runtime, request: Request, route: str, token: str) -> Response:
    stored = runtime.store.scope("s3", GLOBAL, GLOBAL).table(TABLE).get(f"{route}/{token}")
    if stored is None:
        return Response(404, {"Content-Type": "application/json"}, orjson.dumps({"error": "no response written for this route and token"}))
    body = stored["body"]
    if body.data is not None:
        data = body.data
    else:
        with runtime.store.blobs.open(body.blob) as file:
            data = file.read()
    out: dict[str, Any] = {"statusCode": stored["status"], "fields": stored["fields"], "body": base64.b64encode(data).decode()}
    return Response(200, {"Content-Type": "application/json"}, orjson.dumps(out, default=str))
