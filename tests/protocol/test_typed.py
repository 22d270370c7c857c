"""The typed JSON fast path (`parsing.typed`) against the generic one: whatever body
the fast path accepts, the generic path decodes to the same input and `validate` finds
nothing wrong in it; whatever it refuses goes the generic way, errors included."""

from __future__ import annotations

import base64
import json
import random
from typing import Any

import pytest
from botocore.model import Shape

from cumulo.core.errors import AwsError
from cumulo.protocol.models import operation_model
from cumulo.protocol.parsing import json as json_parsing
from cumulo.protocol.parsing.tree import TreeCompiler, object_body
from cumulo.protocol.parsing.typed import typed_decoder
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
]


def _value(shape: Shape, rng: random.Random, depth: int = 0) -> Any:
    """A value for `shape`, sometimes bent: wrong types, nulls, bad base64, sizes out of range."""
    roll = rng.random()
    if roll < 0.03:
        return None
    if roll < 0.06:
        return rng.choice([1, "x", [], {}, True, 1.5])
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        out = {}
        for name, member in shape.members.items():
            if name in shape.required_members or rng.random() < (0.5 if depth < 6 else 0.05):
                out[name] = _value(member, rng, depth + 1)
        if rng.random() < 0.03:
            out["Unknown"] = [[["deep"]]]
        return out
    if kind == "list":
        count = rng.choice([0, 1, 2, 3]) if depth < 4 else 0
        return [_value(shape.member, rng, depth + 1) for _ in range(count)]
    if kind == "map":
        count = rng.choice([0, 1, 2]) if depth < 4 else 0
        return {rng.choice(["k", "", "a" * 300, "Key-1"]): _value(shape.value, rng, depth + 1) for _ in range(count)}
    if kind == "string":
        if shape.enum and rng.random() < 0.8:
            return rng.choice(shape.enum)
        low, high = meta.get("min", 0), min(meta.get("max", 20), 40)
        return rng.choice(["a" * max(low, 1), "a" * (high + 1), "", "arn:aws:iam::123456789012:role/r", "b" * max(low, 3), "x y"])
    if kind == "blob":
        data = base64.b64encode(b"z" * rng.choice([0, 1, 5, 100])).decode()
        return rng.choice([data, data.rstrip("="), "%%%", data])
    if kind in ("integer", "long"):
        return rng.choice([0, 1, 5, 10_000, -1, 2.0, meta.get("min", 0), meta.get("max", 3)])
    if kind in ("float", "double"):
        return rng.choice([0, 1.5, 3, "NaN"])
    if kind == "boolean":
        return rng.choice([True, False, "true"])
    if kind == "timestamp":
        return rng.choice([1_700_000_000, "2024-01-01T00:00:00Z"])
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
        body = json.dumps(_value(model.input_shape, rng)).encode()
        got = fast(body) if fast is not None else None
        if got is None:
            continue
        accepted += 1
        assert got == generic(body), body
        assert checker is None or not checker(got), body
    if fast is not None:
        assert accepted > 0


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
