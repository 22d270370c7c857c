"""The `resource_policy` hook: a table's or stream's resource-based policy
(PutResourcePolicy), owner, tags and partition key, for the gateway's authorize
step (CUMULO_ENFORCE_IAM; DESIGN.md section 14).

A table's policy governs the table and its indexes (`table/T/index/I`); a stream
has its own (`table/T/stream/L`), as on AWS
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html).
The partition key's name is handed on for `dynamodb:LeadingKeys`. Reads state only.

It runs on every authorized request, so the answer is remembered per ARN with what
it was made from (the scope, the table and policy objects: a put replaces the policy
object, a reset the scope; tags are the table's own dict, read live) and checked
against those with three lookups.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.runtime import Runtime
from cumulo.services import ResourcePolicy


def table_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    cache: dict[str, Any] | None = runtime.live.get("dynamodb.resource_policies")
    hit = cache.get(arn) if cache is not None else None
    if hit is not None:
        scope, tables, name, policies, governing, table, policy, found = hit
        if tables.rows.get(name) is table and policies.rows.get(governing) is policy and \
                runtime.store.scopes.get(scope.key) is scope:
            return found  # type: ignore[no-any-return]
    return _made(runtime, arn)


def _made(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("table/"):
        return None
    region, account, resource = parts[3], parts[4], parts[5]
    name, _, rest = resource[len("table/"):].partition("/")
    scope = runtime.store.scope("dynamodb", account, region)
    tables, policies = scope.table("tables"), scope.table("policies")
    table = tables.get(name)
    if table is None:
        return None
    governing = arn if not rest or rest.startswith("stream/") else arn[: -len(rest) - 1]  # an index: its table's
    policy = policies.get(governing)
    found = ResourcePolicy(policy.text if policy is not None else "", table.account, table.tags, {"partition_key": table.hash_key})
    cache = runtime.live.get("dynamodb.resource_policies")
    if cache is None or len(cache) > 10_000:
        cache = runtime.live["dynamodb.resource_policies"] = {}
    cache[arn] = (scope, tables, name, policies, governing, table, policy, found)
    return found
