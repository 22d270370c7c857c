"""A function's resource policy (AddPermission, RemovePermission, GetPolicy, and whole
documents through Put/Get/DeleteResourcePolicy), and tags on every taggable resource.

Statements are written as AWS writes them: a service principal as
`{"Service": ...}`, an account as its root ARN, `SourceArn` as an `ArnLike`
condition, `SourceAccount` and `PrincipalOrgID` as `StringEquals`. A statement
added with a qualifier is that version's or alias's (its `Resource` is the
qualified ARN) and GetPolicy with that qualifier shows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.awslambda.api import signing
from cumulo.services.awslambda.models import Function
from cumulo.services.awslambda.names import check_revision, conflict, get_function, invalid, new_revision, not_found, resolve, table_of


def _principal(ctx: RequestContext, principal: str) -> Any:
    if principal == "*":
        return "*"
    if principal.endswith(".amazonaws.com") or principal.endswith(".amazonaws.com.cn"):
        return {"Service": principal}
    if principal.isdigit():
        return {"AWS": ctx.arn("root", service="iam", region="", account=principal)}
    return {"AWS": principal}


def add_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _, _ = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    check_revision(fn.policy_revision, req.get("RevisionId"))
    sid = req["StatementId"]
    if sid in fn.policy:
        raise conflict(f"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.")
    qualifier = req.get("Qualifier")
    statement: dict[str, Any] = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": _principal(ctx, req["Principal"]),
        "Action": req["Action"],
        "Resource": f"{fn.arn}:{qualifier}" if qualifier else fn.arn,
    }
    condition: dict[str, dict[str, str]] = {}
    if req.get("SourceArn"):
        condition.setdefault("ArnLike", {})["AWS:SourceArn"] = req["SourceArn"]
    if req.get("SourceAccount"):
        condition.setdefault("StringEquals", {})["AWS:SourceAccount"] = req["SourceAccount"]
    if req.get("PrincipalOrgID"):
        condition.setdefault("StringEquals", {})["aws:PrincipalOrgID"] = req["PrincipalOrgID"]
    if req.get("FunctionUrlAuthType"):
        condition.setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = req["FunctionUrlAuthType"]
    if req.get("EventSourceToken"):
        condition.setdefault("StringEquals", {})["lambda:EventSourceToken"] = req["EventSourceToken"]
    if condition:
        statement["Condition"] = condition
    fn.policy[sid] = statement
    fn.policy_revision = new_revision()
    table_of(ctx, fn).touch(fn.name)
    return {"Statement": json.dumps(statement)}


def remove_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _, _ = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    check_revision(fn.policy_revision, req.get("RevisionId"))
    if fn.policy.pop(req["StatementId"], None) is None:
        raise not_found(f"Statement {req['StatementId']} is not found in resource policy.")
    fn.policy_revision = new_revision()
    table_of(ctx, fn).touch(fn.name)
    return {}


def get_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _, _ = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    qualifier = req.get("Qualifier")
    resource = f"{fn.arn}:{qualifier}" if qualifier else fn.arn
    statements = [s for s in fn.policy.values() if s["Resource"] == resource]
    if not statements:
        raise not_found("The resource you requested does not exist.")
    return {"Policy": _document(statements), "RevisionId": fn.policy_revision}


# ---------------------------------------------------------------- whole resource policies


def _policy_target(ctx: RequestContext, arn: str) -> tuple[Function, str]:
    """The function a resource-policy ARN names, and the ARN its statements name
    (qualified for a version or an alias). Runtime ARNs name no local resource."""
    if ":runtime/" in arn:
        raise not_found(f"The resource you requested does not exist: {arn}")
    fn, _, _ = resolve(ctx, arn)
    _, qualifier = get_function(ctx, arn)
    return fn, f"{fn.arn}:{qualifier}" if qualifier else fn.arn


def _statements(fn: Function, resource: str) -> list[str]:
    return [sid for sid, s in fn.policy.items() if s.get("Resource") == resource]


def put_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The whole policy of a function (or version, or alias), replacing what
    AddPermission wrote there: its statements are what GetPolicy shows."""
    fn, resource = _policy_target(ctx, req["ResourceArn"])
    check_revision(fn.policy_revision, req.get("RevisionId"))
    try:
        document = json.loads(req["Policy"])
    except ValueError:
        document = None
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements or not all(isinstance(s, dict) for s in statements):
        raise invalid("The policy is not a valid JSON policy document with at least one statement.")
    kept: dict[str, dict[str, Any]] = {}
    for index, statement in enumerate(statements):
        statement = dict(statement)
        if statement.get("Resource", resource) not in (resource, [resource]):
            raise invalid(f"The statement's Resource must be the resource the policy is attached to: {resource}.")
        statement["Resource"] = resource
        sid = str(statement.setdefault("Sid", f"statement-{index + 1}"))
        if sid in kept:
            raise invalid(f"The policy has more than one statement with the id {sid}.")
        kept[sid] = statement
    clash = sorted(sid for sid in kept if sid in fn.policy and fn.policy[sid].get("Resource") != resource)
    if clash:
        raise conflict(f"The statement id ({clash[0]}) provided already exists. Please provide a new statement id, or remove the existing statement.")
    for sid in _statements(fn, resource):
        del fn.policy[sid]
    fn.policy.update(kept)
    fn.policy_revision = new_revision()
    table_of(ctx, fn).touch(fn.name)
    return {"Policy": _document(list(kept.values())), "RevisionId": fn.policy_revision}


def get_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, resource = _policy_target(ctx, req["ResourceArn"])
    sids = _statements(fn, resource)
    if not sids:
        raise not_found("The resource you requested does not exist.")
    return {"Policy": _document([fn.policy[sid] for sid in sids]), "RevisionId": fn.policy_revision}


def delete_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, resource = _policy_target(ctx, req["ResourceArn"])
    check_revision(fn.policy_revision, req.get("RevisionId"))
    sids = _statements(fn, resource)
    if not sids:
        raise not_found("The resource you requested does not exist.")
    for sid in sids:
        del fn.policy[sid]
    fn.policy_revision = new_revision()
    table_of(ctx, fn).touch(fn.name)
    return {}


def _document(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": statements})


def _tags(ctx: RequestContext, arn: str) -> tuple[dict[str, str], Callable[[], None]]:
    """The tags of what `arn` names, and how to mark it changed. Lambda's TaggableResource is a
    function, an event source mapping, a code signing config or a capacity provider."""
    parts = arn.split(":")
    kind = parts[5] if len(parts) >= 7 else "function"
    if kind == "function":
        fn, qualifier = get_function(ctx, arn)
        if qualifier:
            raise not_found(f"Function not found: {arn}")
        return fn.tags, lambda: table_of(ctx, fn).touch(fn.name)
    if kind == "code-signing-config":
        csc = signing.find(ctx, arn)
        return csc.tags, lambda: ctx.scope_for(parts[4], parts[3]).table("signing").touch(csc.ident)
    table = ctx.scope_for(parts[4], parts[3]).table({"event-source-mapping": "mappings", "capacity-provider": "capacity"}.get(kind, "functions"))
    found = table.get(parts[-1])
    if found is None or found.arn != arn:
        raise not_found(f"The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: {ctx.request_id})")
    return found.tags, lambda: table.touch(parts[-1])


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags, touch = _tags(ctx, req["Resource"])
    tags.update(req.get("Tags") or {})
    touch()
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags, touch = _tags(ctx, req["Resource"])
    for key in req.get("TagKeys") or []:
        tags.pop(key, None)
    touch()
    return {}


def list_tags(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Tags": dict(_tags(ctx, req["Resource"])[0])}
