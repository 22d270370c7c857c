"""Every request vector in ../shared/protocol-tests/input, read from the server's side.

For each case: build the suite's miniature service model, rebuild the HTTP
request the client sent (`serialized`), run `cumulo.protocol.parse`, and compare
the result with the `params` the client serialized, semantically (timestamps as
epoch values, blobs as bytes, NaN as NaN, null members as absent, and an empty
list or map the client omitted from the wire as absent: see UNSEEN).

Only the cases botocore itself ignores (protocol-tests-ignore-list.json) are
skipped, each with the reason. A summary line counts passed and skipped cases.
"""

from __future__ import annotations

import base64
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.model import ServiceModel

from cumulo.core.http import Request
from cumulo.protocol import parse
from cumulo.protocol.timestamps import parse_timestamp

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "protocol-tests"
IGNORE = json.loads((VECTORS / "protocol-tests-ignore-list.json").read_text())
TEST_NAME = "test_input_vector"
# Members the client was given as an empty list/map and, by design, did not
# send (query/ec2 lists and maps, REST querystring lists, prefix headers):
# the server reads them as absent. Listed in the summary line.
UNSEEN: list[str] = []
# Query-map entries that repeat a bound querystring member (one field on the wire).
DUPLICATED: list[str] = []


def _skip_reason(stem: str, suite: dict[str, Any], case: dict[str, Any]) -> str | None:
    if suite["description"] in IGNORE["general"]["input"]["suites"]:
        return f"botocore ignore list: suite {suite['description']!r}"
    cases = IGNORE["protocols"].get(stem, {}).get("input", {}).get("cases", [])
    if case["id"] in cases:
        return f"botocore ignore list: {stem} input case {case['id']}"
    return None


def _cases() -> list[Any]:
    out = []
    for path in sorted((VECTORS / "input").glob("*.json")):
        for suite in json.loads(path.read_text()):
            for case in suite["cases"]:
                reason = _skip_reason(path.stem, suite, case)
                marks = [pytest.mark.skip(reason=reason)] if reason else []
                out.append(pytest.param(path.stem, suite, case, id=f"{path.stem}:{case['id']}", marks=marks))
    return out


def _request(protocol: str, serialized: dict[str, Any]) -> Request:
    path, _, query = serialized["uri"].partition("?")
    body = serialized.get("body") or ""
    raw = base64.b64decode(body) if protocol == "smithy-rpc-v2-cbor" else body.encode("utf-8")
    headers = {k.lower(): v for k, v in serialized.get("headers", {}).items()}
    return Request(serialized["method"], path, query, headers, raw)


_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _same(actual: Any, expected: Any, where: str = "params") -> None:
    if isinstance(expected, dict):
        expected = {k: v for k, v in expected.items() if v is not None}
        assert isinstance(actual, dict), f"{where}: {actual!r} is not a dict"
        for key in set(expected) - set(actual):
            if expected[key] in ([], {}):  # omitted on the wire: no server can see it
                UNSEEN.append(f"{where}.{key}")
                del expected[key]
        assert set(actual) == set(expected), f"{where}: keys {sorted(actual)} != {sorted(expected)}"
        for key, value in expected.items():
            _same(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            _same(a, e, f"{where}[{i}]")
    elif isinstance(actual, datetime):
        want = parse_timestamp(expected).timestamp() if isinstance(expected, str) else expected
        assert actual.tzinfo is not None, f"{where}: naive datetime"
        assert abs(actual.timestamp() - want) < 1e-3, f"{where}: {actual} != {expected!r}"
    elif isinstance(actual, bytes) and isinstance(expected, str):
        assert actual == expected.encode("utf-8"), f"{where}: {actual!r} != {expected!r}"
    elif isinstance(actual, float) and (isinstance(expected, str) or isinstance(expected, float) and math.isnan(expected)):
        want = _FLOATS.get(expected, expected) if isinstance(expected, str) else expected
        assert (math.isnan(actual) and math.isnan(want)) or actual == want, f"{where}: {actual!r} != {expected!r}"
    else:
        assert actual == expected and type(actual) is type(expected) or (
            isinstance(expected, (int, float)) and not isinstance(expected, bool) and actual == expected
        ), f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize(("stem", "suite", "case"), _cases())
def test_input_vector(stem: str, suite: dict[str, Any], case: dict[str, Any]) -> None:
    given = case["given"]
    model = ServiceModel(
        {"metadata": suite["metadata"], "shapes": suite["shapes"], "operations": {given["name"]: given}},
        service_name="vectors",
    )
    operation = model.operation_model(given["name"])
    protocol = suite["metadata"]["protocol"]
    result = parse(_request(protocol, case["serialized"]), operation, protocol)
    _same(result, _without_bound_query_map_keys(operation, case["params"]), f"{stem}:{case['id']}")


def _without_bound_query_map_keys(operation: Any, params: dict[str, Any]) -> dict[str, Any]:
    """Drop querystring-map entries that repeat a field bound to its own member.

    Some cases give the client both `String="x"` and a query-params map holding
    `{"String": ["x"]}`: one field on the wire, which a server gives to the
    bound member (smithy: `@httpQuery` takes precedence over `@httpQueryParams`).
    """
    shape = operation.input_shape
    if shape is None:
        return params
    members = shape.members
    bound = {
        m.serialization.get("name", n)
        for n, m in members.items()
        if m.serialization.get("location") == "querystring" and m.type_name != "map"
    }
    out = dict(params)
    for name, value in params.items():
        member = members.get(name)
        if member is not None and member.serialization.get("location") == "querystring" and member.type_name == "map":
            kept = {k: v for k, v in value.items() if k not in bound}
            DUPLICATED.extend(f"{name}.{k}" for k in value if k in bound)
            out[name] = kept
    return out
