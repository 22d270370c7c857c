"""Kinesis and Firehose throughput, cumulo beside moto's server in one run.

    python bench/kinesis_bench.py                  # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/kinesis_bench.py --records 20000 --no-moto

- PutRecords: records/s in batches of 500 (100-byte records, random partition keys,
  a 4-shard stream), through a raw keep-alive JSON client (the server's own cost).
- GetRecords: records/s draining the stream, 10,000 records a call, shard by shard.
- Firehose: PutRecordBatch of the same records (batches of 500) to a DirectPut
  stream with an S3 destination, then until every record is in the bucket
  (cumulo: the buffer flushed through /_cumulo/firehose/<name>/flush; moto writes
  on every call), records/s end to end.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import time
import urllib.request
from typing import Any

from harness import RawJson, boto3_client, moto_available, server

BATCH = 500


def put_records(url: str, stream: str, total: int) -> float:
    call = RawJson(url, "Kinesis_20131202", "kinesis", "1.1")
    call("CreateStream", {"StreamName": stream, "ShardCount": 4})
    time.sleep(0.2)
    data = base64.b64encode(os.urandom(100)).decode()
    batches = [[{"Data": data, "PartitionKey": f"k{n}-{i}"} for i in range(BATCH)] for n in range(total // BATCH)]
    began = time.perf_counter()
    for batch in batches:
        out = call("PutRecords", {"StreamName": stream, "Records": batch})
        assert out.get("FailedRecordCount", 0) == 0
    return total / (time.perf_counter() - began)


def get_records(url: str, stream: str, total: int) -> float:
    call = RawJson(url, "Kinesis_20131202", "kinesis", "1.1")
    shards = [s["ShardId"] for s in call("ListShards", {"StreamName": stream})["Shards"]]
    began = time.perf_counter()
    read = 0
    for shard in shards:
        iterator = call("GetShardIterator", {"StreamName": stream, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"})["ShardIterator"]
        while iterator:
            got = call("GetRecords", {"ShardIterator": iterator, "Limit": 10000})
            read += len(got["Records"])
            if not got["Records"]:
                break
            iterator = got.get("NextShardIterator")
    assert read == total, (read, total)
    return read / (time.perf_counter() - began)


def firehose(url: str, kind: str, total: int) -> float:
    s3 = boto3_client("s3", url)
    s3.create_bucket(Bucket="bench-lake")
    call = RawJson(url, "Firehose_20150804", "firehose", "1.1")
    call("CreateDeliveryStream", {
        "DeliveryStreamName": "bench",
        "ExtendedS3DestinationConfiguration": {"RoleARN": "arn:aws:iam::000000000000:role/r", "BucketARN": "arn:aws:s3:::bench-lake",
                                               "BufferingHints": {"SizeInMBs": 128, "IntervalInSeconds": 900}},
    })
    record = base64.b64encode(b"x" * 99 + b"\n").decode()
    began = time.perf_counter()
    for _ in range(total // BATCH):
        call("PutRecordBatch", {"DeliveryStreamName": "bench", "Records": [{"Data": record}] * BATCH})
    if kind == "cumulo":
        urllib.request.urlopen(urllib.request.Request(f"{url}/_cumulo/firehose/bench/flush", method="POST")).read()
    landed = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket="bench-lake"):
        for o in page.get("Contents", []):
            landed += s3.get_object(Bucket="bench-lake", Key=o["Key"])["Body"].read().count(b"\n")
    elapsed = time.perf_counter() - began
    assert landed == total, (landed, total)
    return total / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        with server(kind) as url:
            row: dict[str, Any] = {"server": kind}
            row["put_records_per_s"] = round(put_records(url, "bench", args.records))
            row["get_records_per_s"] = round(get_records(url, "bench", args.records))
            row["firehose_records_per_s"] = round(firehose(url, kind, args.records))
            rows.append(row)
    print(f"{'server':8} {'PutRecords rec/s':>17} {'GetRecords rec/s':>17} {'Firehose rec/s':>15}")
    for r in rows:
        print(f"{r['server']:8} {r['put_records_per_s']:>17} {r['get_records_per_s']:>17} {r['firehose_records_per_s']:>15}")
    if len(rows) == 2:
        mine, theirs = rows
        for key in ("put_records_per_s", "get_records_per_s", "firehose_records_per_s"):
            print(f"cumulo/moto {key}: {mine[key] / theirs[key]:.1f}x")
    if args.json:
        with open(args.json, "w") as f:
            f.write(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
