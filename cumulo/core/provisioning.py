"""CloudFormation resource providers: the contract between the stack engine and the
services that own each resource type.

A service with CloudFormation resource types defines them in its own `cfn.py`, as
`RESOURCE_TYPES: dict[str, ResourceType]` ("AWS::SQS::Queue" -> its provider); the
registry finds them (`cumulo.services.resource_types()`). A provider makes, changes,
reads and removes its resource only through `ctx.call`, the service's own API as a
client would call it, so validation, persistence, events and metrics follow and a
resource made by a stack is the same as one made by hand (DESIGN.md sections 3 and 5).
It never touches a service's state directly.

The engine calls `create` with the resource's resolved properties (intrinsics and
dynamic references already evaluated; values as the template gives them, so numbers
may arrive as strings and booleans as "true"); `update` when properties changed and
none of `replaces` did; otherwise it creates the replacement and, in cleanup, deletes
the old one. `delete` must succeed for a resource that is already gone (a rollback
or a retried delete may meet one). Errors are raised as the service raised them
(`AwsError`); the engine writes their message into the stack's events as AWS does.

A stack's own tags go on every resource that takes tags (`ctx.tag_list`, `ctx.tag_map`).
When an update changes them, the engine calls `update` of each taggable resource, even
with its properties unchanged, and the old properties carry the old tags as `PreviousTags`
(or `PreviousTagMap`): the template's tags with the stack tags of before, which
`tag_list`/`tag_map` merge in place of the current ones. So a provider that compares old
and new tags through them re-tags the resource with no code of its own for the case.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cumulo.core.arns import partition

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

_SUFFIX_ALPHABET = string.ascii_uppercase + string.digits


@dataclass(slots=True)
class Resource:
    """What a provider reports after creating or updating: the physical id (what `Ref`
    returns) and the values `Fn::GetAtt` can read, by attribute name ("Arn",
    "QueueName", "StreamArn", ...), as AWS documents them for the type."""

    physical_id: str
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ProvisionContext:
    """Where and for whom a provider works: one resource of one stack."""

    runtime: Runtime
    account: str
    region: str
    stack_name: str
    stack_id: str
    logical_id: str
    # Tags to put on every resource that takes tags: the stack's own tags and AWS's
    # aws:cloudformation:stack-name / stack-id / logical-id.
    tags: dict[str, str] = field(default_factory=dict)
    # The resource's type as the template names it ("Custom::Thing" for a custom resource,
    # whose provider is AWS::CloudFormation::CustomResource's); "" outside a stack.
    type_name: str = ""

    async def call(self, service: str, operation: str, input: dict[str, Any]) -> dict[str, Any]:
        """The owning service's operation, run as a client in the stack's account and region."""
        assert self.runtime.dispatch is not None, "no gateway runs on this runtime"
        return await self.runtime.dispatch(service, operation, input, self.account, self.region)

    @property
    def partition(self) -> str:
        return partition(self.region)

    def arn(self, service: str, resource: str, *, region: str | None = None, account: str | None = None) -> str:
        region = self.region if region is None else region
        account = self.account if account is None else account
        return f"arn:{self.partition}:{service}:{region}:{account}:{resource}"

    def physical_name(self, max_length: int = 255, *, lowercase: bool = False, suffix: str = "") -> str:
        """The name AWS gives a resource whose template names none:
        `<stack name>-<logical id>-<12 random characters>`, the first two parts trimmed
        so the whole fits `max_length` (and `suffix`, e.g. ".fifo", still fits)."""
        tail = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(12))
        room = max_length - len(tail) - len(suffix) - 2
        stack, logical = self.stack_name, self.logical_id
        if len(stack) + len(logical) > room:
            # AWS keeps more of the stack name than of the logical id, roughly 3:2.
            stack = stack[: max(1, room * 3 // 5)]
            logical = logical[: max(1, room - len(stack))]
        name = f"{stack}-{logical}-{tail}{suffix}"
        return name.lower() if lowercase else name

    def tag_list(self, template_tags: list[dict[str, str]] | dict[str, str] | None = None) -> list[dict[str, str]]:
        """The template's `Tags` ([{Key, Value}]) with the stack's tags added, as most
        services take them."""
        return [{"Key": k, "Value": v} for k, v in self.tag_map(template_tags).items()]

    def tag_map(self, template_tags: list[dict[str, str]] | dict[str, str] | None = None) -> dict[str, str]:
        """The same as `tag_list`, as a map (SQS, Lambda and others take a map)."""
        # Old properties of an update that changed the stack's tags carry the stack tags of before.
        merged = dict(template_tags.stack_tags) if isinstance(template_tags, (PreviousTags, PreviousTagMap)) else dict(self.tags)
        if isinstance(template_tags, dict):
            merged.update(template_tags)
        else:
            merged.update({t["Key"]: t["Value"] for t in template_tags or []})
        return merged


class PreviousTags(list[Any]):
    """A resource's old template `Tags` ([{Key, Value}]) together with the stack tags it was
    given then (`stack_tags`); equal only to the same tags under the same stack tags."""

    def __init__(self, template_tags: Any = (), stack_tags: dict[str, str] | None = None) -> None:
        super().__init__(template_tags or [])
        self.stack_tags = dict(stack_tags or {})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PreviousTags) and list.__eq__(self, other) and self.stack_tags == other.stack_tags

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]


class PreviousTagMap(dict[str, Any]):
    """The same for a type whose tags are a map ({key: value}, e.g. AWS::SSM::Parameter)."""

    def __init__(self, template_tags: Any = None, stack_tags: dict[str, str] | None = None) -> None:
        super().__init__(template_tags or {})
        self.stack_tags = dict(stack_tags or {})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PreviousTagMap) and dict.__eq__(self, other) and self.stack_tags == other.stack_tags

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]


def with_previous_tags(old: dict[str, Any], tag_property: str, stack_tags: dict[str, str], as_map: bool) -> dict[str, Any]:
    """`old` properties whose `tag_property` carries the stack tags the resource had."""
    kind = PreviousTagMap if as_map else PreviousTags
    return {**old, tag_property: kind(old.get(tag_property), stack_tags)}


Create = Callable[[ProvisionContext, dict[str, Any]], Awaitable[Resource]]
# (ctx, physical id, new properties, old properties) -> the resource after the change.
Update = Callable[[ProvisionContext, str, dict[str, Any], dict[str, Any]], Awaitable[Resource]]
# (ctx, physical id, properties)
Delete = Callable[[ProvisionContext, str, dict[str, Any]], Awaitable[None]]
# (ctx, physical id, properties) -> the resource's current properties, in template shape,
# for the ones the provider can read back (drift detection compares these).
Read = Callable[[ProvisionContext, str, dict[str, Any]], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class ResourceType:
    """One CloudFormation resource type's provider."""

    create: Create
    delete: Delete
    # None: every property change replaces the resource.
    update: Update | None = None
    # Properties whose change needs a new resource (AWS's "Update requires: Replacement").
    replaces: frozenset[str] = frozenset()
    read: Read | None = None


def boolean(value: Any) -> bool:
    """A template boolean: true, "true" or "True" (templates often quote them)."""
    return value is True or (isinstance(value, str) and value.lower() == "true")
