"""Seeded random and adversarial requests for the wire fuzz tests.

`Fuzzer(service, protocol, seed).request(i)` builds request number `i` of a
deterministic stream: an operation of the service picked at random, its input
filled with random and hostile values (empty, huge, non-ASCII, control
characters, path tricks, out-of-range numbers) and written by botocore's own
serializer for `protocol`; then, most of the time, mangled on the wire: the body
replaced by random bytes, truncated, nested thousands deep, or given a DOCTYPE;
headers added or broken (content types, targets, encodings, bytes outside
Latin-1); query strings and paths garbled.

What is sent never waits on the server's clock (long-poll waits are zero) and
never carries a body larger than a few kilobytes, so a run stays fast.
"""

from __future__ import annotations

import base64
import copy
import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from botocore.model import OperationModel, Shape
from botocore.serialize import create_serializer

from cumulo.conformance.generate import Generator
from cumulo.protocol.models import service_model

HOSTILE_STRINGS = [
    "", " ", "a", "\u2014", "\u00e9t\u00e9", "\U0001f600", "\x00", "\x01\x7f", "line\r\nbreak", "%zz", "%00", "../../etc",
    "a/b//c", "?x=1&y", "#frag", "'\"<>&", "<![CDATA[x]]>", "${jndi}", "null", "true", "-1", "1e309", "NaN",
    "arn:aws:sqs:us-east-1:000000000000:q", "arn:aws:lambda:us-east-1:000000000000:function:f:1",
    "http://127.0.0.1/000000000000/q", "=?UTF-8?B?4oCU?=", "x" * 300, "\u2014" * 200, "\ufffe\uffff",
]
HOSTILE_NUMBERS = [0, -1, 1, 2**31, -(2**63), 2**64, 10**30, 3]
CONTENT_TYPES = ["application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1", "text/xml", "application/xml",
                 "application/cbor", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                 "text/plain; charset=\u2014", "", "garbage/\x7f"]


@dataclass
class Wire:
    """One HTTP request as sent: what a failure report shows."""

    method: str
    path: str
    headers: dict[str, Any]
    body: bytes
    what: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        return f"{self.what}: {self.method} {self.path[:200]} headers={dict(list(self.headers.items())[:8])} body={self.body[:200]!r}"


def _leaves(value: Any, path: tuple[Any, ...]) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    elif path:
        yield path


def _set(value: Any, path: tuple[Any, ...], new: Any) -> None:
    for step in path[:-1]:
        value = value[step]
    value[path[-1]] = new


def _timestamp(rng: random.Random) -> datetime:
    return datetime.fromtimestamp(rng.choice([0, 1, 2**31 - 1, 1_700_000_000]), tz=timezone.utc)


class Fuzzer:
    def __init__(self, service: str, protocol: str, seed: int, skip: frozenset[str] = frozenset(),
                 known: dict[str, str] | None = None) -> None:
        self.service, self.protocol = service, protocol
        # Member name -> a resource that exists (a bucket, a queue URL...): half the
        # time a request names it, so the handlers get past "not found".
        self.known = known or {}
        self.model = service_model(service)
        self.operations = sorted(op for op in self.model.operation_names if op not in skip)
        self.serializer = create_serializer(protocol, include_validation=False)
        self.seed = seed
        self.signing = self.model.metadata.get("signingName") or self.model.metadata["endpointPrefix"]
        self.generator = Generator(service, seed)
        self._variants: dict[str, list[dict[str, Any]]] = {}

    # ------------------------------------------------------------ values

    def value(self, shape: Shape, rng: random.Random, depth: int = 0) -> Any:
        kind = shape.type_name
        if kind == "structure":
            if getattr(shape, "is_document_type", False):
                return rng.choice([{}, [], "x", 1, {"a": [1, {"b": None}]}])
            out: dict[str, Any] = {}
            if depth > 3:
                return out
            for name, member in shape.members.items():
                if member.serialization.get("eventstream"):
                    continue
                if name in shape.required_members or rng.random() < 0.3:
                    if name in ("WaitTimeSeconds",):
                        out[name] = 0  # never a long poll
                    elif name in self.known and rng.random() < 0.5:
                        out[name] = self.known[name]
                    else:
                        out[name] = self.value(member, rng, depth + 1)
            if shape.metadata.get("union") and out:
                first = next(iter(out))
                out = {first: out[first]}
            return out
        if kind == "list":
            return [self.value(shape.member, rng, depth + 1) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
        if kind == "map":
            return {rng.choice(HOSTILE_STRINGS[:12]) or "k": self.value(shape.value, rng, depth + 1) for _ in range(rng.choice([0, 1, 2]))}
        if kind == "string":
            enum = shape.enum
            if enum and rng.random() < 0.6:
                return rng.choice(enum)
            return rng.choice(HOSTILE_STRINGS)
        if kind in ("integer", "long"):
            return rng.choice(HOSTILE_NUMBERS)
        if kind in ("float", "double"):
            return rng.choice([0.0, -1.5, 1e300, 3.25])
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "blob":
            return rng.randbytes(rng.choice([0, 1, 16, 200]))
        if kind == "timestamp":
            return _timestamp(rng)
        return None

    # ------------------------------------------------------------ requests

    def request(self, index: int) -> Wire:
        rng = random.Random(f"{self.seed}:{self.service}:{self.protocol}:{index}")
        op = self.model.operation_model(rng.choice(self.operations))
        wire = self._serialized(op, rng)
        mutation = rng.choice(MUTATIONS)
        mutation(self, wire, rng)
        wire.what = f"{self.service}.{op.name} ({self.protocol}, {mutation.__name__})"
        return wire

    def _valid_params(self, op: OperationModel, rng: random.Random) -> dict[str, Any] | None:
        """Model-valid input (the conformance generator's), one leaf made hostile or a known
        resource put in: requests that get past validation, into the handlers."""
        if op.name not in self._variants:
            try:
                self._variants[op.name] = [v.params for v in self.generator.variants(op.name) if not v.negative]
            except Exception:
                self._variants[op.name] = []
        choices = self._variants[op.name]
        if not choices:
            return None
        params = copy.deepcopy(rng.choice(choices))
        for name, value in self.known.items():
            if name in params and rng.random() < 0.7:
                params[name] = value
        leaves = list(_leaves(params, ()))
        if leaves and rng.random() < 0.5:
            path = rng.choice(leaves)
            _set(params, path, rng.choice([*HOSTILE_STRINGS, *HOSTILE_NUMBERS, None, [], {}]))
        return params

    def _serialized(self, op: OperationModel, rng: random.Random) -> Wire:
        params = self._valid_params(op, rng) if rng.random() < 0.6 else None
        if params is None:
            params = self.value(op.input_shape, rng) if op.input_shape is not None else {}
        try:
            prepared = self.serializer.serialize_to_request(params, op)
        except Exception:  # botocore cannot write these values: the bare operation, labels filled in
            uri = re.sub(r"\{[^}]+\}", "x", op.http.get("requestUri", "/"))
            path, _, query = uri.partition("?")
            prepared = {"url_path": path, "query_string": query, "method": op.http.get("method", "POST"), "headers": {}, "body": b""}
        body = prepared["body"]
        if isinstance(body, dict):  # query: a form
            body = "&".join(f"{quote(str(k))}={quote(str(v))}" for k, v in body.items()).encode()
        elif isinstance(body, str):
            body = body.encode("utf-8", "surrogatepass")
        elif body is None or not isinstance(body, (bytes, bytearray)):
            body = b""
        path = prepared["url_path"] or "/"
        if prepared.get("query_string"):
            query = prepared["query_string"]
            if isinstance(query, dict):
                query = "&".join(f"{quote(str(k))}={quote(str(v))}" if v is not None else quote(str(k)) for k, v in query.items())
            path += ("&" if "?" in path else "?") + query
        # The length is the client's to write, for whatever body is finally sent.
        headers = {k: v for k, v in prepared["headers"].items() if isinstance(v, str) and k.lower() != "content-length"}
        if self.protocol == "query":
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{self.signing}/aws4_request, SignedHeaders=host, Signature=0")
        return Wire(prepared["method"], path, headers, bytes(body))


# ---------------------------------------------------------------- wire mutations


def as_serialized(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    pass


def random_body(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    w.body = rng.randbytes(rng.choice([1, 7, 64, 900]))


def truncated_body(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    w.body = w.body[: rng.randrange(len(w.body) + 1)]


def deep_body(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    depth = rng.choice([60, 129, 500, 5000])
    kind = rng.choice(["json-list", "json-object", "xml", "cbor"])
    if kind == "json-list":
        w.body = b"[" * depth + b"]" * depth
    elif kind == "json-object":
        w.body = b'{"a":' * depth + b"1" + b"}" * depth
    elif kind == "xml":
        w.body = b"<a>" * depth + b"</a>" * depth
    else:
        w.body = b"\x81" * depth + b"\x01"


def json_values(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    w.body = json.dumps(rng.choice([None, 1, "s", [], [1, 2], {"": None}, {"TableName": ["x"]}, {"QueueUrl": {"a": 1}},
                                    {"Item": {"k": {"S": None}}}, {"Key": {"k": {"N": "1e99999"}}}, {"a": "\u2014" * 50}])).encode()
    w.headers["Content-Type"] = rng.choice(CONTENT_TYPES[:3])


def xml_tricks(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    w.body = rng.choice([
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
        b'<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><a>&c;</a>',
        b"<Tagging><TagSet><Tag><Key>\xff\xfe</Key></Tag></TagSet></Tagging>",
        b"<a xmlns:x='urn:x'><x:b x:c='1'/></a>",
        b"<unclosed>",
        b"<Delete><Object><Key></Key></Object><Quiet>maybe</Quiet></Delete>",
    ])


def broken_headers(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 3)):
        name, value = rng.choice([
            ("Content-Type", rng.choice(CONTENT_TYPES)),
            ("X-Amz-Target", rng.choice(["", ".", "Nope.Nope", "DynamoDB_20120810.", "AmazonSQS.\u00e9", "x" * 300])),
            ("Content-Encoding", rng.choice(["gzip", "aws-chunked", "br, gzip", "\u00e9"])),
            ("Content-MD5", rng.choice(["", "!!", "AAAA"])),
            ("X-Amz-Date", rng.choice(["", "yesterday", "20260101T000000Z"])),
            ("Range", rng.choice(["bytes=", "bytes=5-1", "bytes=-0", "lines=1-2", "bytes=0-0,2-3"])),
            ("If-None-Match", rng.choice(["*", "", '"x"'])),
            ("If-Modified-Since", rng.choice(["never", "Thu, 01 Jan 1970 00:00:00 GMT"])),
            ("X-Amz-Meta-Note", rng.choice(["\u00e9t\u00e9".encode("utf-8"), b"\xff\xfe", b"plain"])),
            ("X-Amz-Copy-Source", rng.choice(["", "/", "bkt/%zz", "\u00e9"])),
            ("X-Amz-Content-Sha256", rng.choice(["STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x"])),
            ("X-Amz-Decoded-Content-Length", rng.choice(["-1", "x", "99999999999999999999"])),
            ("Smithy-Protocol", "rpc-v2-cbor"),
            ("Authorization", rng.choice(["", "AWS4-HMAC-SHA256", "AWS x", "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request"])),
            ("Host", rng.choice(["bucket.s3.localhost.localstack.cloud", "sqs.us-east-1.localhost.localstack.cloud", "\u00e9.localhost", ""])),
        ])
        w.headers[name] = value


def garbled_query(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    extra = rng.choice(["%zz=1", "a=%", "=", "&&&", "Action=", "Action=%00", "x-id=Nope", "uploads&uploadId=",
                        "list-type=9", "max-keys=-1", "Qualifier=%24LATEST", "versionId=null", "partNumber=0", "\u2014=\u2014",
                        "Action=ReceiveMessage&WaitTimeSeconds=0", "tagging&acl&policy"])
    w.path += ("&" if "?" in w.path else "?") + quote(extra, safe="=&%")


def garbled_path(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    piece = rng.choice(["%00", "%2F%2F", "..", "%E2%80%94", "%zz", "a%20b", "~", "%C3%28", "//", "x" * 400])
    parts = w.path.split("?", 1)
    head = parts[0].rstrip("/") + "/" + piece
    w.path = head + ("?" + parts[1] if len(parts) > 1 else "")


def unsigned(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    w.headers.pop("Authorization", None)


def base64_junk(f: Fuzzer, w: Wire, rng: random.Random) -> None:
    w.body = base64.b64encode(rng.randbytes(30))


MUTATIONS = [as_serialized] * 6 + [random_body, truncated_body, deep_body, json_values, xml_tricks,
             broken_headers, broken_headers, garbled_query, garbled_path, unsigned, base64_junk]
