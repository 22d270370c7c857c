"""`cumulo.serve()` and `cumulo.reset()` from a plain `unittest` suite (pytest only collects it)."""

from __future__ import annotations

import os
import unittest

import boto3

import cumulo


class QueueTests(unittest.TestCase):
    """What a unittest suite would write: one server for the class, state cleared per test."""

    @classmethod
    def setUpClass(cls) -> None:
        cls._server = cumulo.serve(set_env=True)
        cls.endpoint = cls._server.__enter__()

    @classmethod
    def tearDownClass(cls) -> None:
        cls._server.__exit__(None, None, None)

    def tearDown(self) -> None:
        cumulo.reset()

    def test_a_queue_is_created_on_the_server(self) -> None:
        self.assertEqual(os.environ["AWS_ENDPOINT_URL"], self.endpoint)
        sqs = boto3.client("sqs")  # endpoint and credentials from the environment serve() set
        url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="hi")
        self.assertEqual(sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"], "hi")

    def test_reset_left_nothing_behind(self) -> None:
        sqs = boto3.client("sqs")
        self.assertEqual(sqs.list_queues().get("QueueUrls", []), [])
        sqs.create_queue(QueueName="jobs")


def test_serve_tears_down_and_puts_the_environment_back() -> None:
    before = os.environ.get("AWS_ENDPOINT_URL")
    with cumulo.serve(set_env=True, default_account="111111111111") as endpoint:
        assert endpoint.startswith("http://127.0.0.1:")
        assert boto3.client("sts").get_caller_identity()["Account"] == "111111111111"
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="bucket")
        cumulo.reset()
        assert s3.list_buckets()["Buckets"] == []
    assert os.environ.get("AWS_ENDPOINT_URL") == before
    import urllib.request

    try:
        urllib.request.urlopen(endpoint + "/_cumulo/health", timeout=2)
    except OSError:
        pass
    else:
        raise AssertionError("the server still answers after the with block")


def test_reset_through_the_endpoint_and_unknown_settings() -> None:
    with cumulo.serve() as endpoint:
        sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        sqs.create_queue(QueueName="q")
        cumulo.reset(endpoint)
        assert sqs.list_queues().get("QueueUrls", []) == []
    try:
        with cumulo.serve(no_such_setting=1):
            pass
    except TypeError as e:
        assert "no_such_setting" in str(e)
    else:
        raise AssertionError("an unknown setting was accepted")
