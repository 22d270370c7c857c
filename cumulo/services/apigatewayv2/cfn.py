"""API Gateway v2's CloudFormation resource types (AWS::ApiGatewayV2::*), made through the
service's own API (cumulo.core.provisioning).

The template's properties carry the API's own member names, so one table says, per type:
the operations that create, update, delete and read it, the members naming its parents
(`ApiId`, `RouteId`, `DomainName`...), the member that is its id (what `Ref` returns),
and the attributes `Fn::GetAtt` reads. Values are shaped as the operation's input declares
(cfnshape: templates send "30000", "true" and JSON schemas as objects).

An Api with `Body` or `BodyS3Location` (what SAM's `AWS::Serverless::HttpApi` makes) is an
OpenAPI import, as on AWS: ImportApi (ReimportApi on update), then UpdateApi for the
settings the template gives beside it, and TagResource for its tags.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cumulo.core import cfnshape
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean

SERVICE = "apigatewayv2"


@dataclass(frozen=True)
class Spec:
    noun: str  # "Route": CreateRoute / UpdateRoute / DeleteRoute / GetRoute
    id_member: str  # "RouteId"
    parents: tuple[str, ...]  # members naming the parents, in URL order
    attributes: tuple[str, ...] = ()  # output members Fn::GetAtt reads besides the id
    replaces: frozenset[str] = frozenset()
    updatable: bool = True


SPECS = {
    "AWS::ApiGatewayV2::Api": Spec("Api", "ApiId", (), ("ApiEndpoint",), frozenset({"ProtocolType"})),
    "AWS::ApiGatewayV2::Route": Spec("Route", "RouteId", ("ApiId",), (), frozenset({"ApiId"})),
    "AWS::ApiGatewayV2::Integration": Spec("Integration", "IntegrationId", ("ApiId",), (), frozenset({"ApiId"})),
    "AWS::ApiGatewayV2::Authorizer": Spec("Authorizer", "AuthorizerId", ("ApiId",), (), frozenset({"ApiId"})),
    "AWS::ApiGatewayV2::Stage": Spec("Stage", "StageName", ("ApiId",), (), frozenset({"ApiId", "StageName"})),
    "AWS::ApiGatewayV2::Deployment": Spec("Deployment", "DeploymentId", ("ApiId",), (), frozenset({"ApiId"})),
    "AWS::ApiGatewayV2::Model": Spec("Model", "ModelId", ("ApiId",), (), frozenset({"ApiId"})),
    "AWS::ApiGatewayV2::RouteResponse": Spec("RouteResponse", "RouteResponseId", ("ApiId", "RouteId"), (), frozenset({"ApiId", "RouteId"})),
    "AWS::ApiGatewayV2::IntegrationResponse": Spec(
        "IntegrationResponse", "IntegrationResponseId", ("ApiId", "IntegrationId"), (), frozenset({"ApiId", "IntegrationId"})
    ),
    "AWS::ApiGatewayV2::DomainName": Spec("DomainName", "DomainName", (), ("DomainNameArn",), frozenset({"DomainName"})),
    "AWS::ApiGatewayV2::ApiMapping": Spec("ApiMapping", "ApiMappingId", ("DomainName",), (), frozenset({"DomainName"})),
    "AWS::ApiGatewayV2::VpcLink": Spec("VpcLink", "VpcLinkId", (), (), frozenset({"SubnetIds", "SecurityGroupIds"})),
}


def _made(spec: Spec, out: dict[str, Any], fallback_id: str = "") -> Resource:
    ident = out.get(spec.id_member) or fallback_id
    attributes = {spec.id_member: ident, **{a: out[a] for a in spec.attributes if a in out}}
    if spec.noun == "DomainName":
        conf = (out.get("DomainNameConfigurations") or [{}])[0]
        attributes.update(RegionalDomainName=conf.get("ApiGatewayDomainName"), RegionalHostedZoneId=conf.get("HostedZoneId"))
    return Resource(ident, attributes)


def _tags(ctx: ProvisionContext, spec: Spec, props: dict[str, Any]) -> dict[str, Any]:
    if spec.noun in ("Api", "Stage", "DomainName", "VpcLink"):
        props = {**props, "Tags": ctx.tag_map(props.get("Tags"))}
    return props


def _provider(spec: Spec) -> ResourceType:
    async def create(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
        props = _tags(ctx, spec, props)
        out = await ctx.call(SERVICE, f"Create{spec.noun}", cfnshape.api_input(SERVICE, f"Create{spec.noun}", props))
        return _made(spec, out, str(props.get(spec.id_member, "")))

    async def update(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
        request = cfnshape.api_input(SERVICE, f"Update{spec.noun}", {**props, spec.id_member: ident})
        request.pop("Tags", None)  # tags change through TagResource, below
        out = await ctx.call(SERVICE, f"Update{spec.noun}", request)
        return _made(spec, out, ident)

    async def delete(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
        request = {p: props[p] for p in spec.parents if p in props}
        request[spec.id_member] = ident
        try:
            await ctx.call(SERVICE, f"Delete{spec.noun}", request)
        except AwsError as e:
            if e.code != "NotFoundException":
                raise

    async def read(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> dict[str, Any]:
        request = {p: props[p] for p in spec.parents if p in props}
        request[spec.id_member] = ident
        out = await ctx.call(SERVICE, f"Get{spec.noun}", request)
        return {k: v for k, v in out.items() if k in props}

    return ResourceType(create=create, delete=delete, update=update if spec.updatable else None, replaces=spec.replaces, read=read)


# Template properties of an imported Api that are not API settings (UpdateApi takes the rest).
_IMPORT_ONLY = frozenset({"Body", "BodyS3Location", "BasePath", "FailOnWarnings", "Tags"})


async def _definition(ctx: ProvisionContext, props: dict[str, Any]) -> str | None:
    """The OpenAPI document an Api imports: `Body` (an object in templates), or the object
    `BodyS3Location` names, read through S3; None for an Api made from its properties."""
    body = props.get("Body")
    if body is not None:
        return body if isinstance(body, str) else json.dumps(body)
    location = props.get("BodyS3Location")
    if not location:
        return None
    request = {"Bucket": location["Bucket"], "Key": location["Key"]}
    if location.get("Version"):
        request["VersionId"] = location["Version"]
    content = (await ctx.call("s3", "GetObject", request)).get("Body", b"")
    if isinstance(content, bytes | bytearray):
        return bytes(content).decode()
    if hasattr(content, "read"):
        return bytes(await content.read()).decode()
    return b"".join([chunk async for chunk in content]).decode()


async def _settle_import(ctx: ProvisionContext, api_id: str, props: dict[str, Any], old: dict[str, Any] | None) -> Resource:
    """After an import: the template's other settings through UpdateApi, its tags through TagResource."""
    settings = {k: v for k, v in props.items() if k not in _IMPORT_ONLY}
    out = await ctx.call(SERVICE, "UpdateApi", cfnshape.api_input(SERVICE, "UpdateApi", {**settings, "ApiId": api_id}))
    tags = ctx.tag_map(props.get("Tags"))
    if tags or old is not None:
        arn = f"arn:{ctx.partition}:apigateway:{ctx.region}::/apis/{api_id}"
        gone = [k for k in ctx.tag_map((old or {}).get("Tags")) if k not in tags]
        if gone:
            await ctx.call(SERVICE, "UntagResource", {"ResourceArn": arn, "TagKeys": gone})
        if tags:
            await ctx.call(SERVICE, "TagResource", {"ResourceArn": arn, "Tags": tags})
    return _made(SPECS["AWS::ApiGatewayV2::Api"], out, api_id)


def _api_provider() -> ResourceType:
    plain = _provider(SPECS["AWS::ApiGatewayV2::Api"])
    plain_update = plain.update
    assert plain_update is not None

    async def create(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
        document = await _definition(ctx, props)
        if document is None:
            return await plain.create(ctx, props)
        request: dict[str, Any] = {"Body": document}
        if props.get("BasePath"):
            request["Basepath"] = props["BasePath"]
        if props.get("FailOnWarnings") is not None:
            request["FailOnWarnings"] = boolean(props["FailOnWarnings"])
        out = await ctx.call(SERVICE, "ImportApi", request)
        return await _settle_import(ctx, out["ApiId"], props, None)

    async def update(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
        document = await _definition(ctx, props)
        if document is None:
            return await plain_update(ctx, ident, props, old)
        if (props.get("Body"), props.get("BodyS3Location")) != (old.get("Body"), old.get("BodyS3Location")):
            request: dict[str, Any] = {"ApiId": ident, "Body": document}
            if props.get("BasePath"):
                request["Basepath"] = props["BasePath"]
            await ctx.call(SERVICE, "ReimportApi", request)
        return await _settle_import(ctx, ident, props, old)

    return ResourceType(create=create, delete=plain.delete, update=update, replaces=plain.replaces, read=plain.read)


RESOURCE_TYPES: dict[str, ResourceType] = {name: _provider(spec) for name, spec in SPECS.items()}
RESOURCE_TYPES["AWS::ApiGatewayV2::Api"] = _api_provider()
