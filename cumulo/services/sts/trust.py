"""Trust policies for federated sessions (AssumeRoleWithWebIdentity, AssumeRoleWithSAML),
checked by STS itself when IAM is enforced: these calls are unsigned, so the gateway's
authorize step has no caller to judge; the identity provider is the principal."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.engines import policy as engine


def mode(ctx: RequestContext) -> str:
    """"enforce", "audit", or "" (CUMULO_ENFORCE_IAM)."""
    setting = ctx.runtime.config.enforce_iam.strip().lower()
    if setting in ("", "0", "false", "off", "no"):
        return ""
    return "audit" if setting == "audit" else "enforce"


async def check(ctx: RequestContext, role: dict[str, Any] | None, role_arn: str, action: str, provider_arn: str,
                context: dict[str, list[str]]) -> None:
    """Refuse (or, in audit mode, only record) a federated principal the role's trust policy does not let in."""
    decision = engine.Decision(False, "no_resource")
    if role is not None:
        document = unquote(role["AssumeRolePolicyDocument"])
        try:
            policy = engine.parse(document, kind="trust")
        except engine.PolicyError:
            policy = None
        if policy is not None:
            who = engine.Principal(role_arn.split(":")[4], provider_arn, federated=provider_arn)
            request = engine.Request(who, action, role_arn, role_arn.split(":")[4],
                                     {k.lower(): v for k, v in context.items()})
            decision = engine.evaluate(request, [], ("trust", policy))
            if decision.allowed and not any(m.kind == "resource" for m in decision.matched):
                decision = engine.Decision(False, "no_resource", [], decision.missing)
    how = mode(ctx)
    from cumulo.auth.decisions import Record, decisions

    account = role_arn.split(":")[4]
    decisions(ctx.runtime).append(Record(
        ctx.clock.now(), ctx.request_id, provider_arn, account, "sts", ctx.operation, action, role_arn, account,
        decision.allowed, how == "enforce", decision.reason, tuple(decision.deciding.describe().items()) if decision.deciding else None,
        tuple(decision.missing),
    ))
    if not decision.allowed and how == "enforce":
        raise AwsError("AccessDenied", f"Not authorized to perform {action}", status=403)
