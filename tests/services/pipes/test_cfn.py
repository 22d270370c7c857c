"""EventBridge Pipes' CloudFormation provider, driven directly (the stack engine's tests drive it in stacks)."""


import boto3

from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.sample_stack import deploy

ROLE = "arn:aws:iam::000000000000:role/pipes"


def test_pipe_create_update_delete(cumulo: CumuloServer) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    pipes = boto3.client("pipes", endpoint_url=cumulo.url, region_name="us-east-1")
    arns = []
    for name in ("src", "dst"):
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arns.append(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])
    props = {"Source": arns[0], "Target": arns[1], "RoleArn": ROLE, "DesiredState": "STOPPED",
             "SourceParameters": {"SqsQueueParameters": {"BatchSize": "5"}, "FilterCriteria": {"Filters": [{"Pattern": '{"body": [{"prefix": "a"}]}'}]}},
             "Tags": {"team": "a"}}
    ctx, pipe = make(cumulo, "AWS::Pipes::Pipe", props)
    got = pipes.describe_pipe(Name=pipe.physical_id)
    assert pipe.attributes["Arn"] == got["Arn"]
    # The attribute is the state at creation; the pipe moves on to its desired state meanwhile.
    assert pipe.attributes["CurrentState"] in ("CREATING", "STOPPED") and got["CurrentState"] in ("CREATING", "STOPPED")
    assert got["SourceParameters"]["SqsQueueParameters"]["BatchSize"] == 5 and got["Tags"] == {"team": "a"}
    new = {**props, "Description": "d", "Tags": {"team": "b"},
           "TargetParameters": {"InputTemplate": '{"b": <$.body>}'}}
    update(cumulo, "AWS::Pipes::Pipe", ctx, pipe.physical_id, new, props)
    got = pipes.describe_pipe(Name=pipe.physical_id)
    assert got["Description"] == "d" and got["TargetParameters"]["InputTemplate"] == '{"b": <$.body>}' and got["Tags"] == {"team": "b"}
    assert read(cumulo, "AWS::Pipes::Pipe", ctx, pipe.physical_id, new)["Source"] == arns[0]
    delete(cumulo, "AWS::Pipes::Pipe", ctx, pipe.physical_id, new)
    assert pipes.list_pipes()["Pipes"] == []


def test_sample_template_deploys(cumulo: CumuloServer) -> None:
    pipes = boto3.client("pipes", endpoint_url=cumulo.url, region_name="us-east-1")
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    stack = deploy(cumulo, "pipes.yaml")
    sink = sqs.get_queue_attributes(QueueUrl=stack.physical("Sink"), AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert pipes.describe_pipe(Name=stack.physical("Pipe"))["Target"] == sink
    stack.delete()
    assert pipes.list_pipes()["Pipes"] == []
