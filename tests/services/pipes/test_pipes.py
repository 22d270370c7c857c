"""Pipes: SQS through a Lambda enrichment to an event bus, filters, input templates,
DynamoDB Streams sources, states on the clock, tags."""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::000000000000:role/pipes"


@pytest.fixture
def clients(cumulo):
    def make(name: str) -> Any:
        return boto3.client(name, endpoint_url=cumulo.url, region_name="us-east-1")

    return make


@pytest.fixture
def queue(clients):
    sqs = clients("sqs")

    def make(name: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    return make


def wait_for(clients, url: str, cumulo_clock, count: int = 1) -> list[dict[str, Any]]:
    sqs = clients("sqs")
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + 30
    while len(got) < count and time.monotonic() < deadline:
        cumulo_clock.advance(1)
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            got.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        time.sleep(0.02)
    return got


def running(pipes, name, cumulo_clock):
    for _ in range(5):
        if pipes.describe_pipe(Name=name)["CurrentState"] == "RUNNING":
            return
        cumulo_clock.advance(1)
    raise AssertionError(pipes.describe_pipe(Name=name))


def test_sqs_through_lambda_enrichment_to_an_event_bus(clients, queue, cumulo_clock):
    lam, events, pipes, sqs = clients("lambda"), clients("events"), clients("pipes"), clients("sqs")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "import json\ndef handler(event, context):\n"
                             "    return [{'order': json.loads(r['body'])['order'], 'enriched': True} for r in event]\n")
    fn = lam.create_function(FunctionName="enrich", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                             Code={"ZipFile": buf.getvalue()})
    source_url, source_arn = queue("orders")
    out_url, out_arn = queue("out")
    events.create_event_bus(Name="orders-bus")
    events.put_rule(Name="from-pipe", EventBusName="orders-bus", EventPattern='{"source": ["Pipe orders-pipe"]}')
    events.put_targets(Rule="from-pipe", EventBusName="orders-bus", Targets=[{"Id": "q", "Arn": out_arn}])
    created = pipes.create_pipe(Name="orders-pipe", RoleArn=ROLE, Source=source_arn, Enrichment=fn["FunctionArn"],
                                Target="arn:aws:events:us-east-1:000000000000:event-bus/orders-bus",
                                SourceParameters={"FilterCriteria": {"Filters": [{"Pattern": '{"body": {"order": [{"numeric": [">", 10]}]}}'}]},
                                                  "SqsQueueParameters": {"BatchSize": 5}})
    assert created["CurrentState"] == "CREATING" and created["DesiredState"] == "RUNNING"
    running(pipes, "orders-pipe", cumulo_clock)
    sqs.send_message(QueueUrl=source_url, MessageBody=json.dumps({"order": 5}))
    sqs.send_message(QueueUrl=source_url, MessageBody=json.dumps({"order": 42}))
    [event] = wait_for(clients, out_url, cumulo_clock)
    assert event["source"] == "Pipe orders-pipe" and event["detail-type"] == "Event from aws:sqs"
    assert event["detail"] == {"order": 42, "enriched": True}
    # The filtered-out message was deleted, not left to come back.
    cumulo_clock.advance(60)
    assert sqs.receive_message(QueueUrl=source_url).get("Messages") is None


def test_input_template_and_stopping(clients, queue, cumulo_clock):
    pipes, sqs = clients("pipes"), clients("sqs")
    source_url, source_arn = queue("in")
    out_url, out_arn = queue("out")
    pipes.create_pipe(Name="p", RoleArn=ROLE, Source=source_arn, Target=out_arn,
                      TargetParameters={"InputTemplate": '{"id": <$.messageId>, "who": "<$.body.name> via <aws.pipes.pipe-name>"}'})
    running(pipes, "p", cumulo_clock)
    message_id = sqs.send_message(QueueUrl=source_url, MessageBody='{"name": "ada"}')["MessageId"]
    [out] = wait_for(clients, out_url, cumulo_clock)
    assert out == {"id": message_id, "who": "ada via p"}
    assert pipes.stop_pipe(Name="p")["CurrentState"] == "STOPPING"
    cumulo_clock.advance(1)
    assert pipes.describe_pipe(Name="p")["CurrentState"] == "STOPPED"
    sqs.send_message(QueueUrl=source_url, MessageBody='{"name": "bob"}')
    cumulo_clock.advance(2)
    assert sqs.get_queue_attributes(QueueUrl=source_url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"] == "1"
    pipes.start_pipe(Name="p")
    assert len(wait_for(clients, out_url, cumulo_clock)) == 1


def test_dynamodb_stream_source(clients, queue, cumulo_clock):
    ddb, pipes = clients("dynamodb"), clients("pipes")
    table = ddb.create_table(TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    stream_arn = table["TableDescription"]["LatestStreamArn"]
    out_url, out_arn = queue("changes")
    pipes.create_pipe(Name="ddb", RoleArn=ROLE, Source=stream_arn, Target=out_arn,
                      SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "TRIM_HORIZON", "BatchSize": 10},
                                        "FilterCriteria": {"Filters": [{"Pattern": '{"eventName": ["INSERT"]}'}]}})
    ddb.put_item(TableName="t", Item={"pk": {"S": "a"}})
    ddb.put_item(TableName="t", Item={"pk": {"S": "a"}, "v": {"N": "1"}})  # MODIFY: filtered out
    ddb.put_item(TableName="t", Item={"pk": {"S": "b"}})
    got = wait_for(clients, out_url, cumulo_clock, count=2)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in got] == ["a", "b"]
    assert {r["eventName"] for r in got} == {"INSERT"} and got[0]["eventSourceARN"] == stream_arn


def test_crud_errors_and_tags(clients, queue):
    pipes = clients("pipes")
    _, source_arn = queue("in")
    _, out_arn = queue("out")
    arn = pipes.create_pipe(Name="p", RoleArn=ROLE, Source=source_arn, Target=out_arn, DesiredState="STOPPED",
                            Tags={"a": "1"})["Arn"]
    with pytest.raises(ClientError) as caught:
        pipes.create_pipe(Name="p", RoleArn=ROLE, Source=source_arn, Target=out_arn)
    assert caught.value.response["Error"]["Code"] == "ConflictException"
    with pytest.raises(ClientError) as caught:
        pipes.create_pipe(Name="bad", RoleArn=ROLE, Source=source_arn, Target=out_arn,
                          SourceParameters={"FilterCriteria": {"Filters": [{"Pattern": "[1]"}]}})
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    pipes.tag_resource(resourceArn=arn, tags={"b": "2"})
    pipes.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert pipes.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert [p["Name"] for p in pipes.list_pipes(DesiredState="STOPPED")["Pipes"]] == ["p"]
    updated = pipes.update_pipe(Name="p", RoleArn=ROLE, Description="d", DesiredState="RUNNING")
    assert updated["CurrentState"] == "UPDATING"
    assert pipes.describe_pipe(Name="p")["Description"] == "d"
    assert pipes.delete_pipe(Name="p")["CurrentState"] == "DELETING"
    with pytest.raises(ClientError) as caught:
        pipes.describe_pipe(Name="p")
    assert caught.value.response["Error"]["Code"] == "NotFoundException"


def test_kinesis_stream_source(clients, queue, cumulo_clock):
    kinesis, pipes = clients("kinesis"), clients("pipes")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream_arn = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]["StreamARN"]
    out_url, out_arn = queue("clicks-out")
    pipes.create_pipe(Name="k", RoleArn=ROLE, Source=stream_arn, Target=out_arn,
                      SourceParameters={"KinesisStreamParameters": {"StartingPosition": "TRIM_HORIZON", "BatchSize": 10}})
    kinesis.put_record(StreamName="clicks", Data=b'{"page": "/"}', PartitionKey="u-1")
    [record] = wait_for(clients, out_url, cumulo_clock)
    assert record["partitionKey"] == "u-1" and record["eventSource"] == "aws:kinesis"
    import base64

    assert json.loads(base64.b64decode(record["data"])) == {"page": "/"}


def test_a_kinesis_source_keeps_its_position_across_batches(clients, queue, cumulo_clock):
    kinesis, pipes = clients("kinesis"), clients("pipes")
    kinesis.create_stream(StreamName="more", ShardCount=1)
    stream_arn = kinesis.describe_stream_summary(StreamName="more")["StreamDescriptionSummary"]["StreamARN"]
    out_url, out_arn = queue("more-out")
    pipes.create_pipe(Name="k2", RoleArn=ROLE, Source=stream_arn, Target=out_arn,
                      SourceParameters={"KinesisStreamParameters": {"StartingPosition": "TRIM_HORIZON", "BatchSize": 10}})
    kinesis.put_record(StreamName="more", Data=b'{"n": 1}', PartitionKey="p")
    assert len(wait_for(clients, out_url, cumulo_clock)) == 1
    kinesis.put_record(StreamName="more", Data=b'{"n": 2}', PartitionKey="p")  # read AFTER_SEQUENCE_NUMBER of the first
    [second] = wait_for(clients, out_url, cumulo_clock)
    assert second["sequenceNumber"] > "0" and pipes.describe_pipe(Name="k2").get("StateReason") is None


def test_batching_window_holds_a_short_batch_until_the_window_passes(clients, queue, cumulo_clock):
    pipes, sqs = clients("pipes"), clients("sqs")
    source_url, source_arn = queue("win-in")
    out_url, out_arn = queue("win-out")
    pipes.create_pipe(Name="w", RoleArn=ROLE, Source=source_arn, Target=out_arn,
                      SourceParameters={"SqsQueueParameters": {"BatchSize": 20, "MaximumBatchingWindowInSeconds": 60}})
    running(pipes, "w", cumulo_clock)
    for i in range(3):
        sqs.send_message(QueueUrl=source_url, MessageBody=json.dumps({"i": i}))
    cumulo_clock.advance(2)
    time.sleep(1.5)  # ticks run: the short batch waits
    assert sqs.get_queue_attributes(QueueUrl=out_url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"] == "0"
    cumulo_clock.advance(61)
    got = wait_for(clients, out_url, cumulo_clock, count=3)
    assert sorted(json.loads(m["body"])["i"] for m in got) == [0, 1, 2]


def test_enrichment_through_an_express_state_machine(clients, queue, cumulo_clock):
    sfn, pipes, sqs = clients("stepfunctions"), clients("pipes"), clients("sqs")
    definition = {"StartAt": "Tag", "States": {"Tag": {"Type": "Map", "ItemsPath": "$", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Enrich",
        "States": {"Enrich": {"Type": "Pass", "Parameters": {"id.$": "$.messageId", "via": "sfn"}, "End": True}}}}}}
    machine = sfn.create_state_machine(name="enricher", type="EXPRESS", roleArn=ROLE, definition=json.dumps(definition))["stateMachineArn"]
    source_url, source_arn = queue("sfn-in")
    out_url, out_arn = queue("sfn-out")
    pipes.create_pipe(Name="via-sfn", RoleArn=ROLE, Source=source_arn, Enrichment=machine, Target=out_arn)
    running(pipes, "via-sfn", cumulo_clock)
    message_id = sqs.send_message(QueueUrl=source_url, MessageBody="{}")["MessageId"]
    [out] = wait_for(clients, out_url, cumulo_clock)
    assert out == {"id": message_id, "via": "sfn"}
