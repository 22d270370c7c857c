"""Exports to S3 (full and incremental, DynamoDB JSON files AWS's way) and imports from S3 (JSON, CSV, gzip)."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer



@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    client = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    client.create_bucket(Bucket="exports")
    return client


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def lines(s3: Any, key: str) -> list[dict[str, Any]]:
    body = s3.get_object(Bucket="exports", Key=key)["Body"].read()
    if key.endswith(".gz"):
        body = gzip.decompress(body)
    return [json.loads(line) for line in body.splitlines() if line.strip()]


def test_full_export_at_a_point_in_time(ddb: Any, s3: Any, table: str, cumulo_clock: ClockControl) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    with pytest.raises(ClientError) as exc:
        ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports")
    assert code(exc) == "PointInTimeRecoveryUnavailableException"
    ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    cumulo_clock.advance(2)
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "old"}, "b": {"B": b"\x01"}})
    then = cumulo_clock.now()
    cumulo_clock.advance(60)
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "new"}})

    out = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", S3Prefix="backups", ExportTime=at(then + 1),
                                            ClientToken="once")["ExportDescription"]
    assert out["ExportStatus"] == "IN_PROGRESS"
    assert ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", S3Prefix="backups", ExportTime=at(then + 1),
                                             ClientToken="once")["ExportDescription"]["ExportArn"] == out["ExportArn"]
    ddb.get_waiter("export_completed").wait(ExportArn=out["ExportArn"], WaiterConfig={"Delay": 0.01, "MaxAttempts": 3})
    done = ddb.describe_export(ExportArn=out["ExportArn"])["ExportDescription"]
    assert done["ItemCount"] == 1 and done["ExportManifest"].startswith("backups/AWSDynamoDB/")
    summary = json.loads(s3.get_object(Bucket="exports", Key=done["ExportManifest"])["Body"].read())
    assert summary["itemCount"] == 1 and summary["exportType"] == "FULL_EXPORT" and summary["tableArn"] == arn
    files = lines(s3, summary["manifestFilesS3Key"])
    assert files[0]["itemCount"] == 1
    assert lines(s3, files[0]["dataFileS3Key"]) == [{"Item": {"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "old"}, "b": {"B": "AQ=="}}}]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="exports")["Contents"]]
    assert any(k.endswith("/_started") for k in keys) and any(k.endswith("manifest-summary.md5") for k in keys)
    assert [e["ExportArn"] for e in ddb.list_exports(TableArn=arn)["ExportSummaries"]] == [out["ExportArn"]]
    with pytest.raises(ClientError) as exc:
        ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", ExportTime=at(then - 3600))
    assert code(exc) == "InvalidExportTimeException"


def test_incremental_export_and_a_failed_export(ddb: Any, s3: Any, table: str, cumulo_clock: ClockControl) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    start = cumulo_clock.now()
    cumulo_clock.advance(10)
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "one"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "two"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})
    cumulo_clock.advance(1800)
    out = ddb.export_table_to_point_in_time(
        TableArn=arn, S3Bucket="exports", ExportType="INCREMENTAL_EXPORT",
        IncrementalExportSpecification={"ExportFromTime": at(start), "ExportToTime": at(cumulo_clock.now()), "ExportViewType": "NEW_AND_OLD_IMAGES"},
    )["ExportDescription"]
    done = ddb.describe_export(ExportArn=out["ExportArn"])["ExportDescription"]
    assert done["ExportStatus"] == "COMPLETED" and done["ExportType"] == "INCREMENTAL_EXPORT" and done["ItemCount"] == 3
    summary = json.loads(s3.get_object(Bucket="exports", Key=done["ExportManifest"])["Body"].read())
    changes = lines(s3, lines(s3, summary["manifestFilesS3Key"])[0]["dataFileS3Key"])
    assert [("NewImage" in c, "OldImage" in c) for c in changes] == [(True, False), (True, True), (False, True)]
    assert changes[0]["Keys"] == {"pk": {"S": "a"}, "sk": {"S": "1"}} and "WriteTimestampMicros" in changes[0]["Metadata"]

    failed = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="no-such-bucket")["ExportDescription"]
    described = ddb.describe_export(ExportArn=failed["ExportArn"])["ExportDescription"]
    assert described["ExportStatus"] == "FAILED" and described["FailureCode"] == "S3NoSuchBucket"


KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}]
DEFS = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "n", "AttributeType": "N"}]


def creation(name: str) -> dict[str, Any]:
    return {"TableName": name, "KeySchema": KEYS, "AttributeDefinitions": DEFS, "BillingMode": "PAY_PER_REQUEST"}


def test_import_dynamodb_json_and_csv(ddb: Any, s3: Any) -> None:
    rows = [{"Item": {"pk": {"S": "p"}, "n": {"N": str(i)}, "b": {"B": "AQ=="}}} for i in range(5)]
    # An item that is not valid counts an error; a line that is not JSON makes the object malformed,
    # and DynamoDB skips the rest of it (the row after it is never read).
    after = json.dumps({"Item": {"pk": {"S": "p"}, "n": {"N": "99"}}})
    body = "\n".join(json.dumps(r) for r in rows) + "\n" + json.dumps({"Item": {"pk": {"S": "no range key"}}}) + "\nnot json\n" + after + "\n"
    s3.put_object(Bucket="exports", Key="in/json/part-1.json.gz", Body=gzip.compress(body.encode()))
    out = ddb.import_table(S3BucketSource={"S3Bucket": "exports", "S3KeyPrefix": "in/json/"}, InputFormat="DYNAMODB_JSON",
                           InputCompressionType="GZIP", TableCreationParameters=creation("imported"), ClientToken="t1")
    job = out["ImportTableDescription"]
    assert job["ImportStatus"] == "IN_PROGRESS"
    ddb.get_waiter("import_completed").wait(ImportArn=job["ImportArn"], WaiterConfig={"Delay": 0.01, "MaxAttempts": 3})
    done = ddb.describe_import(ImportArn=job["ImportArn"])["ImportTableDescription"]
    assert (done["ImportedItemCount"], done["ErrorCount"], done["ProcessedItemCount"]) == (5, 2, 7)
    ddb.get_waiter("table_exists").wait(TableName="imported", WaiterConfig={"Delay": 0.01})
    assert "Item" not in ddb.get_item(TableName="imported", Key={"pk": {"S": "p"}, "n": {"N": "99"}})
    item = ddb.get_item(TableName="imported", Key={"pk": {"S": "p"}, "n": {"N": "3"}})["Item"]
    assert item["b"] == {"B": b"\x01"}
    # Each error is a CloudWatch Logs event in the import's stream, saying where the item was and why it failed.
    logs = boto3.client("logs", endpoint_url=ddb.meta.endpoint_url, region_name="us-east-1")
    assert done["CloudWatchLogGroupArn"].endswith(":log-group:/aws-dynamodb/imports:*")
    events = logs.filter_log_events(logGroupName="/aws-dynamodb/imports", logStreamNames=[job["ImportArn"].rsplit("/", 1)[-1]])["events"]
    logged = [json.loads(e["message"]) for e in events]
    assert [(x["itemS3Pointer"]["key"], x["itemS3Pointer"]["itemIndex"]) for x in logged] == [("in/json/part-1.json.gz", 5), ("in/json/part-1.json.gz", 6)]
    assert all(x["importArn"] == job["ImportArn"] for x in logged)
    assert "Missing the key n in the item" in logged[0]["errorMessages"][0]
    with pytest.raises(ClientError) as exc:
        ddb.import_table(S3BucketSource={"S3Bucket": "exports", "S3KeyPrefix": "in/json/"}, InputFormat="CSV",
                         TableCreationParameters=creation("imported"), ClientToken="t1")
    assert code(exc) == "ImportConflictException"

    s3.put_object(Bucket="exports", Key="in/csv/data.csv", Body=b"pk;n;colour\nq;1;red\nq;2;\nbad;row\n")
    job = ddb.import_table(S3BucketSource={"S3Bucket": "exports", "S3KeyPrefix": "in/csv/"}, InputFormat="CSV",
                           InputFormatOptions={"Csv": {"Delimiter": ";"}}, TableCreationParameters=creation("fromcsv"))["ImportTableDescription"]
    done = ddb.describe_import(ImportArn=job["ImportArn"])["ImportTableDescription"]
    assert (done["ImportStatus"], done["ImportedItemCount"], done["ErrorCount"]) == ("COMPLETED", 2, 1)
    items = ddb.query(TableName="fromcsv", KeyConditionExpression="pk = :q", ExpressionAttributeValues={":q": {"S": "q"}})["Items"]
    assert items == [{"pk": {"S": "q"}, "n": {"N": "1"}, "colour": {"S": "red"}}, {"pk": {"S": "q"}, "n": {"N": "2"}}]
    assert len(ddb.list_imports()["ImportSummaryList"]) == 2


def test_import_failures(ddb: Any, s3: Any, table: str) -> None:
    job = ddb.import_table(S3BucketSource={"S3Bucket": "exports", "S3KeyPrefix": "nothing/"}, InputFormat="DYNAMODB_JSON",
                           TableCreationParameters=creation("empty"))["ImportTableDescription"]
    done = ddb.describe_import(ImportArn=job["ImportArn"])["ImportTableDescription"]
    assert done["ImportStatus"] == "FAILED" and done["FailureCode"]
    with pytest.raises(ClientError) as exc:
        ddb.describe_table(TableName="empty")
    assert code(exc) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        ddb.import_table(S3BucketSource={"S3Bucket": "exports"}, InputFormat="DYNAMODB_JSON", TableCreationParameters=creation(table))
    assert code(exc) == "ResourceInUseException"
    with pytest.raises(ClientError) as exc:
        ddb.describe_import(ImportArn="arn:aws:dynamodb:us-east-1:000000000000:table/x/import/01234567890123456-abcdef01")
    assert code(exc) == "ImportNotFoundException"


def test_filtered_export(ddb: Any, s3: Any, table: str) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    for pk, sk, colour in [("a", "1", "red"), ("a", "2", "blue"), ("a", "3", "red"), ("b", "1", "red")]:
        ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"S": sk}, "colour": {"S": colour}, "extra": {"S": "x"}})
    spec = {"KeyConditionExpression": "pk = :p AND sk > :s", "FilterExpression": "colour = :c", "ProjectionExpression": "pk, sk, colour",
            "ExpressionAttributeValues": {":p": {"S": "a"}, ":s": {"S": "1"}, ":c": {"S": "red"}}}
    out = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", S3Prefix="filtered", FilterSpecification=spec)["ExportDescription"]
    done = ddb.describe_export(ExportArn=out["ExportArn"])["ExportDescription"]
    assert done["ItemCount"] == 1 and done["FilterSpecification"]["FilterExpression"] == "colour = :c"
    summary = json.loads(s3.get_object(Bucket="exports", Key=done["ExportManifest"])["Body"].read())
    data = lines(s3, lines(s3, summary["manifestFilesS3Key"])[0]["dataFileS3Key"])
    assert data == [{"Item": {"pk": {"S": "a"}, "sk": {"S": "3"}, "colour": {"S": "red"}}}]
