"""Methods, method responses, integrations and integration responses (Put/Get/Update/Delete).

They are kept as their wire dicts inside the resource (`Resource.methods[verb]`), with
`methodResponses` and `methodIntegration.integrationResponses` nested as AWS answers
GetMethod.
"""

from __future__ import annotations

import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.apigateway import lookup, patch
from cumulo.services.apigateway.lookup import bad_request, conflict, not_found

VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"})
AUTH_TYPES = frozenset({"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"})
INTEGRATION_TYPES = frozenset({"HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"})
_STATUS = re.compile(r"^[1-5]\d\d$")


def _verb(req: dict[str, Any]) -> str:
    verb = req["httpMethod"].upper()
    if verb not in VERBS:
        raise bad_request("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")
    return verb


def _check_method(rest_api: Any, method: dict[str, Any]) -> None:
    kind = method.get("authorizationType")
    if kind not in AUTH_TYPES:
        raise bad_request(f"Invalid authorization type specified: {kind}. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS")
    if kind in ("CUSTOM", "COGNITO_USER_POOLS"):
        if not method.get("authorizerId"):
            raise bad_request("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")
        if method["authorizerId"] not in rest_api.authorizers:
            raise bad_request("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")
    validator = method.get("requestValidatorId")
    if validator and validator not in rest_api.validators:
        raise bad_request("Invalid Request Validator identifier specified")
    for ct, model in (method.get("requestModels") or {}).items():
        if model not in rest_api.models and model not in ("Empty", "Error"):
            raise bad_request(f"Invalid model identifier specified: {model}")


def put_method(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    resource = lookup.resource(rest_api, req["resourceId"])
    verb = _verb(req)
    if verb in resource.methods:
        raise conflict("Method already exists for this resource")
    method: dict[str, Any] = {
        "httpMethod": verb,
        "authorizationType": req["authorizationType"],
        "apiKeyRequired": bool(req.get("apiKeyRequired")),
    }
    for member in ("authorizerId", "operationName", "requestParameters", "requestModels", "requestValidatorId", "authorizationScopes"):
        if req.get(member) is not None:
            method[member] = req[member]
    _check_method(rest_api, method)
    resource.methods[verb] = method
    lookup.touch(ctx, rest_api)
    return method


def get_method(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.method(lookup.api(ctx, req["restApiId"]), req["resourceId"], req["httpMethod"].upper())


_METHOD_MEMBERS = frozenset({
    "authorizationType", "authorizerId", "apiKeyRequired", "operationName", "requestValidatorId", "authorizationScopes",
})


def update_method(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    method = lookup.method(rest_api, req["resourceId"], req["httpMethod"].upper())
    changed = dict(method)
    patch.apply(changed, req.get("patchOperations"), _METHOD_MEMBERS, nested={"requestParameters", "requestModels"})
    if isinstance(changed.get("authorizationScopes"), str):
        changed["authorizationScopes"] = [changed["authorizationScopes"]]
    _check_method(rest_api, changed)
    method.clear()
    method.update(changed)
    lookup.touch(ctx, rest_api)
    return method


def delete_method(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    resource = lookup.resource(rest_api, req["resourceId"])
    lookup.method(rest_api, resource.id, req["httpMethod"].upper())
    del resource.methods[req["httpMethod"].upper()]
    lookup.touch(ctx, rest_api)
    return {}


# ------------------------------------------------------------ method responses


def _status(req: dict[str, Any]) -> str:
    code = req["statusCode"]
    if not _STATUS.match(code):
        raise bad_request("Invalid StatusCode specified")
    return code


def put_method_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    method = lookup.method(rest_api, req["resourceId"], req["httpMethod"].upper())
    code = _status(req)
    responses = method.setdefault("methodResponses", {})
    response: dict[str, Any] = {"statusCode": code}
    for member in ("responseParameters", "responseModels"):
        if req.get(member) is not None:
            response[member] = req[member]
    responses[code] = response
    lookup.touch(ctx, rest_api)
    return response


def _method_response(ctx: RequestContext, req: dict[str, Any]) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    rest_api = lookup.api(ctx, req["restApiId"])
    method = lookup.method(rest_api, req["resourceId"], req["httpMethod"].upper())
    found = (method.get("methodResponses") or {}).get(req["statusCode"])
    if found is None:
        raise not_found("Invalid Response status code specified")
    return rest_api, method, found


def get_method_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _method_response(ctx, req)[2]


def update_method_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api, _, response = _method_response(ctx, req)
    patch.apply(response, req.get("patchOperations"), frozenset(), nested={"responseParameters", "responseModels"})
    lookup.touch(ctx, rest_api)
    return response


def delete_method_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api, method, _ = _method_response(ctx, req)
    del method["methodResponses"][req["statusCode"]]
    lookup.touch(ctx, rest_api)
    return {}


# ------------------------------------------------------------ integrations


def _check_integration(integration: dict[str, Any]) -> None:
    kind = integration.get("type")
    if kind not in INTEGRATION_TYPES:
        raise bad_request(f"Invalid integration type specified: {kind}")
    if kind == "MOCK":
        return
    if not integration.get("httpMethod"):
        raise bad_request("Enumeration value for HttpMethod must be non-empty")
    uri = integration.get("uri") or ""
    if kind in ("HTTP", "HTTP_PROXY"):
        if not uri.startswith(("http://", "https://")):
            raise bad_request("Invalid HTTP endpoint specified for URI")
    elif not uri.startswith("arn:"):
        raise bad_request("AWS ARN for integration must contain path or action")
    elif kind == "AWS_PROXY" and ":lambda:path/" not in uri:
        raise bad_request("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.")
    timeout = integration.get("timeoutInMillis", 29000)
    if not 50 <= timeout <= 29000:
        raise bad_request("Timeout should be between 50 ms and 29000 ms")


def _check_link(ctx: RequestContext, integration: dict[str, Any]) -> None:
    """A VPC_LINK integration names an existing VPC link (or a stage variable that will)."""
    if integration.get("connectionType") != "VPC_LINK":
        return
    link = integration.get("connectionId") or ""
    if not link:
        raise bad_request("ConnectionId must be specified for connectionType VPC_LINK")
    if not link.startswith("${stageVariables.") and link not in lookup.table(ctx, "vpc_links"):
        raise bad_request(f"Invalid VPC link identifier specified: {link}")


def put_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    method = lookup.method(rest_api, req["resourceId"], req["httpMethod"].upper())
    integration: dict[str, Any] = {
        "type": req["type"],
        "passthroughBehavior": req.get("passthroughBehavior") or "WHEN_NO_MATCH",
        "timeoutInMillis": req.get("timeoutInMillis") or 29000,
        "cacheNamespace": req.get("cacheNamespace") or req["resourceId"],
        "cacheKeyParameters": req.get("cacheKeyParameters") or [],
        "connectionType": req.get("connectionType") or "INTERNET",
    }
    if req.get("integrationHttpMethod"):
        integration["httpMethod"] = req["integrationHttpMethod"].upper()
    for member in ("uri", "connectionId", "credentials", "requestParameters", "requestTemplates", "contentHandling", "tlsConfig",
                   "responseTransferMode", "integrationTarget"):
        if req.get(member) is not None:
            integration[member] = req[member]
    if integration["passthroughBehavior"] not in ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"):
        raise bad_request("Invalid passthrough behavior specified")
    _check_integration(integration)
    _check_link(ctx, integration)
    old = method.get("methodIntegration") or {}
    if old.get("integrationResponses"):
        integration["integrationResponses"] = old["integrationResponses"]
    method["methodIntegration"] = integration
    lookup.touch(ctx, rest_api)
    return integration


def get_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.integration(lookup.api(ctx, req["restApiId"]), req["resourceId"], req["httpMethod"].upper())


_INTEGRATION_MEMBERS = frozenset({
    "type", "httpMethod", "uri", "connectionType", "connectionId", "credentials", "passthroughBehavior",
    "cacheNamespace", "cacheKeyParameters", "contentHandling", "timeoutInMillis", "tlsConfig", "responseTransferMode",
    "integrationTarget",
})


def update_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    integration = lookup.integration(rest_api, req["resourceId"], req["httpMethod"].upper())
    changed = dict(integration)
    patch.apply(changed, req.get("patchOperations"), _INTEGRATION_MEMBERS, nested={"requestParameters", "requestTemplates", "tlsConfig"})
    _check_integration(changed)
    _check_link(ctx, changed)
    integration.clear()
    integration.update(changed)
    lookup.touch(ctx, rest_api)
    return integration


def delete_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    method = lookup.method(rest_api, req["resourceId"], req["httpMethod"].upper())
    lookup.integration(rest_api, req["resourceId"], req["httpMethod"].upper())
    del method["methodIntegration"]
    lookup.touch(ctx, rest_api)
    return {}


def put_integration_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    integration = lookup.integration(rest_api, req["resourceId"], req["httpMethod"].upper())
    code = _status(req)
    response: dict[str, Any] = {"statusCode": code}
    for member in ("selectionPattern", "responseParameters", "responseTemplates", "contentHandling"):
        if req.get(member) is not None:
            response[member] = req[member]
    if response.get("selectionPattern"):
        try:
            re.compile(response["selectionPattern"])
        except re.error:
            raise bad_request(f"Invalid selection pattern specified: {response['selectionPattern']}") from None
    integration.setdefault("integrationResponses", {})[code] = response
    lookup.touch(ctx, rest_api)
    return response


def _integration_response(ctx: RequestContext, req: dict[str, Any]) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    rest_api = lookup.api(ctx, req["restApiId"])
    integration = lookup.integration(rest_api, req["resourceId"], req["httpMethod"].upper())
    found = (integration.get("integrationResponses") or {}).get(req["statusCode"])
    if found is None:
        raise not_found("Invalid Response status code specified")
    return rest_api, integration, found


def get_integration_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _integration_response(ctx, req)[2]


def update_integration_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api, _, response = _integration_response(ctx, req)
    patch.apply(response, req.get("patchOperations"), frozenset({"selectionPattern", "contentHandling"}),
                nested={"responseParameters", "responseTemplates"})
    lookup.touch(ctx, rest_api)
    return response


def delete_integration_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api, integration, _ = _integration_response(ctx, req)
    del integration["integrationResponses"][req["statusCode"]]
    lookup.touch(ctx, rest_api)
    return {}
