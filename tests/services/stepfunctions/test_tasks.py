"""Task states calling real services through cumulo: Lambda (optimized and a bare
ARN), SQS, DynamoDB, AWS SDK integrations, a task token round trip."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer
from tests.services.lambda_zip import make_zip
from tests.services.stepfunctions.conftest import finished, history, types

APP = """
def handler(event, context):
    if event.get("fail"):
        raise ValueError("asked to fail")
    return {"doubled": event["n"] * 2}
"""


@pytest.fixture
def function(cumulo: CumuloServer) -> str:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    out = lam.create_function(FunctionName="double", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/lambda",
                              Handler="app.handler", Code={"ZipFile": make_zip({"app.py": APP})}, Timeout=10)
    return str(out["FunctionArn"])


def test_lambda_invoke_integration(sfn: Any, run: Callable[..., dict[str, Any]], function: str) -> None:
    definition = {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "double", "Payload.$": "$"},
        "ResultSelector": {"result.$": "$.Payload.doubled", "code.$": "$.StatusCode"}, "End": True}}}
    ex = run(definition, {"n": 21})
    assert ex["status"] == "SUCCEEDED", ex
    assert json.loads(ex["output"]) == {"result": 42, "code": 200}
    assert types(sfn, ex["executionArn"]) == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                              "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]
    scheduled = history(sfn, ex["executionArn"])[2]["taskScheduledEventDetails"]
    assert (scheduled["resourceType"], scheduled["resource"], scheduled["region"]) == ("lambda", "invoke", "us-east-1")
    assert json.loads(scheduled["parameters"]) == {"FunctionName": "double", "Payload": {"n": 21}}


def test_bare_lambda_arn_and_function_errors(sfn: Any, run: Callable[..., dict[str, Any]], function: str) -> None:
    definition = {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": function, "End": True}}}
    ex = run(definition, {"n": 5})
    assert json.loads(ex["output"]) == {"doubled": 10}
    assert types(sfn, ex["executionArn"])[2:5] == ["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"]
    failed = run(definition, {"fail": True})
    assert (failed["status"], failed["error"]) == ("FAILED", "ValueError")
    assert "asked to fail" in failed["cause"]
    assert "LambdaFunctionFailed" in types(sfn, failed["executionArn"])
    missing = run({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                                          "Parameters": {"FunctionName": "ghost"}, "End": True}}})
    assert missing["error"] == "Lambda.ResourceNotFoundException"


def test_sqs_and_dynamodb_integrations(cumulo: CumuloServer, run: Callable[..., dict[str, Any]]) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="out")["QueueUrl"]
    ddb = boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="us-east-1")
    ddb.create_table(TableName="t", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    definition = {
        "StartAt": "Put",
        "States": {
            "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName": "t", "Item": {"id": {"S.$": "$.id"}, "v": {"N": "7"}}}, "ResultPath": None, "Next": "Get"},
            "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                    "Parameters": {"TableName": "t", "Key": {"id": {"S.$": "$.id"}}}, "ResultSelector": {"v.$": "$.Item.v.N"},
                    "ResultPath": "$.got", "Next": "Send"},
            "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                     "Parameters": {"QueueUrl": url, "MessageBody.$": "$"}, "ResultSelector": {"id.$": "$.MessageId"},
                     "ResultPath": "$.sent", "Next": "Count"},
            "Count": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:getQueueAttributes",
                      "Parameters": {"QueueUrl": url, "AttributeNames": ["ApproximateNumberOfMessages"]},
                      "ResultSelector": {"n.$": "$.Attributes.ApproximateNumberOfMessages"}, "ResultPath": "$.count", "End": True},
        },
    }
    ex = run(definition, {"id": "k1"})
    assert ex["status"] == "SUCCEEDED", ex
    out = json.loads(ex["output"])
    assert out["got"] == {"v": "7"} and out["count"] == {"n": "1"}
    body = sqs.receive_message(QueueUrl=url)["Messages"][0]
    assert body["MessageId"] == out["sent"]["id"] and json.loads(body["Body"]) == {"id": "k1", "got": {"v": "7"}}
    sdk_error = run({"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:getQueueUrl",
                                                     "Parameters": {"QueueName": "nope"}, "End": True}}})
    assert sdk_error["error"] == "Sqs.QueueDoesNotExistException"


def test_task_token_round_trip(cumulo: CumuloServer, sfn: Any, machine: Callable[..., str]) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="tokens")["QueueUrl"]
    arn = machine({"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": url, "MessageBody": {"token.$": "$$.Task.Token", "q.$": "$.q"}}, "End": True}}})
    ok = sfn.start_execution(stateMachineArn=arn, input='{"q": "yes?"}')["executionArn"]
    bad = sfn.start_execution(stateMachineArn=arn, input='{"q": "no?"}')["executionArn"]
    asks: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while len(asks) < 2 and time.monotonic() < deadline:
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            body = json.loads(m["Body"])
            asks[body["q"]] = body["token"]
    assert sfn.describe_execution(executionArn=ok)["status"] == "RUNNING"
    sfn.send_task_heartbeat(taskToken=asks["yes?"])
    sfn.send_task_success(taskToken=asks["yes?"], output='{"answer": 42}')
    sfn.send_task_failure(taskToken=asks["no?"], error="Denied", cause="no")
    assert json.loads(finished(sfn, ok)["output"]) == {"answer": 42}
    assert "TaskSubmitted" in types(sfn, ok)
    failed = finished(sfn, bad)
    assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "Denied", "no")
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_success(taskToken=asks["yes?"], output="{}")


def test_start_execution_sync(sfn: Any, machine: Callable[..., str], run: Callable[..., dict[str, Any]]) -> None:
    child = machine({"StartAt": "C", "States": {"C": {"Type": "Pass", "Parameters": {"got.$": "$.v"}, "End": True}}}, name="child")
    failing = machine({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Child.Err", "Cause": "bad"}}}, name="failing")
    parent = {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn.$": "$.target", "Input": {"v.$": "$.v"}},
        "ResultSelector": {"status.$": "$.Status", "out.$": "$.Output"}, "End": True}}}
    ex = run(parent, {"target": child, "v": 7})
    assert ex["status"] == "SUCCEEDED", ex
    assert json.loads(ex["output"]) == {"status": "SUCCEEDED", "out": {"got": 7}}
    bad = run(parent, {"target": failing, "v": 1})
    assert (bad["status"], bad["error"]) == ("FAILED", "States.TaskFailed")
    assert json.loads(bad["cause"])["Error"] == "Child.Err"
