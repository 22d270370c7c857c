"""The AWS CLI against CloudWatch's newer operations: a Contributor Insights report and a log
alarm (the CLI's own model predates resource metrics configurations)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from cumulo.testing import CumuloServer


def test_aws_cli(cumulo: CumuloServer, cw: Any) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}

    def cli(*args: str) -> Any:
        out = subprocess.run([sys.executable, "-m", "awscli", "cloudwatch", *args, "--endpoint-url", cumulo.url, "--output", "json"],
                             capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout) if out.stdout.strip() else None

    rule = {"Schema": {"Name": "CloudWatchLogRule", "Version": 1}, "LogGroupNames": ["/cli"], "LogFormat": "JSON",
            "Contribution": {"Keys": ["$.ip"], "Filters": []}, "AggregateOn": "Count"}
    cw.put_insight_rule(RuleName="ips", RuleDefinition=json.dumps(rule))  # set up through boto3: the CLI starts slowly
    report = cli("get-insight-rule-report", "--rule-name", "ips", "--start-time", "2026-01-01T00:00:00Z",
                 "--end-time", "2026-01-01T01:00:00Z", "--period", "60")
    assert report["KeyLabels"] == ["$.ip"] and report["Contributors"] == []
    cw.put_log_alarm(AlarmName="errors", Threshold=1, ComparisonOperator="GreaterThanThreshold", QueryResultsToEvaluate=1,
                     QueryResultsToAlarm=1, ScheduledQueryConfiguration={
                         "QueryString": "filter level = 'ERROR'", "LogGroupIdentifiers": ["/cli"], "ScheduledQueryRoleARN": "arn:aws:iam::000000000000:role/r",
                         "ScheduleConfiguration": {"ScheduleExpression": "rate(1 minute)", "StartTimeOffset": 60}, "AggregationExpression": "count(*)"})
    alarms = cli("describe-alarms", "--alarm-types", "LogAlarm")["LogAlarms"]
    assert [(a["AlarmName"], a["StateValue"]) for a in alarms] == [("errors", "INSUFFICIENT_DATA")]
