"""Resources recorded and read back: destinations, policies, query definitions, deliveries,
anomaly detectors, transformers, lookup tables, scheduled queries, export tasks."""

from __future__ import annotations

import gzip
import json
import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def test_destinations(logs: Any) -> None:
    d = logs.put_destination(destinationName="d1", targetArn="arn:aws:kinesis:us-east-1:000000000000:stream/s", roleArn="arn:aws:iam::000000000000:role/r")["destination"]
    assert d["arn"].endswith(":destination:d1")
    logs.put_destination_policy(destinationName="d1", accessPolicy='{"Version": "2012-10-17", "Statement": []}')
    assert logs.describe_destinations(DestinationNamePrefix="d")["destinations"][0]["accessPolicy"].startswith("{")
    logs.tag_resource(resourceArn=d["arn"], tags={"a": "b"})
    assert logs.list_tags_for_resource(resourceArn=d["arn"])["tags"] == {"a": "b"}
    logs.delete_destination(destinationName="d1")
    assert logs.describe_destinations()["destinations"] == []


def test_resource_and_account_policies(logs: Any) -> None:
    out = logs.put_resource_policy(policyName="p", policyDocument='{"Statement": []}')
    assert out["resourcePolicy"]["policyScope"] == "ACCOUNT"
    assert [p["policyName"] for p in logs.describe_resource_policies()["resourcePolicies"]] == ["p"]
    logs.delete_resource_policy(policyName="p")
    with pytest.raises(ClientError):
        logs.delete_resource_policy(policyName="p")
    logs.put_account_policy(policyName="dp", policyDocument='{"Name": "x"}', policyType="DATA_PROTECTION_POLICY")
    assert logs.describe_account_policies(policyType="DATA_PROTECTION_POLICY")["accountPolicies"][0]["policyName"] == "dp"
    logs.delete_account_policy(policyName="dp", policyType="DATA_PROTECTION_POLICY")
    assert logs.describe_account_policies(policyType="DATA_PROTECTION_POLICY")["accountPolicies"] == []


def test_query_definitions(logs: Any) -> None:
    ident = logs.put_query_definition(name="errors", queryString="fields @message | filter @message like /ERROR/")["queryDefinitionId"]
    logs.put_query_definition(name="errors2", queryDefinitionId=ident, queryString="fields @timestamp")
    defs = logs.describe_query_definitions()["queryDefinitions"]
    assert [(d["name"], d["queryString"]) for d in defs] == [("errors2", "fields @timestamp")]
    assert logs.delete_query_definition(queryDefinitionId=ident)["success"] is True


def test_deliveries(logs: Any) -> None:
    src = logs.put_delivery_source(name="src", resourceArn="arn:aws:bedrock:us-east-1:000000000000:x", logType="APPLICATION_LOGS")["deliverySource"]
    assert src["service"] == "bedrock"
    dest = logs.put_delivery_destination(name="dst", deliveryDestinationConfiguration={"destinationResourceArn": "arn:aws:s3:::bucket"})["deliveryDestination"]
    assert dest["deliveryDestinationType"] == "S3"
    logs.put_delivery_destination_policy(deliveryDestinationName="dst", deliveryDestinationPolicy='{"Statement": []}')
    assert logs.get_delivery_destination_policy(deliveryDestinationName="dst")["policy"]["deliveryDestinationPolicy"] == '{"Statement": []}'
    delivery = logs.create_delivery(deliverySourceName="src", deliveryDestinationArn=dest["arn"])["delivery"]
    assert logs.get_delivery(id=delivery["id"])["delivery"]["deliveryDestinationType"] == "S3"
    with pytest.raises(ClientError) as e:
        logs.delete_delivery_source(name="src")
    assert e.value.response["Error"]["Code"] == "ConflictException"
    logs.update_delivery_configuration(id=delivery["id"], fieldDelimiter=",")
    assert logs.describe_deliveries()["deliveries"][0]["fieldDelimiter"] == ","
    logs.delete_delivery(id=delivery["id"])
    logs.delete_delivery_source(name="src")
    logs.delete_delivery_destination(name="dst")


def test_anomaly_detectors(logs: Any, stream: tuple[str, str]) -> None:
    arn = logs.describe_log_groups()["logGroups"][0]["logGroupArn"]
    det = logs.create_log_anomaly_detector(logGroupArnList=[arn], detectorName="d", evaluationFrequency="ONE_HOUR")["anomalyDetectorArn"]
    assert logs.get_log_anomaly_detector(anomalyDetectorArn=det)["evaluationFrequency"] == "ONE_HOUR"
    logs.update_log_anomaly_detector(anomalyDetectorArn=det, enabled=False)
    assert logs.list_log_anomaly_detectors(filterLogGroupArn=arn)["anomalyDetectors"][0]["anomalyDetectorStatus"] == "PAUSED"
    assert logs.list_anomalies(anomalyDetectorArn=det)["anomalies"] == []
    logs.delete_log_anomaly_detector(anomalyDetectorArn=det)


def test_transformer(logs: Any, stream: tuple[str, str]) -> None:
    group, _ = stream
    config = [{"parseJSON": {}}, {"addKeys": {"entries": [{"key": "env", "value": "dev"}]}}, {"upperCaseString": {"withKeys": ["level"]}}]
    logs.put_transformer(logGroupIdentifier=group, transformerConfig=config)
    assert logs.get_transformer(logGroupIdentifier=group)["transformerConfig"] == config
    out = logs.test_transformer(transformerConfig=config, logEventMessages=['{"level": "warn"}'])["transformedLogs"][0]
    assert json.loads(out["transformedEventMessage"]) == {"level": "WARN", "env": "dev"}
    logs.delete_transformer(logGroupIdentifier=group)
    with pytest.raises(ClientError):
        logs.get_transformer(logGroupIdentifier=group)


def test_lookup_tables_and_scheduled_queries(logs: Any) -> None:
    arn = logs.create_lookup_table(lookupTableName="users", tableBody="id,name\n1,bob\n2,amy\n")["lookupTableArn"]
    assert logs.describe_lookup_tables()["lookupTables"][0]["recordsCount"] == 2
    assert logs.get_lookup_table(lookupTableArn=arn)["tableBody"].startswith("id,name")
    logs.delete_lookup_table(lookupTableArn=arn)
    sq = logs.create_scheduled_query(name="q", queryLanguage="CWLI", queryString="fields @message", scheduleExpression="rate(1 hour)",
                                     executionRoleArn="arn:aws:iam::000000000000:role/r")["scheduledQueryArn"]
    logs.update_scheduled_query(identifier=sq, queryLanguage="CWLI", queryString="fields @timestamp", scheduleExpression="rate(2 hours)",
                                executionRoleArn="arn:aws:iam::000000000000:role/r")
    assert logs.get_scheduled_query(identifier=sq)["scheduleExpression"] == "rate(2 hours)"
    assert [q["name"] for q in logs.list_scheduled_queries()["scheduledQueries"]] == ["q"]
    logs.delete_scheduled_query(identifier=sq)


def test_export_to_s3(logs: Any, stream: tuple[str, str], cumulo: CumuloServer) -> None:
    group, name = stream
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="exports")
    t = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t, "message": "hello"}, {"timestamp": t + 1, "message": "world"}])
    task = logs.create_export_task(logGroupName=group, fromTime=t - 1000, to=t + 1000, destination="exports", destinationPrefix="out")["taskId"]
    assert logs.describe_export_tasks(taskId=task)["exportTasks"][0]["status"]["code"] == "COMPLETED"
    body = s3.get_object(Bucket="exports", Key=f"out/{task}/{name}/000000.gz")["Body"].read()
    lines = gzip.decompress(body).decode().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == ["hello", "world"]
