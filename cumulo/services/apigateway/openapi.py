"""OpenAPI 3 / Swagger 2 in and out, with API Gateway's `x-amazon-apigateway-*` extensions.

`export` renders an API (as deployed to a stage) as a document; `build` applies a
document to an API (ImportRestApi, PutRestApi in `overwrite` or `merge` mode): the
resource tree from `paths`, methods from the operations (`x-amazon-apigateway-any-method`
is ANY), integrations from `x-amazon-apigateway-integration` (its `responses` keyed
by selection pattern, `default` meaning none), authorizers from security schemes
carrying `x-amazon-apigateway-authorizer`, models from `definitions` or
`components.schemas`, validators, binary media types, gateway responses.
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
"""

from __future__ import annotations

from typing import Any

import orjson
import yaml

from cumulo.services.apigateway.lookup import bad_request
from cumulo.services.apigateway.models import Resource, RestApi, new_id

_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method")


def parse(body: bytes) -> dict[str, Any]:
    try:
        document = orjson.loads(body) if body.lstrip()[:1] == b"{" else yaml.safe_load(body)
    except Exception:  # noqa: BLE001 - any parse failure is the client's bad document
        raise bad_request("Invalid OpenAPI input.") from None
    if not isinstance(document, dict) or not ("swagger" in document or "openapi" in document):
        raise bad_request("Invalid OpenAPI input.")
    if not isinstance(document.get("paths", {}), dict):
        raise bad_request("Invalid OpenAPI input.")
    return document


def _ensure_path(rest_api: RestApi, path: str) -> Resource:
    node = rest_api.resources[rest_api.root_id]
    for part in [p for p in path.split("/") if p]:
        child = next((r for r in rest_api.resources.values() if r.parent_id == node.id and r.path_part == part), None)
        if child is None:
            child = Resource(new_id(6), node.id, part, f"{node.path.rstrip('/')}/{part}")
            rest_api.resources[child.id] = child
        node = child
    return node


def _schemes(document: dict[str, Any]) -> dict[str, Any]:
    return document.get("securityDefinitions") or (document.get("components") or {}).get("securitySchemes") or {}


def build(rest_api: RestApi, document: dict[str, Any], mode: str, fail_on_warnings: bool = False) -> list[str]:
    """Apply `document` to `rest_api`; the warnings AWS would give."""
    warnings: list[str] = []
    info = document.get("info") or {}
    if mode != "merge":
        root = rest_api.resources[rest_api.root_id]
        root.methods.clear()
        rest_api.resources = {root.id: root}
        rest_api.models.clear()
        rest_api.authorizers.clear()
        rest_api.validators.clear()
        rest_api.gateway_responses.clear()
        rest_api.doc_parts.clear()
        if info.get("title"):
            rest_api.info["name"] = info["title"]
        if info.get("description"):
            rest_api.info["description"] = info["description"]
        if info.get("version"):
            rest_api.info["version"] = str(info["version"])
    if document.get("x-amazon-apigateway-binary-media-types"):
        rest_api.info["binaryMediaTypes"] = list(document["x-amazon-apigateway-binary-media-types"])
    if document.get("x-amazon-apigateway-api-key-source"):
        rest_api.info["apiKeySource"] = document["x-amazon-apigateway-api-key-source"]
    if document.get("x-amazon-apigateway-policy"):
        rest_api.info["policy"] = orjson.dumps(document["x-amazon-apigateway-policy"]).decode()
    schemas = document.get("definitions") or (document.get("components") or {}).get("schemas") or {}
    for name, schema in schemas.items():
        rest_api.models[name] = {"id": new_id(6), "name": name, "contentType": "application/json",
                                 "schema": orjson.dumps(schema).decode()}
    validators_by_name: dict[str, str] = {}
    for name, spec in (document.get("x-amazon-apigateway-request-validators") or {}).items():
        vid = new_id(6)
        rest_api.validators[vid] = {"id": vid, "name": name, "validateRequestBody": bool(spec.get("validateRequestBody")),
                                    "validateRequestParameters": bool(spec.get("validateRequestParameters"))}
        validators_by_name[name] = vid
    authorizers_by_name: dict[str, str] = {}
    api_key_schemes: set[str] = set()
    for name, scheme in _schemes(document).items():
        spec = scheme.get("x-amazon-apigateway-authorizer")
        if spec is None:
            if scheme.get("type") == "apiKey" and scheme.get("name", "").lower() == "x-api-key":
                api_key_schemes.add(name)
            continue
        kind = (spec.get("type") or "token").upper()
        kind = "COGNITO_USER_POOLS" if kind == "COGNITO_USER_POOLS" else kind
        aid = new_id(6)
        authorizer: dict[str, Any] = {"id": aid, "name": name, "type": kind,
                                      "authorizerResultTtlInSeconds": spec.get("authorizerResultTtlInSeconds", 300),
                                      "authType": scheme.get("x-amazon-apigateway-authtype", "custom")}
        for member in ("authorizerUri", "authorizerCredentials", "identityValidationExpression", "providerARNs"):
            if spec.get(member) is not None:
                authorizer[member] = spec[member]
        authorizer["identitySource"] = spec.get("identitySource") or (
            f"method.request.header.{scheme.get('name') or 'Authorization'}" if kind != "REQUEST" else "")
        rest_api.authorizers[aid] = authorizer
        authorizers_by_name[name] = aid
    default_validator = document.get("x-amazon-apigateway-request-validator")
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        resource = _ensure_path(rest_api, path)
        for verb in _VERBS:
            operation = item.get(verb)
            if not isinstance(operation, dict):
                continue
            method = _method(operation, verb, item, authorizers_by_name, api_key_schemes,
                             validators_by_name, default_validator, document.get("security"), resource.id)
            if "methodIntegration" not in method:
                warnings.append(f"No integration defined for method: {verb.upper()} {path}")
            resource.methods[method["httpMethod"]] = method
    for kind, spec in (document.get("x-amazon-apigateway-gateway-responses") or {}).items():
        out: dict[str, Any] = {"responseType": kind, "defaultResponse": False,
                               "responseParameters": spec.get("responseParameters") or {},
                               "responseTemplates": spec.get("responseTemplates") or {}}
        if spec.get("statusCode"):
            out["statusCode"] = str(spec["statusCode"])
        rest_api.gateway_responses[kind] = out
    for given in ((document.get("x-amazon-apigateway-documentation") or {}).get("documentationParts") or []):
        location = given.get("location") or {}
        if location.get("type"):
            same = next((p for p in rest_api.doc_parts.values() if p["location"] == location), None)
            part_id = same["id"] if same else new_id(6)
            rest_api.doc_parts[part_id] = {"id": part_id, "location": location,
                                           "properties": orjson.dumps(given.get("properties") or {}).decode()}
    if warnings and fail_on_warnings:
        raise bad_request("Warnings found during import:\n\t" + "\n\t".join(warnings))
    return warnings


def _method(operation: dict[str, Any], verb: str, item: dict[str, Any], authorizers: dict[str, str], key_schemes: set[str],
            validators: dict[str, str], default_validator: str | None, top_security: Any, resource_id: str) -> dict[str, Any]:
    name = "ANY" if verb == "x-amazon-apigateway-any-method" else verb.upper()
    method: dict[str, Any] = {"httpMethod": name, "authorizationType": "NONE", "apiKeyRequired": False}
    if operation.get("operationId"):
        method["operationName"] = operation["operationId"]
    for requirement in operation.get("security", top_security) or []:
        for scheme, scopes in requirement.items():
            if scheme in key_schemes:
                method["apiKeyRequired"] = True
            elif scheme in authorizers:
                method["authorizerId"] = authorizers[scheme]
                method["authorizationType"] = "CUSTOM"
                if scopes:
                    method["authorizationScopes"] = list(scopes)
            elif scheme == "sigv4":
                method["authorizationType"] = "AWS_IAM"
    parameters: dict[str, bool] = {}
    for param in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        where = {"path": "path", "query": "querystring", "header": "header"}.get(param.get("in"))
        if where:
            parameters[f"method.request.{where}.{param['name']}"] = bool(param.get("required"))
    if parameters:
        method["requestParameters"] = parameters
    validator = operation.get("x-amazon-apigateway-request-validator") or default_validator
    if validator in validators:
        method["requestValidatorId"] = validators[validator]
    responses: dict[str, Any] = {}
    for code, spec in (operation.get("responses") or {}).items():
        if str(code).isdigit():
            headers = (spec or {}).get("headers") or {}
            out: dict[str, Any] = {"statusCode": str(code)}
            if headers:
                out["responseParameters"] = {f"method.response.header.{h}": False for h in headers}
            responses[str(code)] = out
    if responses:
        method["methodResponses"] = responses
    spec = operation.get("x-amazon-apigateway-integration")
    if isinstance(spec, dict):
        kind = (spec.get("type") or "").upper()
        integration: dict[str, Any] = {
            "type": kind, "passthroughBehavior": (spec.get("passthroughBehavior") or "when_no_match").upper(),
            "timeoutInMillis": spec.get("timeoutInMillis", 29000), "cacheNamespace": spec.get("cacheNamespace") or resource_id,
            "cacheKeyParameters": spec.get("cacheKeyParameters") or [], "connectionType": spec.get("connectionType") or "INTERNET",
        }
        if spec.get("httpMethod"):
            integration["httpMethod"] = spec["httpMethod"].upper()
        for member in ("uri", "credentials", "requestParameters", "requestTemplates", "contentHandling", "connectionId", "tlsConfig"):
            if spec.get(member) is not None:
                integration[member] = spec[member]
        answers: dict[str, Any] = {}
        for pattern, response in (spec.get("responses") or {}).items():
            out = {"statusCode": str(response.get("statusCode", "200"))}
            if pattern != "default":
                out["selectionPattern"] = pattern
            for member in ("responseParameters", "responseTemplates", "contentHandling"):
                if response.get(member) is not None:
                    out[member] = response[member]
            answers[out["statusCode"]] = out
        if answers:
            integration["integrationResponses"] = answers
        method["methodIntegration"] = integration
    return method


# ------------------------------------------------------------ export


def export(rest_api: RestApi, snapshot: dict[str, Any], stage: str, host: str, oas3: bool, extensions: set[str]) -> dict[str, Any]:
    """The API as deployed to `stage`, as an OpenAPI 3.0.1 or Swagger 2.0 document."""
    info = snapshot["info"]
    with_integrations = "integrations" in extensions or "apigateway" in extensions
    with_authorizers = "authorizers" in extensions or "apigateway" in extensions
    resources: dict[str, Resource] = snapshot["resources"]
    authorizers: dict[str, dict[str, Any]] = snapshot["authorizers"]
    ref = "#/components/schemas/" if oas3 else "#/definitions/"
    paths: dict[str, Any] = {}
    schemes: dict[str, Any] = {}
    uses_key = False
    for resource in sorted(resources.values(), key=lambda r: r.path):
        if not resource.methods:
            continue
        item: dict[str, Any] = {}
        params = [p[1:-1].rstrip("+") for p in resource.path.split("/") if p.startswith("{")]
        for verb, method in resource.methods.items():
            operation: dict[str, Any] = {}
            parameters = [{"name": p, "in": "path", "required": True, **({"schema": {"type": "string"}} if oas3 else {"type": "string"})}
                          for p in params]
            for name, required in (method.get("requestParameters") or {}).items():
                _, _, where, pname = name.split(".", 3)
                if where in ("querystring", "header"):
                    place = "query" if where == "querystring" else "header"
                    parameters.append({"name": pname, "in": place, "required": bool(required),
                                       **({"schema": {"type": "string"}} if oas3 else {"type": "string"})})
            if parameters:
                operation["parameters"] = parameters
            responses: dict[str, Any] = {}
            for code, response in (method.get("methodResponses") or {}).items():
                out: dict[str, Any] = {"description": f"{code} response"}
                models = response.get("responseModels") or {}
                if models:
                    if oas3:
                        out["content"] = {ct: {"schema": {"$ref": ref + m}} for ct, m in models.items()}
                    else:
                        out["schema"] = {"$ref": ref + next(iter(models.values()))}
                headers = [h.split(".", 3)[3] for h in response.get("responseParameters") or {}]
                if headers:
                    out["headers"] = {h: ({"schema": {"type": "string"}} if oas3 else {"type": "string"}) for h in headers}
                responses[code] = out
            operation["responses"] = responses or {"200": {"description": "200 response"}}
            security: list[dict[str, list[str]]] = []
            if method.get("apiKeyRequired"):
                security.append({"api_key": []})
                uses_key = True
            if method.get("authorizationType") in ("CUSTOM", "COGNITO_USER_POOLS") and method.get("authorizerId") in authorizers:
                authorizer = authorizers[method["authorizerId"]]
                security.append({authorizer["name"]: list(method.get("authorizationScopes") or [])})
                schemes[authorizer["name"]] = _scheme(authorizer, with_authorizers)
            elif method.get("authorizationType") == "AWS_IAM":
                security.append({"sigv4": []})
                schemes["sigv4"] = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
            if security:
                operation["security"] = security
            integration = method.get("methodIntegration")
            if with_integrations and integration:
                operation["x-amazon-apigateway-integration"] = _integration(integration)
            item["x-amazon-apigateway-any-method" if verb == "ANY" else verb.lower()] = operation
        paths[resource.path] = item
    if uses_key:
        schemes["api_key"] = {"type": "apiKey", "name": "x-api-key", "in": "header"}
    schemas = {name: orjson.loads(m.get("schema") or "{}") for name, m in snapshot["models"].items()}
    document: dict[str, Any]
    title = {"title": info.get("name"), "version": info.get("version") or "1.0"}
    if info.get("description"):
        title["description"] = info["description"]
    if oas3:
        document = {"openapi": "3.0.1", "info": title, "servers": [{"url": f"https://{host}/{{basePath}}",
                    "variables": {"basePath": {"default": stage}}}], "paths": paths,
                    "components": {"schemas": schemas, **({"securitySchemes": schemes} if schemes else {})}}
    else:
        document = {"swagger": "2.0", "info": title, "host": host, "basePath": f"/{stage}", "schemes": ["https"], "paths": paths,
                    "definitions": schemas, **({"securityDefinitions": schemes} if schemes else {})}
    if "apigateway" in extensions or with_integrations:
        if info.get("binaryMediaTypes"):
            document["x-amazon-apigateway-binary-media-types"] = info["binaryMediaTypes"]
        if snapshot["gateway_responses"]:
            document["x-amazon-apigateway-gateway-responses"] = {
                k: {m: v for m, v in r.items() if m in ("statusCode", "responseParameters", "responseTemplates")}
                for k, r in snapshot["gateway_responses"].items()}
    return document


def _scheme(authorizer: dict[str, Any], extensions: bool) -> dict[str, Any]:
    header = (authorizer.get("identitySource") or "method.request.header.Authorization").split(",")[0].split(".")[-1]
    out: dict[str, Any] = {"type": "apiKey", "name": header, "in": "header",
                           "x-amazon-apigateway-authtype": authorizer.get("authType") or (
                               "cognito_user_pools" if authorizer["type"] == "COGNITO_USER_POOLS" else "custom")}
    if extensions:
        spec: dict[str, Any] = {"type": authorizer["type"].lower()}
        for member in ("authorizerUri", "authorizerCredentials", "identitySource", "identityValidationExpression",
                       "authorizerResultTtlInSeconds", "providerARNs"):
            if authorizer.get(member) is not None:
                spec[member] = authorizer[member]
        out["x-amazon-apigateway-authorizer"] = spec
    return out


def _integration(integration: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": integration["type"].lower()}
    for member in ("httpMethod", "uri", "credentials", "requestParameters", "requestTemplates", "passthroughBehavior",
                   "contentHandling", "timeoutInMillis", "cacheNamespace", "cacheKeyParameters", "connectionType", "connectionId"):
        if integration.get(member) not in (None, [], {}):
            out[member] = integration[member].lower() if member == "passthroughBehavior" else integration[member]
    answers = {}
    for code, response in (integration.get("integrationResponses") or {}).items():
        spec = {"statusCode": code, **{m: response[m] for m in ("responseParameters", "responseTemplates", "contentHandling") if m in response}}
        answers[response.get("selectionPattern") or "default"] = spec
    if answers:
        out["responses"] = answers
    return out
