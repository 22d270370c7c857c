"""Data views in the console: a Kinesis stream's records read from every shard and one put from the
console read back through boto3; a secret revealed on demand and a new version stored; a resource's
own CloudWatch metrics charted in its view."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from tests.console.conftest import ACCOUNT, REGION, By, Console, browser_required, make_function

pytestmark = browser_required


def test_records_are_read_and_put_from_the_console(ui: Console, aws: Any) -> None:
    kinesis = aws("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=2)
    kinesis.put_record(StreamName="clicks", PartitionKey="user-1", Data=b'{"page": "/home"}')
    ui.open(f"item/kinesis/{ACCOUNT}/{REGION}/streams/clicks")
    ui.wait(lambda d: '{"page": "/home"}' in d.find_element(By.CSS_SELECTOR, '[data-test="records"]').text)
    ui.css('[data-test="put-data"]').send_keys("from the console")
    ui.css('[data-test="put"]').click()
    ui.wait(lambda d: "from the console" in d.find_element(By.CSS_SELECTOR, '[data-test="records"]').text)
    ui.shot("kinesis-records")
    read = []
    for shard in kinesis.list_shards(StreamName="clicks")["Shards"]:
        it = kinesis.get_shard_iterator(StreamName="clicks", ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        read += [(r["PartitionKey"], r["Data"]) for r in kinesis.get_records(ShardIterator=it)["Records"]]
    assert sorted(read) == [("console", b"from the console"), ("user-1", b'{"page": "/home"}')]


def test_a_secret_is_revealed_on_demand_and_a_new_version_stored(ui: Console, aws: Any) -> None:
    sm = aws("secretsmanager")
    sm.create_secret(Name="db/password", SecretString='{"user": "app", "password": "hunter2"}')
    key = "db/password"
    ui.open(f"item/secretsmanager/{ACCOUNT}/{REGION}/secrets/{quote(key, safe='')}")
    assert "hunter2" not in ui.css("#data").text  # not shown until asked for
    ui.css('[data-test="secret-reveal"]').click()
    ui.wait(lambda d: '"password": "hunter2"' in d.find_element(By.CSS_SELECTOR, '[data-test="secret-value"]').text)
    ui.shot("secretsmanager-secret")
    ui.css('[data-test="secret-new"]').send_keys("rotated")
    ui.css('[data-test="secret-put"]').click()
    ui.wait(lambda d: "Stored version" in d.find_element(By.ID, "toast").text)
    assert sm.get_secret_value(SecretId="db/password")["SecretString"] == "rotated"


def test_a_functions_own_metrics_are_charted_in_its_view(ui: Console, aws: Any) -> None:
    make_function(aws, "counted")
    for n in range(2):
        aws("lambda").invoke(FunctionName="counted", Payload=b'{"n": %d}' % n)
    ui.open(f"item/lambda/{ACCOUNT}/{REGION}/functions/counted")
    ui.css('[data-test="metrics"] [data-metric="Invocations"]').click()
    ui.wait(lambda d: d.find_elements(By.CSS_SELECTOR, '#data [data-test="chart"] circle'))
    total = sum(p["Sum"] for p in aws("cloudwatch").get_metric_statistics(
        Namespace="AWS/Lambda", MetricName="Invocations", Dimensions=[{"Name": "FunctionName", "Value": "counted"}],
        StartTime=time.time() - 3600, EndTime=time.time() + 60, Period=60, Statistics=["Sum"])["Datapoints"])
    assert total == 2
    ui.shot("lambda-metrics")
