"""Metrics through boto3: PutMetricData, GetMetricStatistics, GetMetricData with math, ListMetrics."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl


def _now(clock: ClockControl) -> datetime:
    return datetime.fromtimestamp(clock.now(), tz=timezone.utc)


def _minute(clock: ClockControl) -> datetime:
    t = int(clock.now()) // 60 * 60
    return datetime.fromtimestamp(t, tz=timezone.utc)


def test_put_and_statistics(cw: Any, cumulo_clock: ClockControl) -> None:
    t0 = _minute(cumulo_clock) - timedelta(minutes=5)
    dims = [{"Name": "Service", "Value": "web"}]
    cw.put_metric_data(Namespace="App", MetricData=[
        {"MetricName": "Latency", "Dimensions": dims, "Value": 10, "Unit": "Milliseconds", "Timestamp": t0},
        {"MetricName": "Latency", "Dimensions": dims, "Value": 30, "Unit": "Milliseconds", "Timestamp": t0 + timedelta(seconds=10)},
        {"MetricName": "Latency", "Dimensions": dims, "Values": [5, 100], "Counts": [3, 1], "Unit": "Milliseconds", "Timestamp": t0 + timedelta(minutes=1)},
        {"MetricName": "Latency", "Dimensions": dims, "StatisticValues": {"SampleCount": 2, "Sum": 8, "Minimum": 3, "Maximum": 5},
         "Unit": "Milliseconds", "Timestamp": t0 + timedelta(minutes=2)},
    ])
    out = cw.get_metric_statistics(Namespace="App", MetricName="Latency", Dimensions=dims, StartTime=t0, EndTime=t0 + timedelta(minutes=3),
                                   Period=60, Statistics=["SampleCount", "Sum", "Average", "Minimum", "Maximum"])
    points = sorted(out["Datapoints"], key=lambda p: p["Timestamp"])
    assert [(p["SampleCount"], p["Sum"], p["Minimum"], p["Maximum"]) for p in points] == [(2, 40, 10, 30), (4, 115, 5, 100), (2, 8, 3, 5)]
    assert points[0]["Average"] == 20 and points[0]["Unit"] == "Milliseconds"
    pct = cw.get_metric_statistics(Namespace="App", MetricName="Latency", Dimensions=dims, StartTime=t0, EndTime=t0 + timedelta(minutes=2),
                                   Period=60, ExtendedStatistics=["p50", "p99"])
    by_time = sorted(pct["Datapoints"], key=lambda p: p["Timestamp"])
    assert by_time[1]["ExtendedStatistics"] == {"p50": 5.0, "p99": 100.0}
    # Dimensions must match exactly: no dimensions is another series.
    assert cw.get_metric_statistics(Namespace="App", MetricName="Latency", StartTime=t0, EndTime=t0 + timedelta(minutes=3),
                                    Period=60, Statistics=["Sum"])["Datapoints"] == []


def test_put_rules(cw: Any, cumulo_clock: ClockControl) -> None:
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(Namespace="AWS/EC2", MetricData=[{"MetricName": "x", "Value": 1}])
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "x", "Value": 1, "Values": [1]}])
    assert e.value.response["Error"]["Code"] == "InvalidParameterCombination"
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "x", "Value": 1, "Timestamp": _now(cumulo_clock) + timedelta(hours=3)}])
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "x", "Values": [1, 2], "Counts": [1]}])
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_list_metrics(cw: Any, cumulo_clock: ClockControl) -> None:
    cw.put_metric_data(Namespace="App", MetricData=[
        {"MetricName": "Hits", "Dimensions": [{"Name": "Page", "Value": "/a"}], "Value": 1},
        {"MetricName": "Hits", "Dimensions": [{"Name": "Page", "Value": "/b"}], "Value": 1},
        {"MetricName": "Errors", "Value": 1},
    ])
    cw.put_metric_data(Namespace="Other", MetricData=[{"MetricName": "Hits", "Value": 1}])
    assert len(cw.list_metrics(Namespace="App")["Metrics"]) == 3
    assert len(cw.list_metrics(MetricName="Hits")["Metrics"]) == 3
    assert len(cw.list_metrics(Dimensions=[{"Name": "Page"}])["Metrics"]) == 2
    assert cw.list_metrics(Dimensions=[{"Name": "Page", "Value": "/b"}])["Metrics"][0]["Dimensions"] == [{"Name": "Page", "Value": "/b"}]
    cumulo_clock.advance(4 * 3600)
    cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "Errors", "Value": 2}])
    assert [m["MetricName"] for m in cw.list_metrics(RecentlyActive="PT3H")["Metrics"]] == ["Errors"]


def test_get_metric_data_with_math(cw: Any, cumulo_clock: ClockControl) -> None:
    t0 = _minute(cumulo_clock) - timedelta(minutes=10)
    for i, (ok, bad) in enumerate([(10, 0), (8, 2), (5, 5)]):
        cw.put_metric_data(Namespace="Svc", MetricData=[
            {"MetricName": "Ok", "Value": ok, "Timestamp": t0 + timedelta(minutes=i)},
            {"MetricName": "Bad", "Value": bad, "Timestamp": t0 + timedelta(minutes=i)},
        ])

    def stat(name: str) -> dict[str, Any]:
        return {"Metric": {"Namespace": "Svc", "MetricName": name}, "Period": 60, "Stat": "Sum"}

    out = cw.get_metric_data(StartTime=t0, EndTime=t0 + timedelta(minutes=5), ScanBy="TimestampAscending", MetricDataQueries=[
        {"Id": "ok", "MetricStat": stat("Ok"), "ReturnData": False},
        {"Id": "bad", "MetricStat": stat("Bad"), "ReturnData": False},
        {"Id": "rate", "Expression": "100 * bad / (ok + bad)", "Label": "Error rate"},
        {"Id": "total", "Expression": "SUM(METRICS())"},
        {"Id": "filled", "Expression": "FILL(bad, 0)"},
        {"Id": "flag", "Expression": "IF(rate > 10, 1, 0)"},
        {"Id": "diff", "Expression": "DIFF(ok)"},
        {"Id": "search", "Expression": "SEARCH('{Svc} MetricName=\"Bad\"', 'Sum', 60)"},
    ])
    results = {r["Id"]: r for r in out["MetricDataResults"]}
    assert "ok" not in results
    assert results["rate"]["Label"] == "Error rate" and results["rate"]["Values"] == [0.0, 20.0, 50.0]
    assert results["total"]["Values"] == [10.0, 10.0, 10.0]
    assert len(results["filled"]["Values"]) == 5 and results["filled"]["Values"][3:] == [0.0, 0.0]
    assert results["flag"]["Values"] == [0.0, 1.0, 1.0]
    assert results["diff"]["Values"] == [-2.0, -3.0]
    assert results["search"]["Values"] == [0.0, 2.0, 5.0]
    with pytest.raises(ClientError):
        cw.get_metric_data(StartTime=t0, EndTime=t0 + timedelta(minutes=5), MetricDataQueries=[{"Id": "x", "Expression": "nope + 1"}])


def test_get_metric_data_pages(cw: Any, cumulo_clock: ClockControl) -> None:
    t0 = _minute(cumulo_clock) - timedelta(minutes=30)
    cw.put_metric_data(Namespace="P", MetricData=[{"MetricName": "m", "Value": i, "Timestamp": t0 + timedelta(minutes=i)} for i in range(25)])
    query = [{"Id": "m", "MetricStat": {"Metric": {"Namespace": "P", "MetricName": "m"}, "Period": 60, "Stat": "Maximum"}}]
    values = []
    for page in cw.get_paginator("get_metric_data").paginate(StartTime=t0, EndTime=t0 + timedelta(minutes=30), MetricDataQueries=query,
                                                              ScanBy="TimestampAscending", PaginationConfig={"PageSize": 10}):
        values += page["MetricDataResults"][0]["Values"] if page["MetricDataResults"] else []
    assert values == [float(i) for i in range(25)]


def test_metric_widget_image_is_a_png_chart(cw: Any, cumulo_clock: ClockControl) -> None:
    import struct
    import zlib

    t0 = _minute(cumulo_clock) - timedelta(minutes=30)
    cw.put_metric_data(Namespace="W", MetricData=[{"MetricName": "m", "Value": float(i % 7), "Timestamp": t0 + timedelta(minutes=i)} for i in range(30)])
    widget = {"metrics": [["W", "m"]], "period": 60, "stat": "Sum", "start": "-PT1H", "width": 300, "height": 200}
    png = cw.get_metric_widget_image(MetricWidget=json.dumps(widget))["MetricWidgetImage"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (300, 200)
    idat = png.index(b"IDAT")
    size = struct.unpack(">I", png[idat - 4:idat])[0]
    raw = zlib.decompress(png[idat + 4:idat + 4 + size])
    assert len(raw) == 200 * (1 + 300 * 3)
    assert bytes([31, 119, 180]) in raw  # the series was drawn in its color
    with pytest.raises(ClientError):
        cw.get_metric_widget_image(MetricWidget="{not json")
