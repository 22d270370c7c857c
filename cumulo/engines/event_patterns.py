"""Event patterns: the matching language of EventBridge rules, SNS filter policies, Pipes and Lambda filters.

One language, one implementation (DESIGN.md section 13). The public API is small and stable:

    compile(pattern) -> Pattern        validate a pattern (a dict, or its JSON text) and compile it
    parse(text) -> Pattern             the same, for JSON text only
    Pattern.matches(event) -> bool     does the event (any JSON value, normally an object) match
    Pattern.complexity -> Complexity   measures a caller can limit (depth, fields, combinations, alternatives)
    Pattern.leaves()                   (path, rule) for every leaf rule, for caller-specific checks
    matches(pattern, event)            a Pattern or a plain pattern dict
    matches_any(patterns, event)       any of them matches; an empty list matches everything
    PatternError(ValueError)           the one error; `.reason` says precisely what is wrong, `.path` where

Service-specific rules (SNS's five keys and 150 combinations, EventBridge's wording) live in the
services, which wrap `PatternError.reason` in their own error messages.

The language (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html):
a pattern is a JSON object. A nested object descends into the event; an array holds the allowed
matches of a field, any one of which suffices. When the event's field is an array, it matches when
any element does (arrays of objects are matched element by element, so the fields of a nested
pattern must match within one element). The allowed matches are

    "text", 12.5, true, null           exact (strings are case-sensitive; numbers compare numerically)
    {"prefix": "ab"}                   also {"prefix": {"equals-ignore-case": "ab"}}; likewise "suffix"
    {"equals-ignore-case": "ab"}
    {"wildcard": "a*b"}                `*` any run of characters; `\\*` and `\\\\` escape
    {"anything-but": ...}              a value, a list of values, or {"prefix"|"suffix": s},
                                       {"wildcard": s | [s...]}, {"equals-ignore-case": s | [s...]}
    {"numeric": [">", 0, "<=", 5]}     one lower and/or one upper bound, or ["=", x]
    {"exists": true | false}           leaf fields only: an object or an empty array is no leaf
    {"cidr": "10.0.0.0/24"}            IPv4 or IPv6 addresses within the block

and `"$or": [{...}, {...}]` at any object level holds alternative sub-patterns (at least two).
A missing field matches only `{"exists": false}`; `null` is a value (it exists, it matches `null`).
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Complexity", "Pattern", "PatternError", "compile", "matches", "matches_any", "parse"]

_MISSING: Any = object()
_LOWER = {">": False, ">=": True}  # operator -> inclusive
_UPPER = {"<": False, "<=": True}


class PatternError(ValueError):
    """A pattern the language refuses: `reason` says what is wrong (AWS's wording where it has one),
    `path` names the field where (the keys leading to it; empty for the pattern as a whole)."""

    def __init__(self, reason: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


@dataclass(frozen=True, slots=True)
class Complexity:
    """Measures of a pattern. `combinations` multiplies the number of values of each field and sums
    over `$or` alternatives (SNS's "total combination of values"); `alternatives` counts the plain
    patterns the `$or`s expand to; `fields` counts distinct leaf paths; `depth` the object nesting
    (1 for a flat pattern)."""

    depth: int
    fields: int
    combinations: int
    alternatives: int


Test = Callable[[Any], bool]


@dataclass(frozen=True, slots=True)
class _Leaf:
    strings: frozenset[str]  # exact string values: the common case, tested by hashing
    others: tuple[Any, ...]  # exact non-string values
    tests: tuple[Test, ...]  # operator matches, on a present scalar
    when_absent: bool  # {"exists": false} present
    rules: tuple[Any, ...]  # the source rules, for leaves()

    def test(self, value: Any) -> bool:
        if value.__class__ is str:  # the common case first; `others` hold no strings, so skip them
            if value in self.strings:
                return True
            for test in self.tests:
                if test(value):
                    return True
            return False
        if value is _MISSING or isinstance(value, dict):
            return self.when_absent
        if isinstance(value, list):
            # Objects inside an array are no leaf values: a leaf rule sees only the scalars.
            flat = [v for v in _flatten(value) if not isinstance(v, dict)]
            if not flat:
                return self.when_absent
            return any(self._scalar(v) for v in flat)
        return self._scalar(value)

    def _scalar(self, value: Any) -> bool:
        if value.__class__ is str and value in self.strings:
            return True
        for other in self.others:
            if _same(other, value):
                return True
        for test in self.tests:
            if test(value):
                return True
        return False


@dataclass(frozen=True, slots=True)
class _Object:
    fields: tuple[tuple[str, _Leaf | _Object], ...]
    ors: tuple[tuple[_Object, ...], ...]

    def test(self, value: Any) -> bool:
        if not isinstance(value, dict):
            value = {}
        for key, child in self.fields:
            field = value.get(key, _MISSING)
            if child.__class__ is _Leaf:
                if not child.test(field):
                    return False
            elif isinstance(field, list):
                elements = [e for e in _flatten(field) if isinstance(e, dict)]
                # fields of a nested pattern match within one element; no element at all is an absent object
                if not (any(child.test(e) for e in elements) if elements else child.test(_MISSING)):
                    return False
            elif not child.test(field):
                return False
        for branches in self.ors:
            if not any(b.test(value) for b in branches):
                return False
        return True


class Pattern:
    """A validated, compiled pattern. Immutable; share it freely."""

    __slots__ = ("source", "complexity", "_root")

    def __init__(self, source: dict[str, Any], root: _Object, complexity: Complexity) -> None:
        self.source = source
        self.complexity = complexity
        self._root = root

    def matches(self, event: Any) -> bool:
        return self._root.test(event)

    def leaves(self) -> Iterator[tuple[tuple[str, ...], Any]]:
        """Every leaf rule with the path of field names leading to it (`$or` branches included)."""
        yield from _leaves(self._root, ())

    def __repr__(self) -> str:
        return f"Pattern({json.dumps(self.source)})"


def compile(pattern: dict[str, Any] | str) -> Pattern:  # noqa: A001 - the module's verb
    """Validate and compile a pattern; PatternError names the first problem found."""
    source = _load(pattern) if isinstance(pattern, (str, bytes)) else pattern
    if not isinstance(source, dict):
        raise PatternError("Filter is not an object")
    root = _object(source, top=True)
    return Pattern(source, root, _measure(root))


def parse(text: str) -> Pattern:
    """A pattern from its JSON text (Lambda's FilterCriteria, SNS's FilterPolicy, EventBridge's EventPattern)."""
    return compile(_load(text))


def matches(pattern: Pattern | dict[str, Any], event: Any) -> bool:
    compiled = pattern if isinstance(pattern, Pattern) else compile(pattern)
    return compiled.matches(event)


def matches_any(patterns: list[Pattern] | list[dict[str, Any]], event: Any) -> bool:
    return not patterns or any(matches(p, event) for p in patterns)


# -- validation and compilation ------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise PatternError(f"Unrecognized token '{name}': numbers must be finite")


def _load(text: str | bytes) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except PatternError:
        raise
    except (ValueError, TypeError) as e:
        raise PatternError(f"Filter is not valid JSON: {getattr(e, 'msg', e)}") from None


def _object(source: dict[str, Any], top: bool = False, path: tuple[str, ...] = ()) -> _Object:
    if not source and not top:
        raise PatternError("Empty objects are not allowed", path)
    fields: list[tuple[str, _Leaf | _Object]] = []
    ors: list[tuple[_Object, ...]] = []
    for key, rule in source.items():
        if key == "$or":
            ors.append(_or(rule, path))
        elif isinstance(rule, dict):
            fields.append((key, _object(rule, path=path + (key,))))
        elif isinstance(rule, list):
            try:
                fields.append((key, _leaf(key, rule)))
            except PatternError as e:
                raise PatternError(e.reason, path + (key,)) from None
        else:
            raise PatternError(f'Match value of "{key}" must be an array or an object, not {_kind(rule)}', path + (key,))
    return _Object(tuple(fields), tuple(ors))


def _or(rule: Any, path: tuple[str, ...]) -> tuple[_Object, ...]:
    if not isinstance(rule, list) or not all(isinstance(b, dict) for b in rule):
        raise PatternError("Or relationship field must be an array of objects", path)
    if len(rule) < 2:
        raise PatternError("There must be at least 2 objects in a $or array", path)
    return tuple(_object(b, path=path) for b in rule)


def _leaf(key: str, rules: list[Any]) -> _Leaf:
    if not rules:
        raise PatternError("Empty arrays are not allowed")
    strings: set[str] = set()
    others: list[Any] = []
    tests: list[Test] = []
    absent = False
    for rule in rules:
        if isinstance(rule, str):
            strings.add(rule)
        elif isinstance(rule, dict):
            op, arg = _operator(rule)
            if op == "exists":
                if not isinstance(arg, bool):
                    raise PatternError("exists match pattern must be either true or false")
                if arg:
                    tests.append(_present)
                else:
                    absent = True
            else:
                tests.append(_COMPILERS[op](arg))
        elif _is_scalar(rule):
            others.append(rule)
        else:
            raise PatternError("Match value must be String, number, true, false, or null")
    return _Leaf(frozenset(strings), tuple(others), tuple(tests), absent, tuple(rules))


def _operator(rule: dict[str, Any]) -> tuple[str, Any]:
    if len(rule) != 1:
        raise PatternError(f"A match object must hold exactly one operator, got {len(rule)}: {sorted(rule)}")
    op, arg = next(iter(rule.items()))
    if op not in _COMPILERS and op != "exists":
        raise PatternError(f"Unrecognized match type {op}")
    return op, arg


def _text_op(op: str, test: Callable[[str, str], bool]) -> Callable[[Any], Test]:
    def build(arg: Any) -> Test:
        if isinstance(arg, dict) and list(arg) == ["equals-ignore-case"]:
            folded = _string(arg["equals-ignore-case"], f"{op} equals-ignore-case").lower()
            return lambda v: isinstance(v, str) and test(v.lower(), folded)
        text = _string(arg, op)
        return lambda v: isinstance(v, str) and test(v, text)

    return build


def _equals_ignore_case(arg: Any) -> Test:
    folded = _string(arg, "equals-ignore-case").lower()
    return lambda v: isinstance(v, str) and v.lower() == folded


def _wildcard(arg: Any) -> Test:
    regex = _wildcard_regex(_string(arg, "wildcard"))
    return lambda v: isinstance(v, str) and regex.fullmatch(v) is not None


def _wildcard_regex(text: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 >= len(text) or text[i + 1] not in "*\\":
                raise PatternError(f"Invalid escape character at position {i} of wildcard pattern {text!r}")
            out.append(re.escape(text[i + 1]))
            i += 2
            continue
        if c == "*":
            if i + 1 < len(text) and text[i + 1] == "*":
                raise PatternError(f"Consecutive wildcard characters at position {i} of wildcard pattern {text!r}")
            out.append(".*")
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _numeric(arg: Any) -> Test:
    if not isinstance(arg, list) or not arg:
        raise PatternError("Value of numeric must be an array")
    if len(arg) % 2 or len(arg) > 4:
        raise PatternError("Too many elements in numeric expression" if len(arg) > 4 else "Numeric expression is missing a value")
    lower: tuple[float, bool] | None = None
    upper: tuple[float, bool] | None = None
    for i in range(0, len(arg), 2):
        op, bound = arg[i], arg[i + 1]
        if not isinstance(op, str) or op not in ("<", "<=", "=", ">", ">="):
            raise PatternError(f"Unrecognized numeric range operator: {op}")
        if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not math.isfinite(bound):
            raise PatternError(f"Value of {op} must be numeric")
        if op == "=":
            if len(arg) != 2:
                raise PatternError('"=" must be the only operator of a numeric expression')
            target = float(bound)
            return lambda v: _is_number(v) and float(v) == target
        if op in _LOWER:
            if lower is not None:
                raise PatternError("A numeric expression can hold only one lower bound")
            lower = (float(bound), _LOWER[op])
        else:
            if upper is not None:
                raise PatternError("A numeric expression can hold only one upper bound")
            upper = (float(bound), _UPPER[op])
    if lower and upper and lower[0] >= upper[0]:
        raise PatternError("Bottom must be less than top in a numeric range")
    lo, lo_in = lower if lower else (-math.inf, True)
    hi, hi_in = upper if upper else (math.inf, True)

    def test(v: Any) -> bool:
        if not _is_number(v):
            return False
        x = float(v)
        return (x > lo or (lo_in and x == lo)) and (x < hi or (hi_in and x == hi))

    return test


def _cidr(arg: Any) -> Test:
    text = _string(arg, "cidr")
    if "/" not in text:
        raise PatternError(f"Malformed CIDR, one '/' required: {text}")
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise PatternError(f"Nonstandard IP address or prefix length in CIDR: {text}") from None

    def test(v: Any) -> bool:
        if not isinstance(v, str):
            return False
        try:
            return ipaddress.ip_address(v) in network
        except ValueError:
            return False

    return test


def _anything_but(arg: Any) -> Test:
    if isinstance(arg, dict):
        op, inner = _operator(arg)
        if op in ("prefix", "suffix"):
            positive = _COMPILERS[op](_string(inner, f"anything-but {op}"))
        elif op in ("wildcard", "equals-ignore-case"):
            values = inner if isinstance(inner, list) else [inner]
            if not values:
                raise PatternError(f"Empty arrays are not allowed (anything-but {op})")
            parts = [_COMPILERS[op](_string(s, f"anything-but {op}")) for s in values]
            positive = lambda v: any(p(v) for p in parts)  # noqa: E731
        else:
            raise PatternError(f"Unsupported anything-but pattern: {op}")
        return lambda v: isinstance(v, str) and not positive(v)
    values = arg if isinstance(arg, list) else [arg]
    if not values:
        raise PatternError("Empty arrays are not allowed (anything-but)")
    for v in values:
        if v is None or isinstance(v, bool) or not isinstance(v, (str, int, float)):
            raise PatternError("Inside anything-but list, only strings and numbers are supported")
    banned_strings = frozenset(v for v in values if isinstance(v, str))
    banned_numbers = tuple(float(v) for v in values if not isinstance(v, str))

    def test(v: Any) -> bool:
        if isinstance(v, str):
            return v not in banned_strings
        if _is_number(v):
            return float(v) not in banned_numbers
        return True

    return test


_COMPILERS: dict[str, Callable[[Any], Test]] = {
    "prefix": _text_op("prefix", str.startswith),
    "suffix": _text_op("suffix", str.endswith),
    "equals-ignore-case": _equals_ignore_case,
    "wildcard": _wildcard,
    "numeric": _numeric,
    "cidr": _cidr,
    "anything-but": _anything_but,
}


def _string(arg: Any, op: str) -> str:
    if not isinstance(arg, str):
        raise PatternError(f"{op} match pattern must be a string")
    return arg


def _present(value: Any) -> bool:
    return True  # reached only for a present scalar


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (bool, str)) or (_is_number(v) and math.isfinite(v))


def _kind(v: Any) -> str:
    return "null" if v is None else type(v).__name__


def _same(rule: Any, value: Any) -> bool:
    if rule is None or value is None:
        return rule is value
    if isinstance(rule, bool) or isinstance(value, bool):
        return isinstance(rule, bool) and isinstance(value, bool) and rule == value
    if _is_number(rule) and _is_number(value):
        return float(rule) == float(value)
    return False


def _flatten(values: list[Any]) -> Iterator[Any]:
    for v in values:
        if isinstance(v, list):
            yield from _flatten(v)
        else:
            yield v


# -- measures and walks ----------------------------------------------------------------------------


def _measure(root: _Object) -> Complexity:
    paths: set[tuple[str, ...]] = set()

    def walk(node: _Object, path: tuple[str, ...], depth: int) -> tuple[int, int, int]:
        """(combinations, alternatives, depth) of one object node: AND multiplies, $or adds."""
        combos, alts, deepest = 1, 1, depth
        for key, child in node.fields:
            if isinstance(child, _Leaf):
                paths.add(path + (key,))
                combos *= len(child.rules)
            else:
                c, a, d = walk(child, path + (key,), depth + 1)
                combos, alts, deepest = combos * c, alts * a, max(deepest, d)
        for branches in node.ors:
            results = [walk(b, path, depth) for b in branches]
            combos *= sum(r[0] for r in results)
            alts *= sum(r[1] for r in results)
            deepest = max([deepest] + [r[2] for r in results])
        return combos, alts, deepest

    combos, alts, depth = walk(root, (), 1)
    return Complexity(depth=depth, fields=len(paths), combinations=combos, alternatives=alts)


def _leaves(node: _Object, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key, child in node.fields:
        if isinstance(child, _Leaf):
            for rule in child.rules:
                yield path + (key,), rule
        else:
            yield from _leaves(child, path + (key,))
    for branches in node.ors:
        for b in branches:
            yield from _leaves(b, path)
