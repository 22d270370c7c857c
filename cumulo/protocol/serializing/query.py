"""The awsQuery and ec2Query response serializers (XML bodies).

awsQuery success:
    <{Op}Response xmlns="{ns}">
      <{resultWrapper}>..output members..</{resultWrapper}>
      <ResponseMetadata><RequestId>{id}</RequestId></ResponseMetadata>
    </{Op}Response>
The wrapper is the model's `resultWrapper`, else `{Op}Result` (services whose
model is declared `json` but which also accept query, such as SQS, have none).
An operation without an output shape writes no result element.

awsQuery error:
    <ErrorResponse xmlns="{ns}"><Error><Type>Sender|Receiver</Type><Code>..</Code>
    <Message>..</Message>..error members..</Error><RequestId>{id}</RequestId></ErrorResponse>
`Code` is the awsQueryCompatible code when known, else the model's error code;
`Message` the service's `query_error_messages` wording for it, if any, else the raised one.
A result with nothing in it is written `<{Op}Result/>`, as AWS does.

ec2 differs: no result wrapper (members sit in `<{Op}Response>`), the request
id is `<requestId>` on success and `<RequestID>` on errors, and errors are
`<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`.

Defaults when the model has no query traits: elements are named after members,
list items `<member>`, map entries `<entry><key/><value/></entry>`, nothing is
flattened; `options` (see `SerializerOptions`) can flatten shapes and rename
items for services whose JSON model lost those traits. The xmlns is
`options["xml_namespace"]`, else `metadata.xmlNamespace`, else
`https://{endpointPrefix}.amazonaws.com/doc/{apiVersion}/`.
Every response also carries the `x-amzn-RequestId` header.
"""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, ServiceModel

from cumulo.core.http import Response
from cumulo.protocol.serializing.common import ErrorInfo, SerializerOptions, in_body
from cumulo.protocol.serializing.xmlwriter import XmlWriter, escape_attr, escape_text, write_extra_fields

CONTENT_TYPE = "text/xml"


def namespace(service: ServiceModel, options: SerializerOptions) -> str:
    ns = options.get("xml_namespace") or service.metadata.get("xmlNamespace")
    if isinstance(ns, dict):
        ns = ns.get("uri")
    if ns:
        return ns
    meta = service.metadata
    prefix = meta.get("endpointPrefix") or meta.get("signingName") or "aws"
    return f"https://{prefix}.amazonaws.com/doc/{meta.get('apiVersion', '')}/"


def _error_children(out: list[str], writer: XmlWriter, info: ErrorInfo) -> None:
    """Error shape members other than Code/Message/Type, inside `<Error>`."""
    if info.shape is not None and info.members:
        skip = {"Code", "Message", "message", "Type"}
        for name, member in info.shape.members.items():
            value = info.members.get(name)
            if value is None or name in skip or not in_body(member):
                continue
            writer.member(out, writer.member_name(member, name), member, value)
    write_extra_fields(out, info)


class QuerySerializer:
    protocol = "query"

    def __init__(self, options: SerializerOptions) -> None:
        self.options = options
        self.writer = XmlWriter(options)

    def serialize(self, operation: OperationModel, result: dict[str, Any], request_id: str) -> Response:
        name = operation.name
        shape = operation.output_shape
        out = [f'<{name}Response xmlns="{escape_attr(namespace(operation.service_model, self.options))}">']
        if shape is not None:
            wrapper = shape.serialization.get("resultWrapper") or f"{name}Result"
            out.append(f"<{wrapper}>")
            start = len(out)
            self.writer.children(out, shape, result or {})
            if len(out) == start:  # nothing to say: `<ReceiveMessageResult/>`, as AWS writes it
                out[-1] = f"<{wrapper}/>"
            else:
                out.append(f"</{wrapper}>")
        out.append(f"<ResponseMetadata><RequestId>{escape_text(request_id)}</RequestId></ResponseMetadata>")
        out.append(f"</{name}Response>")
        return self._response(200, out, request_id)

    def serialize_error(
        self, service: ServiceModel | None, operation: OperationModel | None, info: ErrorInfo, request_id: str
    ) -> Response:
        opening, closing = self.error_frame(service, info, escape_text(request_id))
        out = [opening, f"<Code>{escape_text(info.query_code or info.code)}</Code>"]
        message = (self.options.get("query_error_messages") or {}).get(info.name) or info.message
        if message:
            out.append(f"<Message>{escape_text(message)}</Message>")
        _error_children(out, self.writer, info)
        out.append(closing)
        response = self._response(info.status, out, request_id)
        response.headers.update(info.headers)
        return response

    def error_frame(self, service: ServiceModel | None, info: ErrorInfo, request_id: str) -> tuple[str, str]:
        """What goes around the error's Code, Message and members."""
        ns = f' xmlns="{escape_attr(namespace(service, self.options))}"' if service is not None else ""
        opening = f"<ErrorResponse{ns}><Error><Type>{info.fault}</Type>"
        return opening, f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"

    def _response(self, status: int, out: list[str], request_id: str) -> Response:
        headers = {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": request_id}
        return Response(status, headers, "".join(out).encode("utf-8"))


class Ec2Serializer(QuerySerializer):
    protocol = "ec2"

    def serialize(self, operation: OperationModel, result: dict[str, Any], request_id: str) -> Response:
        name = operation.name
        shape = operation.output_shape
        out = [f'<{name}Response xmlns="{escape_attr(namespace(operation.service_model, self.options))}">']
        out.append(f"<requestId>{escape_text(request_id)}</requestId>")
        if shape is not None:
            self.writer.children(out, shape, result or {})
        out.append(f"</{name}Response>")
        return self._response(200, out, request_id)

    def error_frame(self, service: ServiceModel | None, info: ErrorInfo, request_id: str) -> tuple[str, str]:
        return "<Response><Errors><Error>", f"</Error></Errors><RequestID>{request_id}</RequestID></Response>"
