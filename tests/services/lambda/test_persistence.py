"""Functions, versions, aliases, layers, code and accepted async events survive a restart of a persistent server."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import boto3

from cumulo.testing.plugin import free_port, spawned_server

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def test_restart_keeps_functions_and_code(tmp_path: Path, zipped: Callable[..., bytes]) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def client() -> object:
        return boto3.client("lambda", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    with spawned_server(port, str(tmp_path)):
        lam = client()
        layer = lam.publish_layer_version(LayerName="lib", Content={"ZipFile": zipped({"python/lib.py": "X = 'layer'\n"})})
        lam.create_function(
            FunctionName="kept", Runtime="python3.12", Role=ROLE, Handler="app.handler", Publish=True, Layers=[layer["LayerVersionArn"]],
            Code={"ZipFile": zipped({"app.py": "import lib\ndef handler(e, c):\n    return [lib.X, c.function_version]\n"})},
        )
        lam.create_alias(FunctionName="kept", Name="prod", FunctionVersion="1")
    with spawned_server(port, str(tmp_path)):
        lam = client()
        assert lam.get_alias(FunctionName="kept", Name="prod")["FunctionVersion"] == "1"
        answer = lam.invoke(FunctionName="kept", Qualifier="prod", Payload=b"{}")
        assert json.loads(answer["Payload"].read()) == ["layer", "1"]
        assert lam.list_layers()["Layers"][0]["LayerName"] == "lib"


def _post(url: str, path: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def test_accepted_events_and_their_retry_state_survive_a_restart(tmp_path: Path, zipped: Callable[..., bytes], receive: Callable[..., list[dict[str, object]]]) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    keys = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "test", "aws_secret_access_key": "test"}
    code = {"ZipFile": zipped({"app.py": "def handler(e, c):\n    if e.get('fail'):\n        raise ValueError('no')\n    return e\n"})}
    with spawned_server(port, str(tmp_path)):
        lam, sqs = boto3.client("lambda", **keys), boto3.client("sqs", **keys)
        arns = {}
        for name in ("ok", "failed"):
            queue = sqs.create_queue(QueueName=name)["QueueUrl"]
            arns[name] = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        for name in ("held", "bad"):
            lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler", Code=code)
        # Throttled (no concurrency at all): accepted, never run before the restart.
        lam.put_function_concurrency(FunctionName="held", ReservedConcurrentExecutions=0)
        lam.put_function_event_invoke_config(FunctionName="held", DestinationConfig={"OnSuccess": {"Destination": arns["ok"]}})
        held = lam.invoke(FunctionName="held", InvocationType="Event", Payload=b'{"n": 1}')
        # Fails once now; its retry (a minute later, cumulo time) happens after the restart.
        lam.put_function_event_invoke_config(FunctionName="bad", MaximumRetryAttempts=1, DestinationConfig={"OnFailure": {"Destination": arns["failed"]}})
        bad = lam.invoke(FunctionName="bad", InvocationType="Event", Payload=b'{"fail": 1}')
        assert held["StatusCode"] == bad["StatusCode"] == 202
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with urllib.request.urlopen(url + "/_cumulo/lambda/invocations?functionName=bad", timeout=5) as answer:
                if any(r.get("functionError") for r in json.loads(answer.read())["invocations"]):
                    break
            time.sleep(0.05)
    with spawned_server(port, str(tmp_path)):
        lam, sqs = boto3.client("lambda", **keys), boto3.client("sqs", **keys)
        lam.delete_function_concurrency(FunctionName="held")
        _post(url, "/_cumulo/time", {"advance": 301})
        [success] = receive(sqs, sqs.get_queue_url(QueueName="ok")["QueueUrl"])
        record = json.loads(success["Body"])
        assert record["requestContext"]["requestId"] == held["ResponseMetadata"]["RequestId"]
        assert record["requestContext"]["condition"] == "Success" and record["responsePayload"] == {"n": 1}
        [failure] = receive(sqs, sqs.get_queue_url(QueueName="failed")["QueueUrl"])
        record = json.loads(failure["Body"])
        assert record["requestContext"]["requestId"] == bad["ResponseMetadata"]["RequestId"]
        assert record["requestContext"]["condition"] == "RetriesExhausted"
        assert record["requestContext"]["approximateInvokeCount"] == 2  # one run before the restart, one after
