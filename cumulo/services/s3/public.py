"""Whether a bucket policy is "public", as S3 Block Public Access decides it.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status

A policy is public when some `Allow` statement grants access to a principal
that is not fixed: `"*"`, `{"AWS": "*"}`, or an ARN/account with a wildcard,
unless the statement is narrowed by a condition that pins one of the keys S3
accepts as fixed (source IP ranges, VPCs and endpoints, source ARNs and
accounts, the principal's account, ARN or organization) to values without
wildcards. `Deny` statements never make a policy public; `NotPrincipal` in an
Allow does (it grants everyone else).
"""

from __future__ import annotations

import ipaddress
from typing import Any

# Condition keys whose fixed values make a statement non-public.
FIXING_KEYS = frozenset(
    k.lower()
    for k in (
        "aws:SourceIp", "aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceAccount", "aws:SourceOwner",
        "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths", "aws:userid", "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
    )
)
# Operators that compare with the values as given (no `*`/`?` matching, no negation).
_FIXING_OPERATORS = ("stringequals", "stringequalsignorecase", "arnequals", "arnlike", "stringlike", "ipaddress")
# An IP range wider than these is as good as everyone.
_MIN_PREFIX = {4: 8, 6: 32}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _fixed_principal(principal: Any) -> bool:
    if principal == "*":
        return False
    if isinstance(principal, dict):
        values = [v for vs in principal.values() for v in _as_list(vs)]
    else:
        values = _as_list(principal)
    return all(isinstance(v, str) and "*" not in v and "?" not in v for v in values)


def _fixed_value(key: str, value: Any) -> bool:
    if not isinstance(value, str) or "*" in value or "?" in value:
        return False
    if key == "aws:sourceip":
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            return False
        return network.prefixlen >= _MIN_PREFIX[network.version]
    return True


def _fixed_by_condition(condition: Any) -> bool:
    if not isinstance(condition, dict):
        return False
    for operator, pairs in condition.items():
        op = operator.lower()
        if op.startswith("forallvalues:") or op.startswith("foranyvalue:"):
            op = op.split(":", 1)[1]
        # `...IfExists` passes when the key is absent, so it pins nothing.
        if op not in _FIXING_OPERATORS or not isinstance(pairs, dict):
            continue
        for key, values in pairs.items():
            if key.lower() in FIXING_KEYS and all(_fixed_value(key.lower(), v) for v in _as_list(values)):
                return True
    return False


def statement_is_public(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    if "NotPrincipal" in statement:
        return True
    if _fixed_principal(statement.get("Principal")):
        return False
    return not _fixed_by_condition(statement.get("Condition"))


def policy_is_public(policy: dict[str, Any]) -> bool:
    statements = policy.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    return any(isinstance(s, dict) and statement_is_public(s) for s in statements)
