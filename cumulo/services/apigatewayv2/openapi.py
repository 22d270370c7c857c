"""OpenAPI 3 for HTTP APIs: ImportApi/ReimportApi read it, ExportApi writes it.

What maps to what (AWS's `x-amazon-apigateway-*` extensions):
- `info.title/version/description` -> the API's Name, Version, Description;
- `x-amazon-apigateway-cors` -> CorsConfiguration (its keys in camelCase);
- each path and method -> a route `METHOD /path` (`x-amazon-apigateway-any-method` is
  ANY; the path `$default` is the `$default` route), its
  `x-amazon-apigateway-integration` (inline, or a `$ref` to
  `components.x-amazon-apigateway-integrations`) -> an integration, and its
  `security` -> the route's authorizer and scopes;
- `components.securitySchemes` with `x-amazon-apigateway-authorizer` -> JWT and
  REQUEST authorizers; `components.schemas` -> models.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from cumulo.core.context import RequestContext
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_ANY = "x-amazon-apigateway-any-method"
_INTEGRATION = "x-amazon-apigateway-integration"
_CORS_KEYS = {
    "allowOrigins": "AllowOrigins", "allowMethods": "AllowMethods", "allowHeaders": "AllowHeaders",
    "exposeHeaders": "ExposeHeaders", "maxAge": "MaxAge", "allowCredentials": "AllowCredentials",
}
_INTEGRATION_KEYS = {
    "type": "IntegrationType", "uri": "IntegrationUri", "httpMethod": "IntegrationMethod",
    "payloadFormatVersion": "PayloadFormatVersion", "connectionType": "ConnectionType", "connectionId": "ConnectionId",
    "credentials": "CredentialsArn", "timeoutInMillis": "TimeoutInMillis", "requestParameters": "RequestParameters",
    "responseParameters": "ResponseParameters", "integrationSubtype": "IntegrationSubtype", "description": "Description",
}


def parse(body: str) -> dict[str, Any]:
    """The document, from JSON or YAML; ValueError when it is neither or not OpenAPI 3."""
    try:
        doc = json.loads(body)
    except ValueError:
        try:
            doc = yaml.safe_load(body)
        except yaml.YAMLError as e:
            raise ValueError(str(e).splitlines()[0]) from None
    if not isinstance(doc, dict):
        raise ValueError("the definition is not an object")
    if not str(doc.get("openapi", "")).startswith("3."):
        raise ValueError("only OpenAPI 3.0 definitions can be imported into HTTP APIs")
    return doc


def api_settings(doc: dict[str, Any]) -> dict[str, Any]:
    info = doc.get("info") or {}
    out: dict[str, Any] = {"Name": str(info.get("title") or "imported")}
    if info.get("version") is not None:
        out["Version"] = str(info["version"])
    if info.get("description"):
        out["Description"] = str(info["description"])
    cors = doc.get("x-amazon-apigateway-cors")
    if isinstance(cors, dict):
        out["CorsConfiguration"] = {_CORS_KEYS[k]: v for k, v in cors.items() if k in _CORS_KEYS}
    return out


def _resolve(doc: dict[str, Any], value: Any) -> Any:
    if isinstance(value, dict) and "$ref" in value:
        node: Any = doc
        for part in str(value["$ref"]).lstrip("#/").split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        return node
    return value


def load(ctx: RequestContext, api_id: str, doc: dict[str, Any], fail_on_warnings: bool = False) -> list[str]:
    """Create the document's authorizers, integrations, routes and models under the API; the warnings."""
    from cumulo.services.apigatewayv2.api import integrations, routes

    warnings: list[str] = []
    components = doc.get("components") or {}
    authorizers: dict[str, str] = {}
    for name, scheme in (components.get("securitySchemes") or {}).items():
        spec = (scheme or {}).get("x-amazon-apigateway-authorizer")
        if not isinstance(spec, dict):
            warnings.append(f"Unsupported security scheme {name}: no x-amazon-apigateway-authorizer, ignored")
            continue
        authorizers[name] = _authorizer(ctx, api_id, name, spec)
    for name, schema in (components.get("schemas") or {}).items():
        model_id = r.new_id(r.MODEL.id_len)
        attrs = {"ContentType": "application/json", "ModelId": model_id, "Name": name, "Schema": json.dumps(schema)}
        r.save(ctx, r.MODEL, Resource(attrs), api_id, model_id)
    for path, item in (doc.get("paths") or {}).items():
        for method, operation in (item or {}).items():
            if method != _ANY and method not in _METHODS:
                continue
            route_key = "$default" if path == "$default" else f"{'ANY' if method == _ANY else method.upper()} {path}"
            route: dict[str, Any] = {"RouteKey": route_key}
            operation = operation or {}
            if operation.get("operationId"):
                route["OperationName"] = operation["operationId"]
            spec = _resolve(doc, operation.get(_INTEGRATION))
            if isinstance(spec, dict):
                req = {_INTEGRATION_KEYS[k]: v for k, v in spec.items() if k in _INTEGRATION_KEYS}
                req["IntegrationType"] = str(req.get("IntegrationType", "")).upper()
                if req.get("PayloadFormatVersion") is not None:
                    req["PayloadFormatVersion"] = str(req["PayloadFormatVersion"])
                integration = integrations.new_integration(ctx, api_id, req)
                route["Target"] = f"integrations/{integration.attrs['IntegrationId']}"
            for requirement in operation.get("security") or []:
                for name, scopes in requirement.items():
                    if name not in authorizers:
                        warnings.append(f"Route {route_key} refers to an unknown security scheme {name}, ignored")
                        continue
                    found = r.find(ctx, r.AUTHORIZER, api_id, authorizers[name])
                    route["AuthorizerId"] = authorizers[name]
                    route["AuthorizationType"] = "JWT" if found.attrs["AuthorizerType"] == "JWT" else "CUSTOM"
                    if scopes:
                        route["AuthorizationScopes"] = list(scopes)
            routes.new_route(ctx, api_id, route)
    if warnings and fail_on_warnings:
        raise r.bad_request("Warnings found during import:\n\t" + "\n\t".join(warnings))
    return warnings


def _authorizer(ctx: RequestContext, api_id: str, name: str, spec: dict[str, Any]) -> str:
    kind = str(spec.get("type", "")).upper()
    authorizer_id = r.new_id(r.AUTHORIZER.id_len)
    source = spec.get("identitySource") or "$request.header.Authorization"
    attrs: dict[str, Any] = {
        "AuthorizerId": authorizer_id, "AuthorizerType": kind, "Name": name,
        "IdentitySource": [s.strip() for s in source.split(",")] if isinstance(source, str) else list(source),
    }
    if kind == "JWT":
        jwt = spec.get("jwtConfiguration") or {}
        attrs["JwtConfiguration"] = {"Issuer": jwt.get("issuer"), "Audience": list(jwt.get("audience") or [])}
    elif kind == "REQUEST":
        attrs.update({
            "AuthorizerUri": spec.get("authorizerUri"),
            "AuthorizerPayloadFormatVersion": str(spec.get("authorizerPayloadFormatVersion", "2.0")),
            "AuthorizerResultTtlInSeconds": int(spec.get("authorizerResultTtlInSeconds", 0)),
            "EnableSimpleResponses": bool(spec.get("enableSimpleResponses", False)),
        })
        if spec.get("authorizerCredentials"):
            attrs["AuthorizerCredentialsArn"] = spec["authorizerCredentials"]
    else:
        raise r.bad_request(f"Unsupported authorizer type {spec.get('type')} in security scheme {name}")
    r.save(ctx, r.AUTHORIZER, Resource(attrs), api_id, authorizer_id)
    return authorizer_id


def dump(source: dict[str, Any], stage: str | None, include_extensions: bool = True) -> dict[str, Any]:
    """An OpenAPI 3 document of a deployment's (or the API's current) snapshot."""
    api = source["api"]
    info: dict[str, Any] = {"title": api.get("Name", ""), "version": api.get("Version") or "1.0"}
    if api.get("Description"):
        info["description"] = api["Description"]
    doc: dict[str, Any] = {"openapi": "3.0.1", "info": info}
    if stage:
        doc["servers"] = [{"url": f"{api['ApiEndpoint']}/{'' if stage == '$default' else stage}",
                           "variables": {"basePath": {"default": "" if stage == "$default" else stage}}}]
    authorizers = source["authorizers"]
    paths: dict[str, Any] = {}
    for route in source["routes"].values():
        key = route["RouteKey"]
        method, path = ("x-amazon-apigateway-any-method", "$default") if key == "$default" else key.split(" ", 1)
        method = _ANY if method == "ANY" else method.lower()
        operation: dict[str, Any] = {"responses": {"default": {"description": "Default response for " + key}}}
        if route.get("OperationName"):
            operation["operationId"] = route["OperationName"]
        params = [p[1:-1].rstrip("+") for p in path.split("/") if p.startswith("{") and p.endswith("}")]
        if params:
            operation["parameters"] = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in params]
        authorizer = authorizers.get(route.get("AuthorizerId") or "")
        if authorizer is not None:
            operation["security"] = [{authorizer["Name"]: list(route.get("AuthorizationScopes") or [])}]
        integration = source["integrations"].get((route.get("Target") or "").removeprefix("integrations/"))
        if integration is not None and include_extensions:
            back = {v: k for k, v in _INTEGRATION_KEYS.items()}
            operation[_INTEGRATION] = {
                back[k]: (v.lower() if k == "IntegrationType" else v) for k, v in integration.items() if k in back
            }
        paths.setdefault(path, {})[method] = operation
    doc["paths"] = paths
    if include_extensions and api.get("CorsConfiguration"):
        back_cors = {v: k for k, v in _CORS_KEYS.items()}
        doc["x-amazon-apigateway-cors"] = {back_cors[k]: v for k, v in api["CorsConfiguration"].items() if k in back_cors}
    schemes = {}
    for authorizer in authorizers.values():
        scheme: dict[str, Any] = {"type": "oauth2" if authorizer["AuthorizerType"] == "JWT" else "apiKey"}
        if authorizer["AuthorizerType"] != "JWT":
            scheme.update({"name": "Unused", "in": "header"})
        if include_extensions:
            ext: dict[str, Any] = {"type": authorizer["AuthorizerType"].lower(), "identitySource": ",".join(authorizer.get("IdentitySource") or [])}
            if authorizer["AuthorizerType"] == "JWT":
                jwt = authorizer.get("JwtConfiguration") or {}
                ext["jwtConfiguration"] = {"issuer": jwt.get("Issuer"), "audience": jwt.get("Audience") or []}
            else:
                ext.update({
                    "authorizerUri": authorizer.get("AuthorizerUri"),
                    "authorizerPayloadFormatVersion": authorizer.get("AuthorizerPayloadFormatVersion"),
                    "authorizerResultTtlInSeconds": authorizer.get("AuthorizerResultTtlInSeconds", 0),
                    "enableSimpleResponses": authorizer.get("EnableSimpleResponses", False),
                })
            scheme["x-amazon-apigateway-authorizer"] = ext
        schemes[authorizer["Name"]] = scheme
    if schemes:
        doc["components"] = {"securitySchemes": schemes}
    if include_extensions:
        doc["x-amazon-apigateway-importexport-version"] = "1.0"
    return doc


def to_yaml(doc: dict[str, Any]) -> str:
    return yaml.safe_dump(doc, sort_keys=False)
