"""Documents in and out: ImportRestApi, PutRestApi, GetExport, GetSdk and the SDK types."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import orjson
import yaml

from cumulo.core.context import RequestContext
from cumulo.services.apigateway import lookup, openapi
from cumulo.services.apigateway.api.deployments import stage_of
from cumulo.services.apigateway.api.restapis import new_api
from cumulo.services.apigateway.lookup import bad_request, not_found


def import_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    document = openapi.parse(req.get("body") or b"")
    parameters = req.get("parameters") or {}
    types = parameters.get("endpointConfigurationTypes")
    name = (document.get("info") or {}).get("title") or "imported"
    rest_api = new_api(ctx, name, {"endpointConfiguration": {"types": [types]}} if types else {})
    warnings = openapi.build(rest_api, document, "overwrite", bool(req.get("failOnWarnings")))
    out = rest_api.wire()
    if warnings:
        out["warnings"] = warnings
    return out


def put_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    mode = req.get("mode") or "merge"
    if mode not in ("merge", "overwrite"):
        raise bad_request(f"Invalid mode specified: {mode}. Valid options are merge,overwrite")
    document = openapi.parse(req.get("body") or b"")
    warnings = openapi.build(rest_api, document, mode, bool(req.get("failOnWarnings")))
    lookup.touch(ctx, rest_api)
    out = rest_api.wire()
    if warnings:
        out["warnings"] = warnings
    return out


def _deployed(ctx: RequestContext, req: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    rest_api = lookup.api(ctx, req["restApiId"])
    stage = stage_of(rest_api, req["stageName"])
    deployment = rest_api.deployments.get(stage["deploymentId"])
    if deployment is None:
        raise not_found("Invalid Deployment identifier specified")
    return rest_api, deployment.snapshot


def get_export(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    kind = req["exportType"].lower()
    if kind not in ("oas30", "swagger"):
        raise bad_request(f"Invalid export type specified: {req['exportType']}. Valid options are swagger,oas30")
    rest_api, snapshot = _deployed(ctx, req)
    extensions = set(((req.get("parameters") or {}).get("extensions") or "").split(","))
    host = f"{rest_api.id}.execute-api.{ctx.region}.amazonaws.com"
    document = openapi.export(rest_api, snapshot, req["stageName"], host, kind == "oas30", extensions)
    accepts = (req.get("accepts") or "application/json").lower()
    name = f"{rest_api.info['name']}-{req['stageName']}-{kind}"
    if "yaml" in accepts:
        return {"contentType": "application/yaml", "contentDisposition": f'attachment; filename="{name}.yaml"',
                "body": yaml.safe_dump(document, sort_keys=False).encode()}
    return {"contentType": "application/json", "contentDisposition": f'attachment; filename="{name}.json"',
            "body": orjson.dumps(document, option=orjson.OPT_INDENT_2)}


# ------------------------------------------------------------ SDKs

_SDK_TYPES = {
    "javascript": ("JavaScript", []),
    "android": ("Android SDK", ["groupId", "invokerPackage", "artifactId", "artifactVersion"]),
    "objectivec": ("iOS Objective-C SDK", ["classPrefix"]),
    "swift": ("iOS Swift SDK", ["classPrefix"]),
    "java": ("Java SDK", ["serviceName", "javaPackageName", "javaGroupId", "javaArtifactId", "javaArtifactVersion"]),
    "ruby": ("Ruby SDK", ["service.name", "ruby.gem-name", "ruby.gem-version"]),
}


def _sdk_type(kind: str) -> dict[str, Any]:
    friendly, params = _SDK_TYPES[kind]
    return {"id": kind, "friendlyName": friendly, "description": f"{friendly} generated for an API",
            "configurationProperties": [{"name": p, "friendlyName": p, "description": p, "required": True} for p in params]}


def get_sdk_type(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req["id"] not in _SDK_TYPES:
        raise not_found("Invalid SDK type specified")
    return _sdk_type(req["id"])


def get_sdk_types(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"items": [_sdk_type(k) for k in _SDK_TYPES]}


def _camel(verb: str, path: str) -> str:
    words = [re.sub(r"[^A-Za-z0-9]", "", p.strip("{}+")) for p in path.split("/") if p]
    name = "".join(w[:1].upper() + w[1:] for w in words if w)
    return (name[:1].lower() + name[1:] if name else "root") + verb.capitalize()


def get_sdk(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A zip with a working JavaScript client (fetch-based): one function per method,
    path parameters filled from `params`, the API key sent as x-api-key."""
    kind = req["sdkType"].lower()
    if kind not in _SDK_TYPES:
        raise not_found("Invalid SDK type specified")
    if kind != "javascript":
        raise bad_request(f"SDK generation for {kind} is not available in cumulo; javascript is")
    rest_api, snapshot = _deployed(ctx, req)
    functions = []
    for resource in sorted(snapshot["resources"].values(), key=lambda r: r.path):
        for verb in resource.methods:
            name = _camel(verb, resource.path)
            functions.append(
                f"  apigClient.{name} = function (params, body, additionalParams) {{\n"
                f"    return request('{verb}', fill('{resource.path}', params || {{}}), body, additionalParams);\n"
                "  };\n")
    endpoint = f"https://{rest_api.id}.execute-api.{ctx.region}.amazonaws.com/{req['stageName']}"
    client = (
        "// Generated by cumulo (API Gateway GetSdk) for API " + rest_api.info["name"] + "\n"
        "var apigClientFactory = {};\n"
        "apigClientFactory.newClient = function (config) {\n"
        "  config = config || {};\n"
        f"  var endpoint = (config.endpoint || '{endpoint}').replace(/\\/$/, '');\n"
        "  var apigClient = {};\n"
        "  function fill(path, params) {\n"
        "    return path.replace(/\\{([^}+]+)\\+?\\}/g, function (_, name) { return encodeURIComponent(params[name]); });\n"
        "  }\n"
        "  function request(method, path, body, extra) {\n"
        "    extra = extra || {};\n"
        "    var headers = Object.assign({'Content-Type': 'application/json'}, extra.headers || {});\n"
        "    if (config.apiKey) { headers['x-api-key'] = config.apiKey; }\n"
        "    var query = extra.queryParams ? '?' + new URLSearchParams(extra.queryParams).toString() : '';\n"
        "    var init = {method: method === 'ANY' ? 'GET' : method, headers: headers};\n"
        "    if (body !== undefined && body !== null && method !== 'GET' && method !== 'HEAD') {\n"
        "      init.body = typeof body === 'string' ? body : JSON.stringify(body);\n"
        "    }\n"
        "    return fetch(endpoint + path + query, init);\n"
        "  }\n"
        + "".join(functions) +
        "  return apigClient;\n"
        "};\n"
        "if (typeof module !== 'undefined') { module.exports = apigClientFactory; }\n"
    )
    readme = f"# {rest_api.info['name']} JavaScript SDK\n\nvar apigClient = apigClientFactory.newClient({{apiKey: '...'}});\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apiGateway-js-sdk/apigClient.js", client)
        archive.writestr("apiGateway-js-sdk/README.md", readme)
    return {"contentType": "application/octet-stream",
            "contentDisposition": f'attachment; filename="javascript_{req["stageName"]}.zip"', "body": out.getvalue()}
