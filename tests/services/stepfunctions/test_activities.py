"""Activities: a worker long-polls GetActivityTask and answers with the task token."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.stepfunctions.conftest import finished, types


def test_activity_lifecycle(sfn: Any) -> None:
    arn = sfn.create_activity(name="work")["activityArn"]
    assert arn == "arn:aws:states:us-east-1:000000000000:activity:work"
    assert sfn.create_activity(name="work")["activityArn"] == arn
    assert sfn.describe_activity(activityArn=arn)["name"] == "work"
    assert [a["name"] for a in sfn.list_activities()["activities"]] == ["work"]
    sfn.delete_activity(activityArn=arn)
    with pytest.raises(ClientError) as error:
        sfn.describe_activity(activityArn=arn)
    assert error.value.response["Error"]["Code"] == "ActivityDoesNotExist"


def test_worker_takes_and_completes_a_task(sfn: Any, machine: Callable[..., str]) -> None:
    activity = sfn.create_activity(name="doubler")["activityArn"]
    arn = machine({"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}})
    got: dict[str, Any] = {}
    poll = threading.Thread(target=lambda: got.update(sfn.get_activity_task(activityArn=activity, workerName="w1")))
    poll.start()  # the worker polls before any task exists: the long poll hands it the task when it comes
    ex = sfn.start_execution(stateMachineArn=arn, input='{"n": 4}')["executionArn"]
    poll.join(timeout=60)
    assert json.loads(got["input"]) == {"n": 4}
    sfn.send_task_success(taskToken=got["taskToken"], output=json.dumps({"n": 8}))
    out = finished(sfn, ex)
    assert out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {"n": 8}
    assert types(sfn, ex) == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted",
                              "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"]
    # A task queued before any worker polls waits for one.
    second = sfn.start_execution(stateMachineArn=arn, input='{"n": 1}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="w2")
    sfn.send_task_failure(taskToken=task["taskToken"], error="Worker.Error", cause="nope")
    failed = finished(sfn, second)
    assert (failed["status"], failed["error"]) == ("FAILED", "Worker.Error")
