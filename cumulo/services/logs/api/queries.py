"""Logs Insights: StartQuery runs the query (`insights`, `insights_run`) over the stored
events at once; GetQueryResults, StopQuery, DescribeQueries read it back."""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs import events, insights, insights_run
from cumulo.services.logs.common import get_group, group_name, group_scope, groups, invalid, not_found, now_ms, page
from cumulo.services.logs.models import LogGroup, Query

MAX_GROUPS = 50
MAX_LIMIT = 10_000


def _queries(ctx: RequestContext) -> Any:
    return ctx.scope.table("queries")


def start_query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    language = req.get("queryLanguage") or "CWLI"
    if language != "CWLI":
        raise invalid(f"Query language {language} is not supported by cumulo; use the Logs Insights query language (CWLI).")
    given = [k for k in ("logGroupName", "logGroupNames", "logGroupIdentifiers") if req.get(k)]
    if len(given) > 1:
        raise invalid("Only one of logGroupName, logGroupNames and logGroupIdentifiers may be given.")
    identifiers: list[str] = (
        [req["logGroupName"]] if req.get("logGroupName") else list(req.get("logGroupNames") or req.get("logGroupIdentifiers") or [])
    )
    if not identifiers:
        raise invalid("At least one log group must be specified.")
    if len(identifiers) > MAX_GROUPS:
        raise invalid(f"A query can search at most {MAX_GROUPS} log groups.")
    if req["startTime"] > req["endTime"]:
        raise invalid("The end time must be after the start time.")
    if req.get("limit") is not None and not 1 <= req["limit"] <= MAX_LIMIT:
        raise invalid(f"limit must be between 1 and {MAX_LIMIT}.")
    targets: list[tuple[Any, LogGroup]] = []
    for identifier in identifiers:
        scope = group_scope(ctx, identifier)
        group = groups(scope).get(group_name(identifier))
        if group is None:
            raise not_found(f"Log group '{group_name(identifier)}' does not exist for account ID '{ctx.account}'")
        targets.append((scope, group))
    try:
        compiled = insights.compile_query(req["queryString"])
    except insights.QueryError as error:
        raise AwsError("MalformedQueryException", str(error), status=400) from None
    query_id = str(uuid.uuid4())
    started = now_ms(ctx)
    results, stats = insights_run.run(compiled, targets, req["startTime"] * 1000, req["endTime"] * 1000 + 999, req.get("limit"))
    stats["logGroupsScanned"] = float(len(targets))
    stats["resultCount"] = float(len(results))
    _queries(ctx)[query_id] = Query(
        query_id, req["queryString"], [g.name for _, g in targets], req["startTime"], req["endTime"], started,
        "Complete", results, stats, language,
    )
    return {"queryId": query_id}


def _query(ctx: RequestContext, query_id: str) -> Query:
    q = _queries(ctx).get(query_id)
    if q is None:
        raise not_found(f"Query {query_id} does not exist.")
    return q  # type: ignore[no-any-return]


def get_query_results(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    q = _query(ctx, req["queryId"])
    rows, token = page(q.results, req.get("nextToken"), req.get("maxItems"), MAX_LIMIT)
    out: dict[str, Any] = {"queryLanguage": q.language, "results": rows, "statistics": dict(q.statistics), "status": q.status}
    if token:
        out["nextToken"] = token
    return out


def stop_query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    q = _query(ctx, req["queryId"])
    if q.status not in ("Scheduled", "Running"):
        return {"success": False}
    q.status = "Cancelled"
    _queries(ctx).touch(q.query_id)
    return {"success": True}


def describe_queries(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [
        q for q in sorted(_queries(ctx).values(), key=lambda q: q.created, reverse=True)
        if (not req.get("logGroupName") or req["logGroupName"] in q.groups) and (not req.get("status") or q.status == req["status"])
        and (not req.get("queryLanguage") or q.language == req["queryLanguage"])
    ]
    items, token = page(found, req.get("nextToken"), req.get("maxResults"), 1000)
    out: dict[str, Any] = {"queries": [
        {"queryLanguage": q.language, "queryId": q.query_id, "queryString": q.query, "status": q.status, "createTime": q.created,
         "logGroupName": q.groups[0] if q.groups else ""}
        for q in items
    ]}
    if token:
        out["nextToken"] = token
    return out


def list_log_groups_for_query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    q = _query(ctx, req["queryId"])
    arns = [f"arn:aws:logs:{ctx.region}:{ctx.account}:log-group:{name}" for name in q.groups]
    items, token = page(arns, req.get("nextToken"), req.get("maxResults"))
    return {"logGroupIdentifiers": items, **({"nextToken": token} if token else {})}


def get_log_group_fields(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The fields discovered in the group's events and how often each appears (in percent)."""
    group = get_group(ctx, req)
    scope = ctx.store.scope("logs", group.account, group.region)
    counts: dict[str, int] = {}
    total = 0
    for _, g in [(scope, group)]:
        for name in list(scope.table(f"streams/{g.name}")):
            table = events.rows(scope, g.name, name)
            for chunk in events.chunks(scope, table, list(table.rows.values())):
                for msg in chunk.messages():
                    total += 1
                    for key in _flat_keys(insights_run.discover(msg)):
                        counts[key] = counts.get(key, 0) + 1
    if not total:
        return {"logGroupFields": []}
    fields = [{"name": n, "percent": 100} for n in ("@timestamp", "@message", "@logStream", "@log", "@ingestionTime")]
    fields += [{"name": n, "percent": round(100 * c / total)} for n, c in sorted(counts.items())]
    return {"logGroupFields": fields}


def _flat_keys(doc: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in doc.items():
        if isinstance(value, dict):
            out += _flat_keys(value, f"{prefix}{key}.")
        else:
            out.append(prefix + key)
    return out
