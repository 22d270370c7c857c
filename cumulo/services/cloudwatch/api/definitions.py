"""Alarm mute rules and metric data query definitions, recorded and read back.

A mute rule targeting an alarm holds back that alarm's actions while it is ACTIVE:
between its StartDate and ExpireDate (its recurring Schedule is recorded, not yet
evaluated: that needs the shared schedule engine).
"""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch.alarms import mute_status
from cumulo.services.cloudwatch.datapoints import epoch, invalid


def _records(ctx: RequestContext, kind: str) -> Any:
    return ctx.scope.table(f"records/{kind}")


def _not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message, status=404)


def put_alarm_mute_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    start = epoch(req["StartDate"]) if req.get("StartDate") else None
    expire = epoch(req["ExpireDate"]) if req.get("ExpireDate") else None
    if start is not None and expire is not None and expire <= start:
        raise invalid("ExpireDate must be after StartDate.")
    name = req["Name"]
    rule = {
        "Name": name, "AlarmMuteRuleArn": f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:alarm-mute-rule:{name}",
        "Description": req.get("Description", ""), "Rule": req["Rule"], "MuteTargets": req.get("MuteTargets") or {"AlarmNames": []},
        "StartDate": start, "ExpireDate": expire, "LastUpdatedTimestamp": ctx.clock.now(), "MuteType": "SCHEDULED",
    }
    _records(ctx, "mute-rules")[name] = rule
    return {}


def _mute_view(rule: dict[str, Any], now: float) -> dict[str, Any]:
    return {**{k: v for k, v in rule.items() if v is not None}, "Status": mute_status(rule, now)}


def get_alarm_mute_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rule = _records(ctx, "mute-rules").get(req["AlarmMuteRuleName"])
    if rule is None:
        raise _not_found(f"Alarm mute rule {req['AlarmMuteRuleName']} does not exist.")
    return _mute_view(rule, ctx.clock.now())


def list_alarm_mute_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    now = ctx.clock.now()
    out = []
    for _, rule in sorted(_records(ctx, "mute-rules").items()):
        status = mute_status(rule, now)
        if req.get("AlarmName") and req["AlarmName"] not in (rule["MuteTargets"].get("AlarmNames") or []):
            continue
        if req.get("Statuses") and status not in req["Statuses"]:
            continue
        item = {"AlarmMuteRuleArn": rule["AlarmMuteRuleArn"], "Status": status, "MuteType": rule["MuteType"],
                "LastUpdatedTimestamp": rule["LastUpdatedTimestamp"]}
        if rule.get("ExpireDate") is not None:
            item["ExpireDate"] = rule["ExpireDate"]
        out.append(item)
    return {"AlarmMuteRuleSummaries": out}


def delete_alarm_mute_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "mute-rules")
    if req["AlarmMuteRuleName"] not in table:
        raise _not_found(f"Alarm mute rule {req['AlarmMuteRuleName']} does not exist.")
    del table[req["AlarmMuteRuleName"]]
    return {}


def put_metric_data_query_definition(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "query-definitions")
    now = ctx.clock.now()
    ident = req.get("Id") or uuid.uuid4().hex
    existing = table.get(ident) or {}
    definition = {
        "Id": ident, "Arn": f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:metric-data-query-definition/{ident}",
        "Path": req.get("Path", existing.get("Path", "")), "Expression": req["Expression"], "Type": req.get("Type", existing.get("Type", "")),
        "CreatedAt": existing.get("CreatedAt", now), "UpdatedAt": now,
    }
    table[ident] = definition
    return dict(definition)


def get_metric_data_query_definition(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    definition = _records(ctx, "query-definitions").get(req["Id"])
    if definition is None:
        raise _not_found(f"Metric data query definition {req['Id']} does not exist.")
    return dict(definition)


def list_metric_data_query_definitions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Items": [{k: d[k] for k in ("Id", "Path", "Type", "UpdatedAt")} for _, d in sorted(_records(ctx, "query-definitions").items())]}


def delete_metric_data_query_definition(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "query-definitions")
    if req["Id"] not in table:
        raise _not_found(f"Metric data query definition {req['Id']} does not exist.")
    del table[req["Id"]]
    return {}
