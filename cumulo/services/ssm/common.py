"""What every SSM handler shares: tables, ids, paging tokens, ARNs and tag checks."""

from __future__ import annotations

import base64
import binascii
import secrets
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.state import Table

T = TypeVar("T")
SERVICE = "ssm"
MAX_TAGS = 50


def table(ctx: RequestContext, name: str) -> Table:
    return ctx.scope.table(name)


def resources(ctx: RequestContext, kind: str) -> Table:
    return ctx.scope.table(f"resources/{kind}")


def new_uuid() -> str:
    return str(uuid.uuid4())


def hex_id(prefix: str, length: int = 17) -> str:
    return prefix + secrets.token_hex(length)[:length]


def validation(message: str) -> AwsError:
    return AwsError("ValidationException", message, status=400)


# ---------------------------------------------------------------- paging


def page(items: Sequence[T], token: str | None, max_results: int | None, default: int) -> tuple[list[T], str | None]:
    """One page of `items` (already in their final order) and the token for the next."""
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode() + b"==").decode().removeprefix("o:"))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise AwsError("InvalidNextToken", "The nextToken is not valid.") from None
        if start < 0 or start > len(items):
            raise AwsError("InvalidNextToken", "The nextToken is not valid.")
    size = max_results or default
    chunk = list(items[start : start + size])
    end = start + len(chunk)
    next_token = base64.urlsafe_b64encode(f"o:{end}".encode()).decode().rstrip("=") if end < len(items) else None
    return chunk, next_token


def paged(out: dict[str, Any], member: str, items: Sequence[Any], req: dict[str, Any], default: int) -> dict[str, Any]:
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), default)
    out[member] = chunk
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------- ARNs


def arn(ctx: RequestContext, resource: str) -> str:
    return f"arn:aws:ssm:{ctx.region}:{ctx.account}:{resource}"


def parameter_arn(ctx: RequestContext, name: str, account: str | None = None) -> str:
    acct = ctx.account if account is None else account
    return f"arn:aws:ssm:{ctx.region}:{acct}:parameter/{name.lstrip('/')}"


def epoch(value: Any) -> float:
    """A timestamp member as the protocol layer parsed it (datetime) or a number."""
    if hasattr(value, "timestamp"):
        return float(value.timestamp())
    return float(value)


# ---------------------------------------------------------------- tags


def tag_dict(tags: Any, *, internal: bool = False) -> dict[str, str]:
    """Tags as a map. The aws: prefix is AWS's own: refused from clients, taken from
    internal calls (CloudFormation's aws:cloudformation:* tags)."""
    out: dict[str, str] = {}
    for tag in tags or []:
        key = tag["Key"]
        if key.lower().startswith("aws:") and not internal:
            raise validation("Tag keys beginning with aws: are reserved for AWS use.")
        out[key] = tag["Value"]
    if len(out) > MAX_TAGS:
        raise AwsError("TooManyTagsError", "The Targets parameter includes too many tags. Remove one or more tags and try the request again.")
    return out


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]
