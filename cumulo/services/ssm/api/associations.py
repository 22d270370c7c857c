"""State Manager association handlers: create (one or a batch), versions, status, executions, run once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ssm as t
from cumulo.services.ssm import associations, documents, instances, schedule
from cumulo.services.ssm.api.tags import drop_tags, set_tags
from cumulo.services.ssm.common import new_uuid, page, resources
from cumulo.services.ssm.interpolate import resolve
from cumulo.services.ssm.models import Resource

__all__ = [
    "create_association", "create_association_batch", "delete_association", "describe_association",
    "describe_association_execution_targets", "describe_association_executions", "describe_effective_instance_associations",
    "describe_instance_associations_status", "list_association_versions", "list_associations", "start_associations_once",
    "update_association", "update_association_status",
]
FIELDS = ("Name", "DocumentVersion", "InstanceId", "Parameters", "Targets", "ScheduleExpression", "OutputLocation", "AssociationName",
          "AutomationTargetParameterName", "MaxErrors", "MaxConcurrency", "ComplianceSeverity", "SyncCompliance", "ApplyOnlyAtCronInterval",
          "CalendarNames", "TargetLocations", "ScheduleOffset", "Duration", "TargetMaps", "AlarmConfiguration", "AssociationDispatchAssumeRole")
MAX_VERSIONS = 1000


def _table(ctx: RequestContext) -> Any:
    return resources(ctx, "association")


def _validate(ctx: RequestContext, body: dict[str, Any]) -> str:
    try:
        doc = documents.find(ctx, body["Name"])
    except AwsError:
        raise AwsError("InvalidDocument", f"Document {body['Name']} does not exist.") from None
    if doc.document_type not in ("Command", "Automation", "Policy"):
        raise AwsError("InvalidDocument", f"Document {doc.name} of type {doc.document_type} can't be associated.")
    version = documents.version_of(doc, body.get("DocumentVersion") if body.get("DocumentVersion") not in (None, "$DEFAULT", "$LATEST") else body.get("DocumentVersion"))
    parsed = documents.parsed_content(doc, version)
    resolve(parsed.get("parameters") or {}, {k: list(v) for k, v in (body.get("Parameters") or {}).items()}, "InvalidParameters")
    if body.get("ScheduleExpression"):
        schedule.parse(body["ScheduleExpression"], None, "InvalidSchedule", "association schedule")
    if body.get("ScheduleOffset") and not str(body.get("ScheduleExpression", "")).startswith("cron("):
        raise AwsError("InvalidSchedule", "ScheduleOffset is only supported with a cron schedule.")
    if body.get("InstanceId") and body.get("Targets"):
        raise AwsError("InvalidTarget", "Specify either InstanceId or Targets, not both.")
    if not body.get("InstanceId") and not body.get("Targets") and doc.document_type == "Command":
        raise AwsError("InvalidTarget", "Specify the targets for the association.")
    if body.get("InstanceId") and not instances.online(ctx, body["InstanceId"]):
        raise AwsError("InvalidInstanceId", f"Instance {body['InstanceId']} is not a valid managed instance.")
    location = ((body.get("OutputLocation") or {}).get("S3Location") or {})
    if location and not location.get("OutputS3BucketName"):
        raise AwsError("InvalidOutputLocation", "The output location must name a bucket.")
    return doc.document_type


def _version_info(assoc: Resource) -> dict[str, Any]:
    info = {k: v for k, v in assoc.body.items() if k in FIELDS and k not in ("InstanceId", "AlarmConfiguration")}
    info.update({"AssociationId": assoc.id, "AssociationVersion": assoc.body["AssociationVersion"], "CreatedDate": assoc.body["LastUpdateAssociationDate"]})
    return info


def _overview(ctx: RequestContext, assoc: Resource) -> tuple[dict[str, Any], dict[str, Any]]:
    executions = assoc.extra.get("executions") or []
    if not executions:
        return {"Status": "Pending", "DetailedStatus": "Creating"}, {"Date": assoc.body["Date"], "Name": "Pending", "Message": "Associated with the document"}
    status, counts = associations.execution_status(ctx.scope, executions[-1])
    return ({"Status": status, "DetailedStatus": status, "AssociationStatusAggregatedCount": counts},
            {"Date": executions[-1]["CreatedTime"], "Name": status if status != "InProgress" else "Pending", "Message": ""})


def _description(ctx: RequestContext, assoc: Resource) -> dict[str, Any]:
    out = {k: v for k, v in assoc.body.items()}
    out["AssociationId"] = assoc.id
    overview, status = _overview(ctx, assoc)
    out["Overview"] = overview
    out["Status"] = assoc.extra.get("status") or status
    executions = assoc.extra.get("executions") or []
    if executions:
        out["LastExecutionDate"] = executions[-1]["CreatedTime"]
        successes = [e for e in executions if associations.execution_status(ctx.scope, e)[0] == "Success"]
        if successes:
            out["LastSuccessfulExecutionDate"] = successes[-1]["CreatedTime"]
    return out


def _create(ctx: RequestContext, req: dict[str, Any]) -> Resource:
    body: dict[str, Any] = {k: req[k] for k in FIELDS if k in req}
    doc_type = _validate(ctx, body)
    for other in _table(ctx).values():
        if body.get("InstanceId") and other.body.get("InstanceId") == body["InstanceId"] and other.body["Name"] == body["Name"]:
            raise AwsError("AssociationAlreadyExists", "The specified association already exists.")
    now = ctx.clock.now()
    association_id = new_uuid()
    body.update({"AssociationVersion": "1", "Date": now, "LastUpdateAssociationDate": now})
    body.setdefault("DocumentVersion", "$DEFAULT")
    body.setdefault("ApplyOnlyAtCronInterval", False)
    assoc = Resource(id=association_id, body=body, created=now, extra={"document_type": doc_type, "executions": []})
    assoc.extra["versions"] = [_version_info(assoc)]
    assoc.extra["next"] = associations.compute_next(assoc, now)
    _table(ctx)[association_id] = assoc
    set_tags(ctx, "Association", association_id, req.get("Tags"))
    if not body.get("ApplyOnlyAtCronInterval"):
        associations.kick(ctx.runtime, ctx.scope, association_id)
    return assoc


def create_association(ctx: RequestContext, req: t.CreateAssociationRequest) -> dict[str, Any]:
    return {"AssociationDescription": _description(ctx, _create(ctx, dict(req)))}


def create_association_batch(ctx: RequestContext, req: t.CreateAssociationBatchRequest) -> dict[str, Any]:
    ok: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for entry in req["Entries"]:
        try:
            ok.append(_description(ctx, _create(ctx, dict(entry))))
        except AwsError as error:
            fault = {"InvalidDocument": "Client", "InvalidInstanceId": "Client"}.get(error.code, "Client")
            failed.append({"Entry": entry, "Message": error.message, "Fault": fault})
    return {"Successful": ok, "Failed": failed}


def _find(ctx: RequestContext, association_id: str | None, name: str | None = None, instance_id: str | None = None) -> Resource:
    if association_id:
        found: Resource | None = _table(ctx).get(association_id)
        if found is not None:
            return found
    elif name and instance_id:
        for assoc in _table(ctx).values():
            if assoc.body["Name"] == name and assoc.body.get("InstanceId") == instance_id:
                return assoc
    raise AwsError("AssociationDoesNotExist", "The specified association does not exist.")


def delete_association(ctx: RequestContext, req: t.DeleteAssociationRequest) -> dict[str, Any]:
    assoc = _find(ctx, req.get("AssociationId"), req.get("Name"), req.get("InstanceId"))
    del _table(ctx)[assoc.id]
    drop_tags(ctx, "Association", assoc.id)
    return {}


def describe_association(ctx: RequestContext, req: t.DescribeAssociationRequest) -> dict[str, Any]:
    assoc = _find(ctx, req.get("AssociationId"), req.get("Name"), req.get("InstanceId"))
    wanted = req.get("AssociationVersion")
    if wanted and wanted != "$LATEST" and wanted != assoc.body["AssociationVersion"]:
        for info in assoc.extra["versions"]:
            if info["AssociationVersion"] == wanted:
                out = _description(ctx, assoc)
                out.update({k: v for k, v in info.items() if k != "CreatedDate"})
                return {"AssociationDescription": out}
        raise AwsError("InvalidAssociationVersion", f"Association version {wanted} does not exist.")
    return {"AssociationDescription": _description(ctx, assoc)}


def update_association(ctx: RequestContext, req: t.UpdateAssociationRequest) -> dict[str, Any]:
    assoc = _find(ctx, req["AssociationId"])
    if req.get("AssociationVersion") not in (None, "$LATEST", assoc.body["AssociationVersion"]):
        raise AwsError("InvalidAssociationVersion", "The association version is not the latest.")
    if req.get("Name") and req["Name"] != assoc.body["Name"] and not req["Name"].startswith("arn:"):
        pass  # the document may be replaced on update
    body = dict(assoc.body)
    body.update({k: req[k] for k in FIELDS if k in req})  # type: ignore[literal-required]
    assoc.extra["document_type"] = _validate(ctx, body)
    if len(assoc.extra["versions"]) >= MAX_VERSIONS:
        raise AwsError("AssociationVersionLimitExceeded", "You have reached the maximum number of versions allowed for an association.")
    body["AssociationVersion"] = str(int(body["AssociationVersion"]) + 1)
    body["LastUpdateAssociationDate"] = ctx.clock.now()
    assoc.body = body
    assoc.extra["versions"].append(_version_info(assoc))
    assoc.extra["next"] = associations.compute_next(assoc, ctx.clock.now())
    _table(ctx)[assoc.id] = assoc
    if not body.get("ApplyOnlyAtCronInterval"):
        associations.kick(ctx.runtime, ctx.scope, assoc.id)
    return {"AssociationDescription": _description(ctx, assoc)}


def update_association_status(ctx: RequestContext, req: t.UpdateAssociationStatusRequest) -> dict[str, Any]:
    assoc = _find(ctx, None, req["Name"], req["InstanceId"])
    given = dict(req["AssociationStatus"])
    current = assoc.extra.get("status") or {}
    if current.get("Name") == given["Name"] and current.get("Message") == given["Message"]:
        raise AwsError("StatusUnchanged", "The status is unchanged.")
    assoc.extra["status"] = given
    _table(ctx).touch(assoc.id)
    return {"AssociationDescription": _description(ctx, assoc)}


def _list_entry(ctx: RequestContext, assoc: Resource) -> dict[str, Any]:
    d = _description(ctx, assoc)
    return {k: d[k] for k in ("Name", "InstanceId", "AssociationId", "AssociationVersion", "DocumentVersion", "Targets", "LastExecutionDate",
                              "Overview", "ScheduleExpression", "AssociationName", "ScheduleOffset", "Duration", "TargetMaps") if k in d}


def _when(value: str) -> float:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise AwsError("ValidationException", f"{value} is not a valid date.", status=400) from None


def list_associations(ctx: RequestContext, req: t.ListAssociationsRequest) -> dict[str, Any]:
    items = [_list_entry(ctx, a) for a in sorted(_table(ctx).values(), key=lambda a: a.created)]
    for f in req.get("AssociationFilterList") or []:
        key, value = f["key"], f["value"]
        if key in ("InstanceId", "Name", "AssociationId", "AssociationName"):
            items = [i for i in items if i.get(key) == value]
        elif key == "AssociationStatusName":
            items = [i for i in items if i["Overview"]["Status"] == value]
        elif key in ("LastExecutedBefore", "LastExecutedAfter"):
            when = _when(value)
            items = [i for i in items if "LastExecutionDate" in i and (i["LastExecutionDate"] < when if key == "LastExecutedBefore" else i["LastExecutionDate"] > when)]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Associations": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_association_versions(ctx: RequestContext, req: t.ListAssociationVersionsRequest) -> dict[str, Any]:
    assoc = _find(ctx, req["AssociationId"])
    chunk, token = page(assoc.extra["versions"], req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"AssociationVersions": chunk}
    if token:
        out["NextToken"] = token
    return out


def _execution_wire(ctx: RequestContext, e: dict[str, Any]) -> dict[str, Any]:
    status, counts = associations.execution_status(ctx.scope, e)
    return {"AssociationId": e["AssociationId"], "AssociationVersion": e["AssociationVersion"], "ExecutionId": e["ExecutionId"],
            "Status": status, "DetailedStatus": e.get("error") or status, "CreatedTime": e["CreatedTime"], "LastExecutionDate": e["CreatedTime"],
            "ResourceCountByStatus": ",".join(f"{k}={v}" for k, v in counts.items()) if counts else "{}"}


def describe_association_executions(ctx: RequestContext, req: t.DescribeAssociationExecutionsRequest) -> dict[str, Any]:
    assoc = _find(ctx, req["AssociationId"])
    items = [_execution_wire(ctx, e) for e in reversed(assoc.extra.get("executions") or [])]
    for f in req.get("Filters") or []:
        key, value, kind = f["Key"], f["Value"], f["Type"]
        if key == "ExecutionId":
            items = [i for i in items if i["ExecutionId"] == value]
        elif key == "Status":
            items = [i for i in items if i["Status"] == value]
        elif key == "CreatedTime":
            when = _when(value)
            items = [i for i in items if {"EQUAL": i["CreatedTime"] == when, "LESS_THAN": i["CreatedTime"] < when, "GREATER_THAN": i["CreatedTime"] > when}[kind]]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"AssociationExecutions": chunk}
    if token:
        out["NextToken"] = token
    return out


def describe_association_execution_targets(ctx: RequestContext, req: t.DescribeAssociationExecutionTargetsRequest) -> dict[str, Any]:
    assoc = _find(ctx, req["AssociationId"])
    for e in assoc.extra.get("executions") or []:
        if e["ExecutionId"] == req["ExecutionId"]:
            items = []
            for target in e["targets"]:
                status = associations.target_status(ctx.scope, target)
                items.append({"AssociationId": assoc.id, "AssociationVersion": e["AssociationVersion"], "ExecutionId": e["ExecutionId"],
                              "ResourceId": target["ResourceId"], "ResourceType": target["ResourceType"], "Status": status,
                              "DetailedStatus": status, "LastExecutionDate": e["CreatedTime"], "OutputSource": target["OutputSource"]})
            for f in req.get("Filters") or []:
                items = [i for i in items if str(i.get(f["Key"], "")) == f["Value"]]
            chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
            out: dict[str, Any] = {"AssociationExecutionTargets": chunk}
            if token:
                out["NextToken"] = token
            return out
    raise AwsError("AssociationExecutionDoesNotExist", f"Association execution {req['ExecutionId']} does not exist.")


def _for_instance(ctx: RequestContext, instance_id: str) -> list[Resource]:
    if instance_id not in instances.all_instances(ctx):
        raise AwsError("InvalidInstanceId", f"Instance {instance_id} is not a managed instance.")
    found = []
    for assoc in _table(ctx).values():
        body = assoc.body
        targets = body.get("Targets") or []
        if body.get("InstanceId") == instance_id or any(
            tg.get("Key") in ("InstanceIds", "instanceids") and (instance_id in (tg.get("Values") or []) or "*" in (tg.get("Values") or []))
            for tg in targets
        ):
            found.append(assoc)
    return found


def describe_effective_instance_associations(ctx: RequestContext, req: t.DescribeEffectiveInstanceAssociationsRequest) -> dict[str, Any]:
    import json

    items = []
    for assoc in _for_instance(ctx, req["InstanceId"]):
        doc = documents.find(ctx, assoc.body["Name"])
        version = documents.version_of(doc, assoc.body.get("DocumentVersion") if assoc.body.get("DocumentVersion") != "$DEFAULT" else None)
        items.append({"AssociationId": assoc.id, "InstanceId": req["InstanceId"], "AssociationVersion": assoc.body["AssociationVersion"],
                      "Content": json.dumps(documents.parsed_content(doc, version))})
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 5)
    out: dict[str, Any] = {"Associations": chunk}
    if token:
        out["NextToken"] = token
    return out


def describe_instance_associations_status(ctx: RequestContext, req: t.DescribeInstanceAssociationsStatusRequest) -> dict[str, Any]:
    infos = []
    for assoc in _for_instance(ctx, req["InstanceId"]):
        entry: dict[str, Any] = {"AssociationId": assoc.id, "Name": assoc.body["Name"], "DocumentVersion": assoc.body.get("DocumentVersion", "$DEFAULT"),
                                 "AssociationVersion": assoc.body["AssociationVersion"], "InstanceId": req["InstanceId"]}
        if assoc.body.get("AssociationName"):
            entry["AssociationName"] = assoc.body["AssociationName"]
        for e in reversed(assoc.extra.get("executions") or []):
            mine = [tg for tg in e["targets"] if tg["ResourceId"] == req["InstanceId"]]
            if mine:
                status = associations.target_status(ctx.scope, mine[0])
                entry.update({"ExecutionDate": e["CreatedTime"], "Status": status, "DetailedStatus": status,
                              "ExecutionSummary": f"1 out of 1 plugin processed, {1 if status == 'Success' else 0} success, {1 if status == 'Failed' else 0} failed"})
                break
        else:
            entry.update({"Status": "Pending", "DetailedStatus": "Pending"})
        infos.append(entry)
    chunk, token = page(infos, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"InstanceAssociationStatusInfos": chunk}
    if token:
        out["NextToken"] = token
    return out


def start_associations_once(ctx: RequestContext, req: t.StartAssociationsOnceRequest) -> dict[str, Any]:
    for association_id in req["AssociationIds"]:
        if association_id not in _table(ctx):
            raise AwsError("InvalidAssociation", f"Association {association_id} does not exist.")
    for association_id in req["AssociationIds"]:
        associations.kick(ctx.runtime, ctx.scope, association_id)
    return {}
