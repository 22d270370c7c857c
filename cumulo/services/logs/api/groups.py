"""Log groups and streams: lifecycle, retention, KMS keys, deletion protection, data
protection and index policies, tags."""

from __future__ import annotations

import re
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs import masking
from cumulo.services.logs.common import (
    RETENTION_DAYS, check_tags, exists, get_group, group_view, groups, invalid, not_found, now_ms, page, stream_view,
    touch_group,
)
from cumulo.services.logs.models import LogGroup, LogStream, events_table, streams_table

_GROUP_NAME = re.compile(r"^[\.\-_/#A-Za-z0-9]+$")


def _drop_stream_events(ctx: RequestContext, group: LogGroup, stream: str) -> None:
    ctx.scope.table(events_table(group.name, stream)).clear()


def create_log_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["logGroupName"]
    if not _GROUP_NAME.match(name):
        raise invalid(f"1 validation error detected: Value '{name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")
    table = groups(ctx.scope)
    if name in table:
        raise exists("The specified log group already exists")
    tags = req.get("tags") or {}
    check_tags(tags, internal=ctx.request is None)
    table[name] = LogGroup(
        name, ctx.account, ctx.region, now_ms(ctx), kms_key_id=req.get("kmsKeyId", ""),
        log_group_class=req.get("logGroupClass") or "STANDARD", tags=dict(tags),
        deletion_protection=bool(req.get("deletionProtectionEnabled", False)),
    )
    return {}


def delete_log_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    if group.deletion_protection:
        raise AwsError("OperationAbortedException", "Log group deletion is protected. Disable deletion protection first.", status=400)
    streams = ctx.scope.table(streams_table(group.name))
    for name in list(streams):
        _drop_stream_events(ctx, group, name)
    streams.clear()
    del groups(ctx.scope)[group.name]
    return {}


def _matches_name(group: LogGroup, req: dict[str, Any]) -> bool:
    prefix = req.get("logGroupNamePrefix")
    if prefix and not group.name.startswith(prefix):
        return False
    pattern = req.get("logGroupNamePattern")
    if pattern and pattern.lower() not in group.name.lower():
        return False
    cls = req.get("logGroupClass")
    return not (cls and group.log_group_class != cls)


def describe_log_groups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("logGroupNamePrefix") and req.get("logGroupNamePattern"):
        raise invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
    wanted = {i.split(":log-group:")[-1].removesuffix(":*") for i in req.get("logGroupIdentifiers") or []}
    found = [
        g for name, g in sorted(groups(ctx.scope).items())
        if _matches_name(g, req) and (not wanted or name in wanted)
    ]
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    out: dict[str, Any] = {"logGroups": [group_view(g) for g in items]}
    if token:
        out["nextToken"] = token
    return out


def list_log_groups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [g for _, g in sorted(groups(ctx.scope).items()) if _matches_name(g, req)]
    wanted_tags = req.get("logGroupTags") or []
    if wanted_tags:
        found = [g for g in found if all(g.tags.get(t["key"]) == t["value"] for t in wanted_tags if "key" in t)]
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    out: dict[str, Any] = {
        "logGroups": [{"logGroupName": g.name, "logGroupArn": g.arn, "logGroupClass": g.log_group_class} for g in items]
    }
    if token:
        out["nextToken"] = token
    return out


def list_aggregate_log_group_summaries(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [g for _, g in sorted(groups(ctx.scope).items()) if _matches_name(g, req)]
    by_class: dict[str, int] = {}
    for g in found:
        by_class[g.log_group_class] = by_class.get(g.log_group_class, 0) + 1
    summaries = [
        {"logGroupCount": count, "groupingIdentifiers": [{"key": "logGroupClass", "value": cls}]}
        for cls, count in sorted(by_class.items())
    ]
    items, token = page(summaries, req.get("nextToken"), req.get("limit"))
    return {"aggregateLogGroupSummaries": items, **({"nextToken": token} if token else {})}


def create_log_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    name = req["logStreamName"]
    if ":" in name or "*" in name:
        raise invalid(f"1 validation error detected: Value '{name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*")
    streams = ctx.scope.table(streams_table(group.name))
    if name in streams:
        raise exists("The specified log stream already exists")
    streams[name] = LogStream(name, now_ms(ctx))
    return {}


def delete_log_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    streams = ctx.scope.table(streams_table(group.name))
    stream = streams.get(req["logStreamName"])
    if stream is None:
        raise not_found("The specified log stream does not exist.")
    group.stored_bytes -= stream.stored_bytes
    touch_group(ctx, group)
    _drop_stream_events(ctx, group, stream.name)
    del streams[stream.name]
    return {}


def describe_log_streams(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    order = req.get("orderBy") or "LogStreamName"
    prefix = req.get("logStreamNamePrefix")
    if prefix and order == "LastEventTime":
        raise invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
    streams = ctx.store.scope("logs", group.account, group.region).table(streams_table(group.name))
    found = [s for name, s in streams.items() if not prefix or name.startswith(prefix)]
    if order == "LastEventTime":
        found.sort(key=lambda s: (s.last_event or 0, s.name), reverse=bool(req.get("descending")))
    else:
        found.sort(key=lambda s: s.name, reverse=bool(req.get("descending")))
    items, token = page(found, req.get("nextToken"), req.get("limit"))
    out: dict[str, Any] = {"logStreams": [stream_view(group, s) for s in items]}
    if token:
        out["nextToken"] = token
    return out


def put_retention_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    days = req["retentionInDays"]
    if days not in RETENTION_DAYS:
        raise invalid(
            f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(str(d) for d in sorted(RETENTION_DAYS))}]"
        )
    group = get_group(ctx, req)
    group.retention_days = days
    touch_group(ctx, group)
    return {}


def delete_retention_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    group.retention_days = None
    touch_group(ctx, group)
    return {}


def associate_kms_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("resourceIdentifier") and not req.get("logGroupName"):
        return {}  # a query-results resource: nothing of ours to encrypt
    group = get_group(ctx, req)
    group.kms_key_id = req["kmsKeyId"]
    touch_group(ctx, group)
    return {}


def disassociate_kms_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("resourceIdentifier") and not req.get("logGroupName"):
        return {}
    group = get_group(ctx, req)
    group.kms_key_id = ""
    touch_group(ctx, group)
    return {}


def put_log_group_deletion_protection(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    group.deletion_protection = bool(req["deletionProtectionEnabled"])
    touch_group(ctx, group)
    return {}


def put_bearer_token_authentication(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_group(ctx, req, "logGroupIdentifier")
    return {}


def put_data_protection_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    masking.check_policy(req["policyDocument"])
    group.data_protection_policy = req["policyDocument"]
    group.data_protection_updated = now_ms(ctx)
    touch_group(ctx, group)
    return {"logGroupIdentifier": req["logGroupIdentifier"], "policyDocument": group.data_protection_policy,
            "lastUpdatedTime": group.data_protection_updated}


def get_data_protection_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    out: dict[str, Any] = {"logGroupIdentifier": req["logGroupIdentifier"]}
    if group.data_protection_policy:
        out.update(policyDocument=group.data_protection_policy, lastUpdatedTime=group.data_protection_updated)
    return out


def delete_data_protection_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    if not group.data_protection_policy:
        raise not_found("No data protection policy was found for this log group.")
    group.data_protection_policy = ""
    touch_group(ctx, group)
    return {}


def put_index_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    try:
        doc = orjson.loads(req["policyDocument"])
    except orjson.JSONDecodeError:
        raise invalid("The policy document is not valid JSON.") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("Fields", []), list):
        raise invalid("The policy document must be a JSON object with a Fields list.")
    group.index_policy = {
        "logGroupIdentifier": req["logGroupIdentifier"], "lastUpdateTime": now_ms(ctx),
        "policyDocument": req["policyDocument"], "policyName": "log-group-index-policy", "source": "LOG_GROUP",
    }
    touch_group(ctx, group)
    return {"indexPolicy": group.index_policy}


def describe_index_policies(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    out = []
    for identifier in req["logGroupIdentifiers"]:
        group = get_group(ctx, {"logGroupIdentifier": identifier}, "logGroupIdentifier")
        if group.index_policy:
            out.append(group.index_policy)
    return {"indexPolicies": out}


def delete_index_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    if group.index_policy is None:
        raise not_found("No index policy was found for this log group.")
    group.index_policy = None
    touch_group(ctx, group)
    return {}


def describe_field_indexes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    out = []
    for identifier in req["logGroupIdentifiers"]:
        group = get_group(ctx, {"logGroupIdentifier": identifier}, "logGroupIdentifier")
        if not group.index_policy:
            continue
        for field in orjson.loads(group.index_policy["policyDocument"]).get("Fields", []):
            out.append({"logGroupIdentifier": identifier, "fieldIndexName": field, "lastScanTime": now_ms(ctx),
                        "type": "FIELD_INDEX", "indexCategory": "CUSTOM"})
    return {"fieldIndexes": out}


def put_storage_tier_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    record = {"storageTier": req["storageTier"], "lastUpdatedTime": now_ms(ctx)}
    ctx.scope.table("records/storage-tier")["policy"] = record
    return dict(record)


def get_storage_tier_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    record = ctx.scope.table("records/storage-tier").get("policy")
    if record is None:
        raise not_found("No storage tier policy was found.")
    return dict(record)


# ---------------------------------------------------------------- tags


def _group_by_arn(ctx: RequestContext, arn: str) -> LogGroup:
    if ":log-group:" not in arn:
        raise not_found(f"The specified resource does not exist: {arn}")
    return get_group(ctx, {"logGroupIdentifier": arn}, "logGroupIdentifier")


def _tagged(ctx: RequestContext, arn: str) -> tuple[dict[str, str], Any]:
    """The tag map of the resource an ARN names, and a function to save it."""
    if ":log-group:" in arn:
        group = _group_by_arn(ctx, arn)
        return group.tags, lambda: touch_group(ctx, group)
    from cumulo.services.logs.api.records import _tags_of

    return _tags_of(ctx, arn)


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags, save = _tagged(ctx, req["resourceArn"])
    check_tags(req["tags"], internal=ctx.request is None, existing=tags)
    tags.update(req["tags"])
    save()
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags, save = _tagged(ctx, req["resourceArn"])
    for key in req["tagKeys"]:
        tags.pop(key, None)
    save()
    return {}


def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    tags, _ = _tagged(ctx, req["resourceArn"])
    return {"tags": dict(tags)}


def tag_log_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    check_tags(req["tags"], internal=ctx.request is None, existing=group.tags)
    group.tags.update(req["tags"])
    touch_group(ctx, group)
    return {}


def untag_log_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    for key in req["tags"]:
        group.tags.pop(key, None)
    touch_group(ctx, group)
    return {}


def list_tags_log_group(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"tags": dict(get_group(ctx, req).tags)}
