"""The rest-xml response serializer (S3, Route 53, CloudFront...).

Bindings (status, headers, prefix headers, payload) come from `rest.py`; bodies
are XML documents written by `xmlwriter.XmlWriter` (iso8601 timestamps, base64
blobs, `flattened`, `locationName`, `xmlAttribute`, `xmlNamespace`), preceded
by an XML declaration. The document root is named by the shape's own
`locationName`, else the shape name (an `options["xml_names"]` entry wins);
its xmlns is the shape's `xmlNamespace`, else `options["xml_namespace"]`.

Errors, by `options["xml_error_root"]`:
- "ErrorResponse" (default; Route 53, CloudFront):
  `<ErrorResponse><Error><Type/><Code/><Message/>..members..</Error><RequestId/></ErrorResponse>`
- "Error" (S3): `<Error><Code/><Message/>..members..<RequestId/><HostId/></Error>`
botocore's RestXMLParser reads both. Every response carries `x-amz-request-id`
and `x-amz-id-2`.
"""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape

from cumulo.core.http import Response
from cumulo.protocol import eventstream
from cumulo.protocol.serializing.common import ErrorInfo, SerializerOptions, host_id
from cumulo.protocol.serializing.rest import RestSerializer, apply_bindings
from cumulo.protocol.serializing.xmlwriter import XmlWriter, escape_attr, escape_text, write_extra_fields

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


class RestXmlSerializer(RestSerializer):
    protocol = "rest-xml"
    content_type = "application/xml"

    def __init__(self, options: SerializerOptions) -> None:
        self.options = options
        self.writer = XmlWriter(options)
        self.xmlns = options.get("xml_namespace")
        self.bare_errors = options.get("xml_error_root") == "Error"
        self.text_roots = dict(options.get("xml_text_roots") or {})
        self.event_codec = eventstream.BodyCodec(self._event_body, "text/xml")

    def encode(self, shape: Shape, value: Any) -> bytes:
        text_member = self.text_roots.get(shape.name)
        if text_member is not None:
            xmlns = f' xmlns="{escape_attr(self.xmlns)}"' if self.xmlns else ""
            text = value.get(text_member)
            inner = escape_text(str(text)) if text is not None else ""
            return f"{DECLARATION}<{text_member}{xmlns}>{inner}</{text_member}>".encode("utf-8")
        doc = self.writer.document(shape, value, self.writer.root_name(shape), self.xmlns)
        return (DECLARATION + doc).encode("utf-8")

    def encode_payload(self, shape: Shape, value: Any) -> bytes:
        if shape.type_name != "structure":
            out: list[str] = []
            self.writer.member(out, self.writer.root_name(shape), shape, value)
            return (DECLARATION + "".join(out)).encode("utf-8")
        return self.encode(shape, value)

    def _event_body(self, shape: Shape, value: Any) -> bytes:
        return self.writer.document(shape, value, self.writer.root_name(shape)).encode("utf-8")

    def request_id_headers(self, request_id: str) -> dict[str, str]:
        return {"x-amz-request-id": request_id, "x-amz-id-2": host_id(request_id)}

    def serialize_error(
        self, service: ServiceModel | None, operation: OperationModel | None, info: ErrorInfo, request_id: str
    ) -> Response:
        headers = self.request_id_headers(request_id)
        headers["Content-Type"] = self.content_type
        out = [DECLARATION]
        if self.bare_errors:
            out.append("<Error>")
        else:
            out.append(f"<ErrorResponse><Error><Type>{info.fault}</Type>")
        out.append(f"<Code>{escape_text(info.query_code or info.code)}</Code>")
        if info.message:
            out.append(f"<Message>{escape_text(info.message)}</Message>")
        if info.shape is not None:
            apply_bindings(info.shape, info.members, headers)
            skip = {"Code", "Message", "message", "RequestId", "HostId"}
            members = {k: v for k, v in info.members.items() if k not in skip}
            self.writer.children(out, info.shape, members)
        write_extra_fields(out, info)
        rid = escape_text(request_id)
        if self.bare_errors:
            out.append(f"<RequestId>{rid}</RequestId><HostId>{escape_text(host_id(request_id))}</HostId></Error>")
        else:
            out.append(f"</Error><RequestId>{rid}</RequestId></ErrorResponse>")
        headers.update(info.headers)
        return Response(info.status, headers, "".join(out).encode("utf-8"))
