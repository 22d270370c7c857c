"""The expression engine on its own: parser round trips and evaluator laws,
property-based (hypothesis), plus number canonicalisation and item sizes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.expressions import Resolver, apply_update, matches
from cumulo.services.dynamodb.expressions.parser import parse

SETTINGS = settings(max_examples=150, deadline=None)

names = st.sampled_from(["a", "b", "c", "x1", "_y"])
value_names = st.sampled_from([":v0", ":v1", ":v2"])
comparators = st.sampled_from(["=", "<>", "<", "<=", ">", ">="])


@st.composite
def paths(draw: Any) -> tuple[str, tuple[Any, ...]]:
    first = draw(names)
    text, parts = first, [first]
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            n = draw(st.integers(0, 3))
            text += f"[{n}]"
            parts.append(n)
        else:
            n2 = draw(names)
            text += f".{n2}"
            parts.append(n2)
    return text, tuple(parts)


def _grouped(text: str) -> bool:
    """Whether the whole text is one parenthesized group."""
    if not text.startswith("("):
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def _group(text: str) -> str:
    # Parentheses directly around parentheses are refused by DynamoDB (and the parser).
    return text if _grouped(text) else f"({text})"


@st.composite
def conditions(draw: Any, depth: int = 0) -> tuple[str, Any]:
    """(expression text, the tree the parser must build)."""
    kind = draw(st.sampled_from(["cmp", "between", "in", "fn"] + (["and", "or", "not", "paren"] if depth < 3 else [])))
    if kind == "cmp":
        (pt, p), op, val = draw(paths()), draw(comparators), draw(value_names)
        return f"{pt} {op} {val}", ("cmp", op, ("path", p), ("value", val))
    if kind == "between":
        (pt, p), lo, hi = draw(paths()), draw(value_names), draw(value_names)
        return f"{pt} BETWEEN {lo} AND {hi}", ("between", ("path", p), ("value", lo), ("value", hi))
    if kind == "in":
        (pt, p), vals = draw(paths()), draw(st.lists(value_names, min_size=1, max_size=3))
        return f"{pt} IN ({', '.join(vals)})", ("in", ("path", p), tuple(("value", x) for x in vals))
    if kind == "fn":
        (pt, p) = draw(paths())
        fn = draw(st.sampled_from(["attribute_exists", "attribute_not_exists"]))
        return f"{fn}({pt})", ("call", fn, (("path", p),))
    if kind == "not":
        text, tree = draw(conditions(depth + 1))
        return f"NOT {_group(text)}", ("not", tree)
    if kind == "paren":
        text, tree = draw(conditions(depth + 1))
        return _group(text), tree
    (lt, left), (rt, right) = draw(conditions(depth + 1)), draw(conditions(depth + 1))
    keyword = kind.upper() if draw(st.booleans()) else kind
    return f"{_group(lt)} {keyword} {_group(rt)}", (kind, left, right)


@SETTINGS
@given(conditions())
def test_parser_builds_the_tree_the_text_says(case: tuple[str, Any]) -> None:
    text, tree = case
    assert parse("ConditionExpression", "condition", text) == tree


@SETTINGS
@given(conditions())
def test_parentheses_around_a_group_are_redundant(case: tuple[str, Any]) -> None:
    text = f"(({case[0]}))"
    with pytest.raises(AwsError) as exc:
        parse("ConditionExpression", "condition", text)
    assert exc.value.message == "Invalid ConditionExpression: The expression has redundant parentheses;"


@SETTINGS
@given(st.text(alphabet="ab=<>():, #[]0.ANDORNOT", max_size=20))
def test_parser_never_fails_other_than_with_a_validation_error(text: str) -> None:
    try:
        parse("ConditionExpression", "condition", text)
    except AwsError as error:
        assert error.code == "ValidationException" and error.message.startswith("Invalid ConditionExpression: ")


scalars = st.one_of(
    st.builds(lambda s: {"S": s}, st.text(max_size=5)),
    st.builds(lambda d: {"N": v.format_number(Decimal(d))}, st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False)),
    st.builds(lambda b: {"B": b}, st.binary(max_size=4)),
    st.just({"BOOL": True}),
    st.just({"NULL": True}),
)
items = st.dictionaries(st.sampled_from(["a", "b", "c"]), scalars, max_size=3)


def resolved(text: str, values: dict[str, Any]) -> Any:
    return Resolver(None, values).condition("ConditionExpression", text)


@SETTINGS
@given(items, scalars, comparators)
def test_not_negates_and_comparisons_follow_type_order(item: dict[str, Any], value: dict[str, Any], op: str) -> None:
    if op not in ("=", "<>") and v.type_of(value) in ("BOOL", "NULL"):
        with pytest.raises(AwsError, match="Incorrect operand type for operator or function"):
            resolved(f"a {op} :v", {":v": value})
        return
    plain = matches(resolved(f"a {op} :v", {":v": value}), item)
    assert matches(resolved(f"NOT a {op} :v", {":v": value}), item) is (not plain)
    current = item.get("a")
    if op in ("<", "<=", ">", ">=") and (current is None or v.type_of(current) != v.type_of(value) or v.type_of(value) in ("BOOL", "NULL")):
        assert plain is False  # different types (or unordered ones) never compare


@SETTINGS
@given(items, scalars, scalars)
def test_between_is_both_bounds(item: dict[str, Any], low: dict[str, Any], high: dict[str, Any]) -> None:
    if v.type_of(low) != v.type_of(high) or v.type_of(low) not in ("S", "N", "B") or v.compare(low, high) > 0:
        return
    between = matches(resolved("a BETWEEN :lo AND :hi", {":lo": low, ":hi": high}), item)
    both = matches(resolved("a >= :lo AND a <= :hi", {":lo": low, ":hi": high}), item)
    assert between == both


@SETTINGS
@given(items, items)
def test_and_or_are_boolean(first: dict[str, Any], second: dict[str, Any]) -> None:
    for item in (first, second):
        x = matches(resolved("attribute_exists(a)", {}), item)
        y = matches(resolved("attribute_exists(b)", {}), item)
        assert matches(resolved("attribute_exists(a) AND attribute_exists(b)", {}), item) == (x and y)
        assert matches(resolved("attribute_exists(a) OR attribute_exists(b)", {}), item) == (x or y)


numbers = st.decimals(min_value=Decimal("-1e20"), max_value=Decimal("1e20"), places=6, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(numbers, numbers)
def test_add_and_set_arithmetic_are_exact(x: Decimal, y: Decimal) -> None:
    item = {"n": {"N": v.format_number(x)}}
    r = Resolver(None, {":y": {"N": v.format_number(y)}})
    added = apply_update(r.update("UpdateExpression", "ADD n :y"), item)
    assert Decimal(added["n"]["N"]) == x + y
    r = Resolver(None, {":y": {"N": v.format_number(y)}})
    subtracted = apply_update(r.update("UpdateExpression", "SET n = n - :y"), item)
    assert Decimal(subtracted["n"]["N"]) == x - y
    assert item == {"n": {"N": v.format_number(x)}}  # the original is untouched


@SETTINGS
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e100"), max_value=Decimal("1e100")))
def test_number_canonical_form_is_stable(x: Decimal) -> None:
    try:
        text = v.normalize_number(str(x))
    except AwsError:
        return  # more than 38 digits, or too small
    assert Decimal(text) == x
    assert v.normalize_number(text) == text
    assert "e" not in text.lower()


def test_item_size_follows_aws_rules() -> None:
    assert v.item_size({"name": {"S": "abc"}}) == 4 + 3
    assert v.item_size({"n": {"N": "12345"}}) == 1 + 3 + 1  # (5 digits + 1) / 2 + 1
    assert v.item_size({"m": {"M": {}}}) == 1 + 3
    assert v.item_size({"l": {"L": [{"BOOL": True}, {"NULL": True}]}}) == 1 + 3 + 2 * (1 + 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = :v AND", 'Syntax error; token: "<EOF>", near: "AND"'),
        ("a = = :v", 'Syntax error; token: "=", near: "= = :v"'),
        ("", "The expression can not be empty;"),
    ],
)
def test_syntax_errors_quote_the_token(text: str, message: str) -> None:
    with pytest.raises(AwsError) as exc:
        parse("ConditionExpression", "condition", text)
    assert exc.value.message == "Invalid ConditionExpression: " + message
