"""Contributor Insights rules evaluated over log events: the engine behind GetInsightRuleReport.

Pure and sans-IO: `Rule.parse(definition)` reads a `CloudWatchLogRule/1`
definition, `Rule.observe(message)` turns one log event into (keys, value) or
None, and `report(rule, observations, ...)` builds the report. The caller fetches
the events (from CloudWatch Logs, through `services.call`).

The rule language (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html):
- `LogFormat` JSON (keys are `$.a.b` paths into the event's JSON) or CLF
  (space-delimited fields, quoted or bracketed fields kept whole, named by
  `Fields` {"1": "ip", ...}; without `Fields` a field is named by its position);
- `Contribution.Keys` (1 to 4): the contributor's identity; an event missing one
  is not counted;
- `Contribution.Filters`, all of which must hold: `Match` a field with one of
  `In`, `NotIn`, `StartsWith`, `GreaterThan`, `LessThan`, `EqualTo`,
  `NotEqualTo`, `IsPresent`;
- `AggregateOn` Count (each event counts 1) or Sum (of `Contribution.ValueOf`).

A report buckets observations by `Period` (multiples of the period since the
epoch, as metric statistics are), ranks contributors by their total (`Sum`) or
their largest bucket (`Maximum`) and keeps the top `MaxContributorCount`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import orjson

OPERATORS = ("In", "NotIn", "StartsWith", "GreaterThan", "LessThan", "EqualTo", "NotEqualTo", "IsPresent")
METRICS = ("UniqueContributors", "MaxContributorValue", "SampleCount", "Sum", "Minimum", "Maximum", "Average")
_MISSING = object()
_CLF_FIELD = re.compile(r'"((?:[^"\\]|\\.)*)"|\[([^\]]*)\]|(\S+)')


class RuleError(ValueError):
    pass


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return orjson.dumps(value).decode()
    return "null" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Rule:
    log_groups: tuple[str, ...]
    log_group_arns: tuple[str, ...]
    json: bool
    fields: dict[str, str]
    keys: tuple[str, ...]
    value_of: str | None
    filters: tuple[dict[str, Any], ...]
    aggregate: str  # "Count" or "Sum"

    @classmethod
    def parse(cls, definition: str) -> Rule:
        try:
            doc = orjson.loads(definition)
        except orjson.JSONDecodeError:
            raise RuleError("The rule definition is not valid JSON.") from None
        if not isinstance(doc, dict):
            raise RuleError("The rule definition must be a JSON object.")
        schema = doc.get("Schema")
        if not isinstance(schema, dict) or schema.get("Name") != "CloudWatchLogRule" or schema.get("Version") != 1:
            raise RuleError('Schema must be {"Name": "CloudWatchLogRule", "Version": 1}.')
        groups, arns = doc.get("LogGroupNames") or [], doc.get("LogGroupARNs") or []
        if bool(groups) == bool(arns) or not all(isinstance(g, str) and g for g in [*groups, *arns]):
            raise RuleError("Exactly one of LogGroupNames and LogGroupARNs must be given, as a list of names.")
        fmt = doc.get("LogFormat", "JSON")
        if fmt not in ("JSON", "CLF"):
            raise RuleError("LogFormat must be JSON or CLF.")
        fields = doc.get("Fields") or {}
        if not isinstance(fields, dict):
            raise RuleError("Fields must map field positions to names.")
        contribution = doc.get("Contribution")
        if not isinstance(contribution, dict):
            raise RuleError("The rule definition needs a Contribution.")
        keys = contribution.get("Keys")
        if not isinstance(keys, list) or not 1 <= len(keys) <= 4 or not all(isinstance(k, str) and k for k in keys):
            raise RuleError("Contribution.Keys must list between 1 and 4 keys.")
        aggregate = doc.get("AggregateOn")
        if aggregate not in ("Count", "Sum"):
            raise RuleError("AggregateOn must be Count or Sum.")
        value_of = contribution.get("ValueOf")
        if aggregate == "Sum" and not value_of:
            raise RuleError("A rule that aggregates on Sum needs Contribution.ValueOf.")
        filters = contribution.get("Filters") or []
        if not isinstance(filters, list):
            raise RuleError("Contribution.Filters must be a list.")
        for f in filters:
            ops = [op for op in OPERATORS if isinstance(f, dict) and op in f]
            if not isinstance(f, dict) or not f.get("Match") or len(ops) != 1:
                raise RuleError(f"Each filter needs Match and exactly one of {', '.join(OPERATORS)}.")
            if ops[0] in ("In", "NotIn", "StartsWith") and not isinstance(f[ops[0]], list):
                raise RuleError(f"The filter operator {ops[0]} takes a list.")
            if ops[0] in ("GreaterThan", "LessThan") and _number(f[ops[0]]) is None:
                raise RuleError(f"The filter operator {ops[0]} takes a number.")
        return cls(tuple(groups), tuple(arns), fmt == "JSON", {str(k): str(v) for k, v in fields.items()}, tuple(keys),
                   value_of, tuple(filters), aggregate)

    # ------------------------------------------------------------ one event

    def _record(self, message: str) -> Any:
        if self.json:
            try:
                doc = orjson.loads(message)
            except orjson.JSONDecodeError:
                return None
            return doc if isinstance(doc, dict) else None
        record: dict[str, str] = {}
        for i, m in enumerate(_CLF_FIELD.finditer(message), start=1):
            value = m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
            record[self.fields.get(str(i), str(i))] = value
        return record

    def _lookup(self, record: Any, key: str) -> Any:
        if not self.json:
            return record.get(key, _MISSING)
        path = key[2:] if key.startswith("$.") else key
        node = record
        for part in path.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return _MISSING
        return node

    def _holds(self, f: dict[str, Any], value: Any) -> bool:
        op = next(o for o in OPERATORS if o in f)
        arg = f[op]
        if op == "IsPresent":
            return (value is not _MISSING) == bool(arg)
        if value is _MISSING:
            return op in ("NotIn", "NotEqualTo")
        if op in ("In", "NotIn"):
            hit = any(_equal(value, a) for a in arg)
            return hit if op == "In" else not hit
        if op == "StartsWith":
            return any(_text(value).startswith(_text(a)) for a in arg)
        if op in ("EqualTo", "NotEqualTo"):
            return _equal(value, arg) == (op == "EqualTo")
        number, limit = _number(value), _number(arg)
        if number is None or limit is None:
            return False
        return number > limit if op == "GreaterThan" else number < limit

    def observe(self, message: str) -> tuple[tuple[str, ...], float] | None:
        """The contributor and value one log event gives, or None when the rule skips it."""
        record = self._record(message)
        if record is None:
            return None
        for f in self.filters:
            if not self._holds(f, self._lookup(record, f["Match"])):
                return None
        keys = []
        for key in self.keys:
            value = self._lookup(record, key)
            if value is _MISSING:
                return None
            keys.append(_text(value))
        if self.aggregate == "Count":
            return tuple(keys), 1.0
        number = _number(self._lookup(record, self.value_of or ""))
        return (tuple(keys), number) if number is not None else None


def _equal(value: Any, arg: Any) -> bool:
    a, b = _number(value), _number(arg)
    if a is not None and b is not None:
        return a == b
    return _text(value) == _text(arg)


def report(rule: Rule, observations: list[tuple[float, tuple[str, ...], float]], start: float, end: float, period: int,
           max_contributors: int, order_by: str, metrics: list[str]) -> dict[str, Any]:
    """The GetInsightRuleReport answer for observations (timestamp s, keys, value) in [start, end)."""
    buckets: dict[tuple[str, ...], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    per_bucket: dict[int, list[float]] = defaultdict(list)
    totals: dict[tuple[str, ...], float] = defaultdict(float)
    for ts, keys, value in observations:
        if not start <= ts < end:
            continue
        bucket = int(ts // period * period)
        buckets[keys][bucket] += value
        per_bucket[bucket].append(value)
        totals[keys] += value

    def rank(keys: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
        score = max(buckets[keys].values()) if order_by == "Maximum" else totals[keys]
        return -score, keys

    top = sorted(totals, key=rank)[:max_contributors]
    out: dict[str, Any] = {
        "KeyLabels": list(rule.keys),
        "AggregationStatistic": rule.aggregate,
        "AggregateValue": float(sum(totals.values())),
        "ApproximateUniqueCount": len(totals),
        "Contributors": [
            {"Keys": list(keys), "ApproximateAggregateValue": totals[keys],
             "Datapoints": [{"Timestamp": float(t), "ApproximateValue": v} for t, v in sorted(buckets[keys].items())]}
            for keys in top
        ],
    }
    if metrics:
        points = []
        for bucket in sorted(per_bucket):
            values = per_bucket[bucket]
            stats = {
                "UniqueContributors": float(sum(1 for k in buckets if bucket in buckets[k])),
                "MaxContributorValue": max(buckets[k][bucket] for k in buckets if bucket in buckets[k]),
                "SampleCount": float(len(values)), "Sum": float(sum(values)), "Minimum": min(values), "Maximum": max(values),
                "Average": sum(values) / len(values),
            }
            points.append({"Timestamp": float(bucket), **{m: stats[m] for m in metrics}})
        out["MetricDatapoints"] = points
    return out
