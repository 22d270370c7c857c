"""OpsCenter handlers: OpsItems (with events and related items), OpsMetadata, and the OpsItem summary."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ssm as t
from cumulo.services.ssm.api.tags import drop_tags, set_tags
from cumulo.services.ssm.common import arn, epoch, new_uuid, page, resources
from cumulo.services.ssm.models import Resource

__all__ = [
    "associate_ops_item_related_item", "create_ops_item", "create_ops_metadata", "delete_ops_item", "delete_ops_metadata",
    "describe_ops_items", "disassociate_ops_item_related_item", "get_ops_item", "get_ops_metadata", "get_ops_summary",
    "list_ops_item_events", "list_ops_item_related_items", "list_ops_metadata", "update_ops_item", "update_ops_metadata",
]
ITEM_FIELDS = ("Description", "OpsItemType", "OperationalData", "Notifications", "Priority", "RelatedOpsItems", "Source", "Title",
               "Category", "Severity", "ActualStartTime", "ActualEndTime", "PlannedStartTime", "PlannedEndTime")
TIMES = ("ActualStartTime", "ActualEndTime", "PlannedStartTime", "PlannedEndTime")
MAX_METADATA_KEYS = 50


def _items(ctx: RequestContext) -> Any:
    return resources(ctx, "opsitem")


def _item(ctx: RequestContext, ops_item_id: str) -> Resource:
    found: Resource | None = _items(ctx).get(ops_item_id)
    if found is None:
        raise AwsError("OpsItemNotFoundException", f"OpsItemId {ops_item_id} not found.")
    return found


def _check(body: dict[str, Any]) -> None:
    data = body.get("OperationalData") or {}
    for key in data:
        if key.lower().startswith(("aws", "amazon", "amzn")) and not key.startswith("/aws/"):
            raise AwsError("OpsItemInvalidParameterException", f"Operational data keys can't begin with aws, amazon or amzn: {key}.", ParameterNames=["OperationalData"])
    if len(json.dumps(data)) > 20000:
        raise AwsError("OpsItemInvalidParameterException", "Operational data can be at most 20 KB.", ParameterNames=["OperationalData"])
    priority = body.get("Priority")
    if priority is not None and not 1 <= priority <= 5:
        raise AwsError("OpsItemInvalidParameterException", "Priority must be between 1 and 5.", ParameterNames=["Priority"])


def create_ops_item(ctx: RequestContext, req: t.CreateOpsItemRequest) -> dict[str, Any]:
    body: dict[str, Any] = {k: req[k] for k in ITEM_FIELDS if k in req}  # type: ignore[literal-required]
    for key in TIMES:
        if key in body:
            body[key] = epoch(body[key])
    _check(body)
    dedup = ((body.get("OperationalData") or {}).get("/aws/dedup") or {}).get("Value")
    if dedup:
        for other in _items(ctx).values():
            if other.extra.get("dedup") == dedup and other.body["Status"] == "Open":
                raise AwsError("OpsItemAlreadyExistsException", f"The OpsItem already exists: {other.id}", OpsItemId=other.id)
    ops_item_id = f"oi-{new_uuid().replace('-', '')[:12]}"
    now = ctx.clock.now()
    body.update({"OpsItemId": ops_item_id, "Status": "Open", "CreatedBy": ctx.principal.arn, "CreatedTime": now, "LastModifiedBy": ctx.principal.arn,
                 "LastModifiedTime": now, "Version": new_uuid(), "OpsItemArn": arn(ctx, f"opsitem/{ops_item_id}")})
    _items(ctx)[ops_item_id] = Resource(id=ops_item_id, body=body, created=now, extra={"dedup": dedup, "related": [], "events": []})
    set_tags(ctx, "OpsItem", ops_item_id, req.get("Tags"))
    return {"OpsItemId": ops_item_id, "OpsItemArn": body["OpsItemArn"]}


def get_ops_item(ctx: RequestContext, req: t.GetOpsItemRequest) -> dict[str, Any]:
    return {"OpsItem": dict(_item(ctx, req["OpsItemId"]).body)}


def update_ops_item(ctx: RequestContext, req: t.UpdateOpsItemRequest) -> dict[str, Any]:
    item = _item(ctx, req["OpsItemId"])
    if req.get("OpsItemArn") and req["OpsItemArn"] != item.body["OpsItemArn"]:
        raise AwsError("OpsItemInvalidParameterException", "The OpsItemArn does not name the OpsItem given by OpsItemId.", ParameterNames=["OpsItemArn"])
    body = dict(item.body)
    for key in ITEM_FIELDS + ("Status",):
        if key == "OperationalData" and key in req:
            body["OperationalData"] = {**(body.get("OperationalData") or {}), **req["OperationalData"]}
        elif key in req:
            body[key] = epoch(req[key]) if key in TIMES else req[key]  # type: ignore[literal-required]
    for key in req.get("OperationalDataToDelete") or []:
        (body.get("OperationalData") or {}).pop(key, None)
    _check(body)
    body.update({"LastModifiedBy": ctx.principal.arn, "LastModifiedTime": ctx.clock.now(), "Version": new_uuid()})
    item.body = body
    _items(ctx)[item.id] = item
    return {}


def delete_ops_item(ctx: RequestContext, req: t.DeleteOpsItemRequest) -> dict[str, Any]:
    if req["OpsItemId"] in _items(ctx):
        del _items(ctx)[req["OpsItemId"]]
        drop_tags(ctx, "OpsItem", req["OpsItemId"])
    return {}


def _matches(value: Any, values: list[str], op: str) -> bool:
    text = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    if op == "Equal":
        return text in values
    if op == "Contains":
        return any(v in text for v in values)
    if op in ("GreaterThan", "LessThan"):
        try:
            number = float(value)
            return any(number > float(v) if op == "GreaterThan" else number < float(v) for v in values)
        except (TypeError, ValueError):
            return False
    return False


def describe_ops_items(ctx: RequestContext, req: t.DescribeOpsItemsRequest) -> dict[str, Any]:
    items = [r.body for r in sorted(_items(ctx).values(), key=lambda r: r.created, reverse=True)]
    for f in req.get("OpsItemFilters") or []:
        key, values, op = f["Key"], f["Values"], f["Operator"]
        if key == "OperationalDataKey":
            items = [i for i in items if any(v in (i.get("OperationalData") or {}) for v in values)]
        elif key == "OperationalDataValue":
            items = [i for i in items if any(_matches(d.get("Value"), values, op) for d in (i.get("OperationalData") or {}).values())]
        elif key == "OperationalData":
            wanted = [json.loads(v) for v in values if v.startswith("{")]
            items = [i for i in items if any((i.get("OperationalData") or {}).get(w.get("key"), {}).get("Value") == w.get("value") for w in wanted)]
        else:
            items = [i for i in items if key in i and _matches(i[key], values, op)]
    summary_keys = ("CreatedBy", "CreatedTime", "LastModifiedBy", "LastModifiedTime", "Priority", "Source", "Status", "OpsItemId", "Title",
                    "OperationalData", "Category", "Severity", "OpsItemType") + TIMES
    chunk, token = page([{k: v for k, v in i.items() if k in summary_keys} for i in items], req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"OpsItemSummaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_ops_item_events(ctx: RequestContext, req: t.ListOpsItemEventsRequest) -> dict[str, Any]:
    events = [e for r in _items(ctx).values() for e in r.extra.get("events") or []]
    for f in req.get("Filters") or []:
        if f["Key"] == "OpsItemId":
            events = [e for e in events if e["OpsItemId"] in f["Values"]]
    chunk, token = page(events, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Summaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def associate_ops_item_related_item(ctx: RequestContext, req: t.AssociateOpsItemRelatedItemRequest) -> dict[str, Any]:
    item = _item(ctx, req["OpsItemId"])
    for related in item.extra["related"]:
        if related["ResourceUri"] == req["ResourceUri"]:
            raise AwsError("OpsItemRelatedItemAlreadyExistsException", f"The resource {req['ResourceUri']} is already associated with {item.id}.",
                           ResourceUri=req["ResourceUri"], OpsItemId=item.id)
    now = ctx.clock.now()
    association_id = new_uuid()
    item.extra["related"].append({"OpsItemId": item.id, "AssociationId": association_id, "ResourceType": req["ResourceType"],
                                  "AssociationType": req["AssociationType"], "ResourceUri": req["ResourceUri"],
                                  "CreatedBy": {"Arn": ctx.principal.arn}, "CreatedTime": now,
                                  "LastModifiedBy": {"Arn": ctx.principal.arn}, "LastModifiedTime": now})
    _items(ctx).touch(item.id)
    return {"AssociationId": association_id}


def disassociate_ops_item_related_item(ctx: RequestContext, req: t.DisassociateOpsItemRelatedItemRequest) -> dict[str, Any]:
    item = _item(ctx, req["OpsItemId"])
    kept = [r for r in item.extra["related"] if r["AssociationId"] != req["AssociationId"]]
    if len(kept) == len(item.extra["related"]):
        raise AwsError("OpsItemRelatedItemAssociationNotFoundException", f"Association {req['AssociationId']} not found.")
    item.extra["related"] = kept
    _items(ctx).touch(item.id)
    return {}


def list_ops_item_related_items(ctx: RequestContext, req: t.ListOpsItemRelatedItemsRequest) -> dict[str, Any]:
    if req.get("OpsItemId"):
        related = list(_item(ctx, req["OpsItemId"]).extra["related"])
    else:
        related = [r for item in _items(ctx).values() for r in item.extra["related"]]
    for f in req.get("Filters") or []:
        related = [r for r in related if r.get(f["Key"]) in f["Values"]]
    chunk, token = page(related, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Summaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def get_ops_summary(ctx: RequestContext, req: t.GetOpsSummaryRequest) -> dict[str, Any]:
    if req.get("SyncName") and req["SyncName"] not in resources(ctx, "sync"):
        raise AwsError("ResourceDataSyncNotFoundException", f"Resource data sync {req['SyncName']} not found.", SyncName=req["SyncName"])
    entities = []
    for item in sorted(_items(ctx).values(), key=lambda r: r.created):
        content = {k: str(v) for k, v in item.body.items() if isinstance(v, (str, int, float))}
        entities.append({"Id": item.id, "Data": {"AWS:OpsItem": {"CaptureTime": str(item.body["CreatedTime"]), "Content": [content]}}})
    chunk, token = page(entities, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Entities": chunk}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------- OpsMetadata


def _metadata_table(ctx: RequestContext) -> Any:
    return resources(ctx, "opsmetadata")


def _metadata(ctx: RequestContext, metadata_arn: str) -> Resource:
    found: Resource | None = _metadata_table(ctx).get(metadata_arn)
    if found is None:
        raise AwsError("OpsMetadataNotFoundException", f"OpsMetadata {metadata_arn} not found.")
    return found


def create_ops_metadata(ctx: RequestContext, req: t.CreateOpsMetadataRequest) -> dict[str, Any]:
    resource_id = req["ResourceId"]
    metadata_arn = arn(ctx, f"opsmetadata/{resource_id.lstrip('/')}")
    if metadata_arn in _metadata_table(ctx):
        raise AwsError("OpsMetadataAlreadyExistsException", f"OpsMetadata for {resource_id} already exists.")
    metadata = dict(req.get("Metadata") or {})
    if len(metadata) > MAX_METADATA_KEYS:
        raise AwsError("OpsMetadataKeyLimitExceededException", "OpsMetadata can have at most 50 keys.")
    now = ctx.clock.now()
    body = {"ResourceId": resource_id, "OpsMetadataArn": metadata_arn, "CreationDate": now, "LastModifiedDate": now, "LastModifiedUser": ctx.principal.arn}
    _metadata_table(ctx)[metadata_arn] = Resource(id=metadata_arn, body=body, created=now, extra={"metadata": metadata})
    set_tags(ctx, "OpsMetadata", metadata_arn, req.get("Tags"))
    return {"OpsMetadataArn": metadata_arn}


def get_ops_metadata(ctx: RequestContext, req: t.GetOpsMetadataRequest) -> dict[str, Any]:
    found = _metadata(ctx, req["OpsMetadataArn"])
    keys = sorted(found.extra["metadata"])
    chunk, token = page(keys, req.get("NextToken"), req.get("MaxResults"), 10)
    out: dict[str, Any] = {"ResourceId": found.body["ResourceId"], "Metadata": {k: found.extra["metadata"][k] for k in chunk}}
    if token:
        out["NextToken"] = token
    return out


def update_ops_metadata(ctx: RequestContext, req: t.UpdateOpsMetadataRequest) -> dict[str, Any]:
    found = _metadata(ctx, req["OpsMetadataArn"])
    metadata = {**found.extra["metadata"], **(req.get("MetadataToUpdate") or {})}
    for key in req.get("KeysToDelete") or []:
        metadata.pop(key, None)
    if len(metadata) > MAX_METADATA_KEYS:
        raise AwsError("OpsMetadataKeyLimitExceededException", "OpsMetadata can have at most 50 keys.")
    found.extra["metadata"] = metadata
    found.body.update({"LastModifiedDate": ctx.clock.now(), "LastModifiedUser": ctx.principal.arn})
    _metadata_table(ctx)[found.id] = found
    return {"OpsMetadataArn": found.id}


def delete_ops_metadata(ctx: RequestContext, req: t.DeleteOpsMetadataRequest) -> dict[str, Any]:
    found = _metadata(ctx, req["OpsMetadataArn"])
    del _metadata_table(ctx)[found.id]
    drop_tags(ctx, "OpsMetadata", found.id)
    return {}


def list_ops_metadata(ctx: RequestContext, req: t.ListOpsMetadataRequest) -> dict[str, Any]:
    items = [r.body for r in sorted(_metadata_table(ctx).values(), key=lambda r: r.created)]
    for f in req.get("Filters") or []:
        items = [i for i in items if str(i.get(f["Key"], "")) in f.get("Values", []) or (f["Key"] == "ResourceId" and any(i["ResourceId"].startswith(v) for v in f.get("Values") or []))]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"OpsMetadataList": chunk}
    if token:
        out["NextToken"] = token
    return out
