"""Topic policies for callers from other accounts: which of them the topic's access policy lets in.

A caller of the topic's own account is let in (identity policies are the IAM step's business, not
this one's); a caller of another account needs a statement that allows the action (`SNS:Publish`,
...) on the topic to its account or principal, with its conditions met, and no statement denying it
(https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html). The default policy
allows only the owner (`AWS:SourceOwner`), so another account is refused until `AddPermission` or a
policy lets it in. Calls between services (S3 publishing, Lambda destinations) are not checked here.

Conditions understood: String*/Arn* operators (with `IfExists` and `ForAnyValue:` forms read plainly)
on `aws:SourceOwner`, `aws:SourceAccount`, `aws:PrincipalAccount`, `aws:PrincipalArn`; a condition on
any other key is taken as met, so a policy cumulo cannot fully read never locks a caller out.
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.sns.attributes import default_policy
from cumulo.services.sns.models import Topic


def check(ctx: RequestContext, topic: Topic, operation: str) -> None:
    """AuthorizationError unless the caller may run `operation` on the topic."""
    if ctx.request is None or ctx.account == topic.account:
        return
    policy = topic.attributes.get("Policy") or default_policy(topic)
    if not allows(policy, ctx.account, ctx.principal.arn, f"SNS:{operation}", topic.arn):
        raise AwsError("AuthorizationError", f"User: {ctx.principal.arn} is not authorized to perform: SNS:{operation} on resource: {topic.arn} "
                       f"because no resource-based policy allows the SNS:{operation} action")


def allows(policy: str, account: str, principal: str, action: str, resource: str) -> bool:
    try:
        doc = json.loads(policy)
    except ValueError:
        return False
    statements = doc.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    context = {"aws:sourceowner": account, "aws:sourceaccount": account, "aws:principalaccount": account, "aws:principalarn": principal}
    allowed = False
    for st in statements:
        if not isinstance(st, dict):
            continue
        if not (_principal(st.get("Principal"), account, principal) and _matches(st.get("Action"), action, fold=True)
                and _matches(st.get("Resource", "*"), resource) and _conditions(st.get("Condition") or {}, context)):
            continue
        if st.get("Effect") == "Deny":
            return False
        allowed = allowed or st.get("Effect") == "Allow"
    return allowed


def _listed(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value is not None else []


def _principal(given: Any, account: str, principal: str) -> bool:
    if given == "*":
        return True
    if not isinstance(given, dict):
        return False
    for who in _listed(given.get("AWS")):
        if who in ("*", account, f"arn:aws:iam::{account}:root", principal):
            return True
    return False


def _matches(patterns: Any, value: str, fold: bool = False) -> bool:
    for pattern in _listed(patterns):
        if fnmatch.fnmatchcase(value.lower() if fold else value, pattern.lower() if fold else pattern):
            return True
    return False


def _conditions(conditions: dict[str, Any], context: dict[str, str]) -> bool:
    for operator, tests in conditions.items():
        base = operator.split(":")[-1].removesuffix("IfExists")
        if not isinstance(tests, dict):
            continue
        for key, expected in tests.items():
            actual = context.get(key.lower())
            if actual is None:
                continue  # a key cumulo does not know: taken as met
            wanted = _listed(expected)
            if base in ("StringEquals", "ArnEquals"):
                ok = actual in wanted
            elif base == "StringEqualsIgnoreCase":
                ok = actual.lower() in [w.lower() for w in wanted]
            elif base in ("StringLike", "ArnLike"):
                ok = any(fnmatch.fnmatchcase(actual, w) for w in wanted)
            elif base in ("StringNotEquals", "ArnNotEquals"):
                ok = actual not in wanted
            elif base in ("StringNotLike", "ArnNotLike"):
                ok = not any(fnmatch.fnmatchcase(actual, w) for w in wanted)
            else:
                continue  # an operator cumulo does not read: taken as met
            if not ok:
                return False
    return True
