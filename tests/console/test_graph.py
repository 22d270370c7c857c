"""A Step Functions execution's path drawn through its graph, into a Parallel state's branches and a Map's item processor."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
from tests.console.conftest import ACCOUNT, REGION, By, Console, browser_required

pytestmark = browser_required
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sfn"
DEFINITION = {
    "StartAt": "Fan",
    "States": {
        "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "Next": "RightAgain"}, "RightAgain": {"Type": "Pass", "End": True}}},
        ]},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "Next": "Never", "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Item", "States": {"Item": {"Type": "Fail", "Error": "Bad", "Cause": "no"}}}},
        "Never": {"Type": "Succeed"},
    },
}


def test_a_parallel_and_a_map_are_drawn_with_the_path_inside_them(ui: Console, aws: Any) -> None:
    sfn = aws("stepfunctions")
    arn = sfn.create_state_machine(name="fanout", definition=json.dumps(DEFINITION), roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, name="run-1", input=json.dumps({"items": [1]}))["executionArn"]
    deadline = time.monotonic() + 15
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sfn.describe_execution(executionArn=execution)["status"] == "FAILED"
    key = httpx.get(ui.base + "api/resources/stepfunctions", params={"account": ACCOUNT, "region": REGION, "table": "machines"}).json()["items"][0]["key"]
    ui.open(f"item/stepfunctions/{ACCOUNT}/{REGION}/machines/{key}")
    ui.click_text("run-1")
    ui.css('[data-test="graph"]')
    branches = ui.driver.find_elements(By.CSS_SELECTOR, '[data-state="Fan"] [data-test="branch"]')
    assert [[n.get_attribute("data-state") for n in b.find_elements(By.CSS_SELECTOR, ".node")] for b in branches] == [["Left"], ["Right", "RightAgain"]]
    visited = {n.get_attribute("data-state") for n in ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="graph"] .node.visited')}
    assert visited == {"Fan", "Left", "Right", "RightAgain"}
    assert ui.css('[data-state="Each"]').get_attribute("class") == "node failed"  # where the execution failed
    assert ui.css('[data-state="Each"] [data-test="branch"] [data-state="Item"]')  # the Map's item processor, drawn inside it
    ui.shot("stepfunctions-parallel-map")
