"""Metric math: GetMetricData's and alarms' `Expression`, parsed with lark and evaluated.

Values are scalars (float), time series (`TS`: timestamp -> value, with a label)
or lists of time series (`METRICS()`, `SEARCH(...)`). Arithmetic and comparisons
work element-wise, on the timestamps both sides have; comparisons give 1 or 0.
Functions (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html):
ABS, AVG, CEIL, DIFF, DIFF_TIME, FILL (a value, REPEAT or LINEAR), FIRST, FLOOR, IF,
LAST, LOG, LOG10, MAX, METRICS, MIN, PERIOD, RATE, RUNNING_SUM, SEARCH, SORT,
STDDEV, SUM, TIME_SERIES, ANOMALY_DETECTION_BAND. A single series given to
SUM/AVG/MIN/MAX/STDDEV folds to a scalar; a list folds to one series.

`evaluate(text, env)` needs an `Env`: the other queries' results by id, the
timestamps of the request's period grid, the period, and a `search` callback
for SEARCH over stored metrics. Pure: no store, no clock.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, VisitError


class MathError(ValueError):
    pass


@dataclass(slots=True)
class TS:
    values: dict[int, float]
    label: str = ""


Value = float | TS | list[TS]


@dataclass(slots=True)
class Env:
    series: dict[str, Value]
    grid: list[int]
    period: int
    search: Callable[[str, str, int], list[TS]] = field(default=lambda _q, _s, _p: [])
    # ids of the MetricStat queries, in request order (what METRICS() returns)
    metric_ids: list[str] = field(default_factory=list)
    # Contributor Insights rule metrics, read beforehand: (rule name, metric) -> series
    insight: dict[tuple[str, str], TS] = field(default_factory=dict)


GRAMMAR = r"""
?start: expr
?expr: or_
?or_: and_ (OROP and_)*
?and_: cmp (ANDOP cmp)*
?cmp: sum (CMP sum)?
?sum: prod (ADD prod)*
?prod: unary (MUL unary)*
?unary: "-" unary -> neg
      | pow
?pow: atom ("^" unary)?
?atom: NUMBER -> number
     | STRING -> string
     | NAME "(" [expr ("," expr)*] ")" -> call
     | NAME -> ref
     | "[" [expr ("," expr)*] "]" -> array
     | "(" expr ")"
OROP: "||" | /OR\b/
ANDOP: "&&" | /AND\b/
CMP: "<=" | ">=" | "!=" | "==" | "<" | ">"
ADD: "+" | "-"
MUL: "*" | "/"
NUMBER: /\d+(\.\d+)?([eE][+-]?\d+)?/
STRING: /'(\\.|[^'\\])*'/ | /"(\\.|[^"\\])*"/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
%import common.WS
%ignore WS
"""

_PARSER = Lark(GRAMMAR, parser="lalr", maybe_placeholders=False)

Node = Callable[[Env], Any]


def _binary(op: str) -> Callable[[float, float], float | None]:
    def run(a: float, b: float) -> float | None:
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return a / b if b != 0 else None
            if op == "^":
                return float(a ** b)
            return float({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b,
                          "AND": bool(a) and bool(b), "&&": bool(a) and bool(b), "OR": bool(a) or bool(b),
                          "||": bool(a) or bool(b)}[op])
        except (OverflowError, ZeroDivisionError):
            return None

    return run


def _apply(fn: Callable[[float, float], float | None], a: Value, b: Value) -> Value:
    if isinstance(a, list):
        return [_apply(fn, x, b) for x in a]  # type: ignore[misc]
    if isinstance(b, list):
        return [_apply(fn, a, y) for y in b]  # type: ignore[misc]
    if isinstance(a, TS) and isinstance(b, TS):
        return TS(_clean({t: fn(v, b.values[t]) for t, v in a.values.items() if t in b.values}), a.label)
    if isinstance(a, TS):
        return TS(_clean({t: fn(v, b) for t, v in a.values.items()}), a.label)  # type: ignore[arg-type]
    if isinstance(b, TS):
        return TS(_clean({t: fn(a, v) for t, v in b.values.items()}), b.label)
    result = fn(a, b)
    if result is None:
        raise MathError("The expression divides by zero")
    return result


def _clean(values: dict[int, float | None]) -> dict[int, float]:
    return {t: v for t, v in values.items() if v is not None and not math.isnan(v)}


def _map(fn: Callable[[float], float], x: Value) -> Value:
    if isinstance(x, list):
        return [_map(fn, s) for s in x]  # type: ignore[misc]
    if isinstance(x, TS):
        return TS({t: fn(v) for t, v in x.values.items()}, x.label)
    return fn(x)


def _series_list(args: list[Value]) -> list[TS]:
    out: list[TS] = []
    for a in args:
        if isinstance(a, list):
            out.extend(a)
        elif isinstance(a, TS):
            out.append(a)
    return out


def _fold(name: str, fn: Callable[[list[float]], float]) -> Callable[[Env, list[Value]], Value]:
    def run(env: Env, args: list[Value]) -> Value:
        if len(args) == 1 and isinstance(args[0], TS):
            values = list(args[0].values.values())
            if not values:
                raise MathError(f"{name} of an empty time series")
            return fn(values)
        series = _series_list(args)
        scalars = [a for a in args if isinstance(a, (int, float))]
        if not series:
            if not scalars:
                raise MathError(f"{name} needs arguments")
            return fn([float(s) for s in scalars])
        stamps = sorted({t for s in series for t in s.values})
        out: dict[int, float] = {}
        for t in stamps:
            vals = [s.values[t] for s in series if t in s.values] + [float(s) for s in scalars]
            if vals:
                out[t] = fn(vals)
        return TS(out, name)

    return run


def _stddev(values: list[float]) -> float:
    return statistics.pstdev(values) if len(values) > 1 else 0.0


def _one_series(name: str, x: Value) -> list[TS]:
    if isinstance(x, TS):
        return [x]
    if isinstance(x, list):
        return x
    raise MathError(f"{name} needs a time series")


def _per_series(name: str, fn: Callable[[TS, Env], TS]) -> Callable[[Env, list[Value]], Value]:
    def run(env: Env, args: list[Value]) -> Value:
        if len(args) != 1:
            raise MathError(f"{name} takes one argument")
        out = [fn(s, env) for s in _one_series(name, args[0])]
        return out if isinstance(args[0], list) else out[0]

    return run


def _rate(s: TS, env: Env) -> TS:
    stamps = sorted(s.values)
    return TS({b: (s.values[b] - s.values[a]) / (b - a) for a, b in zip(stamps, stamps[1:], strict=False) if b != a}, s.label)


def _diff(s: TS, env: Env) -> TS:
    stamps = sorted(s.values)
    return TS({b: s.values[b] - s.values[a] for a, b in zip(stamps, stamps[1:], strict=False)}, s.label)


def _diff_time(s: TS, env: Env) -> TS:
    stamps = sorted(s.values)
    return TS({b: float(b - a) for a, b in zip(stamps, stamps[1:], strict=False)}, s.label)


def _running_sum(s: TS, env: Env) -> TS:
    total = 0.0
    out = {}
    for t in sorted(s.values):
        total += s.values[t]
        out[t] = total
    return TS(out, s.label)


def _fill(env: Env, args: list[Value]) -> Value:
    if len(args) != 2:
        raise MathError("FILL takes a time series and a value, REPEAT or LINEAR")
    how = args[1]

    def one(s: TS) -> TS:
        out = dict(s.values)
        known = sorted(s.values)
        for t in env.grid:
            if t in out:
                continue
            before = [k for k in known if k < t]
            after = [k for k in known if k > t]
            if how == "REPEAT":
                if before:
                    out[t] = s.values[before[-1]]
                elif after:
                    out[t] = s.values[after[0]]
            elif how == "LINEAR":
                if before and after:
                    a, b = before[-1], after[0]
                    out[t] = s.values[a] + (s.values[b] - s.values[a]) * (t - a) / (b - a)
                elif before or after:
                    out[t] = s.values[(before or after)[-1 if before else 0]]
            elif isinstance(how, TS):
                if t in how.values:
                    out[t] = how.values[t]
            else:
                out[t] = float(how)  # type: ignore[arg-type]
        return TS(dict(sorted(out.items())), s.label)

    target = args[0]
    if isinstance(target, list):
        return [one(s) for s in target]
    if not isinstance(target, TS):
        raise MathError("FILL needs a time series")
    return one(target)


def _if(env: Env, args: list[Value]) -> Value:
    if len(args) not in (2, 3):
        raise MathError("IF takes a condition, a value and optionally another")
    cond = args[0]
    if not isinstance(cond, TS):
        chosen = args[1] if cond else (args[2] if len(args) == 3 else TS({}))
        return chosen

    def at(x: Value, t: int) -> float | None:
        if isinstance(x, TS):
            return x.values.get(t)
        if isinstance(x, (int, float)):
            return float(x)
        return None

    out = {}
    for t, c in cond.values.items():
        v = at(args[1], t) if c else (at(args[2], t) if len(args) == 3 else None)
        if v is not None:
            out[t] = v
    return TS(out, cond.label)


def _metrics(env: Env, args: list[Value]) -> Value:
    want = str(args[0]) if args else ""
    return [s for i in env.metric_ids if want in i and isinstance((s := env.series.get(i)), TS)]


def _search(env: Env, args: list[Value]) -> Value:
    if len(args) < 2:
        raise MathError("SEARCH takes a search expression, a statistic and optionally a period")
    period = int(args[2]) if len(args) > 2 and isinstance(args[2], (int, float)) else env.period
    return env.search(str(args[0]), str(args[1]), period)


def _insight(env: Env, args: list[Value]) -> Value:
    """INSIGHT_RULE_METRIC(rule name, metric): a Contributor Insights rule's metric as a series."""
    if len(args) != 2 or not all(isinstance(a, str) for a in args):
        raise MathError("INSIGHT_RULE_METRIC takes a rule name and a metric name")
    found = env.insight.get((str(args[0]), str(args[1])))
    if found is None:
        raise MathError(f"INSIGHT_RULE_METRIC: no rule {args[0]} with a metric {args[1]}")
    return TS(dict(found.values), found.label)


def _period(env: Env, args: list[Value]) -> Value:
    return float(env.period)


def _time_series(env: Env, args: list[Value]) -> Value:
    if len(args) != 1 or not isinstance(args[0], (int, float)):
        raise MathError("TIME_SERIES takes a number")
    return TS({t: float(args[0]) for t in env.grid})


def _first_last(last: bool) -> Callable[[Env, list[Value]], Value]:
    def run(env: Env, args: list[Value]) -> Value:
        series = _series_list(args)
        return series[-1:] if last else series[:1]

    return run


def _band(env: Env, args: list[Value]) -> Value:
    """ANOMALY_DETECTION_BAND: the expected range, mean +/- k standard deviations of the metric."""
    if not args or not isinstance(args[0], TS):
        raise MathError("ANOMALY_DETECTION_BAND needs a time series")
    k = float(args[1]) if len(args) > 1 and isinstance(args[1], (int, float)) else 2.0
    values = list(args[0].values.values())
    if not values:
        return [TS({}, "Low"), TS({}, "High")]
    mean = sum(values) / len(values)
    spread = k * _stddev(values)
    return [TS({t: mean - spread for t in args[0].values}, "Low"), TS({t: mean + spread for t in args[0].values}, "High")]


FUNCTIONS: dict[str, Callable[[Env, list[Value]], Value]] = {
    "SUM": _fold("SUM", sum), "AVG": _fold("AVG", lambda v: sum(v) / len(v)), "MIN": _fold("MIN", min), "MAX": _fold("MAX", max),
    "STDDEV": _fold("STDDEV", _stddev),
    "ABS": lambda env, a: _map(abs, a[0]), "CEIL": lambda env, a: _map(math.ceil, a[0]), "FLOOR": lambda env, a: _map(math.floor, a[0]),
    "LOG": lambda env, a: _map(lambda v: math.log(v) if v > 0 else math.nan, a[0]),
    "LOG10": lambda env, a: _map(lambda v: math.log10(v) if v > 0 else math.nan, a[0]),
    "RATE": _per_series("RATE", _rate), "DIFF": _per_series("DIFF", _diff), "DIFF_TIME": _per_series("DIFF_TIME", _diff_time),
    "RUNNING_SUM": _per_series("RUNNING_SUM", _running_sum),
    "FILL": _fill, "IF": _if, "METRICS": _metrics, "SEARCH": _search, "PERIOD": _period, "TIME_SERIES": _time_series,
    "FIRST": _first_last(False), "LAST": _first_last(True), "ANOMALY_DETECTION_BAND": _band,
    "INSIGHT_RULE_METRIC": _insight,
}


@v_args(inline=True)
class _Build(Transformer[Token, Node]):
    def number(self, tok: Token) -> Node:
        value = float(tok)
        return lambda env: value

    def string(self, tok: Token) -> Node:
        text = str(tok)[1:-1]
        return lambda env: text

    def ref(self, tok: Token) -> Node:
        name = str(tok)
        if name in ("REPEAT", "LINEAR"):
            return lambda env: name

        def get(env: Env) -> Value:
            if name not in env.series:
                raise MathError(f"Unrecognized metric id or keyword: {name}")
            return env.series[name]

        return get

    def call(self, name_tok: Token, *args: Node) -> Node:
        name = str(name_tok).upper()
        fn = FUNCTIONS.get(name)
        if fn is None:
            raise MathError(f"Unknown function {name_tok}")
        parts = [a for a in args if a is not None]
        return lambda env: fn(env, [p(env) for p in parts])

    def array(self, *items: Node) -> Node:
        parts = [i for i in items if i is not None]
        return lambda env: _series_list([p(env) for p in parts])

    def neg(self, a: Node) -> Node:
        return lambda env: _map(lambda v: -v, a(env))

    def pow(self, a: Node, b: Node) -> Node:
        fn = _binary("^")
        return lambda env: _apply(fn, a(env), b(env))

    def _chain(self, *parts: Any) -> Node:
        node = parts[0]
        for i in range(1, len(parts), 2):
            op = str(parts[i]).strip().upper() if str(parts[i]).strip().isalpha() else str(parts[i])
            rhs = parts[i + 1]
            node = (lambda fn, lhs, rhs: lambda env: _apply(fn, lhs(env), rhs(env)))(_binary(op), node, rhs)
        return node

    or_ = and_ = cmp = sum = prod = _chain


@functools.lru_cache(maxsize=256)
def compile_expression(text: str) -> Node:
    try:
        tree = _PARSER.parse(text)
    except LarkError as error:
        raise MathError(f"Syntax error in the expression: {text}") from error
    try:
        return _Build().transform(tree)
    except VisitError as error:
        raise MathError(str(error.orig_exc)) from None


def references(text: str) -> set[str]:
    """The metric ids an expression names (for ordering the evaluation of queries)."""
    try:
        tree = _PARSER.parse(text)
    except LarkError:
        return set()
    return {str(t.children[0]) for t in tree.iter_subtrees() if t.data == "ref" and str(t.children[0]) not in ("REPEAT", "LINEAR")} | (
        {str(tree.children[0])} if getattr(tree, "data", None) == "ref" else set()
    )


def evaluate(text: str, env: Env) -> Value:
    node = compile_expression(text)
    try:
        return node(env)  # type: ignore[no-any-return]
    except (TypeError, ValueError) as error:
        if isinstance(error, MathError):
            raise
        raise MathError(f"Error evaluating {text}: {error}") from None
