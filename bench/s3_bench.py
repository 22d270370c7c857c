"""S3 throughput beside moto's server, and the memory of a large object.

    python bench/s3_bench.py                     # cumulo, and moto_server if installed
    python bench/s3_bench.py --seconds 5 --large-mib 5120 --no-moto
    python bench/s3_bench.py --no-moto --huge-mib 5120   # the 5 GiB check

Workloads, each on a fresh child process of each server (persistence off):
- put+get: PutObject then GetObject of one object (1 KiB and 1 MiB), 1 and 8
  client threads, each with its own boto3 client; cycles/s and p50/p99. The
  1 KiB cycle again with a raw HTTP client, which measures the server itself.
- list: ListObjectsV2 over 10,000 keys, every page (1,000 keys a page); pages/s.
- large (cumulo only): PUT then GET of `--large-mib` MiB streamed from and to a
  temp file; the server's peak RSS (VmHWM) before and after shows whether
  memory stays flat while the object passes through.
- huge (cumulo only, `--huge-mib`): PUT of an object streamed from a generator
  (never on the client's disk), GET streamed back, and a multipart upload of the
  same size in 256 MiB parts; the server's peak RSS after each.
Servers' ports, readiness and the timed load loop come from `harness`.
boto3's own overhead is in every figure, as in a user's test suite. Compare
figures from one machine and one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

import harness

KIB = 1024
MIB = 1024 * KIB


def s3_client(url: str) -> Any:
    return boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 0}, max_pool_connections=16, s3={"addressing_style": "path"}),
    )


def put_get(url: str, clients: int, size: int, seconds: float) -> dict[str, Any]:
    body = os.urandom(size)
    bucket = f"pg-{clients}-{size}"
    s3_client(url).create_bucket(Bucket=bucket)

    def make_work(n: int) -> Any:
        s3, key = s3_client(url), f"key-{n}"

        def cycle() -> None:
            s3.put_object(Bucket=bucket, Key=key, Body=body)
            s3.get_object(Bucket=bucket, Key=key)["Body"].read()

        return cycle

    got = harness.measure(make_work, clients, seconds, warm=10)
    return {"workload": f"put+get {size // KIB} KiB", "clients": clients, "cycles_per_s": got["per_s"],
            "p50_ms": round(got["p50_ms"], 2), "p99_ms": round(got["p99_ms"], 2)}


def raw_put_get(url: str, clients: int, size: int, seconds: float) -> dict[str, Any]:
    """The put+get cycle over one keep-alive connection with prepared headers: next
    to no client cost, so this measures the server (see harness.RawJson)."""
    import http.client
    from urllib.parse import urlsplit

    body = os.urandom(size)
    bucket = f"raw-{clients}-{size}"
    s3_client(url).create_bucket(Bucket=bucket)
    parts = urlsplit(url)
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0",
            "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-date": "20260101T000000Z"}

    def make_work(n: int) -> Any:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        path = f"/{bucket}/key-{n}"

        def cycle() -> None:
            connection.request("PUT", path, body, {**auth, "Content-Length": str(size)})
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 200, answer.status
            connection.request("GET", path, headers=auth)
            answer = connection.getresponse()
            assert len(answer.read()) == size

        return cycle

    got = harness.measure(make_work, clients, seconds, warm=10)
    return {"workload": f"put+get {size // KIB} KiB (raw client)", "clients": clients, "cycles_per_s": got["per_s"],
            "p50_ms": round(got["p50_ms"], 2), "p99_ms": round(got["p99_ms"], 2)}


def list_10k(url: str, rounds: int = 3) -> dict[str, Any]:
    s3 = s3_client(url)
    s3.create_bucket(Bucket="listing")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: s3.put_object(Bucket="listing", Key=f"dir{i % 10}/key-{i:05d}", Body=b""), range(10_000)))
    pages = 0
    began = time.perf_counter()
    for _ in range(rounds):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="listing"):
            assert len(page["Contents"]) <= 1000
            pages += 1
    elapsed = time.perf_counter() - began
    return {"workload": "ListObjectsV2 10k keys", "clients": 1, "pages_per_s": round(pages / elapsed, 1),
            "full_listing_ms": round(elapsed / rounds * 1000, 1)}


def peak_rss_mib(pid: int) -> float:
    return harness.memory_mib(pid, "VmHWM")


def large_object(url: str, pid: int, mib: int) -> dict[str, Any]:
    s3 = s3_client(url)
    s3.create_bucket(Bucket="large")
    before = peak_rss_mib(pid)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.bin"
        with open(source, "wb") as f:
            block = os.urandom(MIB)
            for _ in range(mib):
                f.write(block)
        began = time.perf_counter()
        with open(source, "rb") as f:
            s3.put_object(Bucket="large", Key="big", Body=f)
        put_s = time.perf_counter() - began
        began = time.perf_counter()
        got = 0
        for chunk in s3.get_object(Bucket="large", Key="big")["Body"].iter_chunks(MIB):
            got += len(chunk)
        get_s = time.perf_counter() - began
        assert got == mib * MIB
    return {"workload": f"PUT+GET {mib} MiB", "put_mib_per_s": round(mib / put_s, 1), "get_mib_per_s": round(mib / get_s, 1),
            "peak_rss_before_mib": round(before, 1), "peak_rss_after_mib": round(peak_rss_mib(pid), 1)}


def _generated(total: int, block: bytes) -> Iterator[bytes]:
    """`total` bytes, made as they are sent: the client holds one block."""
    sent = 0
    while sent < total:
        piece = block[: min(len(block), total - sent)]
        sent += len(piece)
        yield piece


def huge_object(url: str, pid: int, mib: int, part_mib: int = 256) -> dict[str, Any]:
    """PUT and GET of a `mib` MiB object streamed from a generator, and a multipart
    upload of the same size, with the server's peak RSS (VmHWM) after each: memory
    must stay flat (a bounded buffer, never the object)."""
    import httpx

    s3 = s3_client(url)
    s3.create_bucket(Bucket="huge")
    total, block = mib * MIB, os.urandom(MIB)
    row: dict[str, Any] = {"workload": f"{mib} MiB streamed", "peak_rss_start_mib": round(peak_rss_mib(pid), 1)}
    with httpx.Client(timeout=600) as http:
        began = time.perf_counter()
        answer = http.put(f"{url}/huge/streamed", content=_generated(total, block),
                          headers={"content-length": str(total)})
        assert answer.status_code == 200, answer.text
        row["put_mib_per_s"] = round(mib / (time.perf_counter() - began), 1)
        row["peak_rss_after_put_mib"] = round(peak_rss_mib(pid), 1)
        began, got = time.perf_counter(), 0
        with http.stream("GET", f"{url}/huge/streamed") as response:
            for chunk in response.iter_bytes(MIB):
                got += len(chunk)
        assert got == total
        row["get_mib_per_s"] = round(mib / (time.perf_counter() - began), 1)
        row["peak_rss_after_get_mib"] = round(peak_rss_mib(pid), 1)
        upload = s3.create_multipart_upload(Bucket="huge", Key="multipart")["UploadId"]
        parts, began, left, number = [], time.perf_counter(), total, 1
        while left > 0:
            size = min(part_mib * MIB, left)
            url_part = s3.generate_presigned_url("upload_part", Params={
                "Bucket": "huge", "Key": "multipart", "UploadId": upload, "PartNumber": number})
            answer = http.put(url_part, content=_generated(size, block), headers={"content-length": str(size)})
            assert answer.status_code == 200, answer.text
            parts.append({"PartNumber": number, "ETag": answer.headers["etag"]})
            left, number = left - size, number + 1
        s3.complete_multipart_upload(Bucket="huge", Key="multipart", UploadId=upload, MultipartUpload={"Parts": parts})
        row["multipart_mib_per_s"] = round(mib / (time.perf_counter() - began), 1)
        row["peak_rss_after_multipart_mib"] = round(peak_rss_mib(pid), 1)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--large-mib", type=int, default=1024)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--huge-mib", type=int, default=0,
                        help="also the memory check at this size (5120 for the 5 GiB check): streamed PUT+GET and multipart")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not shutil.which("moto_server") else ["moto"])
    results: dict[str, list[dict[str, Any]]] = {}
    for kind in kinds:
        proc, url = harness.spawn(kind)  # its pid: the memory checks read its RSS
        try:
            rows = [put_get(url, n, size, args.seconds) for size in (KIB, MIB) for n in (1, 8)]
            rows += [raw_put_get(url, n, KIB, args.seconds) for n in (1, 8)]
            rows.append(list_10k(url))
            if kind == "cumulo" and args.large_mib:
                rows.append(large_object(url, proc.pid, args.large_mib))
            if kind == "cumulo" and args.huge_mib:
                rows.append(huge_object(url, proc.pid, args.huge_mib))
            results[kind] = rows
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    for kind, rows in results.items():
        for row in rows:
            print(kind.ljust(7), json.dumps(row))
    if "moto" in results:
        for mine, theirs in zip(results["cumulo"], results["moto"]):
            key = "cycles_per_s" if "cycles_per_s" in mine else "pages_per_s"
            print(f"cumulo/moto {mine['workload']} x{mine['clients']}: {mine[key] / theirs[key]:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
