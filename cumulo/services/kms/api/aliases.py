"""KMS aliases: CreateAlias, DeleteAlias, ListAliases, UpdateAlias.

`alias/aws/` names belong to AWS managed keys (made on first use, see
`keys.managed_key`); an alias points at a customer managed key of the same
account and region, never at another alias.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import keys
from cumulo.services.kms.keys import ALIAS_NAME, aliases_of, find, utc
from cumulo.services.kms.models import Alias, Key


def create_alias(ctx: RequestContext, req: wire.CreateAliasRequest) -> dict[str, Any]:
    name = _name(req["AliasName"])
    table = aliases_of(ctx.scope)
    if name in table:
        raise wire.AlreadyExistsExceptionError(f"An alias with the name {_arn(ctx, name)} already exists")
    key = _target(ctx, req["TargetKeyId"])
    if len([a for a in table.values() if a.key_id == key.id]) >= 50:
        raise wire.LimitExceededExceptionError("A KMS key can have at most 50 aliases.")
    now = ctx.clock.now()
    table[name] = Alias(name, key.id, now, now)
    return {}


def delete_alias(ctx: RequestContext, req: wire.DeleteAliasRequest) -> dict[str, Any]:
    name = req["AliasName"]
    if name.startswith("alias/aws/"):
        raise wire.InvalidAliasNameExceptionError(f"Alias {name} belongs to an AWS managed key and cannot be deleted.")
    table = aliases_of(ctx.scope)
    if name not in table:
        raise wire.NotFoundExceptionError(f"Alias {_arn(ctx, name)} is not found.")
    del table[name]
    return {}


def list_aliases(ctx: RequestContext, req: wire.ListAliasesRequest) -> wire.ListAliasesResponse:
    key_id = None
    if "KeyId" in req:
        key_id = find(ctx, req["KeyId"], aliases=False).id
    rows: list[wire.AliasListEntry] = []
    for alias in sorted(aliases_of(ctx.scope).values(), key=lambda a: a.name):
        if key_id is not None and alias.key_id != key_id:
            continue
        rows.append(
            {
                "AliasName": alias.name,
                "AliasArn": _arn(ctx, alias.name),
                "TargetKeyId": alias.key_id,
                "CreationDate": utc(alias.created),
                "LastUpdatedDate": utc(alias.updated),
            }
        )
    chunk, more = keys.page(rows, req.get("Limit"), req.get("Marker"))
    return {"Aliases": chunk, **more}  # type: ignore[typeddict-item]


def update_alias(ctx: RequestContext, req: wire.UpdateAliasRequest) -> dict[str, Any]:
    name = req["AliasName"]
    if name.startswith("alias/aws/"):
        raise AwsError("ValidationException", f"Alias {name} belongs to an AWS managed key and cannot be changed.")
    table = aliases_of(ctx.scope)
    alias: Alias | None = table.get(name)
    if alias is None:
        raise wire.NotFoundExceptionError(f"Alias {_arn(ctx, name)} is not found.")
    new = _target(ctx, req["TargetKeyId"])
    old = keys.keys_of(ctx.scope).get(alias.key_id)
    if old is not None and (old.usage != new.usage or (old.spec == "SYMMETRIC_DEFAULT") != (new.spec == "SYMMETRIC_DEFAULT")):
        raise AwsError("ValidationException", f"{new.arn} key usage or type differs from the alias's current key {old.arn}: an alias can only move to a key of the same type and usage.")
    alias.key_id = new.id
    alias.updated = ctx.clock.now()
    table.touch(name)
    return {}


def _name(name: str) -> str:
    if not name.startswith("alias/"):
        # AWS answers a name without the prefix with ValidationException, in these words.
        raise AwsError("ValidationException", 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html')
    if not ALIAS_NAME.match(name):
        raise wire.InvalidAliasNameExceptionError(f"Alias {name} contains characters that are not valid in an alias name.")
    if name.startswith("alias/aws/"):
        raise wire.InvalidAliasNameExceptionError(f"Alias {name} cannot begin with alias/aws/: that prefix is reserved for AWS managed keys.")
    return name


def _target(ctx: RequestContext, target: str) -> Key:
    if target.startswith("alias/") or ":alias/" in target:
        raise AwsError("ValidationException", "Aliases must refer to keys. Not aliases")
    key = find(ctx, target, aliases=False)
    if key.account != ctx.account:
        raise wire.NotFoundExceptionError(f"Key '{key.arn}' does not exist")
    if key.manager == "AWS":
        raise AwsError("ValidationException", f"{key.arn} is an AWS managed key: aliases can only point at customer managed keys.")
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        keys.require_state(key, "CreateAlias")
    return key


def _arn(ctx: RequestContext, name: str) -> str:
    return f"arn:{keys.partition(ctx.region)}:kms:{ctx.region}:{ctx.account}:{name}"
