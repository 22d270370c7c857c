"""Running an HTTP API route's integration: Lambda proxy (payload 1.0 / 2.0), HTTP proxy to a
real backend, and AWS service integrations (`IntegrationSubtype`) through `services.call`.

Each returns a `payloads.Answer`, or raises `Failed(status, message)` for what AWS answers
as a gateway error (500 Internal Server Error, 503 Service Unavailable, 504 ...).

Parameter mapping (`RequestParameters` of HTTP proxy integrations) follows AWS's
`append:` / `overwrite:` / `remove:` operations on `header.<name>`, `querystring.<name>`
and `path`; the values are expressions (`expressions.render`).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpcore
import orjson

from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.services import call
from cumulo.services.apigatewayv2 import expressions, payloads
from cumulo.services.apigatewayv2.auth import function_arn

_HOP = frozenset({"host", "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "content-length", "expect"})
_CLIENT_KEY = "apigatewayv2.http-client"


class Failed(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


INTERNAL = (500, "Internal Server Error")


def _uri(integration: dict[str, Any], c: payloads.Call) -> str:
    """The integration URI with its stage variables (`function:${stageVariables.fn}`) filled in."""
    uri = integration.get("IntegrationUri") or ""
    if "${" in uri:
        uri = expressions.render(uri, expressions.Sources(stage_variables=c.stage_variables))
    return uri


async def lambda_proxy(runtime: Runtime, integration: dict[str, Any], c: payloads.Call) -> payloads.Answer:
    version = integration.get("PayloadFormatVersion") or "1.0"
    event = payloads.event_v2(c) if version == "2.0" else payloads.event_v1(c)
    timeout = (integration.get("TimeoutInMillis") or 30000) / 1000
    try:
        out = await asyncio.wait_for(
            call(runtime, "lambda", "Invoke", {"FunctionName": function_arn(_uri(integration, c)),
                                               "Payload": orjson.dumps(event)}, c.account, c.region),
            timeout,
        )
    except asyncio.TimeoutError:
        raise Failed(503, "Service Unavailable") from None
    except AwsError:
        raise Failed(*INTERNAL) from None
    if out.get("FunctionError"):
        raise Failed(*INTERNAL)
    payload = out.get("Payload") or b""
    try:
        return payloads.answer_v2(payload) if version == "2.0" else payloads.answer_v1(payload)
    except payloads.BadAnswer:
        raise Failed(*INTERNAL) from None


def _pool(runtime: Runtime) -> httpcore.AsyncConnectionPool:
    # httpcore (httpx's own transport) directly: half httpx's cost per proxied request.
    pool = runtime.live.get(_CLIENT_KEY)
    if pool is None:
        pool = runtime.live[_CLIENT_KEY] = httpcore.AsyncConnectionPool(max_connections=64, keepalive_expiry=30)
    return pool


def map_request(integration: dict[str, Any], c: payloads.Call, src: expressions.Sources) -> tuple[str, dict[str, str], str]:
    """The backend URL, headers and path after parameter mapping."""
    uri = integration.get("IntegrationUri") or ""
    uri = expressions.render(uri.replace("{proxy}", c.path_parameters.get("proxy", "")), src)
    for name, value in c.path_parameters.items():
        uri = uri.replace("{" + name + "}", value)
    parts = urlsplit(uri)
    path = parts.path or "/"
    query = dict(src.query)  # the client's query string goes on to the backend
    headers = {k: v for k, v in c.headers.items() if k not in _HOP}
    for key, template in (integration.get("RequestParameters") or {}).items():
        op, _, target = key.partition(":")
        kind, _, name = target.partition(".")
        value = expressions.render(template, src)
        if kind == "header":
            name = name.lower()
            if op == "remove":
                headers.pop(name, None)
            elif op == "append" and name in headers:
                headers[name] = f"{headers[name]},{value}"
            else:
                headers[name] = value
        elif kind == "querystring":
            if op == "remove":
                query.pop(name, None)
            elif op == "append" and name in query:
                query[name] = f"{query[name]},{value}"
            else:
                query[name] = value
        elif kind == "path" and op == "overwrite":
            path = value if value.startswith("/") else "/" + value
    all_query = "&".join(q for q in (parts.query, urlencode(query)) if q)
    return urlunsplit((parts.scheme, parts.netloc, path, all_query, "")), headers, path


async def http_proxy(runtime: Runtime, integration: dict[str, Any], c: payloads.Call, src: expressions.Sources) -> payloads.Answer:
    url, headers, _ = map_request(integration, c, src)
    method = integration.get("IntegrationMethod") or "ANY"
    if method == "ANY":
        method = c.method
    headers["x-forwarded-for"] = c.source_ip
    headers["x-amzn-trace-id"] = f"Root=1-{int(c.now):08x}-{c.request_id.encode().hex()[:24]}"
    timeout = (integration.get("TimeoutInMillis") or 30000) / 1000
    try:
        response = await _pool(runtime).request(
            method, url, headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
            content=c.body or None, extensions={"timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}},
        )
    except httpcore.TimeoutException:
        raise Failed(504, "Service Unavailable") from None
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol):
        raise Failed(500, "Internal Server Error") from None
    out_headers: dict[str, str] = {}
    for raw_name, raw_value in response.headers:
        name = raw_name.decode("latin-1").lower()
        if name not in _HOP:
            value = raw_value.decode("latin-1")
            out_headers[name] = f"{out_headers[name]},{value}" if name in out_headers else value
    return payloads.Answer(response.status, out_headers, [], response.content)


# Integration subtypes -> (service, operation, how the mapped parameters become the input).
def _put_events(p: dict[str, Any]) -> dict[str, Any]:
    entry = {k: p[k] for k in ("Detail", "DetailType", "Source", "EventBusName", "Resources", "Time", "TraceHeader") if k in p}
    if isinstance(entry.get("Resources"), str):
        entry["Resources"] = [r.strip() for r in entry["Resources"].split(",") if r.strip()]
    return {"Entries": [entry]}


def _same(p: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in p.items() if k != "Region"}


def _camel(p: dict[str, Any]) -> dict[str, Any]:
    """Step Functions' members are camelCase (`stateMachineArn`); the integration's are not."""
    return {k[:1].lower() + k[1:]: v for k, v in _same(p).items()}


def _kinesis(p: dict[str, Any]) -> dict[str, Any]:
    out = _same(p)
    if isinstance(out.get("Data"), str):
        out["Data"] = out["Data"].encode()
    return out


SUBTYPES = {
    "SQS-SendMessage": ("sqs", "SendMessage", _same),
    "SQS-ReceiveMessage": ("sqs", "ReceiveMessage", _same),
    "SQS-DeleteMessage": ("sqs", "DeleteMessage", _same),
    "SQS-PurgeQueue": ("sqs", "PurgeQueue", _same),
    "EventBridge-PutEvents": ("events", "PutEvents", _put_events),
    "StepFunctions-StartExecution": ("stepfunctions", "StartExecution", _camel),
    "StepFunctions-StartSyncExecution": ("stepfunctions", "StartSyncExecution", _camel),
    "StepFunctions-StopExecution": ("stepfunctions", "StopExecution", _camel),
    "Kinesis-PutRecord": ("kinesis", "PutRecord", _kinesis),
    "AppConfig-GetConfiguration": ("appconfig", "GetConfiguration", _same),
}
_NUMBERS = frozenset({"DelaySeconds", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds"})


async def aws_service(runtime: Runtime, integration: dict[str, Any], c: payloads.Call, src: expressions.Sources) -> payloads.Answer:
    service, operation, build = SUBTYPES[integration["IntegrationSubtype"]]
    mapped: dict[str, Any] = {}
    for name, template in (integration.get("RequestParameters") or {}).items():
        value = expressions.render(template, src)
        mapped[name] = int(value) if name in _NUMBERS and value.lstrip("-").isdigit() else value
    region = mapped.get("Region") or c.region
    try:
        out = await call(runtime, service, operation, build(mapped), c.account, region)
    except AwsError as e:
        # AWS passes the service's own error through, with its status.
        body = orjson.dumps({"message": e.message, "code": e.code} if e.message else {"code": e.code})
        return payloads.Answer(e.status or 400, {"content-type": "application/json"}, [], body)
    return payloads.Answer(200, {"content-type": "application/json"}, [], orjson.dumps(out, default=_default))


def _default(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if hasattr(value, "isoformat"):
        return value.timestamp()
    raise TypeError


def map_response(integration: dict[str, Any], answer: payloads.Answer, src: expressions.Sources) -> payloads.Answer:
    """ResponseParameters: {"<status>": {"append:header.x": ..., "overwrite:statuscode": "204"}}."""
    mapping = (integration.get("ResponseParameters") or {}).get(str(answer.status))
    if not mapping:
        return answer
    src.response_headers, src.response_body = answer.headers, answer.body
    for key, template in mapping.items():
        op, _, target = key.partition(":")
        kind, _, name = target.partition(".")
        value = expressions.render(template, src)
        if kind == "statuscode" and value.isdigit():
            answer.status = int(value)
        elif kind == "header":
            name = name.lower()
            if op == "remove":
                answer.headers.pop(name, None)
            elif op == "append" and name in answer.headers:
                answer.headers[name] = f"{answer.headers[name]},{value}"
            else:
                answer.headers[name] = value
    return answer
