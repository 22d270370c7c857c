"""The rest-json response serializer.

Bindings (status, headers, prefix headers, payload) come from `rest.py`; this
module encodes bodies as JSON (`application/json`, values as in `json.py`:
epoch-second timestamps, base64 blobs, jsonName member names). A document
payload is the document itself (`"hello"` is a valid body).

Errors: status from the model (see `common.resolve_error`), the
`x-amzn-ErrorType: {code}` header, header-bound error members as headers, and
a JSON body `{"message": ..., ..members}` (the shape's own message member keeps
its casing). The request id is the `x-amzn-RequestId` header.
"""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape

from cumulo.core.http import Response
from cumulo.protocol import eventstream
from cumulo.protocol.serializing.common import ErrorInfo, SerializerOptions
from cumulo.protocol.serializing.json import encode_structure, error_body
from cumulo.protocol.serializing.rest import RestSerializer, apply_bindings


class RestJsonSerializer(RestSerializer):
    protocol = "rest-json"
    content_type = "application/json"

    def __init__(self, options: SerializerOptions) -> None:
        self.options = options
        self.event_codec = eventstream.BodyCodec(encode_structure, "application/json")

    def encode(self, shape: Shape, value: Any) -> bytes:
        return encode_structure(shape, value)

    def request_id_headers(self, request_id: str) -> dict[str, str]:
        return {"x-amzn-RequestId": request_id}

    def serialize_error(
        self, service: ServiceModel | None, operation: OperationModel | None, info: ErrorInfo, request_id: str
    ) -> Response:
        headers = self.request_id_headers(request_id)
        headers["x-amzn-ErrorType"] = info.code
        headers["Content-Type"] = self.content_type
        query_error = info.query_error_header
        if query_error is not None:
            headers["x-amzn-query-error"] = query_error
        if info.shape is not None:
            apply_bindings(info.shape, info.members, headers)
        headers.update(info.headers)
        return Response(info.status, headers, error_body(info, None))
