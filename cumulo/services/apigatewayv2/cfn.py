"""API Gateway v2's CloudFormation resource types (AWS::ApiGatewayV2::*), made through the
service's own API (cumulo.core.provisioning).

The template's properties carry the API's own member names, so one table says, per type:
the operations that create, update, delete and read it, the members naming its parents
(`ApiId`, `RouteId`, `DomainName`...), the member that is its id (what `Ref` returns),
and the attributes `Fn::GetAtt` reads. Values are shaped as the operation's input declares
(cfnshape: templates send "30000", "true" and JSON schemas as objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cumulo.core import cfnshape
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

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


RESOURCE_TYPES: dict[str, ResourceType] = {name: _provider(spec) for name, spec in SPECS.items()}
