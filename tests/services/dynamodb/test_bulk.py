"""Bulk puts from S3 into an existing table: counts, error output, idempotency, listing."""

from __future__ import annotations

import gzip
import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

from .conftest import make_table


@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    client = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    client.create_bucket(Bucket="loads")
    return client


def start(ddb: Any, table: str, prefix: str, **extra: Any) -> dict[str, Any]:
    return ddb.start_bulk_put_items(TableName=table, InputS3Configuration={"S3Bucket": "loads", "S3KeyPrefix": prefix, "InputFormat": "DYNAMODB_JSON", **extra},
                                    OutputS3Configuration={"S3Bucket": "loads", "S3KeyPrefix": "out/", "OutputType": ["ERROR"]})["BulkOperationDescription"]


def test_bulk_put_writes_items_and_reports_errors(ddb: Any, s3: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "p"}, "sk": {"S": "0"}, "old": {"S": "replaced"}})
    good = [json.dumps({"Item": {"pk": {"S": "p"}, "sk": {"S": str(i)}}}) for i in range(3)]
    bad = json.dumps({"Item": {"pk": {"S": "no sort key"}}})
    s3.put_object(Bucket="loads", Key="in/one.json.gz", Body=gzip.compress("\n".join([*good, bad]).encode()))
    begun = start(ddb, table, "in/", InputCompressionType="GZIP")
    assert begun["BulkOperationStatus"] == "IN_PROGRESS"
    done = ddb.describe_bulk_operation(BulkOperationArn=begun["BulkOperationArn"])["BulkOperationDescription"]
    assert done["BulkOperationStatus"] == "COMPLETED_WITH_ERRORS"
    assert (done["ProcessedItemCount"], done["FailedItemCount"]) == (4, 1) and done["EndTime"] >= done["StartTime"]
    items = ddb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
    assert [i["sk"]["S"] for i in items] == ["0", "1", "2"] and "old" not in items[0]  # a put replaces the item
    [errors] = s3.list_objects_v2(Bucket="loads", Prefix="out/")["Contents"]
    lines = s3.get_object(Bucket="loads", Key=errors["Key"])["Body"].read().decode().splitlines()
    assert len(lines) == 1 and "sk" in json.loads(lines[0])["error"]["message"]
    listed = ddb.list_bulk_operations()["BulkOperationsSummaryList"]
    assert [o["BulkOperationArn"] for o in listed] == [begun["BulkOperationArn"]]
    with pytest.raises(ClientError) as exc:
        ddb.cancel_bulk_operation(BulkOperationArn=begun["BulkOperationArn"])  # already finished
    assert exc.value.response["Error"]["Code"] == "ValidationException"


def test_failures_and_idempotency(ddb: Any, s3: Any) -> None:
    table = make_table(ddb, "simple_bulk", range_type=None)
    failed = start(ddb, table, "nothing-here/")
    described = ddb.describe_bulk_operation(BulkOperationArn=failed["BulkOperationArn"])["BulkOperationDescription"]
    assert described["BulkOperationStatus"] == "FAILED" and described["FailureCode"] and described["FailureMessage"]
    s3.put_object(Bucket="loads", Key="ok/a.json", Body=json.dumps({"Item": {"pk": {"S": "a"}}}).encode())
    request = {"TableName": table, "ClientToken": "once", "InputS3Configuration": {"S3Bucket": "loads", "S3KeyPrefix": "ok/", "InputFormat": "DYNAMODB_JSON"},
               "OutputS3Configuration": {"OutputType": ["ERROR"]}}
    first = ddb.start_bulk_put_items(**request)["BulkOperationDescription"]["BulkOperationArn"]
    assert ddb.start_bulk_put_items(**request)["BulkOperationDescription"]["BulkOperationArn"] == first
    with pytest.raises(ClientError) as exc:
        ddb.start_bulk_put_items(**{**request, "PerformanceTier": "ACCELERATED"})
    assert exc.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    with pytest.raises(ClientError) as exc:
        ddb.start_bulk_put_items(**{**request, "ClientToken": "other", "TableName": "no-such-table"})
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        ddb.describe_bulk_operation(BulkOperationArn=first + "0")
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"
