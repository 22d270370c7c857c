"""NextToken on the operations that take one: only a token the service issued is read."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

# Not issued here: a word, a token of another service, digits that are not ASCII ("²" and "٣" pass str.isdigit).
FOREIGN = ["not-a-token", "eyJ2ZXJzaW9uIjoyfQ==", "²", "٣", "1" * 40]


def refused(call: Any, **kwargs: Any) -> None:
    with pytest.raises(ClientError) as exc:
        call(**kwargs)
    err = exc.value.response
    assert (err["ResponseMetadata"]["HTTPStatusCode"], err["Error"]["Code"], err["Error"]["Message"]) == (400, "ValidationException", "Invalid NextToken")


def test_list_tags_of_resource_is_one_page(ddb: Any, table: str) -> None:
    # DynamoDB does not paginate tags (50 at most): no token is issued and a given one is not read.
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i:02}", "Value": str(i)} for i in range(50)])
    for token in [None, *FOREIGN]:
        out = ddb.list_tags_of_resource(ResourceArn=arn, **({"NextToken": token} if token else {}))
        assert len(out["Tags"]) == 50 and "NextToken" not in out


def test_execute_statement_token(ddb: Any, simple: str) -> None:
    for key in "abc":
        ddb.put_item(TableName=simple, Item={"pk": {"S": key}})
    first = ddb.execute_statement(Statement=f"SELECT * FROM {simple}", Limit=2)
    rest = ddb.execute_statement(Statement=f"SELECT * FROM {simple}", NextToken=first["NextToken"])
    assert len(first["Items"]) + len(rest["Items"]) == 3 and "NextToken" not in rest
    for token in FOREIGN:
        refused(ddb.execute_statement, Statement=f"SELECT * FROM {simple}", NextToken=token)


def test_listing_tokens(ddb: Any, table: str) -> None:
    page = ddb.list_contributor_insights(MaxResults=1)
    assert "NextToken" not in page
    for token in FOREIGN:
        refused(ddb.list_contributor_insights, NextToken=token)
        refused(ddb.list_exports, NextToken=token)


def test_import_tokens(ddb: Any, cumulo: CumuloServer) -> None:
    # ImportNextToken is ([0-9a-f]{16})+, 112 characters at least: the SDK refuses anything else before sending.
    boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1").create_bucket(Bucket="imports")
    for name in ("imp1", "imp2", "imp3"):
        ddb.import_table(S3BucketSource={"S3Bucket": "imports", "S3KeyPrefix": "none/"}, InputFormat="DYNAMODB_JSON",
                         TableCreationParameters={"TableName": name, "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                                  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                                                  "BillingMode": "PAY_PER_REQUEST"})
    seen, kwargs = [], {}
    while True:
        page = ddb.list_imports(PageSize=2, **kwargs)
        seen += [s["ImportArn"] for s in page["ImportSummaryList"]]
        if "NextToken" not in page:
            break
        assert len(page["NextToken"]) == 112
        kwargs = {"NextToken": page["NextToken"]}
    assert len(set(seen)) == 3
    for token in ["f" * 112, "0123456789abcdef" * 8]:
        refused(ddb.list_imports, NextToken=token)
