"""The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the context keys
_policies use, answered by the same engine that authorizes requests."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.engines import policy as engine
from cumulo.generated import iam as wire
from cumulo.services.iam import common as c
from cumulo.services.iam import principals

_DECISIONS = {"allowed": "allowed", "explicit_deny": "explicitDeny"}


def _parse(document: str, kind: str = "identity") -> engine.Policy:
    try:
        return engine.parse(document, kind=kind)
    except engine.PolicyError as error:
        raise wire.InvalidInputExceptionError(str(error)) from None  # the simulator's word for a bad document


def _statement_positions(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) as (line, column), 1-based, of each statement object in a document."""
    spans: list[tuple[int, int]] = []
    key = text.find('"Statement"')
    i = text.find(":", key) + 1 if key >= 0 else len(text)
    depth, start, in_string, escaped = 0, -1, False, False
    while i < len(text):
        ch = text[i]
        if in_string:
            escaped = not escaped and ch == "\\"
            if ch == '"' and not escaped:
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
            if depth < 0:
                break
        elif ch == "]" and depth == 0:
            break
        i += 1

    def where(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    return [(where(a), where(b)) for a, b in spans]


def _statement(match: engine.Match, sources: dict[str, tuple[str, str]]) -> wire.Statement:
    source_id, source_type = sources.get(match.policy, (match.policy, "none"))
    document = match.statement and sources.get(match.policy + "#text", ("", ""))[0]
    positions = _statement_positions(document) if document else []
    out: wire.Statement = {"SourcePolicyId": source_id, "SourcePolicyType": source_type}
    if match.statement.index < len(positions):
        (sl, sc), (el, ec) = positions[match.statement.index]
        out["StartPosition"] = {"Line": sl, "Column": sc}
        out["EndPosition"] = {"Line": el, "Column": ec}
    return out


def _context(entries: list[wire.ContextEntry] | None) -> dict[str, list[str]]:
    context: dict[str, list[str]] = {}
    for entry in entries or []:
        if not entry.get("ContextKeyName"):
            raise wire.InvalidInputExceptionError("Context entries must name a context key.")
        context[entry["ContextKeyName"].lower()] = [str(v) for v in entry.get("ContextKeyValues", [])]
    return context


def _simulate(ctx: RequestContext, req: Any, identity: list[tuple[str, engine.Policy]], sources: dict[str, tuple[str, str]],
              caller: engine.Principal, boundaries: list[tuple[str, engine.Policy]]) -> dict[str, Any]:
    resource_policy = None
    if req.get("ResourcePolicy"):
        resource_policy = ("resource", _parse(req["ResourcePolicy"], "resource"))
        sources["resource"] = ("ResourcePolicy", "resource")
        sources["resource#text"] = (req["ResourcePolicy"], "")
    owner = req.get("ResourceOwner", "")
    owner_account = owner.split(":")[4] if owner.startswith("arn:") else owner
    context = _context(req.get("ContextEntries"))
    results: list[wire.EvaluationResult] = []
    for action in req["ActionNames"]:
        for resource in req.get("ResourceArns") or ["*"]:
            request = engine.Request(caller, action, resource, owner_account or caller.account, context)
            decision = engine.evaluate(request, identity, resource_policy, boundaries)
            result: wire.EvaluationResult = {
                "EvalActionName": action, "EvalResourceName": resource,
                "EvalDecision": _DECISIONS.get(decision.reason, "implicitDeny"),
                "MatchedStatements": [_statement(m, sources) for m in decision.matched],
                "MissingContextValues": [k for k in decision.missing],
                "OrganizationsDecisionDetail": {"AllowedByOrganizations": True},
            }
            if boundaries:
                boundary_decision = engine.evaluate(request, boundaries)
                result["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": boundary_decision.allowed}
            if resource_policy is not None:
                # Each side on its own: the identity policies as if the resource were the caller's,
                # the resource policy as if it were another account's (its statements alone decide).
                identity_only = engine.evaluate(engine.Request(caller, action, resource, caller.account, context), identity)
                resource_only = engine.evaluate(engine.Request(caller, action, resource, "other", context), [], resource_policy)
                result["EvalDecisionDetails"] = {
                    "IAM Policy": _DECISIONS.get(identity_only.reason, "implicitDeny"),
                    "Resource Policy": "allowed" if resource_only.reason == "no_identity" else
                    _DECISIONS.get(resource_only.reason, "implicitDeny")}
            results.append(result)
    return c.page(ctx, req, list(enumerate(results)), lambda r: f"{r[0]:08d}", "EvaluationResults", lambda r: r[1])


def _inputs(documents: list[str] | None, prefix: str, sources: dict[str, tuple[str, str]], kind: str = "none") -> list[tuple[str, engine.Policy]]:
    out = []
    for i, document in enumerate(documents or [], 1):
        label = f"{prefix}.{i}"
        sources[label] = (label, kind)
        sources[label + "#text"] = (document, "")
        out.append((label, _parse(document)))
    return out


def simulate_custom_policy(ctx: RequestContext, req: wire.SimulateCustomPolicyRequest) -> wire.SimulatePolicyResponse:
    sources: dict[str, tuple[str, str]] = {}
    identity = _inputs(req["PolicyInputList"], "PolicyInputList", sources)
    boundaries = _inputs(req.get("PermissionsBoundaryPolicyInputList"), "PermissionsBoundaryPolicyInputList", sources)
    caller_arn = req.get("CallerArn") or f"arn:aws:iam::{ctx.account}:user/simulated"
    caller = engine.Principal(ctx.account, caller_arn)
    return _simulate(ctx, req, identity, sources, caller, boundaries)  # type: ignore[return-value]


def simulate_principal_policy(ctx: RequestContext, req: wire.SimulatePrincipalPolicyRequest) -> wire.SimulatePolicyResponse:
    source = req["PolicySourceArn"]
    sources: dict[str, tuple[str, str]] = {}
    identity: list[tuple[str, engine.Policy]] = []
    for label, kind, document in principals.labelled_documents_for_arn(ctx.store, ctx.account, source):
        name = label.rsplit("/", 1)[-1] if kind == "MANAGED" else label.split(":", 1)[-1]
        source_type = ("aws-managed" if label.startswith("arn:aws:iam::aws:") else "user-managed") if kind == "MANAGED" else \
            ("role" if ":role/" in source or ":assumed-role/" in source else "group" if ":group/" in source else "user")
        sources[label] = (name, source_type)
        sources[label + "#text"] = (document, "")
        identity.append((label, _parse(document)))
    identity += _inputs(req.get("PolicyInputList"), "PolicyInputList", sources)
    boundaries = _inputs(req.get("PermissionsBoundaryPolicyInputList"), "PermissionsBoundaryPolicyInputList", sources)
    if not boundaries and (":user/" in source or ":role/" in source):
        entity = principals.identity(ctx.store, ctx.principal.__class__(ctx.account, source, ""))
        if entity.boundary is not None:
            label, document = entity.boundary
            sources[label] = (label.rsplit("/", 1)[-1], "aws-managed" if label.startswith("arn:aws:iam::aws:") else "user-managed")
            sources[label + "#text"] = (document, "")
            boundaries = [(label, _parse(document))]
    caller = engine.Principal(ctx.account, req.get("CallerArn") or source)
    return _simulate(ctx, req, identity, sources, caller, boundaries)  # type: ignore[return-value]


def _keys(documents: list[str]) -> list[str]:
    found: dict[str, str] = {}
    for document in documents:
        for st in _parse(document).statements:
            for condition in st.conditions:
                found.setdefault(condition.key, condition.raw_key)
    return sorted(found.values(), key=str.lower)


def get_context_keys_for_custom_policy(ctx: RequestContext, req: wire.GetContextKeysForCustomPolicyRequest) -> wire.GetContextKeysForPolicyResponse:
    return {"ContextKeyNames": _keys(req["PolicyInputList"])}


def get_context_keys_for_principal_policy(ctx: RequestContext, req: wire.GetContextKeysForPrincipalPolicyRequest) -> wire.GetContextKeysForPolicyResponse:
    documents = principals.documents_for_arn(ctx.store, ctx.account, req["PolicySourceArn"])
    return {"ContextKeyNames": _keys(documents + list(req.get("PolicyInputList") or []))}
