"""What a handler is given besides its input: who is calling, where, and the state.

Handlers take `(ctx, req)`. `ctx.scope` is the calling service's state in the
caller's account and region; `ctx.scope_for()` reaches another account or region
of the same service (cross-region SNS->SQS, for example).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cumulo.core.arns import arn, partition
from cumulo.core.clock import Clock
from cumulo.core.http import Request

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope, Store


@dataclass(slots=True)
class Principal:
    """The identity behind an access key."""

    account: str
    arn: str
    user_id: str
    access_key: str = ""
    # The key's secret, for signature checks: from its issuer (STS) or the configured
    # long-term keys; "" when unknown.
    secret_key: str = ""
    # A session's own limits and tags (STS AssumeRole `Policy`, `PolicyArns`, `Tags`),
    # which the authorize step intersects with the identity's policies.
    session_policy: str = ""
    session_policy_arns: tuple[str, ...] = ()
    session_tags: dict[str, str] | None = None


@dataclass(slots=True)
class RequestContext:
    service: str
    operation: str
    account: str
    region: str
    request_id: str
    runtime: Runtime
    principal: Principal
    # The HTTP request; None for internal calls (services.call, background ticks).
    request: Request | None = None
    # Free-form notes steps and handlers leave for later steps (e.g. extra response headers).
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def partition(self) -> str:
        """The partition of the request's region (`aws`, `aws-cn`, `aws-us-gov`...), for ARNs."""
        return partition(self.region)

    def arn(self, resource: str, *, service: str | None = None, region: str | None = None, account: str | None = None) -> str:
        """An ARN of this request's partition: the service, region and account default to the request's;
        pass `region=""` (and `account=""`) for global resources (`arn:aws:s3:::bucket`)."""
        return arn(service or self.service, self.region if region is None else region,
                   self.account if account is None else account, resource, home=self.region)

    @property
    def store(self) -> Store:
        return self.runtime.store

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    @property
    def scope(self) -> Scope:
        return self.store.scope(self.service, self.account, self.region)

    def scope_for(self, account: str | None = None, region: str | None = None) -> Scope:
        return self.store.scope(self.service, account or self.account, region or self.region)
