"""Integrations: what a method calls, and how the answer becomes the method's response.

- AWS_PROXY: the Lambda proxy event in, the `{statusCode, headers, multiValueHeaders,
  body, isBase64Encoded}` contract out (anything else: 502 "Internal server error").
- HTTP_PROXY: the request as sent, to the URI (path parameters filled in), the answer as is.
- AWS, HTTP, MOCK: the request template for the Content-Type (or passthrough, per
  `passthroughBehavior`), the call, then the integration response whose
  `selectionPattern` matches (the status code; for Lambda, the error message),
  its template for the Accept type, and its header mappings.
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
"""

from __future__ import annotations

import base64
import re
import time
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.core.http import Response
from cumulo.engines.jsonpath import select
from cumulo.engines import vtl
from cumulo.services.apigateway.authorizers import function_arn, invoke_function
from cumulo.services.apigateway.invocation import GatewayError, Invocation

_PROXY_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies"})
_HOP = frozenset({"host", "content-length", "connection", "transfer-encoding", "keep-alive", "accept-encoding"})
_AWS_URI = re.compile(r"^arn:aws[\w-]*:apigateway:([\w-]+):([\w.-]+):(action|path)/(.+)$")


async def run(inv: Invocation) -> Response:
    integration = (inv.method or {}).get("methodIntegration") or {}
    kind = integration.get("type")
    started = time.perf_counter()
    try:
        if kind == "AWS_PROXY":
            return await _lambda_proxy(inv, integration)
        if kind == "HTTP_PROXY":
            return await _http_proxy(inv, integration)
        return await _mapped(inv, integration)
    finally:
        inv.integration_latency = time.perf_counter() - started


# ------------------------------------------------------------ proxies


def proxy_response(inv: Invocation, result: Any) -> Response:
    if not isinstance(result, dict) or not set(result) <= _PROXY_KEYS:
        raise GatewayError("DEFAULT_5XX", "Internal server error", "502")
    try:
        status = int(result.get("statusCode") or 200)
    except (TypeError, ValueError):
        raise GatewayError("DEFAULT_5XX", "Internal server error", "502") from None
    headers: dict[str, str] = {}
    for name, values in (result.get("multiValueHeaders") or {}).items():
        if not isinstance(values, list):
            raise GatewayError("DEFAULT_5XX", "Internal server error", "502")
        headers[name] = ", ".join(str(v) for v in values)
    for name, value in (result.get("headers") or {}).items():
        headers[name] = str(value)
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        raise GatewayError("DEFAULT_5XX", "Internal server error", "502")
    data = (body or "").encode()
    if result.get("isBase64Encoded") and body:
        try:
            data = base64.b64decode(body)
        except ValueError:
            raise GatewayError("DEFAULT_5XX", "Internal server error", "502") from None
    headers.setdefault("Content-Type", "application/json")
    inv.integration_status = status
    return Response(status, headers, data)


async def _lambda_proxy(inv: Invocation, integration: dict[str, Any]) -> Response:
    arn = function_arn(integration.get("uri") or "", inv.variables)
    result, failed = await invoke_function(inv, arn, inv.proxy_event())
    if failed:
        inv.error = str(result.get("errorMessage") if isinstance(result, dict) else result)
        raise GatewayError("DEFAULT_5XX", "Internal server error", "502")
    return proxy_response(inv, result)


def _fill_uri(inv: Invocation, uri: str, mapped_path: dict[str, str]) -> str:
    values = {**inv.path_params, **mapped_path}
    uri = re.sub(r"\$\{stageVariables\.([^}]+)\}", lambda m: inv.variables.get(m.group(1), ""), uri)
    return re.sub(r"\{([^}]+?)\+?\}", lambda m: quote(values.get(m.group(1), ""), safe="/"), uri)


def _request_mappings(inv: Invocation, integration: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[str]], dict[str, str]]:
    """Headers, query string and path values from `integration.request.*` mappings."""
    headers: dict[str, str] = {}
    query: dict[str, list[str]] = {}
    path: dict[str, str] = {}
    context = inv.context()
    for target, source in (integration.get("requestParameters") or {}).items():
        value = inv.source_value(source, context)
        if value is None:
            continue
        parts = target.split(".", 3)
        if len(parts) < 4:
            continue
        where, name = parts[2], parts[3]
        if where == "header":
            headers[name] = value
        elif where in ("querystring", "multivaluequerystring"):
            query.setdefault(name, []).append(value)
        elif where == "path":
            path[name] = value
    return headers, query, path


async def _http_proxy(inv: Invocation, integration: dict[str, Any]) -> Response:
    headers, query, path = _request_mappings(inv, integration)
    url = _fill_uri(inv, integration.get("uri") or "", path)
    sent = {k: v for k, v in inv.request.headers.items() if k not in _HOP}
    sent.update(headers)
    params = list(inv.request.query_params) + [(k, v) for k, vs in query.items() for v in vs]
    answer = await _send(inv, integration, integration.get("httpMethod") or inv.verb, url, sent, params, inv.body)
    inv.integration_status = answer.status_code
    out = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP and k.lower() != "content-encoding"}
    return Response(answer.status_code, out, answer.content)


async def _send(inv: Invocation, integration: dict[str, Any], verb: str, url: str, headers: dict[str, str],
                params: list[tuple[str, Any]], body: bytes) -> httpx.Response:
    timeout = (integration.get("timeoutInMillis") or 29000) / 1000
    verb = inv.verb if verb == "ANY" else verb
    try:
        async with httpx.AsyncClient(timeout=timeout, verify=not (integration.get("tlsConfig") or {}).get("insecureSkipVerification")) as client:
            return await client.request(verb, url, headers=headers, params=params, content=body)
    except httpx.TimeoutException:
        raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out") from None
    except httpx.HTTPError:
        raise GatewayError("INTEGRATION_FAILURE", "Internal server error", "500") from None


# ------------------------------------------------------------ mapped integrations (AWS, HTTP, MOCK)


def _content_type(inv: Invocation) -> str:
    return (inv.header("content-type") or "application/json").split(";")[0].strip().lower()


def _convert(body: bytes, handling: str | None) -> bytes:
    """contentHandling: CONVERT_TO_TEXT base64-encodes a (binary) payload, CONVERT_TO_BINARY
    decodes a base64 text one; unset passes it through."""
    if handling == "CONVERT_TO_TEXT":
        return base64.b64encode(body)
    if handling == "CONVERT_TO_BINARY":
        try:
            return base64.b64decode(body, validate=False)
        except ValueError:
            raise GatewayError("DEFAULT_5XX", "Internal server error", "500") from None
    return body


def _request_body(inv: Invocation, integration: dict[str, Any]) -> bytes:
    handling = integration.get("contentHandling")
    if handling:
        body = _convert(inv.body, handling)
        if not (integration.get("requestTemplates") or {}).get(_content_type(inv)):
            return body
    templates: dict[str, str] = integration.get("requestTemplates") or {}
    ct = _content_type(inv)
    template = templates.get(ct)
    if template is None:
        behaviour = integration.get("passthroughBehavior") or "WHEN_NO_MATCH"
        if behaviour == "NEVER" or (behaviour == "WHEN_NO_TEMPLATES" and templates):
            raise GatewayError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type")
        if templates and integration.get("type") == "MOCK" and "application/json" in templates and not inv.body:
            template = templates["application/json"]
        else:
            return inv.body
    context = inv.context()
    inv.request_override = context["requestOverride"] = {"header": {}, "querystring": {}, "path": {}}
    try:
        return vtl.render(template, inv.text_body(), inv.params(), context, inv.variables).encode()
    except vtl.TemplateError as error:
        inv.error = str(error)
        raise GatewayError("DEFAULT_5XX", "Internal server error", "500") from None


async def _mapped(inv: Invocation, integration: dict[str, Any]) -> Response:
    kind = integration.get("type")
    body = _request_body(inv, integration)
    status, out_headers, out_body, selector = 200, {}, b"", ""
    if kind == "MOCK":
        try:
            asked = orjson.loads(body) if body.strip() else {}
            status = int(asked.get("statusCode", 200)) if isinstance(asked, dict) else 200
        except (orjson.JSONDecodeError, TypeError, ValueError):
            raise GatewayError("DEFAULT_5XX", "Internal server error", "500") from None
        selector = str(status)
    elif kind == "HTTP":
        headers, query, path = _request_mappings(inv, integration)
        override = inv.request_override
        headers.update({k: vtl.java_str(v) for k, v in (override.get("header") or {}).items()})
        query.update({k: [vtl.java_str(v)] for k, v in (override.get("querystring") or {}).items()})
        path.update({k: vtl.java_str(v) for k, v in (override.get("path") or {}).items()})
        url = _fill_uri(inv, integration.get("uri") or "", path)
        headers.setdefault("Content-Type", _content_type(inv) if not integration.get("requestTemplates") else "application/json")
        answer = await _send(inv, integration, integration.get("httpMethod") or inv.verb, url, headers,
                             [(k, v) for k, vs in query.items() for v in vs], body)
        status, out_headers, out_body = answer.status_code, dict(answer.headers), answer.content
        selector = str(status)
    elif kind == "AWS":
        status, out_headers, out_body, selector = await _aws(inv, integration, body)
    inv.integration_status = status
    return _respond(inv, integration, selector, status, out_headers, out_body)


async def _aws(inv: Invocation, integration: dict[str, Any], body: bytes) -> tuple[int, dict[str, str], bytes, str]:
    uri = integration.get("uri") or ""
    found = _AWS_URI.match(uri)
    if found is None:
        raise GatewayError("API_CONFIGURATION_ERROR", "Internal server error")
    region, service, style, rest = found.groups()
    if service == "lambda":
        arn = function_arn(uri, inv.variables)
        try:
            event = orjson.loads(body) if body.strip() else {}
        except orjson.JSONDecodeError:
            event = body.decode("utf-8", "replace")  # a non-JSON payload reaches the function as a JSON string
        mapped_headers = {k.lower(): v for k, v in _request_mappings(inv, integration)[0].items()}
        kind = mapped_headers.get("x-amz-invocation-type") or "RequestResponse"
        if kind not in ("RequestResponse", "Event", "DryRun"):
            raise GatewayError("DEFAULT_5XX", "Internal server error", "500")
        result, failed = await invoke_function(inv, arn, event, kind)
        if kind != "RequestResponse":
            return 200, {}, b"", ""  # accepted: the function runs on its own (AWS answers the method's 200 template)
        if failed:
            message = result.get("errorMessage", "") if isinstance(result, dict) else str(result)
            return 200, {}, orjson.dumps(result), str(message)
        return 200, {}, orjson.dumps(result), ""
    headers, query, _ = _request_mappings(inv, integration)
    if style == "action":
        operation = rest.split("&")[0]
        params: dict[str, Any] = dict(parse_qsl(rest.split("&", 1)[1])) if "&" in rest else {}
    else:
        operation, params = "", {}
    text = body.decode("utf-8", "replace").strip()
    if text.startswith("{"):
        try:
            params.update(orjson.loads(text))
        except orjson.JSONDecodeError:
            raise GatewayError("DEFAULT_5XX", "Internal server error", "500") from None
    elif text:
        params.update(dict(parse_qsl(text, keep_blank_values=True)))
    params.update({k: v[0] for k, v in query.items()})
    if style == "path":
        operation = str(params.pop("Action", operation))
        segments = rest.split("/")
        if service == "sqs" and len(segments) >= 2:
            params.setdefault("QueueUrl", f"http://sqs.{region}.localhost.localstack.cloud:{inv.runtime.config.port}/{segments[0]}/{segments[1]}")
    params.pop("Action", None)
    params.pop("Version", None)
    if not operation:
        raise GatewayError("API_CONFIGURATION_ERROR", "Internal server error")
    try:
        result = await services.call(inv.runtime, service, operation, params, inv.account, region)
    except AwsError as error:
        status = error.status or 400
        return status, {"x-amzn-ErrorType": error.code}, orjson.dumps({"__type": error.code, "message": error.message}), str(status)
    except Exception as error:  # noqa: BLE001 - an unknown service or operation: the integration fails, as on AWS
        inv.error = str(error)
        return 500, {}, orjson.dumps({"message": str(error)}), "500"
    return 200, {}, orjson.dumps(result, default=_plain), "200"


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if hasattr(value, "timestamp"):
        return value.timestamp()
    return str(value)


def _select(integration: dict[str, Any], selector: str) -> dict[str, Any] | None:
    responses: dict[str, dict[str, Any]] = integration.get("integrationResponses") or {}
    default = None
    for response in responses.values():
        pattern = response.get("selectionPattern")
        if not pattern:
            default = default or response
            continue
        try:
            if re.fullmatch(pattern, selector, re.S):
                return response
        except re.error:
            continue
    return default


def lowered_type(headers: dict[str, str]) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == "content-type"), None)


def _respond(inv: Invocation, integration: dict[str, Any], selector: str, status: int, headers: dict[str, str],
             body: bytes) -> Response:
    response = _select(integration, selector)
    if response is None:
        if not integration.get("integrationResponses") and integration.get("type") in ("HTTP", "AWS"):
            raise GatewayError("API_CONFIGURATION_ERROR", "Internal server error")
        raise GatewayError("API_CONFIGURATION_ERROR", "Internal server error")
    text = body.decode("utf-8", "replace")
    templates: dict[str, str] = response.get("responseTemplates") or {}
    accept = [a.split(";")[0].strip().lower() for a in (inv.header("accept") or "").split(",") if a.strip()]
    chosen = next((a for a in accept if a in templates), None) or ("application/json" if "application/json" in templates else
                                                                   next(iter(templates), None))
    content_type = chosen or lowered_type(headers) or "application/json"  # passthrough keeps the backend's type
    out_body = body
    # `#set($context.responseOverride.status = 400)` and `.header.<name>` in the template win.
    override: dict[str, Any] = {"status": None, "header": {}}
    if chosen is not None and templates[chosen]:
        context = inv.context()
        context["responseOverride"] = override
        try:
            out_body = vtl.render(templates[chosen], text, inv.params(), context, inv.variables).encode()
        except vtl.TemplateError as error:
            inv.error = str(error)
            raise GatewayError("DEFAULT_5XX", "Internal server error", "500") from None
    elif chosen is not None:
        out_body = b""
    handling = response.get("contentHandling")
    if handling:
        # After the template, as AWS converts what the method answers.
        out_body = _convert(out_body, handling)
        if handling == "CONVERT_TO_BINARY":
            content_type = next((a for a in accept if inv.is_binary(a)), None) or lowered_type(headers) or "application/octet-stream"
    out_headers = {"Content-Type": content_type}
    lowered = {k.lower(): v for k, v in headers.items()}
    for target, source in (response.get("responseParameters") or {}).items():
        name = target.split(".", 3)[-1]
        value: Any = None
        if source.startswith("'") and source.endswith("'"):
            value = source[1:-1]
        elif source.startswith("integration.response.header."):
            value = lowered.get(source.split(".", 3)[3].lower())
        elif source == "integration.response.body":
            value = text
        elif source.startswith("integration.response.body."):
            try:
                value = select(orjson.loads(body), "$." + source.split(".", 3)[3])
            except (orjson.JSONDecodeError, ValueError):
                value = None
        else:
            value = inv.source_value(source)
        if value is not None:
            out_headers[name] = value if isinstance(value, str) else orjson.dumps(value).decode()
    for name, value in (override.get("header") or {}).items():
        out_headers[name] = vtl.java_str(value)
    final = override.get("status") or response.get("statusCode") or status
    try:
        return Response(int(final), out_headers, out_body)
    except (TypeError, ValueError):
        raise GatewayError("DEFAULT_5XX", "Internal server error", "500") from None
