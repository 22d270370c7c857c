"""Every output vector in ../shared/protocol-tests, through our serializer and botocore's parser.

For each case: build the suite's miniature service model, turn the case's
`result` (or its `errorCode`/`errorMessage`/`error`) into the plain values a
handler returns (datetimes, bytes, floats), serialize it with cumulo, then read
the response back with `botocore.parsers.create_parser(protocol)` the way
botocore's own `tests/unit/test_protocols.py` does, and compare semantically.
Only the cases in `protocol-tests-ignore-list.json` are skipped.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.model import OperationModel, ServiceModel, Shape
from botocore.parsers import create_parser

from cumulo.core.errors import AwsError
from cumulo.protocol.serializing import serialize, serialize_error
from tests.protocol.serializer_clients import body_bytes

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "protocol-tests"
SPECIAL_FLOATS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}
REQUEST_ID = "foo-id"


def _ignored(ignore: dict, protocol: str, suite: str, case_id: str) -> str | None:
    general = ignore.get("general", {}).get("output", {})
    if suite in general.get("suites", []) or case_id in general.get("cases", []):
        return "in botocore's protocol-tests-ignore-list.json for every protocol (botocore skips it too)"
    own = ignore.get("protocols", {}).get(protocol, {}).get("output", {})
    if suite in own.get("suites", []) or case_id in own.get("cases", []):
        return f"in botocore's protocol-tests-ignore-list.json for {protocol} output (botocore skips it too)"
    return None


def _cases() -> list[Any]:
    if not VECTORS.is_dir():
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason=f"no vectors at {VECTORS}"))]
    ignore = json.loads((VECTORS / "protocol-tests-ignore-list.json").read_text())
    params = []
    for path in sorted((VECTORS / "output").glob("*.json")):
        protocol = path.stem
        for suite in json.loads(path.read_text()):
            for case in suite["cases"]:
                reason = _ignored(ignore, protocol, suite["description"], case["id"])
                marks = [pytest.mark.skip(reason=reason)] if reason else []
                params.append(pytest.param(protocol, suite, case, id=f"{protocol}:{case['id']}", marks=marks))
    return params


CASES = _cases()


# --- vector values -> handler values, and parsed values -> vector values -----


def native(shape: Shape | None, value: Any) -> Any:
    """The vector's JSON-friendly value as a handler would return it."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return value
        members = shape.members
        return {k: native(members.get(k), v) for k, v in value.items()}
    if kind == "list":
        return [native(shape.member, v) for v in value]
    if kind == "map":
        return {k: native(shape.value, v) for k, v in value.items()}
    if kind == "timestamp" and isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc)
    if kind == "blob" and isinstance(value, str):
        return value.encode("utf-8")
    if kind in ("float", "double") and value in SPECIAL_FLOATS:
        return SPECIAL_FLOATS[value]
    return value


def comparable(value: Any) -> Any:
    """botocore's parsed value in the vectors' notation."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, datetime):
        seconds = round(value.timestamp(), 3)
        return int(seconds) if seconds.is_integer() else seconds
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
    return value


def build(suite: dict, case: dict) -> tuple[ServiceModel, OperationModel]:
    description = copy.deepcopy({k: v for k, v in suite.items() if k != "cases"})
    given = copy.deepcopy(case["given"])
    description["operations"] = {given["name"]: given}
    model = ServiceModel(description)
    return model, model.operation_model(given["name"])


def aws_error(model: ServiceModel, case: dict) -> AwsError:
    code = case["errorCode"]
    shape = model.shape_for_error_code(code)
    fields = native(shape, case.get("error") or {})
    message = case.get("errorMessage") or fields.pop("message", "") or ""
    fields.pop("message", None)
    return AwsError(code, message, **fields)


def parse_back(model: ServiceModel, operation: OperationModel, protocol: str, response: Any, is_error: bool) -> dict:
    raw = {
        "status_code": response.status,
        "headers": HeadersDict(response.headers),
        "body": body_bytes(response.body),
        "context": {"operation_name": operation.name},
    }
    parser = create_parser(protocol)
    output_shape = operation.output_shape
    if protocol == "query" and output_shape is not None and output_shape.members and not is_error:
        output_shape.serialization["resultWrapper"] = f"{operation.name}Result"
    parsed = parser.parse(raw, output_shape)
    if is_error:
        error_shape = model.shape_for_error_code(parsed.get("Error", {}).get("Code"))
        if error_shape is not None:
            parsed.update(parser.parse(raw, error_shape))
    parsed.pop("ResponseMetadata", None)
    if "Error" in parsed:
        parsed["Error"] = {k: v for k, v in parsed["Error"].items() if k in ("Code", "Message")}
    return comparable(parsed)


@pytest.mark.parametrize("protocol_file, suite, case", CASES)
def test_output_vector(protocol_file: str, suite: dict, case: dict) -> None:
    model, operation = build(suite, case)
    protocol = model.metadata["protocol"]
    is_error = "error" in case or "errorCode" in case
    if is_error:
        response = serialize_error(model, operation, aws_error(model, case), protocol, REQUEST_ID)
        expected = {"Error": {"Code": case.get("errorCode", ""), "Message": case.get("errorMessage", "")}}
        expected.update(case.get("error") or {})
    else:
        result = native(operation.output_shape, case["result"])
        response = serialize(operation, result, protocol, REQUEST_ID)
        expected = case["result"]
    parsed = parse_back(model, operation, protocol, response, is_error)
    assert parsed == expected, f"\nwire: {response.status} {response.headers}\n{response.body!r}"
