"""SQS's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from typing import Any

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision


def test_queue_create_update_read_delete(cumulo: CumuloServer, sqs: Any) -> None:
    types = resource_types()
    queue_type = types["AWS::SQS::Queue"]
    ctx, made = cumulo.run(provision(cumulo.runtime, "AWS::SQS::Queue", {"VisibilityTimeout": "45", "Tags": [{"Key": "team", "Value": "a"}]}))
    assert made.physical_id == sqs.get_queue_url(QueueName=made.attributes["QueueName"])["QueueUrl"]
    assert made.attributes["QueueName"].startswith("stack-Resource-")
    assert made.attributes["Arn"].endswith(":" + made.attributes["QueueName"])
    assert sqs.get_queue_attributes(QueueUrl=made.physical_id, AttributeNames=["VisibilityTimeout"])["Attributes"] == {"VisibilityTimeout": "45"}
    assert sqs.list_queue_tags(QueueUrl=made.physical_id)["Tags"] == {"team": "a"}

    old = {"VisibilityTimeout": "45", "Tags": [{"Key": "team", "Value": "a"}]}
    new = {"DelaySeconds": 5, "RedrivePolicy": {"deadLetterTargetArn": made.attributes["Arn"], "maxReceiveCount": 3}}
    cumulo.run(queue_type.update(ctx, made.physical_id, new, old))
    attrs = sqs.get_queue_attributes(QueueUrl=made.physical_id, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "30" and attrs["DelaySeconds"] == "5"
    assert json.loads(attrs["RedrivePolicy"])["maxReceiveCount"] == 3
    assert sqs.list_queue_tags(QueueUrl=made.physical_id).get("Tags", {}) == {}
    assert cumulo.run(queue_type.read(ctx, made.physical_id, new))["DelaySeconds"] == "5"

    cumulo.run(queue_type.delete(ctx, made.physical_id, new))
    cumulo.run(queue_type.delete(ctx, made.physical_id, new))  # already gone: no error
    assert "QueueUrls" not in sqs.list_queues()


def test_fifo_queue_name_and_policy(cumulo: CumuloServer, sqs: Any) -> None:
    _, made = cumulo.run(provision(cumulo.runtime, "AWS::SQS::Queue", {"FifoQueue": "true", "ContentBasedDeduplication": True}))
    assert made.attributes["QueueName"].endswith(".fifo")
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]}
    ctx, policy = cumulo.run(provision(cumulo.runtime, "AWS::SQS::QueuePolicy", {"Queues": [made.physical_id], "PolicyDocument": doc}))
    assert json.loads(sqs.get_queue_attributes(QueueUrl=made.physical_id, AttributeNames=["Policy"])["Attributes"]["Policy"]) == doc
    cumulo.run(resource_types()["AWS::SQS::QueuePolicy"].delete(ctx, policy.physical_id, {"Queues": [made.physical_id]}))
    assert "Policy" not in sqs.get_queue_attributes(QueueUrl=made.physical_id, AttributeNames=["Policy"]).get("Attributes", {})
