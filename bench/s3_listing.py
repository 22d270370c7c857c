"""S3 listings over a large bucket: wall time and server CPU of a full paginated walk.

    python bench/s3_listing.py                     # 100,000 keys of 1 KiB
    python bench/s3_listing.py --keys 20000
    HOTPATH_CUMULO=/path/to/other/tree python bench/s3_listing.py   # another tree's cumulo

cumulo starts at default settings (no data dir: object rows past the warm
budget live in a temporary file), the keys go in over one pipelined keep-alive
connection (`hotpath.Raw`), then boto3's paginators walk ListObjectsV2,
ListObjects and ListObjectVersions (1,000 keys a page), plus one delimiter
listing and one prefix page. Wall time includes boto3 parsing the XML; the
server CPU column is cumulo's own share. RSS is shown after the puts and after
the walks (a walk must not read the whole bucket back into memory).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time

from harness import free_port, memory_mib
from hotpath import Raw, client, cpu_seconds, cumulo_args, prepared, process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=100_000)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        proc = stack.enter_context(process(cumulo_args(port), port, log_path=f"{tmp}/cumulo.log"))
        s3 = client("s3", port)
        s3.create_bucket(Bucket="many")
        data = prepared("s3", port, "put_object", Bucket="many", Key="dir-QzQz/obj-QzQzQzQz", Body=os.urandom(1024))
        head, sep, tail = data.partition(b"QzQz/obj-QzQzQzQz")
        assert sep
        conn = Raw(port)
        conn.pipelined(head + b"%04d/obj-%08d" % (i % 100, i) + tail for i in range(args.keys))
        conn.close()
        print(f"{args.keys} keys in 100 'directories'; RSS {memory_mib(proc.pid):.0f} MiB", flush=True)
        walks = [
            ("ListObjectsV2", "list_objects_v2", {}),
            ("ListObjects", "list_objects", {}),
            ("ListObjectVersions", "list_object_versions", {}),
            ("V2 delimiter /", "list_objects_v2", {"Delimiter": "/"}),
            ("V2 one prefix", "list_objects_v2", {"Prefix": "dir-0042/"}),
        ]
        for name, op, params in walks:
            started, cpu = time.perf_counter(), cpu_seconds(proc.pid)
            entries = pages = 0
            for page in s3.get_paginator(op).paginate(Bucket="many", **params):
                pages += 1
                entries += len(page.get("Contents", page.get("Versions", []))) + len(page.get("CommonPrefixes", []))
            wall, cpu = time.perf_counter() - started, cpu_seconds(proc.pid) - cpu
            print(f"  {name:20} {entries:7} entries {pages:4} pages  {wall:6.2f} s wall  {cpu:6.2f} s server CPU"
                  f"  ({cpu / pages * 1000:5.1f} ms a page)", flush=True)
        print(f"RSS after the walks {memory_mib(proc.pid):.0f} MiB")


if __name__ == "__main__":
    main()
