"""CloudFormation: a 50-resource stack created, updated with no change to its resources
(the same template with one output added, so every resource is compared and none
touched), and deleted; seconds each, cumulo beside moto.

    python bench/cloudformation_bench.py                 # cumulo, and moto_server if installed
    python bench/cloudformation_bench.py --no-moto --json bench/results/cloudformation.json

The stack mixes the resource types the running cumulo provides among SQS queues,
DynamoDB tables, IAM roles and Lambda functions (queues only until the other
providers exist), 50 in all, with references between them (a dead-letter queue per
ten queues) so the engine schedules a graph, not a flat list. Times are wall-clock
from the API call to the stack's terminal status, polled every 10 ms.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from harness import boto3_client, moto_available, server


def template(types: set[str], n: int = 50) -> dict[str, Any]:
    resources: dict[str, Any] = {}
    kinds = ["queue"]
    if "AWS::DynamoDB::Table" in types:
        kinds.append("table")
    if "AWS::IAM::Role" in types:
        kinds.append("role")
    i = 0
    while len(resources) < n:
        kind = kinds[i % len(kinds)]
        if kind == "queue":
            if i % 10 == 0:
                resources[f"Dlq{i}"] = {"Type": "AWS::SQS::Queue"}
                dlq = f"Dlq{i}"
            else:
                resources[f"Queue{i}"] = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60, "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": [dlq, "Arn"]}, "maxReceiveCount": 3}}} if i > 0 else {"Type": "AWS::SQS::Queue"}
        elif kind == "table":
            resources[f"Table{i}"] = {"Type": "AWS::DynamoDB::Table", "Properties": {
                "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}}
        elif kind == "role":
            resources[f"Role{i}"] = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}
        i += 1
    return {"Resources": resources}


def wait(cfn: Any, stack_id: str) -> str:
    while True:
        status = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]
        if not status.endswith("IN_PROGRESS"):
            return str(status)
        time.sleep(0.01)


def run(kind: str, tpl: dict[str, Any]) -> dict[str, Any]:
    with server(kind) as url:
        cfn = boto3_client("cloudformation", url)
        caps = ["CAPABILITY_IAM"]
        t0 = time.perf_counter()
        stack_id = cfn.create_stack(StackName="bench", TemplateBody=json.dumps(tpl), Capabilities=caps)["StackId"]
        created = wait(cfn, stack_id)
        t1 = time.perf_counter()
        updated_tpl = dict(tpl, Outputs={"Name": {"Value": {"Ref": "AWS::StackName"}}})
        cfn.update_stack(StackName=stack_id, TemplateBody=json.dumps(updated_tpl), Capabilities=caps)
        updated = wait(cfn, stack_id)
        t2 = time.perf_counter()
        cfn.delete_stack(StackName=stack_id)
        deleted = wait(cfn, stack_id)
        t3 = time.perf_counter()
    return {"server": kind, "resources": len(tpl["Resources"]), "create_s": round(t1 - t0, 3), "create": created,
            "noop_update_s": round(t2 - t1, 3), "update": updated, "delete_s": round(t3 - t2, 3), "delete": deleted}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    from cumulo.services import resource_types

    tpl = template(set(resource_types()))
    rows = [run("cumulo", tpl)]
    if not args.no_moto and moto_available():
        rows.append(run("moto", tpl))
    for row in rows:
        print(f"{row['server']:>7}: {row['resources']} resources  create {row['create_s']:.2f} s ({row['create']})  "
              f"no-op update {row['noop_update_s']:.2f} s ({row['update']})  delete {row['delete_s']:.2f} s ({row['delete']})")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
