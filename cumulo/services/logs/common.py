"""Shared by the Logs handlers: finding groups and streams, errors, paging, views."""

from __future__ import annotations

import base64
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs.models import LogGroup, LogStream, records_table, streams_table
from cumulo.state import Scope, Table

RETENTION_DAYS = frozenset(
    {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
)


def not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message, status=400)


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message, status=400)


def exists(message: str) -> AwsError:
    return AwsError("ResourceAlreadyExistsException", message, status=400)


def now_ms(ctx: RequestContext) -> int:
    return ctx.clock.now_ms()


def groups(scope: Scope) -> Table:
    return scope.table("groups")


def group_name(identifier: str) -> str:
    """A log group's name from its name or ARN (`...:log-group:<name>[:*]`)."""
    if identifier.startswith("arn:"):
        name = identifier.split(":log-group:", 1)[-1]
        return name[:-2] if name.endswith(":*") else name
    return identifier


def group_scope(ctx: RequestContext, identifier: str) -> Scope:
    """The scope an identifier points at: an ARN may name another account or region."""
    if identifier.startswith("arn:"):
        parts = identifier.split(":")
        return ctx.store.scope("logs", parts[4] or ctx.account, parts[3] or ctx.region)
    return ctx.scope


def get_group(ctx: RequestContext, req: dict[str, Any], name_key: str = "logGroupName") -> LogGroup:
    identifier = req.get(name_key) or req.get("logGroupIdentifier") or req.get("logGroupName")
    if not identifier:
        raise invalid("Either logGroupName or logGroupIdentifier must be specified.")
    if req.get(name_key) and req.get("logGroupIdentifier") and name_key == "logGroupName":
        raise invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
    scope = group_scope(ctx, identifier)
    group = groups(scope).get(group_name(identifier))
    if group is None:
        raise not_found("The specified log group does not exist.")
    return group


def get_stream(ctx: RequestContext, group: LogGroup, name: str) -> LogStream:
    stream = ctx.store.scope("logs", group.account, group.region).table(streams_table(group.name)).get(name)
    if stream is None:
        raise not_found("The specified log stream does not exist.")
    return stream


def touch_group(ctx: RequestContext, group: LogGroup) -> None:
    groups(ctx.store.scope("logs", group.account, group.region)).touch(group.name)


def records(ctx: RequestContext, kind: str) -> Table:
    return ctx.scope.table(records_table(kind))


def page(items: list[Any], token: str | None, limit: int | None, default: int = 50) -> tuple[list[Any], str | None]:
    """A page of an ordered list; the token is the offset, opaque to clients."""
    start = 0
    if token:
        try:
            start = int(orjson.loads(base64.urlsafe_b64decode(token.encode()))["o"])
        except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
            raise invalid("The specified nextToken is invalid.") from None
    size = limit or default
    chunk = items[start:start + size]
    more = start + size < len(items)
    return chunk, (base64.urlsafe_b64encode(orjson.dumps({"o": start + size})).decode() if more else None)


def group_view(group: LogGroup) -> dict[str, Any]:
    out: dict[str, Any] = {
        "logGroupName": group.name,
        "creationTime": group.created,
        "metricFilterCount": len(group.metric_filters),
        "arn": group.arn + ":*",
        "logGroupArn": group.arn,
        "storedBytes": max(group.stored_bytes, 0),
        "logGroupClass": group.log_group_class,
        "deletionProtectionEnabled": group.deletion_protection,
    }
    if group.retention_days:
        out["retentionInDays"] = group.retention_days
    if group.kms_key_id:
        out["kmsKeyId"] = group.kms_key_id
    if group.data_protection_policy:
        out["dataProtectionStatus"] = "ACTIVATED"
    return out


def stream_view(group: LogGroup, stream: LogStream) -> dict[str, Any]:
    out: dict[str, Any] = {
        "logStreamName": stream.name,
        "creationTime": stream.created,
        "arn": f"{group.arn}:log-stream:{stream.name}",
        "storedBytes": max(stream.stored_bytes, 0),
        "uploadSequenceToken": f"{stream.next_seq:056d}",
    }
    if stream.first_event is not None:
        out["firstEventTimestamp"] = stream.first_event
        out["lastEventTimestamp"] = stream.last_event
    if stream.last_ingestion is not None:
        out["lastIngestionTime"] = stream.last_ingestion
    return out


def check_tags(tags: dict[str, str], *, internal: bool = False, existing: dict[str, str] | None = None) -> None:
    """New `tags` for a resource that has `existing` ones. The aws: prefix is AWS's own:
    refused from clients, taken from internal calls (CloudFormation's aws:cloudformation:* tags)."""
    for key in tags:
        if key.startswith("aws:") and not internal:
            raise invalid("Tag keys prefixed with 'aws:' are reserved.")
    if len({**(existing or {}), **tags}) > 50:
        raise AwsError("TooManyTagsException", "A resource can have no more than 50 tags.", status=400)


def signal_key(account: str, region: str, group: str) -> str:
    """The wake-up a live tail waits on for new events in a group."""
    return f"logs:{account}:{region}:{group}"
