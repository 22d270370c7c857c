"""Deploy a sample template (tests/services/cloudformation/samples/) as a real stack on
the test server, for the services' test_cfn.py files: the stack, its resources'
physical ids and attributes (read back through the outputs AWS would give), and its
deletion. The CloudFormation service's own tests deploy every sample the same way,
across a restart."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import boto3

from cumulo.services.cloudformation.template import parse
from cumulo.testing import CumuloServer

SAMPLES = Path(__file__).parent / "cloudformation" / "samples"
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]


def load(sample: str) -> dict[str, Any]:
    template: dict[str, Any] = parse((SAMPLES / sample).read_text())
    return template


def _settled(cfn: Any, name: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        stack: dict[str, Any] = cfn.describe_stacks(StackName=name)["Stacks"][0]
        if not stack["StackStatus"].endswith("IN_PROGRESS"):
            return stack
        assert time.monotonic() < deadline, f"{name} still {stack['StackStatus']}"
        time.sleep(0.02)


class Deployed:
    def __init__(self, cumulo: CumuloServer, sample: str) -> None:
        self.template = load(sample)
        self.cfn = boto3.client("cloudformation", endpoint_url=cumulo.url, region_name="us-east-1")
        self.name = "sample-" + sample.removesuffix(".yaml").replace("_", "-")
        self.cfn.create_stack(StackName=self.name, TemplateBody=(SAMPLES / sample).read_text(), Capabilities=CAPABILITIES)
        stack = _settled(self.cfn, self.name)
        if stack["StackStatus"] != "CREATE_COMPLETE":
            events = self.cfn.describe_stack_events(StackName=self.name)["StackEvents"]
            reasons = [(e["LogicalResourceId"], e.get("ResourceStatusReason")) for e in events if e["ResourceStatus"].endswith("FAILED")]
            raise AssertionError(f"{sample}: {stack['StackStatus']} {reasons}")
        self.id = stack["StackId"]
        self.outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        self.resources = {r["LogicalResourceId"]: r for r in self.cfn.describe_stack_resources(StackName=self.name)["StackResources"]}

    def physical(self, logical: str) -> str:
        return str(self.resources[logical]["PhysicalResourceId"])

    def delete(self) -> None:
        self.cfn.delete_stack(StackName=self.name)
        assert _settled(self.cfn, self.id)["StackStatus"] == "DELETE_COMPLETE"


def deploy(cumulo: CumuloServer, sample: str) -> Deployed:
    return Deployed(cumulo, sample)
