"""Substituting placeholders and checking what the grammar cannot.

A `Resolver` holds one request's ExpressionAttributeNames and
ExpressionAttributeValues. Resolving a parsed tree swaps `#alias` for the
attribute name and `:value` for the (validated) attribute value, and checks the
semantic rules AWS checks before touching any item: reserved words, unknown
placeholders, function names, arity and operand kinds, BETWEEN bounds. After
every expression of a request is resolved, `check_unused()` reports names or
values the request defined and no expression used.

Resolved paths are tuples of str (attribute names) and int (list indexes).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.expressions.parser import parse
from cumulo.services.dynamodb.expressions.reserved import RESERVED_WORDS

CONDITION_FUNCTIONS = {"attribute_exists": 1, "attribute_not_exists": 1, "attribute_type": 2, "begins_with": 2, "contains": 2}
OPERAND_FUNCTIONS = {"size": 1}
UPDATE_FUNCTIONS = {"if_not_exists": 2, "list_append": 2}
PATH_FIRST = {"attribute_exists", "attribute_not_exists", "attribute_type", "size", "if_not_exists"}
TYPE_NAMES = ("B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M")
MAX_IN = 100


def fail(kind: str, message: str) -> AwsError:
    return AwsError("ValidationException", f"Invalid {kind}: {message}")


def show_path(path: tuple[Any, ...]) -> str:
    return "[" + ", ".join(f"[{p}]" if isinstance(p, int) else p for p in path) + "]"


class Resolver:
    __slots__ = ("names", "values", "used_names", "used_values", "_cleaned")

    def __init__(self, names: dict[str, str] | None, values: dict[str, Any] | None) -> None:
        self.names = names or {}
        self.values = values or {}
        self.used_names: set[str] = set()
        self.used_values: set[str] = set()
        self._cleaned: dict[str, v.AttributeValue] = {}

    # ------------------------------------------------------------ entry points

    def condition(self, kind: str, text: str) -> Any:
        return self._condition(kind, parse(kind, "condition", text))

    def projection(self, kind: str, text: str) -> list[tuple[Any, ...]]:
        paths = [self._path(kind, p) for p in parse(kind, "projection", text)]
        check_overlaps(kind, paths)
        return paths

    def update(self, kind: str, text: str) -> dict[str, list[Any]]:
        tree = parse(kind, "update", text)
        out: dict[str, list[Any]] = {}
        for section, actions in tree.items():
            if section == "SET":
                out["SET"] = [(self._path(kind, p), self._set_value(kind, rhs)) for p, rhs in actions]
            elif section == "REMOVE":
                out["REMOVE"] = [self._path(kind, p) for p in actions]
            else:
                resolved = []
                for p, val in actions:
                    value = self._value(kind, val[1])
                    allowed = ("N", "SS", "NS", "BS") if section == "ADD" else ("SS", "NS", "BS")
                    if v.type_of(value) not in allowed:
                        raise fail(kind, f"Incorrect operand type for operator or function; operator: {section}, operand type: {LONG_TYPE[v.type_of(value)]}")
                    resolved.append((self._path(kind, p), value))
                out[section] = resolved
        paths = [action if section == "REMOVE" else action[0] for section, actions in out.items() for action in actions]
        check_overlaps(kind, paths)
        return out

    def check_unused(self) -> None:
        unused_names = [n for n in self.names if n not in self.used_names]
        if unused_names:
            raise AwsError("ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + ", ".join(unused_names) + "}")
        unused_values = [n for n in self.values if n not in self.used_values]
        if unused_values:
            raise AwsError("ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + ", ".join(unused_values) + "}")

    # ------------------------------------------------------------ pieces

    def _path(self, kind: str, node: Any) -> tuple[Any, ...]:
        out: list[Any] = []
        for elem in node[1]:
            if isinstance(elem, int):
                out.append(elem)
            elif elem.startswith("#"):
                if elem not in self.names:
                    raise fail(kind, f"An expression attribute name used in the document path is not defined; attribute name: {elem}")
                self.used_names.add(elem)
                out.append(self.names[elem])
            else:
                if elem.upper() in RESERVED_WORDS:
                    raise fail(kind, f"Attribute name is a reserved keyword; reserved keyword: {elem}")
                out.append(elem)
        return tuple(out)

    def _value(self, kind: str, name: str) -> v.AttributeValue:
        if name not in self.values:
            raise fail(kind, f"An expression attribute value used in expression is not defined; attribute value: {name}")
        self.used_values.add(name)
        cleaned = self._cleaned.get(name)
        if cleaned is None:
            cleaned = self._cleaned[name] = v.clean(self.values[name])
        return cleaned

    def _operand(self, kind: str, node: Any, allow_size: bool = True) -> Any:
        tag = node[0]
        if tag == "path":
            return ("path", self._path(kind, node))
        if tag == "value":
            return ("value", self._value(kind, node[1]))
        name = node[1]
        if name == "size" and allow_size:
            return self._call(kind, node)
        if name in CONDITION_FUNCTIONS or name in OPERAND_FUNCTIONS or name in UPDATE_FUNCTIONS:
            raise fail(kind, f"The function is not allowed to be used this way in an expression; function: {name}")
        raise fail(kind, f"Invalid function name; function: {name}")

    def _call(self, kind: str, node: Any, table: dict[str, int] | None = None) -> Any:
        _, name, args = node
        arity = (table or CONDITION_FUNCTIONS | OPERAND_FUNCTIONS).get(name)
        if arity is None:
            raise fail(kind, f"Invalid function name; function: {name}")
        if len(args) != arity:
            raise fail(kind, f"Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {len(args)}")
        if name in PATH_FIRST and args[0][0] != "path":
            raise fail(kind, f"Operator or function requires a document path; operator or function: {name}")
        if name in UPDATE_FUNCTIONS:
            resolved = tuple(self._set_operand(kind, a) for a in args)
        else:
            resolved = tuple(self._operand(kind, a, allow_size=False) for a in args)
        if name == "attribute_type":
            if resolved[1][0] != "value":
                raise fail(kind, "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: PATH")
            type_value = resolved[1][1]
            if v.type_of(type_value) != "S" or type_value["S"] not in TYPE_NAMES:
                shown = type_value.get("S", v.describe(type_value))
                raise fail(kind, f"Invalid attribute type name found; type: {shown}, valid types: {{ B; NULL; SS; BOOL; L; BS; N; NS; S; M }}")
        if name == "begins_with":
            for arg in resolved:
                if arg[0] == "value" and v.type_of(arg[1]) not in ("S", "B"):
                    raise fail(kind, f"Incorrect operand type for operator or function; operator or function: begins_with, operand type: {v.type_of(arg[1])}")
        if name == "list_append":
            for arg in resolved:
                if arg[0] == "value" and v.type_of(arg[1]) != "L":
                    raise fail(kind, f"Incorrect operand type for operator or function; operator or function: list_append, operand type: {v.type_of(arg[1])}")
        return ("call", name, resolved)

    def _condition(self, kind: str, node: Any) -> Any:
        tag = node[0]
        if tag in ("and", "or"):
            return (tag, self._condition(kind, node[1]), self._condition(kind, node[2]))
        if tag == "not":
            return ("not", self._condition(kind, node[1]))
        if tag == "call":
            if node[1] in OPERAND_FUNCTIONS or node[1] in UPDATE_FUNCTIONS:
                raise fail(kind, f"The function is not allowed to be used this way in an expression; function: {node[1]}")
            return self._call(kind, node, CONDITION_FUNCTIONS)
        if tag == "cmp":
            a, b = self._operand(kind, node[2]), self._operand(kind, node[3])
            op = node[1]
            if op not in ("=", "<>"):
                for side in (a, b):
                    if side[0] == "value" and v.type_of(side[1]) not in ("S", "N", "B"):
                        raise fail(kind, f"Incorrect operand type for operator or function; operator or function: {op}, operand type: {LONG_TYPE[v.type_of(side[1])]}")
            if a == b:
                raise fail(kind, f"The first operand must be distinct from the remaining operands for this operator or function; operator: {op}, first operand: {_show(a)}")
            return ("cmp", op, a, b)
        if tag == "between":
            a, low, high = (self._operand(kind, x) for x in node[1:])
            if low[0] == "value" and high[0] == "value":
                lo, hi = low[1], high[1]
                if v.type_of(lo) != v.type_of(hi):
                    raise fail(kind, f"The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {v.describe(lo)}, upper bound operand: AttributeValue: {v.describe(hi)}")
                order = v.compare(lo, hi)
                if order is not None and order > 0:
                    raise fail(kind, f"The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {v.describe(lo)}, upper bound operand: AttributeValue: {v.describe(hi)}")
            return ("between", a, low, high)
        if tag == "in":
            if len(node[2]) > MAX_IN:
                raise fail(kind, f"The IN operator is provided with too many operands; number of operands: {len(node[2])}")
            return ("in", self._operand(kind, node[1]), tuple(self._operand(kind, x) for x in node[2]))
        # A bare path or value where a condition belongs.
        raise fail(kind, "Syntax error; token: \"<EOF>\", near: \"\"")

    def _set_operand(self, kind: str, node: Any) -> Any:
        if node[0] == "call":
            if node[1] in UPDATE_FUNCTIONS:
                return self._call(kind, node, UPDATE_FUNCTIONS)
            if node[1] in CONDITION_FUNCTIONS or node[1] in OPERAND_FUNCTIONS:
                raise fail(kind, f"The function is not allowed to be used this way in an expression; function: {node[1]}")
            raise fail(kind, f"Invalid function name; function: {node[1]}")
        return self._operand(kind, node, allow_size=False)

    def _set_value(self, kind: str, node: Any) -> Any:
        if node[0] in ("+", "-"):
            return (node[0], self._set_operand(kind, node[1]), self._set_operand(kind, node[2]))
        return self._set_operand(kind, node)


LONG_TYPE = {
    "S": "STRING", "N": "NUMBER", "B": "BINARY", "BOOL": "BOOLEAN", "NULL": "NULL",
    "M": "MAP", "L": "LIST", "SS": "SET", "NS": "SET", "BS": "SET",
}


def _show(operand: Any) -> str:
    if operand[0] == "path":
        return show_path(operand[1])
    if operand[0] == "value":
        return f"AttributeValue: {v.describe(operand[1])}"
    return f"{operand[1]}()"


def check_overlaps(kind: str, paths: list[tuple[Any, ...]]) -> None:
    """Two paths where one is a prefix of the other overlap; paths that index the
    same document once by name and once by position conflict."""
    for i, one in enumerate(paths):
        for two in paths[i + 1 :]:
            n = min(len(one), len(two))
            for k in range(n):
                a, b = one[k], two[k]
                if a == b and type(a) is type(b):
                    continue
                if isinstance(a, int) != isinstance(b, int):
                    raise fail(kind, f"Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {show_path(one)}, path two: {show_path(two)}")
                break
            else:
                raise fail(kind, f"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {show_path(one)}, path two: {show_path(two)}")
