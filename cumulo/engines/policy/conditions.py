"""Condition operators, and how a condition block meets the request context.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
Each operator compares one request value with one policy value. Around that:
- the values listed for a key are ORed (for negated operators: none may match);
- keys in a block, and blocks in a statement, are ANDed;
- a key missing from the context fails the condition, except for `...IfExists`
  (true), negated operators (true), `Null` (which asks exactly that) and
  `ForAllValues` (vacuously true);
- `ForAnyValue`/`ForAllValues` compare a multivalued key element by element.
Values reach operators as strings (the context's, and the policy's after
variable substitution); numbers, dates, booleans, IPs and ARNs are read from them.
"""

from __future__ import annotations

import base64
import functools
import ipaddress
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from cumulo.engines.policy.document import Condition, glob

Compare = Callable[[str, str], bool]


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def parse_date(text: str) -> float | None:
    """Epoch seconds of an ISO 8601 date or time, or of an epoch number."""
    number = _num(text)
    if number is not None:
        return number
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def _numeric(op: Callable[[float, float], bool]) -> Compare:
    def compare(actual: str, wanted: str) -> bool:
        a, w = _num(actual), _num(wanted)
        return a is not None and w is not None and op(a, w)
    return compare


def _dated(op: Callable[[float, float], bool]) -> Compare:
    def compare(actual: str, wanted: str) -> bool:
        a, w = parse_date(actual), parse_date(wanted)
        return a is not None and w is not None and op(a, w)
    return compare


def _like(actual: str, wanted: str) -> bool:
    if "*" not in wanted and "?" not in wanted:
        return actual == wanted
    return glob(wanted, False).fullmatch(actual) is not None


@functools.lru_cache(maxsize=1024)
def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _ip(actual: str, wanted: str) -> bool:
    address, network = _address(actual), _network(wanted)
    return address is not None and network is not None and address.version == network.version and address in network


def _arn_like(actual: str, wanted: str) -> bool:
    # ARNs compare segment by segment: a wildcard never spans the first five colons.
    a, w = actual.split(":", 5), wanted.split(":", 5)
    if len(a) != 6 or len(w) != 6:
        return False
    return all(_like(x, y) for x, y in zip(a, w))


def _binary(actual: str, wanted: str) -> bool:
    try:
        return base64.b64decode(actual) == base64.b64decode(wanted)
    except ValueError:
        return actual == wanted


def _bool(actual: str, wanted: str) -> bool:
    return actual.lower() == wanted.lower()


# base operator -> (compare, negated)
OPERATORS: dict[str, tuple[Compare, bool]] = {
    "stringequals": (str.__eq__, False),
    "stringnotequals": (str.__eq__, True),
    "stringequalsignorecase": (lambda a, w: a.lower() == w.lower(), False),
    "stringnotequalsignorecase": (lambda a, w: a.lower() == w.lower(), True),
    "stringlike": (_like, False),
    "stringnotlike": (_like, True),
    "numericequals": (_numeric(float.__eq__), False),
    "numericnotequals": (_numeric(float.__eq__), True),
    "numericlessthan": (_numeric(float.__lt__), False),
    "numericlessthanequals": (_numeric(float.__le__), False),
    "numericgreaterthan": (_numeric(float.__gt__), False),
    "numericgreaterthanequals": (_numeric(float.__ge__), False),
    "dateequals": (_dated(float.__eq__), False),
    "datenotequals": (_dated(float.__eq__), True),
    "datelessthan": (_dated(float.__lt__), False),
    "datelessthanequals": (_dated(float.__le__), False),
    "dategreaterthan": (_dated(float.__gt__), False),
    "dategreaterthanequals": (_dated(float.__ge__), False),
    "bool": (_bool, False),
    "binaryequals": (_binary, False),
    "ipaddress": (_ip, False),
    "notipaddress": (_ip, True),
    "arnequals": (_arn_like, False),
    "arnlike": (_arn_like, False),
    "arnnotequals": (_arn_like, True),
    "arnnotlike": (_arn_like, True),
    "null": (_bool, False),  # handled apart: it asks whether the key is present
}
# Operators whose policy values may hold policy variables.
SUBSTITUTED = frozenset(op for op in OPERATORS if op.startswith(("string", "arn")))
_VARIABLE = re.compile(r"\$\{")


def holds(condition: Condition, actual: Sequence[str] | None, wanted: tuple[str, ...]) -> bool:
    """Whether one condition key of a block is satisfied.

    `actual` is the context's values for the key (None when absent); `wanted` the
    policy's values after variable substitution (values whose variables could not
    be resolved are already dropped)."""
    compare, negated = OPERATORS[condition.operator]
    if condition.operator == "null":
        absent = actual is None or len(actual) == 0
        return any((w.lower() == "true") == absent for w in wanted)
    if condition.qualifier == "forallvalues":
        if not actual:
            return True
        if negated:
            return all(not any(compare(a, w) for w in wanted) for a in actual)
        return all(any(compare(a, w) for w in wanted) for a in actual)
    if actual is None:
        return condition.if_exists or (negated and not condition.qualifier)
    if condition.qualifier == "foranyvalue":
        if negated:
            return any(not any(compare(a, w) for w in wanted) for a in actual)
        return any(compare(a, w) for a in actual for w in wanted)
    if negated:
        return not any(compare(a, w) for a in actual for w in wanted)
    return any(compare(a, w) for a in actual for w in wanted)
