"""Bodies nested deeper than the parsers handle are refused with the protocol's own
error before anything recurses over them (no RecursionError, no 500)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import boto3
import cbor2
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cumulo.protocol.parsing.depth import MAX_DEPTH, json_too_deep, value_too_deep
from cumulo.testing import CumuloServer

_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab'),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                            max_leaves=40)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json_values, st.integers(min_value=0, max_value=MAX_DEPTH + 5))
def test_json_depth_is_measured_outside_strings(value: object, wrap: int) -> None:
    for _ in range(wrap):
        value = [value]
    body = json.dumps(value).encode()
    assert json_too_deep(body) == (_depth(value) > MAX_DEPTH)
    assert value_too_deep(value, len(body)) == (_depth(value) > MAX_DEPTH)


def _raw(cumulo: CumuloServer, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(cumulo.url + path, data=body, method="PUT" if "?" in path else "POST", headers=headers)
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _signed(service: str) -> str:
    return f"AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0"


@pytest.mark.parametrize("levels", [1000, 100_000])
def test_deep_json_is_a_serialization_exception(cumulo: CumuloServer, levels: int) -> None:
    body = b'{"TableName":"t","Item":{"k":{"S":"a"},"v":' + b'{"L":[' * levels + b'{"S":"x"}' + b"]}" * levels + b"}}"
    status, answer = _raw(cumulo, "/", body, {"Content-Type": "application/x-amz-json-1.0",
                                                "X-Amz-Target": "DynamoDB_20120810.PutItem", "Authorization": _signed("dynamodb")})
    assert status == 400 and json.loads(answer)["__type"] == "SerializationException"


def test_dynamodb_nesting_beyond_32_levels_is_a_validation_exception(cumulo: CumuloServer) -> None:
    ddb = boto3.client("dynamodb")
    ddb.create_table(TableName="deep", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    for levels in (33, 50):
        value: dict = {"S": "x"}
        for _ in range(levels):
            value = {"M": {"a": value}}
        with pytest.raises(ClientError) as caught:
            ddb.put_item(TableName="deep", Item={"k": {"S": "a"}, "v": value})
        error = caught.value.response["Error"]
        assert error["Code"] == "ValidationException" and error["Message"].endswith("Nesting Levels have exceeded supported limits")


def test_deep_xml_is_malformed_xml(cumulo: CumuloServer) -> None:
    boto3.client("s3").create_bucket(Bucket="deep-xml")
    body = b"<Tagging><TagSet>" + b"<Tag>" * 5000 + b"</Tag>" * 5000 + b"</TagSet></Tagging>"
    status, answer = _raw(cumulo, "/deep-xml?tagging", body, {"Authorization": _signed("s3")})
    assert status == 400 and b"<Code>MalformedXML</Code>" in answer


def test_deep_cbor_is_a_serialization_exception(cumulo: CumuloServer) -> None:
    value: object = 1
    for _ in range(300):
        value = [value]
    status, answer = _raw(cumulo, "/service/GraniteServiceVersion20100801/operation/PutMetricData",
                          cbor2.dumps({"Namespace": "n", "MetricData": value}),
                          {"Content-Type": "application/cbor", "Smithy-Protocol": "rpc-v2-cbor", "Authorization": _signed("monitoring")})
    assert status == 400 and cbor2.loads(answer)["__type"].endswith("SerializationException")
