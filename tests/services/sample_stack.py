"""Deploy a sample template (tests/services/cloudformation/samples/) through the
providers alone, with just enough of a template engine (Ref, GetAtt, Sub, Join,
pseudo parameters, dependency order) to check that a service's sample wires up; the
CloudFormation service's own tests deploy the same samples as real stacks."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from cumulo.core.provisioning import ProvisionContext, Resource
from cumulo.services import resource_types
from cumulo.testing import CumuloServer

T = TypeVar("T")


async def _await(step: Awaitable[T]) -> T:
    return await step


SAMPLES = Path(__file__).parent / "cloudformation" / "samples"


class _Loader(yaml.SafeLoader):
    pass


def _tag(name: str) -> None:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if name == "Fn::GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {name: value}

    _Loader.add_constructor("!" + name.removeprefix("Fn::"), construct)


for _name in ("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::ToJsonString"):
    _tag(_name)


def load(name: str) -> dict[str, Any]:
    return yaml.load((SAMPLES / name).read_text(), Loader=_Loader)  # noqa: S506 - SafeLoader subclass


def _refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        if "Ref" in value:
            return {value["Ref"]}
        if "Fn::GetAtt" in value:
            return {value["Fn::GetAtt"][0]}
        if "Fn::Sub" in value:
            text = value["Fn::Sub"] if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"][0]
            return {m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text)} | _refs(value["Fn::Sub"])
        return set().union(*(_refs(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_refs(v) for v in value)) if value else set()
    return set()


class Deployed:
    def __init__(self, cumulo: CumuloServer, template: dict[str, Any], stack: str = "sample") -> None:
        self.cumulo, self.template, self.stack = cumulo, template, stack
        self.made: dict[str, tuple[ProvisionContext, Resource, dict[str, Any]]] = {}
        self.pseudo = {"AWS::AccountId": "000000000000", "AWS::Region": "us-east-1", "AWS::Partition": "aws",
                       "AWS::StackName": stack, "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": None}

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if "Ref" in value:
                name = value["Ref"]
                return self.pseudo[name] if name in self.pseudo else self.made[name][1].physical_id
            if "Fn::GetAtt" in value:
                logical, attribute = value["Fn::GetAtt"]
                return self.made[logical][1].attributes[attribute]
            if "Fn::Sub" in value:
                text, extra = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"]
                extra = {k: self.resolve(v) for k, v in extra.items()}

                def one(m: re.Match[str]) -> str:
                    key = m.group(1)
                    if key in extra:
                        return str(extra[key])
                    if "." in key and not key.startswith("AWS::"):
                        return str(self.resolve({"Fn::GetAtt": key.split(".", 1)}))
                    return str(self.resolve({"Ref": key}))

                return re.sub(r"\$\{([^}!]+)\}", one, text)
            if "Fn::Join" in value:
                sep, items = value["Fn::Join"]
                return sep.join(str(self.resolve(i)) for i in items)
            return {k: self.resolve(v) for k, v in value.items() if self.resolve(v) is not None}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def create(self) -> Deployed:
        resources = self.template["Resources"]
        pending = dict(resources)
        while pending:
            ready = [n for n, r in pending.items()
                     if all(d in self.made or d in self.pseudo for d in _refs(r.get("Properties", {})) | set(_list(r.get("DependsOn"))))]
            assert ready, f"cycle or unknown reference among {sorted(pending)}"
            for logical in ready:
                spec = pending.pop(logical)
                props = self.resolve(spec.get("Properties", {}))
                stack_id = f"arn:aws:cloudformation:us-east-1:000000000000:stack/{self.stack}/0"
                # The tags a stack puts on every resource that takes tags, as the engine does.
                tags = {"aws:cloudformation:stack-name": self.stack, "aws:cloudformation:stack-id": stack_id,
                        "aws:cloudformation:logical-id": logical}
                ctx = ProvisionContext(self.cumulo.runtime, "000000000000", "us-east-1", self.stack, stack_id, logical, tags)
                made = self.cumulo.run(_await(resource_types()[spec["Type"]].create(ctx, props)))
                self.made[logical] = (ctx, made, props)
        for output in self.template.get("Outputs", {}).values():
            assert self.resolve(output["Value"]) not in (None, "")
        return self

    def delete(self) -> None:
        for logical in reversed(list(self.made)):
            ctx, made, props = self.made[logical]
            kind = resource_types()[self.template["Resources"][logical]["Type"]]
            self.cumulo.run(_await(kind.delete(ctx, made.physical_id, props)))
            self.cumulo.run(_await(kind.delete(ctx, made.physical_id, props)))


def _list(value: Any) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def deploy(cumulo: CumuloServer, sample: str) -> Deployed:
    """Create every resource of the sample, in dependency order; check that each of
    the sample's types is provided and its outputs resolve."""
    template = load(sample)
    provided = resource_types()
    assert all(r["Type"] in provided for r in template["Resources"].values())
    return Deployed(cumulo, template).create()
