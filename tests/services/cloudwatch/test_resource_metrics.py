"""Resource metrics configurations through boto3: one per resource, created, read, replaced, deleted."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/orders"
QUEUE = "arn:aws:sqs:us-east-1:000000000000:jobs"


@pytest.fixture(autouse=True)
def resources(cumulo: CumuloServer) -> None:
    """The table and the queue the configurations are for: CloudWatch checks they exist."""
    args = {"endpoint_url": cumulo.url, "region_name": "us-east-1"}
    boto3.client("dynamodb", **args).create_table(
        TableName="orders", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    boto3.client("sqs", **args).create_queue(QueueName="jobs")


def _code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def test_configuration_lifecycle(cw: Any) -> None:
    made = cw.create_resource_metrics_configuration(
        ResourceArn=TABLE, MetricSelections=[{"IncludeMetrics": ["ConsumedReadCapacityUnits", "ConsumedReadCapacityUnits"]}],
    )["ResourceMetricsConfiguration"]
    assert made["ResourceArn"] == TABLE
    assert made["MetricSelections"] == [{"IncludeMetrics": ["ConsumedReadCapacityUnits"]}]
    assert made["CreatedAt"] == made["UpdatedAt"]
    got = cw.get_resource_metrics_configuration(ResourceArn=TABLE)["ResourceMetricsConfiguration"]
    assert got == made
    with pytest.raises(ClientError) as e:
        cw.create_resource_metrics_configuration(ResourceArn=TABLE)
    assert _code(e) == "ConflictException"

    # Update replaces the selections; none at all means every detailed metric.
    updated = cw.update_resource_metrics_configuration(
        ResourceArn=TABLE, MetricSelections=[{"IncludeMetrics": ["ThrottledRequests"]}])["ResourceMetricsConfiguration"]
    assert updated["MetricSelections"] == [{"IncludeMetrics": ["ThrottledRequests"]}]
    assert updated["CreatedAt"] == made["CreatedAt"]
    cleared = cw.update_resource_metrics_configuration(ResourceArn=TABLE)["ResourceMetricsConfiguration"]
    assert "MetricSelections" not in cleared

    cw.delete_resource_metrics_configuration(ResourceArn=TABLE)
    for call in (cw.get_resource_metrics_configuration, cw.delete_resource_metrics_configuration,
                 cw.update_resource_metrics_configuration):
        with pytest.raises(ClientError) as e:
            call(ResourceArn=TABLE)
        assert _code(e) == "ResourceNotFoundException"
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_configurations_are_per_resource_and_account(cw: Any) -> None:
    cw.create_resource_metrics_configuration(ResourceArn=TABLE)
    cw.create_resource_metrics_configuration(ResourceArn=QUEUE, MetricSelections=[{"IncludeMetrics": ["NumberOfMessagesSent"]}])
    assert "MetricSelections" not in cw.get_resource_metrics_configuration(ResourceArn=TABLE)["ResourceMetricsConfiguration"]
    with pytest.raises(ClientError) as e:
        cw.create_resource_metrics_configuration(ResourceArn="arn:aws:sqs:us-east-1:111122223333:theirs")
    assert _code(e) == "ResourceNotFoundException"
    for missing in ("arn:aws:dynamodb:us-east-1:000000000000:table/nope", "arn:aws:sqs:us-east-1:000000000000:nope",
                    "arn:aws:lambda:us-east-1:000000000000:function:nope", "arn:aws:sns:us-east-1:000000000000:nope"):
        with pytest.raises(ClientError) as e:
            cw.create_resource_metrics_configuration(ResourceArn=missing)
        assert _code(e) == "ResourceNotFoundException", missing
    # A resource of a service cumulo does not emulate is taken on trust.
    cw.create_resource_metrics_configuration(ResourceArn="arn:aws:rds:us-east-1:000000000000:db:main")
    with pytest.raises(ClientError) as e:
        cw.create_resource_metrics_configuration(ResourceArn="not-an-arn-at-all-but-long")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
