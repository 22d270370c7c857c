"""EventBridge's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from collections.abc import Callable
from typing import Any

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.sample_stack import deploy


def test_rule_with_targets_delivers_and_updates(cumulo: CumuloServer, events: Any, make_queue: Callable[..., tuple[str, str]],
                                                drain: Callable[[str], list[dict[str, Any]]]) -> None:
    url, arn = make_queue("q")
    props = {"EventPattern": {"source": ["app.orders"]}, "State": "ENABLED", "Targets": [{"Id": "q", "Arn": arn}]}
    ctx, rule = make(cumulo, "AWS::Events::Rule", props)
    assert rule.physical_id.startswith("stack-Resource-")  # the default bus: Ref is the name
    got = events.describe_rule(Name=rule.physical_id)
    assert got["Arn"] == rule.attributes["Arn"] and json.loads(got["EventPattern"]) == {"source": ["app.orders"]}
    events.put_events(Entries=[{"Source": "app.orders", "DetailType": "x", "Detail": "{}"}])
    assert len(drain(url)) == 1

    _, arn2 = make_queue("q2")
    new = {**props, "State": "DISABLED", "Targets": [{"Id": "q2", "Arn": arn2, "InputPath": "$.detail"}]}
    update(cumulo, "AWS::Events::Rule", ctx, rule.physical_id, new, props)
    assert events.describe_rule(Name=rule.physical_id)["State"] == "DISABLED"
    assert [(t["Id"], t.get("InputPath")) for t in events.list_targets_by_rule(Rule=rule.physical_id)["Targets"]] == [("q2", "$.detail")]
    assert read(cumulo, "AWS::Events::Rule", ctx, rule.physical_id, new)["Targets"] == [{"Id": "q2", "Arn": arn2}]
    delete(cumulo, "AWS::Events::Rule", ctx, rule.physical_id, new)
    assert events.list_rules()["Rules"] == []


def test_bus_policy_and_rule_on_custom_bus(cumulo: CumuloServer, events: Any) -> None:
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "all", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                                      "Action": "events:PutEvents", "Resource": "*"}]}
    ctx, bus = make(cumulo, "AWS::Events::EventBus", {"Name": "orders", "Description": "d", "Policy": policy, "Tags": [{"Key": "k", "Value": "v"}]})
    got = events.describe_event_bus(Name="orders")
    assert bus.physical_id == "orders" and bus.attributes["Arn"] == got["Arn"] and bus.attributes["Name"] == "orders"
    assert json.loads(got["Policy"])["Statement"][0]["Sid"] == "all"
    assert events.list_tags_for_resource(ResourceARN=got["Arn"])["Tags"] == [{"Key": "k", "Value": "v"}]
    update(cumulo, "AWS::Events::EventBus", ctx, "orders", {"Name": "orders", "Description": "e"}, {"Name": "orders", "Policy": policy})
    got = events.describe_event_bus(Name="orders")
    assert got["Description"] == "e" and "Policy" not in got

    pctx, stmt = make(cumulo, "AWS::Events::EventBusPolicy", {"EventBusName": "orders", "StatementId": "s1", "Statement": {
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "events:PutEvents", "Resource": bus.attributes["Arn"]}})
    assert stmt.physical_id == "s1"
    assert [s["Sid"] for s in json.loads(events.describe_event_bus(Name="orders")["Policy"])["Statement"]] == ["s1"]
    delete(cumulo, "AWS::Events::EventBusPolicy", pctx, "s1", {"EventBusName": "orders"})
    assert "Policy" not in events.describe_event_bus(Name="orders") or json.loads(events.describe_event_bus(Name="orders")["Policy"])["Statement"] == []

    rprops = {"Name": "r", "EventBusName": "orders", "EventPattern": {"source": ["a"]}}
    rctx, rule = make(cumulo, "AWS::Events::Rule", rprops)
    assert rule.physical_id == rule.attributes["Arn"] == events.describe_rule(Name="r", EventBusName="orders")["Arn"]
    delete(cumulo, "AWS::Events::Rule", rctx, rule.physical_id, rprops)
    delete(cumulo, "AWS::Events::EventBus", ctx, "orders", {})
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]


def test_archive_connection_destination_endpoint(cumulo: CumuloServer, events: Any) -> None:
    source = events.describe_event_bus()["Arn"]
    ctx, archive = make(cumulo, "AWS::Events::Archive", {"SourceArn": source, "RetentionDays": "3"})
    got = events.describe_archive(ArchiveName=archive.physical_id)
    assert got["ArchiveArn"] == archive.attributes["Arn"] and got["RetentionDays"] == 3
    update(cumulo, "AWS::Events::Archive", ctx, archive.physical_id, {"SourceArn": source, "RetentionDays": 5}, {})
    assert events.describe_archive(ArchiveName=archive.physical_id)["RetentionDays"] == 5
    assert read(cumulo, "AWS::Events::Archive", ctx, archive.physical_id, {}) == {"ArchiveName": archive.physical_id, "SourceArn": source, "RetentionDays": 5}
    delete(cumulo, "AWS::Events::Archive", ctx, archive.physical_id, {})
    assert events.list_archives()["Archives"] == []

    conn_props = {"AuthorizationType": "API_KEY", "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-key", "ApiKeyValue": "secret"}}}
    cctx, conn = make(cumulo, "AWS::Events::Connection", conn_props)
    got = events.describe_connection(Name=conn.physical_id)
    assert conn.attributes["Arn"] == got["ConnectionArn"] and conn.attributes["SecretArn"] == got["SecretArn"]
    assert got["ConnectionArn"].startswith(conn.attributes["ArnForPolicy"] + "/")
    dprops = {"ConnectionArn": conn.attributes["Arn"], "HttpMethod": "POST", "InvocationEndpoint": "https://example.com/hook",
              "InvocationRateLimitPerSecond": "10"}
    dctx, dest = make(cumulo, "AWS::Events::ApiDestination", dprops)
    got = events.describe_api_destination(Name=dest.physical_id)
    assert got["ApiDestinationArn"] == dest.attributes["Arn"] and got["InvocationRateLimitPerSecond"] == 10
    update(cumulo, "AWS::Events::ApiDestination", dctx, dest.physical_id, {**dprops, "HttpMethod": "PUT"}, dprops)
    assert events.describe_api_destination(Name=dest.physical_id)["HttpMethod"] == "PUT"
    assert read(cumulo, "AWS::Events::ApiDestination", dctx, dest.physical_id, {})["InvocationRateLimitPerSecond"] == 10
    delete(cumulo, "AWS::Events::ApiDestination", dctx, dest.physical_id, dprops)
    delete(cumulo, "AWS::Events::Connection", cctx, conn.physical_id, conn_props)
    assert events.list_connections()["Connections"] == [] and events.list_api_destinations()["ApiDestinations"] == []

    eprops = {"RoutingConfig": {"FailoverConfig": {"Primary": {"HealthCheck": "arn:aws:route53:::healthcheck/abc"}, "Secondary": {"Route": "us-west-2"}}},
              "EventBuses": [{"EventBusArn": source}, {"EventBusArn": source.replace("us-east-1", "us-west-2")}]}
    ectx, endpoint = make(cumulo, "AWS::Events::Endpoint", eprops)
    got = events.describe_endpoint(Name=endpoint.physical_id)
    assert endpoint.attributes["Arn"] == got["Arn"] and endpoint.attributes["EndpointId"] == got["EndpointId"]
    assert endpoint.attributes["EndpointUrl"] == got["EndpointUrl"]
    update(cumulo, "AWS::Events::Endpoint", ectx, endpoint.physical_id, {**eprops, "Description": "d"}, eprops)
    assert events.describe_endpoint(Name=endpoint.physical_id)["Description"] == "d"
    delete(cumulo, "AWS::Events::Endpoint", ectx, endpoint.physical_id, eprops)
    assert events.list_endpoints()["Endpoints"] == []


def test_sample_template_deploys(cumulo: CumuloServer, events: Any) -> None:
    stack = deploy(cumulo, "events.yaml")
    assert {r["Type"] for r in stack.template["Resources"].values()} == {t for t in resource_types() if t.startswith("AWS::Events::")}
    rule = stack.physical("Rule")
    bus = events.describe_event_bus(Name=stack.physical("Bus"))["Arn"]
    assert events.list_targets_by_rule(Rule=rule)["Targets"][0]["Arn"] == bus
    stack.delete()
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"] and events.list_rules()["Rules"] == []
