"""SSM state survives a restart (--data-dir); entities round-trip through the store's encoding; introspection; the AWS CLI."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import httpx

from cumulo.services.ssm.models import (
    AutomationExecution,
    Command,
    Document,
    DocumentVersion,
    Invocation,
    Parameter,
    ParameterVersion,
    Resource,
    StepExecution,
)
from cumulo.testing import CumuloServer, free_port, spawned_server


def test_entities_round_trip_through_pickle() -> None:
    param = Parameter("/a", {1: ParameterVersion(1, "v", "String", 1.0, "arn", labels=["x"], policies=[{"type": "Expiration", "text": "{}", "status": "Pending"}])}, 1, 1)
    doc = Document("d", "Command", "000000000000", 1.0, "2.2", {"1": DocumentVersion("1", "{}", "JSON", 1.0, "h")})
    exe = AutomationExecution("id", "d", "1", {"p": ["v"]}, 1.0, "arn", steps=[StepExecution("s", "aws:sleep", {"Duration": "PT1S"})])
    command = Command("c", "AWS-RunShellScript", "1", {}, 1.0, ["mi-1"], invocations={"mi-1": Invocation("mi-1", stdout="hi")})
    for entity in (param, doc, exe, command, Resource("mw-1", {"Name": "w"}, 1.0, {"next": 2.0})):
        assert pickle.loads(pickle.dumps(entity)) == entity


def test_everything_survives_a_restart(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def client() -> Any:
        return boto3.client("ssm", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    runbook = {"schemaVersion": "0.3", "outputs": ["put.Version"], "mainSteps": [
        {"name": "put", "action": "aws:executeAwsApi", "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "/from/runbook", "Value": "x", "Type": "String"},
         "outputs": [{"Name": "Version", "Selector": "$.Version", "Type": "Integer"}]}]}
    local = {"CUMULO_SSM_LOCAL_INSTANCE": "1"}
    with spawned_server(port, data_dir=str(tmp_path), env=local):
        ssm = client()
        (instance,) = ssm.describe_instance_information()["InstanceInformationList"]
        command_id = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[instance["InstanceId"]],
                                      Parameters={"commands": ["echo kept"]})["Command"]["CommandId"]
        ssm.put_parameter(Name="/app/plain", Value="one", Type="String")
        ssm.put_parameter(Name="/app/plain", Value="two", Overwrite=True)
        ssm.label_parameter_version(Name="/app/plain", ParameterVersion=1, Labels=["first"])
        ssm.put_parameter(Name="/app/secret", Value="s3cr3t", Type="SecureString", Tags=[{"Key": "k", "Value": "v"}])
        ssm.create_document(Name="runbook", DocumentType="Automation", Content=json.dumps(runbook))
        wid = ssm.create_maintenance_window(Name="win", Schedule="rate(1 day)", Duration=2, Cutoff=1, AllowUnassociatedTargets=True)["WindowId"]
        aid = ssm.create_association(Name="AWS-RunShellScript", Targets=[{"Key": "InstanceIds", "Values": ["*"]}],
                                     Parameters={"commands": ["true"]}, ApplyOnlyAtCronInterval=True, ScheduleExpression="rate(1 day)")["AssociationDescription"]["AssociationId"]
        eid = ssm.start_automation_execution(DocumentName="runbook")["AutomationExecutionId"]
        deadline = time.monotonic() + 20
        while ssm.get_automation_execution(AutomationExecutionId=eid)["AutomationExecution"]["AutomationExecutionStatus"] != "Success":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        listed = httpx.get(url + "/_cumulo/ssm/automations").json()["automations"]
        assert listed[0]["executionId"] == eid and listed[0]["outputs"] == {"put.Version": ["1"]}
        while ssm.list_commands(CommandId=command_id)["Commands"][0]["Status"] != "Success":
            assert time.monotonic() < deadline
            time.sleep(0.05)
    with spawned_server(port, data_dir=str(tmp_path)):
        ssm = client()
        out = ssm.get_command_invocation(CommandId=command_id, InstanceId=instance["InstanceId"])
        assert (out["Status"], out["StandardOutputContent"]) == ("Success", "kept\n")
        assert ssm.describe_instance_information()["InstanceInformationList"] == []  # the setting is off now
        assert ssm.get_parameter(Name="/app/plain:first")["Parameter"]["Value"] == "one"
        assert ssm.get_parameter(Name="/app/plain")["Parameter"]["Version"] == 2
        assert ssm.get_parameter(Name="/app/secret", WithDecryption=True)["Parameter"]["Value"] == "s3cr3t"
        assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/app/secret")["TagList"] == [{"Key": "k", "Value": "v"}]
        assert json.loads(ssm.get_document(Name="runbook")["Content"]) == runbook
        assert ssm.get_maintenance_window(WindowId=wid)["Name"] == "win"
        assert ssm.describe_association(AssociationId=aid)["AssociationDescription"]["ScheduleExpression"] == "rate(1 day)"
        exe = ssm.get_automation_execution(AutomationExecutionId=eid)["AutomationExecution"]
        assert exe["AutomationExecutionStatus"] == "Success" and exe["Outputs"] == {"put.Version": ["1"]}
        assert ssm.get_parameter(Name="/from/runbook")["Parameter"]["Value"] == "x"


def test_introspection_lists_what_ran(cumulo: CumuloServer, ssm: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(cumulo.runtime.config, "ssm_local_instance", True)
    from cumulo.services.ssm.instances import local_id

    sent = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[local_id()], Parameters={"commands": ["echo seen"]})["Command"]
    deadline = time.monotonic() + 20
    while True:
        commands = httpx.get(cumulo.url + "/_cumulo/ssm/commands").json()["commands"]
        if commands and commands[0]["invocations"][0]["status"] == "Success":
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert commands[0]["commandId"] == sent["CommandId"] and commands[0]["invocations"][0]["stdout"] == "seen\n"
    ssm.put_parameter(Name="/p", Value="v", Type="SecureString")
    params = httpx.get(cumulo.url + "/_cumulo/ssm/parameters").json()["parameters"]
    assert params == [{"account": "000000000000", "region": "us-east-1", "name": "/p", "type": "SecureString", "version": 1, "tier": "Standard", "dataType": "text", "labels": {}}]


def test_aws_cli_parameters(cumulo: CumuloServer, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion = us-east-1\n")
    env = {**os.environ, "AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": os.devnull}

    def aws(*args: str) -> Any:
        done = subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, "--output", "json", *args],
                              env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    assert aws("ssm", "put-parameter", "--name", "/cli/db", "--value", "pw", "--type", "SecureString")["Version"] == 1
    aws("ssm", "put-parameter", "--name", "/cli/list", "--value", "a,b", "--type", "StringList")
    got = aws("ssm", "get-parameter", "--name", "/cli/db", "--with-decryption")["Parameter"]
    assert got["Value"] == "pw" and got["Type"] == "SecureString"
    by_path = aws("ssm", "get-parameters-by-path", "--path", "/cli", "--recursive", "--with-decryption")["Parameters"]
    assert {p["Name"]: p["Value"] for p in by_path} == {"/cli/db": "pw", "/cli/list": "a,b"}
    ami = aws("ssm", "get-parameters", "--names", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")["Parameters"][0]
    assert ami["Value"].startswith("ami-")
