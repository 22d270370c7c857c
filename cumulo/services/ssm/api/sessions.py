"""Session Manager, just-in-time access requests, cloud connectors and execution previews.

Sessions are recorded (start, resume, terminate, describe) against the managed
instances that are online; cumulo does not serve the Session Manager data
channel, so a client's websocket to StreamUrl will not connect.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import ssm as t
from cumulo.services.ssm import documents, instances
from cumulo.services.ssm.api.tags import set_tags
from cumulo.services.ssm.common import arn, new_uuid, page, resources
from cumulo.services.ssm.models import Resource

__all__ = [
    "create_cloud_connector", "delete_cloud_connector", "describe_sessions", "get_access_token", "get_cloud_connector",
    "get_execution_preview", "list_cloud_connectors", "resume_session", "start_access_request", "start_execution_preview",
    "start_session", "terminate_session", "update_cloud_connector", "validate_cloud_connector",
]


def _sessions(ctx: RequestContext) -> Any:
    return resources(ctx, "session")


def _stream(ctx: RequestContext, session_id: str) -> str:
    return f"wss://ssmmessages.{ctx.region}.amazonaws.com/v1/data-channel/{session_id}?role=publish_subscribe"


def start_session(ctx: RequestContext, req: t.StartSessionRequest) -> dict[str, Any]:
    target = req["Target"]
    if req.get("DocumentName"):
        doc = documents.find(ctx, req["DocumentName"])
        if doc.document_type != "Session":
            raise AwsError("InvalidDocument", f"Document {doc.name} is not a Session document.")
    if not instances.online(ctx, target):
        raise AwsError("TargetNotConnected", f"{target} is not connected.")
    user = ctx.principal.arn.rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "root"
    session_id = f"{user}-{secrets.token_hex(8)}"
    now = ctx.clock.now()
    body = {"SessionId": session_id, "Target": target, "Status": "Connected", "StartDate": now, "DocumentName": req.get("DocumentName", "SSM-SessionManagerRunShell"),
            "Owner": ctx.principal.arn, "MaxSessionDuration": "20", "AccessType": "Standard"}
    if req.get("Reason"):
        body["Reason"] = req["Reason"]
    _sessions(ctx)[session_id] = Resource(id=session_id, body=body, created=now)
    return {"SessionId": session_id, "TokenValue": secrets.token_urlsafe(48), "StreamUrl": _stream(ctx, session_id)}


def resume_session(ctx: RequestContext, req: t.ResumeSessionRequest) -> dict[str, Any]:
    found = _sessions(ctx).get(req["SessionId"])
    if found is None or found.body["Status"] in ("Terminated", "Failed"):
        raise AwsError("DoesNotExistException", f"Session {req['SessionId']} does not exist or is terminated.")
    return {"SessionId": found.id, "TokenValue": secrets.token_urlsafe(48), "StreamUrl": _stream(ctx, found.id)}


def terminate_session(ctx: RequestContext, req: t.TerminateSessionRequest) -> dict[str, Any]:
    found = _sessions(ctx).get(req["SessionId"])
    if found is not None and found.body["Status"] != "Terminated":
        found.body.update({"Status": "Terminated", "EndDate": ctx.clock.now()})
        _sessions(ctx)[found.id] = found
    return {"SessionId": req["SessionId"]}


def describe_sessions(ctx: RequestContext, req: t.DescribeSessionsRequest) -> dict[str, Any]:
    active = req["State"] == "Active"
    items = [r.body for r in sorted(_sessions(ctx).values(), key=lambda r: r.created, reverse=True) if (r.body["Status"] != "Terminated") == active]
    for f in req.get("Filters") or []:
        key, value = f["key"], f["value"]
        if key in ("InvokedAfter", "InvokedBefore"):
            try:
                when = datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                raise AwsError("InvalidFilterKey", f"The filter value {value} is not a valid date.") from None
            items = [i for i in items if (i["StartDate"] >= when if key == "InvokedAfter" else i["StartDate"] <= when)]
        else:
            items = [i for i in items if str(i.get(key, "")) == value]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Sessions": chunk}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------- just-in-time access


def start_access_request(ctx: RequestContext, req: t.StartAccessRequestRequest) -> dict[str, Any]:
    for target in req["Targets"]:
        for value in target.get("Values") or []:
            if target.get("Key") == "InstanceIds" and value not in instances.all_instances(ctx):
                raise AwsError("ResourceNotFoundException", f"The node {value} was not found.")
    request_id = f"oi-{new_uuid().replace('-', '')[:12]}"
    now = ctx.clock.now()
    body = {"OpsItemId": request_id, "OpsItemType": "/aws/accessrequest", "Title": "Access request", "Description": req["Reason"], "Source": "SSM",
            "Status": "Open", "CreatedBy": ctx.principal.arn, "CreatedTime": now, "LastModifiedBy": ctx.principal.arn, "LastModifiedTime": now,
            "Version": new_uuid(), "OpsItemArn": arn(ctx, f"opsitem/{request_id}"),
            "OperationalData": {"/aws/accessrequest/targets": {"Type": "String", "Value": str(req["Targets"])}}}
    resources(ctx, "opsitem")[request_id] = Resource(id=request_id, body=body, created=now, extra={"dedup": None, "related": [], "events": [], "access": True})
    set_tags(ctx, "OpsItem", request_id, req.get("Tags"))
    return {"AccessRequestId": request_id}


def get_access_token(ctx: RequestContext, req: t.GetAccessTokenRequest) -> dict[str, Any]:
    item = resources(ctx, "opsitem").get(req["AccessRequestId"])
    if item is None or not item.extra.get("access"):
        raise AwsError("ResourceNotFoundException", f"Access request {req['AccessRequestId']} not found.")
    status = {"Open": "Pending", "Approved": "Approved", "Resolved": "Approved", "Rejected": "Rejected", "Cancelled": "Revoked"}.get(item.body["Status"], "Pending")
    out: dict[str, Any] = {"AccessRequestStatus": status}
    if status == "Approved":
        out["Credentials"] = {"AccessKeyId": "ASIA" + secrets.token_hex(8).upper(), "SecretAccessKey": secrets.token_urlsafe(30),
                              "SessionToken": secrets.token_urlsafe(96), "ExpirationTime": ctx.clock.now() + 3600}
    return out


# ---------------------------------------------------------------- cloud connectors


def _connectors(ctx: RequestContext) -> Any:
    return resources(ctx, "connector")


def _connector(ctx: RequestContext, connector_id: str) -> Resource:
    found: Resource | None = _connectors(ctx).get(connector_id)
    if found is None:
        raise AwsError("ResourceNotFoundException", f"Cloud connector {connector_id} not found.")
    return found


def create_cloud_connector(ctx: RequestContext, req: t.CreateCloudConnectorRequest) -> dict[str, Any]:
    for other in _connectors(ctx).values():
        if other.body["DisplayName"] == req["DisplayName"]:
            raise AwsError("ConflictException", f"A cloud connector named {req['DisplayName']} already exists.")
    connector_id = new_uuid()
    now = ctx.clock.now()
    body: dict[str, Any] = {"CloudConnectorId": connector_id, "CloudConnectorArn": arn(ctx, f"cloud-connector/{connector_id}"),
                            "DisplayName": req["DisplayName"], "RoleArn": req["RoleArn"], "Configuration": req["Configuration"],
                            "CreatedAt": now, "UpdatedAt": now}
    for key in ("Description", "ConfigConnectorArn"):
        if key in req:
            body[key] = req[key]  # type: ignore[literal-required]
    _connectors(ctx)[connector_id] = Resource(id=connector_id, body=body, created=now)
    set_tags(ctx, "CloudConnector", connector_id, req.get("Tags"))
    return {"CloudConnectorId": connector_id}


def get_cloud_connector(ctx: RequestContext, req: t.GetCloudConnectorRequest) -> dict[str, Any]:
    return {k: v for k, v in _connector(ctx, req["CloudConnectorId"]).body.items() if k != "CloudConnectorId"}


def update_cloud_connector(ctx: RequestContext, req: t.UpdateCloudConnectorRequest) -> dict[str, Any]:
    found = _connector(ctx, req["CloudConnectorId"])
    for key in ("DisplayName", "Configuration", "Description"):
        if key in req:
            found.body[key] = req[key]  # type: ignore[literal-required]
    found.body["UpdatedAt"] = ctx.clock.now()
    _connectors(ctx)[found.id] = found
    return {"CloudConnectorId": found.id}


def delete_cloud_connector(ctx: RequestContext, req: t.DeleteCloudConnectorRequest) -> dict[str, Any]:
    found = _connector(ctx, req["CloudConnectorId"])
    del _connectors(ctx)[found.id]
    return {"CloudConnectorId": found.id}


def _provider(body: dict[str, Any]) -> str:
    return "Azure" if "AzureConfiguration" in (body.get("Configuration") or {}) else "GCP"


def list_cloud_connectors(ctx: RequestContext, req: t.ListCloudConnectorsRequest) -> dict[str, Any]:
    items = []
    for r in sorted(_connectors(ctx).values(), key=lambda r: r.created):
        summary = {k: v for k, v in r.body.items() if k in ("CloudConnectorId", "DisplayName", "Description", "RoleArn", "CreatedAt", "UpdatedAt", "ConfigConnectorArn")}
        summary["Provider"] = _provider(r.body)
        items.append(summary)
    for cf in req.get("Filters") or []:
        key = str(cf.get("FilterKey") or "")
        items = [i for i in items if str(i.get(key, "")) in list(cf.get("FilterValues") or [])]
    chunk, token = page(items, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"CloudConnectors": chunk}
    if token:
        out["NextToken"] = token
    return out


def validate_cloud_connector(ctx: RequestContext, req: t.ValidateCloudConnectorRequest) -> dict[str, Any]:
    found = _connector(ctx, req["CloudConnectorId"])
    # cumulo can't reach Azure or GCP: the finding says so instead of claiming success.
    findings = [{"Type": "WARN", "Code": "TargetInaccessible", "Message": f"cumulo can't reach {_provider(found.body)} to validate this connector."}]
    chunk, token = page(findings, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"ValidationFindings": chunk}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------- execution previews


def start_execution_preview(ctx: RequestContext, req: t.StartExecutionPreviewRequest) -> dict[str, Any]:
    try:
        doc = documents.find(ctx, req["DocumentName"])
    except AwsError:
        raise AwsError("ValidationException", f"Document {req['DocumentName']} does not exist.", status=400) from None
    if doc.document_type != "Automation":
        raise AwsError("ValidationException", "Execution previews are supported for Automation documents only.", status=400)
    try:
        version = documents.version_of(doc, req.get("DocumentVersion"))
    except AwsError as error:
        raise AwsError("ValidationException", error.message, status=400) from None
    parsed = documents.parsed_content(doc, version)
    steps: dict[str, int] = {}
    for step in parsed.get("mainSteps") or []:
        steps[step["action"]] = steps.get(step["action"], 0) + 1
    inputs = (req.get("ExecutionInputs") or {}).get("Automation") or {}
    regions = [loc for tl in inputs.get("TargetLocations") or [] for loc in tl.get("Regions") or []] or [ctx.region]
    accounts = {a for tl in inputs.get("TargetLocations") or [] for a in tl.get("Accounts") or []} or {ctx.account}
    preview_id = new_uuid()
    now = ctx.clock.now()
    resources(ctx, "preview")[preview_id] = Resource(id=preview_id, created=now, body={
        "ExecutionPreviewId": preview_id, "EndedAt": now, "Status": "Success",
        "ExecutionPreview": {"Automation": {"StepPreviews": {"Undetermined": sum(steps.values())}, "Regions": regions, "TargetPreviews": [],
                                           "TotalAccounts": len(accounts)}}})
    return {"ExecutionPreviewId": preview_id}


def get_execution_preview(ctx: RequestContext, req: t.GetExecutionPreviewRequest) -> dict[str, Any]:
    found = resources(ctx, "preview").get(req["ExecutionPreviewId"])
    if found is None:
        raise AwsError("ResourceNotFoundException", f"Execution preview {req['ExecutionPreviewId']} not found.")
    return dict(found.body)
