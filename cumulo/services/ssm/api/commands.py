"""Run Command handlers: SendCommand, ListCommands, ListCommandInvocations, GetCommandInvocation, CancelCommand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated.ssm import (
    CancelCommandRequest,
    GetCommandInvocationRequest,
    ListCommandInvocationsRequest,
    ListCommandsRequest,
    SendCommandRequest,
)
from cumulo.services.ssm import commands, documents, instances
from cumulo.services.ssm.common import new_uuid, page, table
from cumulo.services.ssm.interpolate import as_strings, resolve
from cumulo.services.ssm.models import Command, Invocation

__all__ = ["cancel_command", "get_command_invocation", "list_command_invocations", "list_commands", "send_command"]


def _find(ctx: RequestContext, command_id: str) -> Command:
    command: Command | None = commands.table(ctx.runtime, ctx.account, ctx.region).get(command_id)
    if command is None:
        raise AwsError("InvalidCommandId", "")
    return command


def _targets(ctx: RequestContext, req: SendCommandRequest) -> list[str]:
    ids = list(req.get("InstanceIds") or [])
    if len(set(ids)) != len(ids):
        raise AwsError("DuplicateInstanceId", "Instances may not be duplicated in the list.")
    known = instances.all_instances(ctx)
    for target in req.get("Targets") or []:
        key, values = target.get("Key", ""), target.get("Values") or []
        if key in ("InstanceIds", "instanceids"):
            ids.extend(v for v in values if v not in ids)
        elif key.startswith("tag:"):
            tags = table(ctx, "tags/ManagedInstance")
            ids.extend(i for i in known if (tags.get(i) or {}).get(key[4:]) in values and i not in ids)
        elif key == "tag-key":
            tags = table(ctx, "tags/ManagedInstance")
            ids.extend(i for i in known if set(values) & set(tags.get(i) or {}) and i not in ids)
        elif key != "resource-groups:Name":
            raise AwsError("InvalidParameters", f"Target key {key} is not supported.")
    if not ids and not req.get("Targets"):
        raise AwsError("InvalidParameters", "Either InstanceIds or Targets must be given.")
    unknown = [i for i in ids if not instances.online(ctx, i)]
    if unknown:
        raise AwsError("InvalidInstanceId", f"Instances [[{', '.join(unknown)}]] not in a valid state for account {ctx.account}")
    return ids


def send_command(ctx: RequestContext, req: SendCommandRequest) -> dict[str, Any]:
    doc = documents.find(ctx, req["DocumentName"])
    if doc.document_type != "Command":
        raise AwsError("InvalidDocument", f"Document {doc.name} is not a Command document.")
    version = documents.version_of(doc, req.get("DocumentVersion"))
    if req.get("DocumentHash") and req["DocumentHash"] != version.hash:
        raise AwsError("InvalidDocument", "The document hash does not match the document.")
    parsed = documents.parsed_content(doc, version)
    given = {k: list(v) for k, v in (req.get("Parameters") or {}).items()}
    values = resolve(parsed.get("parameters") or {}, given, "InvalidParameters")
    ids = _targets(ctx, req)
    now = ctx.clock.now()
    timeout = req.get("TimeoutSeconds", 3600)
    command = Command(
        command_id=new_uuid(), document_name=doc.name, document_version=version.version, parameters=as_strings(values),
        requested=now, instance_ids=ids, comment=req.get("Comment", ""), timeout=timeout,
        output_bucket=req.get("OutputS3BucketName", ""), output_prefix=req.get("OutputS3KeyPrefix", ""),
        service_role=req.get("ServiceRoleArn", ""), notification=dict(req.get("NotificationConfig") or {}),
        cloudwatch=dict(req.get("CloudWatchOutputConfig") or {"CloudWatchOutputEnabled": False}),
        targets=[dict(t) for t in req.get("Targets") or []], max_concurrency=req.get("MaxConcurrency", "50"),
        max_errors=req.get("MaxErrors", "0"), expires=now + timeout + 3600,
        document_hash=version.hash, document_hash_type="Sha256",
        alarm_configuration=dict(req["AlarmConfiguration"]) if "AlarmConfiguration" in req else None,
    )
    command.invocations = {i: Invocation(instance_id=i, requested=now) for i in ids}
    if not ids:
        command.status = "Success"
    commands.table(ctx.runtime, ctx.account, ctx.region)[command.command_id] = command
    steps = parsed.get("mainSteps") or []
    if parsed.get("schemaVersion") == "1.2":
        steps = [{"name": name, **spec} for name, spec in (parsed.get("runtimeConfig") or {}).items()]
    commands.start(ctx.runtime, ctx.account, ctx.region, command, steps, values)
    return {"Command": _command_wire(ctx, command)}


def _command_wire(ctx: RequestContext, c: Command) -> dict[str, Any]:
    statuses = [i.status for i in c.invocations.values()]
    out: dict[str, Any] = {
        "CommandId": c.command_id,
        "DocumentName": c.document_name,
        "DocumentVersion": c.document_version,
        "Comment": c.comment,
        "ExpiresAfter": c.expires,
        "Parameters": c.parameters,
        "InstanceIds": c.instance_ids,
        "Targets": c.targets,
        "RequestedDateTime": c.requested,
        "Status": c.status,
        "StatusDetails": c.status,
        "OutputS3Region": ctx.region,
        "OutputS3BucketName": c.output_bucket,
        "OutputS3KeyPrefix": c.output_prefix,
        "MaxConcurrency": c.max_concurrency,
        "MaxErrors": c.max_errors,
        "TargetCount": len(c.invocations),
        "CompletedCount": sum(s in commands.TERMINAL for s in statuses),
        "ErrorCount": sum(s in ("Failed", "TimedOut") for s in statuses),
        "DeliveryTimedOutCount": 0,
        "ServiceRole": c.service_role,
        "NotificationConfig": c.notification or {"NotificationArn": "", "NotificationEvents": [], "NotificationType": ""},
        "CloudWatchOutputConfig": c.cloudwatch,
        "TimeoutSeconds": c.timeout,
    }
    if c.alarm_configuration is not None:
        out["AlarmConfiguration"] = c.alarm_configuration
    return out


def _time_filter(value: str) -> float:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise AwsError("InvalidFilterValue", f"The filter value {value} is not a valid timestamp.") from None


def _command_matches(c: Command, filters: Any) -> bool:
    for f in filters:
        key, value = f["key"], f["value"]
        if key == "InvokedAfter" and not c.requested >= _time_filter(value):
            return False
        if key == "InvokedBefore" and not c.requested <= _time_filter(value):
            return False
        if key == "Status" and c.status != value:
            return False
        if key == "DocumentName" and c.document_name != value:
            return False
        if key == "ExecutionStage" and (value == "Executing") != (c.status in ("Pending", "InProgress")):
            return False
    return True


def list_commands(ctx: RequestContext, req: ListCommandsRequest) -> dict[str, Any]:
    all_commands = commands.table(ctx.runtime, ctx.account, ctx.region)
    if req.get("CommandId"):
        found = [_find(ctx, req["CommandId"])]
    else:
        found = sorted(all_commands.values(), key=lambda c: c.requested, reverse=True)
    if req.get("InstanceId"):
        found = [c for c in found if req["InstanceId"] in c.invocations]
    found = [c for c in found if _command_matches(c, req.get("Filters") or [])]
    chunk, token = page(found, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Commands": [_command_wire(ctx, c) for c in chunk]}
    if token:
        out["NextToken"] = token
    return out


def _plugin(ctx: RequestContext, c: Command, i: Invocation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Name": i.plugin,
        "Status": i.status,
        "StatusDetails": i.status_details,
        "ResponseCode": i.response_code,
        "Output": (i.stdout + ("\n----------ERROR-------\n" + i.stderr if i.stderr else ""))[:2500],
        "StandardOutputUrl": commands.s3_url(ctx.region, c, i, "stdout"),
        "StandardErrorUrl": commands.s3_url(ctx.region, c, i, "stderr"),
        "OutputS3Region": ctx.region,
        "OutputS3BucketName": c.output_bucket,
        "OutputS3KeyPrefix": c.output_prefix,
    }
    if i.started is not None:
        out["ResponseStartDateTime"] = i.started
    if i.ended is not None:
        out["ResponseFinishDateTime"] = i.ended
    return out


def list_command_invocations(ctx: RequestContext, req: ListCommandInvocationsRequest) -> dict[str, Any]:
    source = [_find(ctx, req["CommandId"])] if req.get("CommandId") else sorted(
        commands.table(ctx.runtime, ctx.account, ctx.region).values(), key=lambda c: c.requested, reverse=True)
    pairs = [(c, i) for c in source for i in c.invocations.values() if _command_matches(c, req.get("Filters") or [])]
    if req.get("InstanceId"):
        pairs = [(c, i) for c, i in pairs if i.instance_id == req["InstanceId"]]
    chunk, token = page(pairs, req.get("NextToken"), req.get("MaxResults"), 50)
    items = []
    for c, i in chunk:
        entry: dict[str, Any] = {
            "CommandId": c.command_id, "InstanceId": i.instance_id, "InstanceName": "", "Comment": c.comment,
            "DocumentName": c.document_name, "DocumentVersion": c.document_version, "RequestedDateTime": i.requested,
            "Status": i.status, "StatusDetails": i.status_details, "TraceOutput": "",
            "StandardOutputUrl": commands.s3_url(ctx.region, c, i, "stdout"), "StandardErrorUrl": commands.s3_url(ctx.region, c, i, "stderr"),
            "CommandPlugins": [_plugin(ctx, c, i)] if req.get("Details") else [],
            "ServiceRole": c.service_role, "CloudWatchOutputConfig": c.cloudwatch,
            "NotificationConfig": c.notification or {"NotificationArn": "", "NotificationEvents": [], "NotificationType": ""},
        }
        items.append(entry)
    out: dict[str, Any] = {"CommandInvocations": items}
    if token:
        out["NextToken"] = token
    return out


def get_command_invocation(ctx: RequestContext, req: GetCommandInvocationRequest) -> dict[str, Any]:
    try:
        c = _find(ctx, req["CommandId"])
    except AwsError:
        raise AwsError("InvocationDoesNotExist", "") from None
    i = c.invocations.get(req["InstanceId"])
    if i is None:
        raise AwsError("InvocationDoesNotExist", "")
    if req.get("PluginName") and req["PluginName"] != i.plugin:
        raise AwsError("InvalidPluginName", f"The plugin name {req['PluginName']} is not valid.")
    out: dict[str, Any] = {
        "CommandId": c.command_id, "InstanceId": i.instance_id, "Comment": c.comment, "DocumentName": c.document_name,
        "DocumentVersion": c.document_version, "PluginName": i.plugin, "ResponseCode": i.response_code,
        "Status": i.status, "StatusDetails": i.status_details,
        "StandardOutputContent": i.stdout[:commands.MAX_OUTPUT], "StandardOutputUrl": commands.s3_url(ctx.region, c, i, "stdout"),
        "StandardErrorContent": i.stderr[:8000], "StandardErrorUrl": commands.s3_url(ctx.region, c, i, "stderr"),
        "CloudWatchOutputConfig": {"CloudWatchLogGroupName": c.cloudwatch.get("CloudWatchLogGroupName", ""),
                                   "CloudWatchOutputEnabled": bool(c.cloudwatch.get("CloudWatchOutputEnabled"))},
    }
    if i.started is not None:
        out["ExecutionStartDateTime"] = _iso(i.started)
    if i.ended is not None:
        out["ExecutionEndDateTime"] = _iso(i.ended)
        out["ExecutionElapsedTime"] = _elapsed(i.ended - (i.started or i.ended))
    return out


def _iso(when: float) -> str:
    from datetime import timezone

    return datetime.fromtimestamp(when, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _elapsed(seconds: float) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{int(hours)}H{int(minutes)}M{secs:.3f}S" if hours else f"PT{int(minutes)}M{secs:.3f}S" if minutes else f"PT{secs:.3f}S"


def cancel_command(ctx: RequestContext, req: CancelCommandRequest) -> dict[str, Any]:
    c = _find(ctx, req["CommandId"])
    ids = list(req.get("InstanceIds") or c.invocations)
    for i in ids:
        if i not in c.invocations:
            raise AwsError("InvalidInstanceId", f"Instance {i} is not part of command {c.command_id}.")
    commands.cancel(ctx.runtime, c, ids, ctx.clock.now())
    commands.table(ctx.runtime, ctx.account, ctx.region).touch(c.command_id)
    return {}
