"""Delivery streams through boto3: create, describe, list, tags, encryption, destination updates."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.firehose.conftest import ROLE, s3_destination


def test_create_and_describe_an_s3_stream(firehose: Any, bucket: str) -> None:
    arn = firehose.create_delivery_stream(
        DeliveryStreamName="events", ExtendedS3DestinationConfiguration=s3_destination(bucket, Prefix="raw/", CompressionFormat="GZIP"),
        Tags=[{"Key": "team", "Value": "data"}],
    )["DeliveryStreamARN"]
    assert arn == "arn:aws:firehose:us-east-1:000000000000:deliverystream/events"
    desc = firehose.describe_delivery_stream(DeliveryStreamName="events")["DeliveryStreamDescription"]
    assert desc["DeliveryStreamStatus"] == "ACTIVE" and desc["DeliveryStreamType"] == "DirectPut" and desc["VersionId"] == "1"
    [dest] = desc["Destinations"]
    assert dest["DestinationId"] == "destinationId-000000000001"
    ext = dest["ExtendedS3DestinationDescription"]
    assert ext["BucketARN"] == "arn:aws:s3:::landing" and ext["Prefix"] == "raw/" and ext["CompressionFormat"] == "GZIP"
    assert ext["BufferingHints"] == {"SizeInMBs": 1, "IntervalInSeconds": 60}
    assert ext["EncryptionConfiguration"] == {"NoEncryptionConfig": "NoEncryption"}
    assert dest["S3DestinationDescription"]["BucketARN"] == "arn:aws:s3:::landing"
    assert desc["DeliveryStreamEncryptionConfiguration"]["Status"] == "DISABLED"
    with pytest.raises(ClientError) as err:
        firehose.create_delivery_stream(DeliveryStreamName="events", ExtendedS3DestinationConfiguration=s3_destination(bucket))
    assert err.value.response["Error"]["Code"] == "ResourceInUseException"
    with pytest.raises(ClientError) as err:
        firehose.describe_delivery_stream(DeliveryStreamName="nope")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_exactly_one_destination_and_http_descriptions_hide_the_key(firehose: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as err:
        firehose.create_delivery_stream(DeliveryStreamName="none")
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"
    firehose.create_delivery_stream(
        DeliveryStreamName="web",
        HttpEndpointDestinationConfiguration={
            "EndpointConfiguration": {"Url": "https://127.0.0.1:9/ingest", "Name": "sink", "AccessKey": "secret"},
            "S3Configuration": s3_destination(bucket), "RoleARN": ROLE,
        },
    )
    http = firehose.describe_delivery_stream(DeliveryStreamName="web")["DeliveryStreamDescription"]["Destinations"][0]["HttpEndpointDestinationDescription"]
    assert http["EndpointConfiguration"] == {"Url": "https://127.0.0.1:9/ingest", "Name": "sink"}
    assert http["S3DestinationDescription"]["BucketARN"] == "arn:aws:s3:::landing"


def test_list_and_tags(firehose: Any, bucket: str) -> None:
    for name in ("a", "b", "c"):
        firehose.create_delivery_stream(DeliveryStreamName=name, ExtendedS3DestinationConfiguration=s3_destination(bucket))
    first = firehose.list_delivery_streams(Limit=2)
    assert first == {"DeliveryStreamNames": ["a", "b"], "HasMoreDeliveryStreams": True, "ResponseMetadata": first["ResponseMetadata"]}
    assert firehose.list_delivery_streams(ExclusiveStartDeliveryStreamName="b")["DeliveryStreamNames"] == ["c"]
    firehose.tag_delivery_stream(DeliveryStreamName="a", Tags=[{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}])
    page = firehose.list_tags_for_delivery_stream(DeliveryStreamName="a", Limit=1)
    assert page["Tags"] == [{"Key": "k1", "Value": "v1"}] and page["HasMoreTags"] is True
    firehose.untag_delivery_stream(DeliveryStreamName="a", TagKeys=["k1"])
    assert firehose.list_tags_for_delivery_stream(DeliveryStreamName="a")["Tags"] == [{"Key": "k2", "Value": "v2"}]
    firehose.delete_delivery_stream(DeliveryStreamName="a")
    assert firehose.list_delivery_streams()["DeliveryStreamNames"] == ["b", "c"]


def test_encryption_and_destination_updates(firehose: Any, bucket: str) -> None:
    firehose.create_delivery_stream(DeliveryStreamName="u", ExtendedS3DestinationConfiguration=s3_destination(bucket))
    firehose.start_delivery_stream_encryption(DeliveryStreamName="u", DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"})
    enc = firehose.describe_delivery_stream(DeliveryStreamName="u")["DeliveryStreamDescription"]["DeliveryStreamEncryptionConfiguration"]
    assert enc == {"KeyType": "AWS_OWNED_CMK", "Status": "ENABLED"}
    assert firehose.put_record(DeliveryStreamName="u", Record={"Data": b"x"})["Encrypted"] is True
    firehose.stop_delivery_stream_encryption(DeliveryStreamName="u")
    firehose.update_destination(DeliveryStreamName="u", CurrentDeliveryStreamVersionId="1", DestinationId="destinationId-000000000001",
                                ExtendedS3DestinationUpdate={"Prefix": "v2/", "BufferingHints": {"IntervalInSeconds": 120}})
    desc = firehose.describe_delivery_stream(DeliveryStreamName="u")["DeliveryStreamDescription"]
    ext = desc["Destinations"][0]["ExtendedS3DestinationDescription"]
    assert desc["VersionId"] == "2" and ext["Prefix"] == "v2/" and ext["BufferingHints"] == {"SizeInMBs": 1, "IntervalInSeconds": 120}
    with pytest.raises(ClientError) as err:
        firehose.update_destination(DeliveryStreamName="u", CurrentDeliveryStreamVersionId="1", DestinationId="destinationId-000000000001",
                                    ExtendedS3DestinationUpdate={"Prefix": "v3/"})
    assert err.value.response["Error"]["Code"] == "ConcurrentModificationException"


def test_put_limits_and_kinesis_sourced_streams_refuse_puts(firehose: Any, bucket: str, cumulo: Any) -> None:
    import boto3

    firehose.create_delivery_stream(DeliveryStreamName="d", ExtendedS3DestinationConfiguration=s3_destination(bucket))
    with pytest.raises(ClientError) as err:
        firehose.put_record_batch(DeliveryStreamName="d", Records=[{"Data": b"a"}, {"Data": b"b" * (1000 * 1024 + 1)}])
    assert err.value.response["Error"]["Code"] == "ValidationException"
    out = firehose.put_record_batch(DeliveryStreamName="d", Records=[{"Data": b"a"}, {"Data": b"b"}])
    assert out["FailedPutCount"] == 0 and all(len(r["RecordId"]) >= 56 for r in out["RequestResponses"])
    kinesis = boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")
    kinesis.create_stream(StreamName="src", ShardCount=1)
    source = kinesis.describe_stream_summary(StreamName="src")["StreamDescriptionSummary"]["StreamARN"]
    firehose.create_delivery_stream(DeliveryStreamName="k", DeliveryStreamType="KinesisStreamAsSource",
                                    KinesisStreamSourceConfiguration={"KinesisStreamARN": source, "RoleARN": ROLE},
                                    ExtendedS3DestinationConfiguration=s3_destination(bucket))
    desc = firehose.describe_delivery_stream(DeliveryStreamName="k")["DeliveryStreamDescription"]
    assert desc["Source"]["KinesisStreamSourceDescription"]["KinesisStreamARN"] == source
    with pytest.raises(ClientError) as err:
        firehose.put_record(DeliveryStreamName="k", Record={"Data": b"x"})
    assert err.value.response["Error"]["Code"] == "InvalidArgumentException"
    assert firehose.list_delivery_streams(DeliveryStreamType="KinesisStreamAsSource")["DeliveryStreamNames"] == ["k"]
