"""Stack sets deploy real stacks per account and region; drift detection reads resources
back through their own service; the registry, generated templates, aliases and events."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer
from tests.services.cloudformation.conftest import body, wait_stack

QUEUE = {"Parameters": {"Timeout": {"Type": "Number", "Default": "30"}},
         "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": {"Ref": "Timeout"}}}}}


def wait_operation(cfn: Any, name: str, op: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        got = cfn.describe_stack_set_operation(StackSetName=name, OperationId=op)["StackSetOperation"]
        if got["Status"] not in ("RUNNING", "QUEUED") or time.monotonic() > deadline:
            return got
        time.sleep(0.05)


def test_stack_set_instances_are_stacks_in_each_region(cumulo: CumuloServer, cfn: Any) -> None:
    cfn.create_stack_set(StackSetName="fleet", TemplateBody=body(QUEUE))
    op = cfn.create_stack_instances(StackSetName="fleet", Accounts=["000000000000"], Regions=["us-east-1", "eu-west-1"],
                                    ParameterOverrides=[{"ParameterKey": "Timeout", "ParameterValue": "50"}])["OperationId"]
    assert wait_operation(cfn, "fleet", op)["Status"] == "SUCCEEDED"
    results = cfn.list_stack_set_operation_results(StackSetName="fleet", OperationId=op)["Summaries"]
    assert sorted(r["Region"] for r in results) == ["eu-west-1", "us-east-1"] and {r["Status"] for r in results} == {"SUCCEEDED"}
    instance = cfn.describe_stack_instance(StackSetName="fleet", StackInstanceAccount="000000000000", StackInstanceRegion="eu-west-1")["StackInstance"]
    assert instance["Status"] == "CURRENT"
    eu_sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="eu-west-1")
    url = eu_sqs.list_queues()["QueueUrls"][0]
    assert eu_sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "50"
    eu_cfn = boto3.client("cloudformation", endpoint_url=cumulo.url, region_name="eu-west-1")
    assert eu_cfn.describe_stacks(StackName=instance["StackId"])["Stacks"][0]["StackName"].startswith("StackSet-fleet-")
    with pytest.raises(cfn.exceptions.StackSetNotEmptyException):
        cfn.delete_stack_set(StackSetName="fleet")
    op = cfn.delete_stack_instances(StackSetName="fleet", Accounts=["000000000000"], Regions=["us-east-1", "eu-west-1"], RetainStacks=False)["OperationId"]
    assert wait_operation(cfn, "fleet", op)["Status"] == "SUCCEEDED"
    assert "QueueUrls" not in eu_sqs.list_queues()
    cfn.delete_stack_set(StackSetName="fleet")
    with pytest.raises(cfn.exceptions.StackSetNotFoundException):
        cfn.describe_stack_set(StackSetName="fleet")


def test_drift_detection_sees_a_change_made_outside_the_stack(cfn: Any, sqs: Any, deploy: Any) -> None:
    deploy("drifty", QUEUE)
    url = cfn.describe_stack_resource(StackName="drifty", LogicalResourceId="Q")["StackResourceDetail"]["PhysicalResourceId"]
    detection = cfn.detect_stack_drift(StackName="drifty")["StackDriftDetectionId"]
    assert cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)["StackDriftStatus"] == "IN_SYNC"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "99"})
    drift = cfn.detect_stack_resource_drift(StackName="drifty", LogicalResourceId="Q")["StackResourceDrift"]
    assert drift["StackResourceDriftStatus"] == "MODIFIED"
    assert drift["PropertyDifferences"] == [{"PropertyPath": "/VisibilityTimeout", "ExpectedValue": "30", "ActualValue": "99", "DifferenceType": "NOT_EQUAL"}]
    cfn.detect_stack_drift(StackName="drifty")
    assert cfn.describe_stacks(StackName="drifty")["Stacks"][0]["DriftInformation"]["StackDriftStatus"] == "DRIFTED"
    sqs.delete_queue(QueueUrl=url)
    cfn.detect_stack_drift(StackName="drifty")
    drifts = cfn.describe_stack_resource_drifts(StackName="drifty", StackResourceDriftStatusFilters=["DELETED"])["StackResourceDrifts"]
    assert [d["LogicalResourceId"] for d in drifts] == ["Q"]


def test_registry_types(cfn: Any) -> None:
    public = cfn.list_types(Visibility="PUBLIC", Type="RESOURCE", Filters={"TypeNamePrefix": "AWS::SQS::"})["TypeSummaries"]
    assert {t["TypeName"] for t in public} >= {"AWS::SQS::Queue", "AWS::SQS::QueuePolicy"}
    ec2 = cfn.list_types(Visibility="PUBLIC", Type="RESOURCE", Filters={"TypeNamePrefix": "AWS::EC2::In"})["TypeSummaries"]
    described = cfn.describe_type(Type="RESOURCE", TypeName="AWS::SQS::Queue")
    schema = json.loads(described["Schema"])
    assert "/properties/QueueName" in schema["createOnlyProperties"] and "/properties/Arn" in schema["readOnlyProperties"]
    assert "AWS::EC2::Instance" in {t["TypeName"] for t in ec2}  # AWS's public types, whether or not cumulo provides them
    with pytest.raises(cfn.exceptions.TypeNotFoundException):
        cfn.describe_type(Type="RESOURCE", TypeName="My::Missing::Type")
    token = cfn.register_type(Type="RESOURCE", TypeName="My::Org::Thing", SchemaHandlerPackage="s3://b/pkg.zip")["RegistrationToken"]
    reg = cfn.describe_type_registration(RegistrationToken=token)
    assert reg["ProgressStatus"] == "COMPLETE" and reg["TypeVersionArn"].endswith("/00000001")
    cfn.register_type(Type="RESOURCE", TypeName="My::Org::Thing", SchemaHandlerPackage="s3://b/pkg2.zip")
    versions = cfn.list_type_versions(Type="RESOURCE", TypeName="My::Org::Thing")["TypeVersionSummaries"]
    assert [v["VersionId"] for v in versions] == ["00000001", "00000002"]
    cfn.set_type_default_version(Type="RESOURCE", TypeName="My::Org::Thing", VersionId="00000002")
    assert cfn.describe_type(Type="RESOURCE", TypeName="My::Org::Thing")["DefaultVersionId"] == "00000002"
    arn = cfn.set_type_configuration(Type="RESOURCE", TypeName="My::Org::Thing", Configuration='{"k": 1}')["ConfigurationArn"]
    assert arn.endswith("/configuration/default")
    private = cfn.list_types(Visibility="PRIVATE", Type="RESOURCE")["TypeSummaries"]
    assert [t["TypeName"] for t in private] == ["My::Org::Thing"]
    cfn.deregister_type(Type="RESOURCE", TypeName="My::Org::Thing")
    assert cfn.list_types(Visibility="PRIVATE", Type="RESOURCE")["TypeSummaries"] == []


def test_generated_template_reads_resources_back(cfn: Any, deploy: Any) -> None:
    deploy("gen", QUEUE)
    url = cfn.describe_stack_resource(StackName="gen", LogicalResourceId="Q")["StackResourceDetail"]["PhysicalResourceId"]
    scan = cfn.start_resource_scan()["ResourceScanId"]
    listed = cfn.list_resource_scan_resources(ResourceScanId=scan, ResourceTypePrefix="AWS::SQS")["Resources"]
    assert listed[0]["ResourceIdentifier"] == {"PhysicalResourceId": url} and listed[0]["ManagedByStack"] is True
    made = cfn.create_generated_template(GeneratedTemplateName="mine", Resources=[
        {"ResourceType": "AWS::SQS::Queue", "LogicalResourceId": "Copy", "ResourceIdentifier": {"QueueUrl": url}}])
    text = cfn.get_generated_template(GeneratedTemplateName=made["GeneratedTemplateId"], Format="JSON")["TemplateBody"]
    generated = json.loads(text)
    assert generated["Resources"]["Copy"]["Properties"]["VisibilityTimeout"] == "30"
    cfn.delete_generated_template(GeneratedTemplateName="mine")
    assert cfn.list_generated_templates()["Summaries"] == []


def test_alias_events_and_account_limits(cfn: Any, deploy: Any) -> None:
    stack = deploy("named", QUEUE)
    cfn.set_alias(StackName="named", AliasName="nickname")
    assert cfn.describe_stacks(StackName="nickname")["Stacks"][0]["StackId"] == stack["StackId"]
    cfn.remove_alias(AliasName="nickname")
    with pytest.raises(cfn.exceptions.ClientError):
        cfn.describe_stacks(StackName="nickname")
    events = cfn.describe_events(StackName="named")["OperationEvents"]
    assert events[-1]["ResourceStatus"] == "CREATE_IN_PROGRESS" and events[0]["ResourceStatus"] == "CREATE_COMPLETE"
    assert len({e["OperationId"] for e in events}) == 1
    assert {lim["Name"] for lim in cfn.describe_account_limits()["AccountLimits"]} >= {"StackLimit"}
    wait_stack(cfn, "named")
