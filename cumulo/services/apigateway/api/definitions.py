"""An API's definitions beside its tree: models, request validators, authorizers,
gateway responses and documentation parts and versions."""

from __future__ import annotations

import copy
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.services.apigateway import lookup, patch, responses
from cumulo.services.apigateway.lookup import bad_request, conflict, not_found
from cumulo.services.apigateway.models import RestApi, new_id

# ------------------------------------------------------------ models


def _check_schema(schema: str | None) -> None:
    if schema is None:
        return
    try:
        parsed = orjson.loads(schema)
    except orjson.JSONDecodeError:
        raise bad_request("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]") from None
    if not isinstance(parsed, dict):
        raise bad_request("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]")


def create_model(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    name = req["name"]
    if not name.isalnum():
        raise bad_request("Model name must be alphanumeric")
    if name in rest_api.models:
        raise conflict("Model name already exists for this REST API")
    _check_schema(req.get("schema"))
    model: dict[str, Any] = {"id": new_id(6), "name": name, "contentType": req["contentType"]}
    for member in ("description", "schema"):
        if req.get(member) is not None:
            model[member] = req[member]
    rest_api.models[name] = model
    lookup.touch(ctx, rest_api)
    return model


def _model(rest_api: RestApi, name: str) -> dict[str, Any]:
    found = rest_api.models.get(name)
    if found is None:
        raise not_found(f"Invalid model name specified: {name}")
    return found


def get_model(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _model(lookup.api(ctx, req["restApiId"]), req["modelName"])


def get_models(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    return lookup.page(list(rest_api.models.values()), req)


def update_model(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    model = _model(rest_api, req["modelName"])
    changed = dict(model)
    patch.apply(changed, req.get("patchOperations"), frozenset({"schema", "description"}))
    _check_schema(changed.get("schema"))
    model.update(changed)
    lookup.touch(ctx, rest_api)
    return model


def delete_model(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    _model(rest_api, req["modelName"])
    for resource in rest_api.resources.values():
        for method in resource.methods.values():
            if req["modelName"] in (method.get("requestModels") or {}).values():
                raise conflict(f"Cannot delete model '{req['modelName']}', is referenced in method request: {resource.path}/{method['httpMethod']}")
    del rest_api.models[req["modelName"]]
    lookup.touch(ctx, rest_api)
    return {}


def get_model_template(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A mapping template that renders a JSON value of the model's schema from `$input`."""
    model = _model(lookup.api(ctx, req["restApiId"]), req["modelName"])
    schema = orjson.loads(model.get("schema") or "{}")
    return {"value": _template(schema, "$input.path('$')", 0)}


def _template(schema: dict[str, Any], source: str, depth: int) -> str:
    kind = schema.get("type")
    if kind == "object" and depth < 5:
        members = [f'  "{name}" : {_template(sub, f"{source}.{name}", depth + 1)}' for name, sub in (schema.get("properties") or {}).items()]
        return "{\n" + ",\n".join(members) + "\n}"
    if kind == "array" and depth < 5:
        item = _template(schema.get("items") or {}, "$elem", depth + 1)
        return f"[\n#foreach($elem in {source})\n{item}#if($foreach.hasNext),#end\n#end\n]"
    if kind in ("string",):
        return f'"{source}"'
    return f"{source}"


# ------------------------------------------------------------ request validators


def create_request_validator(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    validator: dict[str, Any] = {
        "id": new_id(6),
        "name": req.get("name") or "",
        "validateRequestBody": bool(req.get("validateRequestBody")),
        "validateRequestParameters": bool(req.get("validateRequestParameters")),
    }
    rest_api.validators[validator["id"]] = validator
    lookup.touch(ctx, rest_api)
    return validator


def _validator(rest_api: RestApi, validator_id: str) -> dict[str, Any]:
    found = rest_api.validators.get(validator_id)
    if found is None:
        raise not_found("Invalid Request Validator identifier specified")
    return found


def get_request_validator(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _validator(lookup.api(ctx, req["restApiId"]), req["requestValidatorId"])


def get_request_validators(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.page(list(lookup.api(ctx, req["restApiId"]).validators.values()), req)


def update_request_validator(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    validator = _validator(rest_api, req["requestValidatorId"])
    patch.apply(validator, req.get("patchOperations"), frozenset({"name", "validateRequestBody", "validateRequestParameters"}))
    lookup.touch(ctx, rest_api)
    return validator


def delete_request_validator(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    _validator(rest_api, req["requestValidatorId"])
    del rest_api.validators[req["requestValidatorId"]]
    lookup.touch(ctx, rest_api)
    return {}


# ------------------------------------------------------------ authorizers

_AUTHORIZER_MEMBERS = frozenset({
    "name", "type", "providerARNs", "authType", "authorizerUri", "authorizerCredentials", "identitySource",
    "identityValidationExpression", "authorizerResultTtlInSeconds",
})


def _check_authorizer(authorizer: dict[str, Any]) -> None:
    kind = authorizer.get("type")
    if kind not in ("TOKEN", "REQUEST", "COGNITO_USER_POOLS"):
        raise bad_request(f"Invalid authorizer type specified: {kind}")
    if kind == "COGNITO_USER_POOLS" and not authorizer.get("providerARNs"):
        raise bad_request("ProviderARNs need to be specified for COGNITO_USER_POOLS authorizer")
    if kind in ("TOKEN", "REQUEST") and not authorizer.get("authorizerUri"):
        raise bad_request("Authorizer URI must be specified for authorizer type " + kind)
    if kind == "TOKEN" and not (authorizer.get("identitySource") or "").startswith("method.request.header."):
        raise bad_request("Invalid identity source specified: it must be a header (method.request.header.<name>) for TOKEN authorizers")
    ttl = authorizer.get("authorizerResultTtlInSeconds", 300)
    if not 0 <= ttl <= 3600:
        raise bad_request("Invalid authorizer TTL specified: must be between 0 and 3600 seconds")


def create_authorizer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    authorizer: dict[str, Any] = {"id": new_id(6), "name": req["name"], "type": req["type"]}
    for member in _AUTHORIZER_MEMBERS - {"name", "type"}:
        if req.get(member) is not None:
            authorizer[member] = req[member]
    if req["type"] == "TOKEN" and "identitySource" not in authorizer:
        authorizer["identitySource"] = "method.request.header.Authorization"
    authorizer.setdefault("authorizerResultTtlInSeconds", 300)
    _check_authorizer(authorizer)
    rest_api.authorizers[authorizer["id"]] = authorizer
    lookup.touch(ctx, rest_api)
    return authorizer


def _authorizer(rest_api: RestApi, authorizer_id: str) -> dict[str, Any]:
    found = rest_api.authorizers.get(authorizer_id)
    if found is None:
        raise not_found("Invalid Authorizer identifier specified")
    return found


def get_authorizer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _authorizer(lookup.api(ctx, req["restApiId"]), req["authorizerId"])


def get_authorizers(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.page(list(lookup.api(ctx, req["restApiId"]).authorizers.values()), req)


def update_authorizer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    authorizer = _authorizer(rest_api, req["authorizerId"])
    changed = copy.deepcopy(authorizer)
    for op in req.get("patchOperations") or []:
        if op.get("path", "").startswith("/providerARNs") and op.get("op") == "add":
            changed.setdefault("providerARNs", []).append(op.get("value"))
        elif op.get("path", "").startswith("/providerARNs") and op.get("op") == "remove":
            changed["providerARNs"] = [a for a in changed.get("providerARNs") or [] if a != op.get("value")]
        else:
            patch.apply(changed, [op], _AUTHORIZER_MEMBERS)
    _check_authorizer(changed)
    authorizer.clear()
    authorizer.update(changed)
    lookup.touch(ctx, rest_api)
    return authorizer


def delete_authorizer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    _authorizer(rest_api, req["authorizerId"])
    for resource in rest_api.resources.values():
        if any(m.get("authorizerId") == req["authorizerId"] for m in resource.methods.values()):
            raise conflict("Cannot delete authorizer, is referenced in method: " + resource.path)
    del rest_api.authorizers[req["authorizerId"]]
    lookup.touch(ctx, rest_api)
    return {}


# ------------------------------------------------------------ gateway responses


def _kind(req: dict[str, Any]) -> str:
    kind = req["responseType"]
    if kind not in responses.DEFAULT_STATUS:
        raise bad_request(f"Invalid response type specified: {kind}")
    return kind


def put_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    kind = _kind(req)
    out: dict[str, Any] = {"responseType": kind, "defaultResponse": False,
                           "responseParameters": req.get("responseParameters") or {},
                           "responseTemplates": req.get("responseTemplates") or {}}
    if req.get("statusCode"):
        out["statusCode"] = req["statusCode"]
    elif responses.DEFAULT_STATUS[kind]:
        out["statusCode"] = responses.DEFAULT_STATUS[kind]
    rest_api.gateway_responses[kind] = out
    lookup.touch(ctx, rest_api)
    return out


def get_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    kind = _kind(req)
    return rest_api.gateway_responses.get(kind) or responses.default(kind)


def get_gateway_responses(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    items = [rest_api.gateway_responses.get(k) or responses.default(k) for k in responses.DEFAULT_STATUS]
    return lookup.page(items, {**req, "limit": req.get("limit") or 500})


def update_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    kind = _kind(req)
    out = copy.deepcopy(rest_api.gateway_responses.get(kind) or responses.default(kind))
    patch.apply(out, req.get("patchOperations"), frozenset({"statusCode"}), nested={"responseParameters", "responseTemplates"})
    out["defaultResponse"] = False
    rest_api.gateway_responses[kind] = out
    lookup.touch(ctx, rest_api)
    return out


def delete_gateway_response(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    kind = _kind(req)
    if kind not in rest_api.gateway_responses:
        raise not_found("Invalid Gateway Response identifier specified")
    del rest_api.gateway_responses[kind]
    lookup.touch(ctx, rest_api)
    return {}


# ------------------------------------------------------------ documentation

_LOCATION_TYPES = frozenset({
    "API", "AUTHORIZER", "MODEL", "RESOURCE", "METHOD", "PATH_PARAMETER", "QUERY_PARAMETER", "REQUEST_HEADER",
    "REQUEST_BODY", "RESPONSE", "RESPONSE_HEADER", "RESPONSE_BODY",
})


def _part(location: dict[str, Any], properties: str) -> dict[str, Any]:
    if location.get("type") not in _LOCATION_TYPES:
        raise bad_request(f"Invalid documentation location type: {location.get('type')}")
    try:
        orjson.loads(properties)
    except orjson.JSONDecodeError:
        raise bad_request("Documentation part properties must be a valid JSON object") from None
    return {"location": location, "properties": properties}


def create_documentation_part(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    part = _part(req["location"], req["properties"])
    for existing in rest_api.doc_parts.values():
        if existing["location"] == part["location"]:
            raise conflict(f"Documentation part already exists for the location: {existing['id']}")
    part["id"] = new_id(6)
    rest_api.doc_parts[part["id"]] = part
    lookup.touch(ctx, rest_api)
    return part


def _doc_part(rest_api: RestApi, part_id: str) -> dict[str, Any]:
    found = rest_api.doc_parts.get(part_id)
    if found is None:
        raise not_found("Invalid Documentation part identifier specified")
    return found


def get_documentation_part(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _doc_part(lookup.api(ctx, req["restApiId"]), req["documentationPartId"])


def get_documentation_parts(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    parts = list(lookup.api(ctx, req["restApiId"]).doc_parts.values())
    if req.get("type"):
        parts = [p for p in parts if p["location"]["type"] == req["type"]]
    if req.get("path"):
        parts = [p for p in parts if p["location"].get("path") == req["path"]]
    if req.get("nameQuery"):
        parts = [p for p in parts if req["nameQuery"] in (p["location"].get("name") or "")]
    return lookup.page(parts, req)


def update_documentation_part(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    part = _doc_part(rest_api, req["documentationPartId"])
    patch.apply(part, req.get("patchOperations"), frozenset({"properties"}))
    lookup.touch(ctx, rest_api)
    return part


def delete_documentation_part(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    _doc_part(rest_api, req["documentationPartId"])
    del rest_api.doc_parts[req["documentationPartId"]]
    lookup.touch(ctx, rest_api)
    return {}


def import_documentation_parts(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Body: an OpenAPI document whose `x-amazon-apigateway-documentation` holds
    `documentationParts` ([{location, properties}]); `mode` merge or overwrite."""
    rest_api = lookup.api(ctx, req["restApiId"])
    body = req.get("body") or b""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise bad_request("Invalid documentation parts specified: the body must be a JSON OpenAPI document") from None
    parts = ((document.get("x-amazon-apigateway-documentation") or {}).get("documentationParts")) or []
    if req.get("mode") == "overwrite":
        rest_api.doc_parts.clear()
    ids, warnings = [], []
    for given in parts:
        try:
            part = _part(given.get("location") or {}, orjson.dumps(given.get("properties") or {}).decode())
        except Exception as error:  # noqa: BLE001 - a bad part is a warning, as on AWS
            warnings.append(str(error))
            continue
        same = next((p for p in rest_api.doc_parts.values() if p["location"] == part["location"]), None)
        part["id"] = same["id"] if same else new_id(6)
        rest_api.doc_parts[part["id"]] = part
        ids.append(part["id"])
    lookup.touch(ctx, rest_api)
    return {"ids": ids, "warnings": warnings}


def create_documentation_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    version = req["documentationVersion"]
    if version in rest_api.doc_versions:
        raise conflict(f"Documentation version already exists: {version}")
    out: dict[str, Any] = {"version": version, "createdDate": ctx.clock.now(), "parts": copy.deepcopy(rest_api.doc_parts)}
    if req.get("description") is not None:
        out["description"] = req["description"]
    if req.get("stageName"):
        stage = rest_api.stages.get(req["stageName"])
        if stage is None:
            raise not_found("Invalid Stage identifier specified")
        stage["documentationVersion"] = version
    rest_api.doc_versions[version] = out
    lookup.touch(ctx, rest_api)
    return _version_wire(out)


def _version_wire(version: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in version.items() if k != "parts"}


def _doc_version(rest_api: RestApi, version: str) -> dict[str, Any]:
    found = rest_api.doc_versions.get(version)
    if found is None:
        raise not_found("Invalid Documentation version identifier specified")
    return found


def get_documentation_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _version_wire(_doc_version(lookup.api(ctx, req["restApiId"]), req["documentationVersion"]))


def get_documentation_versions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    versions = [_version_wire(v) for v in lookup.api(ctx, req["restApiId"]).doc_versions.values()]
    return lookup.page(versions, req)


def update_documentation_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    version = _doc_version(rest_api, req["documentationVersion"])
    patch.apply(version, req.get("patchOperations"), frozenset({"description"}))
    lookup.touch(ctx, rest_api)
    return _version_wire(version)


def delete_documentation_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    _doc_version(rest_api, req["documentationVersion"])
    del rest_api.doc_versions[req["documentationVersion"]]
    lookup.touch(ctx, rest_api)
    return {}
