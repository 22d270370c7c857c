"""The AWS CLI (v1, with its own botocore) against Logs and CloudWatch.

`aws logs tail --follow` is a CLI v2 command: v1 has no `logs tail`, so it cannot be
run here; filter-log-events, which `tail` polls, is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from typing import Any

import pytest

from cumulo.testing import CumuloServer

pytestmark = pytest.mark.skipif(shutil.which("aws") is None, reason="needs the AWS CLI")


def _aws(cumulo: CumuloServer, *args: str) -> Any:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    done = subprocess.run(["aws", "--endpoint-url", cumulo.url, "--output", "json", *args], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


def test_cli_logs_and_metrics(cumulo: CumuloServer) -> None:
    _aws(cumulo, "logs", "create-log-group", "--log-group-name", "cli")
    _aws(cumulo, "logs", "create-log-stream", "--log-group-name", "cli", "--log-stream-name", "s")
    now = int(time.time() * 1000)
    events = json.dumps([{"timestamp": now, "message": "ERROR from the cli"}, {"timestamp": now + 1, "message": "fine"}])
    _aws(cumulo, "logs", "put-log-events", "--log-group-name", "cli", "--log-stream-name", "s", "--log-events", events)
    found = _aws(cumulo, "logs", "filter-log-events", "--log-group-name", "cli", "--filter-pattern", "ERROR")
    assert [e["message"] for e in found["events"]] == ["ERROR from the cli"]
    _aws(cumulo, "cloudwatch", "put-metric-data", "--namespace", "Cli", "--metric-name", "Hits", "--value", "3")
    metrics = _aws(cumulo, "cloudwatch", "list-metrics", "--namespace", "Cli")
    assert [m["MetricName"] for m in metrics["Metrics"]] == ["Hits"]
    _aws(cumulo, "cloudwatch", "put-metric-alarm", "--alarm-name", "cli-alarm", "--namespace", "Cli", "--metric-name", "Hits",
         "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanThreshold")
    alarms = _aws(cumulo, "cloudwatch", "describe-alarms", "--alarm-names", "cli-alarm")
    assert alarms["MetricAlarms"][0]["AlarmName"] == "cli-alarm"
