"""Execution history to CloudWatch Logs, as a state machine's `loggingConfiguration` asks.

https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
Each history event an execution writes becomes one log event in the configured log
group, as AWS writes it: `{"id", "type", "details", "previous_event_id",
"event_timestamp", "execution_arn", "redrive_count"}`, numbers as strings, the
details' `input`/`output` left out unless `includeExecutionData`. The level picks the
events: ALL every one, ERROR the failures (`...Failed`, `...TimedOut`, `...Aborted`),
FATAL only the execution's own failure. Each execution writes to its own stream,
`states/<machine>/<yyyy-mm-dd-HH-MM>/<hex>`. Events are sent through CloudWatch Logs'
own PutLogEvents (`services.call`), off the execution's path: publishing never blocks
or fails an execution, as on AWS; an unusable destination is logged and dropped.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.services.stepfunctions.models import Execution

log = logging.getLogger("cumulo.stepfunctions")

_FATAL = frozenset({"ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"})
_ERROR_SUFFIXES = ("Failed", "TimedOut", "Aborted", "StartFailed", "SubmitFailed")


def _wanted(level: str, kind: str) -> bool:
    if level == "ALL":
        return True
    if level == "FATAL":
        return kind in _FATAL
    return level == "ERROR" and kind.endswith(_ERROR_SUFFIXES)


def _group(arn: str) -> tuple[str, str, str] | None:
    """(region, account, log group name) of a log group ARN, with or without its ':*'."""
    parts = arn.split(":", 6)
    if len(parts) < 7 or parts[2] != "logs" or not parts[5] == "log-group":
        # arn:aws:logs:<region>:<account>:log-group:<name>[:*]
        return None
    name = parts[6]
    if name.endswith(":*"):
        name = name[:-2]
    return parts[3], parts[4], name


class ExecutionLog:
    """The log events of one execution, sent as they are written."""

    def __init__(self, runtime: Runtime, execution: Execution, config: dict[str, Any]) -> None:
        self.runtime, self.ex = runtime, execution
        self.level = config.get("level") or "OFF"
        self.with_data = bool(config.get("includeExecutionData"))
        destinations = config.get("destinations") or []
        arn = ((destinations[0] if destinations else {}).get("cloudWatchLogsLogGroup") or {}).get("logGroupArn", "")
        self.group = _group(arn)
        machine = execution.machine_arn.split(":")[6]
        minute = datetime.fromtimestamp(execution.start, tz=timezone.utc).strftime("%Y-%m-%d-%H-%M")
        self.stream = f"states/{machine}/{minute}/{uuid.uuid4().hex[:8]}"
        self.pending: list[dict[str, Any]] = []
        self.stream_made = False

    @classmethod
    def of(cls, runtime: Runtime, execution: Execution, config: dict[str, Any] | None) -> ExecutionLog | None:
        """The log for an execution of a machine with this configuration; None when off."""
        if not config or (config.get("level") or "OFF") == "OFF" or services.get("logs") is None:
            return None
        made = cls(runtime, execution, config)
        return made if made.group is not None else None

    def add(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        if not _wanted(self.level, kind):
            return
        details = next((v for k, v in event.items() if k.endswith("EventDetails")), None)
        if details is not None and not self.with_data:
            details = {k: v for k, v in details.items() if k not in ("input", "output")}
        record: dict[str, Any] = {
            "id": str(event["id"]),
            "type": kind,
            "details": details or {},
            "previous_event_id": str(event["previousEventId"]),
            "event_timestamp": str(int(event["timestamp"] * 1000)),
            "execution_arn": self.ex.arn,
            "redrive_count": str(self.ex.redrive_count),
        }
        self.pending.append({"timestamp": int(event["timestamp"] * 1000), "message": json.dumps(record, separators=(",", ":"))})

    def flush(self) -> None:
        """Send what is pending, in the background."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        self.runtime.scheduler.after(0, lambda: self._send(batch))

    async def _send(self, batch: list[dict[str, Any]]) -> None:
        assert self.group is not None
        region, account, group = self.group
        try:
            if not self.stream_made:
                try:
                    await services.call(self.runtime, "logs", "CreateLogStream", {"logGroupName": group, "logStreamName": self.stream}, account, region)
                except AwsError as error:
                    if error.code != "ResourceAlreadyExistsException":
                        raise
                self.stream_made = True
            await services.call(
                self.runtime, "logs", "PutLogEvents", {"logGroupName": group, "logStreamName": self.stream, "logEvents": batch}, account, region
            )
        except AwsError as error:
            log.info("stepfunctions: execution log for %s not delivered: %s", self.ex.arn, error.message)
