"""Kinesis' CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from typing import Any

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.sample_stack import deploy


def test_stream_create_update_delete(cumulo: CumuloServer, kinesis: Any) -> None:
    props = {"ShardCount": "2", "RetentionPeriodHours": "48", "Tags": [{"Key": "k", "Value": "v"}]}
    ctx, made = make(cumulo, "AWS::Kinesis::Stream", props)
    got = kinesis.describe_stream_summary(StreamName=made.physical_id)["StreamDescriptionSummary"]
    assert made.attributes["Arn"] == got["StreamARN"] and (got["OpenShardCount"], got["RetentionPeriodHours"]) == (2, 48)
    assert kinesis.list_tags_for_stream(StreamName=made.physical_id)["Tags"] == [{"Key": "k", "Value": "v"}]
    new = {"ShardCount": 4, "RetentionPeriodHours": 24, "StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"},
           "DesiredShardLevelMetrics": ["IncomingBytes"]}
    update(cumulo, "AWS::Kinesis::Stream", ctx, made.physical_id, new, props)
    got = kinesis.describe_stream_summary(StreamName=made.physical_id)["StreamDescriptionSummary"]
    assert (got["OpenShardCount"], got["RetentionPeriodHours"], got["EncryptionType"]) == (4, 24, "KMS")
    assert got["EnhancedMonitoring"][0]["ShardLevelMetrics"] == ["IncomingBytes"]
    assert kinesis.list_tags_for_stream(StreamName=made.physical_id)["Tags"] == []
    on_demand = {"StreamModeDetails": {"StreamMode": "ON_DEMAND"}, "WarmThroughputMiBps": "20", "MaxRecordSizeInKiB": 2048}
    after = update(cumulo, "AWS::Kinesis::Stream", ctx, made.physical_id, on_demand, new)
    got = kinesis.describe_stream_summary(StreamName=made.physical_id)["StreamDescriptionSummary"]
    assert got["StreamModeDetails"]["StreamMode"] == "ON_DEMAND" and got.get("EncryptionType", "NONE") == "NONE"
    assert after.attributes["WarmThroughputObject"] == {"TargetMiBps": 20, "CurrentMiBps": 20} and got["MaxRecordSizeInKiB"] == 2048
    assert read(cumulo, "AWS::Kinesis::Stream", ctx, made.physical_id, {})["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    delete(cumulo, "AWS::Kinesis::Stream", ctx, made.physical_id, {})
    assert kinesis.list_streams()["StreamNames"] == []


def test_consumer_and_policy(cumulo: CumuloServer, kinesis: Any, stream: str) -> None:
    arn = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    ctx, consumer = make(cumulo, "AWS::Kinesis::StreamConsumer", {"StreamARN": arn, "ConsumerName": "fan"})
    got = kinesis.describe_stream_consumer(ConsumerARN=consumer.physical_id)["ConsumerDescription"]
    assert consumer.attributes["ConsumerName"] == "fan" and consumer.attributes["StreamARN"] == arn
    assert consumer.attributes["ConsumerStatus"] in ("CREATING", "ACTIVE") and got["ConsumerARN"] == consumer.physical_id
    delete(cumulo, "AWS::Kinesis::StreamConsumer", ctx, consumer.physical_id, {})
    assert kinesis.list_stream_consumers(StreamARN=arn)["Consumers"] == []

    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                                      "Action": "kinesis:GetRecords", "Resource": arn}]}
    pctx, made = make(cumulo, "AWS::Kinesis::ResourcePolicy", {"ResourceArn": arn, "ResourcePolicy": policy})
    assert made.physical_id == arn and json.loads(kinesis.get_resource_policy(ResourceARN=arn)["Policy"]) == policy
    delete(cumulo, "AWS::Kinesis::ResourcePolicy", pctx, arn, {})
    assert kinesis.get_resource_policy(ResourceARN=arn)["Policy"] in ("", "{}")


def test_sample_template_deploys(cumulo: CumuloServer, kinesis: Any) -> None:
    stack = deploy(cumulo, "kinesis.yaml")
    assert {r["Type"] for r in stack.template["Resources"].values()} == {t for t in resource_types() if t.startswith("AWS::Kinesis::")}
    name = stack.physical("Stream")
    assert kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["ConsumerCount"] == 1
    stack.delete()
    assert kinesis.list_streams()["StreamNames"] == []
