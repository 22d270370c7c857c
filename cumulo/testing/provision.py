"""Provision one CloudFormation resource outside any stack: for tests of a service's
`cfn.py` (the stack engine does the same with a real stack around it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cumulo.core.arns import partition
from cumulo.core.provisioning import ProvisionContext, Resource

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime


async def provision(
    runtime: Runtime,
    type_name: str,
    properties: dict[str, Any],
    *,
    account: str = "000000000000",
    region: str = "us-east-1",
    stack_name: str = "stack",
    logical_id: str = "Resource",
) -> tuple[ProvisionContext, Resource]:
    """Create one resource through its provider; returns the context to pass to its
    update, read and delete. Run it on the server's loop: `cumulo.run(provision(...))`."""
    from cumulo.services import resource_types

    stack_id = f"arn:{partition(region)}:cloudformation:{region}:{account}:stack/{stack_name}/00000000-0000-0000-0000-000000000000"
    ctx = ProvisionContext(runtime, account, region, stack_name, stack_id, logical_id)
    return ctx, await resource_types()[type_name].create(ctx, properties)
