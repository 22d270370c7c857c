"""CloudFormation stacks in the console: a stack deployed through boto3, its status, parameters,
outputs, template and events, and its resources linked to their own services' views."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx
from tests.console.conftest import ACCOUNT, REGION, By, Console, browser_required

TEMPLATE = {
    "Description": "orders pipeline",
    "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
    "Resources": {
        "Inbox": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "inbox-${Env}"}}},
        "Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "stack-alerts"}},
        "Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "TableName": "stack-orders", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}},
        "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
    },
    "Outputs": {"QueueArn": {"Value": {"Fn::GetAtt": ["Inbox", "Arn"]}, "Description": "the inbox"}},
}


def deploy(aws: Any, name: str = "orders", env: str = "prod") -> str:
    cfn = aws("cloudformation")
    stack_id = cfn.create_stack(StackName=name, TemplateBody=json.dumps(TEMPLATE), Parameters=[{"ParameterKey": "Env", "ParameterValue": env}])["StackId"]
    cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    return str(stack_id)


def test_a_stacks_resources_are_located_in_their_services(console: httpx.Client, aws: Any) -> None:
    stack_id = deploy(aws)
    listed = aws("cloudformation").list_stack_resources(StackName=stack_id)["StackResourceSummaries"]
    physical = {r["LogicalResourceId"]: (r["ResourceType"], r["PhysicalResourceId"]) for r in listed}
    order = ["Inbox", "Alerts", "Orders", "Handle"]
    found = console.post("api/locate", json={"account": ACCOUNT, "region": REGION, "resources": [
        {"type": physical[k][0], "physical": physical[k][1]} for k in order] + [{"type": "AWS::SQS::Queue", "physical": "no-such-queue"}]}).json()["found"]
    inbox, alerts, orders, handle, missing = found
    assert inbox == {"service": "sqs", "account": ACCOUNT, "region": REGION, "table": "queues", "key": "inbox-prod"}
    assert alerts is not None and alerts["service"] == "sns" and alerts["table"] == "topics"
    assert orders == {"service": "dynamodb", "account": ACCOUNT, "region": REGION, "table": "tables", "key": "stack-orders"}
    assert handle is None and missing is None  # a handle is no one's resource; a queue not there is not linked
    # Each place found is an entity the generic browser shows.
    for at in (inbox, alerts, orders):
        shown = console.get(f"api/resource/{at['service']}", params={k: at[k] for k in ("account", "region", "table", "key")})
        assert shown.status_code == 200
    # The stack itself is browsed as a resource of CloudFormation, keyed by its id.
    stacks = console.get("api/resources/cloudformation", params={"account": ACCOUNT, "region": REGION, "table": "stacks"}).json()
    assert [i["key"] for i in stacks["items"]] == [stack_id]


def test_locate_refuses_what_is_not_a_list(console: httpx.Client) -> None:
    assert console.post("api/locate", content=b"{").status_code == 400
    assert console.post("api/locate", json={"resources": "x"}).status_code == 400


@browser_required
def test_a_stack_shows_its_status_events_template_and_links_to_its_queue(ui: Console, aws: Any) -> None:
    stack_id = deploy(aws)
    ui.open(f"item/cloudformation/{ACCOUNT}/{REGION}/stacks/{quote(stack_id, safe='')}")
    ui.wait(lambda d: "CREATE_COMPLETE" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-status"]').text)
    ui.wait(lambda d: "inbox-prod" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-resources"]').text)
    ui.shot("cloudformation-stack-resources")
    ui.click_text("Events", "button")
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-test="stack-events"] tbody tr')) >= 8)
    first = ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="stack-events"] tbody tr')[0].text
    assert "orders" in first and "CREATE_COMPLETE" in first  # newest first: the stack's own completion
    ui.shot("cloudformation-stack-events")
    ui.click_text("Parameters", "button")
    ui.wait(lambda d: "prod" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-parameters"]').text)
    ui.click_text("Outputs", "button")
    ui.wait(lambda d: f"arn:aws:sqs:{REGION}:{ACCOUNT}:inbox-prod" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-outputs"]').text)
    ui.click_text("Template", "button")
    ui.wait(lambda d: '"AWS::SQS::Queue"' in d.find_element(By.CSS_SELECTOR, '[data-test="template"]').text)
    assert '\n  "Resources"' in ui.css('[data-test="template"]').get_attribute("textContent")  # pretty-printed
    ui.shot("cloudformation-stack-template")
    ui.click_text("Resources", "button")
    ui.css('[data-physical="Inbox"]').click()
    ui.text_appears(f"arn:aws:sqs:{REGION}:{ACCOUNT}:inbox-prod")
    assert "#/item/sqs/" in ui.driver.current_url
    ui.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#data button"))  # the queue's own data view
    ui.shot("cloudformation-linked-queue")
