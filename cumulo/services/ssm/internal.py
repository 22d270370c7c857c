"""SSM introspection: what ran, with its output.

- `GET /_cumulo/ssm/commands`: every Run Command command of every account and
  region, with each invocation's status, exit code, stdout and stderr.
- `GET /_cumulo/ssm/automations`: every Automation execution with its status,
  outputs and steps (status, inputs, outputs, failure).
- `GET /_cumulo/ssm/parameters`: every parameter's name, type, version and tier
  (never a SecureString's value).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime


def list_commands(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of("ssm"):
        for command in sorted(scope.table("commands").values(), key=lambda c: c.requested):
            out.append({
                "account": scope.account, "region": scope.region, "commandId": command.command_id,
                "documentName": command.document_name, "parameters": command.parameters, "status": command.status,
                "requestedAt": command.requested,
                "invocations": [
                    {"instanceId": i.instance_id, "status": i.status, "responseCode": i.response_code, "stdout": i.stdout,
                     "stderr": i.stderr, "startedAt": i.started, "endedAt": i.ended, "workingDirectory": i.workdir}
                    for i in command.invocations.values()
                ],
            })
    return {"commands": out}


def list_automations(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of("ssm"):
        for exe in sorted(scope.table("automations").values(), key=lambda e: e.started):
            out.append({
                "account": scope.account, "region": scope.region, "executionId": exe.execution_id,
                "documentName": exe.document_name, "documentVersion": exe.document_version, "status": exe.status,
                "parameters": exe.parameters, "outputs": exe.outputs, "failureMessage": exe.failure_message,
                "startedAt": exe.started, "endedAt": exe.ended,
                "steps": [
                    {"name": s.name, "action": s.action, "status": s.status, "inputs": s.inputs, "outputs": s.outputs,
                     "failureMessage": s.failure_message, "startedAt": s.started, "endedAt": s.ended}
                    for s in exe.steps
                ],
            })
    return {"automations": out}


def list_parameters(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of("ssm"):
        for name, param in sorted(scope.table("parameters").items()):
            current = param.current
            out.append({"account": scope.account, "region": scope.region, "name": name, "type": current.type,
                        "version": current.version, "tier": current.tier, "dataType": current.data_type,
                        "labels": {str(v.version): v.labels for v in param.versions.values() if v.labels}})
    return {"parameters": out}
