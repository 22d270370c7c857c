"""Resource metrics configurations through boto3: one per resource, created, read, replaced, deleted."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/orders"


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
    other = "arn:aws:sqs:us-east-1:000000000000:jobs"
    cw.create_resource_metrics_configuration(ResourceArn=TABLE)
    cw.create_resource_metrics_configuration(ResourceArn=other, MetricSelections=[{"IncludeMetrics": ["NumberOfMessagesSent"]}])
    assert "MetricSelections" not in cw.get_resource_metrics_configuration(ResourceArn=TABLE)["ResourceMetricsConfiguration"]
    with pytest.raises(ClientError) as e:
        cw.create_resource_metrics_configuration(ResourceArn="arn:aws:sqs:us-east-1:111122223333:theirs")
    assert _code(e) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        cw.create_resource_metrics_configuration(ResourceArn="not-an-arn-at-all-but-long")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
