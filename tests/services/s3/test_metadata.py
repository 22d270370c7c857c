"""S3 Metadata configurations (V1 table, V2 journal and inventory tables), with statuses on the cumulo clock."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

TABLE_BUCKET = "arn:aws:s3tables:us-east-1:000000000000:bucket/my-tables"


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def test_metadata_table_configuration(s3: Any, bucket: str, cumulo_clock: Any) -> None:
    with pytest.raises(ClientError) as e:
        s3.get_bucket_metadata_table_configuration(Bucket=bucket)
    assert code(e) == ("MetadataTableConfigurationNotFoundError", 404)
    s3.create_bucket_metadata_table_configuration(Bucket=bucket, MetadataTableConfiguration={
        "S3TablesDestination": {"TableBucketArn": TABLE_BUCKET, "TableName": "meta"}})
    got = s3.get_bucket_metadata_table_configuration(Bucket=bucket)["GetBucketMetadataTableConfigurationResult"]
    destination = got["MetadataTableConfigurationResult"]["S3TablesDestinationResult"]
    assert got["Status"] == "CREATING"
    assert destination["TableBucketArn"] == TABLE_BUCKET and destination["TableName"] == "meta"
    assert destination["TableArn"].startswith(TABLE_BUCKET + "/table/") and destination["TableNamespace"] == "aws_s3_metadata"
    with pytest.raises(ClientError) as e:
        s3.create_bucket_metadata_table_configuration(Bucket=bucket, MetadataTableConfiguration={
            "S3TablesDestination": {"TableBucketArn": TABLE_BUCKET, "TableName": "again"}})
    assert code(e)[1] == 409
    cumulo_clock.advance(120)
    assert s3.get_bucket_metadata_table_configuration(Bucket=bucket)["GetBucketMetadataTableConfigurationResult"]["Status"] == "ACTIVE"
    s3.delete_bucket_metadata_table_configuration(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_metadata_table_configuration(Bucket=bucket)
    assert code(e) == ("MetadataTableConfigurationNotFoundError", 404)


def test_metadata_configuration(s3: Any, bucket: str, cumulo_clock: Any) -> None:
    with pytest.raises(ClientError) as e:
        s3.get_bucket_metadata_configuration(Bucket=bucket)
    assert code(e) == ("MetadataConfigurationNotFoundError", 404)
    s3.create_bucket_metadata_configuration(Bucket=bucket, MetadataConfiguration={
        "JournalTableConfiguration": {"RecordExpiration": {"Expiration": "ENABLED", "Days": 30}}})
    result = s3.get_bucket_metadata_configuration(Bucket=bucket)["GetBucketMetadataConfigurationResult"]["MetadataConfigurationResult"]
    assert result["DestinationResult"] == {"TableBucketType": "aws", "TableBucketArn": "arn:aws:s3tables:us-east-1:000000000000:bucket/aws-s3",
                                           "TableNamespace": "b_test_bucket"}
    journal = result["JournalTableConfigurationResult"]
    assert journal["TableStatus"] == "CREATING" and journal["TableName"] == "journal"
    assert journal["RecordExpiration"] == {"Expiration": "ENABLED", "Days": 30}
    assert result["InventoryTableConfigurationResult"] == {"ConfigurationState": "DISABLED"}
    assert result["AnnotationTableConfigurationResult"] == {"ConfigurationState": "DISABLED"}

    cumulo_clock.advance(120)
    s3.update_bucket_metadata_annotation_table_configuration(Bucket=bucket, AnnotationTableConfiguration={"ConfigurationState": "ENABLED"})
    annotation = s3.get_bucket_metadata_configuration(Bucket=bucket)["GetBucketMetadataConfigurationResult"][
        "MetadataConfigurationResult"]["AnnotationTableConfigurationResult"]
    assert annotation["ConfigurationState"] == "ENABLED" and annotation["TableName"] == "annotation" and annotation["TableArn"]
    s3.update_bucket_metadata_inventory_table_configuration(Bucket=bucket, InventoryTableConfiguration={"ConfigurationState": "ENABLED"})
    s3.update_bucket_metadata_journal_table_configuration(Bucket=bucket, JournalTableConfiguration={"RecordExpiration": {"Expiration": "DISABLED"}})
    result = s3.get_bucket_metadata_configuration(Bucket=bucket)["GetBucketMetadataConfigurationResult"]["MetadataConfigurationResult"]
    assert result["JournalTableConfigurationResult"]["TableStatus"] == "ACTIVE"
    assert result["JournalTableConfigurationResult"]["RecordExpiration"] == {"Expiration": "DISABLED"}
    inventory = result["InventoryTableConfigurationResult"]
    assert inventory["ConfigurationState"] == "ENABLED" and inventory["TableStatus"] == "CREATING" and inventory["TableName"] == "inventory"
    s3.delete_bucket_metadata_configuration(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.update_bucket_metadata_journal_table_configuration(Bucket=bucket, JournalTableConfiguration={"RecordExpiration": {"Expiration": "DISABLED"}})
    assert code(e) == ("MetadataConfigurationNotFoundError", 404)
