"""Pipes survive a restart: the pipe, its parameters and state, and it keeps moving messages."""

from __future__ import annotations

import json
import pickle
import time
from pathlib import Path
from typing import Any

import boto3

from cumulo.services.pipes.models import Pipe
from cumulo.state import open_store
from cumulo.testing.plugin import free_port, spawned_server


def test_entities_round_trip(tmp_path: Path) -> None:
    pipe = Pipe("p", "000000000000", "us-east-1", "arn:src", "arn:tgt", "arn:role", 1.0, 2.0, current_state="RUNNING",
                source_parameters={"SqsQueueParameters": {"BatchSize": 1}}, positions={"shard-1": "42"}, tags={"a": "b"})
    store = open_store(str(tmp_path))
    try:
        store.scope("pipes", "000000000000", "us-east-1").table("pipes")["p"] = pipe
        store.commit()
    finally:
        store.close()
    store = open_store(str(tmp_path))
    try:
        assert store.scope("pipes", "000000000000", "us-east-1").table("pipes")["p"] == pipe
        assert pickle.loads(pickle.dumps(pipe)) == pipe
    finally:
        store.close()


def test_pipes_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()

    def client(name: str) -> Any:
        return boto3.client(name, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test")

    with spawned_server(port, data_dir=str(tmp_path)):
        sqs, pipes = client("sqs"), client("pipes")
        source = sqs.create_queue(QueueName="in")["QueueUrl"]
        out = sqs.create_queue(QueueName="out")["QueueUrl"]
        arns = [sqs.get_queue_attributes(QueueUrl=u, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"] for u in (source, out)]
        pipes.create_pipe(Name="p", RoleArn="arn:aws:iam::000000000000:role/r", Source=arns[0], Target=arns[1],
                          Tags={"k": "v"}, TargetParameters={"InputTemplate": '{"b": <$.body>}'})
    with spawned_server(port, data_dir=str(tmp_path)):
        sqs, pipes = client("sqs"), client("pipes")
        described = pipes.describe_pipe(Name="p")
        assert described["Tags"] == {"k": "v"} and described["TargetParameters"]["InputTemplate"] == '{"b": <$.body>}'
        sqs.send_message(QueueUrl=source, MessageBody='{"x": 1}')
        deadline = time.monotonic() + 15
        got: list[Any] = []
        while not got and time.monotonic() < deadline:
            got = sqs.receive_message(QueueUrl=out, WaitTimeSeconds=1).get("Messages", [])
        assert json.loads(got[0]["Body"]) == {"b": {"x": 1}}
