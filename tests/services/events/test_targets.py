"""Targets: Input, InputPath, InputTransformer, Lambda (async, really run), another bus,
retries on the clock and dead-letter queues with AWS's attributes."""

from __future__ import annotations

import io
import json
import time
import zipfile

import boto3
import pytest

from tests.services.events.conftest import put

DETAIL = {"instance-id": "i-123", "state": "RUNNING", "count": 3, "tags": ["a", "b"]}


@pytest.fixture
def queue_rule(events, make_queue):
    def make(target_extra, name="r", pattern=None):
        url, arn = make_queue(f"q-{name}")
        events.put_rule(Name=name, EventPattern=json.dumps(pattern or {"source": ["app.orders"]}))
        events.put_targets(Rule=name, Targets=[{"Id": "t", "Arn": arn, **target_extra}])
        return url

    return make


def bodies(drain, url):
    return [m["Body"] for m in drain(url)]


def test_constant_input(events, queue_rule, drain):
    url = queue_rule({"Input": '{"fixed": true}'})
    put(events, detail=DETAIL)
    assert bodies(drain, url) == ['{"fixed": true}']


def test_input_path(events, queue_rule, drain):
    url = queue_rule({"InputPath": "$.detail.tags"})
    url2 = queue_rule({"InputPath": "$.detail['instance-id']"}, name="r2")
    put(events, detail=DETAIL)
    assert json.loads(bodies(drain, url)[0]) == ["a", "b"]
    assert json.loads(bodies(drain, url2)[0]) == "i-123"


def test_input_transformer_placeholder_rules(events, queue_rule, drain):
    paths = {"instance": "$.detail.instance-id", "state": "$.detail.state", "count": "$.detail.count", "missing": "$.detail.nope"}
    as_json = queue_rule({"InputTransformer": {"InputPathsMap": paths,
                          "InputTemplate": '{"instance": <instance>, "n": <count>, "quoted": "<instance> is <state>", "gone": <missing>}'}})
    as_text = queue_rule({"InputTransformer": {"InputPathsMap": paths, "InputTemplate": '"<instance> is in state <state>"'}}, name="r2")
    predefined = queue_rule({"InputTransformer": {"InputTemplate": '{"rule": <aws.events.rule-name>, "arn": "<aws.events.rule-arn>", "event": <aws.events.event>}'}}, name="r3")
    answer = put(events, detail=DETAIL)
    assert json.loads(bodies(drain, as_json)[0]) == {"instance": "i-123", "n": 3, "quoted": "i-123 is RUNNING", "gone": None}
    assert bodies(drain, as_text) == ['"i-123 is in state RUNNING"']
    out = json.loads(bodies(drain, predefined)[0])
    assert out["rule"] == "r3" and out["arn"].endswith(":rule/r3") and out["event"]["id"] == answer["Entries"][0]["EventId"]


def test_bad_target_input_is_refused(events, make_queue):
    _, arn = make_queue("q")
    events.put_rule(Name="r", EventPattern='{"source": ["x"]}')
    failed = events.put_targets(Rule="r", Targets=[
        {"Id": "a", "Arn": arn, "Input": "{}", "InputPath": "$.detail"},
        {"Id": "b", "Arn": arn, "InputPath": "detail"},
        {"Id": "c", "Arn": arn, "Input": "{not json"},
        {"Id": "d", "Arn": arn, "InputPath": "$.detail"},
    ])
    assert failed["FailedEntryCount"] == 3
    assert [f["TargetId"] for f in failed["FailedEntries"]] == ["a", "b", "c"]
    assert [t["Id"] for t in events.list_targets_by_rule(Rule="r")["Targets"]] == ["d"]


def test_bus_to_bus(events, make_queue, drain):
    events.create_event_bus(Name="downstream")
    url, arn = make_queue("down")
    events.put_rule(Name="down", EventBusName="downstream", EventPattern='{"source": ["app.orders"]}')
    events.put_targets(Rule="down", EventBusName="downstream", Targets=[{"Id": "q", "Arn": arn}])
    events.put_rule(Name="forward", EventPattern='{"source": ["app.orders"]}')
    events.put_targets(Rule="forward", Targets=[{"Id": "bus", "Arn": "arn:aws:events:us-east-1:000000000000:event-bus/downstream"}])
    put(events, detail=DETAIL)
    [message] = drain(url)
    assert message["Json"]["detail"] == DETAIL


def test_failed_target_is_retried_on_the_clock_then_dead_lettered(events, make_queue, drain, sqs, cumulo_clock):
    dlq_url, dlq_arn = make_queue("dlq")
    missing = "arn:aws:lambda:us-east-1:000000000000:function:not-there"
    events.put_rule(Name="r", EventPattern='{"source": ["app.orders"]}')
    events.put_targets(Rule="r", Targets=[{"Id": "fn", "Arn": missing, "DeadLetterConfig": {"Arn": dlq_arn},
                                           "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 600}}])
    event_id = put(events)["Entries"][0]["EventId"]
    # A missing function is a permanent error: straight to the dead-letter queue.
    [message] = drain(dlq_url)
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert attributes["RULE_ARN"].endswith(":rule/r") and attributes["TARGET_ARN"] == missing
    assert attributes["ERROR_CODE"] == "ResourceNotFoundException" and attributes["RETRY_ATTEMPTS"] == "0"
    assert message["Json"]["id"] == event_id


def test_transient_failures_retry_until_the_policy_runs_out(events, make_queue, drain, cumulo, cumulo_clock):
    import httpx

    dlq_url, dlq_arn = make_queue("dlq")
    # An API destination answering 503 is a transient failure: retried, then dead-lettered.
    server = _http_server(status=503)
    try:
        connection = events.create_connection(Name="c", AuthorizationType="API_KEY",
                                              AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-key", "ApiKeyValue": "secret"}})
        destination = events.create_api_destination(Name="d", ConnectionArn=connection["ConnectionArn"],
                                                    InvocationEndpoint=server.url, HttpMethod="POST")
        events.put_rule(Name="r", EventPattern='{"source": ["app.orders"]}')
        events.put_targets(Rule="r", Targets=[{"Id": "api", "Arn": destination["ApiDestinationArn"], "DeadLetterConfig": {"Arn": dlq_arn},
                                               "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 600}}])
        put(events)
        assert drain(dlq_url) == []
        for _ in range(4):
            cumulo_clock.advance(10)
        [message] = drain(dlq_url)
        attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
        assert attributes["EXHAUSTED_RETRY_CONDITION"] == "MaximumRetryAttemptsExhausted"
        assert attributes["RETRY_ATTEMPTS"] == "2" and attributes["ERROR_CODE"] == "Http503"
        assert len(server.requests) == 3
        outcomes = [d["outcome"] for d in httpx.get(f"{cumulo.url}/_cumulo/events/deliveries").json()["deliveries"]]
        assert outcomes == ["retrying", "retrying", "dead-lettered"]
    finally:
        server.stop()


def test_api_destination_makes_a_real_http_call_with_auth(events):
    server = _http_server(status=200)
    try:
        connection = events.create_connection(Name="c", AuthorizationType="BASIC",
                                              AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"},
                                                              "InvocationHttpParameters": {"HeaderParameters": [{"Key": "X-Extra", "Value": "1"}]}})
        destination = events.create_api_destination(Name="d", ConnectionArn=connection["ConnectionArn"],
                                                    InvocationEndpoint=server.url + "/hook/*", HttpMethod="PUT")
        events.put_rule(Name="r", EventPattern='{"source": ["app.orders"]}')
        events.put_targets(Rule="r", Targets=[{"Id": "api", "Arn": destination["ApiDestinationArn"],
                                               "HttpParameters": {"PathParameterValues": ["orders"], "QueryStringParameters": {"q": "1"}},
                                               "InputPath": "$.detail"}])
        put(events, detail=DETAIL)
        [(method, path, headers, body)] = server.requests
        assert method == "PUT" and path == "/hook/orders?q=1"
        assert headers["authorization"] == "Basic dTpw" and headers["x-extra"] == "1"
        assert json.loads(body) == DETAIL
        described = events.describe_connection(Name="c")
        assert described["AuthParameters"]["BasicAuthParameters"] == {"Username": "u"}
    finally:
        server.stop()


def test_lambda_target_runs_the_function_asynchronously(events, make_queue, drain, cumulo):
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return {'seen': event['detail']}\n")
    fn = lam.create_function(FunctionName="ev", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                             Handler="app.handler", Code={"ZipFile": buf.getvalue()})
    url, arn = make_queue("results")
    lam.put_function_event_invoke_config(FunctionName="ev", DestinationConfig={"OnSuccess": {"Destination": arn}})
    events.put_rule(Name="r", EventPattern='{"source": ["app.orders"]}')
    events.put_targets(Rule="r", Targets=[{"Id": "fn", "Arn": fn["FunctionArn"]}])
    put(events, detail=DETAIL)
    deadline = time.monotonic() + 30
    got = []
    while not got and time.monotonic() < deadline:
        got = drain(url)
        time.sleep(0.1)
    assert got[0]["Json"]["responsePayload"] == {"seen": DETAIL}


class _Server:
    def __init__(self, status: int) -> None:
        import http.server
        import threading

        outer = self
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                outer.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)))
                self.send_response(status)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_POST = do_PUT = do_GET = _any

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _http_server(status: int) -> _Server:
    return _Server(status)
