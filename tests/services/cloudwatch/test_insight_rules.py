"""Contributor Insights reports through boto3: a rule evaluated over events stored in CloudWatch Logs."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.cloudwatch.insight_rules import Rule, RuleError
from cumulo.testing import ClockControl, CumuloServer

# Logs refuses events older than 14 days: the events are recent, on a whole hour.
T0 = datetime.now(tz=timezone.utc).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)


@pytest.fixture
def logs(cumulo: CumuloServer) -> Any:
    return boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _put(logs: Any, group: str, events: list[tuple[int, Any]]) -> None:
    """Events as (seconds after T0, JSON object or text line)."""
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[
        {"timestamp": _ms(T0 + timedelta(seconds=s)), "message": body if isinstance(body, str) else json.dumps(body)} for s, body in events])


def _rule(**over: Any) -> str:
    body = {"Schema": {"Name": "CloudWatchLogRule", "Version": 1}, "LogGroupNames": ["/api/*"], "LogFormat": "JSON",
            "Contribution": {"Keys": ["$.ip"], "Filters": []}, "AggregateOn": "Count"}
    body.update(over)
    return json.dumps(body)


def test_count_report_over_log_events(cw: Any, logs: Any) -> None:
    cw.put_insight_rule(RuleName="ips", RuleDefinition=_rule())
    _put(logs, "/api/a", [(0, {"ip": "1.1.1.1", "status": 200}), (10, {"ip": "1.1.1.1", "status": 500}),
                          (70, {"ip": "2.2.2.2", "status": 500}), (80, {"ip": "1.1.1.1", "status": 404}),
                          (90, "not json"), (100, {"status": 200})])
    _put(logs, "/api/b", [(75, {"ip": "3.3.3.3", "status": 200})])
    _put(logs, "/other", [(5, {"ip": "9.9.9.9", "status": 200})])
    got = cw.get_insight_rule_report(RuleName="ips", StartTime=T0, EndTime=T0 + timedelta(minutes=5), Period=60,
                                     Metrics=["UniqueContributors", "MaxContributorValue", "SampleCount", "Sum", "Average"])
    assert got["KeyLabels"] == ["$.ip"] and got["AggregationStatistic"] == "Count"
    assert got["AggregateValue"] == 5.0 and got["ApproximateUniqueCount"] == 3
    top = got["Contributors"][0]
    assert top["Keys"] == ["1.1.1.1"] and top["ApproximateAggregateValue"] == 3.0
    assert [(p["Timestamp"], p["ApproximateValue"]) for p in top["Datapoints"]] == [(T0, 2.0), (T0 + timedelta(minutes=1), 1.0)]
    assert [c["Keys"] for c in got["Contributors"]] == [["1.1.1.1"], ["2.2.2.2"], ["3.3.3.3"]]
    first, second = got["MetricDatapoints"]
    assert first == {"Timestamp": T0, "UniqueContributors": 1.0, "MaxContributorValue": 2.0, "SampleCount": 2.0, "Sum": 2.0, "Average": 1.0}
    assert second["UniqueContributors"] == 3.0 and second["SampleCount"] == 3.0 and second["MaxContributorValue"] == 1.0

    # The time range bounds the events read; MaxContributorCount the contributors shown.
    later = cw.get_insight_rule_report(RuleName="ips", StartTime=T0 + timedelta(minutes=1), EndTime=T0 + timedelta(minutes=5),
                                       Period=300, MaxContributorCount=1)
    assert later["AggregateValue"] == 3.0 and len(later["Contributors"]) == 1 and "MetricDatapoints" not in later


def test_sum_report_with_filters(cw: Any, logs: Any) -> None:
    rule = _rule(LogGroupNames=["/api/a"], AggregateOn="Sum", Contribution={
        "Keys": ["$.ip", "$.req.path"], "ValueOf": "$.bytes",
        "Filters": [{"Match": "$.method", "In": ["PUT"]}, {"Match": "$.bytes", "GreaterThan": 10}]})
    cw.put_insight_rule(RuleName="bytes", RuleDefinition=rule)
    _put(logs, "/api/a", [(0, {"ip": "1.1.1.1", "bytes": 100, "method": "PUT", "req": {"path": "/x"}}),
                          (1, {"ip": "1.1.1.1", "bytes": 50, "method": "GET", "req": {"path": "/x"}}),
                          (2, {"ip": "2.2.2.2", "bytes": 400, "method": "PUT", "req": {"path": "/y"}}),
                          (3, {"ip": "2.2.2.2", "bytes": 1, "method": "PUT", "req": {"path": "/y"}}),
                          (4, {"ip": "3.3.3.3", "bytes": "lots", "method": "PUT", "req": {"path": "/y"}})])
    got = cw.get_insight_rule_report(RuleName="bytes", StartTime=T0, EndTime=T0 + timedelta(minutes=1), Period=60,
                                     Metrics=["Minimum", "Maximum", "Sum"])
    assert got["AggregationStatistic"] == "Sum" and got["KeyLabels"] == ["$.ip", "$.req.path"]
    assert [(c["Keys"], c["ApproximateAggregateValue"]) for c in got["Contributors"]] == [(["2.2.2.2", "/y"], 400.0), (["1.1.1.1", "/x"], 100.0)]
    assert got["MetricDatapoints"] == [{"Timestamp": T0, "Minimum": 100.0, "Maximum": 400.0, "Sum": 500.0}]


def test_clf_rule(cw: Any, logs: Any) -> None:
    rule = _rule(LogGroupNames=["/web"], LogFormat="CLF", Fields={"1": "ip", "5": "request", "6": "status"},
                 Contribution={"Keys": ["ip"], "Filters": [{"Match": "status", "StartsWith": ["5"]}]})
    cw.put_insight_rule(RuleName="errors", RuleDefinition=rule)
    _put(logs, "/web", [(0, '10.0.0.1 - - [01/Jan/2026:12:00:00 +0000] "GET /a HTTP/1.1" 200 512'),
                        (1, '10.0.0.2 - - [01/Jan/2026:12:00:01 +0000] "GET /b HTTP/1.1" 500 10'),
                        (2, '10.0.0.2 - - [01/Jan/2026:12:00:02 +0000] "GET /c HTTP/1.1" 503 10')])
    got = cw.get_insight_rule_report(RuleName="errors", StartTime=T0, EndTime=T0 + timedelta(minutes=1), Period=60)
    assert [(c["Keys"], c["ApproximateAggregateValue"]) for c in got["Contributors"]] == [(["10.0.0.2"], 2.0)]


def test_rule_sees_only_events_that_arrive_while_enabled(cw: Any, logs: Any) -> None:
    _put(logs, "/api/a", [(0, {"ip": "before"})])
    cw.put_insight_rule(RuleName="ips", RuleDefinition=_rule())
    stream = {"logGroupName": "/api/a", "logStreamName": "s"}
    logs.put_log_events(**stream, logEvents=[{"timestamp": _ms(T0) + 1, "message": json.dumps({"ip": "on"})}])
    cw.disable_insight_rules(RuleNames=["ips"])
    logs.put_log_events(**stream, logEvents=[{"timestamp": _ms(T0) + 2, "message": json.dumps({"ip": "off"})}])
    cw.enable_insight_rules(RuleNames=["ips"])
    logs.put_log_events(**stream, logEvents=[{"timestamp": _ms(T0) + 3, "message": json.dumps({"ip": "on again"})}])
    got = cw.get_insight_rule_report(RuleName="ips", StartTime=T0, EndTime=T0 + timedelta(minutes=1), Period=60)
    assert sorted(c["Keys"][0] for c in got["Contributors"]) == ["on", "on again"]


def test_report_errors(cw: Any) -> None:
    with pytest.raises(ClientError) as e:
        cw.get_insight_rule_report(RuleName="nope", StartTime=T0, EndTime=T0 + timedelta(minutes=1), Period=60)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    cw.put_insight_rule(RuleName="r", RuleDefinition=_rule(LogGroupNames=["/missing"]))
    empty = cw.get_insight_rule_report(RuleName="r", StartTime=T0, EndTime=T0 + timedelta(minutes=1), Period=60)
    assert empty["Contributors"] == [] and empty["AggregateValue"] == 0.0
    for bad in ({"EndTime": T0}, {"Metrics": ["Median"]}, {"MaxContributorCount": 0}, {"OrderBy": "Name"}):
        args = {"RuleName": "r", "StartTime": T0, "EndTime": T0 + timedelta(minutes=1), "Period": 60, **bad}
        with pytest.raises(ClientError) as e:
            cw.get_insight_rule_report(**args)
        assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    with pytest.raises(ClientError) as e:
        cw.put_insight_rule(RuleName="bad", RuleDefinition=_rule(AggregateOn="Average"))
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_rule_engine_edges() -> None:
    rule = Rule.parse(_rule(Contribution={"Keys": ["$.u"], "Filters": [
        {"Match": "$.code", "NotIn": [200, "204"]}, {"Match": "$.trace", "IsPresent": False}, {"Match": "$.ms", "LessThan": 5}]}))
    assert rule.observe('{"u": "a", "code": 500, "ms": 1}') == (("a",), 1.0)
    assert rule.observe('{"u": "a", "code": 204, "ms": 1}') is None
    assert rule.observe('{"u": "a", "code": 500, "ms": 1, "trace": "t"}') is None
    assert rule.observe('{"u": true, "code": "x", "ms": "2"}') == (("true",), 1.0)
    for bad in ("[]", _rule(Schema={"Name": "Other"}), _rule(LogGroupNames=[]), _rule(Contribution={"Keys": []}),
                _rule(Contribution={"Keys": ["$.a"], "Filters": [{"Match": "$.a", "In": ["x"], "NotIn": ["y"]}]})):
        with pytest.raises(RuleError):
            Rule.parse(bad)


def test_report_ranks_by_sum_or_by_largest_period() -> None:
    from cumulo.services.cloudwatch.insight_rules import report

    rule = Rule.parse(_rule())
    # "steady" sends 3 a minute for 3 minutes (9); "burst" 6 in one minute.
    seen = [(t * 60.0 + i, ("steady",), 1.0) for t in range(3) for i in range(3)] + [(120.0 + i, ("burst",), 1.0) for i in range(6)]
    by_sum = report(rule, seen, 0, 180, 60, 10, "Sum", [])
    assert [c["Keys"] for c in by_sum["Contributors"]] == [["steady"], ["burst"]]
    by_max = report(rule, seen, 0, 180, 60, 1, "Maximum", ["MaxContributorValue", "UniqueContributors"])
    assert [c["Keys"] for c in by_max["Contributors"]] == [["burst"]] and by_max["ApproximateUniqueCount"] == 2
    assert [(p["Timestamp"], p["MaxContributorValue"], p["UniqueContributors"]) for p in by_max["MetricDatapoints"]] == [
        (0.0, 3.0, 1.0), (60.0, 3.0, 1.0), (120.0, 6.0, 2.0)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 599), st.sampled_from(["a", "b", "c", None]), st.integers(-5, 50)), max_size=60),
       st.sampled_from([1, 60, 300]), st.integers(-10, 10))
def test_report_accounts_for_every_matching_event(events: list[tuple[int, str | None, int]], period: int, floor: int) -> None:
    """Every event with the key and passing the filter counts once, in one contributor and one period."""
    from cumulo.services.cloudwatch.insight_rules import report

    rule = Rule.parse(_rule(AggregateOn="Sum", Contribution={"Keys": ["$.k"], "ValueOf": "$.v", "Filters": [{"Match": "$.v", "GreaterThan": floor}]}))
    seen = []
    for t, key, value in events:
        body = {"v": value, **({"k": key} if key is not None else {})}
        got = rule.observe(json.dumps(body))
        assert (got is not None) == (key is not None and value > floor)
        if got is not None:
            seen.append((float(t), *got))
    out = report(rule, seen, 0, 600, period, 100, "Sum", ["Sum", "SampleCount", "UniqueContributors"])
    expected = sum(v for _, k, v in events if k is not None and v > floor)
    assert out["AggregateValue"] == expected == sum(c["ApproximateAggregateValue"] for c in out["Contributors"])
    assert sum(p["Sum"] for p in out["MetricDatapoints"]) == expected
    assert sum(p["SampleCount"] for p in out["MetricDatapoints"]) == len(seen)
    for c in out["Contributors"]:
        assert sum(d["ApproximateValue"] for d in c["Datapoints"]) == c["ApproximateAggregateValue"]
        assert all(d["Timestamp"] % period == 0 for d in c["Datapoints"])


def test_insight_rule_metric_in_metric_math_and_alarms(cw: Any, logs: Any, cumulo_clock: ClockControl) -> None:
    cw.put_insight_rule(RuleName="ips", RuleDefinition=_rule())
    now = datetime.fromtimestamp(cumulo_clock.now(), tz=timezone.utc)
    minute = now.replace(second=0, microsecond=0)
    logs.create_log_group(logGroupName="/api/a")
    logs.create_log_stream(logGroupName="/api/a", logStreamName="s")
    logs.put_log_events(logGroupName="/api/a", logStreamName="s", logEvents=[
        {"timestamp": _ms(minute) + i, "message": json.dumps({"ip": ip})} for i, ip in enumerate(["1", "1", "2", "3"])])
    got = cw.get_metric_data(StartTime=minute - timedelta(minutes=5), EndTime=minute + timedelta(minutes=1), MetricDataQueries=[
        {"Id": "u", "Expression": 'INSIGHT_RULE_METRIC("ips", "UniqueContributors")', "Period": 60},
        {"Id": "top", "Expression": "INSIGHT_RULE_METRIC('ips', 'MaxContributorValue')", "Period": 60}])["MetricDataResults"]
    assert [(r["Id"], r["Timestamps"], r["Values"]) for r in got] == [("u", [minute], [3.0]), ("top", [minute], [2.0])]
    with pytest.raises(ClientError) as e:
        cw.get_metric_data(StartTime=minute - timedelta(minutes=5), EndTime=minute + timedelta(minutes=1), MetricDataQueries=[
            {"Id": "u", "Expression": 'INSIGHT_RULE_METRIC("nope", "UniqueContributors")', "Period": 60}])
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    # An alarm on the rule's metric moves on the clock.
    cw.put_metric_alarm(AlarmName="many-callers", EvaluationPeriods=1, Threshold=2, ComparisonOperator="GreaterThanOrEqualToThreshold",
                        Metrics=[{"Id": "u", "Expression": 'INSIGHT_RULE_METRIC("ips", "UniqueContributors")', "Period": 60, "ReturnData": True}])
    cumulo_clock.advance(10)
    assert cw.describe_alarms(AlarmNames=["many-callers"])["MetricAlarms"][0]["StateValue"] == "ALARM"
