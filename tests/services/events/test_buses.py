"""Event buses, permissions, partner event sources, connections and global endpoints."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.services.events.conftest import put


def code(caught):
    return caught.value.response["Error"]["Code"]


def test_bus_lifecycle(events):
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]
    events.create_event_bus(Name="b", Description="mine", DeadLetterConfig={"Arn": "arn:aws:sqs:us-east-1:000000000000:dlq"})
    with pytest.raises(ClientError) as caught:
        events.create_event_bus(Name="b")
    assert code(caught) == "ResourceAlreadyExistsException"
    described = events.describe_event_bus(Name="b")
    assert described["Description"] == "mine" and described["DeadLetterConfig"]["Arn"].endswith(":dlq")
    events.update_event_bus(Name="b", Description="changed")
    assert events.describe_event_bus(Name="b")["Description"] == "changed"
    assert [b["Name"] for b in events.list_event_buses(NamePrefix="b")["EventBuses"]] == ["b"]
    events.delete_event_bus(Name="b")
    with pytest.raises(ClientError) as caught:
        events.describe_event_bus(Name="b")
    assert code(caught) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as caught:
        events.delete_event_bus(Name="default")
    assert code(caught) == "ValidationException"


def test_permissions(events):
    events.put_permission(Action="events:PutEvents", Principal="111122223333", StatementId="s1")
    policy = json.loads(events.describe_event_bus()["Policy"])
    [statement] = policy["Statement"]
    assert statement["Sid"] == "s1" and statement["Principal"] == {"AWS": "arn:aws:iam::111122223333:root"}
    with pytest.raises(ClientError) as caught:
        events.remove_permission(StatementId="nope")
    assert code(caught) == "ResourceNotFoundException"
    events.remove_permission(StatementId="s1")
    assert "Policy" not in events.describe_event_bus()


def test_cross_account_bus_target(events, cumulo, make_queue, drain):
    other = boto3.client("events", endpoint_url=cumulo.url, region_name="us-east-1",
                         aws_access_key_id="111122223333", aws_secret_access_key="x")
    other_sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1",
                             aws_access_key_id="111122223333", aws_secret_access_key="x")
    url = other_sqs.create_queue(QueueName="theirs")["QueueUrl"]
    arn = other_sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    other.put_rule(Name="in", EventPattern='{"source": ["app.orders"]}')
    other.put_targets(Rule="in", Targets=[{"Id": "q", "Arn": arn}])
    events.put_rule(Name="out", EventPattern='{"source": ["app.orders"]}')
    events.put_targets(Rule="out", Targets=[{"Id": "bus", "Arn": "arn:aws:events:us-east-1:111122223333:event-bus/default"}])
    put(events)
    got = other_sqs.receive_message(QueueUrl=url)["Messages"]
    assert json.loads(got[0]["Body"])["source"] == "app.orders"


def test_partner_event_sources(events, cumulo, make_queue, drain):
    partner = boto3.client("events", endpoint_url=cumulo.url, region_name="us-east-1",
                           aws_access_key_id="222233334444", aws_secret_access_key="x")
    name = "aws.partner/saas.example/123/orders"
    partner.create_partner_event_source(Name=name, Account="000000000000")
    assert [s["Name"] for s in events.list_event_sources()["EventSources"]] == [name]
    assert events.describe_event_source(Name=name)["State"] == "PENDING"
    events.create_event_bus(Name=name, EventSourceName=name)
    assert events.describe_event_source(Name=name)["State"] == "ACTIVE"
    url, arn = make_queue("partner")
    events.put_rule(Name="p", EventBusName=name, EventPattern=json.dumps({"source": [name]}))
    events.put_targets(Rule="p", EventBusName=name, Targets=[{"Id": "q", "Arn": arn}])
    answer = partner.put_partner_events(Entries=[{"Source": name, "DetailType": "Order", "Detail": '{"k": 1}'}])
    assert answer["FailedEntryCount"] == 0
    [message] = drain(url)
    assert message["Json"]["detail"] == {"k": 1} and message["Json"]["account"] == "000000000000"
    accounts = partner.list_partner_event_source_accounts(EventSourceName=name)["PartnerEventSourceAccounts"]
    assert [(a["Account"], a["State"]) for a in accounts] == [("000000000000", "ACTIVE")]
    partner.delete_partner_event_source(Name=name, Account="000000000000")
    assert events.list_event_sources()["EventSources"] == []


def test_connections_and_api_destinations(events):
    connection = events.create_connection(Name="c", AuthorizationType="API_KEY",
                                          AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}})
    assert connection["ConnectionState"] == "AUTHORIZED"
    described = events.describe_connection(Name="c")
    assert described["AuthParameters"] == {"ApiKeyAuthParameters": {"ApiKeyName": "k"}}
    assert described["SecretArn"].startswith("arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection/c/")
    destination = events.create_api_destination(Name="d", ConnectionArn=connection["ConnectionArn"],
                                                InvocationEndpoint="https://example.com/x", HttpMethod="POST",
                                                InvocationRateLimitPerSecond=10)
    assert destination["ApiDestinationState"] == "ACTIVE"
    events.update_api_destination(Name="d", HttpMethod="PUT")
    assert events.describe_api_destination(Name="d")["HttpMethod"] == "PUT"
    assert [d["Name"] for d in events.list_api_destinations()["ApiDestinations"]] == ["d"]
    assert events.deauthorize_connection(Name="c")["ConnectionState"] == "DEAUTHORIZED"
    assert events.update_connection(Name="c", AuthParameters={"ApiKeyAuthParameters": {"ApiKeyValue": "w"}})["ConnectionState"] == "AUTHORIZED"
    assert [c["Name"] for c in events.list_connections()["Connections"]] == ["c"]
    events.delete_api_destination(Name="d")
    assert events.delete_connection(Name="c")["ConnectionState"] == "DELETING"
    with pytest.raises(ClientError) as caught:
        events.describe_connection(Name="c")
    assert code(caught) == "ResourceNotFoundException"


def test_global_endpoints(events):
    buses = [{"EventBusArn": "arn:aws:events:us-east-1:000000000000:event-bus/default"},
             {"EventBusArn": "arn:aws:events:us-west-2:000000000000:event-bus/default"}]
    routing = {"FailoverConfig": {"Primary": {"HealthCheck": "arn:aws:route53:::healthcheck/abc"},
                                  "Secondary": {"Route": "us-west-2"}}}
    created = events.create_endpoint(Name="e", RoutingConfig=routing, EventBuses=buses)
    assert created["State"] == "ACTIVE" and created["Arn"].endswith(":endpoint/e")
    described = events.describe_endpoint(Name="e")
    assert described["RoutingConfig"] == routing and described["EndpointUrl"].startswith("https://")
    events.update_endpoint(Name="e", Description="d")
    assert [e["Name"] for e in events.list_endpoints()["Endpoints"]] == ["e"]
    with pytest.raises(ClientError) as caught:
        events.create_endpoint(Name="f", RoutingConfig=routing, EventBuses=buses[:1] * 2)
    assert code(caught) == "ValidationException"
    events.delete_endpoint(Name="e")
    assert events.list_endpoints()["Endpoints"] == []
