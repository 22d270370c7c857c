"""The CloudWatch Logs Insights query language: a lark grammar, compiled to closures.

`compile_query(text)` parses a query such as

    fields @timestamp, @message | filter level = "error" and latency > 100
    | parse @message "user=* " as user | stats count(*) as n, avg(latency) by bin(5m), user
    | sort n desc | limit 20

into a `Query`: a list of commands whose expressions are Python closures over a
row (any mapping-like object with `get(name)`). Execution over stored events is
`insights_run`'s business; this module holds no state and never reads the store.
Bad queries raise `QueryError` with the position, as `MalformedQueryException`.
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html)
"""

from __future__ import annotations

import functools
import ipaddress
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, VisitError

Expr = Callable[[Any], Any]

GRAMMAR = r"""
query: command ("|" command)*
?command: fields_cmd | display_cmd | filter_cmd | stats_cmd | sort_cmd | limit_cmd | parse_cmd | dedup_cmd | unmask_cmd
fields_cmd: _FIELDS item ("," item)*
display_cmd: _DISPLAY item ("," item)*
filter_cmd: _FILTER expr
stats_cmd: _STATS item ("," item)* (_BY item ("," item)*)?
sort_cmd: _SORT sort_item ("," sort_item)*
sort_item: expr DIRECTION?
limit_cmd: _LIMIT NUMBER
parse_cmd: _PARSE expr? STRING _AS name ("," name)*  -> parse_glob
         | _PARSE expr? REGEX                        -> parse_regex
dedup_cmd: _DEDUP expr ("," expr)*
unmask_cmd: _UNMASK expr?
item: expr (_AS name)?
name: FIELD | BACKTICK

?expr: or_expr
?or_expr: and_expr (_OR and_expr)*  -> or_
?and_expr: not_expr (_AND not_expr)*  -> and_
?not_expr: _NOT not_expr -> not_
         | cmp_expr
?cmp_expr: sum_expr
         | sum_expr CMP sum_expr -> compare
         | sum_expr _LIKE (REGEX | STRING) -> like
         | sum_expr _NOT _LIKE (REGEX | STRING) -> not_like
         | sum_expr "=~" REGEX -> like
         | sum_expr _IN list -> in_
         | sum_expr _NOT _IN list -> not_in
?sum_expr: prod_expr (ADDOP prod_expr)* -> arith
?prod_expr: unary (MULOP unary)* -> arith
?unary: "-" unary -> neg
      | power
?power: atom ("^" unary)? -> pow_
?atom: NUMBER -> number
     | DURATION -> duration
     | STRING -> string
     | REGEX -> regex
     | FIELD -> field
     | BACKTICK -> field
     | "*" -> star
     | call
     | list
     | "(" expr ")"
call: FIELD "(" [expr ("," expr)*] ")"
list: "[" [expr ("," expr)*] "]"

_FIELDS.2: /fields\b/i
_DISPLAY.2: /display\b/i
_FILTER.2: /filter\b/i
_STATS.2: /stats\b/i
_SORT.2: /sort\b/i
_LIMIT.2: /limit\b/i
_PARSE.2: /parse\b/i
_DEDUP.2: /dedup\b/i
_UNMASK.2: /unmask\b/i
_BY.2: /by\b/i
_AS.2: /as\b/i
_AND.2: /and\b/i
_OR.2: /or\b/i
_NOT.2: /not\b/i
_LIKE.2: /like\b/i
_IN.2: /in\b/i
DIRECTION.2: /(asc|desc)\b/i
CMP: "<=" | ">=" | "!=" | "=" | "<" | ">"
ADDOP: "+" | "-"
MULOP: "*" | "/" | "%"
DURATION.3: /\d+(\.\d+)?(ms|mo|s|m|h|d|w|q|y)\b/
NUMBER: /\d+(\.\d+)?([eE][+-]?\d+)?/
STRING: /"(\\.|[^"\\])*"/ | /'(\\.|[^'\\])*'/
REGEX: /\/(\\.|[^\/\\\n])+\/[a-z]*/
BACKTICK: /`[^`]+`/
FIELD: /@?[A-Za-z_][A-Za-z0-9_.@$]*/
%import common.WS
%ignore WS
"""

_PARSER = Lark(GRAMMAR, start="query", parser="lalr", lexer="contextual", maybe_placeholders=False)

_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000,
             "mo": 30 * 86_400_000, "q": 91 * 86_400_000, "y": 365 * 86_400_000}


class QueryError(ValueError):
    pass


@dataclass(slots=True)
class Duration:
    ms: int


@dataclass(slots=True)
class Item:
    """An expression with the name its column gets."""

    expr: Expr
    name: str
    agg: Aggregate | None = None
    expr_text: str = ""
    period: int = 0  # for bin(...) items


@dataclass(slots=True)
class Command:
    kind: str  # fields, display, filter, stats, sort, limit, parse, dedup, unmask
    items: list[Item] = field(default_factory=list)
    by: list[Item] = field(default_factory=list)
    predicate: Expr | None = None
    descending: list[bool] = field(default_factory=list)
    limit: int = 0
    source: Expr | None = None
    regex: re.Pattern[str] | None = None
    names: list[str] = field(default_factory=list)
    bin_period: int = 0  # stats ... by bin(p) alone: p in ms


@dataclass(slots=True)
class Query:
    text: str
    commands: list[Command]

@dataclass(slots=True)
class Aggregate:
    """An aggregation: `make()` is a fresh accumulator; `add(acc, row)`; `result(acc)`."""

    name: str
    arg: Expr | None
    extra: list[Any]


# ---------------------------------------------------------------- values


_NUMERIC_START = frozenset("0123456789-+. ")


def to_number(value: Any) -> float | None:
    if value is None or value is True or value is False:
        return None
    if type(value) is int or type(value) is float:
        return value
    if type(value) is str and (not value or value[0] not in _NUMERIC_START):
        return None  # most strings are not numbers: skip the exception float() would raise
    try:
        n = float(value)
    except (TypeError, ValueError):
        return None
    return int(n) if n.is_integer() and "." not in str(value) and "e" not in str(value).lower() else n


def _plain(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _truthy(value: Any) -> bool:
    return value is not None and value is not False and value != ""


def _compare(op: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    na, nb = to_number(a), to_number(b)
    if na is not None and nb is not None:
        a, b = na, nb
    else:
        a, b = str(a), str(b)
    if op == "=":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    try:
        return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])
    except TypeError:
        return False


def _regex(token: str) -> re.Pattern[str]:
    body, _, flags = token[1:].rpartition("/")
    body = body.replace("\\/", "/").replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    try:
        return re.compile(body, re.IGNORECASE if "i" in flags else 0)
    except re.error as error:
        raise QueryError(f"Invalid regular expression {token}: {error}") from None


def _string(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


# ---------------------------------------------------------------- functions


def _bin_floor(ms: Any, period: int) -> int | None:
    n = to_number(ms)
    return None if n is None else int(n) // period * period


def _dateceil(ms: Any, period: int) -> int | None:
    n = to_number(ms)
    return None if n is None else -(-int(n) // period) * period


def _in_subnet(ip: Any, net: Any) -> bool:
    try:
        return ipaddress.ip_address(str(ip)) in ipaddress.ip_network(str(net), strict=False)
    except ValueError:
        return False


def _valid_ip(ip: Any, version: int | None = None) -> bool:
    try:
        addr = ipaddress.ip_address(str(ip))
    except ValueError:
        return False
    return version is None or addr.version == version


def _substr(s: Any, start: Any, length: Any = None) -> str | None:
    if s is None:
        return None
    text, i = str(s), int(to_number(start) or 0)
    return text[i:] if length is None else text[i:i + int(to_number(length) or 0)]


def _num(fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        nums = [to_number(a) for a in args]
        if any(n is None for n in nums):
            return None
        try:
            return fn(*nums)
        except (ValueError, OverflowError, ZeroDivisionError):
            return None

    return run


SCALARS: dict[str, Callable[..., Any]] = {
    "abs": _num(abs), "ceil": _num(math.ceil), "floor": _num(math.floor), "log": _num(math.log), "sqrt": _num(math.sqrt),
    "greatest": lambda *a: max((n for n in map(to_number, a) if n is not None), default=None),
    "least": lambda *a: min((n for n in map(to_number, a) if n is not None), default=None),
    "strlen": lambda s: None if s is None else len(str(s)),
    "toupper": lambda s: None if s is None else str(s).upper(),
    "tolower": lambda s: None if s is None else str(s).lower(),
    "trim": lambda s, c=None: None if s is None else str(s).strip(c),
    "ltrim": lambda s, c=None: None if s is None else str(s).lstrip(c),
    "rtrim": lambda s, c=None: None if s is None else str(s).rstrip(c),
    "concat": lambda *a: "".join("" if x is None else str(x) for x in a),
    "substr": _substr,
    "replace": lambda s, a, b: None if s is None else str(s).replace(str(a), str(b)),
    "strcontains": lambda s, sub: 0 if s is None else int(str(sub) in str(s)),
    "isempty": lambda s: s is None or s == "",
    "isblank": lambda s: s is None or str(s).strip() == "",
    "ispresent": lambda s: s is not None,
    "coalesce": lambda *a: next((x for x in a if x is not None), None),
    "frommillis": lambda n: to_number(n),
    "tomillis": lambda n: to_number(n),
    "isvalidip": _valid_ip,
    "isvalidipv4": lambda ip: _valid_ip(ip, 4),
    "isvalidipv6": lambda ip: _valid_ip(ip, 6),
    "isipinsubnet": _in_subnet,
    "isipv4insubnet": lambda ip, net: _valid_ip(ip, 4) and _in_subnet(ip, net),
    "isipv6insubnet": lambda ip, net: _valid_ip(ip, 6) and _in_subnet(ip, net),
}
AGGREGATES = {"count", "count_distinct", "sum", "avg", "min", "max", "pct", "percentile", "stddev", "earliest", "latest",
              "sortsfirst", "sortslast"}


# ---------------------------------------------------------------- the transformer


def _name_of(tree_text: str) -> str:
    return re.sub(r"\s+", "", tree_text)


@v_args(inline=True)
class _Build(Transformer[Token, Any]):
    """Builds closures bottom-up; each expression node is (closure, source text, aggregate or None)."""

    def number(self, tok: Token) -> tuple[Expr, str, None]:
        value = to_number(str(tok))
        return (lambda _r: value), str(tok), None

    def duration(self, tok: Token) -> tuple[Expr, str, None]:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|mo|s|m|h|d|w|q|y)", str(tok))
        assert m is not None
        value = Duration(int(float(m.group(1)) * _UNITS_MS[m.group(2)]))
        return (lambda _r: value), str(tok), None

    def string(self, tok: Token) -> tuple[Expr, str, None]:
        value = _string(str(tok))
        return (lambda _r: value), str(tok), None

    def regex(self, tok: Token) -> tuple[Expr, str, None]:
        rx = _regex(str(tok))
        return (lambda _r: rx), str(tok), None

    def field(self, tok: Token) -> tuple[Expr, str, None]:
        name = str(tok).strip("`")
        return (lambda r: r.get(name)), name, None

    def star(self) -> tuple[Expr, str, None]:
        return (lambda _r: True), "*", None

    def list(self, *items: tuple[Expr, str, Any]) -> tuple[Expr, str, None]:
        fns = [i[0] for i in items if i is not None]
        return (lambda r: [f(r) for f in fns]), "[" + ",".join(i[1] for i in items if i is not None) + "]", None

    def neg(self, a: tuple[Expr, str, Any]) -> tuple[Expr, str, Any]:
        f = a[0]
        return (lambda r: None if (n := to_number(f(r))) is None else -n), "-" + a[1], a[2]

    def pow_(self, a: tuple[Expr, str, Any], b: tuple[Expr, str, Any] | None = None) -> tuple[Expr, str, Any]:
        if b is None:
            return a
        fa, fb = a[0], b[0]
        power = _num(lambda x, y: x ** y)
        return (lambda r: power(fa(r), fb(r))), f"{a[1]}^{b[1]}", None

    def arith(self, *parts: Any) -> tuple[Expr, str, Any]:
        first = parts[0]
        if len(parts) == 1:
            return first  # type: ignore[no-any-return]
        fn, text = first[0], first[1]
        for i in range(1, len(parts), 2):
            op, rhs = str(parts[i]), parts[i + 1]
            fn = _arith(op, fn, rhs[0])
            text += op + rhs[1]
        return fn, text, first[2] if len(parts) == 1 else None

    def compare(self, a: Any, op: Token, b: Any) -> tuple[Expr, str, None]:
        fa, fb, o = a[0], b[0], str(op)
        text = f"{a[1]}{o}{b[1]}"
        literal = fb(None) if b[1][:1] in ('"', "'") else None
        if o in ("=", "!=") and isinstance(literal, str) and to_number(literal) is None:
            # A non-numeric string literal: equality is string equality, no numeric attempt.
            if o == "=":
                return (lambda r: (v := fa(r)) is not None and (v if type(v) is str else _plain(v)) == literal), text, None
            return (lambda r: (v := fa(r)) is not None and (v if type(v) is str else _plain(v)) != literal), text, None
        return (lambda r: _compare(o, fa(r), fb(r))), text, None

    def like(self, a: Any, tok: Token) -> tuple[Expr, str, None]:
        fa = a[0]
        if str(tok).startswith("/"):
            rx = _regex(str(tok))
            return (lambda r: (v := fa(r)) is not None and rx.search(str(v)) is not None), f"{a[1]} like {tok}", None
        sub = _string(str(tok))
        return (lambda r: (v := fa(r)) is not None and sub in str(v)), f"{a[1]} like {tok}", None

    def not_like(self, a: Any, tok: Token) -> tuple[Expr, str, None]:
        f = self.like(a, tok)[0]
        return (lambda r: not f(r)), f"{a[1]} not like {tok}", None

    def in_(self, a: Any, lst: Any) -> tuple[Expr, str, None]:
        fa, fl = a[0], lst[0]
        return (lambda r: any(_compare("=", fa(r), x) for x in fl(r))), f"{a[1]} in {lst[1]}", None

    def not_in(self, a: Any, lst: Any) -> tuple[Expr, str, None]:
        f = self.in_(a, lst)[0]
        return (lambda r: not f(r)), f"{a[1]} not in {lst[1]}", None

    def and_(self, *parts: Any) -> tuple[Expr, str, Any]:
        if len(parts) == 1:
            return parts[0]  # type: ignore[no-any-return]
        fns = [p[0] for p in parts]
        return (lambda r: all(_truthy(f(r)) for f in fns)), " and ".join(p[1] for p in parts), None

    def or_(self, *parts: Any) -> tuple[Expr, str, Any]:
        if len(parts) == 1:
            return parts[0]  # type: ignore[no-any-return]
        fns = [p[0] for p in parts]
        return (lambda r: any(_truthy(f(r)) for f in fns)), " or ".join(p[1] for p in parts), None

    def not_(self, a: Any) -> tuple[Expr, str, None]:
        f = a[0]
        return (lambda r: not _truthy(f(r))), f"not {a[1]}", None

    def call(self, name_tok: Token, *args: Any) -> tuple[Expr, str, Any]:
        name = str(name_tok)
        lname = name.lower()
        args = tuple(a for a in args if a is not None)
        text = f"{name}({','.join(a[1] for a in args)})"
        if lname in AGGREGATES:
            arg = args[0][0] if args and args[0][1] != "*" else None  # count(*) counts rows
            extra = [a[0](None) for a in args[1:]]
            if lname in ("pct", "percentile") and not extra:
                raise QueryError(f"{name} needs a percentile: {name}(field, 90)")
            agg = Aggregate(lname, arg, extra)
            return (lambda r: r.get(text)), text, agg
        if lname == "bin":
            if len(args) != 1:
                raise QueryError("bin takes one period, e.g. bin(5m)")
            period = _period(args[0][0](None))

            def binned(r: Any) -> Any:
                return _bin_floor(r.get("@timestamp"), period)

            binned.bin_period = period  # type: ignore[attr-defined]
            return binned, text, None
        if lname in ("datefloor", "dateceil"):
            period = _period(args[1][0](None))
            fa = args[0][0]
            round_ = _bin_floor if lname == "datefloor" else _dateceil
            return (lambda r: round_(fa(r), period)), text, None
        fn = SCALARS.get(lname)
        if fn is None:
            raise QueryError(f"Unknown function {name}")
        fns = [a[0] for a in args]
        return (lambda r: fn(*[f(r) for f in fns])), text, None

    # ---- commands

    def item(self, expr: Any, name: Any = None) -> Item:
        period = getattr(expr[0], "bin_period", 0)
        return Item(expr[0], name if name is not None else expr[1], expr[2], expr[1], period)

    def name(self, tok: Token) -> str:
        return str(tok).strip("`")

    def fields_cmd(self, *items: Item) -> Command:
        return Command("fields", list(items))

    def display_cmd(self, *items: Item) -> Command:
        return Command("display", list(items))

    def filter_cmd(self, expr: Any) -> Command:
        return Command("filter", predicate=expr[0])

    def stats_cmd(self, *items: Any) -> Command:
        raise AssertionError("replaced in _commands")  # stats needs to tell aggregations from groups

    def sort_item(self, expr: Any, direction: Token | None = None) -> tuple[Item, bool]:
        return Item(expr[0], expr[1]), (direction is None or str(direction).lower() == "desc")

    def sort_cmd(self, *items: tuple[Item, bool]) -> Command:
        return Command("sort", [i for i, _ in items], descending=[d for _, d in items])

    def limit_cmd(self, tok: Token) -> Command:
        return Command("limit", limit=int(float(str(tok))))

    def parse_glob(self, *parts: Any) -> Command:
        source = parts[0][0] if isinstance(parts[0], tuple) else (lambda r: r.get("@message"))
        rest = parts[1:] if isinstance(parts[0], tuple) else parts
        glob, names = _string(str(rest[0])), list(rest[1:])
        pieces = glob.split("*")
        if len(pieces) - 1 != len(names):
            raise QueryError(f"parse: the pattern has {len(pieces) - 1} wildcards but {len(names)} fields")
        rx = re.compile("".join(re.escape(p) + ("(.*?)" if i < len(names) else "") for i, p in enumerate(pieces)) + ("$" if not pieces[-1] else ""))
        return Command("parse", source=source, regex=rx, names=names)

    def parse_regex(self, *parts: Any) -> Command:
        source = parts[0][0] if len(parts) == 2 else (lambda r: r.get("@message"))
        rx = _regex(str(parts[-1]))
        if not rx.groupindex:
            raise QueryError("parse: the regular expression names no fields: use (?<name>...)")
        return Command("parse", source=source, regex=rx, names=list(rx.groupindex))

    def dedup_cmd(self, *exprs: Any) -> Command:
        return Command("dedup", [Item(e[0], e[1]) for e in exprs])

    def unmask_cmd(self, expr: Any = None) -> Command:
        return Command("unmask")


def _period(value: Any) -> int:
    if isinstance(value, Duration):
        return max(value.ms, 1)
    n = to_number(value)
    if n is None or n <= 0:
        raise QueryError("A period such as 5m is required")
    return int(n * 1000)


def _arith(op: str, fa: Expr, fb: Expr) -> Expr:
    def run(r: Any) -> Any:
        a, b = to_number(fa(r)), to_number(fb(r))
        if a is None or b is None:
            return None
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return a / b
            return a % b
        except ZeroDivisionError:
            return None

    return run


@functools.lru_cache(maxsize=256)
def compile_query(text: str) -> Query:
    try:
        tree = _PARSER.parse(text)
    except LarkError as error:
        raise QueryError(_explain(error)) from None
    builder = _Build()
    commands: list[Command] = []
    try:
        for node in tree.children:
            if getattr(node, "data", None) == "stats_cmd":
                commands.append(_stats(builder, node))
            else:
                commands.append(builder.transform(node))  # type: ignore[arg-type]
    except VisitError as error:
        if isinstance(error.orig_exc, QueryError):
            raise error.orig_exc from None
        raise QueryError(str(error.orig_exc)) from None
    return Query(text, commands)


def _stats(builder: _Build, node: Any) -> Command:
    items = [builder.transform(child) for child in node.children if not isinstance(child, Token)]
    aggs = [i for i in items if i.agg is not None]
    if not aggs:
        raise QueryError("stats needs at least one aggregation function")
    # Aggregations come first; once a non-aggregation item appears, the rest are the `by` groups.
    first_group = next((k for k, i in enumerate(items) if i.agg is None), len(items))
    if any(i.agg is not None for i in items[first_group:]):
        raise QueryError("stats: aggregations cannot appear after 'by'")
    command = Command("stats", items[:first_group], by=items[first_group:])
    if len(command.by) == 1 and command.by[0].expr_text.lower().startswith("bin("):
        command.bin_period = command.by[0].period
    return command


def _explain(error: LarkError) -> str:
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    where = f" at line {line}, column {column}" if line is not None else ""
    token = getattr(error, "token", None)
    near = f": unexpected '{token}'" if token is not None else ""
    return f"Query could not be parsed{where}{near}"
