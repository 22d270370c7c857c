"""Data Firehose's CloudFormation provider, driven directly (the stack engine's tests drive it in stacks)."""

from typing import Any

from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.firehose.conftest import ROLE, objects
from tests.services.sample_stack import deploy


def test_extended_s3_stream_delivers_updates_and_deletes(cumulo: CumuloServer, firehose: Any, s3: Any, bucket: str) -> None:
    dest = {"BucketARN": f"arn:aws:s3:::{bucket}", "RoleARN": ROLE, "Prefix": "a/", "ErrorOutputPrefix": "err/",
            "BufferingHints": {"IntervalInSeconds": "60", "SizeInMBs": "1"}, "CompressionFormat": "UNCOMPRESSED"}
    props = {"DeliveryStreamType": "DirectPut", "ExtendedS3DestinationConfiguration": dest, "Tags": [{"Key": "k", "Value": "v"}]}
    ctx, made = make(cumulo, "AWS::KinesisFirehose::DeliveryStream", props)
    got = firehose.describe_delivery_stream(DeliveryStreamName=made.physical_id)["DeliveryStreamDescription"]
    assert made.attributes["Arn"] == got["DeliveryStreamARN"] and made.physical_id.startswith("stack-Resource-")
    s3_dest = got["Destinations"][0]["ExtendedS3DestinationDescription"]
    assert (s3_dest["Prefix"], s3_dest["BufferingHints"]["IntervalInSeconds"]) == ("a/", 60)
    assert firehose.list_tags_for_delivery_stream(DeliveryStreamName=made.physical_id)["Tags"] == [{"Key": "k", "Value": "v"}]

    new = {**props, "ExtendedS3DestinationConfiguration": {**dest, "Prefix": "b/"}, "Tags": []}
    update(cumulo, "AWS::KinesisFirehose::DeliveryStream", ctx, made.physical_id, new, props)
    got = firehose.describe_delivery_stream(DeliveryStreamName=made.physical_id)["DeliveryStreamDescription"]
    assert got["Destinations"][0]["ExtendedS3DestinationDescription"]["Prefix"] == "b/"
    assert firehose.list_tags_for_delivery_stream(DeliveryStreamName=made.physical_id)["Tags"] == []
    assert read(cumulo, "AWS::KinesisFirehose::DeliveryStream", ctx, made.physical_id, new)["BucketARN"] == f"arn:aws:s3:::{bucket}"

    firehose.put_record(DeliveryStreamName=made.physical_id, Record={"Data": b"hello\n"})
    delete(cumulo, "AWS::KinesisFirehose::DeliveryStream", ctx, made.physical_id, new)
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []
    assert isinstance(objects(s3, bucket), dict)


def test_kinesis_source_and_http_endpoint(cumulo: CumuloServer, firehose: Any, bucket: str) -> None:
    import boto3

    kinesis = boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")
    kinesis.create_stream(StreamName="src", ShardCount=1)
    src = kinesis.describe_stream_summary(StreamName="src")["StreamDescriptionSummary"]["StreamARN"]
    props = {"DeliveryStreamName": "hooks", "DeliveryStreamType": "KinesisStreamAsSource",
             "KinesisStreamSourceConfiguration": {"KinesisStreamARN": src, "RoleARN": ROLE},
             "HttpEndpointDestinationConfiguration": {"EndpointConfiguration": {"Url": "https://example.com/in", "Name": "hook"},
                                                      "S3Configuration": {"BucketARN": f"arn:aws:s3:::{bucket}", "RoleARN": ROLE},
                                                      "RetryOptions": {"DurationInSeconds": "30"}}}
    ctx, made = make(cumulo, "AWS::KinesisFirehose::DeliveryStream", props)
    got = firehose.describe_delivery_stream(DeliveryStreamName="hooks")["DeliveryStreamDescription"]
    assert got["Source"]["KinesisStreamSourceDescription"]["KinesisStreamARN"] == src
    assert got["Destinations"][0]["HttpEndpointDestinationDescription"]["EndpointConfiguration"]["Url"] == "https://example.com/in"
    delete(cumulo, "AWS::KinesisFirehose::DeliveryStream", ctx, "hooks", props)
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []


def test_sample_template_deploys(cumulo: CumuloServer, firehose: Any, s3: Any) -> None:
    stack = deploy(cumulo, "firehose.yaml")
    name = stack.physical("Delivery")
    got = firehose.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]
    assert got["DeliveryStreamType"] == "KinesisStreamAsSource"
    stack.delete()
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == []
