"""Datapoints are packed, merged and spilled to the store, and read back whole:
through the store directly, and through a live server across a restart."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import boto3

from cumulo.config import Config
from cumulo.services.cloudwatch import datapoints, retention
from cumulo.services.cloudwatch.models import Batch, Spilled, points_table, series_id
from cumulo.state import open_store
from cumulo.testing import CumuloServer

NOW = 1_800_000_000.0


def _datum(i: int) -> dict[str, object]:
    kinds: list[dict[str, object]] = [
        {"Value": float(i)},
        {"Values": [float(i), float(i + 1)], "Counts": [1.0, 3.0]},
        {"StatisticValues": {"SampleCount": 2.0, "Sum": float(2 * i), "Minimum": 0.0, "Maximum": float(2 * i)}},
    ]
    return {"MetricName": "Hits", "Dimensions": [{"Name": "Host", "Value": "a"}], "Timestamp": NOW - 3600 + i, **kinds[i % 3]}


def test_a_batch_packs_every_kind_of_point() -> None:
    points = [(1.0, 1.0, 5.0, 5.0, 5.0, ((5.0, 1.0),)), (2.0, 4.0, 10.0, 1.0, 3.0, ((1.0, 1.0), (3.0, 3.0))),
              (3.0, 2.0, 4.0, 1.0, 3.0, None), (4.0, 1.0, 7.0, 7.0, 7.0, ((7.0, 1.0),))]
    batch = Batch.of(points)
    assert list(batch.points()) == points
    assert list(batch.points(2.0, 4.0)) == points[1:3]
    assert (batch.low, batch.high, len(batch)) == (1.0, 4.0, 4)


def test_rows_are_merged_spilled_and_read_back_across_a_restart(tmp_path: Path) -> None:
    store = open_store(str(tmp_path))
    scope = store.scope("cloudwatch", "000000000000", "us-east-1")
    expected = []
    for i in range(3 * datapoints.HOT_ROWS + 5):
        datum = _datum(i)
        datapoints.put(scope, "App", [datum], NOW)
        store.commit()
        expected.append(datapoints._point(datum, NOW - 3600 + i, "x"))
    sid = series_id("App", "Hits", (("Host", "a"),))
    rows = scope.table(points_table(sid)).rows
    assert sum(isinstance(r, Spilled) for r in rows.values()) >= 2  # merged rows left memory
    assert len(rows) < 2 * datapoints.HOT_ROWS
    assert sorted(datapoints.points(scope, sid, 0, NOW)) == expected
    assert sorted(datapoints.points(scope, sid, NOW - 3600 + 10, NOW - 3600 + 20)) == expected[10:20]
    store.close()

    again = open_store(str(tmp_path))
    scope = again.scope("cloudwatch", "000000000000", "us-east-1")
    assert sorted(datapoints.points(scope, sid, 0, NOW)) == expected
    rows = scope.table(points_table(sid)).rows
    assert sum(isinstance(r, Spilled) for r in rows.values()) >= 2  # spilled again once loaded
    again.close()


def test_retention_trims_spilled_rows(tmp_path: Path) -> None:
    store = open_store(str(tmp_path))
    scope = store.scope("cloudwatch", "000000000000", "us-east-1")
    for i in range(2 * datapoints.HOT_ROWS + 1):
        datapoints.put(scope, "App", [_datum(i)], NOW)
        store.commit()
    sid = series_id("App", "Hits", (("Host", "a"),))

    class Clock:
        @staticmethod
        def now() -> float:
            return NOW - 3600 + 50 + retention.RETENTION

    class Runtime:
        clock = Clock()

    Runtime.store = store  # type: ignore[attr-defined]
    dropped = retention.trim_all(Runtime())  # type: ignore[arg-type]
    store.commit()
    assert dropped == 50
    assert [p[0] for p in sorted(datapoints.points(scope, sid, 0, NOW))] == [NOW - 3600 + i for i in range(50, 2 * datapoints.HOT_ROWS + 1)]
    store.close()


def test_datapoints_survive_a_restart_through_the_api(tmp_path: Path) -> None:
    now = datetime.now(tz=timezone.utc).replace(microsecond=0)
    start = now - timedelta(hours=3)
    server = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        cw = boto3.client("cloudwatch", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        for i in range(datapoints.HOT_ROWS * 2 + 3):
            cw.put_metric_data(Namespace="App", MetricData=[
                {"MetricName": "Hits", "Value": float(i), "Timestamp": start + timedelta(seconds=60 * i)},
                {"MetricName": "Lat", "Values": [float(i), 1000.0], "Timestamp": start + timedelta(seconds=60 * i)}])
    finally:
        server.stop()
    server = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        cw = boto3.client("cloudwatch", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        n = datapoints.HOT_ROWS * 2 + 3
        got = cw.get_metric_statistics(Namespace="App", MetricName="Hits", StartTime=start, EndTime=now, Period=86400,
                                       Statistics=["Sum", "SampleCount", "Maximum"])["Datapoints"]
        assert (sum(p["Sum"] for p in got), sum(p["SampleCount"] for p in got), max(p["Maximum"] for p in got)) == (
            float(sum(range(n))), float(n), float(n - 1))
        lat = cw.get_metric_statistics(Namespace="App", MetricName="Lat", StartTime=start, EndTime=now, Period=60,
                                       ExtendedStatistics=["p50"])["Datapoints"]
        assert sorted(p["ExtendedStatistics"]["p50"] for p in lat) == [float(i) for i in range(n)]
    finally:
        server.stop()
