"""Resource-based policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy.

A policy is attached to a table or a stream ARN and kept in `policies` with a
revision id (a millisecond timestamp, so later ones compare greater) that
changes on every put of a different document (putting the same one again keeps
it); `ExpectedRevisionId` makes a put or delete conditional on it, `NO_POLICY`
on there being none (PolicyNotFoundException when it does not hold, naming
the table as AWS does). The document is checked as IAM does before storing: JSON, at
most 20 KB, a `Statement` of objects each with an `Effect` and an action
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-create-table.html).
"""

from __future__ import annotations

from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine
from cumulo.services.dynamodb.models import Policy

MAX_POLICY = 20 * 1024


def _policies(ctx: RequestContext) -> Any:
    return ctx.scope.table("policies")


def _resource(ctx: RequestContext, arn: str) -> str:
    """The ARN, once the table (and stream) it names is known to exist."""
    prefix = ctx.arn("table/")
    if not arn.startswith(prefix):
        raise AwsError("ValidationException", f"Invalid ResourceArn provided as input {arn}")
    name, _, rest = arn[len(prefix):].partition("/")
    table = engine.find_table(ctx, name)
    if table is None:
        raise AwsError("ResourceNotFoundException", f"Requested resource not found: Table: {name} not found")
    if rest and (not rest.startswith("stream/") or table.stream_arn != arn):
        raise AwsError("ResourceNotFoundException", f"Requested resource not found: {arn}")
    return arn


def _table_name(arn: str) -> str:
    return arn.split(":table/", 1)[-1].split("/", 1)[0]


def check_document(text: str) -> None:
    if len(text.encode()) > MAX_POLICY:
        raise AwsError("ValidationException", "Resource-based policy size exceeds the maximum allowed size of 20 KB")
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise AwsError("ValidationException", "Invalid policy document: the policy is not valid JSON") from None
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise AwsError("ValidationException", "Invalid policy document: Statement is missing")
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            raise AwsError("ValidationException", "Invalid policy document: every Statement needs an Effect of Allow or Deny")
        if "Action" not in statement and "NotAction" not in statement:
            raise AwsError("ValidationException", "Invalid policy document: every Statement needs an Action")


def set_policy(ctx: RequestContext, arn: str, text: str) -> str:
    check_document(text)
    found: Policy | None = _policies(ctx).get(arn)
    if found is not None and found.text == text:
        return found.revision  # the same document again changes nothing
    revision = int(ctx.clock.now() * 1000)
    if found is not None and found.revision.isdigit():
        revision = max(revision, int(found.revision) + 1)
    _policies(ctx)[arn] = Policy(text, str(revision))
    return str(revision)


_NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: "


def _check_revision(found: Policy | None, expected: str | None, arn: str) -> None:
    if expected is None:
        return
    table = _table_name(arn)
    if expected == "NO_POLICY":
        if found is not None:
            raise AwsError("PolicyNotFoundException", _NOT_FOUND + f"Requested policy update expecting none to be present for table {table}, "
                           f"but a policy exists with revision id {found.revision}.")
        return
    if found is None:
        raise AwsError("PolicyNotFoundException", _NOT_FOUND + arn)
    if found.revision != expected:
        raise AwsError("PolicyNotFoundException", _NOT_FOUND + f"Requested update for policy with revision id {expected}, "
                       f"but the policy associated to target table {table} has revision id {found.revision}.")


def put_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = _resource(ctx, req["ResourceArn"])
    _check_revision(_policies(ctx).get(arn), req.get("ExpectedRevisionId"), arn)
    return {"RevisionId": set_policy(ctx, arn, req["Policy"])}


def get_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = _resource(ctx, req["ResourceArn"])
    found: Policy | None = _policies(ctx).get(arn)
    if found is None:
        raise AwsError("PolicyNotFoundException", f"Resource-based policy not found for the provided ResourceArn: {arn}")
    return {"Policy": found.text, "RevisionId": found.revision}


def delete_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = _resource(ctx, req["ResourceArn"])
    found: Policy | None = _policies(ctx).get(arn)
    if found is None:
        raise AwsError("PolicyNotFoundException", f"Resource-based policy not found for the provided ResourceArn: {arn}")
    _check_revision(found, req.get("ExpectedRevisionId"), arn)
    del _policies(ctx)[arn]
    return {"RevisionId": found.revision}
