"""Dashboards, metric streams, anomaly detectors, Contributor Insights rules, tags."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch import insight_rules
from cumulo.services.cloudwatch.datapoints import dims_of, invalid
from cumulo.services.cloudwatch.models import Dashboard

MAX_DASHBOARD_BYTES = 1_048_576
WIDGET_TYPES = {"metric", "text", "log", "alarm", "explorer", "custom"}


def _records(ctx: RequestContext, kind: str) -> Any:
    return ctx.scope.table(f"records/{kind}")


def _not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message, status=404)


# ---------------------------------------------------------------- dashboards


def _validate_body(body: str) -> list[dict[str, str]]:
    """AWS's dashboard body rules; the messages name the JSON path at fault."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        return [{"DataPath": "", "Message": f"Should be a valid JSON object: {error}"}]
    if not isinstance(doc, dict):
        return [{"DataPath": "", "Message": "Should be object"}]
    widgets = doc.get("widgets")
    if not isinstance(widgets, list):
        return [{"DataPath": "", "Message": "Should have required property 'widgets'"}]
    errors = []
    for i, w in enumerate(widgets):
        path = f"/widgets/{i}"
        if not isinstance(w, dict):
            errors.append({"DataPath": path, "Message": "Should be object"})
            continue
        if w.get("type") not in WIDGET_TYPES:
            errors.append({"DataPath": f"{path}/type", "Message": f"Should be equal to one of the allowed values {sorted(WIDGET_TYPES)}"})
        if "properties" not in w and w.get("type") in ("metric", "text", "log"):
            errors.append({"DataPath": path, "Message": "Should have required property 'properties'"})
        for key in ("x", "y", "width", "height"):
            if key in w and not isinstance(w[key], int):
                errors.append({"DataPath": f"{path}/{key}", "Message": "Should be integer"})
        props = w.get("properties") or {}
        if w.get("type") == "metric" and isinstance(props, dict) and "metrics" not in props and "annotations" not in props:
            errors.append({"DataPath": f"{path}/properties", "Message": "Should have required property 'metrics'"})
        if w.get("type") == "text" and isinstance(props, dict) and "markdown" not in props:
            errors.append({"DataPath": f"{path}/properties", "Message": "Should have required property 'markdown'"})
    return errors


def put_dashboard(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    body = req["DashboardBody"]
    if len(body.encode()) > MAX_DASHBOARD_BYTES:
        raise AwsError("DashboardInvalidInputError", "The dashboard body exceeds 1 MB.", status=400)
    errors = _validate_body(body)
    if errors:
        raise AwsError("DashboardInvalidInputError", "The input for the dashboard body is invalid.", status=400, dashboardValidationMessages=errors)
    name = req["DashboardName"]
    ctx.scope.table("dashboards")[name] = Dashboard(
        name, f"arn:aws:cloudwatch::{ctx.account}:dashboard/{name}", body, ctx.clock.now(), len(body.encode()))
    if req.get("Tags"):
        _records(ctx, "tags")[f"arn:aws:cloudwatch::{ctx.account}:dashboard/{name}"] = {t["Key"]: t["Value"] for t in req["Tags"]}
    return {"DashboardValidationMessages": []}


def get_dashboard(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    d = ctx.scope.table("dashboards").get(req["DashboardName"])
    if d is None:
        raise AwsError("DashboardNotFoundError", f"Dashboard {req['DashboardName']} does not exist", status=404)
    return {"DashboardArn": d.arn, "DashboardBody": d.body, "DashboardName": d.name}


def list_dashboards(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    prefix = req.get("DashboardNamePrefix") or ""
    entries = [{"DashboardName": d.name, "DashboardArn": d.arn, "LastModified": d.modified, "Size": d.size}
               for name, d in sorted(ctx.scope.table("dashboards").items()) if name.startswith(prefix)]
    start = int(req["NextToken"]) if (req.get("NextToken") or "").isdigit() else 0
    out: dict[str, Any] = {"DashboardEntries": entries[start:start + 1000]}
    if start + 1000 < len(entries):
        out["NextToken"] = str(start + 1000)
    return out


def delete_dashboards(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = ctx.scope.table("dashboards")
    missing = [n for n in req["DashboardNames"] if n not in table]
    if missing:
        raise AwsError("DashboardNotFoundError", f"The specified dashboard does not exist. [{missing[0]}]", status=404)
    for name in req["DashboardNames"]:
        del table[name]
    return {}


# ---------------------------------------------------------------- metric streams


def put_metric_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req.get("IncludeFilters") and req.get("ExcludeFilters"):
        raise AwsError("InvalidParameterCombinationException", "IncludeFilters and ExcludeFilters are mutually exclusive.", status=400)
    table = _records(ctx, "metric-streams")
    now = ctx.clock.now()
    existing = table.get(req["Name"]) or {}
    arn = f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:metric-stream/{req['Name']}"
    stream = {
        "Arn": arn, "Name": req["Name"], "IncludeFilters": req.get("IncludeFilters") or [], "ExcludeFilters": req.get("ExcludeFilters") or [],
        "FirehoseArn": req["FirehoseArn"], "RoleArn": req["RoleArn"], "State": existing.get("State", "running"),
        "CreationDate": existing.get("CreationDate", now), "LastUpdateDate": now, "OutputFormat": req["OutputFormat"],
        "StatisticsConfigurations": req.get("StatisticsConfigurations") or [],
        "IncludeLinkedAccountsMetrics": bool(req.get("IncludeLinkedAccountsMetrics", False)),
    }
    table[req["Name"]] = stream
    if req.get("Tags"):
        _records(ctx, "tags")[arn] = {t["Key"]: t["Value"] for t in req["Tags"]}
    return {"Arn": arn}


def get_metric_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _records(ctx, "metric-streams").get(req["Name"])
    if stream is None:
        raise _not_found(f"Metric stream {req['Name']} does not exist.")
    return dict(stream)


def list_metric_streams(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    keys = ("Arn", "CreationDate", "LastUpdateDate", "Name", "FirehoseArn", "State", "OutputFormat")
    return {"Entries": [{k: s[k] for k in keys} for _, s in sorted(_records(ctx, "metric-streams").items())]}


def delete_metric_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "metric-streams")
    if req["Name"] in table:
        del table[req["Name"]]
    return {}


def _set_streams(ctx: RequestContext, names: list[str], state: str) -> None:
    table = _records(ctx, "metric-streams")
    for name in names:
        if name not in table:
            raise _not_found(f"Metric stream {name} does not exist.")
    for name in names:
        table[name]["State"] = state
        table[name]["LastUpdateDate"] = ctx.clock.now()
        table.touch(name)


def start_metric_streams(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _set_streams(ctx, req["Names"], "running")
    return {}


def stop_metric_streams(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _set_streams(ctx, req["Names"], "stopped")
    return {}


# ---------------------------------------------------------------- anomaly detectors


def _detector_key(req: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    single = req.get("SingleMetricAnomalyDetector")
    if req.get("MetricMathAnomalyDetector"):
        queries = req["MetricMathAnomalyDetector"]["MetricDataQueries"]
        return "math:" + hashlib.sha1(orjson.dumps(queries, option=orjson.OPT_SORT_KEYS)).hexdigest(), {"MetricMathAnomalyDetector": req["MetricMathAnomalyDetector"]}
    if single is None:
        if not (req.get("Namespace") and req.get("MetricName") and req.get("Stat")):
            raise invalid("A single metric anomaly detector needs Namespace, MetricName and Stat.")
        single = {"Namespace": req["Namespace"], "MetricName": req["MetricName"], "Dimensions": req.get("Dimensions") or [], "Stat": req["Stat"]}
    if not all(single.get(k) for k in ("Namespace", "MetricName", "Stat")):
        raise invalid("A single metric anomaly detector needs Namespace, MetricName and Stat.")
    dims = dims_of(single.get("Dimensions"))
    key = "|".join([single["Namespace"], single["MetricName"], single["Stat"], *[f"{k}={v}" for k, v in dims]])
    return key, {"SingleMetricAnomalyDetector": {**single, "Dimensions": single.get("Dimensions") or []}}


def put_anomaly_detector(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    key, shape = _detector_key(req)
    ident = hashlib.sha1(key.encode()).hexdigest()[:32]
    detector = {"AnomalyDetectorId": ident, "StateValue": "TRAINED_INSUFFICIENT_DATA", "Configuration": req.get("Configuration") or {}, **shape}
    if req.get("MetricCharacteristics"):
        detector["MetricCharacteristics"] = req["MetricCharacteristics"]
    single = shape.get("SingleMetricAnomalyDetector")
    if single:
        detector.update(Namespace=single["Namespace"], MetricName=single["MetricName"], Dimensions=single["Dimensions"], Stat=single["Stat"])
    _records(ctx, "anomaly-detectors")[key] = detector
    return {"AnomalyDetectorId": ident}


def describe_anomaly_detectors(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = []
    types = set(req.get("AnomalyDetectorTypes") or ["SINGLE_METRIC", "METRIC_MATH"])
    for _, d in sorted(_records(ctx, "anomaly-detectors").items()):
        kind = "METRIC_MATH" if "MetricMathAnomalyDetector" in d else "SINGLE_METRIC"
        if kind not in types:
            continue
        if req.get("AnomalyDetectorIds") and d["AnomalyDetectorId"] not in req["AnomalyDetectorIds"]:
            continue
        if req.get("Namespace") and d.get("Namespace") != req["Namespace"]:
            continue
        if req.get("MetricName") and d.get("MetricName") != req["MetricName"]:
            continue
        if req.get("Dimensions") and dims_of(d.get("Dimensions")) != dims_of(req["Dimensions"]):
            continue
        found.append(d)
    return {"AnomalyDetectors": found}


def delete_anomaly_detector(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "anomaly-detectors")
    if req.get("AnomalyDetectorId"):
        key = next((k for k, d in table.items() if d["AnomalyDetectorId"] == req["AnomalyDetectorId"]), None)
    else:
        key, _ = _detector_key(req)
    if key is None or key not in table:
        raise _not_found("Anomaly detection model not found")
    del table[key]
    return {}


# ---------------------------------------------------------------- Contributor Insights rules


def _check_rule(definition: str) -> None:
    try:
        insight_rules.Rule.parse(definition)
    except insight_rules.RuleError as error:
        raise invalid(str(error)) from None


def _windows(ctx: RequestContext, name: str, state: str | None) -> None:
    """Keep the spans of ingestion time a rule was ENABLED for: Contributor Insights only
    analyses log events as they arrive while the rule is on (None state: the rule is gone)."""
    table = _records(ctx, "insight-rule-windows")
    spans = [list(s) for s in table.get(name) or []]
    now = int(ctx.clock.now() * 1000) / 1000  # ingestion times are whole milliseconds
    running = bool(spans) and spans[-1][1] is None
    if state == "ENABLED" and not running:
        spans.append([now, None])
    elif state != "ENABLED" and running:
        spans[-1][1] = now
    if state is None:
        if name in table:
            del table[name]
        return
    table[name] = spans


def put_insight_rule(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _check_rule(req["RuleDefinition"])
    name = req["RuleName"]
    _windows(ctx, name, req.get("RuleState") or "ENABLED")
    _records(ctx, "insight-rules")[name] = {
        "Name": name, "State": req.get("RuleState") or "ENABLED", "Schema": "CloudWatchLogRule/1", "Definition": req["RuleDefinition"],
        "ManagedRule": False, "ApplyOnTransformedLogs": bool(req.get("ApplyOnTransformedLogs", False)),
    }
    if req.get("Tags"):
        _records(ctx, "tags")[f"arn:aws:cloudwatch:{ctx.region}:{ctx.account}:insight-rule/{name}"] = {t["Key"]: t["Value"] for t in req["Tags"]}
    return {}


def describe_insight_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"InsightRules": [dict(r) for _, r in sorted(_records(ctx, "insight-rules").items())]}


def _rules_op(ctx: RequestContext, names: list[str], fn: Any) -> dict[str, Any]:
    table = _records(ctx, "insight-rules")
    failures = []
    for name in names:
        if name not in table:
            failures.append({"FailureResource": name, "ExceptionType": "ResourceNotFoundException", "FailureCode": "404",
                             "FailureDescription": f"Rule {name} does not exist."})
            continue
        fn(table, name)
    return {"Failures": failures}


def delete_insight_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    def run(table: Any, name: str) -> None:
        del table[name]
        _windows(ctx, name, None)

    return _rules_op(ctx, req["RuleNames"], run)


def _set_state(ctx: RequestContext, state: str) -> Any:
    def run(table: Any, name: str) -> None:
        table[name]["State"] = state
        table.touch(name)
        _windows(ctx, name, state)

    return run


def enable_insight_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _rules_op(ctx, req["RuleNames"], _set_state(ctx, "ENABLED"))


def disable_insight_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _rules_op(ctx, req["RuleNames"], _set_state(ctx, "DISABLED"))


def put_managed_insight_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "managed-insight-rules")
    for rule in req["ManagedRules"]:
        table[f"{rule['TemplateName']}|{rule['ResourceARN']}"] = {
            "TemplateName": rule["TemplateName"], "ResourceARN": rule["ResourceARN"],
            "RuleState": {"RuleName": f"{rule['TemplateName']}-{hashlib.sha1(rule['ResourceARN'].encode()).hexdigest()[:8]}", "State": "ENABLED"},
        }
    return {"Failures": []}


def list_managed_insight_rules(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"ManagedRules": [r for _, r in sorted(_records(ctx, "managed-insight-rules").items()) if r["ResourceARN"] == req["ResourceARN"]]}


# ---------------------------------------------------------------- tags


def _taggable(ctx: RequestContext, arn: str) -> None:
    kind_name = arn.split(":", 5)[-1]
    kind, _, name = kind_name.partition(":") if kind_name.startswith("alarm:") else kind_name.partition("/")
    exists = {
        "alarm": lambda: name in ctx.scope.table("alarms"),
        "dashboard": lambda: name in ctx.scope.table("dashboards"),
        "insight-rule": lambda: name in _records(ctx, "insight-rules"),
        "metric-stream": lambda: name in _records(ctx, "metric-streams"),
    }.get(kind)
    if exists is None or not exists():
        raise _not_found(f"The specified resource {arn} does not exist.")


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["ResourceARN"]
    _taggable(ctx, arn)
    if ":alarm:" in arn:
        alarm = ctx.scope.table("alarms")[arn.split(":alarm:", 1)[1]]
        alarm.tags.update({t["Key"]: t["Value"] for t in req["Tags"]})
        ctx.scope.table("alarms").touch(alarm.name)
        return {}
    table = _records(ctx, "tags")
    tags = dict(table.get(arn) or {})
    tags.update({t["Key"]: t["Value"] for t in req["Tags"]})
    table[arn] = tags
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["ResourceARN"]
    _taggable(ctx, arn)
    if ":alarm:" in arn:
        alarm = ctx.scope.table("alarms")[arn.split(":alarm:", 1)[1]]
        for key in req["TagKeys"]:
            alarm.tags.pop(key, None)
        ctx.scope.table("alarms").touch(alarm.name)
        return {}
    table = _records(ctx, "tags")
    tags = {k: v for k, v in (table.get(arn) or {}).items() if k not in req["TagKeys"]}
    table[arn] = tags
    return {}


def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["ResourceARN"]
    _taggable(ctx, arn)
    if ":alarm:" in arn:
        tags = ctx.scope.table("alarms")[arn.split(":alarm:", 1)[1]].tags
    else:
        tags = _records(ctx, "tags").get(arn) or {}
    return {"Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
