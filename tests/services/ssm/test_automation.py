"""Automation that runs: branches, an API step, a Lambda step, scripts, sleep, pause, approve, failure paths."""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

TERMINAL = ("Success", "Failed", "Cancelled", "TimedOut")


def wait_status(ssm: Any, execution_id: str, statuses: tuple[str, ...] = TERMINAL, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        exe = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
        if exe["AutomationExecutionStatus"] in statuses:
            return dict(exe)
        assert time.monotonic() < deadline, f"still {exe['AutomationExecutionStatus']}, waiting for {statuses}"
        time.sleep(0.05)


def runbook(ssm: Any, name: str, content: dict[str, Any]) -> None:
    ssm.create_document(Name=name, DocumentType="Automation", Content=json.dumps({"schemaVersion": "0.3", **content}))


def test_api_step_branch_and_outputs(ssm: Any) -> None:
    ssm.put_parameter(Name="/cfg/mode", Value="fast", Type="String")
    runbook(ssm, "branchy", {
        "parameters": {"Name": {"type": "String"}, "Target": {"type": "String", "default": "/cfg/copy"}},
        "outputs": ["read.Value", "write.Version"],
        "mainSteps": [
            {"name": "read", "action": "aws:executeAwsApi",
             "inputs": {"Service": "ssm", "Api": "GetParameter", "Name": "{{ Name }}"},
             "outputs": [{"Name": "Value", "Selector": "$.Parameter.Value", "Type": "String"}]},
            {"name": "choose", "action": "aws:branch",
             "inputs": {"Choices": [{"NextStep": "write", "Variable": "{{ read.Value }}", "StringEquals": "fast"}], "Default": "never"}},
            {"name": "never", "action": "aws:executeAwsApi", "isEnd": True,
             "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "/cfg/never", "Value": "x", "Type": "String"}},
            {"name": "write", "action": "aws:executeAwsApi",
             "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "{{ Target }}", "Value": "copied {{ read.Value }}", "Type": "String"},
             "outputs": [{"Name": "Version", "Selector": "$.Version", "Type": "Integer"}]},
        ],
    })
    eid = ssm.start_automation_execution(DocumentName="branchy", Parameters={"Name": ["/cfg/mode"]})["AutomationExecutionId"]
    exe = wait_status(ssm, eid)
    assert exe["AutomationExecutionStatus"] == "Success", exe
    assert [s["StepName"] for s in exe["StepExecutions"]] == ["read", "choose", "write"]
    assert exe["Outputs"] == {"read.Value": ["fast"], "write.Version": ["1"]}
    assert ssm.get_parameter(Name="/cfg/copy")["Parameter"]["Value"] == "copied fast"
    steps = ssm.describe_automation_step_executions(AutomationExecutionId=eid, Filters=[{"Key": "StepName", "Values": ["read"]}])["StepExecutions"]
    assert steps[0]["Outputs"] == {"Value": ["fast"]} and steps[0]["StepStatus"] == "Success"
    listed = ssm.describe_automation_executions(Filters=[{"Key": "DocumentNamePrefix", "Values": ["bran"]}])["AutomationExecutionMetadataList"]
    assert [e["AutomationExecutionId"] for e in listed] == [eid]


def test_failure_paths(ssm: Any) -> None:
    runbook(ssm, "failing", {
        "mainSteps": [
            {"name": "missing", "action": "aws:executeAwsApi", "onFailure": "step:recover",
             "inputs": {"Service": "ssm", "Api": "GetParameter", "Name": "/does/not/exist"}},
            {"name": "skipped", "action": "aws:sleep", "inputs": {"Duration": "PT0S"}},
            {"name": "recover", "action": "aws:executeAwsApi", "isCritical": False, "onFailure": "Continue",
             "inputs": {"Service": "ssm", "Api": "DeleteParameter", "Name": "/also/missing"}},
            {"name": "assert", "action": "aws:assertAwsResourceProperty",
             "inputs": {"Service": "ssm", "Api": "DescribeParameters", "PropertySelector": "$.Parameters[0].Name", "DesiredValues": ["/nothing"]}},
        ],
    })
    eid = ssm.start_automation_execution(DocumentName="failing")["AutomationExecutionId"]
    exe = wait_status(ssm, eid)
    assert exe["AutomationExecutionStatus"] == "Failed"
    steps = {s["StepName"]: s for s in exe["StepExecutions"]}
    assert list(steps) == ["missing", "recover", "assert"]
    assert "ParameterNotFound" in steps["missing"]["FailureMessage"]
    assert steps["assert"]["StepStatus"] == "Failed" and "Step fails" in exe["FailureMessage"]
    with pytest.raises(ClientError) as e:
        ssm.start_automation_execution(DocumentName="nope")
    assert e.value.response["Error"]["Code"] == "AutomationDefinitionNotFoundException"
    runbook(ssm, "needs", {"parameters": {"X": {"type": "String"}}, "mainSteps": [{"name": "s", "action": "aws:sleep", "inputs": {"Duration": "PT0S"}}]})
    with pytest.raises(ClientError) as e:
        ssm.start_automation_execution(DocumentName="needs")
    assert e.value.response["Error"]["Code"] == "InvalidAutomationExecutionParametersException"


def test_sleep_on_the_clock_and_pause_signal(ssm: Any, cumulo_clock: Any) -> None:
    runbook(ssm, "slow", {"mainSteps": [
        {"name": "nap", "action": "aws:sleep", "inputs": {"Duration": "PT2H"}},
        {"name": "hold", "action": "aws:pause", "inputs": {}},
        {"name": "done", "action": "aws:executeAwsApi", "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "/slept", "Value": "y", "Type": "String"}},
    ]})
    eid = ssm.start_automation_execution(DocumentName="slow")["AutomationExecutionId"]
    exe = wait_status(ssm, eid, ("InProgress",))
    time.sleep(0.2)
    assert wait_status(ssm, eid, ("InProgress",))["CurrentStepName"] == "nap"
    cumulo_clock.advance(7201)
    exe = wait_status(ssm, eid, ("Waiting",))
    assert exe["CurrentStepName"] == "hold"
    with pytest.raises(ClientError) as e:
        ssm.send_automation_signal(AutomationExecutionId=eid, SignalType="Approve")
    assert e.value.response["Error"]["Code"] == "InvalidAutomationSignalException"
    ssm.send_automation_signal(AutomationExecutionId=eid, SignalType="Resume")
    assert wait_status(ssm, eid)["AutomationExecutionStatus"] == "Success"
    assert ssm.get_parameter(Name="/slept")["Parameter"]["Value"] == "y"


def test_approve_reject_and_stop(ssm: Any) -> None:
    runbook(ssm, "gated", {"mainSteps": [
        {"name": "approval", "action": "aws:approve", "inputs": {"Approvers": ["arn:aws:iam::000000000000:root"], "MinRequiredApprovals": 1}},
    ]})
    one = ssm.start_automation_execution(DocumentName="gated")["AutomationExecutionId"]
    wait_status(ssm, one, ("Waiting",))
    ssm.send_automation_signal(AutomationExecutionId=one, SignalType="Approve", Payload={"Comment": ["ok"]})
    exe = wait_status(ssm, one)
    assert exe["AutomationExecutionStatus"] == "Success" and exe["StepExecutions"][0]["Outputs"]["ApprovalStatus"] == ["Approved"]
    two = ssm.start_automation_execution(DocumentName="gated")["AutomationExecutionId"]
    wait_status(ssm, two, ("Waiting",))
    ssm.send_automation_signal(AutomationExecutionId=two, SignalType="Reject")
    assert wait_status(ssm, two)["AutomationExecutionStatus"] == "Failed"
    three = ssm.start_automation_execution(DocumentName="gated")["AutomationExecutionId"]
    wait_status(ssm, three, ("Waiting",))
    ssm.stop_automation_execution(AutomationExecutionId=three)
    assert wait_status(ssm, three)["AutomationExecutionStatus"] == "Cancelled"
    with pytest.raises(ClientError) as e:
        ssm.stop_automation_execution(AutomationExecutionId=three)
    assert e.value.response["Error"]["Code"] == "InvalidAutomationStatusUpdateException"


def test_execute_script(ssm: Any) -> None:
    runbook(ssm, "scripted", {
        "parameters": {"Who": {"type": "String", "default": "cumulo"}},
        "mainSteps": [{"name": "py", "action": "aws:executeScript",
                       "inputs": {"Runtime": "python3.11", "Handler": "script_handler", "InputPayload": {"who": "{{ Who }}"},
                                  "Script": "def script_handler(events, context):\n    print('log line')\n    return {'greeting': 'hi ' + events['who']}\n"},
                       "outputs": [{"Name": "Greeting", "Selector": "$.Payload.greeting", "Type": "String"}]}],
        "outputs": ["py.Greeting"],
    })
    eid = ssm.start_automation_execution(DocumentName="scripted")["AutomationExecutionId"]
    exe = wait_status(ssm, eid)
    assert exe["AutomationExecutionStatus"] == "Success", exe
    assert exe["Outputs"] == {"py.Greeting": ["hi cumulo"]}


def test_lambda_step(ssm: Any, cumulo: CumuloServer) -> None:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    if event.get('fail'):\n        raise ValueError('boom')\n    return {'doubled': event['n'] * 2}\n")
    lam.create_function(FunctionName="doubler", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                        Handler="app.handler", Code={"ZipFile": buf.getvalue()}, Timeout=10)
    runbook(ssm, "lambdas", {
        "parameters": {"Fail": {"type": "Boolean", "default": False}},
        "mainSteps": [{"name": "call", "action": "aws:invokeLambdaFunction",
                       "inputs": {"FunctionName": "doubler", "Payload": "{\"n\": 21, \"fail\": {{ Fail }}}"},
                       "outputs": [{"Name": "Doubled", "Selector": "$.Payload.doubled", "Type": "Integer"}]}],
        "outputs": ["call.Doubled"],
    })
    eid = ssm.start_automation_execution(DocumentName="lambdas")["AutomationExecutionId"]
    exe = wait_status(ssm, eid, timeout=60)
    assert exe["AutomationExecutionStatus"] == "Success", exe
    assert exe["Outputs"] == {"call.Doubled": ["42"]}
    assert exe["StepExecutions"][0]["Outputs"]["StatusCode"] == ["200"]
    bad = ssm.start_automation_execution(DocumentName="lambdas", Parameters={"Fail": ["true"]})["AutomationExecutionId"]
    exe = wait_status(ssm, bad, timeout=60)
    assert exe["AutomationExecutionStatus"] == "Failed" and "boom" in exe["StepExecutions"][0]["FailureMessage"]


def test_rate_control_runs_once_per_target(ssm: Any) -> None:
    runbook(ssm, "per-target", {
        "parameters": {"Item": {"type": "String"}, "Prefix": {"type": "String", "default": "/rc"}},
        "mainSteps": [
            {"name": "check", "action": "aws:branch", "inputs": {"Choices": [{"NextStep": "boom", "Variable": "{{ Item }}", "StringEquals": "bad"}], "Default": "put"}},
            {"name": "put", "action": "aws:executeAwsApi", "isEnd": True,
             "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "{{ Prefix }}/{{ Item }}", "Value": "done", "Type": "String"}},
            {"name": "boom", "action": "aws:executeAwsApi", "inputs": {"Service": "ssm", "Api": "GetParameter", "Name": "/missing"}},
        ],
    })
    parent = ssm.start_automation_execution(DocumentName="per-target", TargetParameterName="Item", MaxConcurrency="1", MaxErrors="0",
                                            Targets=[{"Key": "ParameterValues", "Values": ["a", "b"]}])["AutomationExecutionId"]
    exe = wait_status(ssm, parent)
    assert exe["AutomationExecutionStatus"] == "Success" and exe["ResolvedTargets"]["ParameterValues"] == ["a", "b"]
    assert {ssm.get_parameter(Name=f"/rc/{i}")["Parameter"]["Value"] for i in "ab"} == {"done"}
    children = ssm.describe_automation_executions(Filters=[{"Key": "ParentExecutionId", "Values": [parent]}])["AutomationExecutionMetadataList"]
    assert sorted(c["Target"] for c in children) == ["a", "b"] and {c["AutomationExecutionStatus"] for c in children} == {"Success"}
    failing = ssm.start_automation_execution(DocumentName="per-target", TargetParameterName="Item", MaxConcurrency="1", MaxErrors="0",
                                             Targets=[{"Key": "ParameterValues", "Values": ["bad", "c", "d"]}])["AutomationExecutionId"]
    assert wait_status(ssm, failing)["AutomationExecutionStatus"] == "Failed"
    children = ssm.describe_automation_executions(Filters=[{"Key": "ParentExecutionId", "Values": [failing]}])["AutomationExecutionMetadataList"]
    assert sorted(c["AutomationExecutionStatus"] for c in children) == ["Cancelled", "Cancelled", "Failed"]


def test_interactive_mode_runs_a_step_per_signal(ssm: Any) -> None:
    runbook(ssm, "stepwise", {"mainSteps": [
        {"name": "one", "action": "aws:executeAwsApi", "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "/step/one", "Value": "1", "Type": "String"}},
        {"name": "two", "action": "aws:executeAwsApi", "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "/step/two", "Value": "2", "Type": "String"}},
    ]})
    eid = ssm.start_automation_execution(DocumentName="stepwise", Mode="Interactive")["AutomationExecutionId"]
    assert wait_status(ssm, eid, ("Waiting",))["Mode"] == "Interactive"
    ssm.send_automation_signal(AutomationExecutionId=eid, SignalType="StartStep", Payload={"StepName": ["one"]})
    deadline = time.monotonic() + 20
    while [s["StepStatus"] for s in ssm.get_automation_execution(AutomationExecutionId=eid)["AutomationExecution"]["StepExecutions"]] != ["Success", "Pending"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert ssm.get_parameter(Name="/step/one")["Parameter"]["Value"] == "1"
    with pytest.raises(ClientError):
        ssm.get_parameter(Name="/step/two")
    ssm.send_automation_signal(AutomationExecutionId=eid, SignalType="StartStep", Payload={"StepName": ["two"]})
    assert wait_status(ssm, eid)["AutomationExecutionStatus"] == "Success"
    with pytest.raises(ClientError) as e:
        ssm.send_automation_signal(AutomationExecutionId=eid, SignalType="StartStep", Payload={"StepName": ["nope"]})
    assert e.value.response["Error"]["Code"] in ("AutomationStepNotFoundException", "InvalidAutomationSignalException")
