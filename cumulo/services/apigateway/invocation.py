"""One data-plane request as it moves through a stage: what was asked, what matched,
and the values templates, authorizers and integrations read (`$context`, parameters).

`Invocation` is built by `dataplane` and read by `authorizers` and `integrations`;
`GatewayError` is a gateway response (by type) ending the request.
"""

from __future__ import annotations

import base64
import fnmatch
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.engines.jsonpath import select
from cumulo.services.apigateway.models import Resource, RestApi


class GatewayError(Exception):
    """API Gateway answers itself, with the gateway response of `kind`."""

    def __init__(self, kind: str, message: str, status: str | None = None) -> None:
        super().__init__(message)
        self.kind, self.message, self.status = kind, message, status


@dataclass(slots=True)
class Invocation:
    runtime: Runtime
    request: Request
    rest_api: RestApi
    stage: dict[str, Any]
    snapshot: dict[str, Any]
    path: str  # the path within the stage, e.g. "/users/1"
    body: bytes
    started: float = field(default_factory=time.perf_counter)
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    resource: Resource | None = None
    method: dict[str, Any] | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    authorizer: dict[str, Any] = field(default_factory=dict)  # $context.authorizer
    api_key: str | None = None
    api_key_id: str | None = None
    access_key: str | None = None  # AWS_IAM: the signing key
    caller_arn: str | None = None  # AWS_IAM: who signed
    policy: dict[str, Any] | None = None  # a Lambda authorizer's policy document, as returned
    usage_key: str | None = None  # a Lambda authorizer's usageIdentifierKey (API key source AUTHORIZER)
    # `$context.requestOverride` as a request template left it: header, querystring, path.
    request_override: dict[str, dict[str, Any]] = field(default_factory=dict)
    domain: str = ""
    integration_status: int | None = None
    integration_latency: float = 0.0
    error: str | None = None

    @property
    def verb(self) -> str:
        return self.request.method.upper()

    @property
    def account(self) -> str:
        return self.rest_api.account

    @property
    def region(self) -> str:
        return self.rest_api.region

    @property
    def stage_name(self) -> str:
        return str(self.stage["stageName"])

    @property
    def variables(self) -> dict[str, str]:
        return dict(self.stage.get("variables") or {})

    @property
    def method_arn(self) -> str:
        return (f"arn:aws:execute-api:{self.region}:{self.account}:{self.rest_api.id}/{self.stage_name}/"
                f"{self.verb}/{self.path.lstrip('/')}")

    def headers(self) -> dict[str, str]:
        """Request headers with the names as sent (lower-case here, as the server gives them)."""
        return dict(self.request.headers)

    def multi_headers(self) -> dict[str, list[str]]:
        # The server joins a repeated header with ", ", which a single value may contain too
        # (Accept): each header is one value here, as AWS gives a header sent once.
        return {k: [value] for k, value in self.request.headers.items()}

    def query(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, value in self.request.query_params:
            out[name] = value
        return out

    def multi_query(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in self.request.query_params:
            out.setdefault(name, []).append(value)
        return out

    def params(self) -> dict[str, dict[str, str]]:
        """`$input.params()`: path, querystring and header maps."""
        return {"path": dict(self.path_params), "querystring": self.query(), "header": self.headers()}

    def header(self, name: str) -> str | None:
        return self.request.headers.get(name.lower())

    def is_binary(self, content_type: str | None) -> bool:
        types = self.snapshot["info"].get("binaryMediaTypes") or []
        ct = (content_type or "").split(";")[0].strip().lower()
        return bool(ct) and any(fnmatch.fnmatch(ct, t.lower()) for t in types)

    def text_body(self) -> str:
        return self.body.decode("utf-8", "replace")

    def proxy_body(self) -> tuple[str | None, bool]:
        if not self.body:
            return None, False
        if self.is_binary(self.header("content-type")):
            return base64.b64encode(self.body).decode(), True
        return self.text_body(), False

    def context(self) -> dict[str, Any]:
        """`$context` and the proxy event's requestContext."""
        now = self.runtime.clock.now()
        moment = datetime.fromtimestamp(now, UTC)
        resource = self.resource
        context: dict[str, Any] = {
            "resourceId": resource.id if resource else "",
            "resourcePath": resource.path if resource else self.path,
            "httpMethod": self.verb,
            "extendedRequestId": self.request_id[:18].replace("-", "") + "=",
            "requestTime": moment.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "path": f"/{self.stage_name}{self.path}",
            "accountId": self.account,
            "protocol": "HTTP/1.1",
            "stage": self.stage_name,
            "domainPrefix": self.domain.split(".")[0] if self.domain else self.rest_api.id,
            "requestTimeEpoch": int(now * 1000),
            "requestId": self.request_id,
            "identity": {
                "cognitoIdentityPoolId": None, "accountId": None, "cognitoIdentityId": None, "caller": self.caller_arn,
                "sourceIp": self.request.client, "principalOrgId": None, "accessKey": self.access_key,
                "cognitoAuthenticationType": None, "cognitoAuthenticationProvider": None, "userArn": self.caller_arn,
                "userAgent": self.header("user-agent"), "user": None, "apiKey": self.api_key, "apiKeyId": self.api_key_id,
            },
            "domainName": self.domain or f"{self.rest_api.id}.execute-api.{self.region}.amazonaws.com",
            "deploymentId": self.stage.get("deploymentId"),
            "apiId": self.rest_api.id,
        }
        if self.authorizer:
            context["authorizer"] = self.authorizer
        return context

    def proxy_event(self) -> dict[str, Any]:
        """The Lambda proxy integration's input event (version 1.0)."""
        body, encoded = self.proxy_body()
        headers = self.headers()
        query = self.query()
        return {
            "resource": self.resource.path if self.resource else self.path,
            "path": self.path,
            "httpMethod": self.verb,
            "headers": headers or None,
            "multiValueHeaders": self.multi_headers() or None,
            "queryStringParameters": query or None,
            "multiValueQueryStringParameters": self.multi_query() or None,
            "pathParameters": dict(self.path_params) or None,
            "stageVariables": self.variables or None,
            "requestContext": self.context(),
            "body": body,
            "isBase64Encoded": encoded,
        }

    def source_value(self, source: str, context: dict[str, Any] | None = None) -> str | None:
        """The value a parameter mapping source names: `method.request.header.X`,
        `method.request.querystring.q`, `method.request.path.p`, `'literal'`,
        `stageVariables.x`, `context.a.b`."""
        if source.startswith("'") and source.endswith("'"):
            return source[1:-1]
        if source.startswith("method.request."):
            _, _, where, name = source.split(".", 3)
            if where == "header":
                return self.header(name)
            if where == "querystring":
                return self.query().get(name)
            if where == "path":
                return self.path_params.get(name)
            if source == "method.request.body":
                return self.text_body()
            if source.startswith("method.request.body."):
                try:
                    found = select(orjson.loads(self.body), "$." + source.split(".", 3)[3])
                except (orjson.JSONDecodeError, ValueError):
                    return None
                return None if found is None else found if isinstance(found, str) else orjson.dumps(found).decode()
            if where == "multivalueheader":
                value = self.header(name)
                return value
            if where == "multivaluequerystring":
                values = self.multi_query().get(name)
                return ",".join(values) if values else None
            return None
        if source.startswith("stageVariables."):
            return self.variables.get(source.split(".", 1)[1])
        if source.startswith("context."):
            node: Any = context if context is not None else self.context()
            for part in source.split(".")[1:]:
                node = node.get(part) if isinstance(node, dict) else None
            return None if node is None else str(node)
        return None
