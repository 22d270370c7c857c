"""EventBridge state survives a restart: buses, rules, targets, archives with their events,
connections, and pending retries (retried by the restarted server)."""

from __future__ import annotations

import json
import pickle
import time
from pathlib import Path
from typing import Any

import boto3
import httpx

from cumulo.services.events.models import (
    ApiDestination, Archive, ArchivedEvent, Bus, Connection, Delivery, Endpoint, PartnerSource, PendingDelivery, Replay, Rule,
)
from cumulo.state import open_store
from cumulo.testing.plugin import free_port, spawned_server
from tests.services.events.test_targets import _http_server


def test_entities_round_trip(tmp_path: Path) -> None:
    entities = [
        Bus("b", "000000000000", "us-east-1", 1.0, 2.0, description="d", tags={"a": "b"}, policy={"Statement": []}),
        Rule("r", "b", "000000000000", "us-east-1", 1.0, event_pattern='{"source": ["a"]}', targets={"t": {"Id": "t", "Arn": "arn:x"}}),
        Archive("a", "000000000000", "us-east-1", "arn:bus", 1.0, retention_days=3, event_count=1),
        ArchivedEvent(1.0, {"id": "e"}, 2.0),
        Replay("p", "000000000000", "us-east-1", "arn:archive", {"Arn": "arn:bus"}, 0.0, 1.0),
        Connection("c", "000000000000", "us-east-1", "u", "BASIC", {"BasicAuthParameters": {"Username": "x"}}, 1.0, 1.0),
        ApiDestination("d", "000000000000", "us-east-1", "u", "arn:c", "https://x", "POST", 1.0, 1.0, rate_limit=5),
        Endpoint("e", "000000000000", "us-east-1", {"FailoverConfig": {}}, [{"EventBusArn": "arn:b"}], 1.0, 1.0, "id.1"),
        PartnerSource("aws.partner/x", "111122223333", "us-east-1", 1.0, {"000000000000": 1.0}, {"000000000000": "PENDING"}),
        PendingDelivery("id", "default|r", "t", {"id": "e"}, 1.0, 2, 5.0, ("Http503", "no")),
        Delivery(1, 1.0, "e", "default", "r", "t", "arn:x", "delivered", 1),
    ]
    store = open_store(str(tmp_path))
    try:
        table = store.scope("events", "000000000000", "us-east-1").table("things")
        for i, entity in enumerate(entities):
            table[str(i)] = entity
        store.commit()
    finally:
        store.close()
    store = open_store(str(tmp_path))
    try:
        table = store.scope("events", "000000000000", "us-east-1").table("things")
        assert [table[str(i)] for i in range(len(entities))] == entities
        assert [pickle.loads(pickle.dumps(e)) for e in entities] == entities
    finally:
        store.close()


def test_state_and_pending_retries_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def client(name: str) -> Any:
        return boto3.client(name, endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    server = _http_server(status=503)
    try:
        with spawned_server(port, data_dir=str(tmp_path)):
            events, sqs = client("events"), client("sqs")
            queue = sqs.create_queue(QueueName="q")["QueueUrl"]
            queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            events.create_event_bus(Name="b", Tags=[{"Key": "k", "Value": "v"}])
            events.put_rule(Name="r", EventBusName="b", EventPattern='{"source": ["app"]}')
            events.put_targets(Rule="r", EventBusName="b", Targets=[{"Id": "q", "Arn": queue_arn, "InputPath": "$.detail"}])
            bus_arn = events.describe_event_bus(Name="b")["Arn"]
            events.create_archive(ArchiveName="a", EventSourceArn=bus_arn)
            connection = events.create_connection(Name="c", AuthorizationType="API_KEY",
                                                  AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}})
            destination = events.create_api_destination(Name="d", ConnectionArn=connection["ConnectionArn"],
                                                        InvocationEndpoint=server.url, HttpMethod="POST")
            events.put_rule(Name="api", EventPattern='{"source": ["retry"]}')
            events.put_targets(Rule="api", Targets=[{"Id": "d", "Arn": destination["ApiDestinationArn"],
                                                     "RetryPolicy": {"MaximumRetryAttempts": 5}}])
            events.put_events(Entries=[{"Source": "app", "DetailType": "t", "Detail": '{"n": 1}', "EventBusName": "b"}])
            events.put_events(Entries=[{"Source": "retry", "DetailType": "t", "Detail": "{}"}])
            assert len(server.requests) == 1
        with spawned_server(port, data_dir=str(tmp_path)):
            events, sqs = client("events"), client("sqs")
            assert events.list_tags_for_resource(ResourceARN=bus_arn)["Tags"] == [{"Key": "k", "Value": "v"}]
            assert events.list_targets_by_rule(Rule="r", EventBusName="b")["Targets"][0]["InputPath"] == "$.detail"
            assert events.describe_archive(ArchiveName="a")["EventCount"] == 1
            assert events.describe_connection(Name="c")["ConnectionState"] == "AUTHORIZED"
            assert json.loads(sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"]) == {"n": 1}
            # The pending retry is picked up by the restarted server's clock.
            deadline = time.monotonic() + 15
            while len(server.requests) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(server.requests) >= 2
            outcomes = [d["outcome"] for d in httpx.get(f"{url}/_cumulo/events/deliveries?rule=api").json()["deliveries"]]
            assert outcomes[:2] == ["retrying", "retrying"]
    finally:
        server.stop()
