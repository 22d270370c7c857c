"""KMS's timed work on the cumulo clock: deletions that fall due, automatic rotation,
imported material that expires.

One tick over every scope: a key PendingDeletion past its DeletionDate is
deleted with its aliases and grants; a multi-Region primary waiting for its
replicas (PendingReplicaDeletion) starts its own window once they are gone; a key
with rotation enabled gets new material at NextRotationDate; imported material
past its ValidTo is dropped and the key goes PendingImport.
"""

from __future__ import annotations

from cumulo.core.context import Principal, RequestContext
from cumulo.core.runtime import Runtime
from cumulo.services.kms import keys
from cumulo.services.kms.models import Key

DAY = 86400.0


def run(runtime: Runtime, now: float) -> int:
    done = 0
    for scope in runtime.store.scopes_of("kms"):
        if scope.region == "global":
            continue
        table = scope.table("keys")
        for key in list(table.values()):
            done += _one(runtime, scope.account, scope.region, key, now)
    return done


def _ctx(runtime: Runtime, account: str, region: str) -> RequestContext:
    return RequestContext("kms", "tick", account, region, "tick", runtime, Principal(account, f"arn:aws:iam::{account}:root", account))


def _one(runtime: Runtime, account: str, region: str, key: Key, now: float) -> int:
    scope = runtime.store.scope("kms", account, region)
    if key.state == "PendingDeletion" and key.deletion_date is not None and key.deletion_date <= now:
        _delete(runtime, account, region, key)
        return 1
    if key.state == "PendingReplicaDeletion" and key.primary_region == region:
        alive = [r for r in key.replica_regions if key.id in runtime.store.scope("kms", account, r).table("keys")]
        if not alive:
            key.state = "PendingDeletion"
            key.deletion_date = now + (key.pending_window or 30) * DAY
            scope.table("keys").touch(key.id)
            return 1
        return 0
    changed = 0
    if key.rotation_enabled and key.next_rotation is not None and key.next_rotation <= now and key.state == "Enabled":
        if not key.multi_region or key.primary_region == region:
            ctx = _ctx(runtime, account, region)
            keys.rotate(ctx, key, "AUTOMATIC")
            changed = 1
    expired = False
    for m in key.materials:
        if m.imported and m.valid_to is not None and m.valid_to <= now:
            m.imported = False
            expired = True
    if expired:
        if key.current() is None and key.state in ("Enabled", "Disabled"):
            key.state = "PendingImport"
        scope.table("keys").touch(key.id)
        changed = 1
    return changed


def _delete(runtime: Runtime, account: str, region: str, key: Key) -> None:
    scope = runtime.store.scope("kms", account, region)
    del scope.table("keys")[key.id]
    aliases = scope.table("aliases")
    for name in [n for n, a in aliases.items() if a.key_id == key.id]:
        del aliases[name]
    grants = scope.table("grants")
    for gid in [g for g, grant in grants.items() if grant.key_id == key.id]:
        del grants[gid]
    if key.multi_region and key.primary_region != region:
        primary = runtime.store.scope("kms", account, key.primary_region).table("keys").get(key.id)
        for member_region in [key.primary_region, *(primary.replica_regions if primary else [])]:
            member = runtime.store.scope("kms", account, member_region).table("keys").get(key.id)
            if member is not None and region in member.replica_regions:
                member.replica_regions.remove(region)
                runtime.store.scope("kms", account, member_region).table("keys").touch(key.id)
