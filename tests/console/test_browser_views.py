"""More of the console in headless Chromium: Step Functions paths, log streams, SNS, presigned links,
the clock and IAM controls, and the token rule as a browser meets it on a wide bind."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from cumulo.config import Config
from cumulo.testing import CumuloServer
from tests.console.conftest import ACCOUNT, REGION, By, Console, Select, browser_required

pytestmark = browser_required
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sfn"


def test_a_step_functions_execution_shows_its_path(ui: Console, aws: Any) -> None:
    sfn = aws("stepfunctions")
    definition = {"StartAt": "Check", "States": {"Check": {"Type": "Pass", "Result": {"ok": True}, "Next": "Ship"},
                                                  "Ship": {"Type": "Pass", "End": True}}}
    arn = sfn.create_state_machine(name="orders", definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, name="first", input='{"id": 7}')["executionArn"]
    deadline = time.monotonic() + 15
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
    key = httpx.get(ui.base + "api/resources/stepfunctions", params={"account": ACCOUNT, "region": REGION, "table": "machines"}).json()["items"][0]["key"]
    ui.open(f"item/stepfunctions/{ACCOUNT}/{REGION}/machines/{key}")
    ui.wait(lambda d: "SUCCEEDED" in d.find_element(By.CSS_SELECTOR, '[data-test="executions"]').text)
    ui.click_text("first")
    ui.wait(lambda d: "Ship" in d.find_element(By.CSS_SELECTOR, '[data-test="path"]').text)
    assert ui.css('[data-test="path"]').text.replace("\n", " ") == "Start → Check → Ship → SUCCEEDED"
    visited = [n.get_attribute("data-state") for n in ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="graph"] .node.visited')]
    assert visited == ["Check", "Ship"]
    ui.shot("stepfunctions-execution")


def test_a_log_stream_shows_its_events(ui: Console, aws: Any) -> None:
    logs = aws("logs")
    logs.create_log_group(logGroupName="/app/web")
    logs.create_log_stream(logGroupName="/app/web", logStreamName="instance-1")
    logs.put_log_events(logGroupName="/app/web", logStreamName="instance-1", logEvents=[{"timestamp": int(time.time() * 1000), "message": "GET / 200"}])
    ui.open(f"item/logs/{ACCOUNT}/{REGION}/groups/%2Fapp%2Fweb")
    ui.click_text("instance-1")
    ui.wait(lambda d: "GET / 200" in d.find_element(By.CSS_SELECTOR, '[data-test="log-events"]').text)
    ui.shot("logs-stream")


def test_an_sns_message_published_from_the_console_reaches_its_queue(ui: Console, aws: Any) -> None:
    sns, sqs = aws("sns"), aws("sqs")
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    url = sqs.create_queue(QueueName="alert-inbox")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    ui.open(f"item/sns/{ACCOUNT}/{REGION}/topics/alerts")
    ui.css('[data-test="publish-body"]').send_keys("disk full")
    ui.css('[data-test="publish"]').click()
    ui.wait(lambda d: "disk full" in d.find_element(By.CSS_SELECTOR, '[data-test="published"]').text)
    ui.shot("sns-topic")
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)["Messages"][0]["Body"] == "disk full"


def test_a_presigned_link_downloads_the_object(ui: Console, aws: Any) -> None:
    aws("s3").create_bucket(Bucket="shared")
    aws("s3").put_object(Bucket="shared", Key="report.csv", Body=b"a,b\n1,2\n")
    ui.open("item/s3/_global/_global/buckets/shared")
    ui.css('[data-presign="report.csv"]').click()
    link = ui.css('[data-test="presigned"]').text.removesuffix("copy").strip()
    assert "X-Amz-Signature=" in link
    assert httpx.get(link).content == b"a,b\n1,2\n"


def test_the_clock_moves_and_iam_switches_to_audit_from_the_controls(ui: Console, cumulo: CumuloServer) -> None:
    try:
        ui.open("controls")
        before = cumulo.runtime.clock.offset
        advance = ui.css('[data-test="advance"]')
        advance.clear()
        advance.send_keys("7200")
        ui.css('[data-test="advance-go"]').click()
        ui.wait(lambda d: "offset 7200 s" in d.find_element(By.ID, "clock").text)
        assert round(cumulo.runtime.clock.offset - before) == 7200
        Select(ui.css('[data-test="iam-mode"]')).select_by_value("audit")
        ui.css('[data-test="iam-go"]').click()
        ui.wait(lambda d: "IAM audit" in d.find_element(By.ID, "status").text)
        assert cumulo.runtime.config.enforce_iam == "audit"
    finally:
        cumulo.runtime.config.enforce_iam = ""


def test_on_a_wide_bind_the_printed_link_opens_the_console_and_its_live_log(driver: Any, shots: Any) -> None:
    server = CumuloServer(Config(host="0.0.0.0", log_level="warning")).start()
    try:
        token = server.runtime.config.console_token
        base = f"http://127.0.0.1:{server.port}/_cumulo/console/"
        driver.get(base)
        assert "token" in driver.find_element(By.TAG_NAME, "body").text  # refused: no token
        ui = Console(server, driver, shots)
        ui.base = base
        driver.get(f"{base}?token={token}#/log")
        ui.wait(lambda d: "live" in d.find_element(By.ID, "log-state").text)
        assert "token" not in driver.current_url  # kept in the cookie, not the address bar
        httpx.post(f"http://127.0.0.1:{server.port}/", data={"Action": "ListQueues"},
                   headers={"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x"})
        ui.wait(lambda d: "ListQueues" in d.find_element(By.CSS_SELECTOR, '[data-test="log"]').text)
        ui.shot("wide-bind-log")
    finally:
        driver.get("about:blank")  # closes the event stream before the server stops
        server.stop()


def test_a_metric_is_charted(ui: Console, aws: Any) -> None:
    cw = aws("cloudwatch")
    now = time.time()
    cw.put_metric_data(Namespace="Shop", MetricData=[
        {"MetricName": "Orders", "Dimensions": [{"Name": "Store", "Value": "north"}], "Timestamp": now - 60 * i, "Value": float(i)} for i in range(5)])
    key = httpx.get(ui.base + "api/resources/cloudwatch", params={"account": ACCOUNT, "region": REGION, "table": "series"}).json()["items"][0]["key"]
    ui.open(f"item/cloudwatch/{ACCOUNT}/{REGION}/series/{key}")
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-test="chart"] circle')) >= 5)
    ui.shot("cloudwatch-chart")


def test_a_dynamodb_query_pages_through_a_partition(ui: Console, aws: Any) -> None:
    ddb = aws("dynamodb")
    ddb.create_table(TableName="events", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    for i in range(30):
        ddb.put_item(TableName="events", Item={"pk": {"S": "user-1"}, "sk": {"S": f"2026-{i:02d}"}})
    ddb.put_item(TableName="events", Item={"pk": {"S": "user-2"}, "sk": {"S": "2026-00"}})
    ui.open(f"item/dynamodb/{ACCOUNT}/{REGION}/tables/events")
    ui.click_text("Query", "button")
    ui.css('[data-test="query-value"]').send_keys("user-1")
    Select(ui.css('[data-test="query-op"]')).select_by_value("begins_with")
    ui.css('[data-test="query-sort"]').send_keys("2026-")
    ui.css('[data-test="query-go"]').click()
    ui.wait(lambda d: "25 item(s)" in d.find_element(By.ID, "data").text)
    ui.css('[data-test="items-next"]').click()
    ui.wait(lambda d: "5 item(s)" in d.find_element(By.ID, "data").text and "2026-29" in d.find_element(By.CSS_SELECTOR, '[data-test="items"]').text)
    assert "user-2" not in ui.css('[data-test="items"]').text
    ui.shot("dynamodb-query")
