"""The protocol layer: HTTP request -> operation input, and result or error -> HTTP response.

Sans-IO and model-driven: everything it knows about a service comes from the
botocore model. It never imports a service, the router, the gateway or the server.

Protocol names are botocore's: "query", "ec2", "json", "rest-json", "rest-xml",
"smithy-rpc-v2-cbor". The router says which one a request speaks (a service such
as SQS or CloudWatch accepts several); the answer is written in the same one.

Public API (the only names other layers use):

    parse(request, operation, protocol, uri_params=None) -> dict
        The operation's input: header, query, URI-label and body members in one
        dict, typed (int, float, bool, bytes, datetime, str, lists, dicts;
        a streaming blob payload is a `StreamingBody`). The body is already read
        unless the input has a streaming payload.
    streams_input(operation) -> bool
        Whether `parse` leaves the body unread (a streaming blob payload), so the
        caller must not read it first.
    validate(operation, params, protocol) -> None
        Raises `ValidationError` when params break the model's constraints.
    serialize(operation, result, protocol, request_id) -> Response
    serialize_error(service, operation, error, protocol, request_id) -> Response
        `operation` may be None (the request matched none).
"""

from cumulo.protocol.parsing import parse, streams_input
from cumulo.protocol.serializing import serialize, serialize_error
from cumulo.protocol.validation import validate

__all__ = ["parse", "serialize", "serialize_error", "streams_input", "validate"]
