"""The ASL engines without a server: JSONPath reads and ResultPath writes,
payload templates, every intrinsic function, Choice rules; property tests where
a small language is involved."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cumulo.services.stepfunctions.asl import choice, intrinsics, paths, validate
from cumulo.services.stepfunctions.asl.errors import StatesError

DATA = {"a": {"b": [1, 2, {"c": "x"}]}, "n": 3, "s": "a,b;c", "items": [{"p": 1}, {"p": 2}], "weird key": 1}
CONTEXT = {"Execution": {"Id": "arn:e"}, "Map": {"Item": {"Index": 2}}}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text("abcxyz", min_size=1, max_size=4), inner, max_size=4),
    max_leaves=12,
)
keys = st.text("abcdefgh", min_size=1, max_size=5)


@pytest.mark.parametrize(("path", "expected"), [
    ("$", DATA), ("$.n", 3), ("$.a.b[2].c", "x"), ("$.a.b[-1]", {"c": "x"}), ("$['weird key']", 1),
    ("$.items[*].p", [1, 2]), ("$..c", ["x"]), ("$.items[?(@.p > 1)]", [{"p": 2}]), ("$$.Execution.Id", "arn:e"),
])
def test_read(path: str, expected: Any) -> None:
    assert paths.read(DATA, path, CONTEXT) == expected


def test_read_missing_is_states_runtime() -> None:
    with pytest.raises(StatesError) as error:
        paths.read(DATA, "$.a.nope", CONTEXT)
    assert error.value.error == "States.Runtime" and "$.a.nope" in error.value.cause


@given(st.dictionaries(keys, st.integers() | st.dictionaries(keys, st.text(max_size=3), max_size=3), max_size=5),
       st.lists(keys, min_size=1, max_size=4), json_values)
def test_write_then_read_gives_the_value_back(data: dict[str, Any], steps: list[str], value: Any) -> None:
    path = "$." + ".".join(steps)
    written = paths.write(data, path, value)
    assert paths.read(written, path) == value
    # The input itself is never changed.
    assert paths.write(data, path, value) == written


@given(json_values)
def test_write_root_and_null(value: Any) -> None:
    assert paths.write({"k": 1}, "$", value) == value
    assert paths.write({"k": 1}, None, value) == {"k": 1}


def test_template() -> None:
    out = paths.template({"x.$": "$.n", "nested": {"y.$": "$$.Map.Item.Index", "lit": [1, {"z.$": "$.s"}]},
                          "f.$": "States.Format('{}-{}', $.n, $.a.b[0])", "plain": "$.n"}, DATA, CONTEXT)
    assert out == {"x": 3, "nested": {"y": 2, "lit": [1, {"z": "a,b;c"}]}, "f": "3-1", "plain": "$.n"}


@pytest.mark.parametrize(("expr", "expected"), [
    ("States.Format('x={} y={}', $.n, 'q')", "x=3 y=q"),
    ("States.Format('brace \\\\{\\\\} {}', $.a)", 'brace {} {"b":[1,2,{"c":"x"}]}'),
    ("States.StringToJson('{\"k\": [1]}')", {"k": [1]}),
    ("States.JsonToString($.a)", '{"b":[1,2,{"c":"x"}]}'),
    ("States.Array(1, 'two', $.n, true, null)", [1, "two", 3, True, None]),
    ("States.ArrayPartition(States.Array(1,2,3,4,5), 2)", [[1, 2], [3, 4], [5]]),
    ("States.ArrayContains($.a.b, 2)", True),
    ("States.ArrayContains($.a.b, 9)", False),
    ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
    ("States.ArrayRange(5, 1, -2)", [5, 3, 1]),
    ("States.ArrayGetItem($.a.b, 1)", 2),
    ("States.ArrayLength($.items)", 2),
    ("States.ArrayUnique(States.Array(1, 1, 'a', 'a', true, 1))", [1, "a", True]),
    ("States.Base64Encode('hello')", "aGVsbG8="),
    ("States.Base64Decode('aGVsbG8=')", "hello"),
    ("States.Hash('hello', 'SHA-1')", hashlib.sha1(b"hello").hexdigest()),
    ("States.JsonMerge(States.StringToJson('{\"a\":1,\"b\":1}'), States.StringToJson('{\"b\":2}'), false)", {"a": 1, "b": 2}),
    ("States.MathAdd($.n, -5)", -2),
    ("States.StringSplit($.s, ',;')", ["a", "b", "c"]),
])
def test_intrinsics(expr: str, expected: Any) -> None:
    assert intrinsics.evaluate(expr, DATA, CONTEXT) == expected


def test_uuid_and_random() -> None:
    first = intrinsics.evaluate("States.UUID()", DATA, CONTEXT)
    assert len(first) == 36 and first != intrinsics.evaluate("States.UUID()", DATA, CONTEXT)
    for _ in range(20):
        assert 1 <= intrinsics.evaluate("States.MathRandom(1, 5)", DATA, CONTEXT) < 5
    assert intrinsics.evaluate("States.MathRandom(1, 1000, 7)", DATA, CONTEXT) == intrinsics.evaluate("States.MathRandom(1, 1000, 7)", DATA, CONTEXT)


@pytest.mark.parametrize("expr", [
    "States.ArrayGetItem($.a.b, 7)", "States.Hash('x', 'CRC32')", "States.Base64Decode('***')",
    "States.Format('{} {}', 1)", "States.MathAdd('a', 1)", "States.JsonMerge($.a, $.a, true)", "States.ArrayRange(1, 2, 0)",
    "States.Nope(1)", "States.Array(1,", "States.StringToJson('{bad')",
])
def test_intrinsic_failures(expr: str) -> None:
    with pytest.raises(StatesError) as error:
        intrinsics.evaluate(expr, DATA, CONTEXT)
    assert error.value.error == "States.IntrinsicFailure"


@given(st.text(max_size=40))
def test_base64_round_trip(text: str) -> None:
    literal = base64.b64encode(text.encode()).decode()
    assert intrinsics.evaluate(f"States.Base64Decode('{literal}')", {}, {}) == text
    assert intrinsics.evaluate("States.Base64Encode($.t)", {"t": text}, {}) == literal


@given(json_values)
def test_json_string_round_trip(value: Any) -> None:
    text = intrinsics.evaluate("States.JsonToString($.v)", {"v": value}, {})
    assert json.loads(text) == value
    assert intrinsics.evaluate("States.StringToJson($.t)", {"t": text}, {}) == value


@given(st.lists(st.integers(-50, 50), max_size=30), st.integers(1, 7))
def test_partition_concatenates_back(items: list[int], size: int) -> None:
    parts = intrinsics.evaluate(f"States.ArrayPartition($.v, {size})", {"v": items}, {})
    assert [x for part in parts for x in part] == items and all(0 < len(p) <= size for p in parts)


@given(st.integers(-100, 100), st.integers(-100, 100), st.integers(1, 9))
def test_range_matches_python(start: int, end: int, step: int) -> None:
    step = step if end >= start else -step
    assert intrinsics.evaluate(f"States.ArrayRange({start}, {end}, {step})", {}, {}) == list(
        range(start, end + (1 if step > 0 else -1), step))


@pytest.mark.parametrize(("rule", "expected"), [
    ({"Variable": "$.n", "NumericEquals": 3}, True),
    ({"Variable": "$.n", "NumericGreaterThanEquals": 4}, False),
    ({"Variable": "$.s", "StringEquals": "a,b;c"}, True),
    ({"Variable": "$.s", "StringLessThan": "b"}, True),
    ({"Variable": "$.s", "StringMatches": "a*c"}, True),
    ({"Variable": "$.s", "StringMatches": "a\\*"}, False),
    ({"Variable": "$.n", "StringEquals": "3"}, False),
    ({"Variable": "$.t", "TimestampLessThan": "2030-01-01T00:00:00Z"}, True),
    ({"Variable": "$.t", "IsTimestamp": True}, True),
    ({"Variable": "$.nope", "IsPresent": False}, True),
    ({"Variable": "$.z", "IsNull": True}, True),
    ({"Variable": "$.f", "BooleanEquals": False}, True),
    ({"Variable": "$.n", "NumericEqualsPath": "$.three"}, True),
    ({"Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.n", "IsNumeric": True}]}, True),
    ({"Not": {"Variable": "$.s", "IsString": True}}, False),
])
def test_choice_rules(rule: dict[str, Any], expected: bool) -> None:
    data = {"n": 3, "three": 3, "s": "a,b;c", "t": "2026-01-01T10:00:00.5Z", "z": None, "f": False}
    assert choice.evaluate(rule, data, {}) is expected


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_numeric_operators_agree_with_python(a: int, b: int) -> None:
    data = {"a": a}
    for op, fn in (("NumericLessThan", a < b), ("NumericGreaterThan", a > b), ("NumericEquals", a == b),
                   ("NumericLessThanEquals", a <= b), ("NumericGreaterThanEquals", a >= b)):
        assert choice.evaluate({"Variable": "$.a", op: b}, data, {}) is fn


def test_validate_reports_locations() -> None:
    found = validate.diagnostics(json.dumps({"StartAt": "A", "States": {
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Next": "B"}], "Default": "Z"},
        "B": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass"}}}, "End": True}}}))
    assert ("MISSING_TRANSITION_TARGET", "Missing 'Next' target: Z", "/States/A/Default") in found
    assert any(code == "SCHEMA_VALIDATION_FAILED" and loc == "/States/A/Choices/0" for code, _, loc in found)
    assert any(loc == "/States/B/ItemProcessor/States/I" for _, _, loc in found)


def test_jsonata_functions_step_functions_adds() -> None:
    from cumulo.services.stepfunctions.asl import jsonata

    out = jsonata.evaluate({"p": "{% $partition([1,2,3,4,5], 2) %}", "r": "{% $range(0, 10, 5) %}",
                            "h": "{% $hash('x', 'SHA-256') %}", "u": "{% $length($uuid()) %}",
                            "j": "{% $parse('{\"a\": 1}').a %}", "x": "{% $random() < 1 %}",
                            "v": "{% $states.input.n * 2 %}"}, {"states": {"input": {"n": 4}}})
    assert out == {"p": [[1, 2], [3, 4], [5]], "r": [0, 5, 10], "h": hashlib.sha256(b"x").hexdigest(), "u": 36, "j": 1,
                   "x": True, "v": 8}
