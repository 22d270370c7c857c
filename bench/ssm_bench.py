"""SSM Parameter Store throughput: GetParameter, and GetParametersByPath over 1,000 parameters, cumulo beside moto.

    python bench/ssm_bench.py                    # cumulo, and moto_server if installed (pip install '.[bench]')
    python bench/ssm_bench.py --seconds 5 --no-moto --json bench/results/ssm.json

Setup per server: 1,000 String parameters under /bench/<group>/<n> (10 groups,
two levels deep). Workloads, each with 1 and 8 clients, boto3 and a raw JSON
client (see harness.py):
- `get`: GetParameter of one parameter (a different one each call);
- `by-path`: a full recursive GetParametersByPath of /bench, every page
  (10 per page, so 100 calls), reported as walks/s and calls/s.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, server

COUNT = 1000
TARGET = "AmazonSSM"


def populate(url: str) -> None:
    call = RawJson(url, TARGET, "ssm", "1.1")
    for i in range(COUNT):
        call("PutParameter", {"Name": f"/bench/g{i % 10}/p{i:04d}", "Value": f"value-{i}", "Type": "String", "Overwrite": True})


def get_work(kind: str, url: str) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        names = itertools.cycle([f"/bench/g{n % 10}/p{n:04d}" for n in range(i, COUNT, 7)])
        if kind == "boto3":
            ssm = boto3_client("ssm", url)
            return lambda: ssm.get_parameter(Name=next(names)) and None
        call = RawJson(url, TARGET, "ssm", "1.1")
        return lambda: call("GetParameter", {"Name": next(names)}) and None

    return make


def path_work(kind: str, url: str) -> Callable[[int], Callable[[], None]]:
    def make(i: int) -> Callable[[], None]:
        if kind == "boto3":
            ssm = boto3_client("ssm", url)

            def walk() -> None:
                seen = 0
                for page in ssm.get_paginator("get_parameters_by_path").paginate(Path="/bench", Recursive=True):
                    seen += len(page["Parameters"])
                assert seen == COUNT, seen

            return walk
        call = RawJson(url, TARGET, "ssm", "1.1")

        def walk_raw() -> None:
            seen, token = 0, None
            while True:
                body: dict[str, Any] = {"Path": "/bench", "Recursive": True}
                if token:
                    body["NextToken"] = token
                page = call("GetParametersByPath", body)
                seen += len(page["Parameters"])
                token = page.get("NextToken")
                if not token:
                    break
            assert seen == COUNT, seen

        return walk_raw

    return make


WORKLOADS: dict[str, Callable[[str, str], Callable[[int], Callable[[], None]]]] = {"get": get_work, "by-path": path_work}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not moto_available() else ["moto"])
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        with server(kind) as url:
            populate(url)
            for workload, make in WORKLOADS.items():
                for client in ("boto3", "raw"):
                    for n in (1, 8):
                        result = measure(make(client, url), n, args.seconds, warm=2 if workload == "by-path" else 20)
                        rows.append({"server": kind, "workload": workload, "client": client, **result})
    print(f"{'server':8} {'workload':8} {'client':6} {'clients':>7} {'ops/s':>9} {'calls/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        calls = r["per_s"] * (COUNT // 10 if r["workload"] == "by-path" else 1)
        print(f"{r['server']:8} {r['workload']:8} {r['client']:6} {r['clients']:>7} {r['per_s']:>9} {calls:>8.0f} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    mine = {(r["workload"], r["client"], r["clients"]): r["per_s"] for r in rows if r["server"] == "cumulo"}
    for r in rows:
        if r["server"] == "moto" and r["per_s"]:
            print(f"cumulo/moto, {r['workload']} {r['client']} x{r['clients']}: {mine[(r['workload'], r['client'], r['clients'])] / r['per_s']:.1f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
