"""Intrinsic functions: `States.Format('x {}', $.a)`, `States.Array(...)` and the rest.

`parse` turns the text into a call tree (checked at definition time too);
`evaluate` runs it over the state's input and the context object. Failures raise
States.IntrinsicFailure with a cause in the manner of AWS's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cumulo.services.stepfunctions.asl import paths
from cumulo.services.stepfunctions.asl.errors import StatesError, intrinsic_failure


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Any, ...]  # literals, Path or Call


@dataclass(frozen=True, slots=True)
class Path:
    path: str


class _Parser:
    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def error(self, what: str) -> ValueError:
        return ValueError(f"{what} at position {self.pos} of {self.text!r}")

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def call(self) -> Call:
        self.skip()
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum() or self.text[self.pos] == "."):
            self.pos += 1
        name = self.text[start:self.pos]
        if not name.startswith("States.") or name not in FUNCTIONS:
            raise self.error(f"unknown intrinsic function {name!r}")
        self.skip()
        if self.text[self.pos:self.pos + 1] != "(":
            raise self.error("expected '('")
        self.pos += 1
        args: list[Any] = []
        self.skip()
        if self.text[self.pos:self.pos + 1] == ")":
            self.pos += 1
            return Call(name, ())
        while True:
            args.append(self.arg())
            self.skip()
            ch = self.text[self.pos:self.pos + 1]
            self.pos += 1
            if ch == ")":
                return Call(name, tuple(args))
            if ch != ",":
                raise self.error("expected ',' or ')'")

    def arg(self) -> Any:
        self.skip()
        ch = self.text[self.pos:self.pos + 1]
        if ch == "'":
            return self.string()
        if ch == "$":
            return self.path()
        if self.text.startswith("States.", self.pos):
            return self.call()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ",)" and not self.text[self.pos].isspace():
            self.pos += 1
        word = self.text[start:self.pos]
        if word in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[word]
        try:
            return int(word)
        except ValueError:
            try:
                return float(word)
            except ValueError:
                raise self.error(f"unexpected argument {word!r}") from None

    def string(self) -> str:
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text):
                out.append(ch + self.text[self.pos + 1] if self.text[self.pos + 1] in "{}" else self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == "'":
                self.pos += 1
                return "".join(out)
            out.append(ch)
            self.pos += 1
        raise self.error("unterminated string")

    def path(self) -> Path:
        start, depth, quote = self.pos, 0, False
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "'" and depth:
                quote = not quote
            elif not quote and ch in "[(":
                depth += 1
            elif not quote and ch in "])":
                if depth == 0:
                    break
                depth -= 1
            elif not quote and depth == 0 and (ch == "," or ch.isspace()):
                break
            self.pos += 1
        return Path(self.text[start:self.pos])


@lru_cache(maxsize=1024)
def parse(text: str) -> Call:
    parser = _Parser(text.strip())
    call = parser.call()
    parser.skip()
    if parser.pos != len(parser.text):
        raise parser.error("unexpected text after the function call")
    return call


def evaluate(text: str, data: Any, context: Any) -> Any:
    try:
        call = parse(text)
    except ValueError as error:
        raise intrinsic_failure(str(error)) from None
    return _run(call, data, context)


def _run(call: Call, data: Any, context: Any) -> Any:
    args = [_value(a, data, context) for a in call.args]
    if call.name == "States.Format" and call.args and isinstance(call.args[0], str):
        args[0] = call.args[0]  # Format reads its own escapes: \\{ is a brace, {} a placeholder
    try:
        return FUNCTIONS[call.name](*args)
    except StatesError:
        raise
    except TypeError as error:
        raise intrinsic_failure(f"Invalid arguments in {call.name}: {error}") from None
    except (ValueError, KeyError, IndexError, json.JSONDecodeError) as error:
        raise intrinsic_failure(f"{call.name}: {error}") from None


def _value(arg: Any, data: Any, context: Any) -> Any:
    if isinstance(arg, Path):
        return paths.read(data, arg.path, context)
    if isinstance(arg, Call):
        return _run(arg, data, context)
    if isinstance(arg, str):
        return arg.replace("\\{", "{").replace("\\}", "}") if "\\" in arg else arg
    return arg


def _number(value: Any, name: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise intrinsic_failure(f"{name} needs numbers, got {json.dumps(value)}")
    return value


def _int(value: Any, name: str) -> int:
    number = _number(value, name)
    if isinstance(number, float):
        if not number.is_integer():
            raise intrinsic_failure(f"{name} needs integers, got {number}")
        number = int(number)
    return number


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def _format(template: str, *args: Any) -> str:
    out: list[str] = []
    i = used = 0
    while i < len(template):
        if template.startswith("\\{", i) or template.startswith("\\}", i):
            out.append(template[i + 1])
            i += 2
        elif template.startswith("{}", i):
            if used >= len(args):
                raise intrinsic_failure("States.Format: more placeholders than arguments")
            out.append(_text(args[used]))
            used += 1
            i += 2
        else:
            out.append(template[i])
            i += 1
    if used != len(args):
        raise intrinsic_failure("States.Format: the number of arguments does not match the placeholders")
    return "".join(out)


def _string_to_json(text: str) -> Any:
    return json.loads(text) if text.strip() else None


def _partition(array: list[Any], size: Any) -> list[list[Any]]:
    n = _int(size, "States.ArrayPartition")
    if n <= 0:
        raise intrinsic_failure("States.ArrayPartition: chunk size must be positive")
    return [array[i:i + n] for i in range(0, len(array), n)]


def _range(start: Any, end: Any, step: Any) -> list[int]:
    a, b, s = (_int(v, "States.ArrayRange") for v in (start, end, step))
    if s == 0:
        raise intrinsic_failure("States.ArrayRange: step must not be 0")
    out = list(range(a, b + (1 if s > 0 else -1), s))
    if len(out) > 1000:
        raise intrinsic_failure("States.ArrayRange: the result is limited to 1000 items")
    return out


def _unique(array: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in array:
        if not any(item == s and type(item) is type(s) for s in seen):
            seen.append(item)
    return seen


def _hash(data: Any, algorithm: str) -> str:
    names = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
    if algorithm not in names:
        raise intrinsic_failure(f"States.Hash: unsupported algorithm {algorithm!r}; use one of {', '.join(names)}")
    return hashlib.new(names[algorithm], _text(data).encode()).hexdigest()


def _merge(a: Any, b: Any, deep: Any) -> dict[str, Any]:
    if not isinstance(a, dict) or not isinstance(b, dict):
        raise intrinsic_failure("States.JsonMerge needs two JSON objects")
    if deep is not False:
        raise intrinsic_failure("States.JsonMerge supports shallow merges only: the third argument must be false")
    return {**a, **b}


def _random(start: Any, end: Any, seed: Any = None) -> int:
    a, b = _int(start, "States.MathRandom"), _int(end, "States.MathRandom")
    rng = random.Random(seed) if seed is not None else random
    return rng.randint(a, b - 1) if b > a else a


def _add(a: Any, b: Any) -> int:
    return _int(a, "States.MathAdd") + _int(b, "States.MathAdd")


def _split(text: str, delimiters: str) -> list[str]:
    if not isinstance(text, str) or not isinstance(delimiters, str):
        raise intrinsic_failure("States.StringSplit needs two strings")
    parts = [text]
    for d in delimiters:
        parts = [piece for part in parts for piece in part.split(d)]
    return [p for p in parts if p]


def _get_item(array: list[Any], index: Any) -> Any:
    i = _int(index, "States.ArrayGetItem")
    if not isinstance(array, list) or not 0 <= i < len(array):
        raise intrinsic_failure(f"States.ArrayGetItem: index {i} is out of bounds")
    return array[i]


def _decode(text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode()
    except Exception:
        raise intrinsic_failure("States.Base64Decode: the input is not valid base64") from None


def _array_of(name: str, fn: Any) -> Any:
    def run(array: Any, *rest: Any) -> Any:
        if not isinstance(array, list):
            raise intrinsic_failure(f"{name} needs an array as first argument")
        return fn(array, *rest)

    return run


def _needs_str(name: str, fn: Any) -> Any:
    def run(value: Any) -> Any:
        if not isinstance(value, str):
            raise intrinsic_failure(f"{name} needs a string argument")
        return fn(value)

    return run


FUNCTIONS: dict[str, Any] = {
    "States.Format": lambda template, *args: _format(template, *args),
    "States.StringToJson": _needs_str("States.StringToJson", _string_to_json),
    "States.JsonToString": lambda value: json.dumps(value, separators=(",", ":")),
    "States.Array": lambda *items: list(items),
    "States.ArrayPartition": _array_of("States.ArrayPartition", _partition),
    "States.ArrayContains": _array_of("States.ArrayContains", lambda a, v: any(v == x and type(v) is type(x) for x in a)),
    "States.ArrayRange": _range,
    "States.ArrayGetItem": _array_of("States.ArrayGetItem", _get_item),
    "States.ArrayLength": _array_of("States.ArrayLength", len),
    "States.ArrayUnique": _array_of("States.ArrayUnique", _unique),
    "States.Base64Encode": _needs_str("States.Base64Encode", lambda s: base64.b64encode(s.encode()).decode()),
    "States.Base64Decode": _needs_str("States.Base64Decode", _decode),
    "States.Hash": _hash,
    "States.JsonMerge": _merge,
    "States.MathRandom": _random,
    "States.MathAdd": _add,
    "States.StringSplit": _split,
    "States.UUID": lambda: str(uuid.uuid4()),
}
