"""The `resource_policy` hook: a table's or stream's resource-based policy
(PutResourcePolicy), owner, tags and partition key, for the gateway's authorize
step (CUMULO_ENFORCE_IAM; DESIGN.md section 14).

A table's policy governs the table and its indexes (`table/T/index/I`); a stream
has its own (`table/T/stream/L`), as on AWS
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html).
The partition key's name is handed on for `dynamodb:LeadingKeys`. Reads state only.
"""

from __future__ import annotations

from cumulo.core.runtime import Runtime
from cumulo.services import ResourcePolicy


def table_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("table/"):
        return None
    region, account, resource = parts[3], parts[4], parts[5]
    name, _, rest = resource[len("table/"):].partition("/")
    scope = runtime.store.scope("dynamodb", account, region)
    table = scope.table("tables").get(name)
    if table is None:
        return None
    governing = arn if not rest or rest.startswith("stream/") else arn[: -len(rest) - 1]  # an index: its table's
    policy = scope.table("policies").get(governing)
    # Made once per table and policy object (a put replaces the policy object; tags are
    # the table's own dict, read live): this runs on every authorized request.
    cache = runtime.live.get("dynamodb.resource_policies")
    if cache is None:
        cache = runtime.live["dynamodb.resource_policies"] = {}
    hit = cache.get(arn)
    if hit is not None and hit[0] is table and hit[1] is policy:
        return hit[2]  # type: ignore[no-any-return]
    found = ResourcePolicy(policy.text if policy is not None else "", table.account, table.tags, {"partition_key": table.hash_key})
    if len(cache) > 10_000:
        cache.clear()
    cache[arn] = (table, policy, found)
    return found
