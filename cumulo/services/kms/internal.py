"""KMS introspection: `GET /_cumulo/kms/keys`, every key of every account and region
with its spec, state, usage, materials and how often each operation used it
since the server started (usage counts are live, not persisted).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime


def list_keys(runtime: Runtime, request: Request) -> dict[str, Any]:
    usage = runtime.live.get("kms-usage", {})
    out = []
    for scope in runtime.store.scopes_of("kms"):
        if scope.region == "global":
            continue
        aliases: dict[str, list[str]] = {}
        for alias in scope.table("aliases").values():
            aliases.setdefault(alias.key_id, []).append(alias.name)
        for key in scope.table("keys").values():
            out.append(
                {
                    "keyId": key.id,
                    "arn": key.arn,
                    "account": key.account,
                    "region": key.region,
                    "keySpec": key.spec,
                    "keyUsage": key.usage,
                    "keyState": key.state,
                    "keyManager": key.manager,
                    "origin": key.origin,
                    "multiRegion": key.multi_region,
                    "aliases": sorted(aliases.get(key.id, [])),
                    "materials": [{"id": m.id, "state": m.state, "rotationType": m.rotation_type or None} for m in key.materials],
                    "rotationEnabled": key.rotation_enabled,
                    "deletionDate": key.deletion_date,
                    "usage": dict(usage.get(key.arn, {})),
                }
            )
    return {"keys": out}
