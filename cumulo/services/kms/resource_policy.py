"""A KMS key's policy for the gateway's authorize step (CUMULO_ENFORCE_IAM, DESIGN.md section 14).

`key_policy(runtime, arn)`: the key policy (and tags, for aws:ResourceTag) of the
key an ARN names, `key/<id>` or `alias/<name>` (an alias stands for its key); None
when there is no such key. Reads state only.
"""

from __future__ import annotations

from cumulo.core.runtime import Runtime
from cumulo.services import ResourcePolicy


def key_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "kms":
        return None
    region, account, resource = parts[3], parts[4], parts[5]
    scope = runtime.store.scope("kms", account, region)
    kind, _, name = resource.partition("/")
    if kind == "alias":
        alias = scope.table("aliases").get(resource)
        name = alias.key_id if alias is not None else ""
    elif kind != "key":
        return None
    key = scope.table("keys").get(name)
    if key is None:
        return None
    return ResourcePolicy(key.policy, key.account, dict(key.tags))
