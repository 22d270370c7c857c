"""The `resource_policy` hook: a queue's `Policy` attribute, owner and tags, for the
gateway's authorize step (CUMULO_ENFORCE_IAM)."""

from __future__ import annotations

from cumulo.core.runtime import Runtime
from cumulo.services import ResourcePolicy
from cumulo.services.sqs.delivery import queues


def queue_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    parts = arn.split(":")
    if len(parts) != 6:
        return None
    queue = queues(runtime.store, parts[4], parts[3]).get(parts[5])
    if queue is None:
        return None
    return ResourcePolicy(queue.attributes.get("Policy", ""), queue.account, dict(queue.tags))
