"""Systems Manager's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from typing import Any

import pytest

from cumulo.core.errors import AwsError
from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.sample_stack import deploy

COMMAND = {"schemaVersion": "2.2", "description": "d", "mainSteps": [
    {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["echo hi"]}}]}


def test_parameter(cumulo: CumuloServer, ssm: Any) -> None:
    props = {"Type": "String", "Value": "v1", "Tags": {"team": "a"}}
    ctx, made = make(cumulo, "AWS::SSM::Parameter", props)
    assert made.physical_id.startswith("CFN-Resource-") and made.attributes == {"Type": "String", "Value": "v1"}
    assert ssm.get_parameter(Name=made.physical_id)["Parameter"]["Value"] == "v1"
    assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=made.physical_id)["TagList"] == [{"Key": "team", "Value": "a"}]
    new = {"Type": "StringList", "Value": "a,b", "Description": "d"}
    after = update(cumulo, "AWS::SSM::Parameter", ctx, made.physical_id, new, props)
    got = ssm.get_parameter(Name=made.physical_id)["Parameter"]
    assert (got["Type"], got["Value"], got["Version"]) == ("StringList", "a,b", 2) and after.attributes["Value"] == "a,b"
    assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=made.physical_id)["TagList"] == []
    assert read(cumulo, "AWS::SSM::Parameter", ctx, made.physical_id, new)["Value"] == "a,b"
    delete(cumulo, "AWS::SSM::Parameter", ctx, made.physical_id, new)
    assert ssm.describe_parameters()["Parameters"] == []
    with pytest.raises(AwsError, match="SecureString"):
        make(cumulo, "AWS::SSM::Parameter", {"Type": "SecureString", "Value": "s"})
    assert ssm.describe_parameters()["Parameters"] == []


def test_document_and_association(cumulo: CumuloServer, ssm: Any) -> None:
    props = {"Content": COMMAND, "DocumentType": "Command", "Tags": [{"Key": "k", "Value": "v"}]}
    ctx, doc = make(cumulo, "AWS::SSM::Document", props)
    got = ssm.describe_document(Name=doc.physical_id)["Document"]
    assert got["DocumentType"] == "Command" and got["Tags"] == [{"Key": "k", "Value": "v"}]
    new = {**props, "Content": {**COMMAND, "description": "e"}}
    update(cumulo, "AWS::SSM::Document", ctx, doc.physical_id, new, props)
    got = ssm.describe_document(Name=doc.physical_id)["Document"]
    assert got["DefaultVersion"] == "2" and json.loads(ssm.get_document(Name=doc.physical_id)["Content"])["description"] == "e"
    assert read(cumulo, "AWS::SSM::Document", ctx, doc.physical_id, new)["Content"]["description"] == "e"

    aprops = {"Name": doc.physical_id, "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "ScheduleExpression": "rate(1 day)", "AssociationName": "assoc1"}
    actx, assoc = make(cumulo, "AWS::SSM::Association", aprops)
    got = ssm.describe_association(AssociationId=assoc.physical_id)["AssociationDescription"]
    assert assoc.attributes["AssociationId"] == assoc.physical_id and got["AssociationName"] == "assoc1"
    update(cumulo, "AWS::SSM::Association", actx, assoc.physical_id, {**aprops, "ScheduleExpression": "rate(2 days)"}, aprops)
    assert ssm.describe_association(AssociationId=assoc.physical_id)["AssociationDescription"]["ScheduleExpression"] == "rate(2 days)"
    delete(cumulo, "AWS::SSM::Association", actx, assoc.physical_id, aprops)
    assert ssm.list_associations()["Associations"] == []
    delete(cumulo, "AWS::SSM::Document", ctx, doc.physical_id, new)
    assert ssm.list_documents(Filters=[{"Key": "Owner", "Values": ["Self"]}])["DocumentIdentifiers"] == []


def test_maintenance_window_target_and_task(cumulo: CumuloServer, ssm: Any) -> None:
    wprops = {"Name": "window", "Schedule": "cron(0 2 ? * SUN *)", "Duration": "3", "Cutoff": 1, "AllowUnassociatedTargets": "false"}
    ctx, window = make(cumulo, "AWS::SSM::MaintenanceWindow", wprops)
    assert ssm.get_maintenance_window(WindowId=window.physical_id)["Duration"] == 3 and window.attributes["WindowId"] == window.physical_id
    update(cumulo, "AWS::SSM::MaintenanceWindow", ctx, window.physical_id, {**wprops, "Duration": 4}, wprops)
    assert ssm.get_maintenance_window(WindowId=window.physical_id)["Duration"] == 4
    assert read(cumulo, "AWS::SSM::MaintenanceWindow", ctx, window.physical_id, {})["Duration"] == 4

    tprops = {"WindowId": window.physical_id, "ResourceType": "INSTANCE", "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "Name": "target"}
    tctx, target = make(cumulo, "AWS::SSM::MaintenanceWindowTarget", tprops)
    assert [t["WindowTargetId"] for t in ssm.describe_maintenance_window_targets(WindowId=window.physical_id)["Targets"]] == [target.physical_id]

    kprops = {"WindowId": window.physical_id, "TaskArn": "AWS-RunShellScript", "TaskType": "RUN_COMMAND", "Priority": "1",
              "MaxConcurrency": "1", "MaxErrors": "1", "Targets": [{"Key": "WindowTargetIds", "Values": [target.physical_id]}],
              "TaskInvocationParameters": {"MaintenanceWindowRunCommandParameters": {"Parameters": {"commands": ["echo hi"]}}}}
    kctx, task = make(cumulo, "AWS::SSM::MaintenanceWindowTask", kprops)
    got = ssm.get_maintenance_window_task(WindowId=window.physical_id, WindowTaskId=task.physical_id)
    assert got["TaskInvocationParameters"]["RunCommand"]["Parameters"] == {"commands": ["echo hi"]} and got["Priority"] == 1
    update(cumulo, "AWS::SSM::MaintenanceWindowTask", kctx, task.physical_id, {**kprops, "Priority": 5}, kprops)
    assert ssm.get_maintenance_window_task(WindowId=window.physical_id, WindowTaskId=task.physical_id)["Priority"] == 5

    delete(cumulo, "AWS::SSM::MaintenanceWindowTask", kctx, task.physical_id, kprops)
    delete(cumulo, "AWS::SSM::MaintenanceWindowTarget", tctx, target.physical_id, tprops)
    assert ssm.describe_maintenance_window_targets(WindowId=window.physical_id)["Targets"] == []
    delete(cumulo, "AWS::SSM::MaintenanceWindow", ctx, window.physical_id, wprops)
    assert ssm.describe_maintenance_windows()["WindowIdentities"] == []


def test_patch_baseline_data_sync_and_policy(cumulo: CumuloServer, ssm: Any) -> None:
    props = {"Name": "baseline", "OperatingSystem": "AMAZON_LINUX_2", "PatchGroups": ["web"], "ApprovalRules": {"PatchRules": [
        {"PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Security"]}]}, "ApproveAfterDays": "7"}]}}
    ctx, baseline = make(cumulo, "AWS::SSM::PatchBaseline", props)
    got = ssm.get_patch_baseline(BaselineId=baseline.physical_id)
    assert baseline.attributes["Id"] == got["BaselineId"] and got["PatchGroups"] == ["web"] and got["ApprovalRules"]["PatchRules"][0]["ApproveAfterDays"] == 7
    update(cumulo, "AWS::SSM::PatchBaseline", ctx, baseline.physical_id, {**props, "PatchGroups": ["db"], "Description": "d"}, props)
    got = ssm.get_patch_baseline(BaselineId=baseline.physical_id)
    assert got["PatchGroups"] == ["db"] and got["Description"] == "d"
    delete(cumulo, "AWS::SSM::PatchBaseline", ctx, baseline.physical_id, {**props, "PatchGroups": ["db"]})
    assert baseline.physical_id not in [b["BaselineId"] for b in ssm.describe_patch_baselines()["BaselineIdentities"]]

    sprops = {"SyncName": "s", "BucketName": "inv", "BucketRegion": "us-east-1", "SyncFormat": "JsonSerDe"}
    sctx, sync = make(cumulo, "AWS::SSM::ResourceDataSync", sprops)
    got = ssm.list_resource_data_sync()["ResourceDataSyncItems"]
    assert sync.physical_id == "s" and got[0]["S3Destination"]["BucketName"] == "inv"
    delete(cumulo, "AWS::SSM::ResourceDataSync", sctx, "s", sprops)
    assert ssm.list_resource_data_sync()["ResourceDataSyncItems"] == []
    nested = {"SyncName": "n", "S3Destination": {"BucketName": "inv", "BucketRegion": "us-east-1", "SyncFormat": "JsonSerDe", "BucketPrefix": "p/"}}
    nctx, _ = make(cumulo, "AWS::SSM::ResourceDataSync", nested)
    got = ssm.list_resource_data_sync()["ResourceDataSyncItems"][0]["S3Destination"]
    assert (got["BucketName"], got["Prefix"], got["Region"]) == ("inv", "p/", "us-east-1")
    delete(cumulo, "AWS::SSM::ResourceDataSync", nctx, "n", nested)

    ssm.put_parameter(Name="/shared", Value="x", Type="String", Tier="Advanced")
    arn = "arn:aws:ssm:us-east-1:000000000000:parameter/shared"
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ssm:GetParameter", "Resource": arn}]}
    pctx, policy = make(cumulo, "AWS::SSM::ResourcePolicy", {"ResourceArn": arn, "Policy": doc})
    got = ssm.get_resource_policies(ResourceArn=arn)["Policies"]
    assert [(p["PolicyId"], p["PolicyHash"]) for p in got] == [(policy.physical_id, policy.attributes["PolicyHash"])]
    doc2 = {**doc, "Statement": [{**doc["Statement"][0], "Action": "ssm:GetParameters"}]}
    after = update(cumulo, "AWS::SSM::ResourcePolicy", pctx, policy.physical_id, {"ResourceArn": arn, "Policy": doc2}, {})
    assert ssm.get_resource_policies(ResourceArn=arn)["Policies"][0]["PolicyHash"] == after.attributes["PolicyHash"]
    delete(cumulo, "AWS::SSM::ResourcePolicy", pctx, policy.physical_id, {"ResourceArn": arn})
    assert ssm.get_resource_policies(ResourceArn=arn).get("Policies", []) == []


def test_sample_template_deploys(cumulo: CumuloServer, ssm: Any) -> None:
    stack = deploy(cumulo, "ssm.yaml")
    assert {r["Type"] for r in stack.template["Resources"].values()} == {t for t in resource_types() if t.startswith("AWS::SSM::")}
    assert ssm.get_parameter(Name="/sample/endpoint")["Parameter"]["Value"] == "https://example.com"
    stack.delete()
    assert ssm.describe_parameters()["Parameters"] == [] and ssm.describe_maintenance_windows()["WindowIdentities"] == []
