"""Import tasks: log data read from cumulo's S3 lands in a managed log group.

AWS imports from a CloudTrail Lake event data store; cumulo has no CloudTrail, so
the source it can read is S3 (`arn:aws:s3:::bucket[/prefix]`): each object under
the prefix is one batch. An object may be gzip'd; it may be a CloudTrail log file
(`{"Records": [...]}`, one event per record at its `eventTime`), JSON lines (an
`eventTime` or `timestamp` field dates the event), lines as an export task writes
them (`<ISO time> <message>`, so an export imports back), or plain lines (dated by
the object's LastModified). Events land in `aws/s3/<bucket>`, one stream per object.

The task runs on the scheduler, one batch per run, so CancelImportTask stops it
between batches; a tick picks up tasks left IN_PROGRESS by a restart.
State: the `records/imports` table, import id -> a plain dict with its batches.
"""

from __future__ import annotations

import gzip
import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.logs import events
from cumulo.services.logs.models import Event, LogGroup, LogStream, records_table, streams_table

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope

log = logging.getLogger("cumulo.logs")

TABLE = records_table("imports")
CHUNK_EVENTS = 10_000
_ISO = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) (.*)$", re.S)
# Imports running on a runtime now: (id(runtime), account, region, import id).
_running: set[tuple[int, str, str, str]] = set()


def parse_source(arn: str) -> tuple[str, str]:
    """(bucket, prefix) of an S3 import source ARN."""
    if arn.startswith("arn:aws:s3:::") and len(arn) > len("arn:aws:s3:::"):
        bucket, _, prefix = arn[len("arn:aws:s3:::"):].partition("/")
        return bucket, prefix
    if arn.startswith("arn:aws:cloudtrail:") and ":eventdatastore/" in arn:
        raise AwsError("ResourceNotFoundException", f"The specified event data store does not exist: {arn}", status=400)
    raise AwsError("InvalidParameterException", f"Unsupported import source: {arn}", status=400)


def destination(bucket: str) -> str:
    return f"aws/s3/{bucket}"


def stream_name(key: str) -> str:
    return (key.replace(":", "_").replace("*", "_") or "_")[:512]


def _ms(text: str) -> int | None:
    try:
        return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return None


def parse_object(body: bytes, modified_ms: int) -> list[Event]:
    """The events in one object's bytes, time-ordered (ingestion time is set on storing)."""
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    text = body.decode("utf-8", errors="replace")
    out: list[tuple[int, int, str]] = []
    stripped = text.strip()
    if stripped.startswith("{") and '"Records"' in stripped[:200]:
        try:
            doc = orjson.loads(stripped)
        except orjson.JSONDecodeError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("Records"), list):
            for record in doc["Records"]:
                when = _ms(str(record.get("eventTime", ""))) if isinstance(record, dict) else None
                out.append((when if when is not None else modified_ms, 0, orjson.dumps(record).decode()))
            out.sort(key=lambda e: e[0])
            return out
    for line in text.splitlines():
        if not line.strip():
            continue
        ts: int | None = None
        message = line
        if line.lstrip().startswith("{"):
            try:
                doc = orjson.loads(line)
            except orjson.JSONDecodeError:
                doc = None
            if isinstance(doc, dict):
                stamp = doc.get("eventTime") or doc.get("timestamp")
                if isinstance(stamp, int | float) and not isinstance(stamp, bool):
                    ts = int(stamp if stamp > 10**11 else stamp * 1000)
                elif isinstance(stamp, str):
                    ts = _ms(stamp)
        else:
            m = _ISO.match(line)
            if m and (parsed := _ms(m.group(1))) is not None:
                ts, message = parsed, m.group(2)
        out.append((ts if ts is not None else modified_ms, 0, message))
    out.sort(key=lambda e: e[0])
    return out


def _body(got: dict[str, Any]) -> Any:
    return got.get("Body", b"")


async def _read(body: Any) -> bytes:
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return bytes(await data) if hasattr(data, "__await__") else bytes(data)
    return b"".join([chunk async for chunk in body])


async def list_objects(runtime: Runtime, account: str, region: str, bucket: str, prefix: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        req: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix}
        if token:
            req["ContinuationToken"] = token
        out = await services.call(runtime, "s3", "ListObjectsV2", req, account, region)
        found += out.get("Contents") or []
        token = out.get("NextContinuationToken")
        if not out.get("IsTruncated") or not token:
            return found


def _ensure_group(scope: Scope, name: str, now: int) -> LogGroup:
    table = scope.table("groups")
    group = table.get(name)
    if group is None:
        group = table[name] = LogGroup(name, scope.account, scope.region, now)
        scope.table(records_table("data-sources"))[name] = {"name": "amazon_s3", "type": "import"}
    return group


def start(runtime: Runtime, account: str, region: str, import_id: str) -> None:
    key = (id(runtime), account, region, import_id)
    if key in _running:
        return
    _running.add(key)
    runtime.scheduler.after(0, lambda: step(runtime, account, region, import_id))


async def step(runtime: Runtime, account: str, region: str, import_id: str) -> None:
    """Import the task's next pending batch, then schedule the one after."""
    key = (id(runtime), account, region, import_id)
    scope = runtime.store.scope("logs", account, region)
    table = scope.table(TABLE)
    task = table.get(import_id)
    if task is None or task["importStatus"] != "IN_PROGRESS":
        _running.discard(key)
        return
    batch = next((b for b in task["batches"] if b["status"] == "IN_PROGRESS"), None)
    if batch is not None:
        outcome: dict[str, str] = {"status": "COMPLETED"}
        try:
            await _import_batch(runtime, scope, task, batch)
        except AwsError as error:
            outcome = {"status": "FAILED", "errorMessage": f"{error.code}: {error.message}"}
        except (OSError, ValueError, UnicodeError) as error:
            outcome = {"status": "FAILED", "errorMessage": str(error)}
        if batch["status"] == "IN_PROGRESS":  # not cancelled meanwhile
            batch.update(outcome)
    task = table.get(import_id)  # a cancel may have happened while reading S3
    if task is None:
        _running.discard(key)
        return
    task["lastUpdatedTime"] = runtime.clock.now_ms()
    if task["importStatus"] == "IN_PROGRESS" and all(b["status"] != "IN_PROGRESS" for b in task["batches"]):
        failed = [b for b in task["batches"] if b["status"] == "FAILED"]
        if failed and len(failed) == len(task["batches"]):
            task["importStatus"] = "FAILED"
            task["errorMessage"] = failed[0]["errorMessage"]
        else:
            task["importStatus"] = "COMPLETED"
            if failed:
                task["errorMessage"] = f"{len(failed)} of {len(task['batches'])} batches failed"
    table.touch(import_id)
    if task["importStatus"] == "IN_PROGRESS":
        runtime.scheduler.after(0, lambda: step(runtime, account, region, import_id))
    else:
        _running.discard(key)


async def _import_batch(runtime: Runtime, scope: Scope, task: dict[str, Any], batch: dict[str, Any]) -> None:
    got = await services.call(runtime, "s3", "GetObject", {"Bucket": task["bucket"], "Key": batch["key"]}, scope.account, scope.region)
    modified = got.get("LastModified")
    modified_ms = int(modified.timestamp() * 1000) if isinstance(modified, datetime) else runtime.clock.now_ms()
    found = parse_object(await _read(_body(got)), modified_ms)
    low = (task.get("importFilter") or {}).get("startEventTime")
    high = (task.get("importFilter") or {}).get("endEventTime")
    now = runtime.clock.now_ms()
    kept = [(ts, now, msg) for ts, _, msg in found if (low is None or ts >= low) and (high is None or ts <= high)]
    if not kept:
        return
    group = _ensure_group(scope, task["groupName"], now)
    streams = scope.table(streams_table(group.name))
    name = stream_name(batch["key"])
    stream = streams.get(name)
    if stream is None:
        stream = streams[name] = LogStream(name, now)
    for i in range(0, len(kept), CHUNK_EVENTS):
        events.append(scope, group, stream, kept[i:i + CHUNK_EVENTS], now)
    scope.table("groups").touch(group.name)
    task["importStatistics"]["bytesImported"] += sum(len(m.encode()) for _, _, m in kept)


def resume(runtime: Runtime, now: float | None = None) -> None:
    """Start the runner of every task still IN_PROGRESS (after a restart)."""
    for scope in runtime.store.scopes_of("logs"):
        for import_id, task in list(scope.table(TABLE).items()):
            if task["importStatus"] == "IN_PROGRESS":
                start(runtime, scope.account, scope.region, import_id)
