"""Terraform's aws_cloudformation_stack against cumulo: apply (a stack of SQS queues with
parameters, tags, outputs and an export), checks through boto3, plan without drift, an
in-place update through a parameter, destroy, and nothing left."""

from __future__ import annotations

from pathlib import Path

from cumulo.testing import CumuloServer
from tests.e2e.test_terraform import Stack, client, pytestmark  # noqa: F401 - the same skip condition


def test_cloudformation_stack(cumulo: CumuloServer, tmp_path: Path) -> None:
    cfn, sqs = client(cumulo, "cloudformation"), client(cumulo, "sqs")
    stack = Stack("cloudformation", tmp_path, cumulo.url)
    outputs = stack.apply()
    described = cfn.describe_stacks(StackName="tf-queues")["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE" and described["StackId"] == outputs["stack_id"]
    assert described["Tags"] == [{"Key": "team", "Value": "platform"}]
    url = outputs["jobs_url"]
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "30"
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"]["team"] == "platform"
    assert [e["Name"] for e in cfn.list_exports()["Exports"]] == ["tf-dead-arn"]
    stack.assert_no_drift()

    stack.apply(generation="2")
    assert cfn.describe_stacks(StackName="tf-queues")["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "60"
    stack.assert_no_drift()

    stack.destroy()
    assert cfn.describe_stacks(StackName=outputs["stack_id"])["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    assert "QueueUrls" not in sqs.list_queues()
