"""CloudFormation introspection endpoints, under /_cumulo/ (and /_fakecloud/):

- `GET cloudformation/stacks`: every stack of every account and region (deleted ones
  included), with its status, the operation running, and each resource's type,
  physical id and status.
- `GET cloudformation/stacks/{name}/events`: one stack's events, oldest first
  (`?account=&region=` for another scope; `name` may be a stack id).
- `GET cloudformation/resource-types`: the resource types cumulo provides, with
  whether each can be updated in place, read back (drift) and which properties replace it.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.cloudformation.stacks import events_of, find


def list_stacks(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for sc in runtime.store.scopes_of("cloudformation"):
        for s in sc.table("stacks").values():
            out.append({
                "account": sc.account, "region": sc.region, "stackId": s.stack_id, "stackName": s.name, "status": s.status,
                "statusReason": s.reason, "operation": s.operation, "parentId": s.parent_id,
                "resources": [{"logicalId": r.logical_id, "type": r.type, "physicalId": r.physical_id, "status": r.status}
                              for r in s.resources.values()],
            })
    return {"stacks": out}


def stack_events(runtime: Runtime, request: Request, name: str) -> dict[str, Any]:
    params = dict(request.query_params)
    account, region = params.get("account", "000000000000"), params.get("region", "us-east-1")
    stack = find(runtime, account, region, name, deleted=True)
    if stack is None:
        return {"events": [], "error": f"Stack with id {name} does not exist"}
    return {"stackId": stack.stack_id, "events": [
        {"timestamp": e.timestamp, "logicalId": e.logical_id, "physicalId": e.physical_id, "type": e.type,
         "status": e.status, "reason": e.reason} for e in events_of(runtime, account, region, stack.stack_id)]}


def resource_types(runtime: Runtime, request: Request) -> dict[str, Any]:
    from cumulo.services import resource_types as provided

    return {"resourceTypes": [
        {"type": name, "updatable": t.update is not None, "readable": t.read is not None, "replacedBy": sorted(t.replaces)}
        for name, t in sorted(provided().items())]}
