"""The console in a real browser: Debian's headless Chromium, driven by Selenium through chromedriver.

Resources are made through boto3, seen and changed in the console, and each change
is checked through boto3 again. Every view's screenshot is written under the test
run's temporary folder (printed at the end; `CUMULO_CONSOLE_SCREENSHOTS` picks a
folder instead) and checked to be a non-empty PNG. Skipped, saying why, when
Chromium, chromedriver or Selenium is missing (scripts/test.sh installs them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.console.conftest import ACCOUNT, REGION, By, Console, Select, browser_required, make_function

pytestmark = browser_required


def test_resources_made_through_boto3_appear_with_their_details(ui: Console, aws: Any, shots: Path) -> None:
    aws("sqs").create_queue(QueueName="orders", tags={"team": "billing"})
    aws("s3").create_bucket(Bucket="photos")
    ui.driver.get(ui.base)  # the first page this fresh profile loads: a cold cache
    ui.text_appears("Resources in")
    ui.wait(lambda d: d.execute_script("return performance.getEntriesByName('cumulo:rendered').length"))
    timing = ui.driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "const assets = performance.getEntriesByType('resource').filter((r) => !r.name.includes('/api/'));"
        "return {load: n.loadEventEnd, rendered: performance.getEntriesByName('cumulo:rendered')[0].startTime, bytes: n.transferSize + assets.reduce((a, r) => a + r.transferSize, 0)};")
    (shots / "first-load.json").write_text(json.dumps(timing))
    print(f"\nconsole first load (cold): load event {timing['load']:.0f} ms, rendered by {timing['rendered']:.0f} ms, "
          f"{timing['bytes']} bytes; screenshots in {shots}")
    ui.shot("home")
    ui.css('aside a[data-service="sqs"]').click()
    ui.click_text("queues")
    ui.css('[data-test="resources"]')
    ui.shot("sqs-queues")
    ui.click_text("orders")
    ui.text_appears(f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders")
    assert "billing" in ui.css('[data-test="tags"]').text
    ui.shot("sqs-queue-detail")
    ui.css('aside a[data-service="s3"]').click()
    ui.click_text("buckets")
    ui.click_text("photos")
    ui.text_appears("arn:aws:s3:::photos")


def test_an_s3_object_opens_and_an_upload_lands_in_the_bucket(ui: Console, aws: Any, tmp_path: Path) -> None:
    s3 = aws("s3")
    s3.create_bucket(Bucket="docs")
    s3.put_object(Bucket="docs", Key="notes/today.txt", Body=b"remember the milk", ContentType="text/plain")
    ui.open("item/s3/_global/_global/buckets/docs")
    ui.css('[data-prefix="notes/"]').click()
    ui.css('[data-object="notes/today.txt"]').click()
    ui.text_appears("remember the milk")
    ui.shot("s3-object")
    upload = tmp_path / "hello.txt"
    upload.write_text("uploaded from the browser")
    ui.css('[data-test="upload-file"]').send_keys(str(upload))
    ui.css('[data-test="upload"]').click()
    ui.wait(lambda d: "hello.txt" in d.find_element(By.CSS_SELECTOR, '[data-test="objects"]').text)
    assert s3.get_object(Bucket="docs", Key="notes/hello.txt")["Body"].read() == b"uploaded from the browser"


def test_sqs_messages_are_peeked_without_receiving_and_sent(ui: Console, aws: Any) -> None:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName="work")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="job-1")
    ui.open(f"item/sqs/{ACCOUNT}/{REGION}/queues/work")
    ui.wait(lambda d: "job-1" in d.find_element(By.CSS_SELECTOR, '[data-test="messages"]').text)
    ui.shot("sqs-peek")
    ui.css('[data-test="send-body"]').send_keys("job-2")
    ui.css('[data-test="send"]').click()
    ui.wait(lambda d: "job-2" in d.find_element(By.CSS_SELECTOR, '[data-test="messages"]').text)
    bodies = sorted(m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"])
    assert bodies == ["job-1", "job-2"]  # peeking received nothing: both still visible


def test_a_dynamodb_item_is_edited_in_plain_json_and_read_back_through_boto3(ui: Console, aws: Any) -> None:
    ddb = aws("dynamodb")
    ddb.create_table(TableName="users", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName="users", Item={"id": {"S": "u1"}, "name": {"S": "Ada"}, "visits": {"N": "1"}})
    ui.open(f"item/dynamodb/{ACCOUNT}/{REGION}/tables/users")
    ui.wait(lambda d: "Ada" in d.find_element(By.CSS_SELECTOR, '[data-test="items"]').text)
    ui.css('[data-test="item-edit"]').click()
    editor = ui.css('[data-test="item-json"]')
    assert json.loads(editor.get_attribute("value")) == {"id": "u1", "name": "Ada", "visits": 1}
    Select(ui.css('[data-test="item-mode"]')).select_by_value("ddb")
    assert json.loads(editor.get_attribute("value"))["visits"] == {"N": "1"}
    Select(ui.css('[data-test="item-mode"]')).select_by_value("plain")
    editor.clear()
    editor.send_keys(json.dumps({"id": "u1", "name": "Ada Lovelace", "visits": 2, "langs": ["en"]}))
    ui.shot("dynamodb-editor")
    ui.css('[data-test="item-save"]').click()
    ui.wait(lambda d: "Ada Lovelace" in d.find_element(By.CSS_SELECTOR, '[data-test="items"]').text)
    item = ddb.get_item(TableName="users", Key={"id": {"S": "u1"}})["Item"]
    assert item == {"id": {"S": "u1"}, "name": {"S": "Ada Lovelace"}, "visits": {"N": "2"}, "langs": {"L": [{"S": "en"}]}}


def test_a_lambda_function_is_invoked_with_its_result_and_logs(ui: Console, aws: Any) -> None:
    make_function(aws, "doubler")
    ui.open(f"item/lambda/{ACCOUNT}/{REGION}/functions/doubler")
    payload = ui.css('[data-test="payload"]')
    payload.clear()
    payload.send_keys('{"n": 21}')
    ui.css('[data-test="invoke"]').click()
    ui.wait(lambda d: "42" in d.find_element(By.CSS_SELECTOR, '[data-test="invoke-result"]').text, timeout=60)
    result = ui.css('[data-test="invoke-result"]').text
    assert "Status 200" in result and '"doubled": 42' in result and "console says" in result
    ui.shot("lambda-invoke")
    ui.click_text("Code", "button")
    ui.wait(lambda d: "lib/util.py" in d.find_element(By.CSS_SELECTOR, '[data-test="code-files"]').text)
    ui.click_text("app.py")
    ui.text_appears("def handler")
    ui.shot("lambda-code")
    ui.click_text("Recent invocations", "button")
    ui.wait(lambda d: '{"n": 21}' in d.find_element(By.CSS_SELECTOR, '[data-test="invocations"]').text)
    assert '"doubled": 42' in ui.css('[data-test="invocations"]').text


def test_requests_appear_in_the_live_log_with_errors_highlighted(ui: Console, aws: Any) -> None:
    httpx.post(ui.base + "api/log/clear")  # only this test's requests
    ui.open("log")
    ui.wait(lambda d: "live" in d.find_element(By.ID, "log-state").text)
    sqs = aws("sqs")
    sqs.create_queue(QueueName="watched")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="not-there")
    log = '[data-test="log"]'
    ui.wait(lambda d: "CreateQueue" in d.find_element(By.CSS_SELECTOR, log).text and "QueueDoesNotExist" in d.find_element(By.CSS_SELECTOR, log).text)
    bad = ui.driver.find_elements(By.CSS_SELECTOR, f"{log} tr.bad")
    assert len(bad) == 1 and "GetQueueUrl" in bad[0].text and "400" in bad[0].text
    filter_box = ui.css('[data-test="log-filter"]')
    filter_box.send_keys("CreateQueue")
    ui.wait(lambda d: "GetQueueUrl" not in d.find_element(By.CSS_SELECTOR, log).text)
    ui.shot("live-log")


def test_a_service_is_reset_from_the_controls(ui: Console, aws: Any) -> None:
    aws("sqs").create_queue(QueueName="temporary")
    aws("sns").create_topic(Name="lasting")
    ui.open("controls")
    Select(ui.css('[data-test="reset-service"]')).select_by_value("sqs")
    ui.shot("controls")
    ui.css('[data-test="reset-one"]').click()
    ui.wait(lambda d: d.switch_to.alert).accept()
    ui.wait(lambda d: "sqs reset" in d.find_element(By.ID, "toast").text)
    assert aws("sqs").list_queues().get("QueueUrls", []) == []
    assert len(aws("sns").list_topics()["Topics"]) == 1


def test_everything_is_reset_and_a_snapshot_loaded_back_from_the_controls(ui: Console, aws: Any, tmp_path: Path) -> None:
    aws("sqs").create_queue(QueueName="saved")
    snapshot = tmp_path / "state.tar"
    snapshot.write_bytes(httpx.get(ui.server.url + "/_cumulo/state").content)
    ui.open("controls")
    ui.css('[data-test="reset-all"]').click()
    ui.wait(lambda d: d.switch_to.alert).accept()
    ui.wait(lambda d: "Everything reset" in d.find_element(By.ID, "toast").text)
    assert aws("sqs").list_queues().get("QueueUrls", []) == []
    ui.css('[data-test="snapshot-file"]').send_keys(str(snapshot))
    ui.css('[data-test="snapshot-upload"]').click()
    ui.wait(lambda d: "Snapshot loaded" in d.find_element(By.ID, "toast").text)
    assert [u.rsplit("/", 1)[1] for u in aws("sqs").list_queues()["QueueUrls"]] == ["saved"]
