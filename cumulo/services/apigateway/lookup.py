"""Finding API Gateway entities for a request, with AWS's NotFound/Conflict errors, and paging.

AWS's messages (as its API answers them): an unknown API is "Invalid API identifier
specified <account>:<id>", an unknown resource "Invalid Resource identifier
specified", a method "Invalid Method identifier specified", and so on.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.apigateway.models import SERVICE, Resource, RestApi
from cumulo.state.store import Table


def not_found(message: str) -> AwsError:
    return AwsError("NotFoundException", message, status=404)


def conflict(message: str) -> AwsError:
    return AwsError("ConflictException", message, status=409)


def bad_request(message: str) -> AwsError:
    return AwsError("BadRequestException", message, status=400)


def table(ctx: RequestContext, name: str) -> Table:
    return ctx.store.scope(SERVICE, ctx.account, ctx.region).table(name)


def api(ctx: RequestContext, api_id: str) -> RestApi:
    found: RestApi | None = table(ctx, "apis").get(api_id)
    if found is None:
        raise not_found(f"Invalid API identifier specified {ctx.account}:{api_id}")
    return found


def touch(ctx: RequestContext, rest_api: RestApi) -> None:
    table(ctx, "apis").touch(rest_api.id)


def resource(rest_api: RestApi, resource_id: str) -> Resource:
    found = rest_api.resources.get(resource_id)
    if found is None:
        raise not_found("Invalid Resource identifier specified")
    return found


def method(rest_api: RestApi, resource_id: str, verb: str) -> dict[str, Any]:
    found = resource(rest_api, resource_id).methods.get(verb)
    if found is None:
        raise not_found("Invalid Method identifier specified")
    return found


def integration(rest_api: RestApi, resource_id: str, verb: str) -> dict[str, Any]:
    found = method(rest_api, resource_id, verb).get("methodIntegration")
    if found is None:
        raise not_found("Invalid Integration identifier specified")
    return found


def page(items: list[dict[str, Any]], req: dict[str, Any], key: str = "items") -> dict[str, Any]:
    """`position`/`limit` paging as API Gateway does it: `position` is opaque; here the
    index of the next item."""
    start = 0
    if req.get("position"):
        try:
            start = int(req["position"])
        except ValueError:
            raise bad_request("Invalid position parameter") from None
    limit = req.get("limit") or 25
    if limit > 500:
        raise bad_request("1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 500")
    chunk = items[start:start + limit]
    out: dict[str, Any] = {key: chunk}
    if start + limit < len(items):
        out["position"] = str(start + limit)
    return out


def tags_from(req: dict[str, Any]) -> dict[str, str]:
    return dict(req.get("tags") or {})
