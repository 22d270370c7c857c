"""The common life of every API Gateway v2 resource: ids, lookup, shaping, paging.

A `Kind` says where a resource lives (its table), which member is its id, which
Get operation's output shape lists its members, and how AWS names it in a
NotFoundException. Handlers build the attributes; this module stores, finds,
filters and pages them, so that each handler stays a few lines of behaviour.
"""

from __future__ import annotations

import base64
import secrets
import string
from dataclasses import dataclass
from functools import cache
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2.models import Resource
from cumulo.state import Table

_ALPHABET = string.ascii_lowercase + string.digits


def new_id(length: int = 7) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass(frozen=True, slots=True)
class Kind:
    table: str
    id_member: str
    shape: Any  # the generated TypedDict of the Get operation's output
    label: str  # as in AWS's "Invalid <label> identifier specified <id>"
    id_len: int = 7


API = Kind("apis", "ApiId", g.GetApiResponse, "API", 10)
ROUTE = Kind("routes", "RouteId", g.GetRouteResult, "Route")
INTEGRATION = Kind("integrations", "IntegrationId", g.GetIntegrationResult, "Integration")
AUTHORIZER = Kind("authorizers", "AuthorizerId", g.GetAuthorizerResponse, "Authorizer", 6)
DEPLOYMENT = Kind("deployments", "DeploymentId", g.GetDeploymentResponse, "Deployment", 6)
MODEL = Kind("models", "ModelId", g.GetModelResponse, "Model", 6)
STAGE = Kind("stages", "StageName", g.GetStageResponse, "Stage")
ROUTE_RESPONSE = Kind("route_responses", "RouteResponseId", g.GetRouteResponseResponse, "RouteResponse", 6)
INTEGRATION_RESPONSE = Kind("integration_responses", "IntegrationResponseId", g.GetIntegrationResponseResponse, "IntegrationResponse", 6)
DOMAIN = Kind("domains", "DomainName", g.GetDomainNameResponse, "DomainName")
API_MAPPING = Kind("api_mappings", "ApiMappingId", g.GetApiMappingResponse, "ApiMapping", 6)
ROUTING_RULE = Kind("routing_rules", "RoutingRuleId", g.GetRoutingRuleResponse, "RoutingRule", 6)
VPC_LINK = Kind("vpc_links", "VpcLinkId", g.GetVpcLinkResponse, "VpcLink", 6)
PORTAL = Kind("portals", "PortalId", g.GetPortalResponse, "Portal", 10)
PORTAL_PRODUCT = Kind("portal_products", "PortalProductId", g.GetPortalProductResponse, "PortalProduct", 10)
PRODUCT_PAGE = Kind("product_pages", "ProductPageId", g.GetProductPageResponse, "ProductPage", 10)
PRODUCT_REST_PAGE = Kind(
    "product_rest_pages", "ProductRestEndpointPageId", g.GetProductRestEndpointPageResponse, "ProductRestEndpointPage", 10
)


@cache
def members(shape: Any) -> frozenset[str]:
    return frozenset(shape.__annotations__)


def not_found(label: str, ident: str) -> g.NotFoundExceptionError:
    return g.NotFoundExceptionError(f"Invalid {label} identifier specified {ident}", ResourceType=label)


def bad_request(message: str) -> g.BadRequestExceptionError:
    return g.BadRequestExceptionError(message)


def conflict(message: str) -> g.ConflictExceptionError:
    return g.ConflictExceptionError(message)


def table(ctx: RequestContext, kind: Kind) -> Table:
    return ctx.scope.table(kind.table)


def key(*parts: str) -> str:
    return "/".join(parts)


def find(ctx: RequestContext, kind: Kind, *path: str) -> Resource:
    """The resource at `path` (its parents' ids, then its own), or AWS's NotFoundException."""
    found = table(ctx, kind).get(key(*path))
    if found is None:
        ident = f"{ctx.account}:{path[-1]}" if kind in (API, DOMAIN) else path[-1]
        raise not_found(kind.label, ident)
    return found


def pick(kind: Kind, source: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The members of `source` that the resource has (a request's settable members)."""
    allowed = members(kind.shape)
    return {k: v for k, v in source.items() if k in allowed and k not in skip}


def view(kind: Kind, resource: Resource) -> dict[str, Any]:
    """What Get answers: the resource's members, with no empty collections left to look set."""
    return {k: v for k, v in resource.attrs.items() if v is not None and not (k == "Tags" and not v)}


def save(ctx: RequestContext, kind: Kind, resource: Resource, *path: str) -> Resource:
    table(ctx, kind)[key(*path)] = resource
    return resource


def remove(ctx: RequestContext, kind: Kind, *path: str) -> None:
    find(ctx, kind, *path)
    del table(ctx, kind)[key(*path)]


def children(ctx: RequestContext, kind: Kind, *parents: str) -> list[tuple[str, Resource]]:
    """(key, resource) of every resource of `kind` under `parents`, in creation order."""
    prefix = key(*parents) + "/" if parents else ""
    depth = len(parents)
    rows = table(ctx, kind).rows
    return [(k, r) for k, r in rows.items() if k.startswith(prefix) and k.count("/") == depth]


def drop_children(ctx: RequestContext, kind: Kind, *parents: str) -> None:
    prefix = key(*parents) + "/"
    t = table(ctx, kind)
    for k in [k for k in t.rows if k.startswith(prefix)]:
        del t[k]


def page(items: list[dict[str, Any]], req: dict[str, Any]) -> dict[str, Any]:
    """A page of `items` by MaxResults (a string, in this API) and NextToken."""
    start = 0
    token = req.get("NextToken")
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except ValueError:
            raise bad_request("Invalid NextToken") from None
    raw = req.get("MaxResults")
    try:
        size = int(raw) if raw not in (None, "") else 0
    except ValueError:
        raise bad_request(f"Invalid MaxResults: {raw}") from None
    if size < 0:
        raise bad_request(f"Invalid MaxResults: {raw}")
    end = start + size if size else len(items)
    out: dict[str, Any] = {"Items": items[start:end]}
    if end < len(items):
        out["NextToken"] = base64.urlsafe_b64encode(str(end).encode()).decode()
    return out
