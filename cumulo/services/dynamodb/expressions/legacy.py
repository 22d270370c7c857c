"""The legacy conditional parameters, translated into resolved expression trees.

`Expected`, `KeyConditions`, `QueryFilter` and `ScanFilter` become condition
trees; `AttributeUpdates` becomes an update; `AttributesToGet` a projection.
They then run through the same evaluator as expressions. Semantics from
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
"""

from __future__ import annotations

from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v

PAIRS = (
    ("AttributesToGet", "ProjectionExpression"),
    ("Expected", "ConditionExpression"),
    ("AttributeUpdates", "UpdateExpression"),
    ("KeyConditions", "KeyConditionExpression"),
    ("QueryFilter", "FilterExpression"),
    ("ScanFilter", "FilterExpression"),
)
LEGACY = ("AttributesToGet", "Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator")
MODERN = ("ProjectionExpression", "ConditionExpression", "UpdateExpression", "KeyConditionExpression", "FilterExpression")

ARITY = {
    "EQ": 1, "NE": 1, "LE": 1, "LT": 1, "GE": 1, "GT": 1, "NOT_NULL": 0, "NULL": 0,
    "CONTAINS": 1, "NOT_CONTAINS": 1, "BEGINS_WITH": 1, "BETWEEN": 2,
}
SYMBOL = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}


def bad(message: str) -> AwsError:
    return AwsError("ValidationException", message)


def check_mixing(req: dict[str, Any]) -> None:
    old = [p for p in LEGACY if req.get(p) is not None]
    new = [p for p in MODERN if req.get(p) is not None]
    if old and new:
        raise bad(
            "Can not use both expression and non-expression parameters in the same request: "
            f"Non-expression parameters: {{{', '.join(old)}}} Expression parameters: {{{', '.join(new)}}}"
        )


def _path(name: str) -> Any:
    return ("path", (name,))


def _one(name: str, spec: dict[str, Any], comparison_only: bool) -> Any:
    op = spec.get("ComparisonOperator")
    if op is None:
        if comparison_only:
            raise bad("One or more parameter values were invalid: ComparisonOperator must be specified")
        exists = spec.get("Exists", True)
        if not exists:
            if "Value" in spec:
                raise bad("One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: " + name)
            return ("call", "attribute_not_exists", (_path(name),))
        if "Value" not in spec:
            raise bad("One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: " + name)
        return ("cmp", "=", _path(name), ("value", v.clean(spec["Value"])))
    values = [v.clean(x) for x in spec.get("AttributeValueList") or []]
    if "Value" in spec and not values:
        values = [v.clean(spec["Value"])]
    if op == "IN":
        if not values:
            raise bad(f"One or more parameter values were invalid: Invalid number of argument(s) for the {op} ComparisonOperator")
        return ("in", _path(name), tuple(("value", x) for x in values))
    if ARITY.get(op) != len(values):
        raise bad(f"One or more parameter values were invalid: Invalid number of argument(s) for the {op} ComparisonOperator")
    if op in SYMBOL:
        return ("cmp", SYMBOL[op], _path(name), ("value", values[0]))
    if op == "NOT_NULL":
        return ("call", "attribute_exists", (_path(name),))
    if op == "NULL":
        return ("call", "attribute_not_exists", (_path(name),))
    if op == "CONTAINS":
        return ("call", "contains", (_path(name), ("value", values[0])))
    if op == "NOT_CONTAINS":
        return ("and", ("call", "attribute_exists", (_path(name),)), ("not", ("call", "contains", (_path(name), ("value", values[0])))))
    if op == "BEGINS_WITH":
        return ("call", "begins_with", (_path(name), ("value", values[0])))
    return ("between", _path(name), ("value", values[0]), ("value", values[1]))


def expected(conditions: dict[str, Any], operator: str | None, comparison_only: bool = False) -> Any:
    trees = [_one(name, spec, comparison_only) for name, spec in conditions.items()]
    if not trees:
        return None
    joiner = "or" if operator == "OR" else "and"
    tree = trees[0]
    for other in trees[1:]:
        tree = (joiner, tree, other)
    return tree


def attribute_updates(updates: dict[str, Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for name, spec in updates.items():
        action = spec.get("Action", "PUT")
        value = v.clean(spec["Value"]) if "Value" in spec else None
        if action == "PUT":
            if value is None:
                raise bad(f"One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified: {name}")
            out.setdefault("SET", []).append(((name,), ("value", value)))
        elif action == "DELETE":
            if value is None:
                out.setdefault("REMOVE", []).append((name,))
            else:
                if v.type_of(value) not in v.SET_TYPES:
                    raise bad(f"One or more parameter values were invalid: DELETE action with value is not supported for the type {v.type_of(value)}")
                out.setdefault("DELETE", []).append(((name,), value))
        else:  # ADD
            if value is None or v.type_of(value) not in ("N", "SS", "NS", "BS", "L"):
                raise bad(f"One or more parameter values were invalid: ADD action is not supported for the type {v.type_of(value) if value else 'NULL'}")
            if "L" in value:
                # ADD of a list appends to it (legacy only).
                path = ("path", (name,))
                rhs = ("call", "list_append", (("call", "if_not_exists", (path, ("value", {"L": []}))), ("value", value)))
                out.setdefault("SET", []).append(((name,), rhs))
            else:
                out.setdefault("ADD", []).append(((name,), value))
    return out
