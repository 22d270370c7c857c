"""The grammar of DynamoDB's expression languages, and the parse into plain tuples.

One LALR grammar (lark) with three start symbols: `condition` (condition,
filter and key-condition expressions), `update` and `projection`. The grammar
follows https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
and .../Expressions.UpdateExpressions.html.

Parsing is cached by (kind, text): a parse tree holds placeholders (`#n`,
`:v`) unresolved, so the same expression text with other values reuses it;
`resolve.py` substitutes them per request. Trees are tuples:

    ("path", (elem, ...))     elem: "name", "#alias" or an int list index
    ("value", ":v")
    ("call", name, (arg, ...))
    ("cmp", op, a, b) ("between", a, low, high) ("in", a, (b, ...))
    ("and", a, b) ("or", a, b) ("not", a)
    update: {"SET": [(path, rhs)], "REMOVE": [path], "ADD": [(path, value)], "DELETE": [(path, value)]}
            rhs: an operand, or ("+", a, b) / ("-", a, b)
    projection: [path, ...]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from cumulo.core.errors import AwsError

GRAMMAR = r"""
start_condition: condition
start_update: update_clause+
start_projection: path ("," path)*

?condition: disjunction
?disjunction: conjunction | disjunction OR conjunction -> or_
?conjunction: negation | conjunction AND negation -> and_
?negation: NOT negation -> not_ | predicate
?predicate: operand COMPARATOR operand -> compare
          | operand BETWEEN operand AND operand -> between
          | operand IN "(" operand ("," operand)* ")" -> in_
          | call
          | "(" condition ")" -> paren

?operand: path | value | call
call: NAME "(" operand ("," operand)* ")"
value: VALUE
path: (NAME | ALIAS) selector*
?selector: "." (NAME | ALIAS) | "[" INDEX "]"

update_clause: SET set_action ("," set_action)* -> set_clause
             | REMOVE path ("," path)* -> remove_clause
             | ADD path value ("," path value)* -> add_clause
             | DELETE path value ("," path value)* -> delete_clause
set_action: path COMPARATOR set_value
?set_value: operand | operand "+" operand -> plus | operand "-" operand -> minus

AND.2: /and\b/i
OR.2: /or\b/i
NOT.2: /not\b/i
BETWEEN.2: /between\b/i
IN.2: /in\b/i
SET.2: /set\b/i
REMOVE.2: /remove\b/i
ADD.2: /add\b/i
DELETE.2: /delete\b/i
COMPARATOR: "<>" | "<=" | ">=" | "=" | "<" | ">"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
ALIAS: /#[A-Za-z0-9_]+/
VALUE: /:[A-Za-z0-9_]+/
INDEX: /[0-9]+/

%import common.WS
%ignore WS
"""

KEYWORDS = {"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"}


class ConditionBuild(Transformer):  # type: ignore[type-arg]
    """The boolean part of a condition, shared with the PartiQL grammar's WHERE."""

    def or_(self, items: list[Any]) -> Any:
        return ("or", items[0], items[2])

    def and_(self, items: list[Any]) -> Any:
        return ("and", items[0], items[2])

    def not_(self, items: list[Any]) -> Any:
        return ("not", items[1])

    def compare(self, items: list[Any]) -> Any:
        op = "<>" if items[1] == "!=" else str(items[1])  # PartiQL also spells it !=
        return ("cmp", op, items[0], items[2])

    def between(self, items: list[Any]) -> Any:
        return ("between", items[0], items[2], items[4])

    def in_(self, items: list[Any]) -> Any:
        return ("in", items[0], tuple(items[2:]))


class _Build(ConditionBuild):
    """Parse tree -> tuples."""

    def start_condition(self, items: list[Any]) -> Any:
        return _unparen(items[0])

    def paren(self, items: list[Any]) -> Any:
        return ("paren", items[0])

    def start_update(self, clauses: list[tuple[str, list[Any]]]) -> dict[str, list[Any]]:
        update: dict[str, list[Any]] = {}
        for name, actions in clauses:
            if name in update:
                raise _Reject(f'The "{name}" section can only be used once in an update expression;')
            update[name] = actions
        return update

    def start_projection(self, paths: list[Any]) -> list[Any]:
        return paths

    def call(self, items: list[Any]) -> Any:
        return ("call", str(items[0]), tuple(items[1:]))

    def value(self, items: list[Token]) -> Any:
        return ("value", str(items[0]))

    def path(self, items: list[Any]) -> Any:
        return ("path", tuple(int(t) if t.type == "INDEX" else str(t) for t in items))

    def set_action(self, items: list[Any]) -> Any:
        # "=" shares the COMPARATOR terminal: LALR merges the states after a
        # path in SET and in conditions, so one terminal keeps the lexer unambiguous.
        if items[1] != "=":
            raise _BadToken(items[1])
        return (items[0], items[2])

    def plus(self, items: list[Any]) -> Any:
        return ("+", items[0], items[1])

    def minus(self, items: list[Any]) -> Any:
        return ("-", items[0], items[1])

    def set_clause(self, items: list[Any]) -> Any:
        return ("SET", items[1:])

    def remove_clause(self, items: list[Any]) -> Any:
        return ("REMOVE", items[1:])

    def add_clause(self, items: list[Any]) -> Any:
        return ("ADD", list(zip(items[1::2], items[2::2])))

    def delete_clause(self, items: list[Any]) -> Any:
        return ("DELETE", list(zip(items[1::2], items[2::2])))


class _Reject(Exception):
    pass


def _unparen(node: Any) -> Any:
    """The condition without its grouping marks; parentheses directly around
    parentheses are refused, as DynamoDB refuses them."""
    if not isinstance(node, tuple) or not node:
        return node
    if node[0] == "paren":
        inner = node[1]
        if isinstance(inner, tuple) and inner and inner[0] == "paren":
            raise _Reject("The expression has redundant parentheses;")
        return _unparen(inner)
    if node[0] in ("path", "value"):
        return node
    return tuple(_unparen(part) for part in node)


class _BadToken(Exception):
    def __init__(self, token: Token) -> None:
        self.token = token


_PARSER = Lark(
    GRAMMAR,
    parser="lalr",
    start=["start_condition", "start_update", "start_projection"],
    maybe_placeholders=False,
)
_BUILD = _Build()


def syntax_error(kind: str, message: str) -> AwsError:
    return AwsError("ValidationException", f"Invalid {kind}: {message}")


def _near(text: str, position: int, width: int) -> tuple[str, str]:
    """The offending token and its neighbourhood, as AWS quotes them."""
    if position >= len(text):
        tail = text.rstrip()
        start = tail.rfind(" ", 0, len(tail)) + 1
        return "<EOF>", tail[start:]
    token = text[position : position + max(width, 1)]
    before = text[:position].rstrip()
    start = before.rfind(" ") + 1 if before else position
    after_end = position + max(width, 1)
    rest = text[after_end:]
    stripped = rest.lstrip()
    if stripped:
        gap = len(rest) - len(stripped)
        word = stripped.split(" ", 1)[0]
        after_end += gap + len(word)
    return token, text[start:after_end]


@lru_cache(maxsize=4096)
def parse(kind: str, start: str, text: str) -> Any:
    """Parse `text` from `start` ("condition", "update", "projection"); `kind` names
    the request parameter in errors ("ConditionExpression")."""
    if not text.strip():
        raise syntax_error(kind, "The expression can not be empty;")
    try:
        tree = _PARSER.parse(text, start=f"start_{start}")
        return _BUILD.transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, _Reject):
            raise syntax_error(kind, str(error.orig_exc)) from None
        if not isinstance(error.orig_exc, _BadToken):
            raise
        bad = error.orig_exc.token
        token, near = _near(text, bad.start_pos or 0, len(bad))
    except UnexpectedEOF:
        token, near = _near(text, len(text), 0)
    except UnexpectedToken as error:
        tok = error.token
        if tok.type == "$END":
            token, near = _near(text, len(text), 0)
        else:
            token, near = _near(text, tok.start_pos or 0, len(str(tok)))
    except UnexpectedCharacters as error:
        token, near = _near(text, error.pos_in_stream, 1)
    except UnexpectedInput as error:  # pragma: no cover - any other lark complaint
        token, near = _near(text, getattr(error, "pos_in_stream", len(text)) or 0, 1)
    raise syntax_error(kind, f'Syntax error; token: "{token}", near: "{near}"')
