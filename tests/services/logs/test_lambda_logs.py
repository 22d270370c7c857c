"""A Lambda function's logs land in CloudWatch Logs, as AWS writes them."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from typing import Any

import boto3

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/r"
SOURCE = '''
import json, logging
logging.getLogger().setLevel(logging.DEBUG)

def handler(event, context):
    print("hello from", event.get("who"))
    logging.getLogger().debug("a debug line")
    logging.getLogger().warning("a warning line")
    return {"ok": True}
'''


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


def _lam(cumulo: CumuloServer) -> Any:
    return boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")


def test_text_logs_land(logs: Any, cumulo: CumuloServer) -> None:
    lam = _lam(cumulo)
    lam.create_function(FunctionName="logged", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": _zip(SOURCE)})
    out = lam.invoke(FunctionName="logged", Payload=json.dumps({"who": "me"}), LogType="Tail")
    tail = base64.b64decode(out["LogResult"]).decode()
    assert "hello from me" in tail and "REPORT RequestId:" in tail
    lam.invoke(FunctionName="logged", Payload=json.dumps({"who": "you"}))
    streams = logs.describe_log_streams(logGroupName="/aws/lambda/logged")["logStreams"]
    assert len(streams) == 1
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", streams[0]["logStreamName"])
    messages = [e["message"] for e in logs.get_log_events(logGroupName="/aws/lambda/logged", logStreamName=streams[0]["logStreamName"], startFromHead=True)["events"]]
    starts = [m for m in messages if m.startswith("START RequestId:")]
    reports = [m for m in messages if m.startswith("REPORT RequestId:")]
    assert len(starts) == 2 and len(reports) == 2
    assert "Version: $LATEST" in starts[0]
    assert re.search(r"Duration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB", reports[0])
    assert "Init Duration" in reports[0] and "Init Duration" not in reports[1]
    assert any("hello from me" in m for m in messages) and any("hello from you" in m for m in messages)
    found = logs.filter_log_events(logGroupName="/aws/lambda/logged", filterPattern='"hello from you"')["events"]
    assert len(found) == 1


def test_json_format_and_levels(logs: Any, cumulo: CumuloServer) -> None:
    lam = _lam(cumulo)
    logs.create_log_group(logGroupName="/custom/fn")
    lam.create_function(
        FunctionName="jsonlog", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": _zip(SOURCE)},
        LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "WARN", "SystemLogLevel": "INFO", "LogGroup": "/custom/fn"},
    )
    lam.invoke(FunctionName="jsonlog", Payload=b"{}")
    events = logs.filter_log_events(logGroupName="/custom/fn")["events"]
    records = [json.loads(e["message"]) for e in events]
    types = [r.get("type") for r in records if "type" in r]
    assert types == ["platform.start", "platform.runtimeDone", "platform.report"]
    report = records[-1]["record"]
    assert report["metrics"]["memorySizeMB"] == 128 and report["metrics"]["durationMs"] > 0
    app = [r for r in records if "type" not in r]
    assert app and all(r["level"] in ("WARN", "ERROR", "FATAL") for r in app)
    assert any("a warning line" in r["message"] for r in app)
    assert not any("hello from" in r.get("message", "") for r in app)


def test_lambda_metrics(cumulo: CumuloServer) -> None:
    from datetime import datetime, timedelta, timezone

    lam = _lam(cumulo)
    lam.create_function(FunctionName="counted", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": _zip(SOURCE)})
    for _ in range(2):
        lam.invoke(FunctionName="counted", Payload=b"{}")
    cw = boto3.client("cloudwatch", endpoint_url=cumulo.url, region_name="us-east-1")
    now = datetime.now(tz=timezone.utc)
    dims = [{"Name": "FunctionName", "Value": "counted"}]
    out = {}
    for metric in ("Invocations", "Errors", "Duration", "ConcurrentExecutions"):
        points = cw.get_metric_statistics(Namespace="AWS/Lambda", MetricName=metric, Dimensions=dims, StartTime=now - timedelta(minutes=5),
                                          EndTime=now + timedelta(minutes=5), Period=600, Statistics=["Sum", "SampleCount", "Maximum"])["Datapoints"]
        out[metric] = points[0]
    assert out["Invocations"]["Sum"] == 2 and out["Errors"]["Sum"] == 0
    assert out["Duration"]["SampleCount"] == 2 and out["Duration"]["Maximum"] > 0
