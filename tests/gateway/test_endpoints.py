"""The live server: internal endpoints, errors for what is not there, request ids, bodies."""

from __future__ import annotations

import asyncio

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError
from fakecloud import FakeCloud, FakeCloudSync

from cumulo.testing import CumuloServer


def test_cumulo_health(cumulo: CumuloServer) -> None:
    boto3.client("sts").get_caller_identity()
    body = httpx.get(cumulo.url + "/_cumulo/health").json()
    assert body["status"] == "running"
    assert body["services"]["sts"] == {"implemented": True, "used": True}
    assert body["uptime"] >= 0 and body["version"]


def test_localstack_health_and_ready(cumulo: CumuloServer) -> None:
    health = httpx.get(cumulo.url + "/_localstack/health").json()
    assert health["edition"] == "community" and health["services"]["sts"] in ("available", "running")
    assert httpx.get(cumulo.url + "/_localstack/init/ready").json()["completed"] is True


def test_fakecloud_sdk_health_and_reset(cumulo: CumuloServer) -> None:
    fc = FakeCloudSync(cumulo.url)
    health = fc.health()
    assert health.status == "ok" and "sts" in health.services
    assert fc.reset().status == "ok"
    assert fc.reset_service("sts").reset == "sts"


def test_fakecloud_async_sdk(cumulo: CumuloServer) -> None:
    async def main() -> str:
        return (await FakeCloud(cumulo.url).health()).version

    assert asyncio.run(main())


def test_reset_clears_state(cumulo: CumuloServer) -> None:
    sts = boto3.client("sts")
    creds = sts.get_session_token()["Credentials"]
    as_session = boto3.client("sts", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    assert as_session.get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"] == "000000000000"
    assert httpx.post(cumulo.url + "/_cumulo/reset/sts").json() == {"reset": "sts"}
    assert httpx.post(cumulo.url + "/_cumulo/reset/nosuch").status_code == 404


def test_unknown_internal_path(cumulo: CumuloServer) -> None:
    assert httpx.get(cumulo.url + "/_cumulo/nothing-here").status_code == 404


def test_move_the_clock_over_http(cumulo: CumuloServer) -> None:
    before = httpx.get(cumulo.url + "/_cumulo/time").json()["now"]
    after = httpx.post(cumulo.url + "/_cumulo/time", json={"advance": 7200}).json()["now"]
    assert after - before >= 7200
    assert httpx.post(cumulo.url + "/_cumulo/time", content=b"{not json").status_code == 400


def test_unimplemented_operation_is_501_not_implemented(cumulo: CumuloServer) -> None:
    with pytest.raises(ClientError) as e:
        boto3.client("ec2").describe_instances()
    err = e.value.response
    assert err["Error"]["Code"] == "NotImplemented"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "ec2" in err["Error"]["Message"] and "DescribeInstances" in err["Error"]["Message"]


# Services far from implementation, one per wire protocol (json, rest-json, query, cbor, rest-xml).
@pytest.mark.parametrize("service,call", [
    ("mturk", lambda c: c.get_account_balance()),
    ("amplify", lambda c: c.list_apps()),
    ("redshift", lambda c: c.describe_clusters()),
    ("gamelift", lambda c: c.list_fleets()),
    ("cloudfront", lambda c: c.list_distributions()),
])
def test_not_implemented_in_every_protocol(cumulo: CumuloServer, service: str, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ClientError) as e:
        call(boto3.client(service))
    assert e.value.response["Error"]["Code"] == "NotImplemented"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_unknown_service_gets_a_clear_error(cumulo: CumuloServer) -> None:
    r = httpx.post(cumulo.url + "/", headers={"X-Amz-Target": "NoSuchService_20250101.DoThing", "Content-Type": "application/x-amz-json-1.1"}, content=b"{}")
    assert r.status_code == 400
    assert r.json()["__type"] == "UnknownServiceException"
    assert "NoSuchService_20250101" in r.json()["message"]


def test_unknown_operation_of_a_known_service(cumulo: CumuloServer) -> None:
    r = httpx.post(cumulo.url + "/", data={"Action": "Frobnicate", "Version": "2011-06-15"},
                   headers={"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x"})
    assert r.status_code == 400
    assert b"<Code>InvalidAction</Code>" in r.content


def test_every_response_has_a_request_id(cumulo: CumuloServer) -> None:
    meta = boto3.client("sts").get_caller_identity()["ResponseMetadata"]
    assert len(meta["RequestId"]) == 36


def test_internal_failure_is_a_500_in_the_protocol_format(cumulo: CumuloServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from cumulo import services

    def broken(ctx, req):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setitem(services.get("sts").handlers, "GetCallerIdentity", broken)
    client = boto3.client("sts", config=__import__("botocore.config").config.Config(retries={"max_attempts": 1}))
    with pytest.raises(ClientError) as e:
        client.get_caller_identity()
    assert e.value.response["Error"]["Code"] == "InternalFailure"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
