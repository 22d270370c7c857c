"""moto's server-mode endpoints and header, in-process: reset, reset-auth's count, x-moto-account-id."""

from __future__ import annotations

import json
import urllib.request

import boto3
import botocore.exceptions
import pytest

import cumulo


def _post(url: str, body: bytes = b"") -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _client(endpoint: str, service: str, key: str = "FOOBARKEY", region: str = "us-east-1"):  # type: ignore[no-untyped-def]
    return boto3.client(service, endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key="x")


def test_reset_clears_every_account_and_region() -> None:
    with cumulo.serve(compat="moto") as endpoint:
        _client(endpoint, "sqs", key="111111111111", region="eu-west-1").create_queue(QueueName="a")
        _client(endpoint, "sqs").create_queue(QueueName="b")
        assert _post(endpoint + "/moto-api/reset") == (200, {"status": "ok"})
        assert _client(endpoint, "sqs", key="111111111111", region="eu-west-1").list_queues().get("QueueUrls", []) == []
        assert _client(endpoint, "sqs").list_queues().get("QueueUrls", []) == []


def test_reset_auth_counts_requests_then_authorizes() -> None:
    with cumulo.serve(compat="moto") as endpoint:
        sqs = _client(endpoint, "sqs")
        assert _post(endpoint + "/moto-api/reset-auth", b"2") == (200, {"status": "ok", "PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT": "inf"})
        sqs.list_queues()
        sqs.list_queues()
        with pytest.raises(botocore.exceptions.ClientError) as denied:
            sqs.list_queues()
        assert denied.value.response["Error"]["Code"] == "AccessDenied"
        assert "arn:aws:sts::123456789012:user/moto" in denied.value.response["Error"]["Message"]
        assert _post(endpoint + "/moto-api/reset-auth", b"inf")[1]["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"] == "2.0"
        sqs.list_queues()
        assert _post(endpoint + "/moto-api/reset-auth", b"many")[0] == 400


def test_account_header_and_default_user() -> None:
    with cumulo.serve(compat="moto") as endpoint:
        sts = _client(endpoint, "sts")
        assert sts.get_caller_identity()["Arn"] == "arn:aws:sts::123456789012:user/moto"
        sts.meta.events.register("before-send.sts.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", "222222222222"))
        identity = sts.get_caller_identity()
        assert (identity["Account"], identity["Arn"]) == ("222222222222", "arn:aws:sts::222222222222:user/moto")


def test_without_the_preset_unknown_keys_are_the_root() -> None:
    with cumulo.serve() as endpoint:
        identity = _client(endpoint, "sts").get_caller_identity()
        assert identity["Arn"] == "arn:aws:iam::000000000000:root"
