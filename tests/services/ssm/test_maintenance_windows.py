"""Maintenance windows: stored and read back, validated, and running their tasks at their schedule on the clock."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_window_targets_tasks_read_back(ssm: Any) -> None:
    wid = ssm.create_maintenance_window(Name="nightly", Schedule="cron(0 2 ? * SUN *)", ScheduleTimezone="Europe/Paris",
                                        Duration=3, Cutoff=1, AllowUnassociatedTargets=False, Description="d",
                                        Tags=[{"Key": "team", "Value": "ops"}])["WindowId"]
    assert wid.startswith("mw-") and len(wid) == 20
    got = ssm.get_maintenance_window(WindowId=wid)
    assert (got["Name"], got["Schedule"], got["Duration"], got["Cutoff"], got["Enabled"], got["ScheduleTimezone"]) == ("nightly", "cron(0 2 ? * SUN *)", 3, 1, True, "Europe/Paris")
    assert got["NextExecutionTime"].endswith("Z")
    tid = ssm.register_target_with_maintenance_window(WindowId=wid, ResourceType="INSTANCE", Name="web",
                                                      Targets=[{"Key": "tag:role", "Values": ["web"]}], OwnerInformation="me")["WindowTargetId"]
    targets = ssm.describe_maintenance_window_targets(WindowId=wid)["Targets"]
    assert targets == [{"WindowId": wid, "WindowTargetId": tid, "ResourceType": "INSTANCE", "Targets": [{"Key": "tag:role", "Values": ["web"]}], "OwnerInformation": "me", "Name": "web"}]
    task = ssm.register_task_with_maintenance_window(
        WindowId=wid, TaskArn="AWS-RunShellScript", TaskType="RUN_COMMAND", Targets=[{"Key": "WindowTargetIds", "Values": [tid]}],
        Priority=2, MaxConcurrency="2", MaxErrors="1", Name="patch",
        TaskInvocationParameters={"RunCommand": {"Parameters": {"commands": ["echo hi"]}, "TimeoutSeconds": 600}})["WindowTaskId"]
    full = ssm.get_maintenance_window_task(WindowId=wid, WindowTaskId=task)
    assert full["TaskInvocationParameters"]["RunCommand"]["Parameters"] == {"commands": ["echo hi"]} and full["Priority"] == 2
    assert ssm.describe_maintenance_window_tasks(WindowId=wid)["Tasks"][0]["Type"] == "RUN_COMMAND"
    with pytest.raises(ClientError) as e:
        ssm.deregister_target_from_maintenance_window(WindowId=wid, WindowTargetId=tid, Safe=True)
    assert e.value.response["Error"]["Code"] == "TargetInUseException"
    ssm.update_maintenance_window(WindowId=wid, Enabled=False, Name="renamed")
    assert [w["Name"] for w in ssm.describe_maintenance_windows(Filters=[{"Key": "Enabled", "Values": ["false"]}])["WindowIdentities"]] == ["renamed"]
    for_target = ssm.describe_maintenance_windows_for_target(Targets=[{"Key": "tag:role", "Values": ["web"]}], ResourceType="INSTANCE")
    assert for_target["WindowIdentities"] == [{"WindowId": wid, "Name": "renamed"}]
    assert ssm.list_tags_for_resource(ResourceType="MaintenanceWindow", ResourceId=wid)["TagList"] == [{"Key": "team", "Value": "ops"}]
    assert ssm.delete_maintenance_window(WindowId=wid)["WindowId"] == wid
    with pytest.raises(ClientError) as e:
        ssm.get_maintenance_window(WindowId=wid)
    assert e.value.response["Error"]["Code"] == "DoesNotExistException"


def test_validation(ssm: Any) -> None:
    with pytest.raises(ClientError) as e:
        ssm.create_maintenance_window(Name="bad", Schedule="cron(nope)", Duration=2, Cutoff=1, AllowUnassociatedTargets=True)
    assert e.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as e:
        ssm.create_maintenance_window(Name="bad", Schedule="rate(1 day)", Duration=2, Cutoff=2, AllowUnassociatedTargets=True)
    assert e.value.response["Error"]["Code"] == "ValidationException"


def test_window_runs_automation_task_on_schedule(ssm: Any, cumulo_clock: Any) -> None:
    ssm.create_document(Name="mark", DocumentType="Automation", Content=json.dumps({
        "schemaVersion": "0.3", "parameters": {"Value": {"type": "String"}},
        "mainSteps": [{"name": "put", "action": "aws:executeAwsApi",
                       "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "/ran", "Value": "{{ Value }}", "Type": "String", "Overwrite": True}}],
    }))
    wid = ssm.create_maintenance_window(Name="hourly", Schedule="rate(1 hour)", Duration=1, Cutoff=0, AllowUnassociatedTargets=True)["WindowId"]
    ssm.register_task_with_maintenance_window(WindowId=wid, TaskArn="mark", TaskType="AUTOMATION",
                                              TaskInvocationParameters={"Automation": {"Parameters": {"Value": ["{{WINDOW_ID}}"]}}})
    assert ssm.describe_maintenance_window_executions(WindowId=wid)["WindowExecutions"] == []
    schedule = ssm.describe_maintenance_window_schedule(WindowId=wid, MaxResults=3)["ScheduledWindowExecutions"]
    assert len(schedule) == 3
    cumulo_clock.advance(3700)
    deadline = time.monotonic() + 20
    while True:
        runs = ssm.describe_maintenance_window_executions(WindowId=wid)["WindowExecutions"]
        if runs and runs[0]["Status"] not in ("PENDING", "IN_PROGRESS"):
            break
        assert time.monotonic() < deadline
        cumulo_clock.advance(31)
        time.sleep(0.05)
    assert runs[0]["Status"] == "SUCCESS"
    tasks = ssm.describe_maintenance_window_execution_tasks(WindowExecutionId=runs[0]["WindowExecutionId"])["WindowExecutionTaskIdentities"]
    assert tasks[0]["TaskType"] == "AUTOMATION" and tasks[0]["Status"] == "SUCCESS"
    invocations = ssm.describe_maintenance_window_execution_task_invocations(WindowExecutionId=runs[0]["WindowExecutionId"], TaskId=tasks[0]["TaskExecutionId"])
    execution_id = invocations["WindowExecutionTaskInvocationIdentities"][0]["ExecutionId"]
    deadline = time.monotonic() + 20
    while ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]["AutomationExecutionStatus"] != "Success":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert ssm.get_parameter(Name="/ran")["Parameter"]["Value"] == wid


def test_run_command_task_follows_the_command(ssm: Any, cumulo: Any, cumulo_clock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cumulo.runtime.config, "ssm_local_instance", True)
    from cumulo.services.ssm.instances import local_id

    wid = ssm.create_maintenance_window(Name="cmds", Schedule="rate(1 hour)", Duration=1, Cutoff=0, AllowUnassociatedTargets=False)["WindowId"]
    tid = ssm.register_target_with_maintenance_window(WindowId=wid, ResourceType="INSTANCE", Targets=[{"Key": "InstanceIds", "Values": [local_id()]}])["WindowTargetId"]
    for priority, command in ((1, "echo first"), (2, "exit 4")):
        ssm.register_task_with_maintenance_window(
            WindowId=wid, TaskArn="AWS-RunShellScript", TaskType="RUN_COMMAND", Priority=priority,
            Targets=[{"Key": "WindowTargetIds", "Values": [tid]}],
            TaskInvocationParameters={"RunCommand": {"Parameters": {"commands": [command]}}})
    cumulo_clock.advance(3700)
    deadline = time.monotonic() + 20
    while True:
        runs = ssm.describe_maintenance_window_executions(WindowId=wid)["WindowExecutions"]
        if runs and runs[0]["Status"] not in ("PENDING", "IN_PROGRESS"):
            break
        assert time.monotonic() < deadline
        cumulo_clock.advance(11)
        time.sleep(0.05)
    assert runs[0]["Status"] == "FAILED"
    tasks = ssm.describe_maintenance_window_execution_tasks(WindowExecutionId=runs[0]["WindowExecutionId"])["WindowExecutionTaskIdentities"]
    assert sorted(t["Status"] for t in tasks) == ["FAILED", "SUCCESS"]
    for task in tasks:
        invocation = ssm.describe_maintenance_window_execution_task_invocations(WindowExecutionId=runs[0]["WindowExecutionId"], TaskId=task["TaskExecutionId"])["WindowExecutionTaskInvocationIdentities"][0]
        out = ssm.get_command_invocation(CommandId=invocation["ExecutionId"], InstanceId=local_id())
        assert out["ResponseCode"] == (0 if task["Status"] == "SUCCESS" else 4)


def test_cutoff_stops_later_priorities(ssm: Any, cumulo_clock: Any) -> None:
    ssm.create_document(Name="nap", DocumentType="Automation", Content=json.dumps({
        "schemaVersion": "0.3", "mainSteps": [{"name": "nap", "action": "aws:sleep", "inputs": {"Duration": "PT2H"}}]}))
    wid = ssm.create_maintenance_window(Name="short", Schedule="rate(1 day)", Duration=2, Cutoff=1, AllowUnassociatedTargets=True)["WindowId"]
    first = ssm.register_task_with_maintenance_window(WindowId=wid, TaskArn="nap", TaskType="AUTOMATION", Priority=1)["WindowTaskId"]
    ssm.register_task_with_maintenance_window(WindowId=wid, TaskArn="nap", TaskType="AUTOMATION", Priority=2)
    cumulo_clock.advance(86400 + 20)
    deadline = time.monotonic() + 20
    while True:
        runs = ssm.describe_maintenance_window_executions(WindowId=wid)["WindowExecutions"]
        if runs:
            break
        assert time.monotonic() < deadline
        cumulo_clock.advance(11)
        time.sleep(0.05)
    execution_id = runs[0]["WindowExecutionId"]
    assert runs[0]["Status"] == "IN_PROGRESS", ssm.describe_maintenance_window_execution_tasks(WindowExecutionId=execution_id)
    assert len(ssm.get_maintenance_window_execution(WindowExecutionId=execution_id)["TaskIds"]) == 1  # priority 2 waits
    cumulo_clock.advance(2 * 3600 + 20)  # the first task's automation ends after the cutoff (1 hour in)
    deadline = time.monotonic() + 20
    while ssm.get_maintenance_window_execution(WindowExecutionId=execution_id)["Status"] == "IN_PROGRESS":
        assert time.monotonic() < deadline
        cumulo_clock.advance(11)
        time.sleep(0.05)
    tasks = ssm.describe_maintenance_window_execution_tasks(WindowExecutionId=execution_id)["WindowExecutionTaskIdentities"]
    assert sorted(t["Status"] for t in tasks) == ["CANCELLED", "SUCCESS"]
    assert ssm.get_maintenance_window_execution(WindowExecutionId=execution_id)["Status"] == "FAILED"
    assert first
