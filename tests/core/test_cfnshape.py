"""core/cfnshape: template properties shaped by an operation's botocore model."""

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.core.cfnshape import api_input, scalar, tag_changes


def test_members_matched_without_case_and_scalars_coerced() -> None:
    got = api_input("logs", "PutMetricFilter", {
        "LogGroupName": "/g", "FilterName": "f", "FilterPattern": "ERROR", "Unknown": 1,
        "MetricTransformations": [{"MetricName": "m", "MetricNamespace": "n", "MetricValue": "1", "DefaultValue": "0"}]})
    assert got == {"logGroupName": "/g", "filterName": "f", "filterPattern": "ERROR",
                   "metricTransformations": [{"metricName": "m", "metricNamespace": "n", "metricValue": "1", "defaultValue": 0.0}]}


def test_objects_become_json_text_and_fixed_members_win() -> None:
    got = api_input("events", "PutRule", {"Name": "a", "EventPattern": {"source": ["x"]}, "State": "ENABLED"}, Name="b", Tags=None)
    assert got == {"Name": "b", "EventPattern": '{"source": ["x"]}', "State": "ENABLED"}


def test_timestamps_booleans_and_tag_lists_as_maps() -> None:
    got = api_input("scheduler", "CreateSchedule", {"Name": "s", "StartDate": "2030-01-02T03:04:05Z", "ScheduleExpression": "rate(1 hour)",
                                                    "FlexibleTimeWindow": {"Mode": "OFF"}, "Target": {"Arn": "a", "RoleArn": "r"}})
    assert got["StartDate"] == datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert api_input("pipes", "CreatePipe", {"Tags": [{"Key": "k", "Value": "v"}]})["Tags"] == {"k": "v"}
    assert scalar("boolean", "True") is True and scalar("boolean", "false") is False


@settings(max_examples=50)
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_numbers_given_as_text_are_numbers(n: int) -> None:
    assert scalar("integer", str(n)) == n
    assert scalar("long", n) == n
    assert scalar("double", str(n)) == float(n)
    assert scalar("string", n) == str(n)


@settings(max_examples=50)
@given(st.dictionaries(st.text(max_size=3), st.text(max_size=3)), st.dictionaries(st.text(max_size=3), st.text(max_size=3)))
def test_tag_changes_take_old_to_new(new: dict[str, str], old: dict[str, str]) -> None:
    put, remove = tag_changes(new, old)
    after = {k: v for k, v in old.items() if k not in remove}
    after.update(put)
    assert after == new
