"""Deliveries in the console: what an EventBridge rule and an SNS topic delivered, and where, each
made through boto3 and seen in the rule's or topic's view."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx
from tests.console.conftest import ACCOUNT, REGION, By, Console, browser_required

pytestmark = browser_required


def queue(aws: Any, name: str) -> tuple[str, str]:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def test_an_eventbridge_rule_shows_its_deliveries(ui: Console, aws: Any) -> None:
    events = aws("events")
    url, arn = queue(aws, "order-events")
    events.put_rule(Name="orders-placed", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="orders-placed", Targets=[{"Id": "inbox", "Arn": arn}])
    events.put_events(Entries=[{"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps({"id": 42})}])
    assert aws("sqs").receive_message(QueueUrl=url, WaitTimeSeconds=5)["Messages"]  # delivered for real
    key = httpx.get(ui.base + "api/resources/events", params={"account": ACCOUNT, "region": REGION, "table": "rules"}).json()["items"][0]["key"]
    ui.open(f"item/events/{ACCOUNT}/{REGION}/rules/{quote(key, safe='')}")
    ui.wait(lambda d: arn in d.find_element(By.CSS_SELECTOR, '[data-test="deliveries"]').text)
    row = ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="deliveries"] tr')[1].text
    assert "OrderPlaced" in row and '"id":42' in row.replace(" ", "")
    ui.shot("eventbridge-rule-deliveries")
    ui.css('[data-test="deliveries"] a[href*="/sqs/"]').click()  # the target's ARN links to the queue's view
    ui.text_appears("order-events")
    assert "#/item/sqs/" in ui.driver.current_url


def test_an_sns_topic_shows_where_its_messages_were_delivered(ui: Console, aws: Any) -> None:
    sns = aws("sns")
    _, arn = queue(aws, "billing-inbox")
    topic = sns.create_topic(Name="billing")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    message_id = sns.publish(TopicArn=topic, Message="invoice 7 paid")["MessageId"]
    ui.open(f"item/sns/{ACCOUNT}/{REGION}/topics/billing")
    ui.wait(lambda d: message_id in d.find_element(By.CSS_SELECTOR, '[data-test="deliveries"]').text)
    row = ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="deliveries"] tr')[1].text
    assert "sqs" in row and arn in row
    ui.shot("sns-topic-deliveries")
