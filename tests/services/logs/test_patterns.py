"""The filter pattern engine, directly: examples from AWS's documentation and properties."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.logs.patterns import PatternError, compile, split_fields

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", min_size=1, max_size=8)
NUM = st.integers(min_value=-10**6, max_value=10**6)


@pytest.mark.parametrize(
    ("pattern", "message", "hit"),
    [
        ("", "anything", True),
        ("ERROR", "x ERROR y", True),
        ("ERROR", "x error y", False),
        ("ERROR Exception", "ERROR then Exception", True),
        ("ERROR -Exception", "ERROR then Exception", False),
        ("?ERROR ?WARN", "a WARN", True),
        ('"Failed to connect"', "Failed to connect to db", True),
        ("{ $.eventType = UpdateTrail }", '{"eventType": "UpdateTrail"}', True),
        ('{ $.sourceIPAddress != 123.123.* }', '{"sourceIPAddress": "10.0.0.1"}', True),
        ("{ $.arrayKey[0] = value }", '{"arrayKey": ["value", "x"]}', True),
        ("{ $.objectList[1].id = 2 }", '{"objectList": [{"id": 1}, {"id": 2}]}', True),
        ("{ $.bandwidth > 75 }", '{"bandwidth": 100}', True),
        ("{ $.bandwidth > 75 }", '{"bandwidth": "x"}', False),
        ("{ $.user.email = %[a-z]+@example\\.com% }", '{"user": {"email": "bob@example.com"}}', True),
        ("{ $.x IS NULL }", '{"x": null}', True),
        ("{ $.x IS TRUE }", '{"x": true}', True),
        ("{ $.x NOT EXISTS }", '{"y": 1}', True),
        ("{ ($.a = 1 || $.b = 2) && $.c = 3 }", '{"b": 2, "c": 3}', True),
        ("{ ($.a = 1 || $.b = 2) && $.c = 3 }", '{"b": 2, "c": 4}', False),
        ("{ $.* = hit }", '{"q": "miss", "r": "hit"}', True),
        ("{ $.a = 1 }", "not json", False),
        ("[ip, user, ..., status = 404, size]", '1.2.3.4 u [t z] "GET /" 404 10', True),
        ("[w1 = ERROR || w1 = WARN, w2]", "WARN hello", True),
        ("[w1 = ERROR || w1 = WARN, w2]", "INFO hello", False),
        ("[a, b > 10 && b < 20]", "x 15", True),
        ("[a, b > 10 && b < 20]", "x 25", False),
        ("%ERR-[0-9]+%", "code ERR-42", True),
    ],
)
def test_documented_examples(pattern: str, message: str, hit: bool) -> None:
    assert compile(pattern).matches(message) is hit


@pytest.mark.parametrize("bad", ["{ $.a = }", "{ $.a = 1", "[a, b", "{ a = 1 }", "{ $.a > abc }", "%[%"])
def test_invalid_patterns(bad: str) -> None:
    with pytest.raises(PatternError):
        compile(bad)


@settings(deadline=None, max_examples=60)
@given(st.lists(WORD, min_size=1, max_size=6), st.data())
def test_terms_match_their_words(words: list[str], data: st.DataObject) -> None:
    message = " ".join(words)
    chosen = data.draw(st.sampled_from(words))
    assert compile(chosen).matches(message)
    assert compile(f'"{chosen}"').matches(message)
    assert not compile(f"{chosen} -{chosen}").matches(message)


@settings(deadline=None, max_examples=60)
@given(WORD, WORD, st.lists(WORD, max_size=5))
def test_or_terms(a: str, b: str, words: list[str]) -> None:
    message = " ".join(words)
    assert compile(f"?{a} ?{b}").matches(message) is (a in message or b in message)


@settings(deadline=None, max_examples=60)
@given(st.dictionaries(WORD, st.one_of(NUM, WORD), min_size=1, max_size=5), st.data())
def test_json_equality(doc: dict[str, object], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(doc)))
    value = doc[key]
    literal = str(value) if isinstance(value, int) else f'"{value}"'
    assert compile(f"{{ $.{key} = {literal} }}").matches(json.dumps(doc))
    assert not compile(f"{{ $.{key} != {literal} }}").matches(json.dumps(doc))


@settings(deadline=None, max_examples=60)
@given(NUM, NUM, st.sampled_from(["<", "<=", ">", ">=", "=", "!="]))
def test_json_numeric_comparisons(value: int, bound: int, op: str) -> None:
    expected = {"<": value < bound, "<=": value <= bound, ">": value > bound, ">=": value >= bound, "=": value == bound, "!=": value != bound}[op]
    assert compile(f"{{ $.n {op} {bound} }}").matches(json.dumps({"n": value})) is expected


@settings(deadline=None, max_examples=60)
@given(st.lists(WORD, min_size=3, max_size=6), NUM, NUM)
def test_delimited_fields(words: list[str], value: int, bound: int) -> None:
    message = " ".join([*words, str(value)])
    names = [f"f{i}" for i in range(len(words))]
    pattern = compile(f"[{', '.join(names)}, n > {bound}]")
    fields = pattern.match(message)
    if value > bound:
        assert fields is not None and fields["n"] == str(value) and fields["f0"] == words[0]
    else:
        assert fields is None
    assert split_fields(message) == [*words, str(value)]
