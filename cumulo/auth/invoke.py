"""`execute-api:Invoke` for API Gateway's AWS_IAM routes and methods (REST and HTTP APIs).

On AWS an IAM-authorized route runs only when the signing principal's policies allow
`execute-api:Invoke` on the method ARN; the same decision as any API call makes it here
(`decide`: identity policies, boundaries, session policies, global condition keys), so
both API Gateway data planes ask this one function.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from cumulo.auth.actions import Action
from cumulo.auth.authorize import decide
from cumulo.auth.keys import resolve
from cumulo.core.context import Principal, RequestContext

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.core.http import Request

INVOKE = Action("execute-api:Invoke", (), True)
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")


class Verdict(NamedTuple):
    principal: Principal | None  # None: the key is no one's
    allowed: bool


def signing_key(authorization: str, query: dict[str, Any]) -> str | None:
    """The access key a SigV4-signed request names (header or presigned query); None when unsigned."""
    found = _CREDENTIAL.search(authorization) if authorization.startswith("AWS4-HMAC-SHA256") else None
    if found is not None:
        return found.group(1)
    credential = query.get("X-Amz-Credential")
    return str(credential).split("/")[0] if credential else None


def may_invoke(runtime: Runtime, access_key: str, region: str, method_arn: str, request_id: str,
               request: Request | None = None) -> Verdict:
    principal = resolve(runtime, access_key, region)
    if principal is None:
        return Verdict(None, False)
    ctx = RequestContext("execute-api", "Invoke", principal.account, region, request_id, runtime, principal, request)
    decision, _ = decide(ctx, INVOKE, method_arn, {})
    return Verdict(principal, decision.allowed)
