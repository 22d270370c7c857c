"""CloudWatch Logs' CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision


def _make(cumulo: CumuloServer, type_name: str, props: dict[str, Any], logical_id: str = "Resource") -> tuple[Any, Any]:
    return cumulo.run(provision(cumulo.runtime, type_name, props, logical_id=logical_id))


def _update(cumulo: CumuloServer, type_name: str, ctx: Any, pid: str, new: dict[str, Any], old: dict[str, Any]) -> Any:
    return cumulo.run(resource_types()[type_name].update(ctx, pid, new, old))


def _delete(cumulo: CumuloServer, type_name: str, ctx: Any, pid: str, props: dict[str, Any]) -> None:
    cumulo.run(resource_types()[type_name].delete(ctx, pid, props))
    cumulo.run(resource_types()[type_name].delete(ctx, pid, props))  # already gone: no error


def test_log_group_create_update_read_delete(cumulo: CumuloServer, logs: Any) -> None:
    props = {"RetentionInDays": "7", "Tags": [{"Key": "team", "Value": "a"}], "DataProtectionPolicy": {
        "Name": "p", "Version": "2021-06-01", "Statement": [
            {"Sid": "audit", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Audit": {"FindingsDestination": {}}}},
            {"Sid": "mask", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Deidentify": {"MaskConfig": {}}}}]}}
    ctx, made = _make(cumulo, "AWS::Logs::LogGroup", props)
    name = made.physical_id
    assert name.startswith("stack-Resource-")
    group = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]
    assert group["retentionInDays"] == 7 and made.attributes["Arn"] == group["arn"]
    assert logs.list_tags_for_resource(resourceArn=group["arn"].removesuffix(":*"))["tags"] == {"team": "a"}
    assert logs.get_data_protection_policy(logGroupIdentifier=name)["policyDocument"]

    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
                                                   "Action": "logs:PutLogEvents", "Resource": "*"}]}
    new = {"LogGroupName": name, "RetentionInDays": 30, "ResourcePolicyDocument": doc}
    _update(cumulo, "AWS::Logs::LogGroup", ctx, name, new, props)
    policies = logs.describe_resource_policies(resourceArn=made.attributes["Arn"].removesuffix(":*"), policyScope="RESOURCE")["resourcePolicies"]
    assert [json.loads(p["policyDocument"]) for p in policies] == [doc]
    group = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]
    assert group["retentionInDays"] == 30
    assert logs.list_tags_for_resource(resourceArn=group["arn"].removesuffix(":*"))["tags"] == {}
    assert cumulo.run(resource_types()["AWS::Logs::LogGroup"].read(ctx, name, new))["RetentionInDays"] == 30
    _update(cumulo, "AWS::Logs::LogGroup", ctx, name, {"LogGroupName": name}, new)
    assert "retentionInDays" not in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]

    _delete(cumulo, "AWS::Logs::LogGroup", ctx, name, new)
    assert logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] == []


def test_stream_and_filters(cumulo: CumuloServer, logs: Any) -> None:
    logs.create_log_group(logGroupName="/g")
    ctx, stream = _make(cumulo, "AWS::Logs::LogStream", {"LogGroupName": "/g", "LogStreamName": "s"})
    assert stream.physical_id == "s"
    assert [s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/g")["logStreams"]] == ["s"]
    _delete(cumulo, "AWS::Logs::LogStream", ctx, "s", {"LogGroupName": "/g"})
    assert logs.describe_log_streams(logGroupName="/g")["logStreams"] == []

    mf = {"LogGroupName": "/g", "FilterPattern": "ERROR", "MetricTransformations": [
        {"MetricName": "Errors", "MetricNamespace": "App", "MetricValue": "1", "DefaultValue": "0"}]}
    ctx, made = _make(cumulo, "AWS::Logs::MetricFilter", mf)
    got = logs.describe_metric_filters(logGroupName="/g")["metricFilters"]
    assert [f["filterName"] for f in got] == [made.physical_id] and got[0]["metricTransformations"][0]["defaultValue"] == 0
    _update(cumulo, "AWS::Logs::MetricFilter", ctx, made.physical_id, {**mf, "FilterPattern": "WARN"}, mf)
    assert logs.describe_metric_filters(logGroupName="/g")["metricFilters"][0]["filterPattern"] == "WARN"
    _delete(cumulo, "AWS::Logs::MetricFilter", ctx, made.physical_id, mf)
    assert logs.describe_metric_filters(logGroupName="/g")["metricFilters"] == []

    logs.create_log_group(logGroupName="/target")
    target = logs.describe_log_groups(logGroupNamePrefix="/target")["logGroups"][0]["arn"]
    sf = {"LogGroupName": "/g", "FilterPattern": "", "DestinationArn": target, "FilterName": "sub"}
    ctx, made = _make(cumulo, "AWS::Logs::SubscriptionFilter", sf)
    assert made.physical_id == "sub"
    assert logs.describe_subscription_filters(logGroupName="/g")["subscriptionFilters"][0]["destinationArn"] == target
    _delete(cumulo, "AWS::Logs::SubscriptionFilter", ctx, "sub", sf)
    assert logs.describe_subscription_filters(logGroupName="/g")["subscriptionFilters"] == []


def test_destination_query_definition_and_policies(cumulo: CumuloServer, logs: Any) -> None:
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "logs:PutSubscriptionFilter", "Resource": "*"}]}
    dest = {"DestinationName": "d", "RoleArn": "arn:aws:iam::000000000000:role/r", "TargetArn": "arn:aws:kinesis:us-east-1:000000000000:stream/s",
            "DestinationPolicy": json.dumps(doc)}
    ctx, made = _make(cumulo, "AWS::Logs::Destination", dest)
    got = logs.describe_destinations(DestinationNamePrefix="d")["destinations"][0]
    assert made.physical_id == "d" and made.attributes["Arn"] == got["arn"] and json.loads(got["accessPolicy"]) == doc
    _delete(cumulo, "AWS::Logs::Destination", ctx, "d", dest)
    assert logs.describe_destinations()["destinations"] == []

    q = {"Name": "errors", "QueryString": "fields @message", "LogGroupNames": ["/g"]}
    ctx, made = _make(cumulo, "AWS::Logs::QueryDefinition", q)
    assert made.attributes["QueryDefinitionId"] == made.physical_id
    _update(cumulo, "AWS::Logs::QueryDefinition", ctx, made.physical_id, {**q, "QueryString": "fields @timestamp"}, q)
    got = logs.describe_query_definitions()["queryDefinitions"]
    assert [(d["queryDefinitionId"], d["queryString"]) for d in got] == [(made.physical_id, "fields @timestamp")]
    assert cumulo.run(resource_types()["AWS::Logs::QueryDefinition"].read(ctx, made.physical_id, q))["QueryString"] == "fields @timestamp"
    _delete(cumulo, "AWS::Logs::QueryDefinition", ctx, made.physical_id, q)
    assert logs.describe_query_definitions()["queryDefinitions"] == []

    rp = {"PolicyName": "p", "PolicyDocument": json.dumps(doc)}
    ctx, made = _make(cumulo, "AWS::Logs::ResourcePolicy", rp)
    assert [p["policyName"] for p in logs.describe_resource_policies()["resourcePolicies"]] == ["p"]
    _delete(cumulo, "AWS::Logs::ResourcePolicy", ctx, "p", rp)
    assert logs.describe_resource_policies()["resourcePolicies"] == []

    ap = {"PolicyName": "ap", "PolicyType": "DATA_PROTECTION_POLICY", "PolicyDocument": {
        "Name": "ap", "Version": "2021-06-01", "Statement": [
            {"Sid": "a", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Audit": {"FindingsDestination": {}}}},
            {"Sid": "m", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Deidentify": {"MaskConfig": {}}}}]}}
    ctx, made = _make(cumulo, "AWS::Logs::AccountPolicy", ap)
    assert made.physical_id == "000000000000|DATA_PROTECTION_POLICY|ap" and made.attributes["AccountId"] == "000000000000"
    assert logs.describe_account_policies(policyType="DATA_PROTECTION_POLICY")["accountPolicies"][0]["policyName"] == "ap"
    _delete(cumulo, "AWS::Logs::AccountPolicy", ctx, made.physical_id, ap)
    assert logs.describe_account_policies(policyType="DATA_PROTECTION_POLICY")["accountPolicies"] == []


def test_deliveries_detector_and_transformer(cumulo: CumuloServer, logs: Any) -> None:
    logs.create_log_group(logGroupName="/dest")
    logs.create_log_group(logGroupName="/src")
    dest_arn = logs.describe_log_groups(logGroupNamePrefix="/dest")["logGroups"][0]["arn"].removesuffix(":*")
    src_arn = logs.describe_log_groups(logGroupNamePrefix="/src")["logGroups"][0]["arn"].removesuffix(":*")
    ctx, source = _make(cumulo, "AWS::Logs::DeliverySource", {"Name": "src", "ResourceArn": "arn:aws:bedrock:us-east-1:000000000000:agent/A", "LogType": "APPLICATION_LOGS"})
    assert logs.get_delivery_source(name="src")["deliverySource"]["arn"] == source.attributes["Arn"]
    dctx, dest = _make(cumulo, "AWS::Logs::DeliveryDestination", {"Name": "dst", "DestinationResourceArn": dest_arn})
    got = logs.get_delivery_destination(name="dst")["deliveryDestination"]
    assert got["arn"] == dest.attributes["Arn"] and dest.attributes["DeliveryDestinationType"] == got["deliveryDestinationType"] == "CWL"
    delivery_props = {"DeliverySourceName": "src", "DeliveryDestinationArn": dest.attributes["Arn"]}
    vctx, delivery = _make(cumulo, "AWS::Logs::Delivery", delivery_props)
    assert logs.get_delivery(id=delivery.physical_id)["delivery"]["arn"] == delivery.attributes["Arn"]
    _delete(cumulo, "AWS::Logs::Delivery", vctx, delivery.physical_id, delivery_props)
    _delete(cumulo, "AWS::Logs::DeliveryDestination", dctx, "dst", {})
    _delete(cumulo, "AWS::Logs::DeliverySource", ctx, "src", {})
    assert logs.describe_deliveries()["deliveries"] == [] and logs.describe_delivery_sources()["deliverySources"] == []

    det = {"LogGroupArnList": [src_arn], "EvaluationFrequency": "FIVE_MIN", "DetectorName": "d"}
    ctx, made = _make(cumulo, "AWS::Logs::LogAnomalyDetector", det)
    got = logs.get_log_anomaly_detector(anomalyDetectorArn=made.physical_id)
    assert made.attributes["AnomalyDetectorStatus"] == got["anomalyDetectorStatus"]
    _update(cumulo, "AWS::Logs::LogAnomalyDetector", ctx, made.physical_id, {**det, "EvaluationFrequency": "ONE_HOUR"}, det)
    assert logs.get_log_anomaly_detector(anomalyDetectorArn=made.physical_id)["evaluationFrequency"] == "ONE_HOUR"
    _delete(cumulo, "AWS::Logs::LogAnomalyDetector", ctx, made.physical_id, det)
    assert logs.list_log_anomaly_detectors()["anomalyDetectors"] == []

    tr = {"LogGroupIdentifier": "/src", "TransformerConfig": [{"ParseJSON": {}}]}
    ctx, made = _make(cumulo, "AWS::Logs::Transformer", tr)
    assert made.physical_id == "/src" and logs.get_transformer(logGroupIdentifier="/src")["transformerConfig"] == [{"parseJSON": {}}]
    _delete(cumulo, "AWS::Logs::Transformer", ctx, "/src", tr)
    with pytest.raises(ClientError):
        logs.get_transformer(logGroupIdentifier="/src")


def test_integration_and_scheduled_query(cumulo: CumuloServer, logs: Any) -> None:
    props = {"IntegrationName": "search", "IntegrationType": "OPENSEARCH", "ResourceConfig": {"OpenSearchResourceConfig": {
        "DataSourceRoleArn": "arn:aws:iam::000000000000:role/os", "DashboardViewerPrincipals": ["arn:aws:iam::000000000000:role/viewer"]}}}
    ctx, made = _make(cumulo, "AWS::Logs::Integration", props)
    got = logs.get_integration(integrationName="search")
    assert made.physical_id == "search" and made.attributes["IntegrationStatus"] == got["integrationStatus"]
    _delete(cumulo, "AWS::Logs::Integration", ctx, "search", props)
    assert logs.list_integrations()["integrationSummaries"] == []

    logs.create_log_group(logGroupName="/q")
    q = {"Name": "hourly", "QueryLanguage": "CWLI", "QueryString": "fields @message", "ScheduleExpression": "rate(1 hour)",
         "ExecutionRoleArn": "arn:aws:iam::000000000000:role/q", "LogGroupIdentifiers": ["/q"]}
    ctx, made = _make(cumulo, "AWS::Logs::ScheduledQuery", q)
    got = logs.get_scheduled_query(identifier=made.physical_id)
    assert made.attributes["ScheduledQueryArn"] == got["scheduledQueryArn"] == made.physical_id
    assert made.attributes["CreationTime"] == got["creationTime"]
    _update(cumulo, "AWS::Logs::ScheduledQuery", ctx, made.physical_id, {**q, "ScheduleExpression": "rate(2 hours)"}, q)
    assert logs.get_scheduled_query(identifier=made.physical_id)["scheduleExpression"] == "rate(2 hours)"
    _delete(cumulo, "AWS::Logs::ScheduledQuery", ctx, made.physical_id, q)
    assert logs.list_scheduled_queries()["scheduledQueries"] == []


def test_sample_template_deploys(cumulo: CumuloServer, logs: Any) -> None:
    from tests.services.sample_stack import deploy

    stack = deploy(cumulo, "logs.yaml")
    types = {r["Type"] for r in stack.template["Resources"].values()}
    assert types == {t for t in resource_types() if t.startswith("AWS::Logs::")}
    group = stack.physical("Group")
    assert logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["retentionInDays"] == 14
    stack.delete()
    assert logs.describe_log_groups()["logGroups"] == [] and logs.describe_deliveries()["deliveries"] == []
