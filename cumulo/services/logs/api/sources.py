"""Data sources and what is read through them: GetLogFields, GetLogObject,
DescribeConfigurationTemplates, and the S3 Table integration's associated sources.

A data source (name, type) names where logs come from. A log group belongs to the
data source recorded for it (import tasks record `amazon_s3`/`import` for the
groups they create, in `records/data-sources`), and any group is also the data
source named by its own name or ARN, whatever the type.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs import events, masking, templates
from cumulo.services.logs.common import group_name, groups, invalid, not_found, now_ms, page, records
from cumulo.services.logs.insights_run import discover
from cumulo.services.logs.models import LogGroup, streams_table

_INTEGRATION = re.compile(r"^arn:aws[\w-]*:observabilityadmin:[a-z0-9-]+:\d{12}:s3tableintegration/[\w-]+$")
OBJECT_PIECE = 65_536
_SYSTEM = (("@timestamp", "timestamp"), ("@message", "string"), ("@logStream", "string"), ("@log", "string"),
           ("@ingestionTime", "timestamp"))


def _validation(message: str) -> AwsError:
    return AwsError("ValidationException", message, status=400)


def _source_groups(ctx: RequestContext, name: str, kind: str) -> list[LogGroup]:
    """The log groups of the data source (name, type) in the caller's account and region."""
    table = groups(ctx.scope)
    recorded = records(ctx, "data-sources")
    found = [g for n, g in sorted(table.items())
             if (recorded.get(n) or {}).get("name") == name and (not kind or recorded[n].get("type") == kind)]
    own = table.get(group_name(name))
    if own is not None and own not in found:
        found.append(own)
    return found


# ---------------------------------------------------------------- GetLogFields


def _type_of(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "long"}
    if isinstance(value, float):
        return {"type": "double"}
    if isinstance(value, dict):
        return {"type": "struct", "fields": [{"logFieldName": k, "logFieldType": _type_of(v)} for k, v in value.items()]}
    if isinstance(value, list):
        return {"type": "array", "element": _merge_all([_type_of(v) for v in value]) if value else {"type": "string"}}
    return {"type": "string"}


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One type for a field seen with types `a` and `b` (numbers widen, structs union)."""
    if a == b:
        return a
    kinds = {a["type"], b["type"]}
    if kinds == {"long", "double"}:
        return {"type": "double"}
    if kinds == {"struct"}:
        fields = {f["logFieldName"]: f["logFieldType"] for f in a["fields"]}
        for f in b["fields"]:
            name = f["logFieldName"]
            fields[name] = _merge(fields[name], f["logFieldType"]) if name in fields else f["logFieldType"]
        return {"type": "struct", "fields": [{"logFieldName": k, "logFieldType": v} for k, v in fields.items()]}
    if kinds == {"array"}:
        return {"type": "array", "element": _merge(a["element"], b["element"])}
    return {"type": "string"}


def _merge_all(types: list[dict[str, Any]]) -> dict[str, Any]:
    out = types[0]
    for t in types[1:]:
        out = _merge(out, t)
    return out


def get_log_fields(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = _source_groups(ctx, req["dataSourceName"], req["dataSourceType"])
    if not found:
        raise not_found(f"The specified data source does not exist: {req['dataSourceName']} ({req['dataSourceType']})")
    seen: dict[str, dict[str, Any]] = {}
    for group in found:
        for stream in list(ctx.scope.table(streams_table(group.name))):
            table = events.rows(ctx.scope, group.name, stream)
            for chunk in events.chunks(ctx.scope, table, list(table.rows.values())):
                for message in chunk.messages():
                    for key, value in discover(message).items():
                        kind = _type_of(value)
                        seen[key] = _merge(seen[key], kind) if key in seen else kind
    fields = [{"logFieldName": n, "logFieldType": {"type": t}} for n, t in _SYSTEM]
    fields += [{"logFieldName": k, "logFieldType": v} for k, v in sorted(seen.items())]
    return {"logFields": fields}


# ---------------------------------------------------------------- GetLogObject


def _locate(ctx: RequestContext, pointer: str) -> tuple[LogGroup, str, list[str]]:
    """The group, message and field path a log object pointer names: an Insights `@ptr`,
    optionally followed by a JSON path into the message (`<ptr>$['a']['b']`)."""
    token, _, path = pointer.partition("$")
    try:
        log, stream, seq, idx = orjson.loads(base64.urlsafe_b64decode(token.encode()))
        account, name = str(log).split(":", 1)
        seq, idx = int(seq), int(idx)
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise invalid("The specified logObjectPointer is invalid.") from None
    keys = re.findall(r"\['((?:[^'\\]|\\.)*)'\]", path) if path else []
    if path and "".join(f"['{k}']" for k in keys) != path:
        raise invalid("The specified logObjectPointer is invalid.")
    scope = ctx.store.scope("logs", account, ctx.region)
    group = groups(scope).get(name)
    chunk = events.chunk_at(scope, name, str(stream), seq) if group is not None else None
    if group is None or chunk is None or not 0 <= idx < len(chunk):
        raise not_found("The specified log object does not exist.")
    return group, chunk.message(idx), keys


def get_log_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group, message, keys = _locate(ctx, req["logObjectPointer"])
    if group.data_protection_policy and not req.get("unmask"):
        message = masking.mask(group.data_protection_policy, message)
    data: bytes = message.encode()
    if keys:
        value: Any = discover(message)
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                raise not_found("The specified log object does not exist.")
            value = value[key]
        data = value.encode() if isinstance(value, str) else orjson.dumps(value)

    async def pieces() -> AsyncIterator[dict[str, Any]]:
        for i in range(0, max(len(data), 1), OBJECT_PIECE):
            yield {"fields": {"data": data[i:i + OBJECT_PIECE]}}

    return {"fieldStream": pieces()}


# ---------------------------------------------------------------- configuration templates


def describe_configuration_templates(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    service = req.get("service")
    if service and not any(s.service == service for s in templates.SOURCES):
        raise not_found(f"No configuration templates exist for service {service}.")
    found = templates.select(service, req.get("logTypes"), req.get("resourceTypes"), req.get("deliveryDestinationTypes"))
    items, token = page(found, req.get("nextToken"), req.get("limit"), default=50)
    return {"configurationTemplates": items, **({"nextToken": token} if token else {})}


# ---------------------------------------------------------------- S3 Table integration sources


def _check_integration(arn: str) -> None:
    if not _INTEGRATION.match(arn):
        raise _validation(f"1 validation error detected: Value '{arn}' at 'integrationArn' failed to satisfy constraint: "
                         "Member must be the ARN of an S3 Table integration")


def _source_view(ctx: RequestContext, s: dict[str, Any]) -> dict[str, Any]:
    out = {k: s[k] for k in ("identifier", "dataSource", "createdTimeStamp")}
    if _source_groups(ctx, s["dataSource"]["name"], s["dataSource"].get("type", "")):
        out["status"] = "ACTIVE"
    else:
        out["status"] = "UNHEALTHY"
        out["statusReason"] = "The data source has no log groups."
    return out


def associate_source_to_s3_table_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["integrationArn"]
    _check_integration(arn)
    source = {k: v for k, v in req["dataSource"].items() if k in ("name", "type")}
    if not source.get("name"):
        raise _validation("dataSource.name must not be empty.")
    if not _source_groups(ctx, source["name"], source.get("type", "")):
        raise not_found(f"The specified data source does not exist: {source['name']}")
    table = records(ctx, "s3-table-sources")
    if any(s["integrationArn"] == arn and s["dataSource"] == source for s in table.values()):
        raise _validation("The data source is already associated with this integration.")
    identifier = f"{arn}/source/{uuid.uuid4().hex}"
    table[identifier] = {"identifier": identifier, "integrationArn": arn, "dataSource": source, "createdTimeStamp": now_ms(ctx)}
    return {"identifier": identifier}


def disassociate_source_from_s3_table_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "s3-table-sources")
    if req["identifier"] not in table:
        raise not_found(f"The specified association does not exist: {req['identifier']}")
    del table[req["identifier"]]
    return {"identifier": req["identifier"]}


def list_sources_for_s3_table_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _check_integration(req["integrationArn"])
    found = [_source_view(ctx, s) for s in sorted(records(ctx, "s3-table-sources").values(), key=lambda s: (s["createdTimeStamp"], s["identifier"]))
             if s["integrationArn"] == req["integrationArn"]]
    items, token = page(found, req.get("nextToken"), req.get("maxResults"))
    return {"sources": items, **({"nextToken": token} if token else {})}
