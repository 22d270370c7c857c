"""Task states' resources: the optimized integrations (Lambda, SQS, SNS,
DynamoDB, EventBridge, API Gateway), a bare Lambda function ARN, and every AWS SDK
integration `arn:aws:states:::aws-sdk:<service>:<action>`, in the
request-response and `.waitForTaskToken` patterns.

Every call goes through `services.call`, in the execution's account and
region, so the target validates, runs and commits as for a client. Its
AwsError becomes the task's error, named as Step Functions names it
(`Lambda.ResourceNotFoundException`, `Sqs.QueueDoesNotExistException`).
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions import tokens
from cumulo.services.stepfunctions.asl import paths
from cumulo.services.stepfunctions.asl.errors import StatesError

if TYPE_CHECKING:
    from cumulo.services.stepfunctions.interpreter import Run, Thread

_LAMBDA_ARN = re.compile(r"^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$")
_ACTIVITY = re.compile(r"^arn:aws[\w-]*:states:[\w-]+:\d{12}:activity:[\w-]+$")
_STATES = re.compile(r"^arn:aws[\w-]*:states:::(?P<rest>.+)$")

# Optimized integrations: (service, action) -> (botocore service, operation, error prefix).
_OPTIMIZED: dict[tuple[str, str], tuple[str, str, str]] = {
    ("lambda", "invoke"): ("lambda", "Invoke", "Lambda"),
    ("sqs", "sendMessage"): ("sqs", "SendMessage", "SQS"),
    ("sns", "publish"): ("sns", "Publish", "SNS"),
    ("dynamodb", "getItem"): ("dynamodb", "GetItem", "DynamoDB"),
    ("dynamodb", "putItem"): ("dynamodb", "PutItem", "DynamoDB"),
    ("dynamodb", "updateItem"): ("dynamodb", "UpdateItem", "DynamoDB"),
    ("dynamodb", "deleteItem"): ("dynamodb", "DeleteItem", "DynamoDB"),
    ("events", "putEvents"): ("events", "PutEvents", "EventBridge"),
    ("states", "startExecution"): ("stepfunctions", "StartExecution", "StepFunctions"),
}
# SDK integration service names that differ from botocore's, and their error prefixes.
_SDK_NAMES = {"sfn": "stepfunctions", "eventbridge": "events", "cloudwatchlogs": "logs", "cloudwatch": "cloudwatch"}
_SDK_PREFIX = {"dynamodb": "DynamoDb", "sfn": "Sfn", "s3": "S3", "sqs": "Sqs", "sns": "Sns", "kms": "Kms", "eventbridge": "EventBridge"}


class Target:
    __slots__ = ("service", "operation", "prefix", "resource_type", "resource", "pattern", "bare_lambda", "sdk")

    def __init__(self, service: str, operation: str, prefix: str, resource_type: str, resource: str,
                 pattern: str = "", bare_lambda: bool = False, sdk: bool = False) -> None:
        self.service, self.operation, self.prefix = service, operation, prefix
        self.resource_type, self.resource, self.pattern = resource_type, resource, pattern
        self.bare_lambda, self.sdk = bare_lambda, sdk


def target(resource: str) -> Target:
    """What a Task's Resource names; States.Runtime for what cumulo cannot run."""
    if _LAMBDA_ARN.match(resource):
        return Target("lambda", "Invoke", "Lambda", "lambda", resource, bare_lambda=True)
    if _ACTIVITY.match(resource):
        return Target("stepfunctions", "", "", "activity", resource)
    found = _STATES.match(resource)
    if found is None:
        raise StatesError("States.Runtime", f"The resource '{resource}' is not supported by cumulo")
    rest, pattern = found["rest"], ""
    for suffix in (".waitForTaskToken", ".sync:2", ".sync"):
        if rest.endswith(suffix):
            rest, pattern = rest[: -len(suffix)], suffix
            break
    parts = rest.split(":")
    if parts[0] == "aws-sdk" and len(parts) == 3:
        sdk_service, action = parts[1], parts[2]
        operation = action[:1].upper() + action[1:]
        prefix = _SDK_PREFIX.get(sdk_service, sdk_service[:1].upper() + sdk_service[1:])
        return Target(_SDK_NAMES.get(sdk_service, sdk_service), operation, prefix, f"aws-sdk:{sdk_service}", action, pattern, sdk=True)
    if parts == ["apigateway", "invoke"]:
        return Target("apigateway", "invoke", "ApiGateway", "apigateway", "invoke" + pattern, pattern)
    if len(parts) == 2 and (parts[0], parts[1]) in _OPTIMIZED:
        service, operation, prefix = _OPTIMIZED[(parts[0], parts[1])]
        return Target(service, operation, prefix, parts[0], parts[1] + pattern, pattern)
    raise StatesError("States.Runtime", f"The resource '{resource}' is not supported by cumulo")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return base64.b64encode(bytes(value)).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _request(t: Target, params: Any) -> dict[str, Any]:
    """The service request for the task's parameters, as each integration shapes it."""
    if t.bare_lambda:
        return {"FunctionName": t.resource, "Payload": _dumps(params).encode()}
    if not isinstance(params, dict):
        raise StatesError("States.Runtime", f"The parameters of the task must be an object, got {_dumps(params)}")
    request = dict(params)
    if t.service == "stepfunctions":
        # ASL names members as the SDKs do (StateMachineArn); Step Functions' own model is camelCase.
        request = {k[:1].lower() + k[1:]: v for k, v in request.items()}
        if "input" in request and not isinstance(request["input"], str):
            request["input"] = _dumps(request["input"])
    if t.service == "lambda" and not t.sdk:
        payload = request.get("Payload", {})
        request["Payload"] = (payload if isinstance(payload, str) else _dumps(payload)).encode()
    elif t.service == "sqs" and not isinstance(request.get("MessageBody", ""), str):
        request["MessageBody"] = _dumps(request["MessageBody"])
    elif t.service == "sns" and not isinstance(request.get("Message", ""), str):
        request["Message"] = _dumps(request["Message"])
    elif t.service == "events" and not t.sdk:
        request["Entries"] = [
            {**e, "Detail": e["Detail"] if isinstance(e.get("Detail", ""), str) else _dumps(e["Detail"])}
            for e in request.get("Entries", [])
        ]
    return request


def _error_name(t: Target, error: AwsError) -> str:
    code = error.code
    if t.sdk and not code.endswith("Exception"):
        code += "Exception"
    return f"{t.prefix}.{code}"


async def _invoke_api(run: Run, params: Any) -> Any:
    """`apigateway:invoke`: an HTTP request to an API Gateway endpoint, which is cumulo's own
    data plane here (the endpoint's host goes in the Host header, as a client's would).
    https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html"""
    import httpx

    if not isinstance(params, dict) or not params.get("ApiEndpoint") or not params.get("Method"):
        raise StatesError("States.Runtime", "The apigateway:invoke task needs ApiEndpoint and Method in its parameters")
    host = str(params["ApiEndpoint"]).removeprefix("https://").removeprefix("http://").strip("/")
    stage = params.get("Stage")
    path = "/".join(p.strip("/") for p in ("" if stage in (None, "", "$default") else str(stage), str(params.get("Path") or "")) if p.strip("/"))
    query: list[tuple[str, str | int | float | bool | None]] = [(str(k), str(v)) for k, values in (params.get("QueryParameters") or {}).items() for v in (values if isinstance(values, list) else [values])]
    headers = {k: ",".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in (params.get("Headers") or {}).items()}
    headers["host"] = host
    body = params.get("RequestBody")
    content = None if body is None else body.encode() if isinstance(body, str) else _dumps(body).encode()
    if content is not None and not isinstance(body, str):
        headers.setdefault("content-type", "application/json")
    config = run.runtime.config
    origin = f"http://{'127.0.0.1' if config.host in ('', '0.0.0.0', '::') else config.host}:{config.port}"
    async with httpx.AsyncClient(timeout=None) as client:
        response = await client.request(str(params["Method"]).upper(), f"{origin}/{path}", params=query, headers=headers, content=content)
    try:
        answer: Any = response.json()
    except ValueError:
        answer = response.text
    out = {"ResponseBody": answer, "StatusCode": response.status_code, "StatusText": response.reason_phrase,
           "Headers": {k: response.headers.get_list(k) for k in response.headers.keys()}}
    if response.status_code >= 400:
        raise StatesError(f"ApiGateway.{response.status_code}", _dumps(out))
    return out


async def _call(run: Run, t: Target, params: Any) -> Any:
    try:
        out = await services.call(run.runtime, t.service, t.operation, _request(t, params), run.account, run.region)
    except AwsError as error:
        raise StatesError(_error_name(t, error), error.message or error.code) from None
    if t.service == "lambda" and t.operation == "Invoke" and not t.sdk:
        return _lambda_result(t, out)
    if t.service == "stepfunctions":
        return _jsonable({k[:1].upper() + k[1:]: v for k, v in out.items()})
    return _jsonable(out)


def _lambda_result(t: Target, out: dict[str, Any]) -> Any:
    raw = out.get("Payload") or b""
    text = raw.decode() if isinstance(raw, (bytes, bytearray)) else str(raw)
    try:
        payload = json.loads(text) if text else None
    except json.JSONDecodeError:
        payload = text
    if out.get("FunctionError"):
        name = payload.get("errorType") if isinstance(payload, dict) else None
        raise StatesError(str(name or "Lambda.Unknown"), text)
    if t.bare_lambda:
        return payload
    return {"ExecutedVersion": out.get("ExecutedVersion", "$LATEST"), "Payload": payload, "StatusCode": out.get("StatusCode", 200),
            "SdkHttpMetadata": {"HttpStatusCode": out.get("StatusCode", 200)}, "SdkResponseMetadata": {}}


async def run(run: Run, state: dict[str, Any], params: Any, context: dict[str, Any], thread: Thread) -> Any:
    """Run a Task's resource with its parameters, recording its events; the result or StatesError."""
    if run.mock is not None:
        if "errorOutput" in run.mock:
            raise StatesError(run.mock["errorOutput"].get("error", ""), run.mock["errorOutput"].get("cause", ""))
        return json.loads(run.mock.get("result", "null"))
    t = target(state["Resource"])
    timeout = state.get("TimeoutSeconds")
    if "TimeoutSecondsPath" in state:
        timeout = paths.read(params, state["TimeoutSecondsPath"], context)
    if t.resource_type == "activity":
        return await _activity(run, t, params, timeout, thread, _heartbeat(state, params, context))
    if t.bare_lambda:
        run.event(thread, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", {
            "resource": t.resource, "input": _dumps(params), "inputDetails": {"truncated": False},
            **({"timeoutInSeconds": timeout} if timeout else {}),
        })
        run.event(thread, "LambdaFunctionStarted")
    else:
        run.event(thread, "TaskScheduled", "taskScheduledEventDetails", {
            "resourceType": t.resource_type, "resource": t.resource, "region": run.region, "parameters": _dumps(params),
            **({"timeoutInSeconds": timeout} if timeout else {}),
        })
        run.event(thread, "TaskStarted", "taskStartedEventDetails", {"resourceType": t.resource_type, "resource": t.resource})
    try:
        result = await _bounded(run, _work(run, t, params, context, thread, _heartbeat(state, params, context)), timeout)
    except StatesError as error:
        kind = "TimedOut" if error.error in ("States.Timeout", "States.HeartbeatTimeout") else "Failed"
        if t.bare_lambda:
            run.event(thread, f"LambdaFunction{kind}", f"lambdaFunction{kind}EventDetails", {"error": error.error, "cause": error.cause})
        else:
            run.event(thread, f"Task{kind}", f"task{kind}EventDetails", {
                "resourceType": t.resource_type, "resource": t.resource, "error": error.error, "cause": error.cause,
            })
        raise
    if t.bare_lambda:
        run.event(thread, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", {
            "output": _dumps(result), "outputDetails": {"truncated": False},
        })
    else:
        run.event(thread, "TaskSucceeded", "taskSucceededEventDetails", {
            "resourceType": t.resource_type, "resource": t.resource, "output": _dumps(result), "outputDetails": {"truncated": False},
        })
    return result


async def _work(run: Run, t: Target, params: Any, context: dict[str, Any], thread: Thread, heartbeat: float | None) -> Any:
    run.replaying = False  # a resumed state's entry events, already in the history, end here
    case = getattr(run.ex, "test_case", None)
    if case:
        from cumulo.services.stepfunctions import mocks

        calls = run.calls[context["State"]["Name"]] = run.calls.get(context["State"]["Name"], -1) + 1
        mocked, value = mocks.response(run.runtime, run.ex.machine_arn.split(":")[6], case, context["State"]["Name"], calls)
        if mocked:
            return value
    if t.pattern == ".waitForTaskToken":
        token = context.get("Task", {}).get("Token")
        if not token:
            raise StatesError("States.Runtime", "A .waitForTaskToken task must pass $$.Task.Token in its Parameters")
        if token == run.resumed_token:  # after a restart: the task was called; wait on its token again
            run.resumed_token = None
            return await tokens.with_heartbeat(run.runtime, token, tokens.expect(run, token, context["State"]["Name"]), heartbeat)
        waiter = tokens.expect(run, token, context["State"]["Name"] if thread is run.top else "")
        submitted = await _call(run, t, params)
        run.event(thread, "TaskSubmitted", "taskSubmittedEventDetails", {
            "resourceType": t.resource_type, "resource": t.resource, "output": _dumps(submitted), "outputDetails": {"truncated": False},
        })
        return await tokens.with_heartbeat(run.runtime, token, waiter, heartbeat)
    if t.service == "apigateway":
        return await _invoke_api(run, params)
    if t.pattern.startswith(".sync") and t.service == "stepfunctions" and t.operation == "StartExecution":
        return await _start_execution_sync(run, t, params)
    if t.pattern.startswith(".sync"):
        raise StatesError("States.Runtime", f"The {t.pattern} integration pattern is not implemented in cumulo yet for {t.resource_type}")
    return await _call(run, t, params)


def _heartbeat(state: dict[str, Any], params: Any, context: dict[str, Any]) -> float | None:
    value = state.get("HeartbeatSeconds")
    if "HeartbeatSecondsPath" in state:
        value = paths.read(params, state["HeartbeatSecondsPath"], context)
    return float(value) if value else None


async def _bounded(run: Run, work: Any, timeout: Any) -> Any:
    """`work`, failing with States.Timeout when the cumulo clock passes `timeout` seconds."""
    if not timeout:
        return await work
    from cumulo.services.stepfunctions.interpreter import sleep_until

    task = asyncio.ensure_future(work)
    timer = asyncio.ensure_future(sleep_until(run.runtime, run.runtime.clock.now() + float(timeout)))
    done, _ = await asyncio.wait({task, timer}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        timer.cancel()
        return task.result()
    task.cancel()
    raise StatesError("States.Timeout", "")


async def _activity(run: Run, t: Target, params: Any, timeout: Any, thread: Thread, heartbeat: float | None) -> Any:
    from cumulo.services.stepfunctions import activities
    from cumulo.services.stepfunctions.interpreter import new_token

    text = _dumps(params)
    run.event(thread, "ActivityScheduled", "activityScheduledEventDetails", {
        "resource": t.resource, "input": text, "inputDetails": {"truncated": False},
        **({"timeoutInSeconds": timeout} if timeout else {}), **({"heartbeatInSeconds": heartbeat} if heartbeat else {}),
    })
    token = new_token()
    outcome, started = activities.offer(run, t.resource, token, text)

    async def work() -> Any:
        worker = await started
        run.event(thread, "ActivityStarted", "activityStartedEventDetails", {"workerName": worker} if worker else {})
        return await tokens.with_heartbeat(run.runtime, token, outcome, heartbeat)

    try:
        result = await _bounded(run, work(), timeout)
    except StatesError as error:
        kind = "TimedOut" if error.error in ("States.Timeout", "States.HeartbeatTimeout") else "Failed"
        run.event(thread, f"Activity{kind}", f"activity{kind}EventDetails", {"error": error.error, "cause": error.cause})
        raise
    run.event(thread, "ActivitySucceeded", "activitySucceededEventDetails", {"output": _dumps(result), "outputDetails": {"truncated": False}})
    return result


async def _start_execution_sync(run: Run, t: Target, params: Any) -> Any:
    """`states:startExecution.sync` (and `.sync:2`): start a child execution and wait for its end."""
    from cumulo.services.stepfunctions.interpreter import live

    started = await _call(run, t, params)
    arn = started["ExecutionArn"]
    task = live(run.runtime).tasks.get(arn)
    if task is not None:
        await asyncio.shield(task)  # stopping the parent does not stop the child, as on AWS
    try:
        out = await services.call(run.runtime, "stepfunctions", "DescribeExecution", {"executionArn": arn}, run.account, run.region)
    except AwsError as error:
        raise StatesError(_error_name(t, error), error.message) from None
    described: dict[str, Any] = {
        "ExecutionArn": arn, "StateMachineArn": out["stateMachineArn"], "Name": out["name"], "Status": out["status"],
        "StartDate": out["startDate"], "StopDate": out.get("stopDate"), "Input": out.get("input"),
        "InputDetails": {"Included": True},
    }
    if "output" in out:
        described["Output"] = json.loads(out["output"]) if t.pattern == ".sync:2" else out["output"]
        described["OutputDetails"] = {"Included": True}
    described = _jsonable(described)
    if out["status"] != "SUCCEEDED":
        name = "States.Timeout" if out["status"] == "TIMED_OUT" else "States.TaskFailed"
        raise StatesError(name, _dumps({**described, "Error": out.get("error"), "Cause": out.get("cause")}))
    return described
