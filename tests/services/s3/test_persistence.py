"""Persistence: buckets, objects (inline and blob bodies), versions, configuration and
uploads in progress survive a restart on the same data dir; entities round-trip the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from cumulo.services.s3.models import Body, Bucket, ObjectKey, ObjectVersion, PartInfo, Upload
from cumulo.state import open_store
from cumulo.testing import free_port, spawned_server


def client(port: int) -> Any:
    return boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 1}, read_timeout=10))


def test_state_survives_a_restart(tmp_path: Path) -> None:
    port = free_port()
    large = bytes(range(256)) * 4096  # 1 MiB: stored as a blob file
    with spawned_server(port, str(tmp_path)):
        s3 = client(port)
        s3.create_bucket(Bucket="kept")
        s3.put_bucket_versioning(Bucket="kept", VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_cors(Bucket="kept", CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]})
        v1 = s3.put_object(Bucket="kept", Key="small", Body=b"one", Metadata={"m": "1"})["VersionId"]
        s3.put_object(Bucket="kept", Key="small", Body=b"two")
        s3.put_object_annotation(Bucket="kept", Key="small", AnnotationName="note", AnnotationPayload=b"\x00kept")
        s3.put_object(Bucket="kept", Key="large", Body=large)
        upload_id = s3.create_multipart_upload(Bucket="kept", Key="pending")["UploadId"]
        s3.upload_part(Bucket="kept", Key="pending", UploadId=upload_id, PartNumber=1, Body=b"part")
        s3.put_object(Bucket="kept", Key="gone", Body=large)
        s3.delete_object(Bucket="kept", Key="gone", VersionId=s3.list_object_versions(Bucket="kept", Prefix="gone")["Versions"][0]["VersionId"])
    with spawned_server(port, str(tmp_path)):
        s3 = client(port)
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["kept"]
        assert s3.get_bucket_versioning(Bucket="kept")["Status"] == "Enabled"
        assert s3.get_bucket_cors(Bucket="kept")["CORSRules"][0]["AllowedMethods"] == ["GET"]
        assert s3.get_object(Bucket="kept", Key="small")["Body"].read() == b"two"
        assert s3.get_object_annotation(Bucket="kept", Key="small", AnnotationName="note")["AnnotationPayload"].read() == b"\x00kept"
        old = s3.get_object(Bucket="kept", Key="small", VersionId=v1)
        assert old["Body"].read() == b"one" and old["Metadata"] == {"m": "1"}
        assert s3.get_object(Bucket="kept", Key="large")["Body"].read() == large
        assert [p["Size"] for p in s3.list_parts(Bucket="kept", Key="pending", UploadId=upload_id)["Parts"]] == [4]
        assert "Versions" not in s3.list_object_versions(Bucket="kept", Prefix="gone")
    # the deleted large body left no file behind: only "large"'s blob remains
    assert len([p for p in (tmp_path / "blobs" / "s3").rglob("*") if p.is_file()]) == 1


def test_entities_round_trip_the_store(tmp_path: Path) -> None:
    version = ObjectVersion(key="k", version_id="null", last_modified=1.5, etag='"e"', size=3, body=Body(3, "abc", data=b"abc"),
                            content={"ContentType": "text/plain"}, metadata={"a": "b"}, tags={"t": "1"},
                            checksum_algorithm="CRC32", checksum="AAAAAA==", checksum_type="FULL_OBJECT",
                            parts=[PartInfo(1, 3, '"p"', "x")])
    upload = Upload("id", "k", 2.0, "000000000000", parts={1: PartInfo(1, 3, '"p"', "CRC32:AAAAAA==", 2.0, Body(3, "abc", data=b"abc"))})
    bucket = Bucket("b", "000000000000", "us-east-1", 1.0, versioning="Enabled", config={"cors": {"CORSRules": []}})
    store = open_store(str(tmp_path))
    scope = store.scope("s3", "_global", "_global")
    scope.table("buckets")["b"] = bucket
    scope.table("objects/b")["k"] = ObjectKey([version])
    scope.table("uploads/b")["id"] = upload
    store.commit()
    store.close()
    reopened = open_store(str(tmp_path)).scope("s3", "_global", "_global")
    assert reopened.table("buckets")["b"] == bucket
    assert reopened.table("objects/b")["k"] == ObjectKey([version])
    assert reopened.table("uploads/b")["id"] == upload
