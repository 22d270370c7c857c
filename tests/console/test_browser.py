"""The console in a real browser: Debian's headless Chromium, driven by Selenium through chromedriver.

Resources are made through boto3, seen and changed in the console, and each change
is checked through boto3 again. Every view's screenshot is written under the test
run's temporary folder (printed at the end; `CUMULO_CONSOLE_SCREENSHOTS` picks a
folder instead) and checked to be a non-empty PNG. Skipped, saying why, when
Chromium, chromedriver or Selenium is missing (scripts/test.sh installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cumulo.testing import CumuloServer
from tests.console.conftest import ACCOUNT, REGION, make_function

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - the skip below says so
    webdriver = None

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None or webdriver is None,
    reason="browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver) and selenium",
)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000"]


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CUMULO_CONSOLE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("console-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="cumulo-chromium-")  # a fresh profile: a cold cache
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def ui(cumulo: CumuloServer, driver: Any, shots: Path) -> Iterator[Any]:
    """The console on the test server, with helpers; fails the test on any JavaScript error."""
    yield Console(cumulo, driver, shots)
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert errors == []


class Console:
    def __init__(self, server: CumuloServer, driver: Any, shots: Path) -> None:
        self.server, self.driver, self.shots = server, driver, shots
        self.base = f"{server.url}/_cumulo/console/"

    def open(self, fragment: str = "") -> None:
        self.driver.get(self.base + "#/" + fragment)
        self.driver.refresh()  # a hash change alone would not reload a page already open on it
        self.wait(lambda d: "Loading" not in d.find_element(By.ID, "main").text)

    def wait(self, condition: Callable[[Any], Any], timeout: float = 15) -> Any:
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)).until(condition)
        except TimeoutException:
            self.shot("timeout")
            raise

    def text_appears(self, text: str, timeout: float = 15) -> None:
        self.wait(lambda d: text in d.find_element(By.ID, "main").text, timeout)

    def css(self, selector: str) -> Any:
        return self.wait(lambda d: d.find_element(By.CSS_SELECTOR, selector))

    def click_text(self, text: str, tag: str = "a") -> None:
        self.wait(lambda d: d.find_element(By.XPATH, f"//{tag}[normalize-space()={json.dumps(text)}]")).click()

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000, f"empty screenshot {path}"
        return path


def test_resources_made_through_boto3_appear_with_their_details(ui: Console, aws: Any, shots: Path) -> None:
    aws("sqs").create_queue(QueueName="orders", tags={"team": "billing"})
    aws("s3").create_bucket(Bucket="photos")
    ui.driver.get(ui.base)  # the first page this fresh profile loads: a cold cache
    ui.text_appears("Resources in")
    timing = ui.driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "const assets = performance.getEntriesByType('resource').filter((r) => !r.name.includes('/api/'));"
        "return {load: n.loadEventEnd, rendered: performance.now(), bytes: n.transferSize + assets.reduce((a, r) => a + r.transferSize, 0)};")
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
