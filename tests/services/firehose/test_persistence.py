"""Delivery streams and records acknowledged but not yet delivered survive a restart with a
data directory, and are delivered after it; entities round-trip through the store's codec."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import boto3
import httpx

from cumulo.config import Config
from cumulo.services.firehose.models import Buffered, DeliveryStream, Delivery, Destination
from cumulo.state.codec import decode, encode
from cumulo.testing import CumuloServer
from tests.services.firehose.conftest import objects, s3_destination


def clients(server: CumuloServer) -> tuple[Any, Any]:
    kw = {"endpoint_url": server.url, "region_name": "us-east-1", "aws_access_key_id": "k", "aws_secret_access_key": "s"}
    return boto3.client("firehose", **kw), boto3.client("s3", **kw)


def test_buffered_records_survive_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        firehose, s3 = clients(first)
        s3.create_bucket(Bucket="landing")
        firehose.create_delivery_stream(DeliveryStreamName="kept", ExtendedS3DestinationConfiguration=s3_destination("landing", CompressionFormat="GZIP"),
                                        Tags=[{"Key": "a", "Value": "b"}])
        firehose.put_record_batch(DeliveryStreamName="kept", Records=[{"Data": b"one\n"}, {"Data": b"two\n"}])
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        firehose, s3 = clients(second)
        desc = firehose.describe_delivery_stream(DeliveryStreamName="kept")["DeliveryStreamDescription"]
        assert desc["Destinations"][0]["ExtendedS3DestinationDescription"]["CompressionFormat"] == "GZIP"
        assert firehose.list_tags_for_delivery_stream(DeliveryStreamName="kept")["Tags"] == [{"Key": "a", "Value": "b"}]
        assert httpx.post(f"{second.url}/_cumulo/firehose/kept/flush").json() == {"flushed": 2}
        [body] = objects(s3, "landing").values()
        assert gzip.decompress(body) == b"one\ntwo\n"
    finally:
        second.stop()
        second.runtime.store.close()


def test_entities_round_trip() -> None:
    stream = DeliveryStream("s", "000000000000", "us-east-1", "arn:s", "DirectPut", 1.0, 2.0, version=3,
                            destinations=[Destination("destinationId-000000000001", "ExtendedS3", {"BucketARN": "arn:aws:s3:::b"})],
                            source={"ThroughputHintInMBs": 1}, encryption={"KeyType": "AWS_OWNED_CMK", "Status": "ENABLED"}, tags={"a": "b"},
                            next_seq=9, buffer_since=1.5, buffer_bytes=10)
    for entity in (stream, Buffered(["id1", "id2"], [b"\x00data", b""], [1.5, 1.6]), Delivery("s", "d", "s3://b/k", 2, 10, 3.0, "")):
        assert decode(encode(entity)) == entity
