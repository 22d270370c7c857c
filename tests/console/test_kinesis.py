"""A Kinesis stream's records in the console: read from every shard, and a record put from the console read back through boto3."""

from __future__ import annotations

from typing import Any

from tests.console.conftest import ACCOUNT, REGION, By, Console, browser_required

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
