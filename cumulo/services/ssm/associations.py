"""State Manager associations that run: at creation (unless ApplyOnlyAtCronInterval), on their
schedule on the cumulo clock, and on StartAssociationsOnce. A Command document is sent to the online
managed instances its targets name (SendCommand through services.call); an Automation document starts
an execution. Each run is an association execution whose status is read from the command or the
automation it started, so it tells what really happened.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.ssm import instances, schedule
from cumulo.services.ssm.models import Resource

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope

MAX_EXECUTIONS = 100


def compute_next(assoc: Resource, after: float) -> float | None:
    expression = assoc.body.get("ScheduleExpression")
    if not expression:
        return None
    try:
        parsed = schedule.parse(expression, None, "InvalidSchedule")
    except AwsError:
        return None
    return schedule.next_time(parsed, after, anchor=assoc.created, offset_days=int(assoc.body.get("ScheduleOffset") or 0))


def kick(runtime: Runtime, scope: Scope, association_id: str) -> None:
    async def go() -> None:
        assoc = scope.table("resources/association").get(association_id)
        if assoc is not None:
            await run(runtime, scope, assoc)
            runtime.store.commit()

    runtime.scheduler.after(0, go)


async def tick(runtime: Runtime, now: float) -> None:
    for scope in runtime.store.scopes_of("ssm"):
        table = scope.table("resources/association")
        for key in list(table):
            assoc: Resource = table[key]
            due = assoc.extra.get("next")
            if due is None or due > now:
                continue
            assoc.extra["next"] = compute_next(assoc, now)
            table.touch(key)
            await run(runtime, scope, assoc)
        runtime.store.commit()


def _online_targets(runtime: Runtime, scope: Scope, body: dict[str, Any]) -> list[str]:
    online = [instances.local_id()] if runtime.config.ssm_local_instance else []
    wanted: list[str] = []
    if body.get("InstanceId"):
        wanted.append(body["InstanceId"])
    tags = scope.table("tags/ManagedInstance")
    for target in body.get("Targets") or []:
        key, values = target.get("Key", ""), target.get("Values") or []
        if key in ("InstanceIds", "instanceids"):
            wanted.extend(online if "*" in values else values)
        elif key.startswith("tag:"):
            wanted.extend(i for i in online if (tags.get(i) or {}).get(key[4:]) in values)
        elif key == "tag-key":
            wanted.extend(i for i in online if set(values) & set(tags.get(i) or {}))
    return [i for i in dict.fromkeys(wanted) if i in online]


async def run(runtime: Runtime, scope: Scope, assoc: Resource) -> None:
    body = assoc.body
    doc_type = assoc.extra.get("document_type", "Command")
    now = runtime.clock.now()
    execution: dict[str, Any] = {
        "AssociationId": assoc.id, "AssociationVersion": body["AssociationVersion"], "ExecutionId": str(uuid.uuid4()),
        "CreatedTime": now, "targets": [],
    }
    params = {k: list(v) for k, v in (body.get("Parameters") or {}).items()}
    try:
        if doc_type == "Automation":
            request: dict[str, Any] = {"DocumentName": body["Name"]}
            if params:
                request["Parameters"] = params
            if body.get("DocumentVersion"):
                request["DocumentVersion"] = body["DocumentVersion"]
            if body.get("AutomationTargetParameterName"):
                request["TargetParameterName"] = body["AutomationTargetParameterName"]
                request["Targets"] = body.get("Targets") or []
            out = await services.call(runtime, "ssm", "StartAutomationExecution", request, scope.account, scope.region)
            execution["targets"].append({"ResourceId": out["AutomationExecutionId"], "ResourceType": "Automation",
                                         "OutputSource": {"OutputSourceId": out["AutomationExecutionId"], "OutputSourceType": "Automation"}})
        else:
            ids = _online_targets(runtime, scope, body)
            if not ids:
                return  # nothing to run on: the association stays Pending, as with no online instances on AWS
            request = {"DocumentName": body["Name"], "InstanceIds": ids, "Comment": f"association {assoc.id}"}
            if params:
                request["Parameters"] = params
            if body.get("DocumentVersion") and body["DocumentVersion"] not in ("$DEFAULT",):
                request["DocumentVersion"] = body["DocumentVersion"]
            location = (body.get("OutputLocation") or {}).get("S3Location") or {}
            if location.get("OutputS3BucketName"):
                request["OutputS3BucketName"] = location["OutputS3BucketName"]
                if location.get("OutputS3KeyPrefix"):
                    request["OutputS3KeyPrefix"] = location["OutputS3KeyPrefix"]
            out = await services.call(runtime, "ssm", "SendCommand", request, scope.account, scope.region)
            command_id = out["Command"]["CommandId"]
            for instance_id in ids:
                execution["targets"].append({"ResourceId": instance_id, "ResourceType": "ManagedInstance",
                                             "OutputSource": {"OutputSourceId": command_id, "OutputSourceType": "RunCommand"}})
    except AwsError as error:
        execution["error"] = f"{error.code}: {error.message}"
    executions = assoc.extra.setdefault("executions", [])
    executions.append(execution)
    del executions[:-MAX_EXECUTIONS]
    assoc.extra["last"] = now
    scope.table("resources/association").touch(assoc.id)


def target_status(scope: Scope, target: dict[str, Any]) -> str:
    source = target["OutputSource"]
    if source["OutputSourceType"] == "RunCommand":
        command = scope.table("commands").get(source["OutputSourceId"])
        invocation = command.invocations.get(target["ResourceId"]) if command else None
        status = invocation.status if invocation else "Failed"
    else:
        exe = scope.table("automations").get(source["OutputSourceId"])
        status = exe.status if exe else "Failed"
    return {"InProgress": "InProgress", "Pending": "Pending", "Waiting": "InProgress", "Success": "Success"}.get(status, "Failed")


def execution_status(scope: Scope, execution: dict[str, Any]) -> tuple[str, dict[str, int]]:
    if execution.get("error"):
        return "Failed", {"Failed": 1}
    counts: dict[str, int] = {}
    for target in execution["targets"]:
        status = target_status(scope, target)
        counts[status] = counts.get(status, 0) + 1
    if not counts:
        return "Success", {}
    if "InProgress" in counts or "Pending" in counts:
        return "InProgress", counts
    return ("Success" if set(counts) == {"Success"} else "Failed"), counts
