"""Who a principal is to IAM, and the policies that apply to it: what the gateway's
`authorize` step, the simulator, STS and `resolve_access_key` ask IAM.

Everything here reads state and returns plain values (documents as text), so the
policy engine stays free of IAM's state. Lookups go through the store directly,
never through a handler: they run on every authorized request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cumulo.core.context import Principal
from cumulo.services.iam import managed
from cumulo.services.iam.models import GLOBAL, KEY_INDEX

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Store

_ENTITY = re.compile(r"^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(user|role|group|policy|assumed-role|federated-user)(/.*)?$")


@dataclass(slots=True)
class Identity:
    """The IAM side of a principal: its policies (label, document), boundary, tags."""

    account: str
    arn: str
    kind: str  # "root", "user", "role" (an assumed-role session), "federated", "unknown"
    name: str = ""
    user_id: str = ""
    policies: list[tuple[str, str]] = field(default_factory=list)
    boundary: tuple[str, str] | None = None
    tags: dict[str, str] = field(default_factory=dict)
    role_arn: str = ""  # for sessions: the role's ARN, which resource policies may name
    sessions: list[tuple[str, str]] = field(default_factory=list)  # session policies (label, document)
    # The authorize step's own preparation of this identity (cumulo.auth.authorize), kept
    # here because an identity object lives exactly as long as what it was made from.
    prepared: Any = field(default=None, compare=False, repr=False)


def _tables(store: Store, account: str, name: str) -> Any:
    return store.scope("iam", account, GLOBAL).table(name)


def policy_document(store: Store, account: str, policy_arn: str) -> str | None:
    found = _tables(store, account, "policies").get(policy_arn)
    if found is not None:
        return found.document
    if policy_arn.startswith(managed.PREFIX):
        aws = managed.get(policy_arn)
        return aws.document if aws is not None else None
    return None


def _attached(store: Store, account: str, entity: Any, out: list[tuple[str, str, str]]) -> None:
    for name, document in entity.inline.items():
        out.append((f"{entity.name}:{name}", "INLINE", document))
    for arn in entity.attached:
        document = policy_document(store, account, arn)
        if document is not None:
            out.append((arn, "MANAGED", document))


def labelled_documents_for_arn(store: Store, account: str, arn: str) -> list[tuple[str, str, str]]:
    """(label, "INLINE"|"MANAGED", document) of every identity policy of a user, group,
    role (or an assumed-role session of it), or of a managed policy itself."""
    from cumulo.generated import iam as wire

    m = _ENTITY.match(arn)
    if m is None:
        raise wire.InvalidInputExceptionError(f"ARN {arn} is not valid.")
    kind, name = m.group(3), (m.group(4) or "/").rsplit("/", 1)[-1]
    out: list[tuple[str, str, str]] = []
    if kind == "assumed-role":
        kind, name = "role", (m.group(4) or "/").split("/")[1]
    if kind == "policy":
        document = policy_document(store, account, arn)
        if document is None:
            raise wire.NoSuchEntityExceptionError(f"Policy {arn} does not exist or is not attachable.")
        return [(arn, "MANAGED", document)]
    table = {"user": "users", "group": "groups", "role": "roles"}.get(kind)
    entity = _tables(store, account, table).get(name.lower()) if table else None
    if entity is None:
        raise wire.NoSuchEntityExceptionError(f"The {kind} with name {name} cannot be found.")
    _attached(store, account, entity, out)
    if kind == "user":
        for group_name in entity.groups:
            group = _tables(store, account, "groups").get(group_name.lower())
            if group is not None:
                _attached(store, account, group, out)
    return out


def documents_for_arn(store: Store, account: str, arn: str) -> list[str]:
    return [document for _, _, document in labelled_documents_for_arn(store, account, arn)]


def identity(store: Store, principal: Principal) -> Identity:
    """What IAM knows of the principal behind a request."""
    account, arn = principal.account, principal.arn
    if arn.endswith(":root"):
        return Identity(account, arn, "root", user_id=account)
    m = _ENTITY.match(arn)
    if m is None:
        return Identity(account, arn, "unknown")
    kind, rest = m.group(3), m.group(4) or "/"
    if kind == "user":
        user = _tables(store, account, "users").get(rest.rsplit("/", 1)[-1].lower())
        if user is None:
            return Identity(account, arn, "unknown")
        found = Identity(account, arn, "user", user.name, user.id, tags=dict(user.tags))
    elif kind == "assumed-role":
        role_name = rest.split("/")[1]
        role = _tables(store, account, "roles").get(role_name.lower())
        if role is None:
            return Identity(account, arn, "unknown", role_arn=f"arn:aws:iam::{account}:role/{role_name}")
        found = Identity(account, arn, "role", role.name, role.id, tags=dict(role.tags),
                         role_arn=f"arn:aws:iam::{account}:role{role.path}{role.name}")
        user = role
    else:
        return Identity(account, arn, "federated" if kind == "federated-user" else "unknown")
    documents: list[tuple[str, str, str]] = []
    _attached(store, account, user, documents)
    if kind == "user":
        for group_name in user.groups:
            group = _tables(store, account, "groups").get(group_name.lower())
            if group is not None:
                _attached(store, account, group, documents)
    found.policies = [(label, document) for label, _, document in documents]
    if user.boundary:
        document = policy_document(store, account, user.boundary)
        if document is not None:
            found.boundary = (user.boundary, document)
    return found


def role(store: Store, role_arn: str) -> Any:
    """The role an ARN names, or None."""
    m = _ENTITY.match(role_arn)
    if m is None or m.group(3) != "role":
        return None
    return _tables(store, m.group(2), "roles").get((m.group(4) or "/").rsplit("/", 1)[-1].lower())


def resolve_access_key(runtime: Runtime, access_key: str) -> Principal | None:
    """The user behind an access key IAM issued; None for others. An inactive or
    deleted key resolves to no one (signature checks then refuse it)."""
    if not access_key.startswith("AKIA"):
        return None
    owner = runtime.store.scope("iam", *KEY_INDEX).table("access_keys").get(access_key)
    if owner is None:
        return None
    account, user_name = owner
    users = _tables(runtime.store, account, "users" if user_name else "root")
    user = users.get(user_name.lower() if user_name else "root")
    key = user.access_keys.get(access_key) if user is not None else None
    if key is None:
        return None
    if key.status != "Active":
        from cumulo.core.errors import AwsError

        raise AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", status=403)
    now = runtime.clock.now()
    if now - key.last_used >= 1.0:  # at most one write a second per key
        key.last_used = now
        users.touch(user.name.lower() if user_name else "root")
    if not user_name:
        return Principal(account, f"arn:aws:iam::{account}:root", account, access_key, key.secret)
    return Principal(account, f"arn:aws:iam::{account}:user{user.path}{user.name}", user.id, access_key, key.secret)


def record_key_use(store: Store, principal: Principal, service: str, region: str) -> None:
    """Note which service and region an IAM user's key was last used for."""
    owner = store.scope("iam", *KEY_INDEX).table("access_keys").get(principal.access_key)
    if owner is None:
        return
    users = _tables(store, owner[0], "users" if owner[1] else "root")
    user = users.get(owner[1].lower() if owner[1] else "root")
    key = user.access_keys.get(principal.access_key) if user is not None else None
    if key is not None and (key.last_service, key.last_region) != (service, region):
        key.last_service, key.last_region = service, region
        users.touch(user.name.lower() if owner[1] else "root")


def record_role_use(store: Store, role_arn: str, when: float, region: str) -> None:
    found = role(store, role_arn)
    if found is not None and when - found.last_used >= 1.0:
        found.last_used, found.last_used_region = when, region
        _tables(store, role_arn.split(":")[4], "roles").touch(found.name.lower())


def identity_policies(ctx: Any) -> Identity:
    """The `identity_policies` hook: what the authorize step needs of the request's principal,
    its session policies (`PolicyArns` resolved to documents) included. Notes, as IAM does,
    when and where an IAM user's access key and an assumed role were last used.

    Cached until IAM changes (common.table bumps the generation) or its state is reset
    (the account's scope is then a new object): a request seen before costs two dict
    lookups and a comparison. The cache entry also remembers where the key was last
    noted as used, and when the role was, so those writes happen only on a change."""
    store, principal = ctx.store, ctx.principal
    live = ctx.runtime.live
    cache = live.get("iam.identities")
    if cache is None:
        cache = live["iam.identities"] = {}
    generation = live.get("iam.generation", 0)
    scope = store.scopes.get(("iam", principal.account, GLOBAL))
    hit = cache.get((principal.arn, principal.access_key, principal.session_policy, principal.session_policy_arns))
    if hit is None or hit[0] != generation or hit[1] is not scope or scope is None:
        hit = _identify(ctx, cache, generation)
    found: Identity = hit[2]
    if hit[3] != (ctx.service, ctx.region) and principal.access_key.startswith("AKIA"):
        record_key_use(store, principal, ctx.service, ctx.region)
        hit[3] = (ctx.service, ctx.region)
    if found.kind == "role" and found.role_arn:
        now = ctx.clock.now()
        if now - hit[4] >= 1.0:
            record_role_use(store, found.role_arn, now, ctx.region)
            hit[4] = now
    return found


def _identify(ctx: Any, cache: dict[Any, list[Any]], generation: int) -> list[Any]:
    """A new cache entry: [generation, IAM scope, identity, (service, region) of the key's
    last noted use, time the role's use was last noted]."""
    store, principal = ctx.store, ctx.principal
    if len(cache) > 10_000:
        cache.clear()
    found = identity(store, principal)
    if principal.session_policy:
        found.sessions.append(("session", principal.session_policy))
    for arn in principal.session_policy_arns:
        document = policy_document(store, arn.split(":")[4] or principal.account, arn)
        found.sessions.append((arn, document or '{"Version": "2012-10-17", "Statement": []}'))
    entry = [generation, store.scope("iam", principal.account, GLOBAL), found, None, float("-inf")]
    cache[(principal.arn, principal.access_key, principal.session_policy, principal.session_policy_arns)] = entry
    return entry


def role_trust_policy(runtime: Runtime, arn: str) -> Any:
    """The `resource_policy` hook: a role's trust policy is the resource policy of
    `sts:AssumeRole` on the role's ARN. IAM's other resources have none."""
    from cumulo.services import ResourcePolicy

    found = role(runtime.store, arn)
    if found is None:
        return None
    return ResourcePolicy(found.trust_policy, arn.split(":")[4], dict(found.tags))
