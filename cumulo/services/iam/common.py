"""What every IAM handler shares: the account's tables, ids, ARNs, paging, tags,
policy document checks and the shapes entities are answered in.

Lists are ordered by name (case-insensitively, as AWS orders them) and paged with
`Marker`/`MaxItems`: the marker is the name of the next item to return, so a page
stays right when entities are added or removed between calls.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any, TypeVar
from urllib.parse import quote

from cumulo.core.context import RequestContext
from cumulo.engines import policy as engine
from cumulo.generated import iam as wire
from cumulo.services.iam.models import GLOBAL, Account, ManagedPolicy
from cumulo.state import Table

T = TypeVar("T")
# AWS's quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)
MAX_ACCESS_KEYS = 2
MAX_POLICY_VERSIONS = 5
MAX_ATTACHED = 10  # managed policies per user, group or role
MAX_TAGS = 50
MAX_SSH_KEYS = 5
MAX_SIGNING_CERTS = 2
MAX_GROUPS_PER_USER = 10
MAX_SERVICE_CREDENTIALS = 2
MAX_ALIASES = 1
INLINE_SIZE = {"user": 2048, "role": 10240, "group": 5120}
MANAGED_SIZE = 6144


_READS = ("Get", "List", "Simulate", "Generate")


def table(ctx: RequestContext, name: str) -> Table:
    if not ctx.operation.startswith(_READS):
        # Anything that may change IAM invalidates the identities the authorize step cached.
        live = ctx.runtime.live
        live["iam.generation"] = live.get("iam.generation", 0) + 1
    return ctx.store.scope("iam", ctx.account, GLOBAL).table(name)


def account(ctx: RequestContext) -> Account:
    settings = table(ctx, "account")
    found = settings.get("account")
    if found is None:
        found = Account()
    return found


def save_account(ctx: RequestContext, acct: Account) -> None:
    table(ctx, "account")["account"] = acct


def new_id(prefix: str) -> str:
    """An IAM unique id: four letters naming the kind (AIDA user, AROA role, AGPA group,
    ANPA policy, AIPA instance profile, ASCA certificate) and 17 more, 21 in all."""
    return prefix + base64.b32encode(secrets.token_bytes(11)).decode()[:17]


def arn(ctx: RequestContext, kind: str, path: str, name: str) -> str:
    return f"arn:aws:iam::{ctx.account}:{kind}{path}{name}"


def utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc)


def now(ctx: RequestContext) -> float:
    return ctx.clock.now()


def encoded(document: str) -> str:
    """Policy documents leave IAM URL-encoded (botocore decodes them back)."""
    return quote(document, safe="")


def no_such(kind: str, name: str) -> wire.NoSuchEntityExceptionError:
    return wire.NoSuchEntityExceptionError(f"The {kind} with name {name} cannot be found.")


def exists(kind: str, name: str) -> wire.EntityAlreadyExistsExceptionError:
    return wire.EntityAlreadyExistsExceptionError(f"{kind} with name {name} already exists.")


def get(tbl: Table, name: str, kind: str) -> Any:
    found = tbl.get(name)
    if found is None:
        raise no_such(kind, name)
    return found


def get_by_name(tbl: Table, name: str, kind: str) -> Any:
    """Users, groups, roles and profiles are named case-insensitively but kept as given."""
    found = tbl.get(name.lower())
    if found is None:
        raise no_such(kind, name)
    return found


# ---------------------------------------------------------------- paging


def page(ctx: RequestContext, req: Any, items: Iterable[T], key: Callable[[T], str], member: str,
         render: Callable[[T], Any]) -> dict[str, Any]:
    """One page of `items`, sorted by `key`, from `Marker`, at most `MaxItems` (default 100)."""
    ordered = sorted(items, key=lambda item: key(item).lower())
    marker = req.get("Marker")
    start = 0
    if marker:
        try:
            after = base64.urlsafe_b64decode(marker.encode()).decode()
        except (ValueError, UnicodeDecodeError):
            raise wire.InvalidInputExceptionError("Invalid Marker.") from None
        start = next((i for i, item in enumerate(ordered) if key(item).lower() >= after), len(ordered))
    limit = req.get("MaxItems") or 100
    chosen = ordered[start:start + limit]
    out: dict[str, Any] = {member: [render(item) for item in chosen], "IsTruncated": start + limit < len(ordered)}
    if out["IsTruncated"]:
        out["Marker"] = base64.urlsafe_b64encode(key(ordered[start + limit]).lower().encode()).decode()
    return out


def under(path_prefix: str | None, path: str) -> bool:
    return not path_prefix or path.startswith(path_prefix)


# ---------------------------------------------------------------- tags


def tag_list(tags: dict[str, str]) -> list[wire.Tag]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def add_tags(tags: dict[str, str], new: list[wire.Tag] | None) -> None:
    for tag in new or []:
        if tag["Key"].lower().startswith("aws:"):
            raise wire.InvalidInputExceptionError("Tag keys starting with 'aws:' are reserved for AWS use.")
        # Tag keys are case-insensitive: a new spelling replaces the old one.
        for existing in [k for k in tags if k.lower() == tag["Key"].lower()]:
            del tags[existing]
        tags[tag["Key"]] = tag["Value"]
    if len(tags) > MAX_TAGS:
        raise wire.LimitExceededExceptionError(f"The number of tags has reached the maximum limit of {MAX_TAGS}.")


def remove_tags(tags: dict[str, str], keys: list[str]) -> None:
    lowered = {k.lower() for k in keys}
    for existing in [k for k in tags if k.lower() in lowered]:
        del tags[existing]


# ---------------------------------------------------------------- policy documents


def check_document(document: str, *, kind: str = "identity", limit: int = MANAGED_SIZE) -> str:
    """Refuse a document IAM would refuse, with IAM's words; the text to keep."""
    stripped = re.sub(r"\s", "", document)
    if len(stripped) > limit:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for PolicySize: {limit}")
    try:
        engine.parse(document, kind=kind)
    except engine.PolicyError as error:
        raise wire.MalformedPolicyDocumentExceptionError(str(error)) from None
    return document


def check_path(path: str | None) -> str:
    path = path or "/"
    if not (path.startswith("/") and path.endswith("/")):
        raise wire.InvalidInputExceptionError("The specified value for path is invalid. It must begin and end with / "
                                              "and contain only alphanumeric characters and/or / characters.")
    return path


def boundary(arn_: str) -> wire.AttachedPermissionsBoundary:
    return {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": arn_}


def policy_name_of(policy_arn: str) -> str:
    return policy_arn.rsplit("/", 1)[-1]


def loads(document: str) -> Any:
    return json.loads(document)


# ---------------------------------------------------------------- managed policies by ARN


def find_policy(ctx: RequestContext, policy_arn: str) -> ManagedPolicy:
    """A customer managed policy of this account, or an AWS managed one (with this
    account's attachment counts); NoSuchEntity otherwise."""
    from cumulo.services.iam import managed

    found = table(ctx, "policies").get(policy_arn)
    if found is not None:
        return found
    if policy_arn.startswith(managed.PREFIX):
        aws = managed.get(policy_arn)
        if aws is not None:
            counts = table(ctx, "aws_attachments").get(policy_arn, (0, 0))
            aws.attachments, aws.boundary_uses = counts
            return aws
    raise wire.NoSuchEntityExceptionError(f"Policy {policy_arn} does not exist or is not attachable.")


def count_use(ctx: RequestContext, policy: ManagedPolicy, attachments: int = 0, boundaries: int = 0) -> None:
    policy.attachments += attachments
    policy.boundary_uses += boundaries
    if policy.arn.startswith("arn:aws:iam::aws:"):
        table(ctx, "aws_attachments")[policy.arn] = (policy.attachments, policy.boundary_uses)
    else:
        table(ctx, "policies")[policy.arn] = policy


def attach(ctx: RequestContext, attached: list[str], policy_arn: str) -> bool:
    """Attach once (attaching again is a no-op, as on AWS); False when it already was."""
    policy = find_policy(ctx, policy_arn)
    if policy_arn in attached:
        return False
    if len(attached) >= MAX_ATTACHED:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for PoliciesPerUser: {MAX_ATTACHED}")
    attached.append(policy_arn)
    count_use(ctx, policy, attachments=1)
    return True


def detach(ctx: RequestContext, attached: list[str], policy_arn: str) -> None:
    if policy_arn not in attached:
        raise wire.NoSuchEntityExceptionError(f"Policy {policy_arn} was not found.")
    attached.remove(policy_arn)
    count_use(ctx, find_policy(ctx, policy_arn), attachments=-1)


def set_boundary(ctx: RequestContext, entity: Any, policy_arn: str) -> None:
    policy = find_policy(ctx, policy_arn)
    if entity.boundary:
        count_use(ctx, find_policy(ctx, entity.boundary), boundaries=-1)
    entity.boundary = policy_arn
    count_use(ctx, policy, boundaries=1)


def clear_boundary(ctx: RequestContext, entity: Any) -> None:
    if entity.boundary:
        try:
            count_use(ctx, find_policy(ctx, entity.boundary), boundaries=-1)
        except wire.NoSuchEntityExceptionError:
            pass
        entity.boundary = ""


def attached_view(attached: list[str]) -> list[wire.AttachedPolicy]:
    return [{"PolicyName": policy_name_of(a), "PolicyArn": a} for a in attached]

