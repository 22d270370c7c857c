"""Cross-account access: another account's repository is reached (through the API with a
`registryId`, or through the registry with that account's token) only as its repository
policy allows, decided by the policy engine (cumulo.engines.policy) as AWS decides it.
Within its own account a caller needs no repository policy (identity policies are the
gateway's business, with CUMULO_ENFORCE_IAM)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.engines.policy import document
from cumulo.engines.policy.evaluate import Principal, evaluate
from cumulo.engines.policy.evaluate import Request as PolicyRequest
from cumulo.generated.ecr import InvalidParameterExceptionError
from cumulo.services.ecr import common
from cumulo.services.ecr.models import Repository

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext

ACCOUNT = re.compile(r"^\d{12}$")


def allows(repo: Repository, account: str, arns: tuple[str, ...], action: str) -> bool:
    """Whether the repository's policy lets a principal of another account do `action`."""
    if not repo.policy:
        return False
    try:
        policy = document.parse(repo.policy, "resource")
    except ValueError:
        return False
    root = f"arn:aws:iam::{account}:root"
    who = Principal(account, arns[0] if arns else root, (*arns, root), root=not arns or arns[0] == root)
    return evaluate(PolicyRequest(who, action, repo.arn, repo.account), resource=("repository", policy)).allowed


def denied(arn: str, action: str, repo: Repository) -> str:
    return (f"User: {arn} is not authorized to perform: {action} on resource: {repo.arn} "
            "because no resource-based policy allows the action")


def account_for(ctx: RequestContext, req: Any) -> str:
    given = req.get("registryId")
    if not given or given == ctx.account:
        return ctx.account
    if not ACCOUNT.match(given):
        raise InvalidParameterExceptionError(
            "Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''")
    return str(given)


def check(ctx: RequestContext, repo: Repository) -> Repository:
    """`repo`, when the caller may act on it as `ctx.operation`; AccessDeniedException otherwise."""
    if repo.account == ctx.account:
        return repo
    action = f"ecr:{ctx.operation}"
    if not allows(repo, ctx.account, (ctx.principal.arn,), action):
        raise AwsError("AccessDeniedException", denied(ctx.principal.arn, action, repo), status=400)
    return repo


def repository_for(ctx: RequestContext, req: Any) -> Repository:
    """The repository a request names, in the caller's registry or, by `registryId`, another's."""
    return check(ctx, common.repository(ctx.store, account_for(ctx, req), ctx.region, req["repositoryName"]))
