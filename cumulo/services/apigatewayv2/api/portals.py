"""Developer portals, portal products and their pages (API Gateway's portal feature).

State only: no portal web site is served; publishing and previewing record the
status AWS reports once the portal is built.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource


def _arn(ctx: RequestContext, path: str) -> str:
    return ctx.arn(path, service="apigateway", account=ctx.account)


def _endpoint(ctx: RequestContext, portal_id: str, given: dict[str, Any]) -> dict[str, Any]:
    out = {"PortalDefaultDomainName": f"{portal_id}.portal.execute-api.{ctx.region}.on.aws", "PortalDomainHostedZoneId": "Z2OJLYMUO9EFXC"}
    managed = given.get("AcmManaged") or {}
    if managed:
        out.update({k: v for k, v in managed.items() if k in ("CertificateArn", "DomainName")})
    return out


def create_portal(ctx: RequestContext, req: g.CreatePortalRequest) -> g.CreatePortalResponse:
    portal_id = r.new_id(r.PORTAL.id_len)
    attrs: dict[str, Any] = {
        "Authorization": req["Authorization"], "EndpointConfiguration": _endpoint(ctx, portal_id, dict(req["EndpointConfiguration"])),
        "IncludedPortalProductArns": list(req.get("IncludedPortalProductArns") or []), "LastModified": ctx.clock.utcnow(),
        "PortalArn": _arn(ctx, f"/portals/{portal_id}"), "PortalContent": req["PortalContent"], "PortalId": portal_id,
        "Tags": dict(req.get("Tags") or {}),
    }
    for name in ("LogoUri", "RumAppMonitorName"):
        if name in req:
            attrs[name] = req[name]  # type: ignore[literal-required]
    r.save(ctx, r.PORTAL, Resource(attrs), portal_id)
    return {k: v for k, v in attrs.items() if k != "LogoUri"}  # type: ignore[return-value]


def get_portal(ctx: RequestContext, req: g.GetPortalRequest) -> g.GetPortalResponse:
    found = r.find(ctx, r.PORTAL, req["PortalId"])
    return {k: v for k, v in r.view(r.PORTAL, found).items() if k != "LogoUri"}  # type: ignore[return-value]


def list_portals(ctx: RequestContext, req: g.ListPortalsRequest) -> g.ListPortalsResponse:
    items = [{k: v for k, v in x.attrs.items() if k != "LogoUri"} for _, x in r.children(ctx, r.PORTAL)]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_portal(ctx: RequestContext, req: g.UpdatePortalRequest) -> g.UpdatePortalResponse:
    portal_id = req["PortalId"]
    found = r.find(ctx, r.PORTAL, portal_id)
    for name in ("Authorization", "IncludedPortalProductArns", "LogoUri", "PortalContent", "RumAppMonitorName"):
        if name in req:
            found.attrs[name] = req[name]  # type: ignore[literal-required]
    if "EndpointConfiguration" in req:
        found.attrs["EndpointConfiguration"] = _endpoint(ctx, portal_id, dict(req["EndpointConfiguration"]))
    found.attrs["LastModified"] = ctx.clock.utcnow()
    r.save(ctx, r.PORTAL, found, portal_id)
    return {k: v for k, v in found.attrs.items() if k != "LogoUri"}  # type: ignore[return-value]


def delete_portal(ctx: RequestContext, req: g.DeletePortalRequest) -> dict[str, Any]:
    r.remove(ctx, r.PORTAL, req["PortalId"])
    return {}


def publish_portal(ctx: RequestContext, req: g.PublishPortalRequest) -> g.PublishPortalResponse:
    found = r.find(ctx, r.PORTAL, req["PortalId"])
    found.attrs.update(PublishStatus="PUBLISHED", LastPublished=ctx.clock.utcnow())
    if "Description" in req:
        found.attrs["LastPublishedDescription"] = req["Description"]
    r.save(ctx, r.PORTAL, found, req["PortalId"])
    return {}


def disable_portal(ctx: RequestContext, req: g.DisablePortalRequest) -> dict[str, Any]:
    found = r.find(ctx, r.PORTAL, req["PortalId"])
    if found.attrs.get("PublishStatus") != "PUBLISHED":
        raise g.ConflictExceptionError(f"Portal {req['PortalId']} is not published")
    found.attrs["PublishStatus"] = "DISABLED"
    r.save(ctx, r.PORTAL, found, req["PortalId"])
    return {}


def preview_portal(ctx: RequestContext, req: g.PreviewPortalRequest) -> g.PreviewPortalResponse:
    portal_id = req["PortalId"]
    found = r.find(ctx, r.PORTAL, portal_id)
    found.attrs["Preview"] = {"PreviewStatus": "PREVIEW_READY", "PreviewUrl": f"https://{portal_id}.preview.portal.execute-api.{ctx.region}.on.aws"}
    r.save(ctx, r.PORTAL, found, portal_id)
    return {}


# Portal products.

def create_portal_product(ctx: RequestContext, req: g.CreatePortalProductRequest) -> g.CreatePortalProductResponse:
    product_id = r.new_id(r.PORTAL_PRODUCT.id_len)
    attrs: dict[str, Any] = {
        "Description": req.get("Description", ""), "DisplayName": req["DisplayName"], "DisplayOrder": {},
        "LastModified": ctx.clock.utcnow(), "PortalProductArn": _arn(ctx, f"/portalproducts/{product_id}"),
        "PortalProductId": product_id, "Tags": dict(req.get("Tags") or {}),
    }
    r.save(ctx, r.PORTAL_PRODUCT, Resource(attrs), product_id)
    return attrs  # type: ignore[return-value]


def get_portal_product(ctx: RequestContext, req: g.GetPortalProductRequest) -> g.GetPortalProductResponse:
    return r.view(r.PORTAL_PRODUCT, r.find(ctx, r.PORTAL_PRODUCT, req["PortalProductId"]))  # type: ignore[return-value]


def list_portal_products(ctx: RequestContext, req: g.ListPortalProductsRequest) -> g.ListPortalProductsResponse:
    items = [{k: v for k, v in x.attrs.items() if k != "DisplayOrder"} for _, x in r.children(ctx, r.PORTAL_PRODUCT)]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_portal_product(ctx: RequestContext, req: g.UpdatePortalProductRequest) -> g.UpdatePortalProductResponse:
    found = r.find(ctx, r.PORTAL_PRODUCT, req["PortalProductId"])
    found.attrs.update(r.pick(r.PORTAL_PRODUCT, dict(req), skip=("PortalProductId",)))
    found.attrs["LastModified"] = ctx.clock.utcnow()
    r.save(ctx, r.PORTAL_PRODUCT, found, req["PortalProductId"])
    return r.view(r.PORTAL_PRODUCT, found)  # type: ignore[return-value]


def delete_portal_product(ctx: RequestContext, req: g.DeletePortalProductRequest) -> dict[str, Any]:
    r.remove(ctx, r.PORTAL_PRODUCT, req["PortalProductId"])
    r.drop_children(ctx, r.PRODUCT_PAGE, req["PortalProductId"])
    r.drop_children(ctx, r.PRODUCT_REST_PAGE, req["PortalProductId"])
    return {}


def put_portal_product_sharing_policy(ctx: RequestContext, req: g.PutPortalProductSharingPolicyRequest) -> dict[str, Any]:
    found = r.find(ctx, r.PORTAL_PRODUCT, req["PortalProductId"])
    found.extra["SharingPolicy"] = req["PolicyDocument"]
    r.save(ctx, r.PORTAL_PRODUCT, found, req["PortalProductId"])
    return {}


def get_portal_product_sharing_policy(ctx: RequestContext, req: g.GetPortalProductSharingPolicyRequest) -> g.GetPortalProductSharingPolicyResponse:
    found = r.find(ctx, r.PORTAL_PRODUCT, req["PortalProductId"])
    if "SharingPolicy" not in found.extra:
        raise r.not_found("SharingPolicy", req["PortalProductId"])
    return {"PolicyDocument": found.extra["SharingPolicy"], "PortalProductId": req["PortalProductId"]}


def delete_portal_product_sharing_policy(ctx: RequestContext, req: g.DeletePortalProductSharingPolicyRequest) -> dict[str, Any]:
    found = r.find(ctx, r.PORTAL_PRODUCT, req["PortalProductId"])
    if found.extra.pop("SharingPolicy", None) is None:
        raise r.not_found("SharingPolicy", req["PortalProductId"])
    r.save(ctx, r.PORTAL_PRODUCT, found, req["PortalProductId"])
    return {}


# Product pages.

def create_product_page(ctx: RequestContext, req: g.CreateProductPageRequest) -> g.CreateProductPageResponse:
    product_id = req["PortalProductId"]
    r.find(ctx, r.PORTAL_PRODUCT, product_id)
    page_id = r.new_id(r.PRODUCT_PAGE.id_len)
    attrs = {
        "DisplayContent": req["DisplayContent"], "LastModified": ctx.clock.utcnow(),
        "ProductPageArn": _arn(ctx, f"/portalproducts/{product_id}/productpages/{page_id}"), "ProductPageId": page_id,
    }
    r.save(ctx, r.PRODUCT_PAGE, Resource(attrs), product_id, page_id)
    return attrs  # type: ignore[return-value]


def get_product_page(ctx: RequestContext, req: g.GetProductPageRequest) -> g.GetProductPageResponse:
    return r.view(r.PRODUCT_PAGE, r.find(ctx, r.PRODUCT_PAGE, req["PortalProductId"], req["ProductPageId"]))  # type: ignore[return-value]


def list_product_pages(ctx: RequestContext, req: g.ListProductPagesRequest) -> g.ListProductPagesResponse:
    r.find(ctx, r.PORTAL_PRODUCT, req["PortalProductId"])
    items = [
        {"LastModified": x.attrs["LastModified"], "PageTitle": x.attrs["DisplayContent"]["Title"],
         "ProductPageArn": x.attrs["ProductPageArn"], "ProductPageId": x.attrs["ProductPageId"]}
        for _, x in r.children(ctx, r.PRODUCT_PAGE, req["PortalProductId"])
    ]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_product_page(ctx: RequestContext, req: g.UpdateProductPageRequest) -> g.UpdateProductPageResponse:
    path = (req["PortalProductId"], req["ProductPageId"])
    found = r.find(ctx, r.PRODUCT_PAGE, *path)
    if "DisplayContent" in req:
        found.attrs["DisplayContent"] = req["DisplayContent"]
    found.attrs["LastModified"] = ctx.clock.utcnow()
    r.save(ctx, r.PRODUCT_PAGE, found, *path)
    return r.view(r.PRODUCT_PAGE, found)  # type: ignore[return-value]


def delete_product_page(ctx: RequestContext, req: g.DeleteProductPageRequest) -> dict[str, Any]:
    r.remove(ctx, r.PRODUCT_PAGE, req["PortalProductId"], req["ProductPageId"])
    return {}


# Product REST endpoint pages.

def _endpoint_content(ident: dict[str, Any], given: dict[str, Any] | None) -> dict[str, Any]:
    parts = ident.get("IdentifierParts") or {}
    content = {"Endpoint": f"{parts.get('Method', 'GET')} {parts.get('Path', '/')}"}
    overrides = (given or {}).get("Overrides") or {}
    content.update({k: v for k, v in overrides.items() if k in ("Body", "Endpoint", "OperationName")})
    return content


def create_product_rest_endpoint_page(ctx: RequestContext, req: g.CreateProductRestEndpointPageRequest) -> g.CreateProductRestEndpointPageResponse:
    product_id = req["PortalProductId"]
    r.find(ctx, r.PORTAL_PRODUCT, product_id)
    page_id = r.new_id(r.PRODUCT_REST_PAGE.id_len)
    ident = dict(req["RestEndpointIdentifier"])
    attrs = {
        "DisplayContent": _endpoint_content(ident, dict(req.get("DisplayContent") or {})), "LastModified": ctx.clock.utcnow(),
        "ProductRestEndpointPageArn": _arn(ctx, f"/portalproducts/{product_id}/productrestendpointpages/{page_id}"),
        "ProductRestEndpointPageId": page_id, "RestEndpointIdentifier": ident, "Status": "AVAILABLE",
        "TryItState": req.get("TryItState") or "DISABLED",
    }
    r.save(ctx, r.PRODUCT_REST_PAGE, Resource(attrs), product_id, page_id)
    return attrs  # type: ignore[return-value]


def get_product_rest_endpoint_page(ctx: RequestContext, req: g.GetProductRestEndpointPageRequest) -> g.GetProductRestEndpointPageResponse:
    found = r.find(ctx, r.PRODUCT_REST_PAGE, req["PortalProductId"], req["ProductRestEndpointPageId"])
    return r.view(r.PRODUCT_REST_PAGE, found)  # type: ignore[return-value]


def list_product_rest_endpoint_pages(ctx: RequestContext, req: g.ListProductRestEndpointPagesRequest) -> g.ListProductRestEndpointPagesResponse:
    r.find(ctx, r.PORTAL_PRODUCT, req["PortalProductId"])
    items = []
    for _, x in r.children(ctx, r.PRODUCT_REST_PAGE, req["PortalProductId"]):
        a = x.attrs
        item = {k: a[k] for k in ("LastModified", "ProductRestEndpointPageArn", "ProductRestEndpointPageId", "RestEndpointIdentifier", "Status", "TryItState")}
        item["Endpoint"] = a["DisplayContent"]["Endpoint"]
        if "OperationName" in a["DisplayContent"]:
            item["OperationName"] = a["DisplayContent"]["OperationName"]
        items.append(item)
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_product_rest_endpoint_page(ctx: RequestContext, req: g.UpdateProductRestEndpointPageRequest) -> g.UpdateProductRestEndpointPageResponse:
    path = (req["PortalProductId"], req["ProductRestEndpointPageId"])
    found = r.find(ctx, r.PRODUCT_REST_PAGE, *path)
    if "DisplayContent" in req:
        found.attrs["DisplayContent"] = _endpoint_content(found.attrs["RestEndpointIdentifier"], dict(req["DisplayContent"]))
    if "TryItState" in req:
        found.attrs["TryItState"] = req["TryItState"]
    found.attrs["LastModified"] = ctx.clock.utcnow()
    r.save(ctx, r.PRODUCT_REST_PAGE, found, *path)
    return r.view(r.PRODUCT_REST_PAGE, found)  # type: ignore[return-value]


def delete_product_rest_endpoint_page(ctx: RequestContext, req: g.DeleteProductRestEndpointPageRequest) -> dict[str, Any]:
    r.remove(ctx, r.PRODUCT_REST_PAGE, req["PortalProductId"], req["ProductRestEndpointPageId"])
    return {}
