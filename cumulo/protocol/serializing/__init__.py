"""Response serializing, one module per wire protocol.

    serialize(operation, result, protocol, request_id, options=None) -> Response
    serialize_error(service, operation, error, protocol, request_id, options=None) -> Response

`result` is the handler's plain dict shaped like the output shape (members not
present are left off the wire). `error` is an `AwsError`, resolved against the
service's error shapes first (`common.resolve_error`: status, fault,
query-compatible code, members), then rendered in the protocol's own format.
`operation` may be None for errors raised before an operation was known, and
`service` may then be None too (no model to consult: the raised code is used).

`options` is the service's `SerializerOptions` (a plain dict declared once at
registration; see `common.SerializerOptions`), e.g. for SQS answering the
query protocol from its JSON model:

    serialize(op, result, "query", rid, options={
        "flattened": {"MessageList", "QueueUrlList"},
        "xml_names": {"MessageList.member": "Message", "QueueUrlList.member": "QueueUrl",
                      "QueueAttributeMap.entry": "Attribute",
                      "QueueAttributeMap.key": "Name", "QueueAttributeMap.value": "Value"},
        "query_error_codes": {"QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue"},
    })

Dispatch is a table from botocore's protocol name to a serializer class; one
serializer is built per (protocol, options) and reused, so a service's options
dict must not be mutated after registration.
"""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, ServiceModel

from cumulo.core.errors import AwsError
from cumulo.core.http import Response
from cumulo.protocol.serializing.cbor import CborSerializer
from cumulo.protocol.serializing.common import NO_OPTIONS, SerializerOptions, resolve_error
from cumulo.protocol.serializing.json import JsonSerializer
from cumulo.protocol.serializing.jsoncbor import JsonCborSerializer
from cumulo.protocol.serializing.query import Ec2Serializer, QuerySerializer
from cumulo.protocol.serializing.restjson import RestJsonSerializer
from cumulo.protocol.serializing.restxml import RestXmlSerializer

__all__ = ["SerializerOptions", "serialize", "serialize_error"]

SERIALIZERS: dict[str, type] = {
    "query": QuerySerializer,
    "ec2": Ec2Serializer,
    "json": JsonSerializer,
    "rest-json": RestJsonSerializer,
    "rest-xml": RestXmlSerializer,
    "smithy-rpc-v2-cbor": CborSerializer,
    "json-cbor": JsonCborSerializer,
}

_built: dict[tuple[str, int], Any] = {}


def _serializer(protocol: str, options: SerializerOptions | None) -> Any:
    options = options or NO_OPTIONS
    key = (protocol, id(options))
    serializer = _built.get(key)
    if serializer is None or serializer.options is not options:
        try:
            cls = SERIALIZERS[protocol]
        except KeyError:
            raise ValueError(f"no serializer for protocol {protocol!r}") from None
        if len(_built) > 256:  # ad-hoc options dicts (tests): do not grow without bound
            _built.clear()
        serializer = _built[key] = cls(options)
    return serializer


def serialize(
    operation: OperationModel,
    result: dict[str, Any],
    protocol: str,
    request_id: str,
    options: SerializerOptions | None = None,
) -> Response:
    return _serializer(protocol, options).serialize(operation, result, request_id)


def serialize_error(
    service: ServiceModel | None,
    operation: OperationModel | None,
    error: AwsError,
    protocol: str,
    request_id: str,
    options: SerializerOptions | None = None,
) -> Response:
    options = options or NO_OPTIONS
    if service is None and operation is not None:
        service = operation.service_model
    info = resolve_error(service, error, options)
    return _serializer(protocol, options).serialize_error(service, operation, info, request_id)
