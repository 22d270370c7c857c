"""Change sets through boto3, and `aws cloudformation deploy` (the CLI's change-set flow)
against the live server."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from cumulo.testing import CumuloServer
from tests.services.cloudformation.conftest import body, wait_stack

QUEUES = {
    "Parameters": {"Timeout": {"Type": "Number", "Default": "30"}},
    "Resources": {
        "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": {"Ref": "Timeout"}}},
        "Dead": {"Type": "AWS::SQS::Queue"},
    },
    "Outputs": {"JobsArn": {"Value": {"Fn::GetAtt": ["Jobs", "Arn"]}}},
}


def test_create_change_set_reviews_then_executes(cfn: Any, sqs: Any) -> None:
    made = cfn.create_change_set(StackName="cs", ChangeSetName="first", ChangeSetType="CREATE", TemplateBody=body(QUEUES))
    stack = cfn.describe_stacks(StackName="cs")["Stacks"][0]
    assert stack["StackStatus"] == "REVIEW_IN_PROGRESS" and stack["StackId"] == made["StackId"]
    described = cfn.describe_change_set(ChangeSetName=made["Id"])
    assert described["Status"] == "CREATE_COMPLETE" and described["ExecutionStatus"] == "AVAILABLE"
    assert sorted((c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"]) for c in described["Changes"]) == [
        ("Add", "Dead"), ("Add", "Jobs")]
    assert cfn.list_change_sets(StackName="cs")["Summaries"][0]["ChangeSetName"] == "first"
    cfn.execute_change_set(ChangeSetName="first", StackName="cs")
    stack = wait_stack(cfn, "cs")
    assert stack["StackStatus"] == "CREATE_COMPLETE" and stack["ChangeSetId"] == made["Id"]
    assert len(sqs.list_queues()["QueueUrls"]) == 2
    assert cfn.describe_change_set(ChangeSetName=made["Id"])["ExecutionStatus"] == "EXECUTE_COMPLETE"
    with pytest.raises(cfn.exceptions.InvalidChangeSetStatusException):
        cfn.execute_change_set(ChangeSetName=made["Id"])


def test_update_change_set_details_and_replacement(cfn: Any, deploy: Any) -> None:
    deploy("upd", QUEUES)
    changed = json.loads(json.dumps(QUEUES))
    changed["Resources"]["Dead"]["Properties"] = {"FifoQueue": True}  # replaces
    changed["Resources"]["Extra"] = {"Type": "AWS::SQS::Queue"}
    cs = cfn.create_change_set(StackName="upd", ChangeSetName="two", TemplateBody=body(changed),
                               Parameters=[{"ParameterKey": "Timeout", "ParameterValue": "60"}])
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in cfn.describe_change_set(ChangeSetName=cs["Id"])["Changes"]}
    assert changes["Extra"]["Action"] == "Add"
    assert changes["Dead"]["Action"] == "Modify" and changes["Dead"]["Replacement"] == "True"
    assert changes["Dead"]["Details"][0]["Target"] == {"Attribute": "Properties", "Name": "FifoQueue", "RequiresRecreation": "Always"}
    jobs = changes["Jobs"]
    assert jobs["Replacement"] == "False"
    assert jobs["Details"][0]["ChangeSource"] == "ParameterReference" and jobs["Details"][0]["CausingEntity"] == "Timeout"
    cfn.execute_change_set(ChangeSetName=cs["Id"])
    assert wait_stack(cfn, "upd")["StackStatus"] == "UPDATE_COMPLETE"


def test_no_changes_fails_the_change_set_with_aws_reason(cfn: Any, deploy: Any) -> None:
    deploy("same", QUEUES)
    cs = cfn.create_change_set(StackName="same", ChangeSetName="noop", TemplateBody=body(QUEUES))
    described = cfn.describe_change_set(ChangeSetName=cs["Id"])
    assert described["Status"] == "FAILED" and described["ExecutionStatus"] == "UNAVAILABLE"
    assert described["StatusReason"].startswith("The submitted information didn't contain changes.")
    cfn.delete_change_set(ChangeSetName=cs["Id"])
    with pytest.raises(cfn.exceptions.ChangeSetNotFoundException):
        cfn.describe_change_set(ChangeSetName=cs["Id"])


def test_deleting_a_change_set_the_stack_does_not_have_succeeds(cfn: Any, deploy: Any) -> None:
    # What the CDK does before every deploy of a deployed stack ("Removing existing change set ... if it exists").
    stack_id = deploy("cdk-like", QUEUES)["StackId"]
    cfn.delete_change_set(StackName="cdk-like", ChangeSetName="cdk-deploy-change-set")
    cfn.delete_change_set(StackName=stack_id, ChangeSetName="cdk-deploy-change-set")
    with pytest.raises(cfn.exceptions.ClientError, match=r"ValidationError.*Stack \[nonesuch\] does not exist"):
        cfn.delete_change_set(StackName="nonesuch", ChangeSetName="cdk-deploy-change-set")
    with pytest.raises(cfn.exceptions.ChangeSetNotFoundException):
        cfn.delete_change_set(ChangeSetName=f"arn:aws:cloudformation:us-east-1:000000000000:changeSet/gone/{stack_id.rsplit('/', 1)[1]}")
    cfn.create_change_set(StackName="cdk-like", ChangeSetName="cdk-deploy-change-set", TemplateBody=body(QUEUES))
    cfn.delete_change_set(StackName="cdk-like", ChangeSetName="cdk-deploy-change-set")
    assert cfn.list_change_sets(StackName="cdk-like")["Summaries"] == []


def _aws(cumulo: CumuloServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    return subprocess.run(["aws", "--endpoint-url", cumulo.url, "--output", "json", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def _next_second() -> None:
    """The CLI names its change set after the current second: two deploys of one stack within a
    second collide (AlreadyExistsException), on AWS as here. Let the second turn."""
    began = int(time.time())
    while int(time.time()) == began:
        time.sleep(0.05)


def test_aws_cloudformation_deploy_update_and_delete(cumulo: CumuloServer, cfn: Any, sqs: Any, tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        "Parameters:\n  Timeout:\n    Type: Number\n    Default: 30\n"
        "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: !Ref Timeout\n"
        "Outputs:\n  Url:\n    Value: !Ref Jobs\n")
    done = _aws(cumulo, "cloudformation", "deploy", "--stack-name", "cli", "--template-file", str(path), "--tags", "team=a")
    assert done.returncode == 0, done.stderr
    stack = cfn.describe_stacks(StackName="cli")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE" and stack["Tags"] == [{"Key": "team", "Value": "a"}]
    url = stack["Outputs"][0]["OutputValue"]
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"]["team"] == "a"

    _next_second()
    done = _aws(cumulo, "cloudformation", "deploy", "--stack-name", "cli", "--template-file", str(path),
                "--parameter-overrides", "Timeout=90")
    assert done.returncode == 0, done.stderr
    assert cfn.describe_stacks(StackName="cli")["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "90"

    _next_second()
    done = _aws(cumulo, "cloudformation", "deploy", "--stack-name", "cli", "--template-file", str(path),
                "--parameter-overrides", "Timeout=90", "--no-fail-on-empty-changeset")
    assert done.returncode == 0 and "No changes to deploy" in done.stdout + done.stderr, done.stdout + done.stderr

    assert _aws(cumulo, "cloudformation", "delete-stack", "--stack-name", "cli").returncode == 0
    assert _aws(cumulo, "cloudformation", "wait", "stack-delete-complete", "--stack-name", "cli").returncode == 0
    assert "QueueUrls" not in sqs.list_queues()


def test_import_change_set_adopts_an_existing_queue(cfn: Any, sqs: Any) -> None:
    url = sqs.create_queue(QueueName="adopted", Attributes={"VisibilityTimeout": "40"})["QueueUrl"]
    tpl = {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "DeletionPolicy": "Retain", "Properties": {"QueueName": "adopted"}}},
           "Outputs": {"Url": {"Value": {"Ref": "Q"}}}}
    with pytest.raises(cfn.exceptions.ClientError, match="must have DeletionPolicy"):
        cfn.create_change_set(StackName="adopt", ChangeSetName="imp", ChangeSetType="IMPORT",
                              TemplateBody=body({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}),
                              ResourcesToImport=[{"ResourceType": "AWS::SQS::Queue", "LogicalResourceId": "Q", "ResourceIdentifier": {"QueueUrl": url}}])
    cs = cfn.create_change_set(StackName="adopt", ChangeSetName="imp", ChangeSetType="IMPORT", TemplateBody=body(tpl),
                               ResourcesToImport=[{"ResourceType": "AWS::SQS::Queue", "LogicalResourceId": "Q", "ResourceIdentifier": {"QueueUrl": url}}])
    change = cfn.describe_change_set(ChangeSetName=cs["Id"])["Changes"][0]["ResourceChange"]
    assert (change["Action"], change["LogicalResourceId"], change["PhysicalResourceId"]) == ("Import", "Q", url)
    cfn.execute_change_set(ChangeSetName=cs["Id"])
    stack = wait_stack(cfn, "adopt")
    assert stack["StackStatus"] == "IMPORT_COMPLETE" and stack["Outputs"][0]["OutputValue"] == url
    assert cfn.describe_stack_resource(StackName="adopt", LogicalResourceId="Q")["StackResourceDetail"]["PhysicalResourceId"] == url
    cfn.delete_stack(StackName="adopt")
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert sqs.get_queue_url(QueueName="adopted")["QueueUrl"] == url  # retained


def test_import_of_a_missing_resource_rolls_back(cfn: Any) -> None:
    tpl = {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "DeletionPolicy": "Retain"}}}
    cs = cfn.create_change_set(StackName="ghost", ChangeSetName="imp", ChangeSetType="IMPORT", TemplateBody=body(tpl),
                               ResourcesToImport=[{"ResourceType": "AWS::SQS::Queue", "LogicalResourceId": "Q",
                                                   "ResourceIdentifier": {"QueueUrl": "http://localhost/000000000000/none"}}])
    cfn.execute_change_set(ChangeSetName=cs["Id"])
    assert wait_stack(cfn, "ghost")["StackStatus"] == "IMPORT_ROLLBACK_COMPLETE"
    assert cfn.describe_stack_resources(StackName="ghost")["StackResources"] == []


def test_sam_transform_in_a_change_set_as_sam_deploy_does(cfn: Any, sqs: Any) -> None:
    # SAM's flow: a CREATE change set on a REVIEW_IN_PROGRESS stack, the transform run by
    # AWS's own translator; no CAPABILITY_AUTO_EXPAND is needed for a change set.
    template = ("Transform: AWS::Serverless-2016-10-31\n"
                "Parameters:\n  Stage: {Type: String, Default: dev}\n"
                "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub 'sam-${Stage}'\n"
                "Outputs:\n  Url:\n    Value: !Ref Jobs\n")
    cs = cfn.create_change_set(StackName="sam-app", ChangeSetName="samcli-deploy1", ChangeSetType="CREATE", TemplateBody=template)
    cfn.execute_change_set(ChangeSetName=cs["Id"])
    stack = wait_stack(cfn, "sam-app")
    assert stack["StackStatus"] == "CREATE_COMPLETE" and stack["Outputs"][0]["OutputValue"].endswith("/sam-dev")
    assert cfn.get_template(StackName="sam-app", TemplateStage="Original")["TemplateBody"] == template
    assert "Transform" not in cfn.get_template(StackName="sam-app", TemplateStage="Processed")["TemplateBody"]
    assert cfn.get_template_summary(StackName="sam-app")["DeclaredTransforms"] == ["AWS::Serverless-2016-10-31"]
