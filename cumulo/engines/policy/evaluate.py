"""AWS's policy evaluation logic over plain values.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
In order, for one (principal, action, resource, context):
1. an explicit Deny in any policy that applies (identity, resource, boundary,
   session, organizations) denies;
2. each organizations policy level given must allow;
3. a resource-based policy that allows, for a principal of the resource's own
   account named by its ARN, allows (boundaries and session policies do not
   limit it);
4. otherwise the identity-based policies must allow (or, in the same account,
   the resource policy), and each permissions boundary and session policy given
   must allow too;
5. across accounts, both the caller's identity policies and the resource
   policy of the owning account must allow.
An empty set of policies denies. The root user of an account is allowed in
its own account unless a policy denies explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cumulo.engines.policy.conditions import SUBSTITUTED, holds
from cumulo.engines.policy.document import Matcher, Policy, Statement, matcher

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SPECIAL = {"*": "*", "?": "?", "$": "$"}


@dataclass(slots=True)
class Principal:
    """Who asks. `arns` are every ARN a resource policy may name it by: a role
    session is `arn:aws:sts::A:assumed-role/R/S` and also its role's ARN."""

    account: str
    arn: str
    arns: tuple[str, ...] = ()
    service: str = ""  # "lambda.amazonaws.com" for a service principal
    federated: str = ""
    root: bool = False


@dataclass(slots=True)
class Request:
    principal: Principal
    action: str  # "sqs:SendMessage"
    resource: str  # an ARN, or "*"
    resource_account: str = ""  # the owning account; "" = the principal's
    # Context keys, lowercased, each with its values (multivalued keys hold several).
    context: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Match:
    """A statement that took part in a decision: which policy, which statement."""

    policy: str  # the policy's label given by the caller (its ARN, "inline:Name", "resource", ...)
    kind: str  # "identity" | "resource" | "boundary" | "session" | "organizations"
    statement: Statement

    def describe(self) -> dict[str, Any]:
        st = self.statement
        return {"policy": self.policy, "type": self.kind, "sid": st.sid, "index": st.index, "effect": st.effect}


@dataclass(slots=True)
class Decision:
    allowed: bool
    # "allowed", "explicit_deny", or the implicit deny's reason: "no_identity",
    # "no_resource", "no_boundary", "no_session", "no_organizations".
    reason: str
    matched: list[Match] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # context keys a condition asked for and didn't find

    @property
    def deciding(self) -> Match | None:
        return self.matched[0] if self.matched else None


Labelled = tuple[str, Policy]  # (label, policy)


def evaluate(
    request: Request,
    identity: list[Labelled] = (),  # type: ignore[assignment]
    resource: Labelled | None = None,
    boundaries: list[Labelled] = (),  # type: ignore[assignment]
    sessions: list[Labelled] = (),  # type: ignore[assignment]
    organizations: list[list[Labelled]] = (),  # type: ignore[assignment]
) -> Decision:
    """The decision for one request, and the statements that made it."""
    missing: list[str] = []
    action = request.action.lower()
    groups: list[tuple[str, list[Labelled]]] = [("identity", list(identity)), ("boundary", list(boundaries)),
                                                 ("session", list(sessions))]
    if resource is not None:
        groups.append(("resource", [resource]))
    for level in organizations:
        groups.append(("organizations", list(level)))
    allows: dict[str, list[Match]] = {}
    for kind, policies in groups:
        for label, policy in policies:
            for st in policy.statements:
                if not _applies(st, policy, request, action, kind, missing):
                    continue
                match = Match(label, kind, st)
                if st.effect == "Deny":
                    return Decision(False, "explicit_deny", [match], missing)
                allows.setdefault(kind, []).append(match)
    for level in organizations:
        labels = {label for label, _ in level}
        if not any(m.policy in labels for m in allows.get("organizations", [])):
            return Decision(False, "no_organizations", [], missing)
    principal = request.principal
    same_account = not request.resource_account or request.resource_account == principal.account
    resource_allows = [m for m in allows.get("resource", []) if _grants(m.statement, principal, same_account)]
    if same_account and principal.root:
        return Decision(True, "allowed", resource_allows or allows.get("identity", []), missing)
    if same_account and resource_allows and _names_exactly(resource_allows, principal):
        return Decision(True, "allowed", resource_allows, missing)
    identity_allows = allows.get("identity", [])
    if not same_account:
        if resource is None or not resource_allows:
            return Decision(False, "no_resource", [], missing)
        if not identity_allows and not principal.root and not principal.service:
            return Decision(False, "no_identity", [], missing)
    elif not identity_allows and not resource_allows:
        return Decision(False, "no_identity", [], missing)
    if boundaries and not allows.get("boundary") and not principal.service:
        return Decision(False, "no_boundary", [], missing)
    if sessions and not allows.get("session"):
        return Decision(False, "no_session", [], missing)
    return Decision(True, "allowed", identity_allows + resource_allows, missing)


def allowing(request: Request, policy: Labelled, kind: str = "resource") -> list[Match]:
    """The Allow statements of one policy that apply to the request (principal,
    action, resource and conditions), whatever the other policies say."""
    label, parsed = policy
    action = request.action.lower()
    return [Match(label, kind, st) for st in parsed.statements
            if st.effect == "Allow" and _applies(st, parsed, request, action, kind, [])]


def _grants(st: Statement, principal: Principal, same_account: bool) -> bool:
    """Whether a matching resource-policy Allow grants this principal on its own.
    In its own account, a policy naming only the account (root) defers to IAM."""
    if not same_account:
        return True
    names = st.principals or {}
    if "*" in names or "*" in names.get("AWS", ()):
        return True
    if principal.service and principal.service in names.get("Service", ()):
        return True
    if principal.federated and principal.federated in names.get("Federated", ()):
        return True
    return any(a in names.get("AWS", ()) for a in (principal.arn, *principal.arns))


def _names_exactly(matches: list[Match], principal: Principal) -> bool:
    """A resource policy naming the user or session ARN itself (not its role, not its
    account) allows regardless of boundaries and session policies."""
    return any(principal.arn in (m.statement.principals or {}).get("AWS", ()) for m in matches)


def _applies(st: Statement, policy: Policy, request: Request, action: str, kind: str, missing: list[str]) -> bool:
    if st.actions is not None and not st.actions.matches(action):
        return False
    if st.not_actions is not None and st.not_actions.matches(action):
        return False
    if kind in ("resource",) and not _principal_matches(st, request.principal):
        return False
    if st.resources is not None and not _resource_matches(st.resources, policy, request):
        return False
    if st.not_resources is not None and _resource_matches(st.not_resources, policy, request):
        return False
    for condition in st.conditions:
        actual = request.context.get(condition.key)
        if actual is None and condition.key.startswith("aws:") and condition.key not in missing:
            missing.append(condition.key)
        wanted = condition.values
        if policy.variables and condition.operator in SUBSTITUTED:
            wanted = tuple(v for v in (substitute(w, request.context) for w in wanted) if v is not None)
            if not wanted:
                return False
        if not holds(condition, actual, wanted):
            return False
    return True


def _resource_matches(resources: Matcher, policy: Policy, request: Request) -> bool:
    if resources.variables and policy.variables:
        values = [v for v in (substitute(r, request.context) for r in resources.raw) if v is not None]
        return matcher(values, False).matches(request.resource) if values else False
    return resources.matches(request.resource)


def _principal_matches(st: Statement, principal: Principal) -> bool:
    if st.principals is not None:
        return principal_in(st.principals, principal)
    if st.not_principals is not None:
        return not principal_in(st.not_principals, principal)
    return True


def principal_in(names: dict[str, tuple[str, ...]], principal: Principal) -> bool:
    """Whether a Principal element names this principal (directly, by role, or by account)."""
    if "*" in names:
        return True
    if principal.service:
        return principal.service in names.get("Service", ())
    if principal.federated:
        return principal.federated in names.get("Federated", ())
    for name in names.get("AWS", ()):
        if name == "*" or name == principal.account or name == f"arn:aws:iam::{principal.account}:root":
            return True
        if name == principal.arn or name in principal.arns:
            return True
        if "*" in name and any(matcher([name], False).matches(a) for a in (principal.arn, *principal.arns)):
            return True
    return False


def substitute(text: str, context: Mapping[str, Sequence[str]]) -> str | None:
    """`text` with its policy variables replaced from the context; None when one is
    missing and has no default (the element then matches nothing)."""
    if "${" not in text:
        return text
    failed = False

    def one(m: re.Match[str]) -> str:
        nonlocal failed
        name, _, default = m.group(1).partition(",")
        name = name.strip()
        if name in _SPECIAL:
            return _SPECIAL[name]
        values = context.get(name.lower())
        if values and len(values) == 1:
            return values[0]
        if default:
            return default.strip().strip("'")
        failed = True
        return ""

    result = _VARIABLE.sub(one, text)
    return None if failed else result
