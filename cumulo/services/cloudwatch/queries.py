"""Evaluating a list of MetricDataQueries: GetMetricData's and math alarms' shared core.

MetricStat queries read stored series into period buckets; Expression queries are
evaluated by `mathexpr` once the ids they name are known, in dependency order.
SEARCH expressions look through the scope's stored series.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch import datapoints, mathexpr
from cumulo.services.cloudwatch.mathexpr import TS, Env, MathError, Value
from cumulo.services.cloudwatch.models import Series
from cumulo.state import Scope

_ID = re.compile(r"^[a-z][A-Za-z0-9_]*$")


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterValueException", message, status=400)


def metric_series(scope: Scope, stat: dict[str, Any], start: float, end: float) -> TS:
    """One MetricStat: its statistic per period with data, as a time series."""
    metric = stat["Metric"]
    period = int(stat["Period"])
    name = stat["Stat"]
    if not datapoints.valid_statistic(name):
        raise invalid(f"The value {name} for parameter MetricDataQueries.member.Stat is invalid.")
    series = datapoints.find_series(scope, metric.get("Namespace", ""), metric.get("MetricName", ""), datapoints.dims_of(metric.get("Dimensions")))
    label = metric.get("MetricName", "")
    if series is None or (stat.get("Unit") and stat["Unit"] != series.unit):
        return TS({}, label)
    values: dict[int, float] = {}
    for t, bucket in sorted(datapoints.buckets(scope, series.id, start, end, period).items()):
        v = datapoints.statistic(name, bucket)
        if v is not None:
            values[t] = v
    return TS(values, label)


def grid(start: float, end: float, period: int) -> list[int]:
    first = int(start // period * period)
    return list(range(first, int(end), period))


def period_of(queries: list[dict[str, Any]]) -> int:
    stats = [q for q in queries if q.get("MetricStat")]
    return int(stats[0]["MetricStat"]["Period"]) if stats else int(next((q.get("Period") for q in queries if q.get("Period")), 60) or 60)


def run(scope: Scope, queries: list[dict[str, Any]], start: float, end: float,
        insight: dict[tuple[str, str], TS] | None = None) -> dict[str, Value]:
    """Every query's value by id (MetricStat first, then expressions in dependency order);
    `insight`: the Contributor Insights series INSIGHT_RULE_METRIC reads (insight_data.prefetch)."""
    ids = [q["Id"] for q in queries]
    if len(set(ids)) != len(ids):
        raise invalid("The values for parameter id in MetricDataQueries must be unique.")
    for q in queries:
        if not _ID.match(q["Id"]):
            raise invalid(f"Invalid metric_id: {q['Id']}. Only lower case letters, digits and _ are allowed, starting with a lower case letter.")
        if bool(q.get("MetricStat")) == bool(q.get("Expression")):
            raise AwsError("ValidationError", f"The query {q['Id']} must have exactly one of MetricStat and Expression.", status=400)
    stats = [q for q in queries if q.get("MetricStat")]
    period = period_of(queries)
    env = Env({}, grid(start, end, period), period, search=lambda text, stat, p: search(scope, text, stat, p, start, end),
              metric_ids=[q["Id"] for q in stats], insight=insight or {})
    for q in stats:
        env.series[q["Id"]] = metric_series(scope, q["MetricStat"], start, end)
    pending = {q["Id"]: q for q in queries if q.get("Expression")}
    while pending:
        ready = [i for i, q in pending.items() if not (mathexpr.references(q["Expression"]) & set(pending) - {i})]
        if not ready:
            raise invalid("Circular dependency between metric math expressions: " + ", ".join(sorted(pending)))
        for i in ready:
            q = pending.pop(i)
            try:
                env.series[i] = mathexpr.evaluate(q["Expression"], env)
            except MathError as error:
                raise AwsError("ValidationError", f"Error in expression {i}: {error}", status=400) from None
    return env.series


_SCHEMA = re.compile(r"^\s*\{([^}]*)\}\s*")


def search(scope: Scope, text: str, stat: str, period: int, start: float, end: float) -> list[TS]:
    """SEARCH('{Namespace,Dim1} MetricName="X" term', 'Stat', period) over stored series."""
    namespace = None
    schema_dims: set[str] | None = None
    m = _SCHEMA.match(text)
    if m:
        parts = [p.strip().strip('"') for p in m.group(1).split(",")]
        namespace, schema_dims = parts[0], {p for p in parts[1:] if p}
        text = text[m.end():]
    try:
        terms = shlex.split(text)
    except ValueError:
        raise invalid(f"Invalid SEARCH expression: {text}") from None
    out = []
    for series in sorted(scope.table("series").values(), key=lambda s: (s.namespace, s.name, s.dims)):
        if namespace is not None and series.namespace != namespace:
            continue
        if schema_dims is not None and {k for k, _ in series.dims} != schema_dims:
            continue
        if not all(_term(series, t) for t in terms if t.upper() != "AND"):
            continue
        ts = metric_series(scope, {"Metric": {"Namespace": series.namespace, "MetricName": series.name,
                                              "Dimensions": [{"Name": k, "Value": v} for k, v in series.dims]},
                                   "Period": period, "Stat": stat}, start, end)
        ts.label = " ".join([series.name, *[v for _, v in series.dims]])
        out.append(ts)
    return out


def _term(series: Series, term: str) -> bool:
    negate = term.upper().startswith("NOT ")
    if negate:
        term = term[4:]
    if "=" in term:
        key, _, value = term.partition("=")
        key, value = key.strip(), value.strip().strip('"')
        if key == "MetricName":
            hit = series.name == value
        elif key == "Namespace":
            hit = series.namespace == value
        else:
            hit = dict(series.dims).get(key) == value
    else:
        words = [series.namespace, series.name, *[v for _, v in series.dims], *[k for k, _ in series.dims]]
        hit = any(term.lower() in w.lower() for w in words)
    return hit != negate
