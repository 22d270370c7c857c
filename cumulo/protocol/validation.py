"""Input validation from the model's constraints, with AWS's wording.

`validate(operation, params, protocol)` raises `ValidationError` when params
break the input shape: a required member missing (at any depth), a value of the
wrong type, an enum value outside the enum, a string/blob length or list/map
size outside `min`/`max`, a number outside its range, or a string not matching
`pattern`. The message is the one AWS's request validation writes:

    2 validation errors detected: Value 'x' at 'queueName' failed to satisfy
    constraint: Member must have length less than or equal to 80; Value null at
    'keySchema.1.member.attributeName' failed to satisfy constraint: Member must not be null

Paths use member names with a lower-case first letter; list items are
`name.N.member`; map keys and values are checked as a whole at the map's path
("Map keys must satisfy constraint: [...]", listing every key constraint).
Wrong types, which AWS reports in other ways per service, read
"Member must be of type <type>".

Invariants:
- One checker per operation, compiled once from the model: no shape lookups
  by name per request, and no allocation on the happy path (a checker returns
  None, or a list of errors whose path segments are appended bottom-up).
- Patterns are Java regexes matched against the whole value. Each is compiled
  once; one Python's `re` cannot compile is skipped, and that is cached too.
- The error code follows the protocol family (see `ERROR_CODES`).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore.model import OperationModel, Shape

from cumulo.core.errors import ValidationError
from cumulo.core.http import StreamingBody
from cumulo.core.options import ProtocolOptions

# An error: path segments from the leaf up, the rendered value, the constraint.
Error = tuple[list[str], str, str]
Check = Callable[[Any], "list[Error] | None"]

ERROR_CODES = {
    "json": "ValidationException",
    "rest-json": "ValidationException",
    "smithy-rpc-v2-cbor": "ValidationException",
    "json-cbor": "ValidationException",
    "query": "ValidationError",
    "ec2": "InvalidParameterValue",
    "rest-xml": "InvalidArgument",
}
NOT_NULL = "Member must not be null"

_patterns: dict[str, re.Pattern[str] | None] = {}
_checkers: dict[OperationModel, Check | None] = {}


def compiled_pattern(pattern: str) -> re.Pattern[str] | None:
    """The compiled model pattern, or None when Python's `re` cannot express it."""
    try:
        return _patterns[pattern]
    except KeyError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _patterns[pattern] = re.compile(pattern)
    except (re.error, OverflowError, RecursionError):
        _patterns[pattern] = None
    return _patterns[pattern]


def render(value: Any) -> str:
    """A value as Java's toString shows it in AWS messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, bytearray)):
        return f"java.nio.HeapByteBuffer[pos=0 lim={len(value)} cap={len(value)}]"
    if isinstance(value, datetime):
        return value.strftime("%a %b %d %H:%M:%S UTC %Y")
    if isinstance(value, list):
        return "[" + ", ".join(render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render(k)}={render(v)}" for k, v in value.items()) + "}"
    return str(value)


def _fail(value: Any, constraint: str) -> list[Error]:
    return [([], f"'{render(value)}'", constraint)]


def _broken_rules(rules: list[tuple[Callable[[Any], bool], str]], value: Any, measure: Any) -> list[Error] | None:
    """An error for each rule `measure` (the value, or its size) breaks."""
    errors: list[Error] | None = None
    for broken, text in rules:
        if broken(measure):
            errors = errors or []
            errors.append(([], f"'{render(value)}'", text))
    return errors


def _size_rules(shape: Shape, unit: str) -> list[tuple[Callable[[int], bool], str]]:
    meta = shape.metadata
    rules = []
    if "max" in meta:
        high = meta["max"]
        rules.append((lambda n: n > high, f"Member must have {unit} less than or equal to {high}"))
    if "min" in meta:
        low = meta["min"]
        rules.append((lambda n: n < low, f"Member must have {unit} greater than or equal to {low}"))
    return rules


# kind -> (accepted types, whether bool is refused, the type named in "Member must be of type ...").
_TYPES: dict[str, tuple[tuple[type[Any], ...], bool, str]] = {
    "string": ((str,), False, "string"),
    "integer": ((int,), True, "integer"),
    "long": ((int,), True, "long"),
    "float": ((int, float), True, "float"),
    "double": ((int, float), True, "double"),
    "boolean": ((bool,), False, "boolean"),
    "blob": ((bytes, bytearray, StreamingBody), False, "blob"),
    "timestamp": ((datetime,), False, "timestamp"),
}
_NUMBERS = ("integer", "long", "float", "double")


def _on_length(broken: Callable[[int], bool]) -> Callable[[Any], bool]:
    """A length rule; a streamed blob, its length unknown, passes."""
    return lambda value: not isinstance(value, StreamingBody) and broken(len(value))


def _scalar_rules(shape: Shape) -> list[tuple[Callable[[Any], bool], str]]:
    """(violated?, constraint) pairs for a scalar value already of the right type."""
    kind = shape.type_name
    rules: list[tuple[Callable[[Any], bool], str]] = []
    if kind in ("string", "blob"):
        for broken, text in _size_rules(shape, "length"):
            rules.append((_on_length(broken), text))
    if kind in _NUMBERS:
        for broken, text in _size_rules(shape, "value"):
            rules.append((broken, text))
    if kind == "string":
        pattern = shape.metadata.get("pattern")
        regex = compiled_pattern(pattern) if pattern else None
        if regex is not None:
            rules.append((lambda v: regex.fullmatch(v) is None, f"Member must satisfy regular expression pattern: {pattern}"))
        enum = shape.enum
        if enum:
            allowed = frozenset(enum)
            rules.append((lambda v: v not in allowed, f"{ENUM_RULE}: [{', '.join(enum)}]"))
    return rules


def _bounds(shape: Shape) -> tuple[float, float]:
    """The model's (min, max), open-ended where it sets none."""
    meta = shape.metadata
    return meta.get("min", -math.inf), meta.get("max", math.inf)


def _string_rules(shape: Shape) -> tuple[Callable[[str], Any] | None, frozenset[str] | None]:
    """A string shape's compiled pattern test and enum set, each None when unset."""
    pattern = shape.metadata.get("pattern")
    regex = compiled_pattern(pattern) if pattern else None
    return (regex.fullmatch if regex is not None else None), (frozenset(shape.enum) if shape.enum else None)


def _no_check(value: Any) -> None:
    return None


def _type_check(accepted: tuple[type[Any], ...], refuse_bool: bool, type_error: str) -> Check:
    if refuse_bool:
        return lambda value: None if isinstance(value, accepted) and type(value) is not bool else _fail(value, type_error)
    return lambda value: None if isinstance(value, accepted) else _fail(value, type_error)


def _always_valid(shape: Shape) -> frozenset[type]:
    """The exact types whose values of `shape` break nothing: those of a scalar
    that has no constraint besides its type (a checker need not even be called)."""
    kind = shape.type_name
    if kind not in _TYPES or _scalar_rules(shape):
        return frozenset()
    return frozenset(_TYPES[kind][0])


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


class _Compiler:
    """Each checker tests the happy path with plain comparisons and builds the
    errors (from the rule lists, in the order AWS reports them) only on a miss."""

    def __init__(self) -> None:
        self._memo: dict[str, Check] = {}

    def compile(self, shape: Shape) -> Check:
        kind = shape.type_name
        if kind == "structure":
            return _no_check if getattr(shape, "is_document_type", False) else self._structure(shape)
        if kind == "list":
            return self._list(shape)
        if kind == "map":
            return self._map(shape)
        if kind not in _TYPES:
            return _no_check
        accepted, refuse_bool, type_name = _TYPES[kind]
        type_error = f"Member must be of type {type_name}"
        rules = _scalar_rules(shape)
        if not rules:
            return _type_check(accepted, refuse_bool, type_error)
        low, high = _bounds(shape)
        if kind == "string":
            return self._string(shape, rules, low, high, type_error)
        if kind == "blob":

            def check_blob(value: Any) -> list[Error] | None:
                if not isinstance(value, accepted):
                    return _fail(value, type_error)
                if isinstance(value, StreamingBody) or low <= len(value) <= high:
                    return None
                return _broken_rules(rules, value, value)

            return check_blob

        def check_number(value: Any) -> list[Error] | None:
            if not isinstance(value, accepted) or type(value) is bool:
                return _fail(value, type_error)
            if low <= value <= high:
                return None
            return _broken_rules(rules, value, value)

        return check_number

    def _string(self, shape: Shape, rules: list[tuple[Callable[[Any], bool], str]], low: float, high: float, type_error: str) -> Check:
        fullmatch, allowed = _string_rules(shape)

        def check(value: Any) -> list[Error] | None:
            if not isinstance(value, str):
                return _fail(value, type_error)
            if (
                low <= len(value) <= high
                and (fullmatch is None or fullmatch(value) is not None)
                and (allowed is None or value in allowed)
            ):
                return None
            return _broken_rules(rules, value, value)

        return check

    def _structure(self, shape: Shape) -> Check:
        key = shape.name
        if key in self._memo:
            return self._memo[key]
        table: dict[str, tuple[str, Check, frozenset[type]]] = {}  # member -> path segment, check, types passing unchecked
        required: list[tuple[str, str]] = []  # member, path segment

        def check(value: Any) -> list[Error] | None:
            if not isinstance(value, dict):
                return _fail(value, "Member must be of type structure")
            errors = None
            for name, segment in required:
                if value.get(name) is None:
                    errors = errors or []
                    errors.append(([segment], "null", NOT_NULL))
            for name, item in value.items():
                entry = table.get(name)
                if entry is None or item is None or type(item) in entry[2]:
                    continue
                found = entry[1](item)
                if found:
                    for error in found:
                        error[0].append(entry[0])
                    errors = errors or []
                    errors.extend(found)
            return errors

        self._memo[key] = check
        required_names = set(shape.required_members)
        for name, member in shape.members.items():
            segment = _lower_first(name)
            table[name] = (segment, self.compile(member), _always_valid(member))
            if name in required_names:
                required.append((name, segment))
        return check

    def _list(self, shape: Shape) -> Check:
        item_check = self.compile(shape.member)
        passing = _always_valid(shape.member)
        sizes = _size_rules(shape, "length")
        low, high = _bounds(shape)
        type_error = "Member must be of type list"

        def check(value: Any) -> list[Error] | None:
            if not isinstance(value, list):
                return _fail(value, type_error)
            errors = None if low <= len(value) <= high else _broken_rules(sizes, value, len(value))
            for index, item in enumerate(value, 1):
                if item is None or type(item) in passing:
                    continue
                found = item_check(item)
                if found:
                    for error in found:
                        error[0].extend(("member", str(index)))
                    errors = errors or []
                    errors.extend(found)
            return errors

        return check

    def _map(self, shape: Shape) -> Check:
        sizes = _size_rules(shape, "length")
        low, high = _bounds(shape)
        key_rules = _scalar_rules(shape.key)
        string_keys = shape.key.type_name == "string"  # as all of AWS's maps have: tested inline
        key_bad = None if string_keys or not key_rules else (lambda k: any(broken(k) for broken, _ in key_rules))
        key_low, key_high = _bounds(shape.key)
        key_match, key_allowed = _string_rules(shape.key) if string_keys else (None, None)
        check_keys = string_keys and bool(key_rules)
        key_text = f"Map keys must satisfy constraint: [{', '.join(text for _, text in key_rules)}]"
        value_shape = shape.value
        nested = value_shape.type_name in ("structure", "list", "map")
        value_check = self.compile(value_shape)
        value_rules = [] if nested else _scalar_rules(value_shape)
        value_text = f"Map value must satisfy constraint: [{', '.join(text for _, text in value_rules)}]"
        type_error = "Member must be of type map"

        def check(value: Any) -> list[Error] | None:
            if not isinstance(value, dict):
                return _fail(value, type_error)
            bad_key = False
            found_errors: list[Error] | None = None
            for key, item in value.items():
                if check_keys and not bad_key and isinstance(key, str):
                    bad_key = not (
                        key_low <= len(key) <= key_high
                        and (key_match is None or key_match(key) is not None)
                        and (key_allowed is None or key in key_allowed)
                    )
                elif key_bad is not None and not bad_key and isinstance(key, str) and key_bad(key):
                    bad_key = True
                if item is None:
                    continue
                found = value_check(item)
                if not found:
                    continue
                if not nested:  # a scalar map value: one error for the whole map
                    found_errors = [([], f"'{render(value)}'", value_text if value_rules else found[0][2])]
                    if key_rules and not bad_key:
                        bad_key = any(isinstance(k, str) and broken(k) for k in value for broken, _ in key_rules)
                    break
                for error in found:
                    error[0].append(str(key))
                found_errors = found_errors or []
                found_errors.extend(found)
            errors = None if low <= len(value) <= high else _broken_rules(sizes, value, len(value))
            if bad_key:
                errors = errors or []
                errors.append(([], f"'{render(value)}'", key_text))
            if found_errors:
                errors = errors or []
                errors.extend(found_errors)
            return errors

        return check


def _checker(operation: OperationModel) -> Check | None:
    try:
        return _checkers[operation]
    except KeyError:
        shape = operation.input_shape
        checker = _checkers[operation] = _Compiler().compile(shape) if shape is not None else None
        return checker


def _message(errors: list[Error]) -> str:
    parts = [
        f"Value {value} at '{'.'.join(reversed(path))}' failed to satisfy constraint: {constraint}"
        for path, value, constraint in errors
    ]
    count = len(parts)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(parts)


ENUM_RULE = "Member must satisfy enum value set"


_trusted: tuple[OperationModel, dict[str, Any]] | None = None


def trust(operation: OperationModel, params: dict[str, Any]) -> None:
    """Mark the input a parser just checked against every constraint (`parsing.typed`):
    the next `validate` of that very dict for that operation passes it without a walk."""
    global _trusted
    _trusted = (operation, params)


def validate(operation: OperationModel, params: dict[str, Any], protocol: str, options: ProtocolOptions | None = None) -> None:
    """Raise `ValidationError` (named as `protocol`'s services name it) if params break the model.

    `options` are the service's protocol options; `validate_enums: False` leaves
    enum checks to a service that answers them itself (SQS: InvalidAttributeName);
    `query_error_style: "ec2"` names query-protocol validation errors as EC2 does
    (`MissingParameter`, `InvalidParameterValue`), as the old SQS query API did.
    """
    global _trusted
    trusted, _trusted = _trusted, None  # one use: parse, then validate, with nothing between
    if trusted is not None and trusted[1] is params and trusted[0] is operation:
        return
    checker = _checker(operation)
    if checker is None:
        return
    errors = checker(params)
    if errors and options and options.get("validate_enums") is False:
        errors = [e for e in errors if ENUM_RULE not in e[2]]
    if not errors:
        return
    query_style = bool(options and options.get("query_error_style") == "ec2")
    if protocol == "query" and query_style:
        protocol = "ec2"
    missing = [e for e in errors if e[2] == NOT_NULL]
    if protocol == "ec2" or (protocol == "json" and query_style):
        # The query API's own names; a query-compatible JSON service answers with the
        # JSON shapes behind them (`x-amzn-query-error` then carries the query codes).
        as_json = protocol == "json"
        if missing:
            path = missing[0][0]
            name = ".".join(p[:1].upper() + p[1:] for p in reversed(path))
            raise ValidationError("MissingRequiredParameterException" if as_json else "MissingParameter",
                                  f"The request must contain the parameter {name}")
        if as_json:
            raise ValidationError("InvalidParameterValueException", _message(errors))
    code = (options and options.get("validation_error")) or ERROR_CODES.get(protocol, "ValidationException")
    raise ValidationError(code, _message(errors))
