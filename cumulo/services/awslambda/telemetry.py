"""What an invocation leaves in CloudWatch: its log lines in CloudWatch Logs and its
metrics in the `AWS/Lambda` namespace, both through `services.call`.

Logs go to the function's `LoggingConfig.LogGroup` (default `/aws/lambda/<name>`), in
a stream per execution environment named as AWS names it,
`YYYY/MM/DD/[<version>]<environment id>`. With `LogFormat=JSON` the START/END/REPORT
lines become `platform.start`/`platform.runtimeDone`/`platform.report` records and the
function's own lines JSON records, filtered by `ApplicationLogLevel` and
`SystemLogLevel` (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html).
Failures here never fail the invocation: they are logged.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.runtimes import Outcome
    from cumulo.services.awslambda.models import Function, Version

log = logging.getLogger("cumulo.lambda")

LEVELS = {"TRACE": 0, "DEBUG": 1, "INFO": 2, "WARN": 3, "ERROR": 4, "FATAL": 5}
_REPORT = re.compile(r"(\w[\w ]*): ([\d.]+)")
_LEVEL_WORD = re.compile(r"^\[?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\]?\b")


def _arn_parts(fn: Function) -> tuple[str, str]:
    parts = fn.arn.split(":")
    return parts[4], parts[3]


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _json_lines(text: str, request_id: str, version: str, app_level: str, system_level: str, now: int) -> list[str]:
    """The invocation's log as the JSON records AWS writes with LogFormat=JSON."""
    out: list[str] = []
    system_ok = LEVELS.get(system_level, 2) <= LEVELS["INFO"]
    app_floor = LEVELS.get(app_level, 2)
    for line in text.splitlines():
        if line.startswith("START RequestId:"):
            if system_ok:
                out.append(orjson.dumps({"time": _iso(now), "type": "platform.start", "record": {"requestId": request_id, "version": version}}).decode())
        elif line.startswith("END RequestId:"):
            if system_ok:
                out.append(orjson.dumps({"time": _iso(now), "type": "platform.runtimeDone", "record": {"requestId": request_id, "status": "success"}}).decode())
        elif line.startswith("REPORT RequestId:"):
            if system_ok:
                found = {k.strip(): float(v) for k, v in _REPORT.findall(line.split("\t", 1)[-1])}
                metrics = {"durationMs": found.get("Duration", 0.0), "billedDurationMs": int(found.get("Billed Duration", 0)),
                           "memorySizeMB": int(found.get("Memory Size", 0)), "maxMemoryUsedMB": int(found.get("Max Memory Used", 0))}
                if "Init Duration" in found:
                    metrics["initDurationMs"] = found["Init Duration"]
                out.append(orjson.dumps({"time": _iso(now), "type": "platform.report", "record": {"requestId": request_id, "metrics": metrics, "status": "success"}}).decode())
        else:
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                record = None
            if not isinstance(record, dict):
                m = _LEVEL_WORD.match(line)
                level = {"WARNING": "WARN", "CRITICAL": "FATAL"}.get(m.group(1), m.group(1)) if m else "INFO"
                record = {"timestamp": _iso(now), "level": level, "message": line, "requestId": request_id}
            level = str(record.get("level", "INFO")).upper()
            if LEVELS.get({"WARNING": "WARN", "CRITICAL": "FATAL"}.get(level, level), 2) >= app_floor:
                out.append(orjson.dumps(record).decode())
    return out


async def _ensure(runtime: Runtime, op: str, req: dict[str, Any], account: str, region: str) -> None:
    try:
        await services.call(runtime, "logs", op, req, account, region)
    except AwsError as error:
        if error.code != "ResourceAlreadyExistsException":
            raise


async def ship_logs(runtime: Runtime, fn: Function, v: Version, outcome: Outcome, request_id: str) -> None:
    if not outcome.logs:
        return
    account, region = _arn_parts(fn)
    config = v.extra.get("LoggingConfig") or {}
    group = config.get("LogGroup") or f"/aws/lambda/{fn.name}"
    now = runtime.clock.now_ms()
    env = outcome.environment or "0" * 32
    stream = f"{datetime.fromtimestamp(now / 1000, tz=timezone.utc):%Y/%m/%d}/[{v.version}]{env}"
    if config.get("LogFormat") == "JSON":
        lines = _json_lines(outcome.logs, request_id, v.version, config.get("ApplicationLogLevel", "INFO"), config.get("SystemLogLevel", "INFO"), now)
    else:
        lines = [line for line in outcome.logs.splitlines() if line]
    if not lines:
        return
    try:
        await _ensure(runtime, "CreateLogGroup", {"logGroupName": group}, account, region)
        await _ensure(runtime, "CreateLogStream", {"logGroupName": group, "logStreamName": stream}, account, region)
        await services.call(runtime, "logs", "PutLogEvents", {
            "logGroupName": group, "logStreamName": stream,
            "logEvents": [{"timestamp": now, "message": line} for line in lines],
        }, account, region)
    except AwsError as error:
        log.warning("could not write the logs of %s to CloudWatch Logs: %s", fn.name, error)


async def publish_metrics(runtime: Runtime, fn: Function, outcome: Outcome | None, concurrent: int, throttled: bool = False) -> None:
    account, region = _arn_parts(fn)
    dims = [{"Name": "FunctionName", "Value": fn.name}]
    now = runtime.clock.utcnow()
    data: list[dict[str, Any]] = []
    if throttled:
        data.append({"MetricName": "Throttles", "Dimensions": dims, "Value": 1.0, "Unit": "Count", "Timestamp": now})
    if outcome is not None:
        data += [
            {"MetricName": "Invocations", "Dimensions": dims, "Value": 1.0, "Unit": "Count", "Timestamp": now},
            {"MetricName": "Errors", "Dimensions": dims, "Value": 1.0 if outcome.failed else 0.0, "Unit": "Count", "Timestamp": now},
            {"MetricName": "Duration", "Dimensions": dims, "Value": round(outcome.duration_ms, 3), "Unit": "Milliseconds", "Timestamp": now},
            {"MetricName": "ConcurrentExecutions", "Dimensions": dims, "Value": float(max(concurrent, 1)), "Unit": "Count", "Timestamp": now},
        ]
    try:
        await services.call(runtime, "cloudwatch", "PutMetricData", {"Namespace": "AWS/Lambda", "MetricData": data}, account, region)
    except AwsError as error:
        log.debug("could not publish the metrics of %s: %s", fn.name, error)
