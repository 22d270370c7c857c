"""Step Functions: how fast the interpreter runs state machines.

    python bench/stepfunctions_bench.py                 # cumulo only: moto does not run ASL
    python bench/stepfunctions_bench.py --executions 500 --items 10000

- express sync: executions/s of a 10-state Pass/Choice machine through StartSyncExecution;
- standard: executions/s of the same machine, started and then described until done;
- Map: seconds for an inline Map of N items (one Pass state each), express sync;
- in-process: µs per state transition of the interpreter alone (no HTTP), and
  transitions/s (the target is >= 2,000/s; Step Functions Local's jar is
  documented for functional testing, not throughput, and publishes no figure).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from harness import RawJson, server

ROLE = "arn:aws:iam::000000000000:role/bench"
TEN = {
    "StartAt": "S0",
    "States": {
        **{f"S{i}": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": f"C{i}"} for i in range(5)},
        **{f"C{i}": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 100, "Next": "Done"}],
                     "Default": f"S{i + 1}"} for i in range(4)},
        "C4": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 100, "Next": "Done"}], "Default": "Done"},
        "Done": {"Type": "Succeed"},
    },
}  # S0 C0 S1 C1 ... S4 C4 Done: 11 states entered


def machine(call: RawJson, name: str, definition: dict[str, Any], kind: str) -> str:
    out = call("CreateStateMachine", {"name": name, "definition": json.dumps(definition), "roleArn": ROLE, "type": kind})
    return str(out["stateMachineArn"])


def express(url: str, n: int) -> float:
    call = RawJson(url, "AWSStepFunctions", "states")
    arn = machine(call, "express10", TEN, "EXPRESS")
    began = time.perf_counter()
    for _ in range(n):
        assert call("StartSyncExecution", {"stateMachineArn": arn, "input": '{"n": 0}'})["status"] == "SUCCEEDED"
    return n / (time.perf_counter() - began)


def standard(url: str, n: int) -> float:
    call = RawJson(url, "AWSStepFunctions", "states")
    arn = machine(call, "standard10", TEN, "STANDARD")
    began = time.perf_counter()
    arns = [call("StartExecution", {"stateMachineArn": arn, "input": '{"n": 0}'})["executionArn"] for _ in range(n)]
    for ex in arns:
        while call("DescribeExecution", {"executionArn": ex})["status"] == "RUNNING":
            time.sleep(0.001)
    return n / (time.perf_counter() - began)


def big_map(url: str, items: int) -> float:
    call = RawJson(url, "AWSStepFunctions", "states")
    definition = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {
        "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}}
    arn = machine(call, "bigmap", definition, "EXPRESS")
    began = time.perf_counter()
    out = call("StartSyncExecution", {"stateMachineArn": arn, "input": json.dumps(list(range(items)))})
    assert out["status"] == "SUCCEEDED", out
    return time.perf_counter() - began


def in_process(runs: int) -> float:
    """µs per state transition, the interpreter alone."""
    from cumulo.config import Config
    from cumulo.server import build_runtime
    from cumulo.services.stepfunctions.interpreter import Run
    from cumulo.services.stepfunctions.models import Execution

    runtime = build_runtime(Config(log_level="warning"))
    text = json.dumps(TEN)

    async def go() -> float:
        began = time.perf_counter()
        for i in range(runs):
            ex = Execution(f"arn:aws:states:us-east-1:000000000000:express:m:e{i}", "arn:aws:states:us-east-1:000000000000:stateMachine:m",
                           f"e{i}", text, ROLE, '{"n": 0}', 0.0, express=True)
            await Run(runtime, ex, "000000000000", "us-east-1", lambda: None).run()
            assert ex.status == "SUCCEEDED"
        return (time.perf_counter() - began) / (runs * 11) * 1e6

    return asyncio.run(go())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--executions", type=int, default=300)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    micros = in_process(args.executions * 3)
    print(f"in-process: {micros:.1f} µs per state transition ({1e6 / micros:,.0f} transitions/s; target >= 2,000/s)")
    with server("cumulo") as url:
        print(f"cumulo express sync, 10-state machine: {express(url, args.executions):,.0f} executions/s")
        print(f"cumulo standard, 10-state machine: {standard(url, args.executions):,.0f} executions/s (start + describe until done)")
        print(f"cumulo Map of {args.items:,} items: {big_map(url, args.items):.2f} s")
    print("moto: no figure (moto_server accepts executions but does not run ASL)")


if __name__ == "__main__":
    main()
