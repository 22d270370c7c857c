"""The AWS CLI against EventBridge, Scheduler and Pipes: a rule, a target, an event put and received;
a schedule; a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from cumulo.testing import CumuloServer


def test_aws_cli_routes_an_event_and_manages_schedules_and_pipes(cumulo: CumuloServer, make_queue, drain) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}

    def cli(*args: str) -> Any:
        out = subprocess.run([sys.executable, "-m", "awscli", *args, "--endpoint-url", cumulo.url, "--output", "json"],
                             capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout) if out.stdout.strip() else None

    url, arn = make_queue("cli")
    assert cli("events", "put-rule", "--name", "cli", "--event-pattern", '{"source": ["cli.app"]}')["RuleArn"].endswith(":rule/cli")
    cli("events", "put-targets", "--rule", "cli", "--targets", json.dumps([{"Id": "q", "Arn": arn, "InputPath": "$.detail"}]))
    entries = json.dumps([{"Source": "cli.app", "DetailType": "t", "Detail": '{"from": "cli"}'}])
    assert cli("events", "put-events", "--entries", entries)["FailedEntryCount"] == 0
    assert [m["Json"] for m in drain(url)] == [{"from": "cli"}]
    cli("scheduler", "create-schedule", "--name", "s", "--schedule-expression", "rate(1 hour)",
        "--flexible-time-window", "Mode=OFF", "--target", json.dumps({"Arn": arn, "RoleArn": "arn:aws:iam::000000000000:role/r"}))
    assert [s["Name"] for s in cli("scheduler", "list-schedules")["Schedules"]] == ["s"]
    _, source = make_queue("cli-source")
    cli("pipes", "create-pipe", "--name", "p", "--role-arn", "arn:aws:iam::000000000000:role/r", "--source", source, "--target", arn)
    assert cli("pipes", "describe-pipe", "--name", "p")["Source"] == source
