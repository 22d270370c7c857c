"""What handlers share: tables, ARNs, name rules, paging, AWS's error wording."""

from __future__ import annotations

import base64
import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions.models import Execution, StateMachine
from cumulo.state import Scope, Table

_BAD_NAME = re.compile(r"[\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]")
_ARN = re.compile(r"^arn:aws[\w-]*:states:(?P<region>[\w-]+):(?P<account>\d{12}):(?P<kind>\w+):(?P<rest>.+)$")


def machines(scope: Scope) -> Table:
    return scope.table("machines")


def executions(scope: Scope) -> Table:
    return scope.table("executions")


def versions(scope: Scope) -> Table:
    return scope.table("versions")


def aliases(scope: Scope) -> Table:
    return scope.table("aliases")


def check_name(name: str) -> None:
    if not 1 <= len(name) <= 80 or _BAD_NAME.search(name):
        raise AwsError("InvalidName", f"Invalid Name: '{name}'")


def parse_arn(arn: str, kinds: tuple[str, ...]) -> tuple[str, str, str, str]:
    """(region, account, kind, rest) of a Step Functions ARN of one of `kinds`; InvalidArn otherwise."""
    found = _ARN.match(arn or "")
    if found is None or found["kind"] not in kinds:
        raise AwsError("InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
    return found["region"], found["account"], found["kind"], found["rest"]


def scope_of(ctx: RequestContext, arn: str, kinds: tuple[str, ...]) -> tuple[Scope, str]:
    region, account, _, rest = parse_arn(arn, kinds)
    return ctx.scope_for(account, region), rest


def machine(ctx: RequestContext, arn: str) -> StateMachine:
    """The state machine an ARN names (a version or alias ARN names its machine)."""
    scope, rest = scope_of(ctx, arn, ("stateMachine",))
    found: StateMachine | None = machines(scope).get(rest.split(":")[0])
    if found is None or (":" not in rest and found.arn != arn):
        raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    return found


def execution(ctx: RequestContext, arn: str) -> tuple[Scope, Execution]:
    scope, _ = scope_of(ctx, arn, ("execution", "express"))
    found: Execution | None = executions(scope).get(arn)
    if found is None:
        raise AwsError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'")
    return scope, found


def page(items: list[Any], req: dict[str, Any], key: Any, default_max: int = 100) -> tuple[list[Any], str | None]:
    """One page of `items` (already sorted) after `nextToken`; the next token or None.

    The token is the position, base64-wrapped, with the key of the item before
    it so a token from another listing is refused."""
    limit = req.get("maxResults") or default_max
    start = 0
    token = req.get("nextToken")
    if token:
        try:
            position, _, after = base64.urlsafe_b64decode(token.encode()).decode().partition("|")
            start = int(position)
        except (ValueError, UnicodeDecodeError):
            raise AwsError("InvalidToken", f"Invalid Token: '{token}'") from None
        if not 0 < start <= len(items) or str(key(items[start - 1])) != after:
            raise AwsError("InvalidToken", f"Invalid Token: '{token}'")
    chunk = items[start:start + limit]
    end = start + len(chunk)
    if end < len(items):
        return chunk, base64.urlsafe_b64encode(f"{end}|{key(items[end - 1])}".encode()).decode()
    return chunk, None


def tags_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in tags.items()]
