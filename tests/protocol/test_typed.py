"""The typed JSON and CBOR fast paths (`parsing.typed`) against the generic one: whatever
body the fast path accepts, the generic path decodes to the same input and `validate` finds
nothing wrong in it; whatever it refuses goes the generic way, errors included."""

from __future__ import annotations

import base64
import decimal
import json
import random
from datetime import datetime, timedelta, timezone
from typing import Any

import cbor2

import pytest
from botocore.model import Shape

from cumulo.core.errors import AwsError
from cumulo.protocol.models import operation_model
from cumulo.protocol.parsing import cbor as cbor_parsing
from cumulo.protocol.parsing import json as json_parsing
from cumulo.protocol.parsing.tree import TreeCompiler, object_body
from cumulo.protocol.parsing.typed import typed_converter, typed_decoder
from cumulo.protocol.validation import _checker

OPERATIONS = [
    ("firehose", "PutRecordBatch"),
    ("firehose", "PutRecord"),
    ("firehose", "CreateDeliveryStream"),
    ("kinesis", "PutRecords"),
    ("kinesis", "GetRecords"),
    ("kinesis", "GetShardIterator"),
    ("kinesis", "ListShards"),
    ("sqs", "SendMessageBatch"),
    ("sqs", "CreateQueue"),
    ("logs", "PutLogEvents"),
    ("dynamodb", "CreateTable"),
    ("secretsmanager", "CreateSecret"),
    ("dynamodb", "PutItem"),
    ("dynamodb", "GetItem"),
    ("dynamodb", "Query"),
    ("dynamodb", "BatchWriteItem"),
    ("dynamodb", "UpdateItem"),
    # timestamps
    ("cloudwatch", "PutMetricData"),
    ("cloudwatch", "GetMetricStatistics"),
    ("cloudwatch", "GetMetricData"),
    ("kinesis", "GetShardIterator"),
    ("dynamodb", "RestoreTableToPointInTime"),
]
# smithy-rpc-v2-cbor bodies (CloudWatch speaks it)
# Shapes so wide that bodies bent as often as the others are never all valid: bent less.
WIDE = {("firehose", "CreateDeliveryStream"), ("cloudwatch", "PutMetricAlarm")}
CBOR_OPERATIONS = [
    ("cloudwatch", "PutMetricData"),
    ("cloudwatch", "GetMetricStatistics"),
    ("cloudwatch", "GetMetricData"),
    ("cloudwatch", "PutMetricAlarm"),
    ("cloudwatch", "PutDashboard"),
    ("cloudwatch", "TagResource"),
]
NOW = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)
# CBOR's values that are not JSON's: tags cbor2 decodes into objects of its own
CBOR_ODDITIES = [decimal.Decimal("1.5"), {1, 2}, NOW.date(), cbor2.CBORTag(9999, 1), cbor2.undefined, b"raw", 2**70]


def _value(shape: Shape, rng: random.Random, depth: int = 0, cbor: bool = False, bend: float = 0.03) -> Any:
    """A value for `shape`, sometimes bent: wrong types, nulls, bad base64, sizes out of range
    (and with `cbor`, CBOR's own values: byte strings, datetimes, decimals, sets, tags)."""
    roll = rng.random()
    if roll < bend:
        return None
    if roll < 2 * bend:
        return rng.choice([1, "x", [], {}, True, 1.5, *(CBOR_ODDITIES if cbor else [])])
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        out = {}
        for name, member in shape.members.items():
            if name in shape.required_members or rng.random() < (0.5 if depth < 6 else 0.05):
                out[name] = _value(member, rng, depth + 1, cbor, bend)
        if rng.random() < 0.03:
            out["Unknown"] = [[["deep"]]]
        return out
    if kind == "list":
        count = rng.choice([0, 1, 2, 3]) if depth < 4 else 0
        return [_value(shape.member, rng, depth + 1, cbor, bend) for _ in range(count)]
    if kind == "map":
        count = rng.choice([0, 1, 2]) if depth < 4 else 0
        return {rng.choice(["k", "", "a" * 300, "Key-1"]): _value(shape.value, rng, depth + 1, cbor, bend) for _ in range(count)}
    if kind == "string":
        if shape.enum and rng.random() < 1 - 6 * bend:
            return rng.choice(shape.enum)
        low, high = meta.get("min", 0), min(meta.get("max", 20), 40)
        if rng.random() < 0.5 - 15 * bend:  # wide shapes: mostly plain
            return "a" * max(low, 1)
        return rng.choice(["a" * max(low, 1), "a" * (high + 1), "", "arn:aws:iam::123456789012:role/r", "b" * max(low, 3), "x y"])
    if kind == "blob":
        if cbor:
            return rng.choice([b"", b"z" * rng.choice([1, 5, 100]), "text"])
        data = base64.b64encode(b"z" * rng.choice([0, 1, 5, 100])).decode()
        return rng.choice([data, data.rstrip("="), "%%%", data])
    if kind in ("integer", "long"):
        return rng.choice([0, 1, 5, 10_000, -1, 2.0, meta.get("min", 0), meta.get("max", 3)])
    if kind in ("float", "double"):
        return rng.choice([0, 1.5, 3, "NaN"])
    if kind == "boolean":
        return rng.choice([True, False, "true"])
    if kind == "timestamp":
        stamps: list[Any] = [1_700_000_000, 1_700_000_000.123456, 1_700_000_000.9999996, -5, 0, 1e20, -1e20, 10**30,
                             "2024-01-01T00:00:00Z", "1700000000", "Tue, 29 Apr 2014 18:30:38 GMT", "garbage", True]
        if cbor:
            stamps += [NOW, NOW + timedelta(seconds=0.5), NOW.replace(tzinfo=None), decimal.Decimal("1700000000.5")]
        return rng.choice(stamps)
    return None


@pytest.mark.parametrize(("service", "operation"), OPERATIONS)
def test_fast_path_agrees_with_the_generic_path(service: str, operation: str) -> None:
    model = operation_model(service, operation)
    fast = typed_decoder(model.input_shape)
    generic = object_body(TreeCompiler(blobs_base64=True).compile(model.input_shape), json_parsing.load_json, "JSON")
    checker = _checker(model)
    rng = random.Random(f"{service}.{operation}")
    accepted = 0
    for _ in range(400):
        body = json.dumps(_value(model.input_shape, rng, bend=0.002 if (service, operation) in WIDE else 0.03)).encode()
        got = fast(body) if fast is not None else None
        if got is None:
            continue
        accepted += 1
        assert got == generic(body), body
        assert checker is None or not checker(got), body
    # CreateDeliveryStream's ARN patterns are never met at random: only agreement is checked there
    if fast is not None and (service, operation) != ("firehose", "CreateDeliveryStream"):
        assert accepted > 0


def _fast_cbor(fast: Any, body: bytes) -> dict[str, Any] | None:
    """What the CBOR fast path makes of a body (None: it leaves it to the generic path)."""
    try:
        value = cbor2.loads(body, semantic_decoders=cbor_parsing._PLAIN, tag_hook=cbor_parsing._refuse)
    except Exception:
        return None
    return fast(value, len(body)) if value.__class__ is dict else None


@pytest.mark.parametrize(("service", "operation"), CBOR_OPERATIONS)
def test_cbor_fast_path_agrees_with_the_generic_path(service: str, operation: str) -> None:
    model = operation_model(service, operation)
    fast = typed_converter(model.input_shape)
    assert fast is not None
    generic = object_body(TreeCompiler(blobs_base64=False).compile(model.input_shape), cbor_parsing.load_cbor, "CBOR map")
    checker = _checker(model)
    rng = random.Random(f"cbor.{service}.{operation}")
    accepted = 0
    for _ in range(400):
        value = _value(model.input_shape, rng, cbor=True, bend=0.002 if (service, operation) in WIDE else 0.03)
        body = cbor2.dumps(value, datetime_as_timestamp=rng.random() < 0.8, timezone=timezone.utc)
        got = _fast_cbor(fast, body)
        if got is None:
            continue
        accepted += 1
        assert got == generic(body), body
        assert checker is None or not checker(got), body
    assert accepted > 0


def test_timestamps_take_the_fast_path_with_the_generic_values() -> None:
    model = operation_model("cloudwatch", "PutMetricData")
    datum = {"MetricName": "m", "Value": 1.0}
    parse = json_parsing.compile_operation(model)
    body = json.dumps({"Namespace": "n", "MetricData": [{**datum, "Timestamp": 1_700_000_000.5}, {**datum, "Timestamp": 1_700_000_000}]})
    assert typed_decoder(model.input_shape)(body.encode()) is not None
    stamps = [d["Timestamp"] for d in parse(body.encode())["MetricData"]]
    assert stamps == [datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc), datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)]
    # a timestamp the generic path cannot read: its error
    with pytest.raises(AwsError):
        from cumulo.protocol.validation import validate

        validate(model, parse(b'{"Namespace": "n", "MetricData": [{"MetricName": "m", "Timestamp": "soon"}]}'), "json")
    cbor_parse = cbor_parsing.compile_operation(model)
    body = cbor2.dumps({"Namespace": "n", "MetricData": [{**datum, "Timestamp": NOW}]}, datetime_as_timestamp=True)
    assert _fast_cbor(typed_converter(model.input_shape), body) is not None
    assert cbor_parse(body)["MetricData"][0]["Timestamp"] == NOW


def test_cbor_tags_the_fast_path_refuses_get_the_generic_answer() -> None:
    model = operation_model("cloudwatch", "PutMetricData")
    parse = cbor_parsing.compile_operation(model)
    fast = typed_converter(model.input_shape)
    # a decimal where a double goes: msgspec would take it, the generic path leaves it to validation
    body = cbor2.dumps({"Namespace": "n", "MetricData": [{"MetricName": "m", "Value": decimal.Decimal("1.5")}]})
    assert _fast_cbor(fast, body) is None
    assert parse(body)["MetricData"][0]["Value"] == decimal.Decimal("1.5")
    with pytest.raises(AwsError):
        parse(b"\xff\x00")


def test_firehose_and_kinesis_batches_take_the_fast_path() -> None:
    for service, operation in (("firehose", "PutRecordBatch"), ("kinesis", "PutRecords")):
        assert typed_decoder(operation_model(service, operation).input_shape) is not None


def test_refused_bodies_get_the_generic_answer() -> None:
    parse = json_parsing.compile_operation(operation_model("firehose", "PutRecordBatch"))
    assert parse(b'{"DeliveryStreamName": "s", "Records": [{"Data": "YWI="}]}') == {"DeliveryStreamName": "s", "Records": [{"Data": b"ab"}]}
    # unpadded base64, nulls and unknown keys: the generic path's reading
    assert parse(b'{"DeliveryStreamName": "s", "Records": [{"Data": "YWI"}], "X": 1, "Y": null}') == {"DeliveryStreamName": "s", "Records": [{"Data": b"ab"}]}
    with pytest.raises(AwsError) as caught:
        parse(b'{"DeliveryStreamName": "s", "Records": ' + b"[" * 200 + b"]" * 200 + b"}")
    assert caught.value.code == "SerializationException"


def test_plain_batch_answers_pass_through_and_others_are_converted() -> None:
    from cumulo.protocol.serializing.json import to_json

    shape = operation_model("firehose", "PutRecordBatch").output_shape
    answers = [{"RecordId": "a"}, {"RecordId": "b"}]
    out = to_json(shape, {"FailedPutCount": 0, "Encrypted": False, "RequestResponses": answers})
    assert out["RequestResponses"] is answers
    # a None member or a key the model does not know: rebuilt as the shape says
    out = to_json(shape, {"RequestResponses": [{"RecordId": "a", "ErrorCode": None}, {"RecordId": "b", "Internal": 1}]})
    assert out == {"RequestResponses": [{"RecordId": "a"}, {"RecordId": "b"}]}


def test_recursive_shapes_keep_the_depth_rule() -> None:
    parse = json_parsing.compile_operation(operation_model("dynamodb", "PutItem"))
    item = b'{"S": "x"}'
    for _ in range(40):  # 80 JSON levels: within the rule
        item = b'{"M": {"k": ' + item + b"}}"
    assert parse(b'{"TableName": "t", "Item": {"pk": ' + item + b"}}")["TableName"] == "t"
    for _ in range(40):  # 160: past it
        item = b'{"M": {"k": ' + item + b"}}"
    with pytest.raises(AwsError) as caught:
        parse(b'{"TableName": "t", "Item": {"pk": ' + item + b"}}")
    assert caught.value.code == "SerializationException"
