"""API Gateway's CloudFormation resource types (AWS::ApiGateway::*), made through API
Gateway's own API (cumulo.core.provisioning).

Template properties are the API's members in PascalCase (`RestApiId` -> `restApiId`),
converted at the edge; a few differ and are named here. Types without an `update`
are replaced on any change, as most of AWS's own are for their identifying properties.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean

SERVICE = "apigateway"
_BOOLS = frozenset({"apiKeyRequired", "enabled", "validateRequestBody", "validateRequestParameters", "tracingEnabled",
                    "disableExecuteApiEndpoint", "cacheClusterEnabled", "metricsEnabled", "dataTraceEnabled", "cachingEnabled"})
_INTS = frozenset({"minimumCompressionSize", "authorizerResultTtlInSeconds", "timeoutInMillis", "limit", "offset", "burstLimit",
                   "throttlingBurstLimit", "cacheTtlInSeconds"})
_FLOATS = frozenset({"rateLimit", "throttlingRateLimit"})
# Maps whose keys are data, not members (kept as given).
_OPAQUE = frozenset({"requestParameters", "requestTemplates", "responseParameters", "responseTemplates", "requestModels",
                     "responseModels", "variables", "tags", "stageVariableOverrides"})


def camel(value: Any, key: str = "") -> Any:
    """Template shape -> API shape: PascalCase members to camelCase, template scalars
    ("true", "10") to the member's type."""
    if isinstance(value, dict):
        if key in _OPAQUE:
            # A method's request parameters say required (true/"true"); everything else keeps its values.
            return {k: boolean(v) if key == "requestParameters" and k.startswith("method.request.") else v for k, v in value.items()}
        out = {}
        for name, item in value.items():
            member = name[:1].lower() + name[1:]
            out[member] = camel(item, member)
        return out
    if isinstance(value, list):
        return [camel(v, key) for v in value]
    if key in _BOOLS:
        return boolean(value)
    if key in _INTS and isinstance(value, str):
        return int(value)
    if key in _FLOATS and isinstance(value, (str, int)):
        return float(value)
    return value


def _tags(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, str]:
    return ctx.tag_map(props.get("Tags"))


def _only(props: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name[:1].lower() + name[1:]: camel(props[name], name[:1].lower() + name[1:]) for name in names if name in props}


async def _gone(call: Awaitable[Any]) -> None:
    """A delete that must succeed when the resource is already gone."""
    try:
        await call
    except AwsError as error:
        if error.code not in ("NotFoundException", "BadRequestException"):
            raise


# ------------------------------------------------------------ RestApi


async def create_rest_api(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    body = props.get("Body")
    if body is not None:
        text = body if isinstance(body, str) else json.dumps(body)
        api = await ctx.call(SERVICE, "ImportRestApi", {"body": text.encode()})
        if props.get("Name"):
            await ctx.call(SERVICE, "UpdateRestApi", {"restApiId": api["id"], "patchOperations": [
                {"op": "replace", "path": "/name", "value": props["Name"]}]})
    else:
        request = _only(props, "Name", "Description", "BinaryMediaTypes", "MinimumCompressionSize", "EndpointConfiguration",
                        "DisableExecuteApiEndpoint", "CloneFrom")
        request.setdefault("name", ctx.physical_name(128))
        if props.get("ApiKeySourceType"):
            request["apiKeySource"] = props["ApiKeySourceType"]
        if props.get("Policy") is not None:
            request["policy"] = props["Policy"] if isinstance(props["Policy"], str) else json.dumps(props["Policy"])
        if tags := _tags(ctx, props):
            request["tags"] = tags
        api = await ctx.call(SERVICE, "CreateRestApi", request)
    return Resource(api["id"], {"RestApiId": api["id"], "RootResourceId": api["rootResourceId"]})


async def update_rest_api(ctx: ProvisionContext, api_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    operations = []
    for prop, path in (("Name", "/name"), ("Description", "/description"), ("ApiKeySourceType", "/apiKeySource"),
                       ("MinimumCompressionSize", "/minimumCompressionSize"), ("DisableExecuteApiEndpoint", "/disableExecuteApiEndpoint")):
        if props.get(prop) != old.get(prop):
            value = props.get(prop)
            operations.append({"op": "replace", "path": path, "value": None if value is None else str(value).lower()
                               if isinstance(value, bool) else str(value)})
    for media in set(props.get("BinaryMediaTypes") or []) - set(old.get("BinaryMediaTypes") or []):
        operations.append({"op": "add", "path": "/binaryMediaTypes/" + media.replace("/", "~1")})
    for media in set(old.get("BinaryMediaTypes") or []) - set(props.get("BinaryMediaTypes") or []):
        operations.append({"op": "remove", "path": "/binaryMediaTypes/" + media.replace("/", "~1")})
    if props.get("Body") is not None and props.get("Body") != old.get("Body"):
        body = props["Body"] if isinstance(props["Body"], str) else json.dumps(props["Body"])
        await ctx.call(SERVICE, "PutRestApi", {"restApiId": api_id, "mode": props.get("Mode") or "overwrite", "body": body.encode()})
    api = await ctx.call(SERVICE, "UpdateRestApi", {"restApiId": api_id, "patchOperations": operations})
    return Resource(api_id, {"RestApiId": api_id, "RootResourceId": api["rootResourceId"]})


async def delete_rest_api(ctx: ProvisionContext, api_id: str, props: dict[str, Any]) -> None:
    await _gone(ctx.call(SERVICE, "DeleteRestApi", {"restApiId": api_id}))


async def read_rest_api(ctx: ProvisionContext, api_id: str, props: dict[str, Any]) -> dict[str, Any]:
    api = await ctx.call(SERVICE, "GetRestApi", {"restApiId": api_id})
    current = {"Name": api["name"], "ApiKeySourceType": api.get("apiKeySource")}
    for member in ("description", "binaryMediaTypes", "minimumCompressionSize"):
        if member in api:
            current[member[:1].upper() + member[1:]] = api[member]
    return current


# ------------------------------------------------------------ Resource, Method


async def create_resource(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = await ctx.call(SERVICE, "CreateResource", _only(props, "RestApiId", "ParentId", "PathPart"))
    return Resource(made["id"], {"ResourceId": made["id"]})


async def delete_resource(ctx: ProvisionContext, resource_id: str, props: dict[str, Any]) -> None:
    await _gone(ctx.call(SERVICE, "DeleteResource", {"restApiId": props["RestApiId"], "resourceId": resource_id}))


def _method_id(props: dict[str, Any]) -> str:
    return f"{props['RestApiId']}|{props['ResourceId']}|{str(props['HttpMethod']).upper()}"


async def create_method(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    ids = {"restApiId": props["RestApiId"], "resourceId": props["ResourceId"], "httpMethod": str(props["HttpMethod"]).upper()}
    request = {**ids, **_only(props, "AuthorizerId", "ApiKeyRequired", "OperationName", "RequestParameters", "RequestModels",
                              "RequestValidatorId", "AuthorizationScopes")}
    request["authorizationType"] = props.get("AuthorizationType") or "NONE"
    await ctx.call(SERVICE, "PutMethod", request)
    for response in props.get("MethodResponses") or []:
        await ctx.call(SERVICE, "PutMethodResponse", {**ids, **camel(response)})
    integration = props.get("Integration")
    if integration:
        spec = camel({k: v for k, v in integration.items() if k != "IntegrationResponses"})
        await ctx.call(SERVICE, "PutIntegration", {**ids, **spec})
        for response in integration.get("IntegrationResponses") or []:
            await ctx.call(SERVICE, "PutIntegrationResponse", {**ids, **camel(response)})
    return Resource(_method_id(props))


async def update_method(ctx: ProvisionContext, method_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await delete_method(ctx, method_id, old)
    return await create_method(ctx, props)


async def delete_method(ctx: ProvisionContext, method_id: str, props: dict[str, Any]) -> None:
    api_id, resource_id, verb = method_id.split("|")
    await _gone(ctx.call(SERVICE, "DeleteMethod", {"restApiId": api_id, "resourceId": resource_id, "httpMethod": verb}))


# ------------------------------------------------------------ Deployment, Stage


async def create_deployment(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = _only(props, "RestApiId", "Description", "StageName")
    stage = props.get("StageDescription") or {}
    if stage.get("Variables"):
        request["variables"] = stage["Variables"]
    if stage.get("Description"):
        request["stageDescription"] = stage["Description"]
    made = await ctx.call(SERVICE, "CreateDeployment", request)
    return Resource(made["id"], {"DeploymentId": made["id"]})


async def delete_deployment(ctx: ProvisionContext, deployment_id: str, props: dict[str, Any]) -> None:
    if props.get("StageName"):
        await _gone(ctx.call(SERVICE, "DeleteStage", {"restApiId": props["RestApiId"], "stageName": props["StageName"]}))
    await _gone(ctx.call(SERVICE, "DeleteDeployment", {"restApiId": props["RestApiId"], "deploymentId": deployment_id}))


def _setting_ops(settings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = {"MetricsEnabled": "metrics/enabled", "LoggingLevel": "logging/loglevel", "DataTraceEnabled": "logging/dataTrace",
             "ThrottlingBurstLimit": "throttling/burstLimit", "ThrottlingRateLimit": "throttling/rateLimit",
             "CachingEnabled": "caching/enabled", "CacheTtlInSeconds": "caching/ttlInSeconds", "CacheDataEncrypted": "caching/dataEncrypted"}
    ops = []
    for setting in settings:
        path = (setting.get("ResourcePath") or "/*").replace("/", "~1") if setting.get("ResourcePath") not in (None, "/*") else "*"
        verb = setting.get("HttpMethod") or "*"
        for prop, leaf in names.items():
            if prop in setting:
                value = setting[prop]
                ops.append({"op": "replace", "path": f"/{path}/{verb}/{leaf}",
                            "value": str(value).lower() if isinstance(value, bool) else str(value)})
    return ops


async def _configure_stage(ctx: ProvisionContext, props: dict[str, Any]) -> None:
    ops = _setting_ops(props.get("MethodSettings") or [])
    log = props.get("AccessLogSetting")
    if log:
        ops += [{"op": "replace", "path": "/accessLogSettings/destinationArn", "value": log.get("DestinationArn")},
                {"op": "replace", "path": "/accessLogSettings/format", "value": log.get("Format")}]
    if ops:
        await ctx.call(SERVICE, "UpdateStage", {"restApiId": props["RestApiId"], "stageName": props["StageName"], "patchOperations": ops})


async def create_stage(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    props = {**props, "StageName": props.get("StageName") or ctx.physical_name(128)}
    request = _only(props, "RestApiId", "StageName", "DeploymentId", "Description", "Variables", "TracingEnabled",
                    "CacheClusterEnabled", "CacheClusterSize", "DocumentationVersion", "ClientCertificateId")
    if tags := _tags(ctx, props):
        request["tags"] = tags
    await ctx.call(SERVICE, "CreateStage", request)
    await _configure_stage(ctx, props)
    return Resource(props["StageName"])


async def update_stage(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    ops: list[dict[str, Any]] = []
    for prop, path in (("DeploymentId", "/deploymentId"), ("Description", "/description")):
        if props.get(prop) != old.get(prop) and props.get(prop) is not None:
            ops.append({"op": "replace", "path": path, "value": props[prop]})
    new_vars, old_vars = props.get("Variables") or {}, old.get("Variables") or {}
    ops += [{"op": "replace", "path": f"/variables/{k}", "value": str(v)} for k, v in new_vars.items() if old_vars.get(k) != v]
    ops += [{"op": "remove", "path": f"/variables/{k}"} for k in old_vars.keys() - new_vars.keys()]
    if ops:
        await ctx.call(SERVICE, "UpdateStage", {"restApiId": props["RestApiId"], "stageName": name, "patchOperations": ops})
    await _configure_stage(ctx, {**props, "StageName": name})
    return Resource(name)


async def delete_stage(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx.call(SERVICE, "DeleteStage", {"restApiId": props["RestApiId"], "stageName": name}))


# ------------------------------------------------------------ definitions on an API


def _simple(create_op: str, id_member: str, delete_op: str, delete_id: str, props_of: Callable[[ProvisionContext, dict[str, Any]], dict[str, Any]],
            attribute: str | None = None, scoped: bool = True) -> ResourceType:
    """A type made by one Create call and removed by one Delete call."""

    async def create(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
        made = await ctx.call(SERVICE, create_op, props_of(ctx, props))
        ident = str(made[id_member])
        return Resource(ident, {attribute: ident} if attribute else {})

    async def delete(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
        request = {delete_id: ident}
        if scoped:
            request["restApiId"] = props["RestApiId"]
        await _gone(ctx.call(SERVICE, delete_op, request))

    return ResourceType(create=create, delete=delete)


def _authorizer(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = _only(props, "RestApiId", "Name", "Type", "AuthorizerUri", "AuthorizerCredentials", "IdentitySource",
                    "IdentityValidationExpression", "AuthorizerResultTtlInSeconds", "AuthType")
    if props.get("ProviderARNs"):
        request["providerARNs"] = props["ProviderARNs"]
    request.setdefault("name", ctx.physical_name(128))
    return request


def _model(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = _only(props, "RestApiId", "Name", "ContentType", "Description")
    request.setdefault("name", ctx.physical_name(60).replace("-", ""))
    request.setdefault("contentType", "application/json")
    if props.get("Schema") is not None:
        request["schema"] = props["Schema"] if isinstance(props["Schema"], str) else json.dumps(props["Schema"])
    return request


def _api_key(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = _only(props, "Name", "Description", "Value", "CustomerId")
    request["enabled"] = boolean(props.get("Enabled", False))
    request.setdefault("name", ctx.physical_name(128))
    request["stageKeys"] = [camel(k) for k in props.get("StageKeys") or []]
    if tags := _tags(ctx, props):
        request["tags"] = tags
    return request


def _usage_plan(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = _only(props, "Description", "Quota", "Throttle")
    request["name"] = props.get("UsagePlanName") or ctx.physical_name(128)
    request["apiStages"] = [{"apiId": s["ApiId"], "stage": s["Stage"]} for s in props.get("ApiStages") or []]
    if tags := _tags(ctx, props):
        request["tags"] = tags
    return request


async def create_usage_plan_key(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = await ctx.call(SERVICE, "CreateUsagePlanKey", {"usagePlanId": props["UsagePlanId"], "keyId": props["KeyId"],
                                                           "keyType": props.get("KeyType") or "API_KEY"})
    return Resource(f"{made['id']}:{props['UsagePlanId']}", {"Id": made["id"]})


async def delete_usage_plan_key(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    key, _, plan = ident.partition(":")
    await _gone(ctx.call(SERVICE, "DeleteUsagePlanKey", {"usagePlanId": plan, "keyId": key}))


async def create_gateway_response(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await ctx.call(SERVICE, "PutGatewayResponse", _only(props, "RestApiId", "ResponseType", "StatusCode", "ResponseParameters",
                                                        "ResponseTemplates"))
    return Resource(f"{props['RestApiId']}|{props['ResponseType']}")


async def delete_gateway_response(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    api_id, kind = ident.split("|")
    await _gone(ctx.call(SERVICE, "DeleteGatewayResponse", {"restApiId": api_id, "responseType": kind}))


async def create_domain_name(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = _only(props, "DomainName", "CertificateArn", "RegionalCertificateArn", "EndpointConfiguration", "SecurityPolicy",
                    "MutualTlsAuthentication", "OwnershipVerificationCertificateArn")
    if tags := _tags(ctx, props):
        request["tags"] = tags
    made = await ctx.call(SERVICE, "CreateDomainName", request)
    return Resource(made["domainName"], {k[:1].upper() + k[1:]: made[k] for k in (
        "distributionDomainName", "distributionHostedZoneId", "regionalDomainName", "regionalHostedZoneId") if k in made})


async def delete_domain_name(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx.call(SERVICE, "DeleteDomainName", {"domainName": name}))


async def create_base_path_mapping(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = await ctx.call(SERVICE, "CreateBasePathMapping", _only(props, "DomainName", "RestApiId", "Stage", "BasePath"))
    return Resource(f"{props['DomainName']}|{made['basePath']}")


async def delete_base_path_mapping(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    domain, base = ident.split("|", 1)
    await _gone(ctx.call(SERVICE, "DeleteBasePathMapping", {"domainName": domain, "basePath": base}))


def _vpc_link(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = _only(props, "Name", "Description", "TargetArns")
    if tags := _tags(ctx, props):
        request["tags"] = tags
    return request


def _client_certificate(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = _only(props, "Description")
    if tags := _tags(ctx, props):
        request["tags"] = tags
    return request


def _documentation_part(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = _only(props, "RestApiId", "Location")
    request["properties"] = props["Properties"] if isinstance(props["Properties"], str) else json.dumps(props["Properties"])
    return request


async def create_documentation_version(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = await ctx.call(SERVICE, "CreateDocumentationVersion", _only(props, "RestApiId", "DocumentationVersion", "Description"))
    return Resource(made["version"])


async def delete_documentation_version(ctx: ProvisionContext, version: str, props: dict[str, Any]) -> None:
    await _gone(ctx.call(SERVICE, "DeleteDocumentationVersion", {"restApiId": props["RestApiId"], "documentationVersion": version}))


async def create_account(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    if props.get("CloudWatchRoleArn"):
        await ctx.call(SERVICE, "UpdateAccount", {"patchOperations": [
            {"op": "replace", "path": "/cloudwatchRoleArn", "value": props["CloudWatchRoleArn"]}]})
    return Resource(ctx.account)


async def delete_account(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    """The account's settings stay, as on AWS (the resource only sets them)."""


RESOURCE_TYPES: dict[str, ResourceType] = {
    "AWS::ApiGateway::RestApi": ResourceType(create=create_rest_api, delete=delete_rest_api, update=update_rest_api,
                                             replaces=frozenset({"CloneFrom", "EndpointConfiguration", "Policy", "Tags"}), read=read_rest_api),
    "AWS::ApiGateway::Resource": ResourceType(create=create_resource, delete=delete_resource),
    "AWS::ApiGateway::Method": ResourceType(create=create_method, delete=delete_method, update=update_method,
                                            replaces=frozenset({"RestApiId", "ResourceId", "HttpMethod"})),
    "AWS::ApiGateway::Deployment": ResourceType(create=create_deployment, delete=delete_deployment),
    "AWS::ApiGateway::Stage": ResourceType(create=create_stage, delete=delete_stage, update=update_stage,
                                           replaces=frozenset({"RestApiId", "StageName", "Tags"})),
    "AWS::ApiGateway::Authorizer": _simple("CreateAuthorizer", "id", "DeleteAuthorizer", "authorizerId", _authorizer, "AuthorizerId"),
    "AWS::ApiGateway::Model": _simple("CreateModel", "name", "DeleteModel", "modelName", _model),
    "AWS::ApiGateway::RequestValidator": _simple(
        "CreateRequestValidator", "id", "DeleteRequestValidator", "requestValidatorId",
        lambda ctx, p: _only(p, "RestApiId", "Name", "ValidateRequestBody", "ValidateRequestParameters"), "RequestValidatorId"),
    "AWS::ApiGateway::ApiKey": _simple("CreateApiKey", "id", "DeleteApiKey", "apiKey", _api_key, "APIKeyId", scoped=False),
    "AWS::ApiGateway::UsagePlan": _simple("CreateUsagePlan", "id", "DeleteUsagePlan", "usagePlanId", _usage_plan, "Id", scoped=False),
    "AWS::ApiGateway::UsagePlanKey": ResourceType(create=create_usage_plan_key, delete=delete_usage_plan_key),
    "AWS::ApiGateway::GatewayResponse": ResourceType(create=create_gateway_response, delete=delete_gateway_response),
    "AWS::ApiGateway::DomainName": ResourceType(create=create_domain_name, delete=delete_domain_name),
    "AWS::ApiGateway::BasePathMapping": ResourceType(create=create_base_path_mapping, delete=delete_base_path_mapping),
    "AWS::ApiGateway::VpcLink": _simple("CreateVpcLink", "id", "DeleteVpcLink", "vpcLinkId", _vpc_link, "VpcLinkId", scoped=False),
    "AWS::ApiGateway::ClientCertificate": _simple("GenerateClientCertificate", "clientCertificateId", "DeleteClientCertificate",
                                                  "clientCertificateId", _client_certificate, scoped=False),
    "AWS::ApiGateway::DocumentationPart": _simple("CreateDocumentationPart", "id", "DeleteDocumentationPart", "documentationPartId",
                                                  _documentation_part, "DocumentationPartId"),
    "AWS::ApiGateway::DocumentationVersion": ResourceType(create=create_documentation_version, delete=delete_documentation_version),
    "AWS::ApiGateway::Account": ResourceType(create=create_account, delete=delete_account),
}
