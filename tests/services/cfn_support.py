"""Driving one CloudFormation provider outside any stack, for the services' test_cfn.py files:
create, update, read and delete on the live server's loop (cumulo.testing.provision)."""

from __future__ import annotations

from typing import Any

from cumulo.core.provisioning import ProvisionContext, Resource
from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision


def make(cumulo: CumuloServer, type_name: str, props: dict[str, Any], logical_id: str = "Resource") -> tuple[ProvisionContext, Resource]:
    return cumulo.run(provision(cumulo.runtime, type_name, props, logical_id=logical_id))


# What the stack engine puts on every resource that takes tags: AWS's own and the stack's.
STACK_TAGS = {"aws:cloudformation:stack-name": "stack", "aws:cloudformation:logical-id": "Resource",
              "aws:cloudformation:stack-id": "arn:aws:cloudformation:us-east-1:000000000000:stack/stack/00000000-0000-0000-0000-000000000000",
              "env": "prod"}


def make_in_stack(cumulo: CumuloServer, type_name: str, props: dict[str, Any]) -> tuple[ProvisionContext, Resource]:
    """Create as a stack does, with the stack's tags (aws:cloudformation:* and the stack's own) to propagate."""
    ctx = ProvisionContext(cumulo.runtime, "000000000000", "us-east-1", "stack", STACK_TAGS["aws:cloudformation:stack-id"], "Resource", dict(STACK_TAGS))

    async def run() -> Resource:
        return await resource_types()[type_name].create(ctx, props)

    return ctx, cumulo.run(run())


def _pid(made: Resource | str) -> str:
    return made if isinstance(made, str) else made.physical_id


def update(cumulo: CumuloServer, type_name: str, ctx: ProvisionContext, made: Resource | str, new: dict[str, Any], old: dict[str, Any]) -> Resource:
    fn = resource_types()[type_name].update
    assert fn is not None, f"{type_name} replaces on every change"

    async def run() -> Resource:
        assert fn is not None
        return await fn(ctx, _pid(made), new, old)

    return cumulo.run(run())


def read(cumulo: CumuloServer, type_name: str, ctx: ProvisionContext, made: Resource | str, props: dict[str, Any]) -> dict[str, Any]:
    fn = resource_types()[type_name].read
    assert fn is not None, f"{type_name} has no read"

    async def run() -> dict[str, Any]:
        assert fn is not None
        return await fn(ctx, _pid(made), props)

    return cumulo.run(run())


def delete_twice(cumulo: CumuloServer, type_name: str, ctx: ProvisionContext, made: Resource | str, props: dict[str, Any]) -> None:
    """Delete, then delete again: the second finds it gone, which is no error."""

    async def run() -> None:
        await resource_types()[type_name].delete(ctx, _pid(made), props)

    for _ in range(2):
        cumulo.run(run())


def replaces(type_name: str) -> frozenset[str]:
    return resource_types()[type_name].replaces
