"""Inventory, compliance and resource data sync handlers.

Inventory items are stored per instance and type name as PutInventory sent
them; GetInventory and ListInventoryEntries filter them. Compliance items are
stored per resource and compliance type (a new upload replaces the type's
items, as COMPLETE uploads do on AWS); summaries are counted from them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ssm as t
from cumulo.services.ssm import instances
from cumulo.services.ssm.common import epoch, new_uuid, page, resources, table
from cumulo.services.ssm.models import Resource

__all__ = [
    "create_resource_data_sync", "delete_inventory", "delete_resource_data_sync", "describe_inventory_deletions", "get_inventory",
    "get_inventory_schema", "list_compliance_items", "list_compliance_summaries", "list_inventory_entries", "list_resource_compliance_summaries",
    "list_resource_data_sync", "put_compliance_items", "put_inventory", "update_resource_data_sync",
]
AWS_TYPES = {
    "AWS:Application": ["Name", "ApplicationType", "Publisher", "Version", "InstalledTime", "Architecture", "URL"],
    "AWS:AWSComponent": ["Name", "ApplicationType", "Publisher", "Version", "InstalledTime", "Architecture"],
    "AWS:File": ["Name", "Size", "Description", "FileVersion", "InstalledDate", "ModificationTime", "LastAccessTime", "ProductName", "InstalledDir"],
    "AWS:InstanceInformation": ["AgentType", "AgentVersion", "ComputerName", "InstanceId", "IpAddress", "PlatformName", "PlatformType", "PlatformVersion", "ResourceType", "InstanceStatus"],
    "AWS:Network": ["Name", "SubnetMask", "Gateway", "DHCPServer", "DNSServer", "MacAddress", "IPV4", "IPV6"],
    "AWS:PatchSummary": ["PatchGroup", "BaselineId", "SnapshotId", "OwnerInformation", "InstalledCount", "FailedCount", "MissingCount", "Operation"],
    "AWS:Service": ["Name", "DisplayName", "ServiceType", "Status", "DependentServices", "ServicesDependedOn", "StartType"],
    "AWS:WindowsRegistry": ["KeyPath", "ValueName", "ValueType", "Value"],
    "AWS:WindowsRole": ["Name", "DisplayName", "Path", "FeatureType", "DependsOn", "Description", "Installed", "InstalledState", "SubFeatures", "ServerComponentDescriptor", "Parent"],
    "AWS:ComplianceItem": ["ComplianceType", "ExecutionId", "ExecutionType", "ExecutionTime", "Id", "Title", "Status", "Severity", "DocumentName", "DocumentVersion", "PatchBaselineId", "PatchSeverity", "PatchState", "PatchGroup", "InstalledTime", "InstallOverrideList"],
    "AWS:ComplianceSummary": ["ComplianceType", "PatchGroup", "PatchBaselineId", "Status", "OverallSeverity", "ExecutionId", "ExecutionType", "ExecutionTime", "CompliantCriticalCount", "CompliantHighCount"],
}
# Resource data syncs per account and Region.
MAX_SYNCS = 50
SEVERITIES = {"CRITICAL": "CriticalCount", "HIGH": "HighCount", "MEDIUM": "MediumCount", "LOW": "LowCount", "INFORMATIONAL": "InformationalCount", "UNSPECIFIED": "UnspecifiedCount"}


def _inventory(ctx: RequestContext) -> Any:
    return table(ctx, "inventory")


def put_inventory(ctx: RequestContext, req: t.PutInventoryRequest) -> dict[str, Any]:
    instance_id = req["InstanceId"]
    if instance_id not in instances.all_instances(ctx) and not instance_id.startswith("i-"):
        raise AwsError("InvalidInstanceId", f"Instance {instance_id} is not valid.")
    stored = dict(_inventory(ctx).get(instance_id) or {})
    schemas = table(ctx, "inventory_schemas")
    for item in req["Items"]:
        name = item["TypeName"]
        if not name.startswith(("AWS:", "Custom:")):
            raise AwsError("InvalidTypeNameException", f"The type name {name} is not valid: it must start with AWS: or Custom:.")
        if name.startswith("AWS:") and name not in AWS_TYPES:
            raise AwsError("InvalidTypeNameException", f"The type name {name} is not an AWS inventory type.")
        content = list(item.get("Content") or [])
        if len(json.dumps(content)) > 200 * 1024:
            raise AwsError("ItemSizeLimitExceededException", f"The inventory item {name} exceeds 200 KB.", TypeName=name)
        digest = item.get("ContentHash") or hashlib.md5(json.dumps(content, sort_keys=True).encode()).hexdigest()
        stored[name] = {"TypeName": name, "SchemaVersion": item["SchemaVersion"], "CaptureTime": item["CaptureTime"], "ContentHash": digest, "Content": content}
        if name.startswith("Custom:"):
            attributes = sorted({k for entry in content for k in entry})
            schemas[name] = {"TypeName": name, "Version": item["SchemaVersion"], "Attributes": [{"Name": a, "DataType": "string"} for a in attributes]}
    _inventory(ctx)[instance_id] = stored
    return {"Message": "Success"}


def _inventory_filter(value: Any, f: Any) -> bool:
    kind = f.get("Type", "Equal")
    values = f.get("Values") or []
    text = str(value) if value is not None else None
    if kind == "Exists":
        return text is not None
    if text is None:
        return kind == "NotEqual"
    if kind == "Equal":
        return text in values
    if kind == "NotEqual":
        return text not in values
    if kind == "BeginWith":
        return any(text.startswith(v) for v in values)
    try:
        return any(float(text) < float(v) if kind == "LessThan" else float(text) > float(v) for v in values)
    except ValueError:
        return False


def get_inventory(ctx: RequestContext, req: t.GetInventoryRequest) -> dict[str, Any]:
    entities = []
    for instance_id, items in sorted(_inventory(ctx).items()):
        ok = True
        for f in req.get("Filters") or []:
            type_name, _, attribute = f["Key"].rpartition(".")
            item = items.get(type_name)
            if item is None:
                ok = False
                break
            if not any(_inventory_filter(entry.get(attribute), f) for entry in item["Content"] or [{}]):
                ok = False
                break
        if not ok:
            continue
        data = {}
        wanted = {r["TypeName"] for r in req.get("ResultAttributes") or []}
        for name, item in items.items():
            if not wanted or name in wanted:
                data[name] = {k: v for k, v in item.items()}
        entities.append({"Id": instance_id, "Data": data})
    chunk, token = page(entities, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Entities": chunk}
    if token:
        out["NextToken"] = token
    return out


def get_inventory_schema(ctx: RequestContext, req: t.GetInventorySchemaRequest) -> dict[str, Any]:
    schemas = [{"TypeName": name, "Version": "1.0", "Attributes": [{"Name": a, "DataType": "string"} for a in attrs]} for name, attrs in AWS_TYPES.items()]
    schemas += list(table(ctx, "inventory_schemas").values())
    if req.get("TypeName"):
        schemas = [s for s in schemas if s["TypeName"] == req["TypeName"]]
        if not schemas:
            raise AwsError("InvalidTypeNameException", f"The type name {req['TypeName']} is not valid.")
    chunk, token = page(schemas, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Schemas": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_inventory_entries(ctx: RequestContext, req: t.ListInventoryEntriesRequest) -> dict[str, Any]:
    items = _inventory(ctx).get(req["InstanceId"])
    if items is None and req["InstanceId"] not in instances.all_instances(ctx):
        raise AwsError("InvalidInstanceId", f"Instance {req['InstanceId']} is not valid.")
    item = (items or {}).get(req["TypeName"])
    entries = list(item["Content"]) if item else []
    for f in req.get("Filters") or []:
        entries = [e for e in entries if _inventory_filter(e.get(f["Key"]), f)]
    chunk, token = page(entries, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"TypeName": req["TypeName"], "InstanceId": req["InstanceId"], "Entries": chunk}
    if item:
        out.update({"SchemaVersion": item["SchemaVersion"], "CaptureTime": item["CaptureTime"]})
    if token:
        out["NextToken"] = token
    return out


def delete_inventory(ctx: RequestContext, req: t.DeleteInventoryRequest) -> dict[str, Any]:
    name = req["TypeName"]
    if not name.startswith("Custom:"):
        raise AwsError("InvalidTypeNameException", "Only custom inventory types can be deleted.")
    option = req.get("SchemaDeleteOption")
    if option and option not in ("DisableSchema", "DeleteSchema"):
        raise AwsError("InvalidOptionException", f"The option {option} is not valid.")
    affected = [i for i, items in _inventory(ctx).items() if name in items]
    summary = {"TotalCount": len(affected), "RemainingCount": 0 if not req.get("DryRun") else len(affected),
               "SummaryItems": [{"Version": "1.0", "Count": len(affected), "RemainingCount": 0}] if affected else []}
    deletion_id = new_uuid()
    if not req.get("DryRun"):
        for instance_id in affected:
            items = dict(_inventory(ctx)[instance_id])
            items.pop(name, None)
            _inventory(ctx)[instance_id] = items
        if option == "DeleteSchema" and name in table(ctx, "inventory_schemas"):
            del table(ctx, "inventory_schemas")[name]
        now = ctx.clock.now()
        resources(ctx, "inventory_deletion")[deletion_id] = Resource(id=deletion_id, created=now, body={
            "DeletionId": deletion_id, "TypeName": name, "DeletionStartTime": now, "LastStatus": "Complete",
            "LastStatusMessage": "Deletion is successful", "DeletionSummary": summary, "LastStatusUpdateTime": now})
    return {"DeletionId": deletion_id, "TypeName": name, "DeletionSummary": summary}


def describe_inventory_deletions(ctx: RequestContext, req: t.DescribeInventoryDeletionsRequest) -> dict[str, Any]:
    found = [r.body for r in sorted(resources(ctx, "inventory_deletion").values(), key=lambda r: r.created)]
    if req.get("DeletionId"):
        found = [d for d in found if d["DeletionId"] == req["DeletionId"]]
        if not found:
            raise AwsError("InvalidDeletionIdException", f"The deletion id {req['DeletionId']} is not valid.")
    chunk, token = page(found, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"InventoryDeletions": chunk}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------- compliance


def _compliance(ctx: RequestContext) -> Any:
    return table(ctx, "compliance")


def put_compliance_items(ctx: RequestContext, req: t.PutComplianceItemsRequest) -> dict[str, Any]:
    if req["ResourceType"] not in ("ManagedInstance",):
        raise AwsError("InvalidResourceType", "The resource type is not valid. ManagedInstance is the only supported type.")
    kind = req["ComplianceType"]
    if not (kind in ("Association", "Patch") or kind.startswith("Custom:")):
        raise AwsError("InvalidItemContentException", f"The compliance type {kind} is not valid: use Custom:<name>.", TypeName=kind)
    if len(req["Items"]) > 10000:
        raise AwsError("TotalSizeLimitExceededException", "Too many compliance items.")
    key = f"{req['ResourceType']}|{req['ResourceId']}"
    stored = dict(_compliance(ctx).get(key) or {})
    summary = dict(req["ExecutionSummary"])
    summary["ExecutionTime"] = epoch(summary["ExecutionTime"])
    items = [{"ComplianceType": kind, "ResourceType": req["ResourceType"], "ResourceId": req["ResourceId"], "Id": i.get("Id", ""),
              "Title": i.get("Title", ""), "Status": i["Status"], "Severity": i["Severity"], "ExecutionSummary": summary,
              "Details": i.get("Details") or {}} for i in req["Items"]]
    if req.get("UploadType") == "PARTIAL" and kind in stored:
        by_id = {i["Id"]: i for i in stored[kind]["items"]}
        by_id.update({i["Id"]: i for i in items})
        items = list(by_id.values())
    stored[kind] = {"items": items, "summary": summary}
    _compliance(ctx)[key] = stored
    return {}


def _compliance_filter(item: dict[str, Any], filters: Any) -> bool:
    for f in filters:
        key = f.get("Key") or ""
        value = str(item.get(key, (item.get("Details") or {}).get(key, "")))
        values = f.get("Values") or []
        kind = f.get("Type", "EQUAL")
        if kind == "EQUAL" and value not in values or kind == "NOT_EQUAL" and value in values:
            return False
        if kind == "BEGIN_WITH" and not any(value.startswith(v) for v in values):
            return False
    return True


def _all_items(ctx: RequestContext) -> list[dict[str, Any]]:
    return [i for stored in _compliance(ctx).values() for entry in stored.values() for i in entry["items"]]


def list_compliance_items(ctx: RequestContext, req: t.ListComplianceItemsRequest) -> dict[str, Any]:
    items = _all_items(ctx)
    if req.get("ResourceIds"):
        items = [i for i in items if i["ResourceId"] in req["ResourceIds"]]
    if req.get("ResourceTypes"):
        items = [i for i in items if i["ResourceType"] in req["ResourceTypes"]]
    items = [i for i in items if _compliance_filter(i, req.get("Filters") or [])]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"ComplianceItems": chunk}
    if token:
        out["NextToken"] = token
    return out


def _severity_summary(items: list[dict[str, Any]]) -> dict[str, int]:
    counts = {v: 0 for v in SEVERITIES.values()}
    for i in items:
        counts[SEVERITIES.get(i["Severity"], "UnspecifiedCount")] += 1
    return counts


def _summaries(items: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    compliant = [i for i in items if i["Status"] == "COMPLIANT"]
    non = [i for i in items if i["Status"] != "COMPLIANT"]
    return ({"CompliantCount": len(compliant), "SeveritySummary": _severity_summary(compliant)},
            {"NonCompliantCount": len(non), "SeveritySummary": _severity_summary(non)})


def list_compliance_summaries(ctx: RequestContext, req: t.ListComplianceSummariesRequest) -> dict[str, Any]:
    items = [i for i in _all_items(ctx) if _compliance_filter(i, req.get("Filters") or [])]
    kinds = sorted({i["ComplianceType"] for i in items})
    summaries = []
    for kind in kinds:
        # Counted per resource, as AWS does: a resource is non-compliant when any item of the type is.
        per_resource: dict[str, list[dict[str, Any]]] = {}
        for i in items:
            if i["ComplianceType"] == kind:
                per_resource.setdefault(i["ResourceId"], []).append(i)
        rolled = [min(group, key=lambda i: i["Status"] == "COMPLIANT") for group in per_resource.values()]
        c, n = _summaries(rolled)
        summaries.append({"ComplianceType": kind, "CompliantSummary": c, "NonCompliantSummary": n})
    chunk, token = page(summaries, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"ComplianceSummaryItems": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_resource_compliance_summaries(ctx: RequestContext, req: t.ListResourceComplianceSummariesRequest) -> dict[str, Any]:
    out_items = []
    order = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED")
    for key, stored in sorted(_compliance(ctx).items()):
        resource_type, resource_id = key.split("|", 1)
        for kind, entry in sorted(stored.items()):
            items = entry["items"]
            c, n = _summaries(items)
            non = [i for i in items if i["Status"] != "COMPLIANT"]
            worst = min((i["Severity"] for i in non), key=lambda s: order.index(s) if s in order else 9, default="UNSPECIFIED")
            summary = {"ComplianceType": kind, "ResourceType": resource_type, "ResourceId": resource_id,
                       "Status": "NON_COMPLIANT" if non else "COMPLIANT", "OverallSeverity": worst,
                       "ExecutionSummary": entry["summary"], "CompliantSummary": c, "NonCompliantSummary": n}
            if _compliance_filter(summary, req.get("Filters") or []):
                out_items.append(summary)
    chunk, token = page(out_items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"ResourceComplianceSummaryItems": chunk}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------- resource data sync


def _syncs(ctx: RequestContext) -> Any:
    return resources(ctx, "sync")


def create_resource_data_sync(ctx: RequestContext, req: t.CreateResourceDataSyncRequest) -> dict[str, Any]:
    name = req["SyncName"]
    if name in _syncs(ctx):
        raise AwsError("ResourceDataSyncAlreadyExistsException", f"Resource data sync {name} already exists.", SyncName=name)
    if len(_syncs(ctx)) >= MAX_SYNCS:
        raise AwsError("ResourceDataSyncCountExceededException", "You have exceeded the allowed maximum sync configurations.")
    sync_type = req.get("SyncType", "SyncToDestination")
    if sync_type == "SyncToDestination" and not req.get("S3Destination"):
        raise AwsError("ResourceDataSyncInvalidConfigurationException", "S3Destination is required for the SyncToDestination type.")
    if sync_type == "SyncFromSource" and not req.get("SyncSource"):
        raise AwsError("ResourceDataSyncInvalidConfigurationException", "SyncSource is required for the SyncFromSource type.")
    now = ctx.clock.now()
    body: dict[str, Any] = {"SyncName": name, "SyncType": sync_type, "SyncCreatedTime": now, "SyncLastModifiedTime": now,
                            "LastStatus": "Successful", "LastSyncTime": now, "LastSuccessfulSyncTime": now}
    if req.get("S3Destination"):
        body["S3Destination"] = req["S3Destination"]
    if req.get("SyncSource"):
        body["SyncSource"] = {**req["SyncSource"], "State": "Enabled"}
    _syncs(ctx)[name] = Resource(id=name, body=body, created=now)
    return {}


def update_resource_data_sync(ctx: RequestContext, req: t.UpdateResourceDataSyncRequest) -> dict[str, Any]:
    found = _syncs(ctx).get(req["SyncName"])
    if found is None:
        raise AwsError("ResourceDataSyncNotFoundException", f"Resource data sync {req['SyncName']} not found.", SyncName=req["SyncName"], SyncType=req["SyncType"])
    if found.body["SyncType"] != req["SyncType"]:
        raise AwsError("ResourceDataSyncConflictException", "The sync type can't be changed.")
    found.body["SyncSource"] = {**req["SyncSource"], "State": "Enabled"}
    found.body["SyncLastModifiedTime"] = ctx.clock.now()
    _syncs(ctx)[found.id] = found
    return {}


def delete_resource_data_sync(ctx: RequestContext, req: t.DeleteResourceDataSyncRequest) -> dict[str, Any]:
    found = _syncs(ctx).get(req["SyncName"])
    if found is None or req.get("SyncType") not in (None, found.body["SyncType"]):
        raise AwsError("ResourceDataSyncNotFoundException", f"Resource data sync {req['SyncName']} not found.", SyncName=req["SyncName"])
    del _syncs(ctx)[found.id]
    return {}


def list_resource_data_sync(ctx: RequestContext, req: t.ListResourceDataSyncRequest) -> dict[str, Any]:
    items = [r.body for r in sorted(_syncs(ctx).values(), key=lambda r: r.created)]
    if req.get("SyncType"):
        items = [i for i in items if i["SyncType"] == req["SyncType"]]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"ResourceDataSyncItems": chunk}
    if token:
        out["NextToken"] = token
    return out
