"""Custom domain names, their API mappings and routing rules; VPC links."""

from __future__ import annotations

import hashlib
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource


def domain_arn(ctx: RequestContext, name: str) -> str:
    return ctx.arn(f"/domainnames/{name}", service="apigateway", account="")


def _configurations(ctx: RequestContext, name: str, given: list[Any] | None) -> list[dict[str, Any]]:
    out = []
    digest = hashlib.sha256(name.encode()).hexdigest()
    for each in given or [{}]:
        conf = {
            "ApiGatewayDomainName": f"d-{digest[:10]}.execute-api.{ctx.region}.amazonaws.com",
            "DomainNameStatus": "AVAILABLE",
            "EndpointType": "REGIONAL",
            "HostedZoneId": "Z1UJRXOUMOOFQ8",
            "IpAddressType": "ipv4",
            "SecurityPolicy": "TLS_1_2",
            **each,
        }
        if conf.get("CertificateArn") and "CertificateUploadDate" not in conf:
            conf["CertificateUploadDate"] = ctx.clock.utcnow()
        out.append(conf)
    return out


def create_domain_name(ctx: RequestContext, req: g.CreateDomainNameRequest) -> g.CreateDomainNameResponse:
    name = req["DomainName"]
    if name in r.table(ctx, r.DOMAIN):
        raise r.conflict(f"The domain name you provided already exists: {name}")
    attrs: dict[str, Any] = {
        "ApiMappingSelectionExpression": "$request.basepath",
        "DomainName": name,
        "DomainNameArn": domain_arn(ctx, name),
        "DomainNameConfigurations": _configurations(ctx, name, req.get("DomainNameConfigurations")),
        "RoutingMode": req.get("RoutingMode") or "API_MAPPING_ONLY",
        "Tags": dict(req.get("Tags") or {}),
    }
    if req.get("MutualTlsAuthentication"):
        attrs["MutualTlsAuthentication"] = dict(req["MutualTlsAuthentication"])
    r.save(ctx, r.DOMAIN, Resource(attrs), name)
    return r.view(r.DOMAIN, r.find(ctx, r.DOMAIN, name))  # type: ignore[return-value]


def get_domain_name(ctx: RequestContext, req: g.GetDomainNameRequest) -> g.GetDomainNameResponse:
    return r.view(r.DOMAIN, r.find(ctx, r.DOMAIN, req["DomainName"]))  # type: ignore[return-value]


def get_domain_names(ctx: RequestContext, req: g.GetDomainNamesRequest) -> g.GetDomainNamesResponse:
    items = [r.view(r.DOMAIN, x) for _, x in r.children(ctx, r.DOMAIN)]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_domain_name(ctx: RequestContext, req: g.UpdateDomainNameRequest) -> g.UpdateDomainNameResponse:
    name = req["DomainName"]
    found = r.find(ctx, r.DOMAIN, name)
    if "DomainNameConfigurations" in req:
        found.attrs["DomainNameConfigurations"] = _configurations(ctx, name, req["DomainNameConfigurations"])
    if "MutualTlsAuthentication" in req:
        found.attrs["MutualTlsAuthentication"] = dict(req["MutualTlsAuthentication"])
    if "RoutingMode" in req:
        found.attrs["RoutingMode"] = req["RoutingMode"]
    r.save(ctx, r.DOMAIN, found, name)
    return r.view(r.DOMAIN, found)  # type: ignore[return-value]


def delete_domain_name(ctx: RequestContext, req: g.DeleteDomainNameRequest) -> dict[str, Any]:
    r.remove(ctx, r.DOMAIN, req["DomainName"])
    r.drop_children(ctx, r.API_MAPPING, req["DomainName"])
    r.drop_children(ctx, r.ROUTING_RULE, req["DomainName"])
    return {}


# API mappings.

def _check_mapping(ctx: RequestContext, domain: str, attrs: dict[str, Any], mapping_id: str) -> None:
    r.find(ctx, r.API, attrs["ApiId"])
    if r.key(attrs["ApiId"], attrs["Stage"]) not in r.table(ctx, r.STAGE):
        raise r.bad_request(f"Invalid stage identifier specified {attrs['Stage']}")
    taken = [m for _, m in r.children(ctx, r.API_MAPPING, domain) if m.attrs["ApiMappingId"] != mapping_id]
    if any(m.attrs.get("ApiMappingKey", "") == attrs.get("ApiMappingKey", "") for m in taken):
        raise r.conflict(f"The API mapping key '{attrs.get('ApiMappingKey', '')}' is already in use on {domain}")


def create_api_mapping(ctx: RequestContext, req: g.CreateApiMappingRequest) -> g.CreateApiMappingResponse:
    domain = req["DomainName"]
    r.find(ctx, r.DOMAIN, domain)
    mapping_id = r.new_id(r.API_MAPPING.id_len)
    attrs = {"ApiMappingKey": "", **r.pick(r.API_MAPPING, dict(req)), "ApiMappingId": mapping_id}
    _check_mapping(ctx, domain, attrs, mapping_id)
    r.save(ctx, r.API_MAPPING, Resource(attrs), domain, mapping_id)
    return attrs  # type: ignore[return-value]


def get_api_mapping(ctx: RequestContext, req: g.GetApiMappingRequest) -> g.GetApiMappingResponse:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    return r.view(r.API_MAPPING, r.find(ctx, r.API_MAPPING, req["DomainName"], req["ApiMappingId"]))  # type: ignore[return-value]


def get_api_mappings(ctx: RequestContext, req: g.GetApiMappingsRequest) -> g.GetApiMappingsResponse:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    items = [r.view(r.API_MAPPING, x) for _, x in r.children(ctx, r.API_MAPPING, req["DomainName"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_api_mapping(ctx: RequestContext, req: g.UpdateApiMappingRequest) -> g.UpdateApiMappingResponse:
    domain, mapping_id = req["DomainName"], req["ApiMappingId"]
    r.find(ctx, r.DOMAIN, domain)
    found = r.find(ctx, r.API_MAPPING, domain, mapping_id)
    merged = {**found.attrs, **r.pick(r.API_MAPPING, dict(req), skip=("ApiMappingId",))}
    _check_mapping(ctx, domain, merged, mapping_id)
    found.attrs = merged
    r.save(ctx, r.API_MAPPING, found, domain, mapping_id)
    return r.view(r.API_MAPPING, found)  # type: ignore[return-value]


def delete_api_mapping(ctx: RequestContext, req: g.DeleteApiMappingRequest) -> dict[str, Any]:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    r.remove(ctx, r.API_MAPPING, req["DomainName"], req["ApiMappingId"])
    return {}


# Routing rules (domains in ROUTING_RULE_* routing modes).

def _rule(ctx: RequestContext, domain: str, rule_id: str, req: dict[str, Any]) -> Resource:
    priority = req["Priority"]
    if not 1 <= priority <= 1_000_000:
        raise r.bad_request("Priority must be between 1 and 1000000")
    for _, other in r.children(ctx, r.ROUTING_RULE, domain):
        if other.attrs["RoutingRuleId"] != rule_id and other.attrs["Priority"] == priority:
            raise r.conflict(f"A routing rule with priority {priority} already exists on {domain}")
    attrs = {
        "Actions": req["Actions"], "Conditions": req["Conditions"], "Priority": priority,
        "RoutingRuleArn": ctx.arn(f"/domainnames/{domain}/routingrules/{rule_id}", service="apigateway"),
        "RoutingRuleId": rule_id,
    }
    return r.save(ctx, r.ROUTING_RULE, Resource(attrs), domain, rule_id)


def create_routing_rule(ctx: RequestContext, req: g.CreateRoutingRuleRequest) -> g.CreateRoutingRuleResponse:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    return r.view(r.ROUTING_RULE, _rule(ctx, req["DomainName"], r.new_id(6), dict(req)))  # type: ignore[return-value]


def get_routing_rule(ctx: RequestContext, req: g.GetRoutingRuleRequest) -> g.GetRoutingRuleResponse:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    return r.view(r.ROUTING_RULE, r.find(ctx, r.ROUTING_RULE, req["DomainName"], req["RoutingRuleId"]))  # type: ignore[return-value]


def list_routing_rules(ctx: RequestContext, req: g.ListRoutingRulesRequest) -> g.ListRoutingRulesResponse:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    rules = sorted((x.attrs for _, x in r.children(ctx, r.ROUTING_RULE, req["DomainName"])), key=lambda a: a["Priority"])
    found = r.page(list(rules), dict(req))
    out: dict[str, Any] = {"RoutingRules": found["Items"]}
    if "NextToken" in found:
        out["NextToken"] = found["NextToken"]
    return out  # type: ignore[return-value]


def put_routing_rule(ctx: RequestContext, req: g.PutRoutingRuleRequest) -> g.PutRoutingRuleResponse:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    r.find(ctx, r.ROUTING_RULE, req["DomainName"], req["RoutingRuleId"])
    return r.view(r.ROUTING_RULE, _rule(ctx, req["DomainName"], req["RoutingRuleId"], dict(req)))  # type: ignore[return-value]


def delete_routing_rule(ctx: RequestContext, req: g.DeleteRoutingRuleRequest) -> dict[str, Any]:
    r.find(ctx, r.DOMAIN, req["DomainName"])
    r.remove(ctx, r.ROUTING_RULE, req["DomainName"], req["RoutingRuleId"])
    return {}


# VPC links.

def vpc_link_arn(ctx: RequestContext, link_id: str) -> str:
    return ctx.arn(f"/vpclinks/{link_id}", service="apigateway", account="")


def create_vpc_link(ctx: RequestContext, req: g.CreateVpcLinkRequest) -> g.CreateVpcLinkResponse:
    link_id = r.new_id(r.VPC_LINK.id_len)
    attrs: dict[str, Any] = {
        "CreatedDate": ctx.clock.utcnow(), "Name": req["Name"], "SecurityGroupIds": list(req.get("SecurityGroupIds") or []),
        "SubnetIds": list(req["SubnetIds"]), "Tags": dict(req.get("Tags") or {}), "VpcLinkId": link_id,
        "VpcLinkStatus": "AVAILABLE", "VpcLinkStatusMessage": "VPC link is ready to route traffic", "VpcLinkVersion": "V2",
    }
    r.save(ctx, r.VPC_LINK, Resource(attrs), link_id)
    return r.view(r.VPC_LINK, r.find(ctx, r.VPC_LINK, link_id))  # type: ignore[return-value]


def get_vpc_link(ctx: RequestContext, req: g.GetVpcLinkRequest) -> g.GetVpcLinkResponse:
    return r.view(r.VPC_LINK, r.find(ctx, r.VPC_LINK, req["VpcLinkId"]))  # type: ignore[return-value]


def get_vpc_links(ctx: RequestContext, req: g.GetVpcLinksRequest) -> g.GetVpcLinksResponse:
    return r.page([r.view(r.VPC_LINK, x) for _, x in r.children(ctx, r.VPC_LINK)], dict(req))  # type: ignore[return-value]


def update_vpc_link(ctx: RequestContext, req: g.UpdateVpcLinkRequest) -> g.UpdateVpcLinkResponse:
    found = r.find(ctx, r.VPC_LINK, req["VpcLinkId"])
    if "Name" in req:
        found.attrs["Name"] = req["Name"]
    r.save(ctx, r.VPC_LINK, found, req["VpcLinkId"])
    return r.view(r.VPC_LINK, found)  # type: ignore[return-value]


def delete_vpc_link(ctx: RequestContext, req: g.DeleteVpcLinkRequest) -> dict[str, Any]:
    r.remove(ctx, r.VPC_LINK, req["VpcLinkId"])
    return {}
