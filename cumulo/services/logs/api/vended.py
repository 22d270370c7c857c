"""Recorded-and-read-back resources: vended log deliveries (sources, destinations,
deliveries), anomaly detectors and anomalies, integrations, lookup tables,
scheduled queries, syslog configurations."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs.common import check_tags, get_group, invalid, not_found, now_ms, page, records


def _arn(ctx: RequestContext, kind: str, name: str) -> str:
    return f"arn:aws:logs:{ctx.region}:{ctx.account}:{kind}:{name}"


def _get(ctx: RequestContext, kind: str, key: str, what: str) -> dict[str, Any]:
    record = records(ctx, kind).get(key)
    if record is None:
        raise not_found(f"The specified {what} does not exist.")
    return record


def _paged(items: list[Any], req: dict[str, Any], key: str, limit_key: str = "limit") -> dict[str, Any]:
    chunk, token = page(items, req.get("nextToken"), req.get(limit_key))
    return {key: chunk, **({"nextToken": token} if token else {})}


# ---------------------------------------------------------------- delivery sources and destinations


def put_delivery_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    check_tags(req.get("tags") or {}, internal=ctx.request is None)
    arn = req["resourceArn"]
    table = records(ctx, "delivery-sources")
    existing = table.get(req["name"])
    if existing is not None and existing["logType"] != req["logType"]:
        raise AwsError("ConflictException", "A delivery source with this name exists with another log type.", status=400)
    source = {
        "name": req["name"], "arn": _arn(ctx, "delivery-source", req["name"]), "resourceArns": [arn],
        "service": arn.split(":")[2] if arn.count(":") >= 2 else "", "logType": req["logType"],
        "tags": dict(req.get("tags") or (existing or {}).get("tags") or {}),
    }
    if req.get("deliverySourceConfiguration"):
        source["deliverySourceConfiguration"] = req["deliverySourceConfiguration"]
    table[req["name"]] = source
    return {"deliverySource": source}


def get_delivery_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"deliverySource": _get(ctx, "delivery-sources", req["name"], "delivery source")}


def describe_delivery_sources(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _paged([s for _, s in sorted(records(ctx, "delivery-sources").items())], req, "deliverySources")


def delete_delivery_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _get(ctx, "delivery-sources", req["name"], "delivery source")
    if any(d["deliverySourceName"] == req["name"] for d in records(ctx, "deliveries").values()):
        raise AwsError("ConflictException", "The delivery source is in use by a delivery.", status=400)
    del records(ctx, "delivery-sources")[req["name"]]
    return {}


def put_delivery_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    check_tags(req.get("tags") or {}, internal=ctx.request is None)
    config = req.get("deliveryDestinationConfiguration") or {}
    target = config.get("destinationResourceArn", "")
    kind = req.get("deliveryDestinationType") or {"s3": "S3", "logs": "CWL", "firehose": "FH"}.get(target.split(":")[2] if target.count(":") >= 2 else "", "")
    if not kind or not target:
        raise invalid("deliveryDestinationConfiguration.destinationResourceArn must name an S3 bucket, a log group or a Firehose stream.")
    table = records(ctx, "delivery-destinations")
    existing = table.get(req["name"]) or {}
    dest = {
        "name": req["name"], "arn": _arn(ctx, "delivery-destination", req["name"]), "deliveryDestinationType": kind,
        "deliveryDestinationConfiguration": config, "tags": dict(req.get("tags") or existing.get("tags") or {}),
    }
    if req.get("outputFormat"):
        dest["outputFormat"] = req["outputFormat"]
    if req.get("roleArn"):
        dest["roleArn"] = req["roleArn"]
    if "policy" in existing:
        dest["policy"] = existing["policy"]
    table[req["name"]] = dest
    return {"deliveryDestination": {k: v for k, v in dest.items() if k != "policy"}}


def get_delivery_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    dest = _get(ctx, "delivery-destinations", req["name"], "delivery destination")
    return {"deliveryDestination": {k: v for k, v in dest.items() if k != "policy"}}


def describe_delivery_destinations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [{k: v for k, v in d.items() if k != "policy"} for _, d in sorted(records(ctx, "delivery-destinations").items())]
    return _paged(found, req, "deliveryDestinations")


def delete_delivery_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    dest = _get(ctx, "delivery-destinations", req["name"], "delivery destination")
    if any(d["deliveryDestinationArn"] == dest["arn"] for d in records(ctx, "deliveries").values()):
        raise AwsError("ConflictException", "The delivery destination is in use by a delivery.", status=400)
    del records(ctx, "delivery-destinations")[req["name"]]
    return {}


def put_delivery_destination_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    dest = _get(ctx, "delivery-destinations", req["deliveryDestinationName"], "delivery destination")
    dest["policy"] = req["deliveryDestinationPolicy"]
    records(ctx, "delivery-destinations").touch(req["deliveryDestinationName"])
    return {"policy": {"deliveryDestinationPolicy": dest["policy"]}}


def get_delivery_destination_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    dest = _get(ctx, "delivery-destinations", req["deliveryDestinationName"], "delivery destination")
    return {"policy": {"deliveryDestinationPolicy": dest["policy"]} if "policy" in dest else {}}


def delete_delivery_destination_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    dest = _get(ctx, "delivery-destinations", req["deliveryDestinationName"], "delivery destination")
    if dest.pop("policy", None) is None:
        raise not_found("The specified delivery destination policy does not exist.")
    records(ctx, "delivery-destinations").touch(req["deliveryDestinationName"])
    return {}


# ---------------------------------------------------------------- deliveries


def create_delivery(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _get(ctx, "delivery-sources", req["deliverySourceName"], "delivery source")
    dest = next((d for d in records(ctx, "delivery-destinations").values() if d["arn"] == req["deliveryDestinationArn"]), None)
    if dest is None:
        raise not_found("The specified delivery destination does not exist.")
    table = records(ctx, "deliveries")
    if any(d["deliverySourceName"] == req["deliverySourceName"] and d["deliveryDestinationArn"] == dest["arn"] for d in table.values()):
        raise AwsError("ConflictException", "A delivery for this source and destination already exists.", status=400)
    check_tags(req.get("tags") or {}, internal=ctx.request is None)
    ident = secrets.token_hex(8)
    delivery = {
        "id": ident, "arn": _arn(ctx, "delivery", ident), "deliverySourceName": req["deliverySourceName"],
        "deliveryDestinationArn": dest["arn"], "deliveryDestinationType": dest["deliveryDestinationType"],
        "tags": dict(req.get("tags") or {}),
    }
    for key in ("recordFields", "fieldDelimiter", "s3DeliveryConfiguration"):
        if key in req:
            delivery[key] = req[key]
    table[ident] = delivery
    return {"delivery": delivery}


def get_delivery(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"delivery": _get(ctx, "deliveries", req["id"], "delivery")}


def describe_deliveries(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _paged([d for _, d in sorted(records(ctx, "deliveries").items())], req, "deliveries")


def delete_delivery(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _get(ctx, "deliveries", req["id"], "delivery")
    del records(ctx, "deliveries")[req["id"]]
    return {}


def update_delivery_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    delivery = _get(ctx, "deliveries", req["id"], "delivery")
    for key in ("recordFields", "fieldDelimiter", "s3DeliveryConfiguration"):
        if key in req:
            delivery[key] = req[key]
    records(ctx, "deliveries").touch(req["id"])
    return {}


# ---------------------------------------------------------------- anomaly detectors


def create_log_anomaly_detector(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    for arn in req["logGroupArnList"]:
        get_group(ctx, {"logGroupIdentifier": arn}, "logGroupIdentifier")
    check_tags(req.get("tags") or {}, internal=ctx.request is None)
    arn = _arn(ctx, "anomaly-detector", str(uuid.uuid4()))
    now = now_ms(ctx)
    detector = {
        "anomalyDetectorArn": arn, "arn": arn, "detectorName": req.get("detectorName") or "", "logGroupArnList": req["logGroupArnList"],
        "evaluationFrequency": req.get("evaluationFrequency") or "FIVE_MIN", "filterPattern": req.get("filterPattern") or "",
        "anomalyDetectorStatus": "INITIALIZING", "creationTimeStamp": now, "lastModifiedTimeStamp": now,
        "anomalyVisibilityTime": req.get("anomalyVisibilityTime") or 21, "tags": dict(req.get("tags") or {}),
    }
    if req.get("kmsKeyId"):
        detector["kmsKeyId"] = req["kmsKeyId"]
    records(ctx, "anomaly-detectors")[arn] = detector
    return {"anomalyDetectorArn": arn}


def _detector_view(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in ("arn", "tags")}


def get_log_anomaly_detector(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    d = _get(ctx, "anomaly-detectors", req["anomalyDetectorArn"], "anomaly detector")
    return {k: v for k, v in _detector_view(d).items() if k != "anomalyDetectorArn"}


def list_log_anomaly_detectors(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [
        _detector_view(d) for d in records(ctx, "anomaly-detectors").values()
        if not req.get("filterLogGroupArn") or req["filterLogGroupArn"] in d["logGroupArnList"]
    ]
    return _paged(sorted(found, key=lambda d: d["creationTimeStamp"]), req, "anomalyDetectors")


def update_log_anomaly_detector(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    d = _get(ctx, "anomaly-detectors", req["anomalyDetectorArn"], "anomaly detector")
    for key in ("evaluationFrequency", "filterPattern", "anomalyVisibilityTime"):
        if key in req:
            d[key] = req[key]
    d["anomalyDetectorStatus"] = "ACTIVE" if req["enabled"] else "PAUSED"
    d["lastModifiedTimeStamp"] = now_ms(ctx)
    records(ctx, "anomaly-detectors").touch(req["anomalyDetectorArn"])
    return {}


def delete_log_anomaly_detector(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _get(ctx, "anomaly-detectors", req["anomalyDetectorArn"], "anomaly detector")
    del records(ctx, "anomaly-detectors")[req["anomalyDetectorArn"]]
    return {}


def list_anomalies(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    # cumulo trains no anomaly models: a detector has found no anomalies.
    if req.get("anomalyDetectorArn"):
        _get(ctx, "anomaly-detectors", req["anomalyDetectorArn"], "anomaly detector")
    return {"anomalies": []}


def update_anomaly(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _get(ctx, "anomaly-detectors", req["anomalyDetectorArn"], "anomaly detector")
    raise not_found(f"The specified anomaly does not exist: {req.get('anomalyId') or req.get('patternId')}")


# ---------------------------------------------------------------- integrations


def put_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    records(ctx, "integrations")[req["integrationName"]] = {
        "integrationName": req["integrationName"], "integrationType": req["integrationType"], "integrationStatus": "ACTIVE",
        "resourceConfig": req["resourceConfig"],
    }
    return {"integrationName": req["integrationName"], "integrationStatus": "ACTIVE"}


def get_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    i = _get(ctx, "integrations", req["integrationName"], "integration")
    config = i["resourceConfig"].get("openSearchResourceConfig") or {}
    details = {"openSearchIntegrationDetails": {"dataSource": {"dataSourceName": i["integrationName"], "status": {"status": "ACTIVE"}},
                                                "application": {"applicationArn": config.get("applicationArn", "")}}}
    return {"integrationName": i["integrationName"], "integrationType": i["integrationType"], "integrationStatus": i["integrationStatus"],
            "integrationDetails": details}


def list_integrations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"integrationSummaries": [
        {k: i[k] for k in ("integrationName", "integrationType", "integrationStatus")}
        for _, i in sorted(records(ctx, "integrations").items())
        if i["integrationName"].startswith(req.get("integrationNamePrefix") or "")
        and (not req.get("integrationType") or i["integrationType"] == req["integrationType"])
        and (not req.get("integrationStatus") or i["integrationStatus"] == req["integrationStatus"])
    ]}


def delete_integration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _get(ctx, "integrations", req["integrationName"], "integration")
    del records(ctx, "integrations")[req["integrationName"]]
    return {}


# ---------------------------------------------------------------- lookup tables


def _lookup_view(t: dict[str, Any], body: bool) -> dict[str, Any]:
    lines = [line for line in t["tableBody"].splitlines() if line.strip()]
    out = {"lookupTableArn": t["arn"], "lookupTableName": t["name"], "description": t.get("description", ""),
           "sizeBytes": len(t["tableBody"].encode()), "lastUpdatedTime": t["updated"]}
    if t.get("kmsKeyId"):
        out["kmsKeyId"] = t["kmsKeyId"]
    if body:
        out["tableBody"] = t["tableBody"]
    else:
        out["tableFields"] = lines[0].split(",") if lines else []
        out["recordsCount"] = max(len(lines) - 1, 0)
    return out


def create_lookup_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "lookup-tables")
    arn = _arn(ctx, "lookup-table", req["lookupTableName"])
    if arn in table:
        raise AwsError("ResourceAlreadyExistsException", "The specified lookup table already exists.", status=400)
    now = now_ms(ctx)
    table[arn] = {"arn": arn, "name": req["lookupTableName"], "description": req.get("description", ""),
                  "tableBody": req.get("tableBody", ""), "kmsKeyId": req.get("kmsKeyId", ""), "updated": now, "created": now,
                  "tags": dict(req.get("tags") or {})}
    return {"lookupTableArn": arn, "createdAt": now}


def get_lookup_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _lookup_view(_get(ctx, "lookup-tables", req["lookupTableArn"], "lookup table"), True)


def describe_lookup_tables(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = [_lookup_view(t, False) for _, t in sorted(records(ctx, "lookup-tables").items())
             if t["name"].startswith(req.get("lookupTableNamePrefix") or "")]
    return _paged(found, req, "lookupTables", "maxResults")


def update_lookup_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    t = _get(ctx, "lookup-tables", req["lookupTableArn"], "lookup table")
    for key in ("description", "tableBody", "kmsKeyId"):
        if key in req:
            t[key] = req[key]
    t["updated"] = now_ms(ctx)
    records(ctx, "lookup-tables").touch(req["lookupTableArn"])
    return {"lookupTableArn": t["arn"], "lastUpdatedTime": t["updated"]}


def delete_lookup_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _get(ctx, "lookup-tables", req["lookupTableArn"], "lookup table")
    del records(ctx, "lookup-tables")[req["lookupTableArn"]]
    return {}


# ---------------------------------------------------------------- scheduled queries

_SQ_FIELDS = ("description", "queryLanguage", "queryString", "logGroupIdentifiers", "scheduleExpression", "timezone",
              "startTimeOffset", "endTimeOffset", "destinationConfiguration", "scheduleStartTime", "scheduleEndTime",
              "executionRoleArn", "state")


def _scheduled(ctx: RequestContext, identifier: str) -> dict[str, Any]:
    table = records(ctx, "scheduled-queries")
    found = table.get(identifier) or next((q for q in table.values() if q["name"] == identifier), None)
    if found is None:
        raise not_found("The specified scheduled query does not exist.")
    return found


def _sq_view(q: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in q.items() if k not in ("arn", "tags")}


def create_scheduled_query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = records(ctx, "scheduled-queries")
    if any(q["name"] == req["name"] for q in table.values()):
        raise AwsError("ConflictException", "A scheduled query with this name already exists.", status=400)
    arn = _arn(ctx, "scheduled-query", str(uuid.uuid4()))
    now = now_ms(ctx)
    q = {"scheduledQueryArn": arn, "arn": arn, "name": req["name"], "state": "ENABLED", "scheduleType": "CUSTOMER_MANAGED",
         "creationTime": now, "lastUpdatedTime": now, "tags": dict(req.get("tags") or {})}
    q.update({k: req[k] for k in _SQ_FIELDS if k in req})
    table[arn] = q
    return {"scheduledQueryArn": arn, "state": q["state"]}


def get_scheduled_query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _sq_view(_scheduled(ctx, req["identifier"]))


def list_scheduled_queries(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    keys = ("scheduledQueryArn", "name", "state", "scheduleType", "scheduleExpression", "timezone", "destinationConfiguration",
            "creationTime", "lastUpdatedTime")
    found = [{k: q[k] for k in keys if k in q} for q in sorted(records(ctx, "scheduled-queries").values(), key=lambda q: q["name"])
             if not req.get("state") or q["state"] == req["state"]]
    return _paged(found, req, "scheduledQueries", "maxResults")


def update_scheduled_query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    q = _scheduled(ctx, req["identifier"])
    q.update({k: req[k] for k in _SQ_FIELDS if k in req})
    q["lastUpdatedTime"] = now_ms(ctx)
    records(ctx, "scheduled-queries").touch(q["arn"])
    return _sq_view(q)


def delete_scheduled_query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    q = _scheduled(ctx, req["identifier"])
    del records(ctx, "scheduled-queries")[q["arn"]]
    return {}


def get_scheduled_query_history(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    q = _scheduled(ctx, req["identifier"])
    history = [h for h in q.get("history", []) if req["startTime"] <= h["triggeredTimestamp"] <= req["endTime"]]
    return {"name": q["name"], "scheduledQueryArn": q["arn"], **_paged(history, req, "triggerHistory", "maxResults")}


# ---------------------------------------------------------------- syslog


def put_syslog_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    endpoint = req.get("vpcEndpointId") or ""
    config = {"logGroupArn": group.arn, "sourceType": "VPC_ENDPOINT" if endpoint else "PUBLIC", "createdAt": now_ms(ctx)}
    if endpoint:
        config["vpcEndpointId"] = endpoint
    records(ctx, "syslog")[f"{group.arn}|{endpoint}"] = config
    return {}


def list_syslog_configurations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = get_group(ctx, req, "logGroupIdentifier").arn if req.get("logGroupIdentifier") else None
    found = [c for _, c in sorted(records(ctx, "syslog").items())
             if (arn is None or c["logGroupArn"] == arn) and (not req.get("vpcEndpointId") or c.get("vpcEndpointId") == req["vpcEndpointId"])]
    return _paged(found, req, "syslogConfigurations", "maxResults")


def delete_syslog_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req, "logGroupIdentifier")
    key = f"{group.arn}|{req.get('vpcEndpointId') or ''}"
    if key not in records(ctx, "syslog"):
        raise not_found("The specified syslog configuration does not exist.")
    del records(ctx, "syslog")[key]
    return {}
