"""Automation step actions: each takes a step whose inputs are rendered and answers an `Outcome`.

Every effect on another service goes through services.call, so an
`aws:executeAwsApi` step runs the target's own handler with its own
validation, as if the runbook's role had called it. Actions that wait answer
`Outcome.wait` and are called again when their time comes or their signal
arrives; what they must remember between calls lives on the step.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.ssm import scripts
from cumulo.services.ssm.interpolate import select

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.services.ssm.models import AutomationExecution, StepExecution

POLL = 5.0


@dataclass
class Outcome:
    kind: str  # ok | wait | fail
    data: Any = None
    outputs: dict[str, Any] = field(default_factory=dict)
    response: str = ""
    next_step: str | None = None
    wake_at: float | None = None
    waiting_for: str = ""
    status: str = "Failed"
    message: str = ""
    failure_type: str = "Verification"
    stage: str = "Executing"


def ok(data: Any = None, outputs: dict[str, Any] | None = None, response: str = "", next_step: str | None = None) -> Outcome:
    return Outcome("ok", data=data, outputs=outputs or {}, response=response, next_step=next_step)


def fail(message: str, status: str = "Failed", failure_type: str = "Verification", stage: str = "Executing") -> Outcome:
    return Outcome("fail", status=status, message=message, failure_type=failure_type, stage=stage)


def wait(until: float | None, what: str) -> Outcome:
    return Outcome("wait", wake_at=until, waiting_for=what)


async def run(runtime: Runtime, account: str, region: str, exe: AutomationExecution, step: StepExecution, definition: dict[str, Any]) -> Outcome:
    handler = ACTIONS.get(step.action)
    if handler is None:
        return fail(f"The action {step.action} is not supported by cumulo's Automation", failure_type="Validation", stage="Validating")
    if _cancel_requested(exe):
        return fail("Step cancelled", status="Cancelled")
    try:
        result: Outcome = await handler(Call(runtime, account, region, exe, step))
        return result
    except AwsError as error:
        return fail(f"An error occurred ({error.code}) when calling the {_api_name(step)} operation: {error.message}")
    except (KeyError, ValueError, TypeError) as error:
        return fail(f"Invalid input for {step.action}: {error}", failure_type="Validation", stage="InputValidation")


def _cancel_requested(exe: AutomationExecution) -> bool:
    return exe.status == "Cancelling"


def _api_name(step: StepExecution) -> str:
    return str(step.inputs.get("Api", step.action)) if isinstance(step.inputs, dict) else step.action


@dataclass
class Call:
    runtime: Runtime
    account: str
    region: str
    exe: AutomationExecution
    step: StepExecution

    @property
    def now(self) -> float:
        return self.runtime.clock.now()

    async def api(self, service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        return await services.call(self.runtime, service, operation, params, self.account, self.region)

    def timed_out(self) -> bool:
        limit = self.step.timeout if self.step.timeout is not None else 3600
        return self.step.started is not None and self.now - self.step.started >= limit


# ---------------------------------------------------------------- AWS API calls


@cache
def _model(service: str) -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


def _operation(service: str, api: str) -> str:
    from botocore import xform_name

    model = _model(service)
    if api in model.operation_names:
        return api
    by_snake = {xform_name(op): op for op in model.operation_names}
    found = by_snake.get(api) or by_snake.get(xform_name(api))
    if found is None:
        raise ValueError(f"{api} is not an operation of {service}")
    return found


def _coerce(shape: Any, value: Any) -> Any:
    """Runbook inputs are mostly strings; give the operation the types its model asks for."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {k: _coerce(shape.members[k], v) if k in shape.members else v for k, v in value.items()}
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        return [_coerce(shape.member, v) for v in items]
    if kind == "map" and isinstance(value, dict):
        return {k: _coerce(shape.value, v) for k, v in value.items()}
    if kind in ("integer", "long") and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    if kind in ("float", "double") and isinstance(value, str):
        return float(value)
    if kind == "boolean" and isinstance(value, str):
        return value.lower() == "true"
    if kind == "blob" and isinstance(value, str):
        return value.encode()
    if kind == "timestamp" and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if kind == "string" and isinstance(value, list) and len(value) == 1:
        return str(value[0])
    if kind == "string" and not isinstance(value, str):
        return json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    return value


def plain(value: Any) -> Any:
    """An operation's output as JSON values, as Automation's selectors see it."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode()
    return value


async def _aws_call(c: Call, inputs: dict[str, Any]) -> Any:
    service = str(inputs["Service"]).lower()
    operation = _operation(service, str(inputs["Api"]))
    shape = _model(service).operation_model(operation).input_shape
    params = {k: v for k, v in inputs.items() if k not in ("Service", "Api", "PropertySelector", "DesiredValues")}
    params = _coerce(shape, params) if shape is not None else {}
    return plain(await c.api(service, operation, params))


async def execute_aws_api(c: Call) -> Outcome:
    data = await _aws_call(c, c.step.inputs)
    return ok(data, response=json.dumps(data, default=str)[:5000])


async def assert_property(c: Call) -> Outcome:
    data = await _aws_call(c, c.step.inputs)
    value = _selected(data, c.step.inputs["PropertySelector"])
    desired = [str(v) for v in c.step.inputs["DesiredValues"]]
    if value not in desired:
        return fail(f"Assertion failed: the property value {value} is not one of the desired values {desired}")
    return ok(data)


async def wait_for_property(c: Call) -> Outcome:
    data = await _aws_call(c, c.step.inputs)
    value = _selected(data, c.step.inputs["PropertySelector"])
    if value in [str(v) for v in c.step.inputs["DesiredValues"]]:
        return ok(data)
    if c.timed_out():
        return fail(f"Step timed out while waiting for the property to be one of {c.step.inputs['DesiredValues']}", status="TimedOut")
    return wait(c.now + POLL, "poll")


def _selected(data: Any, selector: str) -> str:
    try:
        value = select(data, selector)
    except KeyError:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)


# ---------------------------------------------------------------- Lambda, scripts


async def invoke_lambda(c: Call) -> Outcome:
    inputs = c.step.inputs
    payload = inputs.get("Payload", "{}")
    if not isinstance(payload, str):
        payload = json.dumps(payload)
    params: dict[str, Any] = {"FunctionName": inputs["FunctionName"], "Payload": payload.encode()}
    for key in ("Qualifier", "InvocationType", "LogType", "ClientContext"):
        if inputs.get(key):
            params[key] = inputs[key]
    out = await c.api("lambda", "Invoke", params)
    body = out.get("Payload", b"")
    if isinstance(body, (bytes, bytearray)):
        body = bytes(body).decode(errors="replace")
    outputs: dict[str, Any] = {"StatusCode": out.get("StatusCode", 200), "Payload": body or ""}
    if out.get("ExecutedVersion"):
        outputs["ExecutedVersion"] = out["ExecutedVersion"]
    if out.get("LogResult"):
        outputs["LogResult"] = out["LogResult"]
    if out.get("FunctionError"):
        return fail(f"Lambda function {inputs['FunctionName']} failed ({out['FunctionError']}): {body}")
    try:
        parsed: Any = json.loads(body) if body else None
    except ValueError:
        parsed = body
    return ok({"Payload": parsed, **{k: v for k, v in outputs.items() if k != "Payload"}}, outputs=outputs, response=body[:5000])


async def execute_script(c: Call) -> Outcome:
    inputs = c.step.inputs
    runtime_name = str(inputs.get("Runtime", ""))
    if not runtime_name.startswith("python3"):
        return fail(f"The runtime {runtime_name} is not supported by cumulo; use a python3.x runtime", failure_type="Validation")
    payload = inputs.get("InputPayload") or {}
    result = await scripts.run_python(str(inputs.get("Script", "")), str(inputs["Handler"]), payload, c.step.timeout or 600)
    if result.error:
        return fail(result.error)
    return ok({"Payload": result.value}, outputs={"Payload": result.value if isinstance(result.value, dict) else {"value": result.value}},
              response=result.logs[-5000:])


# ---------------------------------------------------------------- time, flow, people


def _duration(text: str) -> float:
    m = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", text)
    if not m or text in ("P", "PT"):
        raise ValueError(f"Duration {text} is not an ISO 8601 duration")
    days, hours, minutes, seconds = m.groups()
    total = int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
    if total > 7 * 86400:
        raise ValueError("The maximum sleep duration is 7 days")
    return total


async def sleep(c: Call) -> Outcome:
    assert c.step.started is not None
    if "Timestamp" in c.step.inputs:
        until = datetime.fromisoformat(str(c.step.inputs["Timestamp"]).replace("Z", "+00:00")).timestamp()
    else:
        until = c.step.started + _duration(str(c.step.inputs["Duration"]))
    if c.now >= until:
        return ok()
    return wait(until, "sleep")


async def branch(c: Call) -> Outcome:
    for choice in c.step.inputs.get("Choices") or []:
        if _choice(choice):
            return ok(next_step=choice["NextStep"])
    default = c.step.inputs.get("Default")
    if default:
        return ok(next_step=default)
    return fail("No choice of the branch matched and the step has no Default")


def _choice(choice: dict[str, Any]) -> bool:
    if "And" in choice:
        return all(_choice(c) for c in choice["And"])
    if "Or" in choice:
        return any(_choice(c) for c in choice["Or"])
    if "Not" in choice:
        return not _choice(choice["Not"])
    value: Any = choice.get("Variable")
    for op, expected in choice.items():
        if op in ("Variable", "NextStep"):
            continue
        if op == "StringEquals":
            return str(value) == str(expected)
        if op == "EqualsIgnoreCase":
            return str(value).lower() == str(expected).lower()
        if op == "StartsWith":
            return str(value).startswith(str(expected))
        if op == "EndsWith":
            return str(value).endswith(str(expected))
        if op == "Contains":
            return str(expected) in value if isinstance(value, list) else str(expected) in str(value)
        if op == "BooleanEquals":
            return str(value).lower() == str(expected).lower()
        if op.startswith("Numeric"):
            a, b = float(value), float(expected)
            return {"NumericEquals": a == b, "NumericGreater": a > b, "NumericLesser": a < b,
                    "NumericGreaterOrEquals": a >= b, "NumericLesserOrEquals": a <= b}[op]
    raise ValueError(f"choice {choice} has no operator")


def _signals(c: Call, *kinds: str) -> list[dict[str, Any]]:
    taken = [s for s in c.exe.signals if s["type"] in kinds and s.get("step") in (None, c.step.name)]
    c.exe.signals = [s for s in c.exe.signals if s not in taken]
    return taken


async def pause(c: Call) -> Outcome:
    if _signals(c, "Resume"):
        return ok()
    return wait(None, "Resume")


async def approve(c: Call) -> Outcome:
    for signal in _signals(c, "Approve", "Reject"):
        c.step.approvals.append({"Approver": signal.get("by", ""), "Decision": signal["type"], "Comment": signal.get("comment", "")})
    if any(a["Decision"] == "Reject" for a in c.step.approvals):
        return fail("The step was rejected by an approver", failure_type="Verification")
    needed = int(c.step.inputs.get("MinRequiredApprovals", 1))
    approvals = [a for a in c.step.approvals if a["Decision"] == "Approve"]
    if len(approvals) >= needed:
        return ok(outputs={"ApprovalStatus": "Approved", "ApproverDecisions": json.dumps(c.step.approvals)})
    if c.timed_out():
        return fail("The approval timed out", status="TimedOut")
    return wait(c.step.started + (c.step.timeout or 7 * 86400) if c.step.started else None, "Approve")


# ---------------------------------------------------------------- commands and child automations


async def run_command(c: Call) -> Outcome:
    inputs = c.step.inputs
    command_id = c.step.outputs.get("CommandId", [""])[0] if c.step.outputs else ""
    if not command_id:
        params = {k: v for k, v in inputs.items() if k in ("DocumentName", "InstanceIds", "Targets", "Comment", "TimeoutSeconds", "OutputS3BucketName", "OutputS3KeyPrefix", "MaxConcurrency", "MaxErrors")}
        if inputs.get("Parameters"):
            params["Parameters"] = {k: v if isinstance(v, list) else [str(v)] for k, v in inputs["Parameters"].items()}
        if "TimeoutSeconds" in params:
            params["TimeoutSeconds"] = int(params["TimeoutSeconds"])
        sent = await c.api("ssm", "SendCommand", params)
        command_id = sent["Command"]["CommandId"]
        c.step.outputs = {"CommandId": [command_id]}
    listed = (await c.api("ssm", "ListCommands", {"CommandId": command_id}))["Commands"][0]
    status = listed["Status"]
    if status in ("Pending", "InProgress"):
        return wait(c.now + 1.0, "command")
    outputs = {"CommandId": command_id, "Status": status}
    if status != "Success":
        return fail(f"Command {command_id} ended {status}")
    return ok({"CommandId": command_id, "Status": status}, outputs=outputs)


async def execute_automation(c: Call) -> Outcome:
    inputs = c.step.inputs
    child = c.step.outputs.get("ExecutionId", [""])[0] if c.step.outputs else ""
    if not child:
        params: dict[str, Any] = {"DocumentName": inputs["DocumentName"]}
        if inputs.get("DocumentVersion"):
            params["DocumentVersion"] = str(inputs["DocumentVersion"])
        runtime_params = inputs.get("RuntimeParameters") or {}
        if runtime_params:
            params["Parameters"] = {k: v if isinstance(v, list) else [str(v)] for k, v in runtime_params.items()}
        child = (await c.api("ssm", "StartAutomationExecution", params))["AutomationExecutionId"]
        c.step.outputs = {"ExecutionId": [child]}
    got = (await c.api("ssm", "GetAutomationExecution", {"AutomationExecutionId": child}))["AutomationExecution"]
    status = got["AutomationExecutionStatus"]
    if status not in ("Success", "Failed", "Cancelled", "TimedOut"):
        return wait(c.now + 1.0, "automation")
    outputs = {"ExecutionId": child, "Status": status, "Output": json.dumps(got.get("Outputs") or {})}
    if status != "Success":
        return fail(f"Child automation {child} ended {status}")
    return ok(outputs, outputs=outputs)


def _mapped(service: str, api: str, rename: dict[str, str] | None = None) -> Any:
    """An action that is one API call with the step's inputs (optionally renamed)."""

    async def action(c: Call) -> Outcome:
        inputs = {(rename or {}).get(k, k): v for k, v in c.step.inputs.items()}
        data = await _aws_call(c, {"Service": service, "Api": api, **inputs})
        return ok(data, outputs={k: v for k, v in data.items() if isinstance(v, (str, int))} if isinstance(data, dict) else {})

    return action


async def change_instance_state(c: Call) -> Outcome:
    desired = str(c.step.inputs.get("DesiredState", "")).lower()
    api = {"running": "StartInstances", "stopped": "StopInstances", "terminated": "TerminateInstances"}.get(desired)
    if api is None:
        return fail(f"DesiredState {desired} is not one of running, stopped, terminated", failure_type="Validation")
    await _aws_call(c, {"Service": "ec2", "Api": api, "InstanceIds": c.step.inputs["InstanceIds"]})
    return ok()


ACTIONS = {
    "aws:executeAwsApi": execute_aws_api,
    "aws:assertAwsResourceProperty": assert_property,
    "aws:waitForAwsResourceProperty": wait_for_property,
    "aws:invokeLambdaFunction": invoke_lambda,
    "aws:executeScript": execute_script,
    "aws:sleep": sleep,
    "aws:branch": branch,
    "aws:pause": pause,
    "aws:approve": approve,
    "aws:runCommand": run_command,
    "aws:executeAutomation": execute_automation,
    "aws:changeInstanceState": change_instance_state,
    "aws:createTags": _mapped("ec2", "CreateTags", {"ResourceIds": "Resources"}),
    "aws:createStack": _mapped("cloudformation", "CreateStack"),
    "aws:deleteStack": _mapped("cloudformation", "DeleteStack"),
    "aws:executeStateMachine": _mapped("stepfunctions", "StartExecution", {"stateMachineArn": "stateMachineArn"}),
    "aws:createImage": _mapped("ec2", "CreateImage"),
    "aws:deleteImage": _mapped("ec2", "DeregisterImage"),
    "aws:copyImage": _mapped("ec2", "CopyImage"),
    "aws:runInstances": _mapped("ec2", "RunInstances"),
}
