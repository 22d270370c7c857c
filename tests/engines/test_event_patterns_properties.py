"""Property tests: the compiled matcher agrees with a slow reference evaluation of the language.

The reference expands every `$or` into plain alternatives and interprets rules directly from the
pattern dict, sharing no code with the engine; hypothesis draws patterns and events over a small
vocabulary so that matches and near misses are both common.
"""

from __future__ import annotations

import ipaddress
import json
import math
import operator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.engines.event_patterns import PatternError, compile

MISSING = object()
KEYS = ["a", "b", "c"]
WORDS = ["", "x", "xy", "Xy", "yx", "x*y", "10.0.0.1", "10.1.0.1", "::1"]
NUMBERS = [-1, 0, 1, 2.5, 3]

# -- the reference -------------------------------------------------------------------------------


Alt = list[tuple[str, Any]]  # a plain alternative: (key, leaf list or nested Alt) pairs, keys may repeat


def expand(pattern: dict[str, Any]) -> list[Alt]:
    """All plain alternatives of a pattern, `$or`s multiplied out, nested objects included."""
    alternatives: list[Alt] = [[]]
    for key, rule in pattern.items():
        if key == "$or":
            options = [alt for branch in rule for alt in expand(branch)]
            alternatives = [a + o for a in alternatives for o in options]
        elif isinstance(rule, dict):
            alternatives = [a + [(key, o)] for a in alternatives for o in expand(rule)]
        else:
            alternatives = [a + [(key, rule)] for a in alternatives]
    return alternatives


def ref_match(pattern: dict[str, Any], event: Any) -> bool:
    return any(ref_plain(alt, event) for alt in expand(pattern))


def flat(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        out.extend(flat(v) if isinstance(v, list) else [v])
    return out


def ref_plain(pattern: Alt, event: Any) -> bool:
    if not isinstance(event, dict):
        event = {}
    for key, rule in pattern:
        field = event.get(key, MISSING)
        if rule and isinstance(rule[0], tuple):
            if isinstance(field, list):
                elements = [e for e in flat(field) if isinstance(e, dict)]
                good = any(ref_plain(rule, e) for e in elements) if elements else ref_plain(rule, {})
            else:
                good = ref_plain(rule, field)
        else:
            if field is MISSING or isinstance(field, dict):
                leaves: list[Any] = []
            elif isinstance(field, list):
                leaves = [v for v in flat(field) if not isinstance(v, dict)]
            else:
                leaves = [field]
            if leaves:
                good = any(ref_rule(r, v) for r in rule for v in leaves)
            else:
                good = {"exists": False} in rule
        if not good:
            return False
    return True


def number(v: Any) -> bool:
    return type(v) in (int, float)


def ref_wild(p: str, s: str) -> bool:
    if not p:
        return not s
    if p.startswith("\\"):
        return bool(s) and s[0] == p[1] and ref_wild(p[2:], s[1:])
    if p[0] == "*":
        return any(ref_wild(p[1:], s[i:]) for i in range(len(s) + 1))
    return bool(s) and s[0] == p[0] and ref_wild(p[1:], s[1:])


def ref_rule(rule: Any, v: Any) -> bool:
    if not isinstance(rule, dict):
        if rule is None or v is None or type(rule) is bool or type(v) is bool or type(rule) is str or type(v) is str:
            return type(rule) is type(v) and rule == v
        return float(rule) == float(v)
    ((op, arg),) = rule.items()
    if op == "exists":
        return arg is True
    if op == "numeric":
        if not number(v):
            return False
        checks = {"<": operator.lt, "<=": operator.le, "=": operator.eq, ">": operator.gt, ">=": operator.ge}
        return all(checks[arg[i]](v, arg[i + 1]) for i in range(0, len(arg), 2))
    if op == "anything-but":
        if isinstance(arg, dict):
            return isinstance(v, str) and not ref_rule(arg, v) if len(arg) == 1 and not isinstance(next(iter(arg.values())), list) else (
                isinstance(v, str) and not any(ref_rule({k: x}, v) for k, xs in arg.items() for x in xs)
            )
        banned = arg if isinstance(arg, list) else [arg]
        return not any(ref_rule(b, v) for b in banned if type(b) is type(v) or (number(b) and number(v)))
    if not isinstance(v, str):
        return False
    if op == "equals-ignore-case":
        return v.lower() == arg.lower()
    if op in ("prefix", "suffix"):
        text, value = (arg["equals-ignore-case"].lower(), v.lower()) if isinstance(arg, dict) else (arg, v)
        return value.startswith(text) if op == "prefix" else value.endswith(text)
    if op == "wildcard":
        return ref_wild(arg, v)
    if op == "cidr":
        try:
            return ipaddress.ip_address(v) in ipaddress.ip_network(arg, strict=False)
        except ValueError:
            return False
    raise AssertionError(op)


# -- strategies ----------------------------------------------------------------------------------

scalars = st.one_of(st.sampled_from(WORDS), st.sampled_from(NUMBERS), st.booleans(), st.none())
word = st.sampled_from(["x", "X", "y", ""])
operators = st.one_of(
    st.builds(lambda w: {"prefix": w}, word),
    st.builds(lambda w: {"suffix": {"equals-ignore-case": w}}, word),
    st.builds(lambda w: {"equals-ignore-case": w}, word),
    st.builds(lambda w: {"wildcard": w}, st.sampled_from(["x*", "*y", "*", "x\\*y", "*x*", ""])),
    st.builds(lambda v: {"anything-but": v}, st.one_of(st.sampled_from(WORDS), st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=2))),
    st.builds(lambda w: {"anything-but": {"prefix": w}}, word),
    st.builds(lambda ws: {"anything-but": {"wildcard": ws}}, st.lists(st.sampled_from(["x*", "*y"]), min_size=1, max_size=2)),
    st.builds(lambda ws: {"anything-but": {"equals-ignore-case": ws}}, st.lists(word, min_size=1, max_size=2)),
    st.builds(lambda lo, hi: {"numeric": [">=", lo, "<", lo + hi]}, st.sampled_from(NUMBERS), st.sampled_from([0.5, 1, 4])),
    st.builds(lambda n: {"numeric": ["=", n]}, st.sampled_from(NUMBERS)),
    st.builds(lambda n: {"numeric": ["<=", n]}, st.sampled_from(NUMBERS)),
    st.builds(lambda b: {"exists": b}, st.booleans()),
    st.builds(lambda c: {"cidr": c}, st.sampled_from(["10.0.0.0/16", "::/120"])),
)
leaf = st.lists(st.one_of(scalars, operators), min_size=1, max_size=3)


def objects(children: Any) -> Any:
    fields = st.dictionaries(st.sampled_from(KEYS), st.one_of(leaf, children), min_size=1, max_size=3)
    with_or = st.builds(lambda f, o: {**f, "$or": o}, fields, st.lists(fields, min_size=2, max_size=2))
    return st.one_of(fields, with_or)


patterns = st.recursive(objects(st.nothing()), objects, max_leaves=4)
events = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(patterns, st.dictionaries(st.sampled_from(KEYS), events, max_size=3))
def test_compiled_matcher_agrees_with_the_reference(pattern: dict[str, Any], event: dict[str, Any]) -> None:
    compiled = compile(pattern)
    assert compiled.matches(event) == ref_match(pattern, event)
    assert compile(json.dumps(pattern)).matches(event) == compiled.matches(event)


@settings(max_examples=60, deadline=None)
@given(patterns)
def test_complexity_counts_the_expanded_alternatives(pattern: dict[str, Any]) -> None:
    alternatives = expand(pattern)
    c = compile(pattern).complexity

    def product(alt: Alt) -> int:
        return math.prod(product(r) if r and isinstance(r[0], tuple) else len(r) for _, r in alt)

    assert c.alternatives == len(alternatives)
    assert c.combinations == sum(product(a) for a in alternatives)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(KEYS), st.sampled_from(WORDS), st.one_of(st.sampled_from(WORDS), st.sampled_from(NUMBERS)))
def test_anything_but_is_the_negation_of_exact_for_present_values(key: str, banned: str, value: Any) -> None:
    exact = compile({key: [banned]}).matches({key: value})
    assert compile({key: [{"anything-but": banned}]}).matches({key: value}) == (not exact)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), scalars, min_size=1))
def test_a_pattern_of_an_events_own_values_matches_it(event: dict[str, Any]) -> None:
    assert compile({k: [v] for k, v in event.items()}).matches(event)
    assert compile({"$or": [{k: [v]} for k, v in event.items()] + [{"zz": ["never"]}]}).matches(event)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=3), st.sampled_from(["prefix", "numeric", "$or", ">", "exists"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "$or", "prefix", "numeric", "anything-but", "exists", "cidr"]), inner, max_size=3)),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(json_values, events)
def test_any_json_is_compiled_or_refused_with_a_reason(value: Any, event: Any) -> None:
    try:
        compiled = compile(json.dumps(value))
    except PatternError as e:
        assert e.reason
        return
    assert compiled.matches(event) in (True, False)
