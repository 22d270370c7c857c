"""CloudWatch Logs' live tail in the console: new events pushed as server-sent events from a
StartLiveTail session (no polling), seen over HTTP and in the browser without a reload."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import boto3
import httpx
from tests.console.conftest import ACCOUNT, REGION, By, Console, browser_required, make_function

from cumulo.config import Config
from cumulo.testing import CumuloServer


def now_ms() -> int:
    return int(time.time() * 1000)


def make_group(aws: Any, group: str, *streams: str) -> Any:
    logs = aws("logs")
    logs.create_log_group(logGroupName=group)
    for stream in streams:
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
    return logs


def sse(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """(event name, data) of each server-sent event."""
    name, data = "message", ""
    for line in lines:
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data = line[5:].strip()
        elif line == "" and data:
            yield name, data
            name, data = "message", ""


def test_the_tail_pushes_new_events_of_one_stream(cumulo: CumuloServer, aws: Any) -> None:
    logs = make_group(aws, "/app/api", "one", "two")
    logs.put_log_events(logGroupName="/app/api", logStreamName="one", logEvents=[{"timestamp": now_ms(), "message": "before the tail"}])
    params = {"group": "/app/api", "stream": "one", "account": ACCOUNT, "region": REGION}
    with httpx.stream("GET", f"{cumulo.url}/_cumulo/console/api/logs/tail", params=params, timeout=30) as response:
        assert response.status_code == 200 and response.headers["content-type"] == "text/event-stream"
        events = sse(response.iter_lines())
        name, data = next(events)
        assert name == "start" and json.loads(data)["logStreamNames"] == ["one"]
        logs.put_log_events(logGroupName="/app/api", logStreamName="two", logEvents=[{"timestamp": now_ms(), "message": "other stream"}])
        logs.put_log_events(logGroupName="/app/api", logStreamName="one", logEvents=[{"timestamp": now_ms(), "message": "GET /orders 200"}])
        name, data = next(events)
        pushed = json.loads(data)
        assert name == "message" and [e["message"] for e in pushed["events"]] == ["GET /orders 200"]
        assert pushed["events"][0]["logStreamName"] == "one" and pushed["sampled"] is False


def test_the_tail_of_a_group_filters_and_ends_when_the_group_goes(cumulo: CumuloServer, aws: Any) -> None:
    logs = make_group(aws, "/app/jobs", "a", "b")
    params = {"group": "/app/jobs", "filter": "ERROR", "account": ACCOUNT, "region": REGION}
    with httpx.stream("GET", f"{cumulo.url}/_cumulo/console/api/logs/tail", params=params, timeout=30) as response:
        events = sse(response.iter_lines())
        assert next(events)[0] == "start"
        logs.put_log_events(logGroupName="/app/jobs", logStreamName="a", logEvents=[{"timestamp": now_ms(), "message": "INFO fine"}])
        logs.put_log_events(logGroupName="/app/jobs", logStreamName="b", logEvents=[{"timestamp": now_ms(), "message": "ERROR boom"}])
        name, data = next(events)
        assert [(e["logStreamName"], e["message"]) for e in json.loads(data)["events"]] == [("b", "ERROR boom")]
        logs.delete_log_group(logGroupName="/app/jobs")
        assert next(events)[0] == "end"


def test_a_tail_of_a_missing_group_is_refused_with_logs_own_error(console: httpx.Client) -> None:
    answer = console.get("api/logs/tail", params={"group": "/nope", "account": ACCOUNT, "region": REGION})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "ResourceNotFoundException"


def test_an_open_tail_ends_when_cumulo_stops() -> None:
    server = CumuloServer(Config(log_level="warning")).start()
    try:
        boto3.client("logs", endpoint_url=server.url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test").create_log_group(logGroupName="/app/short")
        with httpx.stream("GET", f"{server.url}/_cumulo/console/api/logs/tail", params={"group": "/app/short"}, timeout=30) as response:
            events = sse(response.iter_lines())
            assert next(events)[0] == "start"
            server.stop()  # would wait on the open stream, were it not ended
            assert list(events) == []
            assert not server._thread.is_alive()
    finally:
        server.stop()


@browser_required
def test_log_events_appear_in_the_live_tail_without_a_reload(ui: Console, aws: Any) -> None:
    logs = make_group(aws, "/app/web", "instance-1")
    logs.put_log_events(logGroupName="/app/web", logStreamName="instance-1", logEvents=[{"timestamp": now_ms(), "message": "GET / 200"}])
    ui.open(f"item/logs/{ACCOUNT}/{REGION}/groups/{quote('/app/web', safe='')}")
    ui.click_text("instance-1")
    ui.wait(lambda d: "GET / 200" in d.find_element(By.CSS_SELECTOR, '[data-test="log-events"]').text)
    ui.css('[data-test="tail"]').click()
    ui.wait(lambda d: "live" in d.find_element(By.CSS_SELECTOR, '[data-test="tail-state"]').text)
    marker = ui.driver.execute_script("window.__sameDocument = true; return 1")
    assert marker == 1
    logs.put_log_events(logGroupName="/app/web", logStreamName="instance-1", logEvents=[{"timestamp": now_ms(), "message": "POST /cart 201"}])
    ui.wait(lambda d: "POST /cart 201" in d.find_element(By.CSS_SELECTOR, '[data-test="log-events"]').text)
    rows = ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="log-events"] tbody tr')
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows] == ["GET / 200", "POST /cart 201"]  # the earlier event once, the new one after
    assert ui.driver.execute_script("return window.__sameDocument") is True  # pushed into the page, not reloaded
    ui.shot("logs-live-tail")
    ui.driver.get("about:blank")  # closes the event stream


@browser_required
def test_the_tail_of_every_stream_follows_a_filter(ui: Console, aws: Any) -> None:
    logs = make_group(aws, "/app/worker", "w1", "w2")
    ui.open(f"item/logs/{ACCOUNT}/{REGION}/groups/{quote('/app/worker', safe='')}")
    ui.css('[data-test="tail-group"]').click()
    ui.css('[data-test="tail-filter"]').send_keys("ERROR\n")
    ui.wait(lambda d: "live" in d.find_element(By.CSS_SELECTOR, '[data-test="tail-state"]').text)
    logs.put_log_events(logGroupName="/app/worker", logStreamName="w1", logEvents=[{"timestamp": now_ms(), "message": "INFO started"}])
    logs.put_log_events(logGroupName="/app/worker", logStreamName="w2", logEvents=[{"timestamp": now_ms(), "message": "ERROR disk full"}])
    ui.wait(lambda d: "ERROR disk full" in d.find_element(By.CSS_SELECTOR, '[data-test="group-tail"]').text)
    rows = ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="group-tail"] tbody tr')
    assert [[td.text for td in r.find_elements(By.TAG_NAME, "td")[1:]] for r in rows] == [["w2", "ERROR disk full"]]
    ui.shot("logs-group-tail")
    ui.driver.get("about:blank")


@browser_required
def test_a_functions_logs_are_linked_from_it_and_tailed_as_it_runs(ui: Console, aws: Any) -> None:
    make_function(aws, "talker")
    lam = aws("lambda")
    lam.invoke(FunctionName="talker", Payload=b'{"n": 1}')  # the first run makes the log group and a stream
    ui.open(f"item/lambda/{ACCOUNT}/{REGION}/functions/talker")
    ui.css('[data-test="function-logs"] a').click()
    ui.text_appears("Log streams")
    assert "#/item/logs/" in ui.driver.current_url
    ui.css('[data-test="tail-group"]').click()
    ui.wait(lambda d: "live" in d.find_element(By.CSS_SELECTOR, '[data-test="tail-state"]').text)
    lam.invoke(FunctionName="talker", Payload=b'{"n": 21}')
    ui.wait(lambda d: 'console says {"n": 21}' in d.find_element(By.CSS_SELECTOR, '[data-test="group-tail"]').text)
    ui.shot("lambda-logs-tail")
    ui.driver.get("about:blank")


@browser_required
def test_a_groups_streams_page_fifty_at_a_time(ui: Console, aws: Any) -> None:
    make_group(aws, "/app/many", *(f"s-{i:02d}" for i in range(60)))
    ui.open(f"item/logs/{ACCOUNT}/{REGION}/groups/{quote('/app/many', safe='')}")
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-test="streams"] tbody tr')) == 50)
    ui.css('[data-test="streams-more"]').click()
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-test="streams"] tbody tr')) == 60)
    assert not ui.css('[data-test="streams-more"]').is_displayed()
