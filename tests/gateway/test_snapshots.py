"""The whole state out to one file and back in, over HTTP."""

from __future__ import annotations

import boto3
import httpx

from cumulo.testing import CumuloServer


def test_export_then_import_restores_queues_and_messages(cumulo: CumuloServer) -> None:
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="kept")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="survives")
    snapshot = httpx.get(cumulo.url + "/_cumulo/state")
    assert snapshot.status_code == 200 and snapshot.headers["content-type"] == "application/x-tar"

    httpx.post(cumulo.url + "/_cumulo/reset")
    assert "QueueUrls" not in sqs.list_queues()

    assert httpx.post(cumulo.url + "/_cumulo/state", content=snapshot.content).json() == {"status": "imported"}
    (message,) = sqs.receive_message(QueueUrl=url)["Messages"]
    assert message["Body"] == "survives"


def test_importing_something_else_is_refused(cumulo: CumuloServer) -> None:
    answer = httpx.post(cumulo.url + "/_cumulo/state", content=b"not a tar")
    assert answer.status_code == 400 and "snapshot" in answer.json()["error"]
