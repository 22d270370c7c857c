"""`execute-api:Invoke` for API Gateway's AWS_IAM routes and methods (REST and HTTP APIs).

On AWS an IAM-authorized route runs only when the signing principal's policies allow
`execute-api:Invoke` on the method ARN; the same decision as any API call makes it here
(the principal's identity policies, evaluated by the policy engine), so both API Gateway
data planes ask this one function.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from cumulo import services
from cumulo.auth.keys import resolve
from cumulo.core.context import Principal, RequestContext
from cumulo.engines import policy as engine

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.core.http import Request

INVOKE = "execute-api:Invoke"
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
    iam = services.get("iam")
    if iam is None or iam.identity_policies is None:
        return Verdict(principal, True)  # no IAM, no policies: every signed key may call
    ctx = RequestContext("execute-api", "Invoke", principal.account, region, request_id, runtime, principal, request)
    identity = iam.identity_policies(ctx)
    if identity is None or identity.kind == "root":
        return Verdict(principal, True)  # an account's root may invoke its own APIs
    policies = []
    for label, document in identity.policies:
        try:
            policies.append((label, engine.parse(document, kind="identity")))
        except engine.PolicyError:
            continue  # a stored document IAM accepted under older rules grants nothing
    context: dict[str, list[str]] = {"aws:requestedregion": [region]}
    if request is not None and request.client:
        context["aws:sourceip"] = [request.client]
    who = engine.Principal(principal.account, principal.arn, (identity.role_arn,) if identity.role_arn else ())
    decision = engine.evaluate(engine.Request(who, INVOKE, method_arn, principal.account, context), identity=policies)
    return Verdict(principal, decision.allowed)
