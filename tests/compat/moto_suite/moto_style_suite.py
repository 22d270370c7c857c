"""A suite written for moto's server mode, run unchanged against `cumulo --compat moto`.

Run by tests/compat/test_moto_server_mode.py with TEST_SERVER_MODE=true and
TEST_SERVER_MODE_ENDPOINT pointing at cumulo: moto's `mock_aws` then sends boto3 to that
endpoint and calls POST /moto-api/reset before each test.
"""

import os

import boto3
import requests
from moto import mock_aws

ENDPOINT = os.environ["TEST_SERVER_MODE_ENDPOINT"]
ACCOUNT = "123456789012"


@mock_aws
def test_queue_round_trip():
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    assert url == f"{ENDPOINT}/{ACCOUNT}/jobs"
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    [message] = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
    assert message["Body"] == "hello"


@mock_aws
def test_reset_between_tests_left_no_queue():
    sqs = boto3.client("sqs", region_name="us-east-1")
    assert sqs.list_queues().get("QueueUrls", []) == []
    sqs.create_queue(QueueName="other")
    assert sqs.list_queues()["QueueUrls"] == [f"{ENDPOINT}/{ACCOUNT}/other"]


@mock_aws
def test_table_and_bucket():
    dynamodb = boto3.resource("dynamodb", region_name="eu-west-1")
    table = dynamodb.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    table.put_item(Item={"id": "1", "name": "Ada"})
    assert table.get_item(Key={"id": "1"})["Item"]["name"] == "Ada"
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="reports")
    s3.put_object(Bucket="reports", Key="a.txt", Body=b"42")
    assert s3.get_object(Bucket="reports", Key="a.txt")["Body"].read() == b"42"


@mock_aws
def test_everything_reset_in_every_region():
    assert boto3.client("dynamodb", region_name="eu-west-1").list_tables()["TableNames"] == []
    assert boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"] == []


@mock_aws
def test_default_user_and_account_header():
    sts = boto3.client("sts", region_name="us-east-1")
    identity = sts.get_caller_identity()
    assert identity["Account"] == ACCOUNT
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT}:user/moto"
    other = boto3.client("sqs", region_name="us-east-1")

    def to_other_account(request, **kwargs):
        request.headers["x-moto-account-id"] = "111111111111"

    other.meta.events.register("before-send.sqs.*", to_other_account)
    url = other.create_queue(QueueName="elsewhere")["QueueUrl"]
    assert url == f"{ENDPOINT}/111111111111/elsewhere"
    mine = boto3.client("sqs", region_name="us-east-1")
    assert mine.list_queues().get("QueueUrls", []) == []


def test_reset_auth_answers_in_motos_shape():
    answer = requests.post(f"{ENDPOINT}/moto-api/reset-auth", data=b"4")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT": "inf"}
    answer = requests.post(f"{ENDPOINT}/moto-api/reset-auth", data=b"inf")
    assert answer.json()["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"] == "4.0"
