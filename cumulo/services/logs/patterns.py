"""The CloudWatch Logs filter pattern language: parse once, match many events.

Four kinds of pattern, told apart by their first character
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):

- terms: `ERROR`, `"quoted phrase"`, `ERROR -DEBUG` (exclusion), `?ERROR ?WARN`
  (any of); case-sensitive substring matches, every plain term required;
- `%regex%`: a regular expression searched in the whole message;
- JSON: `{ $.level = "error" && ($.latency > 100 || $.user.id IS NULL) }`, with
  `=`/`!=` (strings with `*` wildcards, numbers, `%regex%`), `<`, `<=`, `>`, `>=`,
  `IS TRUE|FALSE|NULL`, `NOT EXISTS`, array indexes and `.*` wildcards;
- space-delimited: `[ip, user, ..., status = 4* || status = 5*, bytes > 1000]`, where the
  message is split on spaces, text in "double quotes" or [brackets] being one field.

`compile(pattern)` returns a `Pattern` whose `match(message)` gives None (no
match) or the fields the pattern names (JSON: the parsed document; delimited:
name -> text), which metric filters read their values and dimensions from.
An invalid pattern raises `PatternError` with a message AWS would give.
"""

from __future__ import annotations

import fnmatch
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

Fields = dict[str, Any]


class PatternError(ValueError):
    pass


@dataclass(slots=True)
class Pattern:
    text: str
    kind: str  # "all", "terms", "regex", "json", "delimited"
    matcher: Callable[[str], Fields | None]

    def match(self, message: str) -> Fields | None:
        return self.matcher(message)

    def matches(self, message: str) -> bool:
        return self.matcher(message) is not None


@functools.lru_cache(maxsize=512)
def compile(text: str | None) -> Pattern:  # noqa: A001 - the module's verb
    src = (text or "").strip()
    if not src:
        return Pattern(text or "", "all", lambda _m: {})
    if src[0] == "{":
        return Pattern(text or "", "json", _json_pattern(src))
    if src[0] == "[":
        return Pattern(text or "", "delimited", _delimited_pattern(src))
    if len(src) > 1 and src[0] == "%" and src[-1] == "%":
        rx = _regex(src[1:-1])
        return Pattern(text or "", "regex", lambda m: {} if rx.search(m) else None)
    return Pattern(text or "", "terms", _terms_pattern(src))


def _regex(body: str) -> re.Pattern[str]:
    try:
        return re.compile(body)
    except re.error as error:
        raise PatternError(f"Invalid regex in filter pattern: {error}") from None


# ---------------------------------------------------------------- terms

_TERM = re.compile(r'\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))')


def _terms_pattern(src: str) -> Callable[[str], Fields | None]:
    required: list[str] = []
    excluded: list[str] = []
    anyof: list[str] = []
    pos = 0
    while pos < len(src):
        m = _TERM.match(src, pos)
        if m is None:
            break
        pos = m.end()
        sign, quoted, bare = m.group(1), m.group(2), m.group(3)
        term = quoted.replace('\\"', '"') if quoted is not None else bare
        if bare is not None and '"' in bare:
            raise PatternError("Invalid character(s) in term '" + bare + "'")
        if not term:
            continue
        (anyof if sign == "?" else excluded if sign == "-" else required).append(term)

    def match(message: str) -> Fields | None:
        for term in required:
            if term not in message:
                return None
        for term in excluded:
            if term in message:
                return None
        if anyof and not any(term in message for term in anyof):
            return None
        return {}

    return match


# ---------------------------------------------------------------- shared condition grammar

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<regex>%(?:[^%\\]|\\.)+%)
    | (?P<op>&&|\|\||!=|<=|>=|=|<|>|\(|\)|\{|\}|\[|\]|,)
    | (?P<word>\$[^\s&|!=<>(){},"]+|[^\s&|!=<>(){}\[\],"]+)
    )""",
    re.VERBOSE,
)


def _tokens(src: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    src = src.rstrip()
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if m is None or m.end() == pos:
            raise PatternError(f"Invalid filter pattern near '{src[pos:pos + 20].strip()}'")
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise PatternError("Invalid filter pattern: unexpected end")
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        tok = self.take()
        if tok[1] != value:
            raise PatternError(f"Invalid filter pattern: expected '{value}', found '{tok[1]}'")

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "op" and tok[1] == value

    def at_word(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "word" and tok[1].upper() == value


Test = Callable[[Any], bool]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return _number(value.strip())
    return None


def _value_test(op: str, kind: str, raw: str) -> Test:
    """A test of one field's value against a literal (`raw` as written)."""
    if kind == "regex":
        rx = _regex(raw[1:-1])
        hit: Test = lambda v: v is not None and not isinstance(v, (dict, list)) and rx.search(_text(v)) is not None  # noqa: E731
        if op == "=":
            return hit
        if op == "!=":
            return lambda v: not hit(v)
        raise PatternError(f"Invalid filter pattern: operator {op} does not apply to a regular expression")
    text = _unquote(raw) if kind == "str" else raw
    number = _number(text) if kind == "word" else None
    if number is not None:
        compare = _NUMERIC[op]
        return lambda v: (n := _as_number(v)) is not None and compare(n, number)
    if op not in ("=", "!="):
        raise PatternError(f"Invalid filter pattern: {op} needs a number, found '{text}'")
    if "*" in text:
        glob = re.compile(fnmatch.translate(text.replace("[", "[[]").replace("?", "[?]")), re.DOTALL)
        same: Test = lambda v: v is not None and not isinstance(v, (dict, list)) and glob.match(_text(v)) is not None  # noqa: E731
    else:
        same = lambda v: v is not None and not isinstance(v, (dict, list)) and _text(v) == text  # noqa: E731
    return same if op == "=" else (lambda v: not same(v))


_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unquote(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


# ---------------------------------------------------------------- JSON patterns

_MISSING = object()


def _selector(text: str) -> Callable[[Any], Any]:
    if not text.startswith("$"):
        raise PatternError(f"Invalid selector '{text}': selectors start with $")
    steps: list[str | int] = []
    for m in re.finditer(r"\.([^.\[]+)|\[(\d+|\*)\]", text[1:]):
        if m.group(1) is not None:
            steps.append(m.group(1))
        else:
            steps.append(int(m.group(2)) if m.group(2) != "*" else "*")
    if "".join(m.group(0) for m in re.finditer(r"\.([^.\[]+)|\[(\d+|\*)\]", text[1:])) != text[1:]:
        raise PatternError(f"Invalid selector '{text}'")

    def walk(doc: Any, at: int = 0) -> Any:
        if at == len(steps):
            return doc
        step = steps[at]
        if step == "*":
            items = list(doc.values()) if isinstance(doc, dict) else doc if isinstance(doc, list) else []
            found = [walk(item, at + 1) for item in items]
            return _Many([f for f in found if f is not _MISSING])
        if isinstance(step, int):
            if isinstance(doc, list) and step < len(doc):
                return walk(doc[step], at + 1)
            return _MISSING
        if isinstance(doc, dict) and step in doc:
            return walk(doc[step], at + 1)
        return _MISSING

    return walk


class _Many(list[Any]):
    """The values a wildcard selector reached: a test passes if any passes."""


def _on_value(test: Test, missing: bool = False) -> Test:
    def run(value: Any) -> bool:
        if isinstance(value, _Many):
            return any(run(v) for v in value)
        if value is _MISSING:
            return missing
        return test(value)

    return run


def _json_pattern(src: str) -> Callable[[str], Fields | None]:
    p = _Parser(_tokens(src))
    p.expect("{")
    check = _json_or(p)
    p.expect("}")
    if p.peek() is not None:
        raise PatternError(f"Invalid filter pattern: unexpected '{p.peek()[1]}'")  # type: ignore[index]

    def match(message: str) -> Fields | None:
        start = message.find("{")
        if start < 0:
            return None
        try:
            doc = orjson.loads(message[start:] if start else message)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(doc, dict):
            return None
        return doc if check(doc) else None

    return match


def _json_or(p: _Parser) -> Test:
    parts = [_json_and(p)]
    while p.at("||"):
        p.take()
        parts.append(_json_and(p))
    return parts[0] if len(parts) == 1 else (lambda d: any(t(d) for t in parts))


def _json_and(p: _Parser) -> Test:
    parts = [_json_atom(p)]
    while p.at("&&"):
        p.take()
        parts.append(_json_atom(p))
    return parts[0] if len(parts) == 1 else (lambda d: all(t(d) for t in parts))


def _json_atom(p: _Parser) -> Test:
    if p.at("("):
        p.take()
        inner = _json_or(p)
        p.expect(")")
        return inner
    kind, sel = p.take()
    if kind != "word":
        raise PatternError(f"Invalid filter pattern: expected a selector, found '{sel}'")
    get = _selector(sel)
    if p.at_word("IS"):
        p.take()
        _, what = p.take()
        what = what.upper()
        if what == "NULL":
            return lambda d: _on_value(lambda v: v is None)(get(d))
        if what in ("TRUE", "FALSE"):
            want = what == "TRUE"
            return lambda d: _on_value(lambda v: v is want)(get(d))
        raise PatternError(f"Invalid filter pattern: IS {what}")
    if p.at_word("NOT"):
        p.take()
        if not p.at_word("EXISTS"):
            raise PatternError("Invalid filter pattern: expected EXISTS after NOT")
        p.take()
        return lambda d: get(d) is _MISSING
    kind, op = p.take()
    if kind != "op" or op not in _NUMERIC:
        raise PatternError(f"Invalid filter pattern: expected a comparison after {sel}, found '{op}'")
    vkind, raw = p.take()
    if vkind not in ("str", "word", "regex"):
        raise PatternError(f"Invalid filter pattern: expected a value, found '{raw}'")
    test = _value_test(op, vkind, raw)
    # `!=` holds for a missing field too? No: AWS matches only events that have the field.
    return lambda d: _on_value(test)(get(d))


# ---------------------------------------------------------------- space-delimited patterns

_FIELD = re.compile(r'"([^"]*)"|\[([^\]]*)\]|(\S+)')


def split_fields(message: str) -> list[str]:
    """A message's space-delimited fields: "quoted" and [bracketed] text is one field."""
    out = []
    for m in _FIELD.finditer(message):
        out.append(m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3))
    return out


@dataclass(slots=True)
class _Slot:
    name: str  # "" for an unnamed field, "..." for any number of fields
    test: Callable[[str], bool] | None


def _delimited_pattern(src: str) -> Callable[[str], Fields | None]:
    p = _Parser(_tokens(src))
    p.expect("[")
    slots: list[_Slot] = []
    if not p.at("]"):
        while True:
            slots.append(_slot(p))
            if p.at(","):
                p.take()
                continue
            break
    p.expect("]")
    if p.peek() is not None:
        raise PatternError(f"Invalid filter pattern: unexpected '{p.peek()[1]}'")  # type: ignore[index]
    ellipses = [i for i, s in enumerate(slots) if s.name == "..."]
    if len(ellipses) > 1:
        raise PatternError("Invalid filter pattern: at most one ... per pattern")

    def match(message: str) -> Fields | None:
        values = split_fields(message)
        if ellipses:
            i = ellipses[0]
            after = len(slots) - i - 1
            if len(values) < len(slots) - 1:
                return None
            head = list(zip(slots[:i], values[:i], strict=True))
            tail = list(zip(slots[i + 1:], values[len(values) - after:] if after else [], strict=True))
            pairs = head + tail
        else:
            if not slots:
                return {}
            if len(values) < len(slots):
                return None
            # Extra fields fold into the last one, as AWS does for trailing text.
            if len(values) > len(slots):
                values = values[: len(slots) - 1] + [" ".join(values[len(slots) - 1:])]
            pairs = list(zip(slots, values, strict=True))
        fields: Fields = {}
        for slot, value in pairs:
            if slot.test is not None and not slot.test(value):
                return None
            if slot.name:
                fields[slot.name] = value
        return fields

    return match


def _slot(p: _Parser) -> _Slot:
    kind, name = p.take()
    if kind != "word":
        raise PatternError(f"Invalid filter pattern: expected a field name, found '{name}'")
    if name == "...":
        return _Slot("...", None)
    if p.at(",") or p.at("]"):
        return _Slot(name, None)
    test = _slot_or(p, name)
    return _Slot(name, test)


def _slot_or(p: _Parser, name: str) -> Callable[[str], bool]:
    parts = [_slot_and(p, name)]
    while p.at("||"):
        p.take()
        parts.append(_slot_and(p, name))
    return parts[0] if len(parts) == 1 else (lambda v: any(t(v) for t in parts))


def _slot_and(p: _Parser, name: str) -> Callable[[str], bool]:
    parts = [_slot_cond(p, name)]
    while p.at("&&"):
        p.take()
        parts.append(_slot_cond(p, name))
    return parts[0] if len(parts) == 1 else (lambda v: all(t(v) for t in parts))


def _slot_cond(p: _Parser, name: str) -> Callable[[str], bool]:
    # Within a slot, `a = x || a = y` repeats the name; a bare `= x` continues it.
    tok = p.peek()
    if tok is not None and tok[0] == "word" and tok[1] == name:
        p.take()
    kind, op = p.take()
    if kind != "op" or op not in _NUMERIC:
        raise PatternError(f"Invalid filter pattern: expected a comparison for {name}, found '{op}'")
    vkind, raw = p.take()
    if vkind not in ("str", "word", "regex"):
        raise PatternError(f"Invalid filter pattern: expected a value, found '{raw}'")
    return _value_test(op, vkind, raw)


def value_of(fields: Fields, selector: str) -> Any:
    """A metric filter's `$.a.b` (JSON) or `$name` (delimited) value from matched fields."""
    if selector.startswith("$."):
        found = _selector(selector)(fields)
        return None if found is _MISSING or isinstance(found, _Many) else found
    if selector.startswith("$"):
        return fields.get(selector[1:])
    return selector
