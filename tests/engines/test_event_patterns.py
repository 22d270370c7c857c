"""The event pattern engine: every operator, validation reasons and complexity measures."""

from __future__ import annotations

import pytest

from cumulo.engines.event_patterns import Complexity, PatternError, compile, matches, matches_any, parse


def ok(pattern: dict, event: object) -> bool:
    return compile(pattern).matches(event)


def test_exact_strings_numbers_booleans_null_and_empty() -> None:
    assert ok({"a": ["x"]}, {"a": "x"})
    assert not ok({"a": ["x"]}, {"a": "X"})
    assert not ok({"a": ["5"]}, {"a": 5})
    assert ok({"a": [5]}, {"a": 5.0})
    assert not ok({"a": [1]}, {"a": True})
    assert ok({"a": [True]}, {"a": True})
    assert not ok({"a": [True]}, {"a": 1})
    assert ok({"a": [None]}, {"a": None})
    assert not ok({"a": [None]}, {})
    assert ok({"a": [""]}, {"a": ""})
    assert not ok({"a": [""]}, {"a": None})


def test_arrays_in_events_match_any_element() -> None:
    assert ok({"a": ["x"]}, {"a": ["y", "x"]})
    assert not ok({"a": ["x"]}, {"a": []})
    assert ok({"a": [{"exists": False}]}, {"a": []})
    assert ok({"a": {"b": ["1"]}}, {"a": [{"b": "0"}, {"b": "1"}]})
    # a nested pattern's fields must match within one element
    assert not ok({"a": {"b": ["1"], "c": ["2"]}}, {"a": [{"b": "1"}, {"c": "2"}]})
    assert ok({"a": {"b": ["1"], "c": ["2"]}}, {"a": [{"b": "1", "c": "2"}]})


def test_nested_objects() -> None:
    p = {"detail": {"state": ["running"], "inner": {"n": [{"numeric": [">", 1]}]}}}
    assert ok(p, {"detail": {"state": "running", "inner": {"n": 2}}})
    assert not ok(p, {"detail": {"state": "running", "inner": {"n": 1}}})
    assert not ok(p, {"detail": "running"})
    assert ok({"a": {"b": [{"exists": False}]}}, {})


def test_prefix_suffix_and_their_case_insensitive_forms() -> None:
    assert ok({"a": [{"prefix": "ab"}]}, {"a": "abc"})
    assert not ok({"a": [{"prefix": "ab"}]}, {"a": "Abc"})
    assert ok({"a": [{"prefix": {"equals-ignore-case": "AB"}}]}, {"a": "abc"})
    assert ok({"a": [{"suffix": ".png"}]}, {"a": "x.png"})
    assert ok({"a": [{"suffix": {"equals-ignore-case": ".PNG"}}]}, {"a": "x.png"})
    assert not ok({"a": [{"prefix": "1"}]}, {"a": 12})


def test_equals_ignore_case_and_wildcard() -> None:
    assert ok({"a": [{"equals-ignore-case": "HeLLo"}]}, {"a": "hello"})
    assert ok({"a": [{"wildcard": "dir/*.png"}]}, {"a": "dir/sub/x.png"})
    assert not ok({"a": [{"wildcard": "dir/*.png"}]}, {"a": "dir/x.jpg"})
    assert ok({"a": [{"wildcard": "a\\*b"}]}, {"a": "a*b"})
    assert not ok({"a": [{"wildcard": "a\\*b"}]}, {"a": "axb"})
    assert ok({"a": [{"wildcard": "a?[b]"}]}, {"a": "a?[b]"})  # only * is special
    assert not ok({"a": [{"wildcard": "a?"}]}, {"a": "ab"})


def test_anything_but_forms() -> None:
    assert ok({"a": [{"anything-but": "x"}]}, {"a": "y"})
    assert not ok({"a": [{"anything-but": ["x", "y"]}]}, {"a": "y"})
    assert not ok({"a": [{"anything-but": [1, 2]}]}, {"a": 2.0})
    assert ok({"a": [{"anything-but": [1, 2]}]}, {"a": 3})
    assert not ok({"a": [{"anything-but": "x"}]}, {})
    assert not ok({"a": [{"anything-but": {"prefix": "in"}}]}, {"a": "init"})
    assert ok({"a": [{"anything-but": {"suffix": ".tmp"}}]}, {"a": "a.txt"})
    assert not ok({"a": [{"anything-but": {"wildcard": ["*.tmp", "x*"]}}]}, {"a": "xa"})
    assert ok({"a": [{"anything-but": {"equals-ignore-case": ["A", "B"]}}]}, {"a": "c"})
    assert not ok({"a": [{"anything-but": {"equals-ignore-case": "A"}}]}, {"a": "a"})
    # an array field matches when any element is not banned
    assert ok({"a": [{"anything-but": "x"}]}, {"a": ["x", "y"]})


def test_numeric_ranges() -> None:
    p = {"n": [{"numeric": [">", 0, "<=", 5]}]}
    assert [ok(p, {"n": v}) for v in (0, 0.1, 5, 5.1, "3", True)] == [False, True, True, False, False, False]
    assert ok({"n": [{"numeric": ["=", 3]}]}, {"n": 3.0})
    assert ok({"n": [{"numeric": ["<", 0]}]}, {"n": -1})
    assert ok({"n": [{"numeric": [">=", 10]}]}, {"n": 10})


def test_exists_is_for_leaves() -> None:
    assert ok({"a": [{"exists": True}]}, {"a": None})
    assert ok({"a": [{"exists": True}]}, {"a": 0})
    assert not ok({"a": [{"exists": True}]}, {"a": {"b": 1}})
    assert not ok({"a": [{"exists": True}]}, {})
    assert ok({"a": [{"exists": False}]}, {"b": 1})
    assert not ok({"a": [{"exists": False}]}, {"a": "x"})


def test_cidr() -> None:
    assert ok({"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": "10.0.0.255"})
    assert not ok({"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": "10.0.1.0"})
    assert not ok({"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": "not-an-ip"})
    assert ok({"ip": [{"cidr": "2001:db8::/32"}]}, {"ip": "2001:db8::1"})


def test_or_at_any_level() -> None:
    p = {"a": ["1"], "$or": [{"b": ["2"]}, {"c": {"d": ["3"]}}]}
    assert ok(p, {"a": "1", "b": "2"})
    assert ok(p, {"a": "1", "c": {"d": "3"}})
    assert not ok(p, {"a": "1"})
    nested = {"x": {"$or": [{"y": ["1"]}, {"z": ["2"]}]}}
    assert ok(nested, {"x": {"z": "2"}})


def test_empty_pattern_and_non_object_events() -> None:
    assert ok({}, {"anything": 1})
    assert ok({"a": [{"exists": False}]}, "a plain string")
    assert matches_any([], {"a": 1})
    assert matches({"a": ["1"]}, {"a": "1"})
    assert matches_any([{"a": ["2"]}, parse('{"a": ["1"]}')], {"a": "1"})


@pytest.mark.parametrize(
    "pattern, reason",
    [
        ("[1]", "Filter is not an object"),
        ("{", "Filter is not valid JSON"),
        ('{"a": NaN}', "numbers must be finite"),
        ('{"a": "x"}', 'Match value of "a" must be an array or an object'),
        ('{"a": []}', "Empty arrays are not allowed"),
        ('{"a": {}}', "Empty objects are not allowed"),
        ('{"a": [[1]]}', "Match value must be String, number, true, false, or null"),
        ('{"a": [{"nope": 1}]}', "Unrecognized match type nope"),
        ('{"a": [{"prefix": "x", "suffix": "y"}]}', "exactly one operator"),
        ('{"a": [{"prefix": 1}]}', "prefix match pattern must be a string"),
        ('{"a": [{"exists": "yes"}]}', "exists match pattern must be either true or false"),
        ('{"a": [{"numeric": 5}]}', "Value of numeric must be an array"),
        ('{"a": [{"numeric": [">", 1, "<", 2, "=", 3]}]}', "Too many elements in numeric expression"),
        ('{"a": [{"numeric": ["~", 1]}]}', "Unrecognized numeric range operator: ~"),
        ('{"a": [{"numeric": [">", "1"]}]}', "Value of > must be numeric"),
        ('{"a": [{"numeric": [">", 5, "<", 1]}]}', "Bottom must be less than top"),
        ('{"a": [{"numeric": [">", 1, ">", 2]}]}', "only one lower bound"),
        ('{"a": [{"numeric": ["=", 1, "<", 2]}]}', '"=" must be the only operator'),
        ('{"a": [{"anything-but": [null]}]}', "only strings and numbers"),
        ('{"a": [{"anything-but": []}]}', "Empty arrays are not allowed"),
        ('{"a": [{"anything-but": {"numeric": [">", 1]}}]}', "Unsupported anything-but pattern: numeric"),
        ('{"a": [{"wildcard": "a**"}]}', "Consecutive wildcard characters"),
        ('{"a": [{"wildcard": "a\\\\b"}]}', "Invalid escape character"),
        ('{"a": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR"),
        ('{"a": [{"cidr": "10.0.0.300/8"}]}', "Nonstandard IP address"),
        ('{"$or": {"a": ["1"]}}', "Or relationship field must be an array of objects"),
        ('{"$or": [{"a": ["1"]}]}', "at least 2 objects"),
    ],
)
def test_validation_reasons(pattern: str, reason: str) -> None:
    with pytest.raises(PatternError) as raised:
        parse(pattern)
    assert reason in raised.value.reason
    assert isinstance(raised.value, ValueError)  # callers that caught ValueError keep working


def test_errors_name_the_field() -> None:
    with pytest.raises(PatternError) as raised:
        parse('{"detail": {"state": [{"numeric": [">", "x"]}]}}')
    assert raised.value.path == ("detail", "state") and raised.value.reason == "Value of > must be numeric"


def test_complexity_measures() -> None:
    assert compile({"a": ["1", "2", "3"], "b": ["x", "y"]}).complexity == Complexity(depth=1, fields=2, combinations=6, alternatives=1)
    p = compile({"a": ["1", "2"], "$or": [{"b": ["1"]}, {"c": ["1", "2", "3"]}], "d": {"e": {"f": [1]}}})
    assert p.complexity == Complexity(depth=3, fields=4, combinations=8, alternatives=2)
    assert sorted(path for path, _ in p.leaves()) == [("a",), ("a",), ("b",), ("c",), ("c",), ("c",), ("d", "e", "f")]
