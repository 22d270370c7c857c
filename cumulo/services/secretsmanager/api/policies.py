"""Resource policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy,
ListResourcePolicies, ValidateResourcePolicy.

Policies are checked for shape here (JSON, statements with Effect, Action and
Principal) and, with BlockPublicPolicy, refused when they grant access to
everyone. Evaluating them is the IAM policy engine's job when enforcement is on.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager import common
from cumulo.services.secretsmanager.common import find, save

DEFAULT = "default"


def delete_resource_policy(ctx: RequestContext, req: wire.DeleteResourcePolicyRequest) -> wire.DeleteResourcePolicyResponse:
    secret = find(ctx, req["SecretId"])
    name = req.get("PolicyName", DEFAULT)  # type: ignore[typeddict-item]
    secret.policies.pop(name, None)
    save(ctx, secret)
    return {"ARN": secret.arn, "Name": secret.name, "PolicyName": name}  # type: ignore[typeddict-unknown-key]


def get_resource_policy(ctx: RequestContext, req: wire.GetResourcePolicyRequest) -> wire.GetResourcePolicyResponse:
    secret = find(ctx, req["SecretId"])
    # Without a PolicyName: the default policy, or the secret's only one.
    name = req.get("PolicyName") or (DEFAULT if DEFAULT in secret.policies or not secret.policies else sorted(secret.policies)[0])  # type: ignore[typeddict-item]
    out: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
    if name in secret.policies:
        out["ResourcePolicy"] = secret.policies[name]
        out["PolicyName"] = name
    return out  # type: ignore[return-value]


def list_resource_policies(ctx: RequestContext, req: wire.ListResourcePoliciesRequest) -> wire.ListResourcePoliciesResponse:
    secret = find(ctx, req["SecretId"])
    chunk, token = common.page([{"PolicyName": n} for n in sorted(secret.policies)], req.get("MaxResults"), req.get("NextToken"))
    out: dict[str, Any] = {"ResourcePolicies": chunk}
    if token:
        out["NextToken"] = token
    return out  # type: ignore[return-value]


def put_resource_policy(ctx: RequestContext, req: wire.PutResourcePolicyRequest) -> wire.PutResourcePolicyResponse:
    secret = find(ctx, req["SecretId"])
    document = req["ResourcePolicy"]
    errors = _problems(document)
    if errors:
        raise wire.MalformedPolicyDocumentExceptionError(errors[0]["ErrorMessage"])
    if req.get("BlockPublicPolicy") and _public(json.loads(document)):
        raise wire.PublicPolicyExceptionError("BlockPublicPolicy is enabled and the resource policy grants public access to the secret.")
    name = req.get("PolicyName", DEFAULT)  # type: ignore[typeddict-item]
    secret.policies[name] = document
    save(ctx, secret)
    return {"ARN": secret.arn, "Name": secret.name, "PolicyName": name}  # type: ignore[typeddict-unknown-key]


def validate_resource_policy(ctx: RequestContext, req: wire.ValidateResourcePolicyRequest) -> wire.ValidateResourcePolicyResponse:
    if "SecretId" in req:
        find(ctx, req["SecretId"])
    errors = _problems(req["ResourcePolicy"])
    if not errors and _public(json.loads(req["ResourcePolicy"])):
        errors = [{"CheckName": "public_access", "ErrorMessage": "The resource policy grants public access to the secret."}]
    return {"PolicyValidationPassed": not errors, "ValidationErrors": errors}  # type: ignore[typeddict-item]


def _problems(document: str) -> list[dict[str, str]]:
    try:
        doc = json.loads(document)
    except ValueError:
        return [{"CheckName": "syntax_check", "ErrorMessage": "This resource policy contains a syntax error: it is not valid JSON."}]
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        return [{"CheckName": "syntax_check", "ErrorMessage": "This resource policy contains a syntax error: it has no Statement."}]
    for s in statements:
        if not isinstance(s, dict) or s.get("Effect") not in ("Allow", "Deny"):
            return [{"CheckName": "syntax_check", "ErrorMessage": "This resource policy contains a syntax error: a statement's Effect must be Allow or Deny."}]
        if "Action" not in s and "NotAction" not in s:
            return [{"CheckName": "syntax_check", "ErrorMessage": "This resource policy contains a syntax error: a statement has no Action."}]
        if "Principal" not in s and "NotPrincipal" not in s:
            return [{"CheckName": "syntax_check", "ErrorMessage": "This resource policy contains a syntax error: a statement has no Principal."}]
    return []


def _public(doc: dict[str, Any]) -> bool:
    """Whether an Allow statement without conditions names every principal."""
    statements = doc.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    for s in statements:
        if s.get("Effect") != "Allow" or s.get("Condition"):
            continue
        principal = s.get("Principal")
        if principal == "*" or (isinstance(principal, dict) and ("*" == principal.get("AWS") or "*" in (principal.get("AWS") or []))):
            return True
    return False
