"""Run Command on the local managed instance (opt-in), and refusals without it."""

from __future__ import annotations

import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


@pytest.fixture
def local(cumulo: CumuloServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(cumulo.runtime.config, "ssm_local_instance", True)
    from cumulo.services.ssm.instances import local_id

    return local_id()


def wait_invocation(ssm: Any, command_id: str, instance_id: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            out = ssm.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
            if out["Status"] not in ("Pending", "InProgress", "Delayed"):
                return dict(out)
        except ClientError:
            pass
        assert time.monotonic() < deadline, "the command did not finish"
        time.sleep(0.05)


def test_without_local_instance_commands_fail(ssm: Any) -> None:
    assert ssm.describe_instance_information()["InstanceInformationList"] == []
    with pytest.raises(ClientError) as e:
        ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=["mi-0123456789abcdef0"], Parameters={"commands": ["echo hi"]})
    assert e.value.response["Error"]["Code"] == "InvalidInstanceId"


def test_run_shell_script_on_local_instance(ssm: Any, local: str) -> None:
    info = ssm.describe_instance_information()["InstanceInformationList"]
    assert [(i["InstanceId"], i["PingStatus"], i["ResourceType"]) for i in info] == [(local, "Online", "ManagedInstance")]
    sent = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[local], Comment="hello",
                            Parameters={"commands": ["echo hello from $AWS_SSM_INSTANCE_ID", "pwd > where.txt", "echo oops >&2"]})["Command"]
    assert sent["Status"] == "Pending" and sent["TargetCount"] == 1 and sent["Parameters"]["commands"][0].startswith("echo hello")
    out = wait_invocation(ssm, sent["CommandId"], local)
    assert out["Status"] == "Success" and out["ResponseCode"] == 0
    assert out["StandardOutputContent"] == f"hello from {local}\n" and out["StandardErrorContent"] == "oops\n"
    listed = ssm.list_command_invocations(CommandId=sent["CommandId"], Details=True)["CommandInvocations"]
    assert listed[0]["Status"] == "Success" and listed[0]["CommandPlugins"][0]["ResponseCode"] == 0
    cmd = ssm.list_commands(CommandId=sent["CommandId"])["Commands"][0]
    assert cmd["Status"] == "Success" and cmd["CompletedCount"] == 1 and cmd["Comment"] == "hello"


def test_failure_timeout_and_cancel(ssm: Any, local: str) -> None:
    failed = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[local], Parameters={"commands": ["echo before", "exit 3"]})["Command"]
    out = wait_invocation(ssm, failed["CommandId"], local)
    assert out["Status"] == "Failed" and out["ResponseCode"] == 3 and out["StandardOutputContent"] == "before\n"
    slow = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[local], Parameters={"commands": ["sleep 30"], "executionTimeout": ["1"]})["Command"]
    out = wait_invocation(ssm, slow["CommandId"], local)
    assert out["Status"] == "TimedOut"
    long = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[local], Parameters={"commands": ["sleep 30"]})["Command"]
    time.sleep(0.3)
    ssm.cancel_command(CommandId=long["CommandId"])
    assert wait_invocation(ssm, long["CommandId"], local)["Status"] == "Cancelled"
    with pytest.raises(ClientError) as e:
        ssm.get_command_invocation(CommandId="00000000-0000-0000-0000-000000000000", InstanceId=local)
    assert e.value.response["Error"]["Code"] == "InvocationDoesNotExist"


def test_custom_document_and_s3_output(ssm: Any, local: str, cumulo: CumuloServer) -> None:
    import json

    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="cmd-out")
    ssm.create_document(Name="greet", DocumentType="Command", Content=json.dumps({
        "schemaVersion": "2.2", "parameters": {"who": {"type": "String", "default": "world"}},
        "mainSteps": [{"action": "aws:runShellScript", "name": "greet", "inputs": {"runCommand": ["echo hi {{ who }}"]}}],
    }))
    sent = ssm.send_command(DocumentName="greet", InstanceIds=[local], Parameters={"who": ["cumulo"]},
                            OutputS3BucketName="cmd-out", OutputS3KeyPrefix="runs")["Command"]
    out = wait_invocation(ssm, sent["CommandId"], local)
    assert out["StandardOutputContent"] == "hi cumulo\n" and out["PluginName"] == "greet"
    key = f"runs/{sent['CommandId']}/{local}/awsrunShellScript/greet/stdout"
    deadline = time.monotonic() + 10
    while True:
        try:
            assert s3.get_object(Bucket="cmd-out", Key=key)["Body"].read() == b"hi cumulo\n"
            break
        except ClientError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert out["StandardOutputUrl"].endswith(key)
    with pytest.raises(ClientError) as e:
        ssm.send_command(DocumentName="greet", InstanceIds=[local], Parameters={"nobody": ["x"]})
    assert e.value.response["Error"]["Code"] == "InvalidParameters"


def test_automation_run_command_step(ssm: Any, local: str) -> None:
    import json

    ssm.create_document(Name="rc-doc", DocumentType="Automation", Content=json.dumps({
        "schemaVersion": "0.3", "parameters": {"Node": {"type": "String"}},
        "mainSteps": [{"name": "run", "action": "aws:runCommand",
                       "inputs": {"DocumentName": "AWS-RunShellScript", "InstanceIds": ["{{ Node }}"], "Parameters": {"commands": ["echo from automation"]}}}],
    }))
    eid = ssm.start_automation_execution(DocumentName="rc-doc", Parameters={"Node": [local]})["AutomationExecutionId"]
    deadline = time.monotonic() + 20
    while True:
        exe = ssm.get_automation_execution(AutomationExecutionId=eid)["AutomationExecution"]
        if exe["AutomationExecutionStatus"] in ("Success", "Failed"):
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert exe["AutomationExecutionStatus"] == "Success", exe
    command_id = exe["StepExecutions"][0]["Outputs"]["CommandId"][0]
    assert ssm.get_command_invocation(CommandId=command_id, InstanceId=local)["StandardOutputContent"] == "from automation\n"


def test_activations(ssm: Any) -> None:
    created = ssm.create_activation(IamRole="SSMRole", RegistrationLimit=5, Description="d", Tags=[{"Key": "k", "Value": "v"}])
    assert created["ActivationCode"]
    listed = ssm.describe_activations()["ActivationList"]
    assert listed[0]["ActivationId"] == created["ActivationId"] and listed[0]["RegistrationLimit"] == 5 and not listed[0]["Expired"]
    assert listed[0]["Tags"] == [{"Key": "k", "Value": "v"}]
    ssm.delete_activation(ActivationId=created["ActivationId"])
    with pytest.raises(ClientError) as e:
        ssm.delete_activation(ActivationId=created["ActivationId"])
    assert e.value.response["Error"]["Code"] == "InvalidActivationId"


def test_tag_targets_reach_the_local_instance(ssm: Any, local: str) -> None:
    ssm.add_tags_to_resource(ResourceType="ManagedInstance", ResourceId=local, Tags=[{"Key": "role", "Value": "web"}])
    assert ssm.list_tags_for_resource(ResourceType="ManagedInstance", ResourceId=local)["TagList"] == [{"Key": "role", "Value": "web"}]
    sent = ssm.send_command(DocumentName="AWS-RunShellScript", Targets=[{"Key": "tag:role", "Values": ["web"]}], Parameters={"commands": ["echo tagged"]})["Command"]
    assert sent["InstanceIds"] == [local]
    assert wait_invocation(ssm, sent["CommandId"], local)["StandardOutputContent"] == "tagged\n"
