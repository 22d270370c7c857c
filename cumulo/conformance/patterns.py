"""Strings that satisfy a model `pattern` and a length window, derived from the regex itself.

`string_for(pattern, rng, min_len, max_len, target, non_ascii)` walks the
pattern's parse tree (Python's own `re` parser) and builds one string from it:
the shortest branch of each alternation, the minimum count of each repeat, and
then single-character repeats stretched until the string reaches `target`.
Every answer is checked with `re.fullmatch` and the length window before it is
returned; when no string can be derived the answer is None and the caller falls
back to something else (or skips the variant). Deterministic for a given `rng`.

Models carry Java regexes. The few Java-only constructs AWS uses (`\\p{L}`,
`\\p{Print}`, `[\\w-_]`) are rewritten into Python's syntax first; anything
else Python cannot compile yields None.
"""

from __future__ import annotations

import random
import re
import warnings
from dataclasses import dataclass
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]

# Java's POSIX and Unicode classes, as the contents of a Python character class.
_JAVA_CLASSES = {
    "L": "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u4e00-\u9fff",
    "Alphabetic": "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f",
    "Alpha": "a-zA-Z",
    "N": "0-9",
    "Nd": "0-9",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Upper": "A-Z",
    "Lu": "A-Z",
    "Lower": "a-z",
    "Ll": "a-z",
    "Z": " ",
    "Zs": " ",
    "Space": " \\t\\n\\r\\f\\v",
    "XDigit": "0-9a-fA-F",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "ASCII": "\\x00-\\x7f",
    "S": "$+<=>^`|~",
}
_PROPERTY = re.compile(r"\\p\{(?:Is)?(\w+)\}")
# Java reads `\w-_` inside a class as three items; Python as a bad range.
_ESCAPE_DASH = re.compile(r"(?<!\\)(\\[wWdDsS])-")

_compiled: dict[str, re.Pattern[str] | None] = {}
_parsed: dict[str, list | None] = {}

PREFERRED = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_."
NON_ASCII = "éüßøñ漢字Ωж"


def to_python(pattern: str) -> str:
    """The pattern with Java-only classes rewritten (inside or outside a character class)."""
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            m = _PROPERTY.match(pattern, i)
            if m:
                body = _JAVA_CLASSES.get(m.group(1), "a-zA-Z0-9")
                out.append(body if depth else f"[{body}]")
                i = m.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        out.append(ch)
        i += 1
    return _ESCAPE_DASH.sub(r"\1\\-", "".join(out))


def compiled(pattern: str) -> re.Pattern[str] | None:
    if pattern not in _compiled:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _compiled[pattern] = re.compile(to_python(pattern))
        except (re.error, OverflowError, RecursionError):
            _compiled[pattern] = None
    return _compiled[pattern]


def matches(pattern: str | None, value: str) -> bool:
    if not pattern:
        return True
    rx = compiled(pattern)
    return rx is None or rx.fullmatch(value) is not None


@dataclass(slots=True)
class _Stretch:
    """A repeat of one character class: `count` copies now, up to `most`."""

    op: object
    arg: object
    count: int
    most: int


def _in_class(items: list, ch: str) -> bool:
    code = ord(ch)
    negate = False
    found = False
    for op, arg in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            found = found or code == arg
        elif op is C.RANGE:
            found = found or arg[0] <= code <= arg[1]
        elif op is C.CATEGORY:
            found = found or _in_category(arg, ch)
    return found != negate


def _in_category(category: object, ch: str) -> bool:
    tests = {
        C.CATEGORY_DIGIT: ch.isdigit(),
        C.CATEGORY_NOT_DIGIT: not ch.isdigit(),
        C.CATEGORY_WORD: ch.isalnum() or ch == "_",
        C.CATEGORY_NOT_WORD: not (ch.isalnum() or ch == "_"),
        C.CATEGORY_SPACE: ch.isspace(),
        C.CATEGORY_NOT_SPACE: not ch.isspace(),
    }
    return tests.get(category, False)


def _accepted(op: object, arg: object, non_ascii: bool) -> list[str]:
    """Characters the single-character item (op, arg) accepts, the nicest first."""
    if op is C.LITERAL:
        return [chr(arg)]  # type: ignore[arg-type]
    if op is C.NOT_LITERAL:
        return [c for c in "ab" if ord(c) != arg]
    candidates = (NON_ASCII if non_ascii else "") + PREFERRED
    if op is C.ANY:
        return [c for c in candidates if c != "\n"]
    if op is C.IN:
        accepted = [c for c in candidates if _in_class(arg, c)]  # type: ignore[arg-type]
        return accepted or [chr(n) for n in range(32, 127) if _in_class(arg, chr(n))]  # type: ignore[arg-type]
    return []


def _chars(op: object, arg: object, rng: random.Random, non_ascii: bool, count: int) -> str | None:
    """`count` accepted characters: letters first (most AWS names must start with one),
    varied by the seed, and led by non-ASCII ones when asked and allowed."""
    accepted = _accepted(op, arg, non_ascii)
    if not accepted:
        return None
    if all(c.isdigit() for c in accepted) and "0" in accepted:
        return "0" * count  # account ids and the like: the default account, 000000000000
    exotic = [c for c in accepted if not c.isascii()]
    plain = [c for c in accepted if c.isascii() and c.isalpha()] or [c for c in accepted if c.isascii()] or accepted
    out = [exotic[i % len(exotic)] if exotic and i % 2 == 0 else rng.choice(plain[:26]) for i in range(count)]
    return "".join(out)


_SINGLE = (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)


def _walk(tree: list, rng: random.Random, non_ascii: bool, out: list, target: int, shuffle: bool) -> bool:
    """Append literal strings and `_Stretch` slots for `tree` to `out`; False if underivable.

    With `shuffle`, alternations are taken in a random order and repeated groups
    are repeated towards `target` (a retry after the plain walk missed the window)."""
    for op, arg in tree:
        if op in _SINGLE:
            ch = _chars(op, arg, rng, non_ascii, 1)
            if ch is None:
                return False
            out.append(ch)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, sub = arg
            high = 10_000 if high is C.MAXREPEAT else high
            if len(sub) == 1 and sub[0][0] in _SINGLE:
                if not _accepted(sub[0][0], sub[0][1], non_ascii):
                    if low:
                        return False
                    continue
                out.append(_Stretch(sub[0][0], sub[0][1], low, high))
            else:
                count = low
                if shuffle and high > low:
                    count = max(low, min(high, -(-target // max(1, _min_len(list(sub))))))
                for _ in range(count):
                    if not _walk(list(sub), rng, non_ascii, out, target, shuffle):
                        return False
        elif op is C.SUBPATTERN:
            if not _walk(list(arg[-1]), rng, non_ascii, out, target, shuffle):
                return False
        elif op is C.ATOMIC_GROUP:
            if not _walk(list(arg), rng, non_ascii, out, target, shuffle):
                return False
        elif op is C.BRANCH:
            branches = sorted(arg[1], key=lambda b: _min_len(list(b)))
            if shuffle:
                rng.shuffle(branches)
            for branch in branches:
                trial: list = []
                if _walk(list(branch), rng, non_ascii, trial, target, shuffle):
                    out.extend(trial)
                    break
            else:
                return False
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # anchors and look-arounds: checked by the final fullmatch
        else:
            return False  # back-references, conditionals: not derivable
    return True


def _min_len(tree: list) -> int:
    try:
        return sre.SubPattern(sre.State(), tree).getwidth()[0]
    except Exception:  # noqa: BLE001 - only a sort key
        return 0


def _render(pieces: list, target: int, rng: random.Random, non_ascii: bool) -> str:
    length = sum(len(p) if isinstance(p, str) else p.count for p in pieces)
    slots = [p for p in pieces if isinstance(p, _Stretch)]
    # Grow the roomiest slot first, so one field absorbs the length (names stay readable).
    for slot in sorted(slots, key=lambda s: -(s.most - s.count)):
        if length >= target:
            break
        extra = min(target - length, slot.most - slot.count)
        slot.count += extra
        length += extra
    return "".join(p if isinstance(p, str) else _chars(p.op, p.arg, rng, non_ascii, p.count) or "" for p in pieces)


def string_for(
    pattern: str,
    rng: random.Random,
    min_len: int = 0,
    max_len: int | None = None,
    target: int | None = None,
    non_ascii: bool = False,
) -> str | None:
    """A string matching `pattern` (whole) with min_len <= len <= max_len, near `target`."""
    rx = compiled(pattern)
    if rx is None:
        return None
    if pattern not in _parsed:
        try:
            _parsed[pattern] = list(sre.parse(to_python(pattern)))
        except (re.error, OverflowError, RecursionError):
            _parsed[pattern] = None
    tree = _parsed[pattern]
    if tree is None:
        return None
    want = target if target is not None else max(min_len, min(max_len or 12, 12))
    for attempt in range(6):
        pieces: list = []
        local = random.Random(rng.random())
        if not _walk(tree, local, non_ascii, pieces, want, attempt > 0):
            continue
        value = _render(pieces, want, local, non_ascii)
        if rx.fullmatch(value) and len(value) >= min_len and (max_len is None or len(value) <= max_len):
            return value
    return None
