"""The events Step Functions puts on the default EventBridge bus as executions change status.

https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
A standard execution's RUNNING, SUCCEEDED, FAILED, TIMED_OUT and ABORTED each send a
`Step Functions Execution Status Change` event from `aws.states`, through EventBridge's
own PutEvents (`services.call`), scheduled so the execution never waits for it. Express
executions send none, as on AWS. Without an EventBridge service nothing is sent.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions.models import Execution

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.stepfunctions")


def _millis(value: float | None) -> int | None:
    return None if value is None else int(value * 1000)


def status_change(runtime: Runtime, ex: Execution) -> None:
    if ex.express or services.get("events") is None:
        return
    parts = ex.arn.split(":")
    region, account = parts[3], parts[4]
    detail: dict[str, Any] = {
        "executionArn": ex.arn, "stateMachineArn": ex.machine_arn, "name": ex.name, "status": ex.status,
        "startDate": _millis(ex.start), "stopDate": _millis(ex.stop), "input": ex.input, "output": ex.output,
        "inputDetails": {"included": True}, "outputDetails": {"included": ex.output is not None},
        "error": ex.error, "cause": ex.cause,
    }
    entry = {"Source": "aws.states", "DetailType": "Step Functions Execution Status Change", "Resources": [ex.arn],
             "Detail": json.dumps(detail), "EventBusName": "default"}

    async def send() -> None:
        try:
            await services.call(runtime, "events", "PutEvents", {"Entries": [entry]}, account, region)
        except AwsError as error:
            log.info("stepfunctions: status event for %s not sent: %s", ex.arn, error.message)

    runtime.scheduler.after(0, send)
