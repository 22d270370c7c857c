"""A consumer built the way the Kinesis Client Library works, on the same API calls: a lease
table in DynamoDB (one lease per shard, taken with conditional writes), records processed in
order, checkpoints written to the lease, children processed once their parents finish, and a
second worker resuming from the checkpoints without reading a record twice.

(The KCL itself is Java: the MultiLangDaemon needs Maven Central to fetch its jars, which this
machine cannot reach, so this consumer is its protocol in Python.)"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

LEASES = "kcl-app"


class Worker:
    def __init__(self, cumulo: CumuloServer, name: str, stream: str) -> None:
        kw = {"endpoint_url": cumulo.url, "region_name": "us-east-1"}
        self.kinesis, self.ddb = boto3.client("kinesis", **kw), boto3.client("dynamodb", **kw)
        self.name, self.stream = name, stream
        self.seen: list[bytes] = []

    def sync_leases(self) -> None:
        """Every shard gets a lease (KCL's ShardSyncer); an existing lease is left alone."""
        for shard in self.kinesis.list_shards(StreamName=self.stream)["Shards"]:
            parents = [p for p in (shard.get("ParentShardId"), shard.get("AdjacentParentShardId")) if p]
            try:
                self.ddb.put_item(
                    TableName=LEASES,
                    Item={"leaseKey": {"S": shard["ShardId"]}, "checkpoint": {"S": "TRIM_HORIZON"}, "leaseCounter": {"N": "0"},
                          **({"parentShardIds": {"SS": parents}} if parents else {})},
                    ConditionExpression="attribute_not_exists(leaseKey)",
                )
            except self.ddb.exceptions.ConditionalCheckFailedException:
                pass

    def take(self, lease: dict[str, Any]) -> bool:
        """Take a lease with a conditional write on its counter, as KCL's LeaseTaker does."""
        try:
            self.ddb.update_item(
                TableName=LEASES, Key={"leaseKey": lease["leaseKey"]},
                UpdateExpression="SET leaseOwner = :me, leaseCounter = leaseCounter + :one",
                ConditionExpression="leaseCounter = :seen", ExpressionAttributeValues={":me": {"S": self.name}, ":one": {"N": "1"}, ":seen": lease["leaseCounter"]},
            )
            return True
        except self.ddb.exceptions.ConditionalCheckFailedException:
            return False

    def process(self, shard: str, checkpoint: str) -> str:
        if checkpoint == "SHARD_END":
            return checkpoint
        kind = {"ShardIteratorType": "TRIM_HORIZON"} if checkpoint == "TRIM_HORIZON" else {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "StartingSequenceNumber": checkpoint}
        iterator = self.kinesis.get_shard_iterator(StreamName=self.stream, ShardId=shard, **kind)["ShardIterator"]
        while iterator:
            got = self.kinesis.get_records(ShardIterator=iterator, Limit=3)
            for record in got["Records"]:
                self.seen.append(record["Data"])
                checkpoint = record["SequenceNumber"]
                self.ddb.update_item(TableName=LEASES, Key={"leaseKey": {"S": shard}}, UpdateExpression="SET checkpoint = :c",
                                     ConditionExpression="leaseOwner = :me", ExpressionAttributeValues={":c": {"S": checkpoint}, ":me": {"S": self.name}})
            if "ChildShards" in got and got.get("NextShardIterator") is None:
                checkpoint = "SHARD_END"
                self.ddb.update_item(TableName=LEASES, Key={"leaseKey": {"S": shard}}, UpdateExpression="SET checkpoint = :c",
                                     ExpressionAttributeValues={":c": {"S": checkpoint}})
                break
            if not got["Records"]:
                break
            iterator = got["NextShardIterator"]
        return checkpoint

    def run_once(self) -> None:
        self.sync_leases()
        leases = {i["leaseKey"]["S"]: i for i in self.ddb.scan(TableName=LEASES, ConsistentRead=True)["Items"]}
        for shard in sorted(leases):
            lease = leases[shard]
            parents = lease.get("parentShardIds", {}).get("SS", [])
            if any(leases.get(p, {}).get("checkpoint", {}).get("S") != "SHARD_END" for p in parents):
                continue  # KCL processes a child only after its parents reached SHARD_END
            if self.take(lease):
                self.process(shard, lease["checkpoint"]["S"])
                leases = {i["leaseKey"]["S"]: i for i in self.ddb.scan(TableName=LEASES, ConsistentRead=True)["Items"]}


@pytest.fixture
def lease_table(cumulo: CumuloServer) -> None:
    ddb = boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="us-east-1")
    ddb.create_table(TableName=LEASES, KeySchema=[{"AttributeName": "leaseKey", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "leaseKey", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")


def test_leases_checkpoints_lineage_and_a_second_worker(cumulo: CumuloServer, kinesis: Any, lease_table: None) -> None:
    kinesis.create_stream(StreamName="orders", ShardCount=2)
    for i in range(10):
        kinesis.put_record(StreamName="orders", Data=f"a{i}".encode(), PartitionKey=f"k{i}")
    first = Worker(cumulo, "worker-1", "orders")
    first.run_once()
    assert sorted(first.seen) == sorted(f"a{i}".encode() for i in range(10))

    # Reshard, write more, and let a second worker take over from the checkpoints.
    kinesis.split_shard(StreamName="orders", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2**126))
    for i in range(10):
        kinesis.put_record(StreamName="orders", Data=f"b{i}".encode(), PartitionKey=f"k{i}")
    second = Worker(cumulo, "worker-2", "orders")
    second.run_once()
    second.run_once()  # children become ready once their parent reached SHARD_END
    assert sorted(second.seen) == sorted(f"b{i}".encode() for i in range(10)), "nothing read twice, nothing missed"
    owners = {i["leaseKey"]["S"]: i["leaseOwner"]["S"] for i in boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="us-east-1").scan(TableName=LEASES)["Items"] if "leaseOwner" in i}
    assert set(owners.values()) <= {"worker-1", "worker-2"} and len(owners) == 4
