"""Vended-metric (OTel) enrichment through boto3: started, read, its filters replaced, stopped."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_enrichment_lifecycle(cw: Any) -> None:
    assert cw.get_otel_enrichment()["Status"] == "Stopped"
    with pytest.raises(ClientError) as e:
        cw.update_otel_enrichment(IncludeFilters=[{"Namespace": "AWS/EC2"}])
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"

    started = cw.start_otel_enrichment(IncludeFilters=[{"Namespace": "AWS/EC2", "MetricNames": ["CPUUtilization"]}])
    assert started["IncludeFilters"] == [{"Namespace": "AWS/EC2", "MetricNames": ["CPUUtilization"]}]
    got = cw.get_otel_enrichment()
    assert got["Status"] == "Running" and got["IncludeFilters"] == started["IncludeFilters"] and "CreatedAt" in got

    # Starting again changes nothing: the filters stay.
    again = cw.start_otel_enrichment(IncludeFilters=[{"Namespace": "AWS/RDS"}])
    assert again["IncludeFilters"] == started["IncludeFilters"]

    # Update replaces both lists as a pair.
    updated = cw.update_otel_enrichment(ExcludeFilters=[{"Namespace": "AWS/Lambda"}])
    assert "IncludeFilters" not in updated and updated["ExcludeFilters"] == [{"Namespace": "AWS/Lambda"}]
    assert cw.get_otel_enrichment()["ExcludeFilters"] == [{"Namespace": "AWS/Lambda"}]
    cleared = cw.update_otel_enrichment()
    assert "IncludeFilters" not in cleared and "ExcludeFilters" not in cleared

    cw.stop_otel_enrichment()
    stopped = cw.get_otel_enrichment()
    assert stopped["Status"] == "Stopped" and "IncludeFilters" not in stopped
    cw.stop_otel_enrichment()  # stopping a stopped enrichment is fine


def test_contradictory_filters_are_refused(cw: Any) -> None:
    with pytest.raises(ClientError) as e:
        cw.start_otel_enrichment(IncludeFilters=[{"Namespace": "AWS/EC2"}], ExcludeFilters=[{"Namespace": "AWS/EC2"}])
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError):
        cw.start_otel_enrichment(IncludeFilters=[{"Namespace": "AWS/EC2"}, {"Namespace": "AWS/EC2"}])
    assert cw.get_otel_enrichment()["Status"] == "Stopped"
    # Different metrics of one namespace may be split between the two lists.
    cw.start_otel_enrichment(IncludeFilters=[{"Namespace": "AWS/EC2", "MetricNames": ["CPUUtilization"]}],
                             ExcludeFilters=[{"Namespace": "AWS/EC2", "MetricNames": ["NetworkIn"]}])
    assert cw.get_otel_enrichment()["Status"] == "Running"
