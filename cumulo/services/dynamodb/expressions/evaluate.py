"""Evaluating resolved expressions against an item.

- `matches(condition, item)`: a condition, filter or key condition; an item of
  None is an item that does not exist. Comparisons between different types, or
  with a missing attribute, are false (`<>` is true), as in DynamoDB.
- `apply_update(update, item)`: a new item. Every operand reads the item as it
  was before the update; SET, then REMOVE, then ADD, then DELETE are applied.
- `project(paths, item)`: the item cut down to the paths, nested documents
  kept, list elements in their original order.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v

INVALID_PATH = "The document path provided in the update expression is invalid for update"
BAD_TYPE = "An operand in the update expression has an incorrect data type"
MISSING = "The provided expression refers to an attribute that does not exist in the item"


def get(item: v.Item | None, path: tuple[Any, ...]) -> v.AttributeValue | None:
    if item is None:
        return None
    current: Any = item.get(path[0])
    for elem in path[1:]:
        if current is None:
            return None
        if isinstance(elem, int):
            inner = current.get("L")
            current = inner[elem] if inner is not None and elem < len(inner) else None
        else:
            inner = current.get("M")
            current = inner.get(elem) if inner is not None else None
    return current  # type: ignore[no-any-return]


# ---------------------------------------------------------------- conditions


def _size(value: v.AttributeValue | None) -> v.AttributeValue | None:
    if value is None:
        return None
    kind = v.type_of(value)
    raw = value[kind]
    if kind == "S":
        return {"N": str(len(raw))}
    if kind == "B":
        return {"N": str(len(raw))}
    if kind in ("SS", "NS", "BS", "L", "M"):
        return {"N": str(len(raw))}
    return None


def operand(node: Any, item: v.Item | None) -> v.AttributeValue | None:
    tag = node[0]
    if tag == "path":
        return get(item, node[1])
    if tag == "value":
        return node[1]  # type: ignore[no-any-return]
    return _size(operand(node[2][0], item))  # size(path)


def _compare(op: str, a: v.AttributeValue | None, b: v.AttributeValue | None) -> bool:
    if op == "=":
        return v.equal(a, b)
    if op == "<>":
        return not v.equal(a, b)
    order = v.compare(a, b)
    if order is None:
        return False
    if op == "<":
        return order < 0
    if op == "<=":
        return order <= 0
    if op == ">":
        return order > 0
    return order >= 0


def _contains(container: v.AttributeValue | None, member: v.AttributeValue | None) -> bool:
    if container is None or member is None:
        return False
    kind = v.type_of(container)
    mkind = v.type_of(member)
    raw = container[kind]
    if kind == "S":
        return mkind == "S" and member["S"] in raw
    if kind == "B":
        return mkind == "B" and bytes(member["B"]) in bytes(raw)
    if kind in v.SET_TYPES:
        if v.SET_TYPES[kind] != mkind:
            return False
        if kind == "NS":
            return Decimal(member["N"]) in {Decimal(n) for n in raw}
        return member[mkind] in raw
    if kind == "L":
        return any(v.equal(e, member) for e in raw)
    return False


def _begins_with(value: v.AttributeValue | None, prefix: v.AttributeValue | None) -> bool:
    if value is None or prefix is None:
        return False
    if "S" in value and "S" in prefix:
        return value["S"].startswith(prefix["S"])  # type: ignore[no-any-return]
    if "B" in value and "B" in prefix:
        return bytes(value["B"]).startswith(bytes(prefix["B"]))
    return False


def matches(node: Any, item: v.Item | None) -> bool:
    tag = node[0]
    if tag == "and":
        return matches(node[1], item) and matches(node[2], item)
    if tag == "or":
        return matches(node[1], item) or matches(node[2], item)
    if tag == "not":
        return not matches(node[1], item)
    if tag == "cmp":
        return _compare(node[1], operand(node[2], item), operand(node[3], item))
    if tag == "between":
        value = operand(node[1], item)
        low, high = operand(node[2], item), operand(node[3], item)
        first, second = v.compare(value, low), v.compare(value, high)
        return first is not None and second is not None and first >= 0 and second <= 0
    if tag == "in":
        value = operand(node[1], item)
        return value is not None and any(v.equal(value, operand(x, item)) for x in node[2])
    # function call
    name, args = node[1], node[2]
    if name == "attribute_exists":
        return get(item, args[0][1]) is not None
    if name == "attribute_not_exists":
        return get(item, args[0][1]) is None
    if name == "attribute_type":
        found = get(item, args[0][1])
        return found is not None and v.type_of(found) == args[1][1]["S"]
    if name == "begins_with":
        return _begins_with(operand(args[0], item), operand(args[1], item))
    if name == "contains":
        return _contains(operand(args[0], item), operand(args[1], item))
    raise AssertionError(name)  # pragma: no cover - the resolver admits no other


# ---------------------------------------------------------------- updates


def _set_operand(node: Any, item: v.Item) -> v.AttributeValue:
    tag = node[0]
    if tag == "value":
        return node[1]  # type: ignore[no-any-return]
    if tag == "path":
        found = get(item, node[1])
        if found is None:
            raise AwsError("ValidationException", MISSING)
        return found
    name, args = node[1], node[2]
    if name == "if_not_exists":
        found = get(item, args[0][1])
        return found if found is not None else _set_operand(args[1], item)
    # list_append
    first, second = _set_operand(args[0], item), _set_operand(args[1], item)
    if "L" not in first or "L" not in second:
        raise AwsError("ValidationException", BAD_TYPE)
    return {"L": first["L"] + second["L"]}


def _rhs(node: Any, item: v.Item) -> v.AttributeValue:
    if node[0] in ("+", "-"):
        a, b = _set_operand(node[1], item), _set_operand(node[2], item)
        if "N" not in a or "N" not in b:
            raise AwsError("ValidationException", BAD_TYPE)
        x, y = Decimal(a["N"]), Decimal(b["N"])
        result = v.CONTEXT.add(x, y) if node[0] == "+" else v.CONTEXT.subtract(x, y)
        return {"N": v.format_number(v.check_number(result))}
    return _set_operand(node, item)


def _parent(item: v.Item, path: tuple[Any, ...], create: bool) -> Any:
    """The container holding the last element of `path`: a dict of attributes, a
    map's dict, or a list. None when it is missing (or of the wrong kind)."""
    container: Any = item
    for elem in path[:-1]:
        if isinstance(container, dict):
            nxt = container.get(elem) if isinstance(elem, str) else None
        else:
            nxt = container[elem] if isinstance(elem, int) and elem < len(container) else None
        if nxt is None:
            return None
        if "M" in nxt:
            container = nxt["M"]
        elif "L" in nxt:
            container = nxt["L"]
        else:
            return None
    last = path[-1]
    if isinstance(last, int) != isinstance(container, list):
        return None
    return container


def _put(item: v.Item, path: tuple[Any, ...], value: v.AttributeValue) -> None:
    container = _parent(item, path, True)
    if container is None:
        raise AwsError("ValidationException", INVALID_PATH)
    last = path[-1]
    if isinstance(container, list):
        if last < len(container):
            container[last] = value
        else:
            container.append(value)
    else:
        container[last] = value


def apply_update(update: dict[str, list[Any]], item: v.Item) -> v.Item:
    """The item after the update; `item` itself is left untouched."""
    new = copy.deepcopy(item)
    for path, rhs in update.get("SET", ()):
        _put(new, path, _rhs(rhs, item))
    removals = update.get("REMOVE", ())
    # List elements go from the highest index down, so positions stay those of the original.
    for path in sorted(removals, key=lambda p: p[-1] if isinstance(p[-1], int) else -1, reverse=True):
        container = _parent(new, path, False)
        if container is None:
            continue
        last = path[-1]
        if isinstance(container, list):
            if last < len(container):
                del container[last]
        else:
            container.pop(last, None)
    for path, value in update.get("ADD", ()):
        current = get(new, path)
        kind = v.type_of(value)
        if current is None:
            _put(new, path, copy.deepcopy(value))
        elif kind == "N":
            if "N" not in current:
                raise AwsError("ValidationException", BAD_TYPE)
            total = v.CONTEXT.add(Decimal(current["N"]), Decimal(value["N"]))
            _put(new, path, {"N": v.format_number(v.check_number(total))})
        else:
            if kind not in current:
                raise AwsError("ValidationException", BAD_TYPE)
            _put(new, path, {kind: _union(kind, current[kind], value[kind])})
    for path, value in update.get("DELETE", ()):
        current = get(new, path)
        kind = v.type_of(value)
        if current is None:
            continue
        if kind not in current:
            raise AwsError("ValidationException", BAD_TYPE)
        left = _difference(kind, current[kind], value[kind])
        if left:
            _put(new, path, {kind: left})
        else:
            container = _parent(new, path, False)
            if isinstance(container, list):
                del container[path[-1]]
            elif container is not None:
                container.pop(path[-1], None)
    return new


def _union(kind: str, have: list[Any], add: list[Any]) -> list[Any]:
    out = list(have)
    if kind == "NS":
        seen = {Decimal(n) for n in have}
        out += [n for n in add if Decimal(n) not in seen]
    else:
        seen_raw = set(have)
        out += [x for x in add if x not in seen_raw]
    return out


def _difference(kind: str, have: list[Any], remove: list[Any]) -> list[Any]:
    if kind == "NS":
        gone = {Decimal(n) for n in remove}
        return [n for n in have if Decimal(n) not in gone]
    gone_raw = set(remove)
    return [x for x in have if x not in gone_raw]


# ---------------------------------------------------------------- projections


def project(paths: list[tuple[Any, ...]], item: v.Item) -> v.Item:
    out: dict[str, Any] = {}
    # (container in the output, list positions picked so far) per projected list.
    for path in paths:
        found = get(item, path)
        if found is None:
            continue
        _graft(out, item, path, found)
    return _compact(out)


def _graft(out: dict[str, Any], item: v.Item, path: tuple[Any, ...], value: v.AttributeValue) -> None:
    """Copy `value` into `out` at `path`; lists are built as {index: value} dicts
    and compacted at the end, so the elements keep their original order."""
    target: dict[Any, Any] = out
    source: Any = item
    for i, elem in enumerate(path[:-1]):
        source_value = source[elem] if isinstance(source, (dict, list)) else None
        kind = "L" if isinstance(path[i + 1], int) else "M"
        slot = target.get(elem)
        if slot is None:
            slot = target[elem] = {kind: {}}
        target = slot[kind]
        source = source_value[kind]
    target[path[-1]] = copy.deepcopy(value)


def _compact(node: Any) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            result[key] = _compact_value(value)
        return result
    return node


def _compact_value(value: v.AttributeValue) -> v.AttributeValue:
    if "L" in value and isinstance(value["L"], dict):
        return {"L": [_compact_value(value["L"][i]) for i in sorted(value["L"])]}
    if "M" in value and isinstance(value["M"], dict):
        return {"M": {k: _compact_value(x) for k, x in value["M"].items()}}
    return value
