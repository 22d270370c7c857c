"""Attribute values: validation, numbers, equality, ordering and item size.

Items are kept exactly as they travel on the wire, `{"name": {"S": "x"}}`, with
binary values as `bytes` and numbers as their canonical decimal string, so an
item needs no conversion on the way in or out. This module is the one place
that knows the ten types:

- numbers are `decimal.Decimal` while computed: 38 significant digits, magnitude
  between 1E-130 and 9.9999999999999999999999999999999999999E+125, stored in the
  canonical form DynamoDB returns ("1.50" is "1.5", "1e2" is "100");
- `sort_value` gives the Python value whose order is DynamoDB's order for a key
  type (strings by UTF-8 bytes, which is code-point order; numbers numerically;
  binary as unsigned bytes);
- `item_size` follows the sizing rules in
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
"""

from __future__ import annotations

import base64
import decimal
import re
from decimal import Decimal
from typing import Any

from cumulo.core.errors import AwsError

AttributeValue = dict[str, Any]
Item = dict[str, AttributeValue]

TYPES = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")
SET_TYPES = {"SS": "S", "NS": "N", "BS": "B"}
MAX_ITEM_SIZE = 400 * 1024
MAX_DEPTH = 32

# Exact arithmetic for sums and differences of 38-digit numbers.
CONTEXT = decimal.Context(prec=300, Emax=999999, Emin=-999999, traps=[decimal.InvalidOperation])
MAX_MAGNITUDE = Decimal("9.9999999999999999999999999999999999999E+125")
MIN_MAGNITUDE = Decimal("1E-130")

INVALID = "One or more parameter values were invalid: "


def invalid(message: str) -> AwsError:
    return AwsError("ValidationException", message)


def data_error(message: str) -> AwsError:
    """A limit of the data (a number DynamoDB cannot hold, nesting too deep), which
    AWS never prefixes with `1 validation error detected: ` (see `engine.enveloped`)."""
    error = invalid(message)
    error.envelope = False  # type: ignore[attr-defined]
    return error


# ---------------------------------------------------------------- numbers


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def to_decimal(text: str) -> Decimal:
    value = None
    if isinstance(text, str) and _NUMBER.fullmatch(text):
        value = Decimal(text)  # exact: a context would round before the digit check
    if value is None:
        raise data_error("A value provided cannot be converted into a number")
    return value


def check_number(value: Decimal) -> Decimal:
    if value.is_zero():
        return Decimal(0)
    digits = "".join(map(str, value.as_tuple().digits)).strip("0")
    if len(digits) > 38:
        raise data_error("Attempting to store more than 38 significant digits in a Number")
    magnitude = value.copy_abs()  # abs() would round to the default context's 28 digits
    if magnitude > MAX_MAGNITUDE:
        raise data_error("Number overflow. Attempting to store a number with magnitude larger than supported range")
    if magnitude < MIN_MAGNITUDE:
        raise data_error("Number underflow. Attempting to store a number with magnitude smaller than supported range")
    return value


def format_number(value: Decimal) -> str:
    """The canonical text DynamoDB answers with: no exponent, no trailing zeros."""
    if value.is_zero():
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


_PLAIN_INTEGER = re.compile(r"-?[1-9][0-9]{0,37}")


def normalize_number(text: str) -> str:
    if isinstance(text, str) and _PLAIN_INTEGER.fullmatch(text):
        return text  # already canonical and within range: the common case, without Decimal
    return format_number(check_number(to_decimal(text)))


# ---------------------------------------------------------------- validation


def _type_of(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        raise invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    if len(value) > 1:
        raise invalid("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
    (kind,) = value
    if kind not in TYPES:
        raise invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    return kind


_SET_WORDS = {"SS": "string", "NS": "number", "BS": "binary"}


def clean(value: Any, depth: int = 0) -> AttributeValue:
    """A validated, canonical copy of an attribute value from a request."""
    if depth > MAX_DEPTH:
        raise data_error("Nesting Levels have exceeded supported limits")
    kind = _type_of(value)
    raw = value[kind]
    if kind == "S":
        return {"S": raw}
    if kind == "N":
        return {"N": normalize_number(raw)}
    if kind == "B":
        return {"B": raw}
    if kind == "BOOL":
        return {"BOOL": bool(raw)}
    if kind == "NULL":
        if raw is not True:
            raise invalid(INVALID + "Null attribute value types must have the value of true")
        return {"NULL": True}
    if kind == "M":
        return {"M": {k: clean(v, depth + 1) for k, v in raw.items()}}
    if kind == "L":
        return {"L": [clean(v, depth + 1) for v in raw]}
    # sets
    if not raw:
        raise invalid(INVALID + f"An {_SET_WORDS[kind]} set  may not be empty")
    members = [normalize_number(n) for n in raw] if kind == "NS" else list(raw)
    seen = {Decimal(m) for m in members} if kind == "NS" else set(members)
    if len(seen) != len(members):
        shown = ", ".join(str(m) for m in raw)
        raise invalid(INVALID + f"Input collection [{shown}] contains duplicates.")
    return {kind: members}


def clean_item(item: dict[str, Any]) -> Item:
    return {name: clean(value) for name, value in item.items()}


# ---------------------------------------------------------------- comparison


def type_of(value: AttributeValue) -> str:
    return next(iter(value))


def sort_value(value: AttributeValue) -> Any:
    """A Python value ordered as DynamoDB orders this scalar (S, N or B)."""
    if "S" in value:
        return value["S"]
    if "N" in value:
        return Decimal(value["N"])
    return bytes(value["B"])


def equal(a: AttributeValue | None, b: AttributeValue | None) -> bool:
    if a is None or b is None:
        return False
    kind = type_of(a)
    if kind != type_of(b):
        return False
    x, y = a[kind], b[kind]
    if kind == "N":
        return Decimal(x) == Decimal(y)
    if kind == "NS":
        return {Decimal(n) for n in x} == {Decimal(n) for n in y}
    if kind in ("SS", "BS"):
        return set(x) == set(y)
    if kind == "L":
        return len(x) == len(y) and all(equal(p, q) for p, q in zip(x, y))
    if kind == "M":
        return x.keys() == y.keys() and all(equal(x[k], y[k]) for k in x)
    return bool(x == y)


def compare(a: AttributeValue | None, b: AttributeValue | None) -> int | None:
    """-1, 0 or 1 for two scalars of one ordered type (S, N, B); None otherwise."""
    if a is None or b is None:
        return None
    kind = type_of(a)
    if kind not in ("S", "N", "B") or kind != type_of(b):
        return None
    x, y = sort_value(a), sort_value(b)
    return (x > y) - (x < y)


def describe(value: AttributeValue) -> str:
    """How AWS prints an operand in error messages: `{N:5}`, `{S:abc}`."""
    kind = type_of(value)
    return f"{{{kind}:{value[kind]}}}"


def to_json(value: Any) -> Any:
    """An item or attribute value as DynamoDB JSON text carries it: binary as base64."""
    if isinstance(value, dict):
        return {k: to_json(x) for k, x in value.items()}
    if isinstance(value, list):
        return [to_json(x) for x in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return value


def from_json(value: Any, kind: str | None = None) -> Any:
    """The inverse of `to_json` for an attribute value (or, with kind None, an item or map)."""
    if kind is None:
        return {name: _from_json_value(x) for name, x in value.items()}
    if kind == "B":
        return base64.b64decode(value)
    if kind == "BS":
        return [base64.b64decode(x) for x in value]
    if kind == "M":
        return from_json(value)
    if kind == "L":
        return [_from_json_value(x) for x in value]
    return value


def _from_json_value(value: Any) -> AttributeValue:
    if not isinstance(value, dict) or len(value) != 1:
        raise invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    ((kind, raw),) = value.items()
    return {kind: from_json(raw, kind)}


# ---------------------------------------------------------------- size


def number_size(text: str) -> int:
    digits = text.lstrip("-").replace(".", "").strip("0")
    return (len(digits) + 1) // 2 + 1


def value_size(value: AttributeValue) -> int:
    kind = type_of(value)
    raw = value[kind]
    if kind == "S":
        return len(raw.encode("utf-8"))
    if kind == "N":
        return number_size(raw)
    if kind == "B":
        return len(raw)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode("utf-8")) for s in raw)
    if kind == "NS":
        return sum(number_size(n) for n in raw)
    if kind == "BS":
        return sum(len(b) for b in raw)
    if kind == "L":
        return 3 + sum(1 + value_size(v) for v in raw)
    return 3 + sum(1 + len(k.encode("utf-8")) + value_size(v) for k, v in raw.items())


def _text_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def item_size(item: Item) -> int:
    total = 0
    for name, value in item.items():
        total += _text_size(name)
        # Strings and numbers inline: most attributes are one or the other.
        if "S" in value:
            total += _text_size(value["S"])
        elif "N" in value:
            total += number_size(value["N"])
        else:
            total += value_size(value)
    return total


def check_size(item: Item) -> int:
    """The item's size, once known to be within the limit."""
    size = item_size(item)
    if size > MAX_ITEM_SIZE:
        raise invalid("Item size has exceeded the maximum allowed size")
    return size
