"""What ingested events set off: metric filters publish metrics, subscription filters
deliver to Lambda, Kinesis and Firehose.

Both go through `services.call` to the target service. Subscription payloads are
what AWS sends (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html):
a gzip'd JSON document `{"messageType": "DATA_MESSAGE", "owner", "logGroup",
"logStream", "subscriptionFilters", "logEvents": [{"id", "timestamp", "message"}]}`,
which Lambda receives base64'd under `{"awslogs": {"data": ...}}` and Kinesis and
Firehose receive as the record's bytes.
"""

from __future__ import annotations

import base64
import gzip
import logging
import zlib
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.logs import patterns
from cumulo.services.logs.models import Event, LogGroup

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.logs")

MAX_METRIC_DATA = 1000


def event_id(stream: str, key: tuple[int, int, int]) -> str:
    """A numeric event id unique in its log group, sortable by time as AWS's are."""
    return f"{key[0]:015d}{key[1]:010d}{key[2]:06d}{zlib.crc32(stream.encode()):010d}"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def metric_points(group: LogGroup, events: list[Event]) -> dict[str, list[dict[str, Any]]]:
    """Namespace -> PutMetricData entries the group's metric filters make of `events`."""
    out: dict[str, list[dict[str, Any]]] = {}
    for mf in group.metric_filters.values():
        pattern = patterns.compile(mf.pattern)
        for ts, _, message in events:
            fields = pattern.match(message)
            for t in mf.transformations:
                datum = _datum(t, fields, ts)
                if datum is not None:
                    out.setdefault(t["metricNamespace"], []).append(datum)
    return out


def _datum(t: dict[str, Any], fields: dict[str, Any] | None, ts: int) -> dict[str, Any] | None:
    if fields is None:
        if "defaultValue" not in t:
            return None
        value: float | None = t["defaultValue"]
        dims: dict[str, str] = {}
    else:
        value = _number(patterns.value_of(fields, t["metricValue"]))
        if value is None:
            return None
        dims = {}
        for name, selector in (t.get("dimensions") or {}).items():
            got = patterns.value_of(fields, selector)
            if got is None:
                return None  # AWS drops the datapoint when a dimension has no value
            dims[name] = str(got)
    datum: dict[str, Any] = {"MetricName": t["metricName"], "Value": value, "Timestamp": datetime.fromtimestamp(ts / 1000, tz=timezone.utc)}
    if dims:
        datum["Dimensions"] = [{"Name": k, "Value": v} for k, v in dims.items()]
    if t.get("unit"):
        datum["Unit"] = t["unit"]
    return datum


async def publish_metrics(runtime: Runtime, account: str, region: str, points: dict[str, list[dict[str, Any]]]) -> None:
    for namespace, data in points.items():
        for i in range(0, len(data), MAX_METRIC_DATA):
            try:
                await services.call(runtime, "cloudwatch", "PutMetricData",
                                    {"Namespace": namespace, "MetricData": data[i:i + MAX_METRIC_DATA]}, account, region)
            except AwsError as error:
                log.warning("metric filter could not publish to %s: %s", namespace, error)


def payload(account: str, group: str, stream: str, filters: list[str], events: list[tuple[tuple[int, int, int], Event]]) -> bytes:
    doc = {
        "messageType": "DATA_MESSAGE",
        "owner": account,
        "logGroup": group,
        "logStream": stream,
        "subscriptionFilters": filters,
        "logEvents": [{"id": event_id(stream, key), "timestamp": e[0], "message": e[2]} for key, e in events],
    }
    return gzip.compress(orjson.dumps(doc), compresslevel=6, mtime=0)


async def subscriptions(runtime: Runtime, group: LogGroup, stream: str, events: list[tuple[tuple[int, int, int], Event]]) -> None:
    for sf in list(group.subscription_filters.values()):
        pattern = patterns.compile(sf.pattern)
        matched = [(k, e) for k, e in events if pattern.matches(e[2])]
        if not matched:
            continue
        body = payload(group.account, group.name, stream, [sf.name], matched)
        try:
            await deliver(runtime, sf.destination_arn, body, group.account, group.region, stream)
        except AwsError as error:
            log.warning("subscription filter %s of %s could not deliver to %s: %s", sf.name, group.name, sf.destination_arn, error)


async def deliver(runtime: Runtime, arn: str, body: bytes, account: str, region: str, partition: str) -> None:
    """Send one gzip'd payload to a destination ARN (a Logs destination resolves to its target)."""
    parts = arn.split(":")
    service, d_region, d_account = parts[2], parts[3] or region, parts[4] or account
    if service == "logs" and len(parts) > 6 and parts[5] == "destination":
        target = runtime.store.scope("logs", d_account, d_region).table("records/destinations").get(parts[6])
        if target is None:
            raise AwsError("ResourceNotFoundException", f"Destination {arn} does not exist.")
        await deliver(runtime, target["targetArn"], body, d_account, d_region, partition)
        return
    if service == "lambda":
        event = orjson.dumps({"awslogs": {"data": base64.b64encode(body).decode()}})
        await services.call(runtime, "lambda", "Invoke", {"FunctionName": arn, "InvocationType": "Event", "Payload": event}, d_account, d_region)
    elif service == "kinesis":
        name = arn.split(":stream/", 1)[-1]
        await services.call(runtime, "kinesis", "PutRecord", {"StreamName": name, "Data": body, "PartitionKey": partition}, d_account, d_region)
    elif service == "firehose":
        name = arn.split(":deliverystream/", 1)[-1]
        await services.call(runtime, "firehose", "PutRecord", {"DeliveryStreamName": name, "Record": {"Data": body}}, d_account, d_region)
    else:
        raise AwsError("InvalidParameterException", f"Unsupported destination {arn}")
