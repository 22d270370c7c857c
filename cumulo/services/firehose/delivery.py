"""Buffering and delivery: records in, objects in S3 (or POSTs to an HTTP endpoint) out.

https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html
Accepted records are rows in `buffer/<stream>` before the answer goes out. A
stream's buffer is flushed when it holds the destination's `BufferingHints.SizeInMBs`
or its oldest record is `IntervalInSeconds` old on the cumulo clock (the tick
checks every second). A flush takes the rows present when it starts, runs the
processors, groups records by their expanded prefix and writes one object per
group through S3's own PutObject (`services.call`), named as AWS names them:

    <prefix or YYYY/MM/DD/HH/><stream>-<version>-<YYYY-MM-DD-HH-MM-SS>-<uuid><extension>

Records that fail processing or partitioning go under `ErrorOutputPrefix`
(default `<type>-failed/YYYY/MM/DD/HH/`) as AWS's error documents. Rows are deleted
only after their delivery was attempted: a restart mid-flush delivers them again,
never loses them. Destinations other than S3 and HTTP endpoints are kept and
described; their records are not delivered anywhere.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core import outbound
from cumulo.core.errors import AwsError
from cumulo.services.firehose import formats, processing
from cumulo.services.firehose.models import Buffered, DeliveryStream, Delivery, Destination, buffer_key, buffer_table
from cumulo.services.firehose.processing import Failed, Item

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope

log = logging.getLogger("cumulo.firehose")
MIB = 1024 * 1024


def hints(stream: DeliveryStream) -> tuple[int, float]:
    """(bytes, seconds): the smallest buffer any destination asks for."""
    size, interval = 5 * MIB, 300.0
    for d in stream.destinations:
        h = d.config.get("BufferingHints") or {}
        size = min(size, int(h.get("SizeInMBs", 5)) * MIB)
        interval = min(interval, float(h.get("IntervalInSeconds", 300)))
    return size, interval


_SUFFIXES: list[str] = []


def _suffixes(count: int) -> list[str]:
    """The record-number suffixes 0..count-1 of RecordIds (hex, 8 digits), formatted once."""
    while len(_SUFFIXES) < count:
        _SUFFIXES.append(f"{len(_SUFFIXES):08x}")
    return _SUFFIXES[:count]


def accept(runtime: Runtime, scope: Scope, stream: DeliveryStream, datas: list[bytes], arrived: list[float]) -> list[str]:
    """Buffer records, one row for them all; their RecordIds. Schedules a flush when the buffer is full."""
    prefix = f"{uuid.uuid4().hex}{uuid.uuid4().hex}{stream.next_seq:012x}"
    ids = [prefix + suffix for suffix in _suffixes(len(datas))]
    scope.table(buffer_table(stream.name))[buffer_key(stream.next_seq)] = Buffered(ids, datas, arrived)
    stream.next_seq += 1
    stream.buffer_bytes += sum(map(len, datas))
    if stream.buffer_since is None and datas:
        stream.buffer_since = min(arrived)
    scope.table("streams").touch(stream.name)
    if stream.buffer_bytes >= hints(stream)[0]:
        account, region, name = stream.account, stream.region, stream.name
        runtime.scheduler.after(0, lambda: flush(runtime, account, region, name))
    return ids


def due(stream: DeliveryStream, now: float) -> bool:
    return stream.buffer_since is not None and now - stream.buffer_since >= hints(stream)[1]


async def flush_due(runtime: Runtime, now: float) -> int:
    """The tick: flush every stream whose oldest buffered record is past its interval."""
    flushed = 0
    for scope in runtime.store.scopes_of("firehose"):
        for stream in list(scope.table("streams").rows.values()):
            if due(stream, now):
                flushed += await flush(runtime, scope.account, scope.region, stream.name)
    return flushed


async def flush(runtime: Runtime, account: str, region: str, name: str) -> int:
    """Deliver what the stream's buffer holds now; the number of records taken."""
    busy: set[tuple[str, str, str]] = runtime.live.setdefault("firehose-flushing", set())
    key = (account, region, name)
    if key in busy:
        return 0
    busy.add(key)
    try:
        scope = runtime.store.scope("firehose", account, region)
        stream: DeliveryStream | None = scope.table("streams").get(name)
        if stream is None:
            return 0
        table = scope.table(buffer_table(name))
        taken = sorted(table.rows.items())
        if not taken:
            stream.buffer_since, stream.buffer_bytes = None, 0
            return 0
        items = [Item(i, d, a) for _, b in taken for i, d, a in zip(b.record_ids, b.datas, b.arrived)]
        for destination in stream.destinations:
            try:
                await _deliver(runtime, scope, stream, destination, items)
            except Exception:  # a destination's fault must not lose the other destinations' delivery
                log.exception("firehose: delivery of %s to %s failed", name, destination.id)
        for row_key, _ in taken:
            table.pop(row_key, None)
        rest = list(table.rows.values())
        stream.buffer_bytes = sum(len(d) for b in rest for d in b.datas)
        stream.buffer_since = min((a for b in rest for a in b.arrived), default=None)
        if scope.table("streams").get(name) is stream:
            scope.table("streams").touch(name)
        runtime.store.commit()
        return len(items)
    finally:
        busy.discard(key)


async def _deliver(runtime: Runtime, scope: Scope, stream: DeliveryStream, destination: Destination, items: list[Item]) -> None:
    config = destination.config
    if destination.kind in ("ExtendedS3", "S3"):
        kept, failed = await processing.process(runtime, stream.account, stream.region, stream.arn, config, items)
        await _to_s3(runtime, scope, stream, destination, config, kept, failed)
    elif destination.kind == "HttpEndpoint":
        kept, failed = await processing.process(runtime, stream.account, stream.region, stream.arn, config, items)
        await _to_http(runtime, scope, stream, destination, config, kept, failed)


# ---------------------------------------------------------------- S3


def _bucket(config: dict[str, Any]) -> str:
    return str(config.get("BucketARN", "")).split(":::")[-1]


def _object_name(stream: DeliveryStream, when: float) -> str:
    moment = datetime.fromtimestamp(when, tz=timezone.utc)
    return f"{stream.name}-{stream.version}-{moment.strftime('%Y-%m-%d-%H-%M-%S')}-{uuid.uuid4()}"


async def _put(runtime: Runtime, scope: Scope, stream: DeliveryStream, destination: Destination, bucket: str, key: str, body: bytes, records: int) -> None:
    error = ""
    try:
        await services.call(runtime, "s3", "PutObject", {"Bucket": bucket, "Key": key, "Body": body}, stream.account, stream.region)
    except AwsError as e:
        error = f"{e.code}: {e.message}"
        log.warning("firehose: %s could not write s3://%s/%s: %s", stream.name, bucket, key, error)
    now = runtime.clock.now()
    scope.table("deliveries")[f"{now:020.6f}-{uuid.uuid4().hex[:8]}"] = Delivery(stream.name, destination.id, f"s3://{bucket}/{key}", records, len(body), now, error)


async def _to_s3(runtime: Runtime, scope: Scope, stream: DeliveryStream, destination: Destination, config: dict[str, Any], items: list[Item], failed: list[Failed]) -> None:
    bucket, prefix, zone = _bucket(config), config.get("Prefix") or "", config.get("CustomTimeZone")
    groups: dict[str, list[Item]] = {}
    if processing.has_expressions(prefix):
        for item in items:
            try:
                where = processing.expand(prefix, item.arrived, item.keys, zone)
            except KeyError as missing:
                failed.append(Failed(item, "DynamicPartitioning.MissingPartitionKey", f"No partition key {missing} for the prefix.", "partitioning-failed"))
                continue
            groups.setdefault(where, []).append(item)
    else:
        # The records of one put share their arrival time: each distinct time is formatted once.
        prefixes: dict[float, list[Item]] = {}
        for item in items:
            group = prefixes.get(item.arrived)
            if group is None:
                group = prefixes[item.arrived] = groups.setdefault(prefix + processing.default_time_prefix(item.arrived, zone), [])
            group.append(item)
    converted = formats.output_format(config)
    compression = config.get("CompressionFormat") or "UNCOMPRESSED"
    for where, group in groups.items():
        name = _object_name(stream, group[0].arrived) + formats.extension(config)
        if converted == "parquet":
            body = formats.to_parquet([i.data for i in group], config)
        elif converted == "orc":
            body = formats.to_orc([i.data for i in group], config)
        else:
            body = formats.compress(b"".join(i.data for i in group), compression, _object_name(stream, group[0].arrived))
        await _put(runtime, scope, stream, destination, bucket, where + name, body, len(group))
    backup = config.get("S3BackupConfiguration")
    if config.get("S3BackupMode") == "Enabled" and isinstance(backup, dict) and items:
        # The source records, before processing, as they arrived.
        b_prefix = backup.get("Prefix") or ""
        b_key = b_prefix + processing.default_time_prefix(items[0].arrived, zone) + _object_name(stream, items[0].arrived)
        raw = formats.compress(b"".join(i.data for i in items), backup.get("CompressionFormat") or "UNCOMPRESSED")
        await _put(runtime, scope, stream, destination, _bucket(backup), b_key, raw, len(items))
    if failed:
        await _errors(runtime, scope, stream, destination, config, failed)


async def _errors(runtime: Runtime, scope: Scope, stream: DeliveryStream, destination: Destination, config: dict[str, Any], failed: list[Failed]) -> None:
    zone = config.get("CustomTimeZone")
    by_type: dict[str, list[Failed]] = {}
    for f in failed:
        by_type.setdefault(f.kind, []).append(f)
    now = runtime.clock.now()
    for kind, group in by_type.items():
        prefix = config.get("ErrorOutputPrefix")
        if prefix:
            where = processing.expand(prefix, group[0].item.arrived, {}, zone, error_type=kind)
            if not processing.has_expressions(prefix):
                where += processing.default_time_prefix(group[0].item.arrived, zone)
        else:
            where = f"{kind}/" + processing.default_time_prefix(group[0].item.arrived, zone)
        lines = []
        for f in group:
            doc: dict[str, Any] = {
                "attemptsMade": 1,
                "arrivalTimestamp": int(f.item.arrived * 1000),
                "errorCode": f.code,
                "errorMessage": f.message,
                "attemptEndingTimestamp": int(now * 1000),
                "rawData": base64.b64encode(f.item.data).decode(),
            }
            if f.lambda_arn:
                doc["lambdaArn"] = f.lambda_arn
            lines.append(json.dumps(doc).encode())
        name = f"{stream.name}-{kind}-{stream.version}-{datetime.fromtimestamp(now, tz=timezone.utc).strftime('%Y-%m-%d-%H-%M-%S')}-{uuid.uuid4()}"
        await _put(runtime, scope, stream, destination, _bucket(config), where + name, b"\n".join(lines) + b"\n", len(group))


# ---------------------------------------------------------------- HTTP endpoints


async def _to_http(runtime: Runtime, scope: Scope, stream: DeliveryStream, destination: Destination, config: dict[str, Any], items: list[Item], failed: list[Failed]) -> None:
    """AWS's request shape: https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html"""
    endpoint = config.get("EndpointConfiguration") or {}
    url = endpoint.get("Url", "")
    request_id = str(uuid.uuid4())
    now = runtime.clock.now()
    body = json.dumps({"requestId": request_id, "timestamp": int(now * 1000), "records": [{"data": base64.b64encode(i.data).decode()} for i in items]}).encode()
    headers = {"Content-Type": "application/json", "X-Amz-Firehose-Request-Id": request_id, "X-Amz-Firehose-Source-Arn": stream.arn}
    if endpoint.get("AccessKey"):
        headers["X-Amz-Firehose-Access-Key"] = endpoint["AccessKey"]
    attributes = {a["AttributeName"]: a["AttributeValue"] for a in (config.get("RequestConfiguration") or {}).get("CommonAttributes") or []}
    if attributes:
        headers["X-Amz-Firehose-Common-Attributes"] = json.dumps({"commonAttributes": attributes})
    if (config.get("RequestConfiguration") or {}).get("ContentEncoding") == "GZIP":
        body = formats.compress(body, "GZIP")
        headers["Content-Encoding"] = "gzip"
    status, _, error = (await outbound.post(url, body, headers)) if items else (200, b"", "")
    ok = status is not None and 200 <= status < 300
    scope.table("deliveries")[f"{now:020.6f}-{uuid.uuid4().hex[:8]}"] = Delivery(
        stream.name, destination.id, url, len(items), len(body), now, "" if ok else (error or f"HTTP {status}")
    )
    s3 = config.get("S3Configuration") or {}
    mode = config.get("S3BackupMode", "FailedDataOnly")
    if s3 and items and (mode == "AllData" or not ok):
        kind = "http-endpoint-failed" if not ok else ""
        prefix = (s3.get("ErrorOutputPrefix") or f"{kind}/") if kind else (s3.get("Prefix") or "")
        key = prefix + processing.default_time_prefix(items[0].arrived, None) + _object_name(stream, items[0].arrived)
        raw = b"".join(i.data for i in items)
        await _put(runtime, scope, stream, destination, _bucket(s3), key, formats.compress(raw, s3.get("CompressionFormat") or "UNCOMPRESSED"), len(items))
    if failed and s3:
        await _errors(runtime, scope, stream, destination, s3, failed)
