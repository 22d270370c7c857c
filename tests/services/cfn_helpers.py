"""Driving one CloudFormation provider directly in a test: create, update, delete
(twice, as a retried delete would), on the live server's loop."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from cumulo.core.provisioning import ProvisionContext, Resource
from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision

T = TypeVar("T")


async def _await(step: Awaitable[T]) -> T:
    return await step


def make(cumulo: CumuloServer, type_name: str, props: dict[str, Any], logical_id: str = "Resource") -> tuple[ProvisionContext, Resource]:
    ctx, made = cumulo.run(provision(cumulo.runtime, type_name, props, logical_id=logical_id))
    return ctx, made


def update(cumulo: CumuloServer, type_name: str, ctx: ProvisionContext, pid: str, new: dict[str, Any], old: dict[str, Any]) -> Resource:
    provider = resource_types()[type_name].update
    assert provider is not None
    made: Resource = cumulo.run(_await(provider(ctx, pid, new, old)))
    return made


def read(cumulo: CumuloServer, type_name: str, ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> dict[str, Any]:
    provider = resource_types()[type_name].read
    assert provider is not None
    current: dict[str, Any] = cumulo.run(_await(provider(ctx, pid, props)))
    return current


def delete(cumulo: CumuloServer, type_name: str, ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    provider = resource_types()[type_name].delete
    cumulo.run(_await(provider(ctx, pid, props)))
    cumulo.run(_await(provider(ctx, pid, props)))  # already gone: no error
