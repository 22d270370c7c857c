"""The Lambda proxy contract of HTTP APIs: the events payload formats 1.0 and 2.0 send, and how
the function's answer becomes the HTTP response.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html

Invariants (as AWS does it):
- 2.0: header names lower case, repeated values joined with ","; the `cookie` header moves to
  `cookies`; `queryStringParameters` joins repeated names with ","; absent members are left out;
  `rawPath` and `requestContext.http.path` include the stage for a named stage.
- 1.0: the REST API shape: `multiValueHeaders`/`multiValueQueryStringParameters`, absent maps
  are null, `requestContext.identity`.
- A 2.0 answer without `statusCode` is a 200 whose JSON body is the answer itself; a 1.0
  answer must carry `statusCode`, or the client gets 500 Internal Server Error.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

import orjson

_TEXT_TYPES = ("text/", "json", "xml", "javascript", "x-www-form-urlencoded", "yaml", "graphql")


@dataclass(slots=True)
class Call:
    """One request to an HTTP API, as the data plane resolved it."""

    method: str
    raw_path: str  # as the client sent it after the API's base (stage prefix included)
    path: str  # the path routes are matched against (no stage prefix)
    query: str
    headers: dict[str, str]
    body: bytes
    source_ip: str
    account: str
    region: str
    api_id: str
    stage: str
    domain: str
    request_id: str
    now: float  # the cumulo clock, seconds
    route_key: str = ""
    route_path: str = ""
    path_parameters: dict[str, str] = field(default_factory=dict)
    stage_variables: dict[str, str] = field(default_factory=dict)
    authorizer: dict[str, Any] | None = None  # requestContext.authorizer, as the payload version wants it


def is_text(content_type: str) -> bool:
    lowered = content_type.lower()
    return not lowered or any(t in lowered for t in _TEXT_TYPES)


def _body(call: Call) -> tuple[str | None, bool]:
    if not call.body:
        return None, False
    if is_text(call.headers.get("content-type", "")):
        try:
            return call.body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(call.body).decode(), True


def request_time(now: float) -> str:
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now))


def _query_pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


def event_v2(call: Call) -> dict[str, Any]:
    headers = {k: v for k, v in call.headers.items() if k != "cookie"}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": call.route_key,
        "rawPath": call.raw_path,
        "rawQueryString": call.query,
    }
    cookie = call.headers.get("cookie")
    if cookie:
        event["cookies"] = [c.strip() for c in cookie.split(";") if c.strip()]
    event["headers"] = headers
    pairs = _query_pairs(call.query)
    if pairs:
        joined: dict[str, str] = {}
        for k, v in pairs:
            joined[k] = f"{joined[k]},{v}" if k in joined else v
        event["queryStringParameters"] = joined
    domain_prefix = call.domain.split(".", 1)[0]
    context: dict[str, Any] = {
        "accountId": call.account,
        "apiId": call.api_id,
        "domainName": call.domain,
        "domainPrefix": domain_prefix,
        "http": {
            "method": call.method,
            "path": call.raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": call.source_ip,
            "userAgent": call.headers.get("user-agent", ""),
        },
        "requestId": call.request_id,
        "routeKey": call.route_key,
        "stage": call.stage,
        "time": request_time(call.now),
        "timeEpoch": int(call.now * 1000),
    }
    if call.authorizer is not None:
        context["authorizer"] = call.authorizer
    event["requestContext"] = context
    body, encoded = _body(call)
    if body is not None:
        event["body"] = body
    if call.path_parameters:
        event["pathParameters"] = call.path_parameters
    event["isBase64Encoded"] = encoded
    if call.stage_variables:
        event["stageVariables"] = call.stage_variables
    return event


def event_v1(call: Call) -> dict[str, Any]:
    multi_headers: dict[str, list[str]] = {}
    for k, v in call.headers.items():
        multi_headers[k] = [part.strip() for part in v.split(",")] if k not in ("cookie", "user-agent", "date") else [v]
    pairs = _query_pairs(call.query)
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for k, v in pairs:
        single[k] = v
        multi.setdefault(k, []).append(v)
    body, encoded = _body(call)
    resource = call.route_path or call.route_key
    identity = {
        "accessKey": None, "accountId": None, "caller": None, "cognitoAmr": None, "cognitoAuthenticationProvider": None,
        "cognitoAuthenticationType": None, "cognitoIdentityId": None, "cognitoIdentityPoolId": None, "principalOrgId": None,
        "sourceIp": call.source_ip, "user": None, "userAgent": call.headers.get("user-agent", ""), "userArn": None,
    }
    context: dict[str, Any] = {
        "accountId": call.account,
        "apiId": call.api_id,
        "domainName": call.domain,
        "domainPrefix": call.domain.split(".", 1)[0],
        "extendedRequestId": call.request_id,
        "httpMethod": call.method,
        "identity": identity,
        "path": call.raw_path,
        "protocol": "HTTP/1.1",
        "requestId": call.request_id,
        "requestTime": request_time(call.now),
        "requestTimeEpoch": int(call.now * 1000),
        "resourceId": call.route_key,
        "resourcePath": resource,
        "stage": call.stage,
    }
    if call.authorizer is not None:
        context["authorizer"] = call.authorizer
    return {
        "version": "1.0",
        "resource": resource,
        "path": unquote(call.raw_path),
        "httpMethod": call.method,
        "headers": dict(call.headers),
        "multiValueHeaders": multi_headers,
        "queryStringParameters": single or None,
        "multiValueQueryStringParameters": multi or None,
        "requestContext": context,
        "pathParameters": call.path_parameters or None,
        "stageVariables": call.stage_variables or None,
        "body": body,
        "isBase64Encoded": encoded,
    }


class BadAnswer(Exception):
    """The function's answer is not one API Gateway can turn into a response."""


@dataclass(slots=True)
class Answer:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes


def _body_bytes(body: Any, encoded: bool) -> bytes:
    if body is None:
        return b""
    if not isinstance(body, str):
        body = orjson.dumps(body).decode()
    if encoded:
        try:
            return base64.b64decode(body)
        except ValueError:
            raise BadAnswer("isBase64Encoded, but the body is not base64") from None
    return body.encode()


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _headers(answer: dict[str, Any]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for k, values in (answer.get("multiValueHeaders") or {}).items():
        if isinstance(values, list):
            headers[k.lower()] = ",".join(_text(v) for v in values)
    for k, v in (answer.get("headers") or {}).items():
        headers[k.lower()] = _text(v)
    return headers


def answer_v2(payload: bytes) -> Answer:
    try:
        value = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        value = payload.decode("utf-8", "replace")
        return Answer(200, {"content-type": "application/json"}, [], value.encode())
    if isinstance(value, dict) and "statusCode" in value:
        try:
            status = int(value["statusCode"])
        except (TypeError, ValueError):
            raise BadAnswer("statusCode is not a number") from None
        cookies = value.get("cookies") or []
        if not isinstance(cookies, list):
            raise BadAnswer("cookies is not a list")
        return Answer(status, _headers(value), [str(c) for c in cookies], _body_bytes(value.get("body"), bool(value.get("isBase64Encoded"))))
    if isinstance(value, str):
        return Answer(200, {"content-type": "application/json"}, [], value.encode())
    return Answer(200, {"content-type": "application/json"}, [], b"" if value is None else orjson.dumps(value))


def answer_v1(payload: bytes) -> Answer:
    try:
        value = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        raise BadAnswer("the answer is not JSON") from None
    if not isinstance(value, dict) or "statusCode" not in value:
        raise BadAnswer("the answer has no statusCode")
    try:
        status = int(value["statusCode"])
    except (TypeError, ValueError):
        raise BadAnswer("statusCode is not a number") from None
    return Answer(status, _headers(value), [], _body_bytes(value.get("body"), bool(value.get("isBase64Encoded"))))
