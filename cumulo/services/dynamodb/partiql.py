"""PartiQL for DynamoDB: SELECT, INSERT, UPDATE and DELETE statements.

A lark grammar parses the statement; its WHERE clause becomes the same
condition tree the expression evaluator runs, and `?` parameters are taken in
order from the request's `Parameters`. A statement is planned into a
`Write` (table, row key, old item, new item) without changing anything, so
ExecuteTransaction can check every statement before applying any.
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from lark import Lark, Token
from lark.exceptions import LarkError, VisitError

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.expressions.parser import ConditionBuild
from cumulo.services.dynamodb.models import Table

GRAMMAR = r"""
start: select | insert | update | delete
select: SELECT projection FROM source where?
projection: "*" -> all | path ("," path)*
source: name ("." name)?
insert: INSERT INTO name VALUE literal
update: UPDATE name action+ where
action: SET path COMPARATOR rhs -> set_action | REMOVE path -> remove_action
rhs: operand | operand "+" operand -> plus | operand "-" operand -> minus
delete: DELETE FROM name where
where: WHERE condition

?condition: condition OR conjunction -> or_ | conjunction
?conjunction: conjunction AND negation -> and_ | negation
?negation: NOT negation -> not_ | predicate
?predicate: operand COMPARATOR operand -> compare
          | operand BETWEEN operand AND operand -> between
          | operand IN "[" operand ("," operand)* "]" -> in_
          | operand IS MISSING -> missing
          | operand IS NOT MISSING -> present
          | FUNCTION "(" operand ("," operand)* ")" -> call
          | "(" condition ")"
?operand: path | literal
path: name ("." name | "[" INT "]")*
name: NAME | QUOTED
?literal: STRING -> string | NUMBER -> number | "?" -> param | TRUE -> true | FALSE -> false | NULL -> null
        | "{" [STRING ":" literal ("," STRING ":" literal)*] "}" -> map
        | "[" [literal ("," literal)*] "]" -> list
        | LSET [literal ("," literal)*] RSET -> set

SELECT.2: /select\b/i
FROM.2: /from\b/i
INSERT.2: /insert\b/i
INTO.2: /into\b/i
VALUE.2: /value\b/i
UPDATE.2: /update\b/i
SET.2: /set\b/i
REMOVE.2: /remove\b/i
DELETE.2: /delete\b/i
WHERE.2: /where\b/i
AND.2: /and\b/i
OR.2: /or\b/i
NOT.2: /not\b/i
BETWEEN.2: /between\b/i
IN.2: /in\b/i
IS.2: /is\b/i
MISSING.2: /missing\b/i
TRUE.2: /true\b/i
FALSE.2: /false\b/i
NULL.2: /null\b/i
FUNCTION.2: /(begins_with|contains|attribute_type)(?=\s*\()/i
LSET.3: "<<"
RSET.3: ">>"
COMPARATOR: "<>" | "!=" | "<=" | ">=" | "=" | "<" | ">"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
QUOTED: /"[^"]+"/
STRING: /'([^']|'')*'/
NUMBER: /-?\d+(\.\d+)?([eE][+-]?\d+)?/
INT: /\d+/
%import common.WS
%ignore WS
"""

_PARSER = Lark(GRAMMAR, parser="lalr", maybe_placeholders=True)


def bad(message: str) -> AwsError:
    return AwsError("ValidationException", message)


class _Params:
    def __init__(self, params: list[Any]) -> None:
        self.params, self.at = params, 0

    def next(self) -> v.AttributeValue:
        if self.at >= len(self.params):
            raise bad("Number of parameters in request and statement don't match.")
        value = v.clean(self.params[self.at])
        self.at += 1
        return value


class _Build(ConditionBuild):
    """Parse tree -> plain tuples; literals -> attribute values; `?` -> ("param",)."""

    def start(self, items: list[Any]) -> Any:
        return items[0]

    def select(self, items: list[Any]) -> Any:
        return ("select", items[1], items[3], items[4] if len(items) > 4 else None)

    def all(self, _: list[Any]) -> Any:
        return None

    def projection(self, items: list[Any]) -> Any:
        return items

    def source(self, items: list[Any]) -> Any:
        return (items[0], items[1] if len(items) > 1 else None)

    def insert(self, items: list[Any]) -> Any:
        return ("insert", items[2], items[4])

    def update(self, items: list[Any]) -> Any:
        return ("update", items[1], items[2:-1], items[-1])

    def set_action(self, items: list[Any]) -> Any:
        if items[2] != "=":  # "=" shares the COMPARATOR terminal (one lexer for both contexts)
            raise bad(f"Statement wasn't well formed, can't be processed: Unexpected input at token: {items[2]}")
        return ("SET", items[1], items[3])

    def remove_action(self, items: list[Any]) -> Any:
        return ("REMOVE", items[1])

    def rhs(self, items: list[Any]) -> Any:
        return items[0]

    def plus(self, items: list[Any]) -> Any:
        return ("+", items[0], items[1])

    def minus(self, items: list[Any]) -> Any:
        return ("-", items[0], items[1])

    def delete(self, items: list[Any]) -> Any:
        return ("delete", items[2], items[3])

    def where(self, items: list[Any]) -> Any:
        return items[1]

    def missing(self, items: list[Any]) -> Any:
        return ("call", "attribute_not_exists", (items[0],))

    def present(self, items: list[Any]) -> Any:
        return ("call", "attribute_exists", (items[0],))

    def call(self, items: list[Any]) -> Any:
        return ("call", str(items[0]).lower(), tuple(items[1:]))

    def path(self, items: list[Any]) -> Any:
        # Names arrive as plain str (from `name`); list indexes as INT tokens.
        return ("path", tuple(int(x) if isinstance(x, Token) else x for x in items))

    def name(self, items: list[Any]) -> Any:
        text = str(items[0])
        return text[1:-1] if text.startswith('"') else text

    def string(self, items: list[Any]) -> Any:
        return ("value", {"S": str(items[0])[1:-1].replace("''", "'")})

    def number(self, items: list[Any]) -> Any:
        return ("value", {"N": v.normalize_number(str(items[0]))})

    def param(self, _: list[Any]) -> Any:
        return ("param",)

    def true(self, _: list[Any]) -> Any:
        return ("value", {"BOOL": True})

    def false(self, _: list[Any]) -> Any:
        return ("value", {"BOOL": False})

    def null(self, _: list[Any]) -> Any:
        return ("value", {"NULL": True})

    def map(self, items: list[Any]) -> Any:
        pairs = [x for x in items if x is not None]
        return ("map", tuple((str(pairs[i])[1:-1], pairs[i + 1]) for i in range(0, len(pairs), 2)))

    def list(self, items: list[Any]) -> Any:
        return ("list", tuple(x for x in items if x is not None))

    def set(self, items: list[Any]) -> Any:
        return ("set", tuple(x for x in items[1:-1] if x is not None))


_BUILD = _Build()


@lru_cache(maxsize=1024)
def parse(statement: str) -> Any:
    try:
        return _BUILD.transform(_PARSER.parse(statement))
    except VisitError as error:
        if isinstance(error.orig_exc, AwsError):
            raise error.orig_exc from None
        raise
    except LarkError as error:
        token = getattr(error, "token", None)
        where = f" at token: {token}" if token is not None else ""
        raise bad(f"Statement wasn't well formed, can't be processed: Unexpected input{where}") from None


def bind(node: Any, params: _Params) -> Any:
    """Substitute parameters and build attribute values for literals, in order."""
    if not isinstance(node, tuple) or not node:
        return node
    tag = node[0]
    if tag == "param":
        return ("value", params.next())
    if tag in ("map", "list", "set"):
        return ("value", literal(node, params))
    if tag in ("path", "value"):
        return node
    return tuple(bind(x, params) if isinstance(x, tuple) else x for x in node)


def literal(node: Any, params: _Params) -> v.AttributeValue:
    tag = node[0]
    if tag == "value":
        return node[1]  # type: ignore[no-any-return]
    if tag == "param":
        return params.next()
    if tag == "map":
        return {"M": {k: literal(x, params) for k, x in node[1]}}
    if tag == "list":
        return {"L": [literal(x, params) for x in node[1]]}
    members = [literal(x, params) for x in node[1]]
    kinds = {v.type_of(m) for m in members}
    if len(kinds) != 1 or next(iter(kinds)) not in ("S", "N", "B"):
        raise bad("Unsupported set type: sets hold strings, numbers or binary values of one type")
    kind = next(iter(kinds))
    return v.clean({kind + "S": [m[kind] for m in members]})


@dataclass(slots=True)
class Statement:
    kind: str
    table: str
    index: str | None = None
    projection: list[tuple[Any, ...]] | None = None
    where: Any = None
    item: v.Item | None = None
    actions: list[Any] | None = None


def compile_statement(text: str, parameters: list[Any] | None) -> Statement:
    tree = parse(text)
    params = _Params(parameters or [])
    kind = tree[0]
    if kind == "select":
        (table, index), where = tree[2], bind(tree[3], params)
        projection = [p[1] for p in tree[1]] if tree[1] is not None else None
        stmt = Statement("select", table, index, projection, where)
    elif kind == "insert":
        item = literal(tree[2], params)
        if "M" not in item:
            raise bad("Unsupported operation: Inserting a value that is not a map is not supported")
        stmt = Statement("insert", tree[1], item=item["M"])
    elif kind == "update":
        actions = [bind(a, params) for a in tree[2]]
        stmt = Statement("update", tree[1], where=bind(tree[3], params), actions=actions)
    else:
        stmt = Statement("delete", tree[1], where=bind(tree[2], params))
    if params.at != len(params.params):
        raise bad("Number of parameters in request and statement don't match.")
    return stmt


def key_equalities(where: Any) -> dict[str, v.AttributeValue]:
    """attribute -> value for every top-level `attr = value` conjunct."""
    found: dict[str, v.AttributeValue] = {}
    stack = [where]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node[0] == "and":
            stack += [node[1], node[2]]
        elif node[0] == "cmp" and node[1] == "=":
            a, b = node[2], node[3]
            if a[0] == "value":
                a, b = b, a
            if a[0] == "path" and len(a[1]) == 1 and b[0] == "value":
                found[a[1][0]] = b[1]
    return found


def target_key(table: Table, where: Any) -> v.Item:
    """The full primary key an UPDATE or DELETE names in its WHERE clause."""
    found = key_equalities(where)
    key = {}
    for name in table.key_names():
        if name not in found:
            raise bad("Where clause does not contain a mandatory equality on all key attributes")
        key[name] = found[name]
    return key


def update_tree(actions: list[Any]) -> dict[str, list[Any]]:
    update: dict[str, list[Any]] = {}
    for action in actions:
        if action[0] == "SET":
            rhs = action[2]
            update.setdefault("SET", []).append((action[1][1], rhs))
        else:
            update.setdefault("REMOVE", []).append(action[1][1])
    return update


def to_decimal_safe(value: v.AttributeValue) -> Decimal | None:
    return Decimal(value["N"]) if "N" in value else None
