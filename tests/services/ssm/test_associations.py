"""State Manager associations: read back exactly, versions, and running AWS-RunShellScript on the local instance."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def test_create_read_update_delete(ssm: Any) -> None:
    d = ssm.create_association(Name="AWS-RunShellScript", AssociationName="hello", Targets=[{"Key": "tag:env", "Values": ["dev"]}],
                               Parameters={"commands": ["echo hi"]}, ScheduleExpression="rate(30 minutes)", MaxConcurrency="2",
                               MaxErrors="1", ComplianceSeverity="HIGH", ApplyOnlyAtCronInterval=True,
                               Tags=[{"Key": "k", "Value": "v"}])["AssociationDescription"]
    aid = d["AssociationId"]
    assert d["AssociationVersion"] == "1" and d["Overview"]["Status"] == "Pending" and d["DocumentVersion"] == "$DEFAULT"
    got = ssm.describe_association(AssociationId=aid)["AssociationDescription"]
    for key in ("AssociationName", "Targets", "Parameters", "ScheduleExpression", "MaxConcurrency", "MaxErrors", "ComplianceSeverity", "ApplyOnlyAtCronInterval"):
        assert got[key] == d[key]
    updated = ssm.update_association(AssociationId=aid, ScheduleExpression="cron(0 2 ? * SUN *)", ApplyOnlyAtCronInterval=True)["AssociationDescription"]
    assert updated["AssociationVersion"] == "2" and updated["ScheduleExpression"] == "cron(0 2 ? * SUN *)" and updated["AssociationName"] == "hello"
    versions = ssm.list_association_versions(AssociationId=aid)["AssociationVersions"]
    assert [v["AssociationVersion"] for v in versions] == ["1", "2"] and versions[0]["ScheduleExpression"] == "rate(30 minutes)"
    assert ssm.describe_association(AssociationId=aid, AssociationVersion="1")["AssociationDescription"]["ScheduleExpression"] == "rate(30 minutes)"
    listed = ssm.list_associations(AssociationFilterList=[{"key": "AssociationName", "value": "hello"}])["Associations"]
    assert [a["AssociationId"] for a in listed] == [aid]
    assert ssm.list_tags_for_resource(ResourceType="Association", ResourceId=aid)["TagList"] == [{"Key": "k", "Value": "v"}]
    ssm.delete_association(AssociationId=aid)
    with pytest.raises(ClientError) as e:
        ssm.describe_association(AssociationId=aid)
    assert e.value.response["Error"]["Code"] == "AssociationDoesNotExist"


def test_validation(ssm: Any) -> None:
    with pytest.raises(ClientError) as e:
        ssm.create_association(Name="no-such-doc", Targets=[{"Key": "InstanceIds", "Values": ["*"]}])
    assert e.value.response["Error"]["Code"] == "InvalidDocument"
    with pytest.raises(ClientError) as e:
        ssm.create_association(Name="AWS-RunShellScript", Targets=[{"Key": "InstanceIds", "Values": ["*"]}], ScheduleExpression="every day", Parameters={"commands": ["true"]})
    assert e.value.response["Error"]["Code"] == "InvalidSchedule"
    with pytest.raises(ClientError) as e:
        ssm.create_association(Name="AWS-RunShellScript", Targets=[{"Key": "InstanceIds", "Values": ["*"]}], Parameters={"bogus": ["x"]})
    assert e.value.response["Error"]["Code"] == "InvalidParameters"
    batch = ssm.create_association_batch(Entries=[
        {"Name": "AWS-RunShellScript", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "Parameters": {"commands": ["true"]}},
        {"Name": "missing-doc", "Targets": [{"Key": "InstanceIds", "Values": ["*"]}]},
    ])
    assert len(batch["Successful"]) == 1 and batch["Failed"][0]["Entry"]["Name"] == "missing-doc"


def test_runs_on_local_instance_now_and_on_schedule(ssm: Any, cumulo: CumuloServer, cumulo_clock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cumulo.runtime.config, "ssm_local_instance", True)
    from cumulo.services.ssm.instances import local_id

    aid = ssm.create_association(Name="AWS-RunShellScript", Targets=[{"Key": "InstanceIds", "Values": ["*"]}],
                                 Parameters={"commands": ["echo associated"]}, ScheduleExpression="rate(1 hour)")["AssociationDescription"]["AssociationId"]

    def executions() -> list[dict[str, Any]]:
        return list(ssm.describe_association_executions(AssociationId=aid)["AssociationExecutions"])

    deadline = time.monotonic() + 20
    while not executions() or executions()[0]["Status"] == "InProgress":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    first = executions()[0]
    assert first["Status"] == "Success"
    targets = ssm.describe_association_execution_targets(AssociationId=aid, ExecutionId=first["ExecutionId"])["AssociationExecutionTargets"]
    assert targets[0]["ResourceId"] == local_id() and targets[0]["OutputSource"]["OutputSourceType"] == "RunCommand"
    out = ssm.get_command_invocation(CommandId=targets[0]["OutputSource"]["OutputSourceId"], InstanceId=local_id())
    assert out["StandardOutputContent"] == "associated\n"
    assert ssm.describe_association(AssociationId=aid)["AssociationDescription"]["Overview"]["Status"] == "Success"
    status = ssm.describe_instance_associations_status(InstanceId=local_id())["InstanceAssociationStatusInfos"]
    assert status[0]["AssociationId"] == aid and status[0]["Status"] == "Success"
    cumulo_clock.advance(3601)
    deadline = time.monotonic() + 20
    while len(executions()) < 2:
        assert time.monotonic() < deadline
        cumulo_clock.advance(31)
        time.sleep(0.05)
    ssm.start_associations_once(AssociationIds=[aid])
    deadline = time.monotonic() + 20
    while len(executions()) < 3:
        assert time.monotonic() < deadline
        time.sleep(0.05)
