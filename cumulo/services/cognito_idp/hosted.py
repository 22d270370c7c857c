"""The OAuth2 endpoints and the hosted sign-in page (filled in below)."""

from __future__ import annotations

from cumulo.core.context import RequestContext
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.cognito_idp.models import UserPool


def base_url(ctx: RequestContext, pool: UserPool) -> str:
    host = ctx.request.host if ctx.request else "localhost"
    return f"http://{host}"


async def serve(runtime: Runtime, request: Request) -> Response | None:
    return None
