"""Running a compiled Logs Insights query over stored events.

Rows are `Row` objects that answer `get(name)` for the system fields (`@timestamp`,
`@message`, `@logStream`, `@log`, `@ingestionTime`, `@ptr`), fields the query made
(`fields ... as x`, `parse`), fields discovered in JSON messages (`a.b.c`) and, for
Lambda REPORT lines, `@requestId`, `@duration`, `@billedDuration`, `@memorySize`,
`@maxMemoryUsed`, `@initDuration`, `@type`. A query with `stats` streams through
one reused row (nothing is kept but the accumulators), so aggregating a million
events holds no million rows. Results are rows of {field, value} strings as
GetQueryResults returns them; statistics are counted, not estimated.
"""

from __future__ import annotations

import base64
from collections import Counter
import math
import statistics
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import orjson

from cumulo.services.logs import events, masking
from cumulo.services.logs.insights import Aggregate, Command, Query, to_number
from cumulo.services.logs.models import LogGroup, streams_table
from cumulo.state import Scope

DEFAULT_LIMIT = 10_000
_TIME_FIELDS = ("@timestamp", "@ingestionTime")
_DEFAULT_FIELDS = ["@timestamp", "@message", "@logStream", "@log"]


class Row:
    __slots__ = ("ts", "ingest", "msg", "stream", "log", "seq", "idx", "extra", "_doc")

    def __init__(self) -> None:
        self.extra: dict[str, Any] = {}
        self._doc: dict[str, Any] | None = None

    def set(self, ts: int, ingest: int, msg: str, stream: str, log: str, seq: int, idx: int) -> Row:
        self.ts, self.ingest, self.msg, self.stream, self.log, self.seq, self.idx = ts, ingest, msg, stream, log, seq, idx
        if self.extra:
            self.extra = {}
        self._doc = None
        return self

    def get(self, name: str) -> Any:
        if name in self.extra:
            return self.extra[name]
        if name[0] == "@":
            if name == "@timestamp":
                return self.ts
            if name == "@message":
                return self.msg
            if name == "@logStream":
                return self.stream
            if name == "@log":
                return self.log
            if name == "@ingestionTime":
                return self.ingest
            if name == "@ptr":
                return pointer_token(self.pointer)
        doc = self.doc()
        if name in doc:
            return doc[name]
        if "." in name:
            node: Any = doc
            for part in name.split("."):
                if not isinstance(node, dict) or part not in node:
                    return None
                node = node[part]
            return node if not isinstance(node, (dict, list)) else orjson.dumps(node).decode()
        return None

    @property
    def pointer(self) -> tuple[str, str, int, int]:
        return (self.log, self.stream, self.seq, self.idx)

    def doc(self) -> dict[str, Any]:
        if self._doc is None:
            self._doc = discover(self.msg)
        return self._doc

    def copy(self) -> Row:
        row = Row()
        row.ts, row.ingest, row.msg, row.stream, row.log, row.seq, row.idx = self.ts, self.ingest, self.msg, self.stream, self.log, self.seq, self.idx
        row.extra = dict(self.extra)
        row._doc = self._doc
        return row


_REPORT_KEYS = {"Duration": "@duration", "Billed Duration": "@billedDuration", "Memory Size": "@memorySize",
                "Max Memory Used": "@maxMemoryUsed", "Init Duration": "@initDuration"}


def discover(message: str) -> dict[str, Any]:
    """The fields Insights discovers in a message: JSON members, or a Lambda REPORT line's."""
    text = message.lstrip()
    if text.startswith("{"):
        try:
            doc = orjson.loads(text)
        except orjson.JSONDecodeError:
            return {}
        return doc if isinstance(doc, dict) else {}
    if text.startswith("REPORT RequestId: "):
        out: dict[str, Any] = {"@type": "REPORT"}
        head, *parts = text.split("\t")
        out["@requestId"] = head.split(": ", 1)[1].strip()
        for part in parts:
            key, _, value = part.partition(": ")
            if key in _REPORT_KEYS:
                number = to_number(value.split(" ")[0])
                out[_REPORT_KEYS[key]] = number
        return out
    return {}


def pointer_token(pointer: tuple[str, str, int, int]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(pointer))).decode()


def record_at(ctx: Any, token: str) -> dict[str, str] | None:
    """GetLogRecord: the event a `@ptr` points at, with its fields."""
    try:
        log, stream, seq, idx = orjson.loads(base64.urlsafe_b64decode(token.encode()))
        account, group = log.split(":", 1)
    except (ValueError, TypeError, orjson.JSONDecodeError):
        return None
    scope = ctx.store.scope("logs", account, ctx.region)
    chunk = events.chunk_at(scope, group, stream, int(seq))
    if chunk is None or not 0 <= int(idx) < len(chunk):
        return None
    ts, ingest, msg = chunk.stamps[int(idx)], chunk.ingested, chunk.message(int(idx))
    record = {"@timestamp": str(ts), "@message": msg, "@logStream": stream, "@log": log, "@ingestionTime": str(ingest)}
    record.update({k: _text(v) for k, v in discover(msg).items() if not isinstance(v, (dict, list))})
    return record


# ---------------------------------------------------------------- execution


def scan(scopes: list[tuple[Scope, LogGroup]], start_ms: int, end_ms: int, reuse: bool, stats: dict[str, float]) -> Iterator[Row]:
    """Every event of the groups with start <= @timestamp <= end; counts scanned records and bytes."""
    row = Row()
    scanned = 0
    size = 0
    for scope, group in scopes:
        log = f"{group.account}:{group.name}"
        unmasked = not group.data_protection_policy
        for name in list(scope.table(streams_table(group.name))):
            table = events.rows(scope, group.name, name)
            stored = [c for c in table.rows.values() if not (c.high < start_ms or c.low > end_ms)]
            for chunk in events.chunks(scope, table, stored):
                seq, ingest = chunk.seq, chunk.ingested
                inside = chunk.low >= start_ms and chunk.high <= end_ms
                for idx, (ts, msg) in enumerate(zip(chunk.stamps, chunk.messages())):
                    if not inside and (ts < start_ms or ts > end_ms):
                        continue
                    scanned += 1
                    size += len(msg)
                    if not unmasked:
                        msg = masking.mask(group.data_protection_policy, msg)
                    yield (row if reuse else Row()).set(ts, ingest, msg, name, log, seq, idx)
    stats["recordsScanned"] = scanned
    stats["bytesScanned"] = size


def _count_by_bin(scopes: list[tuple[Scope, LogGroup]], start_ms: int, end_ms: int, period: int, stats: dict[str, float]) -> dict[int, int]:
    """`stats count(*) by bin(p)` straight over the chunks: no rows at all."""
    counts: Counter[int] = Counter()
    scanned = size = 0
    for scope, group in scopes:
        for name in list(scope.table(streams_table(group.name))):
            table = events.rows(scope, group.name, name)
            stored = [c for c in table.rows.values() if not (c.high < start_ms or c.low > end_ms)]
            for chunk in events.chunks(scope, table, stored):
                stamps: Any = chunk.stamps
                if chunk.low >= start_ms and chunk.high <= end_ms:
                    size += len(chunk.text)
                else:
                    inside = [i for i, ts in enumerate(stamps) if start_ms <= ts <= end_ms]
                    size += sum(len(chunk.message(i)) for i in inside)
                    stamps = [stamps[i] for i in inside]
                scanned += len(stamps)
                counts.update([ts - ts % period for ts in stamps])
    stats["recordsScanned"] = stats["recordsMatched"] = scanned
    stats["bytesScanned"] = size
    return dict(counts)


def run(query: Query, scopes: list[tuple[Scope, LogGroup]], start_ms: int, end_ms: int, limit: int | None) -> tuple[list[list[dict[str, str]]], dict[str, float]]:
    stats: dict[str, float] = {"recordsMatched": 0.0, "recordsScanned": 0.0, "bytesScanned": 0.0}
    commands = query.commands
    first = commands[0] if commands else None
    if (first is not None and first.kind == "stats" and first.bin_period and len(first.by) == 1
            and all(i.agg is not None and i.agg.name == "count" and i.agg.arg is None for i in first.items)):
        counts = _count_by_bin(scopes, start_ms, end_ms, first.bin_period, stats)
        table: list[Any] = [{first.by[0].name: k, **{i.name: c for i in first.items}} for k, c in counts.items()]
        return _finish_rows(query, commands[1:], table, [first.by[0].name] + [i.name for i in first.items], limit, stats)
    has_stats = any(c.kind == "stats" for c in commands)
    rows: Any = scan(scopes, start_ms, end_ms, has_stats, stats)
    return _execute(commands, rows, None, None, has_stats, False, limit, stats)


def _finish_rows(query: Query, commands: list[Command], rows: list[Any], columns: list[str], limit: int | None,
                 stats: dict[str, float]) -> tuple[list[list[dict[str, str]]], dict[str, float]]:
    return _execute(commands, None, rows, columns, True, True, limit, stats)


def _execute(commands: list[Command], rows: Any, materialized: list[Any] | None, columns: list[str] | None, has_stats: bool,
             matched_counted: bool, limit: int | None, stats: dict[str, float]) -> tuple[list[list[dict[str, str]]], dict[str, float]]:
    sorted_ = False
    cap = limit or DEFAULT_LIMIT
    for cmd in commands:
        if cmd.kind == "filter":
            pred = cmd.predicate
            assert pred is not None
            rows = (r for r in (materialized if materialized is not None else rows) if _truthy(pred(r)))
            materialized = None
        elif cmd.kind == "fields":
            rows = _with_fields(materialized if materialized is not None else rows, cmd)
            materialized = None
            names = [i.name for i in cmd.items]
            columns = (columns or []) + [n for n in names if n not in (columns or [])]
        elif cmd.kind == "parse":
            rows = _parsed(materialized if materialized is not None else rows, cmd)
            materialized = None
        elif cmd.kind == "display":
            rows = _with_fields(materialized if materialized is not None else rows, cmd)
            materialized = None
            columns = [i.name for i in cmd.items]
        elif cmd.kind == "stats":
            source = materialized if materialized is not None else rows
            counter = _Counted(source)
            materialized = _aggregate(counter, cmd)
            stats["recordsMatched"] = counter.count
            matched_counted = True
            columns = [i.name for i in cmd.by] + [i.name for i in cmd.items]
        elif cmd.kind == "sort":
            data = list(materialized if materialized is not None else _copies(rows, has_stats))
            if not matched_counted:
                stats["recordsMatched"] = len(data)
                matched_counted = True
            for item, desc in reversed(list(zip(cmd.items, cmd.descending, strict=True))):
                data.sort(key=_sorter(item.expr), reverse=desc)
            materialized = data
            sorted_ = True
        elif cmd.kind == "limit":
            cap = min(cmd.limit, limit) if limit else cmd.limit
            if materialized is not None:
                data = materialized
            else:
                data = list(_copies(rows, has_stats))
                if not matched_counted:
                    stats["recordsMatched"] = len(data)
                    matched_counted = True
                if not sorted_:
                    data.sort(key=lambda r: r.get("@timestamp") or 0, reverse=True)
                    sorted_ = True
            materialized = data[: cmd.limit]
        elif cmd.kind == "dedup":
            materialized = _dedup(materialized if materialized is not None else _copies(rows, has_stats), cmd)
    data = materialized if materialized is not None else list(_copies(rows, has_stats))
    if not matched_counted:
        stats["recordsMatched"] = len(data)
    if not sorted_ and not has_stats:
        data.sort(key=lambda r: r.get("@timestamp") or 0, reverse=True)
    if columns is None:
        columns = list(_DEFAULT_FIELDS)
    results = []
    time_columns = {c for c in columns if c in _TIME_FIELDS or c.lower().startswith(("bin(", "datefloor(", "dateceil("))}
    for r in data[:cap]:
        line = []
        for name in columns:
            value = r.get(name)
            if value is None:
                continue
            line.append({"field": name, "value": _time(value) if name in time_columns else _text(value)})
        if not has_stats and isinstance(r, Row):
            line.append({"field": "@ptr", "value": pointer_token(r.pointer)})
        results.append(line)
    return results, stats


class _Counted:
    def __init__(self, rows: Any) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            yield row


def _copies(rows: Any, reused: bool) -> Iterator[Any]:
    for r in rows:
        yield r.copy() if reused and isinstance(r, Row) else r


def _truthy(value: Any) -> bool:
    return value is not None and value is not False and value != "" and value != 0


def _with_fields(rows: Any, cmd: Command) -> Iterator[Any]:
    plain = [(i.name, i.expr) for i in cmd.items]
    for r in rows:
        values = [(name, f(r)) for name, f in plain]
        target = r.extra if isinstance(r, Row) else r
        for name, value in values:
            if value is not None or name not in target:
                target[name] = value
        yield r


def _parsed(rows: Any, cmd: Command) -> Iterator[Any]:
    rx, names, source = cmd.regex, cmd.names, cmd.source
    assert rx is not None and source is not None
    for r in rows:
        text = source(r)
        m = rx.search(str(text)) if text is not None else None
        target = r.extra if isinstance(r, Row) else r
        for k, name in enumerate(names):
            value = (m.group(name) if rx.groupindex else m.group(k + 1)) if m else None
            if value is not None:
                target[name] = value
        yield r


def _dedup(rows: Any, cmd: Command) -> list[Any]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in rows:
        key = tuple(i.expr(r) for i in cmd.items)
        if None in key:
            out.append(r)  # AWS keeps rows whose dedup fields are missing
            continue
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def _sorter(expr: Any) -> Any:
    return lambda r: _sort_key(expr(r))


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    n = to_number(value)
    if n is not None:
        return (1, n)
    return (2, str(value))


# ---------------------------------------------------------------- stats


def _aggregate(rows: Any, cmd: Command) -> list[dict[str, Any]]:
    aggs: list[tuple[str, Aggregate]] = [(i.name, i.agg) for i in cmd.items if i.agg is not None]
    by = [(i.name, i.expr) for i in cmd.by]
    groups: dict[tuple[Any, ...], list[Any]] = {}
    count_only = all(a.name == "count" and a.arg is None for _, a in aggs)
    if count_only and len(by) == 1:
        # The hot case, `stats count(*) by bin(...)`: one dict of counters.
        key_fn = by[0][1]
        counts: dict[Any, int] = {}
        for r in rows:
            k = key_fn(r)
            counts[k] = counts.get(k, 0) + 1
        return [{by[0][0]: k, **{name: c for name, _ in aggs}} for k, c in counts.items()]
    for r in rows:
        key = tuple(f(r) for _, f in by)
        accs = groups.get(key)
        if accs is None:
            accs = groups[key] = [_start(a) for _, a in aggs]
        for k, (_, agg) in enumerate(aggs):
            accs[k] = _add(agg, accs[k], r)
    out = []
    for key, accs in groups.items():
        row = {name: key[k] for k, (name, _) in enumerate(by)}
        for k, (name, agg) in enumerate(aggs):
            row[name] = _finish(agg, accs[k])
        out.append(row)
    if not by and not out:
        out.append({name: _finish(agg, _start(agg)) for name, agg in aggs})
    return out


def _start(agg: Aggregate) -> Any:
    if agg.name == "count":
        return 0
    if agg.name == "count_distinct":
        return set()
    if agg.name in ("earliest", "latest"):
        return None
    return []


def _add(agg: Aggregate, acc: Any, row: Any) -> Any:
    value = agg.arg(row) if agg.arg is not None else True
    name = agg.name
    if name == "count":
        return acc + (value is not None)
    if value is None:
        return acc
    if name == "count_distinct":
        acc.add(value)
        return acc
    if name in ("earliest", "latest"):
        ts = row.get("@timestamp") or 0
        if acc is None or (ts < acc[0] if name == "earliest" else ts >= acc[0]):
            return (ts, value)
        return acc
    if name in ("sortsfirst", "sortslast", "min", "max"):
        acc.append(value)
        return acc
    n = to_number(value)
    if n is not None:
        acc.append(n)
    return acc


def _finish(agg: Aggregate, acc: Any) -> Any:
    name = agg.name
    if name == "count":
        return acc
    if name == "count_distinct":
        return len(acc)
    if name in ("earliest", "latest"):
        return None if acc is None else acc[1]
    if not acc:
        return None if name != "sum" else 0
    if name in ("min", "max"):
        nums = [to_number(v) for v in acc]
        if all(n is not None for n in nums):
            return min(nums) if name == "min" else max(nums)  # type: ignore[type-var]
        return min(map(str, acc)) if name == "min" else max(map(str, acc))
    if name == "sortsfirst":
        return min(acc, key=_sort_key)
    if name == "sortslast":
        return max(acc, key=_sort_key)
    if name == "sum":
        return sum(acc)
    if name == "avg":
        return sum(acc) / len(acc)
    if name == "stddev":
        return statistics.stdev(acc) if len(acc) > 1 else 0
    if name in ("pct", "percentile"):
        p = to_number(agg.extra[0]) or 0
        ordered = sorted(acc)
        rank = max(math.ceil(p / 100 * len(ordered)) - 1, 0)
        return ordered[min(rank, len(ordered) - 1)]
    return None


# ---------------------------------------------------------------- formatting


def _time(value: Any) -> str:
    n = to_number(value)
    if n is None:
        return _text(value)
    ms = int(n)
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    if isinstance(value, (dict, list)):
        return orjson.dumps(value).decode()
    return str(value)
