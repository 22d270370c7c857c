"""Logs introspection: `/_cumulo/logs/...`.

- `GET logs/groups`: every log group of every account and region, with its streams.
- `GET logs/events?logGroupName=&logStreamName=[&accountId=&region=]`: a stream's
  events, or a group's (every stream), oldest first.
- `POST logs/retention/tick`: apply retention now; answers how many events went.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.logs import events, retention
from cumulo.services.logs.common import group_view, stream_view
from cumulo.services.logs.models import streams_table


def list_groups(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of("logs"):
        for _, group in sorted(scope.table("groups").items()):
            view = group_view(group)
            view.update(accountId=scope.account, region=scope.region,
                        logStreams=[stream_view(group, s) for _, s in sorted(scope.table(streams_table(group.name)).items())])
            out.append(view)
    return {"logGroups": out}


def list_events(runtime: Runtime, request: Request) -> dict[str, Any]:
    q = dict(parse_qsl(request.query))
    account = q.get("accountId") or "000000000000"
    region = q.get("region") or "us-east-1"
    scope = runtime.store.scope("logs", account, region)
    group = q.get("logGroupName", "")
    names = [q["logStreamName"]] if q.get("logStreamName") else sorted(scope.table(streams_table(group)))
    return {"events": [
        {"logStreamName": name, "timestamp": e[0], "ingestionTime": e[1], "message": e[2]}
        for name, _, e in events.merged(scope, group, names, None, None)
    ]}


def retention_tick(runtime: Runtime, request: Request) -> dict[str, Any]:
    return {"dropped": retention.trim_all(runtime)}
