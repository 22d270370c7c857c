"""Platform applications and endpoints (mobile push): recorded, with `Enabled` handling.

Pushes are not sent to APNS/FCM; a publish to an enabled endpoint is recorded in the delivery
ledger (GET /_aws/sns/platform-endpoint-messages shows them as LocalStack does).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import sns as wire
from cumulo.services.sns.api.common import page
from cumulo.services.sns.errors import APPLICATION_NOT_FOUND, ENDPOINT_NOT_FOUND, invalid, not_found
from cumulo.services.sns.models import PlatformApplication, PlatformEndpoint

PLATFORMS = ("ADM", "APNS", "APNS_SANDBOX", "BAIDU", "GCM", "MPNS", "WNS")
_NAME = re.compile(r"^[\w.-]{1,256}$")
# What each platform's application must be given (https://docs.aws.amazon.com/sns/latest/api/API_SetPlatformApplicationAttributes.html).
CREDENTIALS = {"GCM": ("PlatformCredential",), "ADM": ("PlatformCredential", "PlatformPrincipal"), "BAIDU": ("PlatformCredential", "PlatformPrincipal")}
APP_ATTRIBUTES = {
    "PlatformCredential", "PlatformPrincipal", "EventEndpointCreated", "EventEndpointDeleted", "EventEndpointUpdated",
    "EventDeliveryFailure", "SuccessFeedbackRoleArn", "FailureFeedbackRoleArn", "SuccessFeedbackSampleRate",
    "ApplePlatformTeamID", "ApplePlatformBundleID", "Enabled", "AuthenticationMethod",
}
ENDPOINT_ATTRIBUTES = {"CustomUserData", "Enabled", "Token"}
HIDDEN = {"PlatformCredential", "PlatformPrincipal"}


def _apps(ctx: RequestContext) -> Any:
    return ctx.scope.table("apps")


def _endpoints_of(ctx: RequestContext, arn: str) -> Any:
    parts = arn.split(":")
    if len(parts) != 6:
        raise invalid("EndpointArn Reason: Invalid ARN")
    return ctx.store.scope("sns", parts[4], parts[3]).table("endpoints")


def _app(ctx: RequestContext, arn: str) -> PlatformApplication:
    parts = arn.split(":")
    if len(parts) != 6 or not parts[5].startswith("app/"):
        raise invalid("PlatformApplicationArn Reason: Wrong number of slashes in relative portion of the ARN.")
    found = ctx.store.scope("sns", parts[4], parts[3]).table("apps").get(arn)
    if found is None:
        raise not_found(APPLICATION_NOT_FOUND)
    return found


def _endpoint(ctx: RequestContext, arn: str) -> PlatformEndpoint:
    found = _endpoints_of(ctx, arn).get(arn)
    if found is None:
        raise not_found(ENDPOINT_NOT_FOUND)
    return found


def _check_app_attributes(platform: str, attrs: dict[str, str], creating: bool) -> None:
    for name in attrs:
        if name not in APP_ATTRIBUTES:
            raise invalid(f"Attributes Reason: Invalid attribute name: {name}")
    if creating:
        for needed in CREDENTIALS.get(platform, ()):
            if not attrs.get(needed):
                raise invalid(f"Attributes Reason: {needed} is required for {platform}")


def create_platform_application(ctx: RequestContext, req: wire.CreatePlatformApplicationInput) -> wire.CreatePlatformApplicationResponse:
    name, platform = req["Name"], req["Platform"]
    if not _NAME.match(name):
        raise invalid("Invalid platform application name")
    if platform not in PLATFORMS:
        raise invalid(f"Platform Reason: {platform} is not supported")
    attrs = dict(req.get("Attributes") or {})
    _check_app_attributes(platform, attrs, creating=True)
    arn = f"arn:aws:sns:{ctx.region}:{ctx.account}:app/{platform}/{name}"
    existing = _apps(ctx).get(arn)
    if existing is not None:
        existing.attributes.update(attrs)
        _apps(ctx).touch(arn)
    else:
        attrs.setdefault("Enabled", "true")
        _apps(ctx)[arn] = PlatformApplication(arn, name, platform, attrs)
    return {"PlatformApplicationArn": arn}


def delete_platform_application(ctx: RequestContext, req: wire.DeletePlatformApplicationInput) -> dict[str, Any]:
    arn = req["PlatformApplicationArn"]
    if arn in _apps(ctx):
        del _apps(ctx)[arn]
        endpoints = ctx.scope.table("endpoints")
        for key in [k for k, e in endpoints.rows.items() if e.application_arn == arn]:
            del endpoints[key]
    return {}


def _visible(attrs: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in attrs.items() if k not in HIDDEN}


def get_platform_application_attributes(ctx: RequestContext, req: wire.GetPlatformApplicationAttributesInput) -> wire.GetPlatformApplicationAttributesResponse:
    return {"Attributes": _visible(_app(ctx, req["PlatformApplicationArn"]).attributes)}


def set_platform_application_attributes(ctx: RequestContext, req: wire.SetPlatformApplicationAttributesInput) -> dict[str, Any]:
    app = _app(ctx, req["PlatformApplicationArn"])
    attrs = dict(req["Attributes"])
    _check_app_attributes(app.platform, attrs, creating=False)
    app.attributes.update(attrs)
    ctx.store.scope("sns", *_scope(app.arn)).table("apps").touch(app.arn)
    return {}


def _scope(arn: str) -> tuple[str, str]:
    parts = arn.split(":")
    return parts[4], parts[3]


def list_platform_applications(ctx: RequestContext, req: wire.ListPlatformApplicationsInput) -> dict[str, Any]:
    apps = sorted(_apps(ctx).rows.values(), key=lambda a: a.arn)
    chunk, token = page(apps, req.get("NextToken"))
    out: dict[str, Any] = {"PlatformApplications": [{"PlatformApplicationArn": a.arn, "Attributes": _visible(a.attributes)} for a in chunk]}
    if token:
        out["NextToken"] = token
    return out


def create_platform_endpoint(ctx: RequestContext, req: wire.CreatePlatformEndpointInput) -> wire.CreateEndpointResponse:
    app = _app(ctx, req["PlatformApplicationArn"])
    token = req["Token"]
    if not token:
        raise invalid("Token Reason: cannot be empty")
    attrs = dict(req.get("Attributes") or {})
    for name in attrs:
        if name not in ENDPOINT_ATTRIBUTES:
            raise invalid(f"Attributes Reason: Invalid attribute name: {name}")
    if req.get("CustomUserData") is not None:
        attrs["CustomUserData"] = req["CustomUserData"]
    table = ctx.store.scope("sns", *_scope(app.arn)).table("endpoints")
    for ep in table.rows.values():
        if ep.application_arn == app.arn and ep.token == token:
            wanted = {"Enabled": "true", **attrs, "Token": token}
            if any(ep.attributes.get(k) != v for k, v in wanted.items()):
                raise invalid(f"Token Reason: Endpoint {ep.arn} already exists with the same Token, but different attributes.")
            return {"EndpointArn": ep.arn}
    arn = f"arn:aws:sns:{ctx.region}:{ctx.account}:endpoint/{app.platform}/{app.name}/{uuid.uuid4()}"
    table[arn] = PlatformEndpoint(arn, app.arn, token, {"Enabled": "true", **attrs, "Token": token})
    return {"EndpointArn": arn}


def delete_endpoint(ctx: RequestContext, req: wire.DeleteEndpointInput) -> dict[str, Any]:
    table = _endpoints_of(ctx, req["EndpointArn"])
    if req["EndpointArn"] in table:
        del table[req["EndpointArn"]]
    return {}


def get_endpoint_attributes(ctx: RequestContext, req: wire.GetEndpointAttributesInput) -> wire.GetEndpointAttributesResponse:
    return {"Attributes": dict(_endpoint(ctx, req["EndpointArn"]).attributes)}


def set_endpoint_attributes(ctx: RequestContext, req: wire.SetEndpointAttributesInput) -> dict[str, Any]:
    ep = _endpoint(ctx, req["EndpointArn"])
    attrs = dict(req["Attributes"])
    for name, value in attrs.items():
        if name not in ENDPOINT_ATTRIBUTES:
            raise invalid(f"Attributes Reason: Invalid attribute name: {name}")
        if name == "Enabled" and value.lower() not in ("true", "false"):
            raise invalid("Attributes Reason: Enabled must be true or false")
    ep.attributes.update(attrs)
    if "Token" in attrs:
        ep.token = attrs["Token"]
    _endpoints_of(ctx, ep.arn).touch(ep.arn)
    return {}


def list_endpoints_by_platform_application(ctx: RequestContext, req: wire.ListEndpointsByPlatformApplicationInput) -> dict[str, Any]:
    app = _app(ctx, req["PlatformApplicationArn"])
    table = ctx.store.scope("sns", *_scope(app.arn)).table("endpoints")
    eps = sorted((e for e in table.rows.values() if e.application_arn == app.arn), key=lambda e: e.arn)
    chunk, token = page(eps, req.get("NextToken"))
    out: dict[str, Any] = {"Endpoints": [{"EndpointArn": e.arn, "Attributes": dict(e.attributes)} for e in chunk]}
    if token:
        out["NextToken"] = token
    return out
